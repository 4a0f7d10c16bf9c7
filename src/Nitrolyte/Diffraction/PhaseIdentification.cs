using Nitrolyte.Structures;

namespace Nitrolyte.Diffraction;

public sealed record PhaseCandidate(string Name, string File, Structure Structure);

public sealed record PhaseMatch(string Name, string File, double Score, double ExplainedFraction, double Coverage, double CellScale, bool Accepted, IReadOnlyList<double> MatchedPeaksDeg);

public sealed record IdentificationResult(IReadOnlyList<PhaseMatch> Matches, IReadOnlyList<ObservedPeak> ObservedPeaks, IReadOnlyList<double> UnexplainedPeaksDeg, IReadOnlyList<string> Notes);

/// <summary>
/// Phase identification by peak matching. Each candidate's pattern is computed (PowderPattern, the given
/// wavelength; the Kα2 line too when given) with its cell lengths scaled by f ∈ [1 − s, 1 + s] (step 0.0005;
/// solid solutions and thermal expansion) and the f that explains most observed intensity kept. An observed
/// peak is explained when a calculated peak of ≥ 1 % lies within the tolerance. Figures of merit:
/// explained_fraction = Σ net height of explained observed peaks / Σ of all; coverage = Σ intensity of the
/// candidate's strong (≥ 5 %) peaks that are observed / Σ of its strong peaks; score = explained_fraction ×
/// coverage. Accepted phases: the best, then greedily any candidate with score ≥ 0.2 and coverage ≥ 0.5 that
/// explains a peak left unexplained by those accepted; unexplained peaks are those no accepted phase explains.
/// </summary>
public static class PhaseIdentification
{
    public sealed record Options
    {
        public required double WavelengthA { get; init; }
        public double? Wavelength2A { get; init; }
        public bool Neutron { get; init; }
        public double ToleranceDeg { get; init; } = 0.1;
        public double CellScaleRange { get; init; } = 0.01;
        public PeakSearch.PeakSearchOptions? PeakSearch { get; init; }
    }

    public static IdentificationResult Identify(MeasuredPattern pattern, IReadOnlyList<PhaseCandidate> candidates, Options opt)
    {
        var p = pattern.Axis == PatternAxis.TwoThetaDeg ? pattern : pattern.ToTwoTheta(opt.WavelengthA);
        var (obs, _) = PeakSearch.Find(p, opt.PeakSearch);
        double lo = p.X[0], hi = p.X[^1];
        double total = obs.Sum(o => o.NetHeight);
        var notes = new List<string> { $"{obs.Count} peaks found between {lo:0.##}° and {hi:0.##}°" };
        var results = new List<(PhaseMatch M, bool[] Explained)>();
        foreach (var c in candidates)
        {
            var calc = PowderPattern.Compute(c.Structure, new DiffractionOptions
            {
                WavelengthA = opt.WavelengthA, TwoThetaMinDeg = Math.Max(0, lo - 5), TwoThetaMaxDeg = Math.Min(180, hi + 5), Neutron = opt.Neutron,
            });
            var lines = calc.Peaks.Where(pk => pk.Intensity >= 1).Select(pk => (pk.DA, pk.Intensity)).ToList();
            (double Frac, double Cov, double F, bool[] Ex) best = (-1, 0, 1, new bool[obs.Count]);
            for (double f = 1 - opt.CellScaleRange; f <= 1 + opt.CellScaleRange + 1e-12; f += 0.0005)
            {
                var pos = new List<(double Tt, double I)>();
                foreach (var (d, inten) in lines)
                {
                    foreach (var (lam, w) in opt.Wavelength2A is { } l2 ? new[] { (opt.WavelengthA, 1.0), (l2, 0.5) } : new[] { (opt.WavelengthA, 1.0) })
                    {
                        double s = lam / (2 * d * f);
                        if (s >= 1) continue;
                        double tt = 2 * Math.Asin(s) * 180 / Math.PI;
                        if (tt >= lo && tt <= hi) pos.Add((tt, inten * w));
                    }
                }
                var ex = obs.Select(o => pos.Any(q => q.I >= 1 && Math.Abs(q.Tt - o.TwoThetaDeg) <= opt.ToleranceDeg)).ToArray();
                double frac = total > 0 ? obs.Where((o, i) => ex[i]).Sum(o => o.NetHeight) / total : 0;
                var strong = pos.Where(q => q.I >= 5).ToList();
                double cov = strong.Count == 0 ? 0 : strong.Where(q => obs.Any(o => Math.Abs(o.TwoThetaDeg - q.Tt) <= opt.ToleranceDeg)).Sum(q => q.I) / strong.Sum(q => q.I);
                if (frac * cov > best.Frac * best.Cov || best.Frac < 0) best = (frac, cov, f, ex);
            }
            results.Add((new PhaseMatch(c.Name, c.File, Math.Max(best.Frac, 0) * best.Cov, Math.Max(best.Frac, 0), best.Cov, best.F, false,
                obs.Where((o, i) => best.Ex[i]).Select(o => o.TwoThetaDeg).ToList()), best.Ex));
        }
        var ranked = results.OrderByDescending(r => r.M.Score).ToList();
        var explained = new bool[obs.Count];
        var accepted = new HashSet<int>();
        for (int k = 0; k < ranked.Count; k++)
        {
            var (m, ex) = ranked[k];
            bool adds = ex.Where((e, i) => e && !explained[i]).Any();
            if ((k == 0 && m.Score > 0) || (m.Score >= 0.2 && m.Coverage >= 0.5 && adds))
            {
                accepted.Add(k);
                for (int i = 0; i < ex.Length; i++) explained[i] |= ex[i];
            }
        }
        var matches = ranked.Select((r, k) => r.M with { Accepted = accepted.Contains(k) }).ToList();
        var unexplained = obs.Where((o, i) => !explained[i]).Select(o => o.TwoThetaDeg).ToList();
        return new IdentificationResult(matches, obs, unexplained, notes);
    }
}
