using Nitrolyte.Core;

namespace Nitrolyte.Diffraction.Refinement;

/// <summary>One pattern of a series: the pattern, how to refine it, and its abscissa (temperature, time; null = the index).</summary>
public sealed record SeriesInput(MeasuredPattern Pattern, RefinementOptions Options, double? Value);

/// <summary>The refinement of one pattern of a series and the observed peaks none of its refined phases explains.</summary>
public sealed record SeriesStep(int Index, string Source, double? Value, PowderRefinementResult Result, IReadOnlyList<double> UnexplainedPeaksDeg);

/// <summary>
/// A peak not explained by the refined phases, followed over the series: its mean position, the first pattern in
/// which the peak search found it, in how many it was found, and in every pattern the net area of the residual
/// Σ(y_o − y_c)·Δ2θ over ±max(tolerance, FWHM) around it (counts·deg) with its s.u. √Σesd²·Δ2θ, so that its growth
/// can be read even before it is strong enough to be found.
/// </summary>
public sealed record TrackedPeak(double TwoThetaDeg, int FirstDetectedIndex, int DetectedCount, double[] NetArea, double[] NetAreaStdErr);

public sealed record SeriesResult(IReadOnlyList<SeriesStep> Steps, IReadOnlyList<TrackedPeak> NewPeaks, IReadOnlyList<string> Notes);

/// <summary>
/// Sequential refinement of a series of patterns (temperature ramps, air exposure, operando) with warm starts: each
/// pattern starts from the previous one's refined cell, occupancies, Biso, profile, zero and displacement. After each
/// refinement the observed peaks (PeakSearch) farther than the tolerance from every Kα1/Kα2 position of a reflection
/// of the refined phases (area ≥ 10⁻³ of the strongest) are "new"; new peaks of all patterns are grouped by position
/// (within the tolerance) and their residual net area followed through the whole series (<see cref="TrackedPeak"/>).
/// </summary>
public static class SeriesRefinement
{
    public sealed record Options
    {
        public double NewPeakToleranceDeg { get; init; } = 0.1;
        public PeakSearch.PeakSearchOptions? PeakSearch { get; init; }
        /// <summary>Most tracked peaks reported (largest residual area first).</summary>
        public int MaxTrackedPeaks { get; init; } = 20;
    }

    public static SeriesResult Refine(IReadOnlyList<SeriesInput> items, IReadOnlyList<RefinementPhase> phases, Options? so = null, Action<int, SeriesStep>? progress = null)
    {
        so ??= new Options();
        if (items.Count == 0) throw new NitrolyteInputException("an empty series");
        var steps = new List<SeriesStep>();
        var notes = new List<string>();
        IReadOnlyList<RefinementPhase> current = phases;
        PowderRefinementResult? prev = null;
        for (int k = 0; k < items.Count; k++)
        {
            var it = items[k];
            var opt = it.Options;
            if (prev is not null)
            {
                opt = opt with
                {
                    StartProfile = prev.Profile,
                    StartZeroDeg = opt.RefineZero ? prev.ZeroShiftDeg : opt.StartZeroDeg,
                    StartDisplacementDeg = opt.RefineDisplacement ? prev.DisplacementDeg : opt.StartDisplacementDeg,
                    StartBisoBySite = prev.Phases.SelectMany(ph => ph.Biso).GroupBy(b => b.Site).ToDictionary(g => g.Key, g => g.First().ValueA2),
                };
                if (!opt.RefinedProfile.Any()) opt = opt with { StartProfile = it.Options.StartProfile };
            }
            var r = PowderRefinement.Refine(it.Pattern, current, opt);
            var unexplained = Unexplained(it.Pattern, r, opt, so);
            var step = new SeriesStep(k, it.Pattern.Source, it.Value, r, unexplained);
            steps.Add(step);
            progress?.Invoke(k, step);
            prev = r;
            current = r.Phases.Select((ph, i) => new RefinementPhase(ph.Name, ph.Refined) { Operations = current[i].Operations, AsymmetricUnit = current[i].AsymmetricUnit }).ToList();
        }
        notes.Add($"warm starts: each of the {items.Count} patterns started from the previous refined cell, occupancies, Biso, profile{(items[0].Options.RefineZero ? ", zero" : "")}{(items[0].Options.RefineDisplacement ? ", displacement" : "")}");
        var tracked = Track(items, steps, so);
        return new SeriesResult(steps, tracked, notes);
    }

    /// <summary>Observed peaks (within the refined range) farther than the tolerance from every significant reflection (Kα1 and Kα2).</summary>
    internal static List<double> Unexplained(MeasuredPattern pattern, PowderRefinementResult r, RefinementOptions opt, Options so)
    {
        var sub = InRange(pattern, r, opt.Wavelength1A);
        var (obs, _) = PeakSearch.Find(sub, so.PeakSearch);
        var centres = new List<double>();
        double maxArea = r.Phases.SelectMany(ph => ph.Reflections).Select(x => x.Intensity).DefaultIfEmpty(0).Max();
        foreach (var refl in r.Phases.SelectMany(ph => ph.Reflections))
        {
            if (refl.Intensity < 1e-3 * maxArea) continue;
            centres.Add(refl.TwoThetaDeg);
            if (opt.Wavelength2A is { } l2 && l2 / (2 * refl.DA) < 1)
            {
                double th2 = Math.Asin(l2 / (2 * refl.DA));
                centres.Add(2 * th2 * 180 / Math.PI + r.ZeroShiftDeg + r.DisplacementDeg * Math.Cos(th2));
            }
        }
        centres.Sort();
        return obs.Where(o => !Near(centres, o.TwoThetaDeg, so.NewPeakToleranceDeg)).Select(o => o.TwoThetaDeg).ToList();
    }

    private static bool Near(List<double> sorted, double x, double tol)
    {
        int i = sorted.BinarySearch(x);
        if (i < 0) i = ~i;
        return (i < sorted.Count && Math.Abs(sorted[i] - x) <= tol) || (i > 0 && Math.Abs(sorted[i - 1] - x) <= tol);
    }

    private static MeasuredPattern InRange(MeasuredPattern pattern, PowderRefinementResult r, double lambdaA)
    {
        var p = pattern.Axis == PatternAxis.TwoThetaDeg ? pattern : pattern.ToTwoTheta(lambdaA);
        double lo = r.TwoThetaDeg[0], hi = r.TwoThetaDeg[^1];
        var idx = Enumerable.Range(0, p.Count).Where(i => p.X[i] >= lo && p.X[i] <= hi).ToArray();
        return p with { X = idx.Select(i => p.X[i]).ToArray(), Intensity = idx.Select(i => p.Intensity[i]).ToArray(), Esd = idx.Select(i => p.Esd[i]).ToArray() };
    }

    private static List<TrackedPeak> Track(IReadOnlyList<SeriesInput> items, List<SeriesStep> steps, Options so)
    {
        var all = steps.SelectMany(s => s.UnexplainedPeaksDeg.Select(x => (Step: s.Index, X: x))).OrderBy(t => t.X).ToList();
        var clusters = new List<List<(int Step, double X)>>();
        foreach (var t in all)
        {
            if (clusters.Count > 0 && Math.Abs(t.X - clusters[^1].Average(c => c.X)) <= so.NewPeakToleranceDeg) clusters[^1].Add(t);
            else clusters.Add([t]);
        }
        var result = new List<TrackedPeak>();
        foreach (var c in clusters)
        {
            double pos = c.Average(t => t.X);
            var area = new double[steps.Count];
            var err = new double[steps.Count];
            for (int k = 0; k < steps.Count; k++)
            {
                var r = steps[k].Result;
                var sub = InRange(items[k].Pattern, r, items[k].Options.Wavelength1A);
                double half = Math.Max(so.NewPeakToleranceDeg, r.Profile.At(pos * Math.PI / 360).Fwhm);
                double a = 0, v = 0;
                int n = r.TwoThetaDeg.Length;
                for (int i = 0; i < n; i++)
                {
                    if (Math.Abs(r.TwoThetaDeg[i] - pos) > half) continue;
                    double dx = i + 1 < n ? r.TwoThetaDeg[i + 1] - r.TwoThetaDeg[i] : r.TwoThetaDeg[i] - r.TwoThetaDeg[i - 1];
                    a += (r.Observed[i] - r.Calculated[i]) * dx;
                    double e = i < sub.Esd.Length ? sub.Esd[i] : Math.Sqrt(Math.Max(r.Observed[i], 1));
                    v += e * e * dx * dx;
                }
                area[k] = a; err[k] = Math.Sqrt(v);
            }
            result.Add(new TrackedPeak(pos, c.Min(t => t.Step), c.Select(t => t.Step).Distinct().Count(), area, err));
        }
        return result.OrderByDescending(t => t.NetArea.Max()).Take(so.MaxTrackedPeaks).OrderBy(t => t.TwoThetaDeg).ToList();
    }
}
