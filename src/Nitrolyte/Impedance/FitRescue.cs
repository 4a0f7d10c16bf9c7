using System.Globalization;

namespace Nitrolyte.Impedance;

/// <summary>
/// Detection of degenerate circuit-fit solutions and the extra starting points tried when a fit is degenerate or
/// far above the noise floor. Degenerate: a resistance, capacitance or CPE coefficient at an absurd scale for the
/// spectrum (|Z| of the element outside 10⁻⁶…10⁶ × the largest |Z| over the whole band, or R above 10³ × |Z|max
/// or below 10⁻⁷ × |Z|max), an exponent at its bound or below 0.35, or an arc whose time constant lies more than
/// half a decade outside the measured band. Rescue starts: arcs seeded from DRT peaks (every choice of the
/// circuit's number of arcs among the largest peaks), and every arc split in two (half the resistance each, time
/// constants a decade or more apart) with the split part moved into another (usually the collapsed) arc.
/// </summary>
public static class FitRescue
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Human-readable reasons why the parameters <paramref name="p"/> look degenerate (empty when none).</summary>
    public static List<string> Degeneracies(Circuit c, double[] p, ImpedanceSpectrum s, bool[]? fixedMask = null)
    {
        var reasons = new List<string>();
        double zMax = s.Z.Max(z => z.Magnitude);
        double wMin = 2 * Math.PI * s.FrequenciesHz.Min(), wMax = 2 * Math.PI * s.FrequenciesHz.Max();
        for (int k = 0; k < c.ParameterCount; k++)
        {
            if (fixedMask is not null && fixedMask[k]) continue;
            var par = c.Parameters[k];
            double v = p[k];
            switch (par.Kind)
            {
                case ElementKind.R when v > 1e3 * zMax || v < 1e-7 * zMax:
                    reasons.Add($"{par.Name} = {v.ToString("G3", Inv)} Ohm is at an absurd scale for a spectrum with |Z| up to {zMax.ToString("G3", Inv)} Ohm");
                    break;
                case ElementKind.C:
                {
                    double zHi = 1 / (wMin * v), zLo = 1 / (wMax * v);
                    if (zLo > 1e6 * zMax || zHi < 1e-6 * zMax)
                        reasons.Add($"{par.Name} = {v.ToString("G3", Inv)} F is at an absurd scale (its |Z| over the band is {zLo.ToString("G3", Inv)} to {zHi.ToString("G3", Inv)} Ohm)");
                    break;
                }
                case ElementKind.Cpe when par.LocalIndex == 0:
                {
                    double n = p[k + 1];
                    double zHi = 1 / (v * Math.Pow(wMin, n)), zLo = 1 / (v * Math.Pow(wMax, n));
                    if (zLo > 1e6 * zMax || zHi < 1e-6 * zMax || !double.IsFinite(v))
                        reasons.Add($"{par.Name} = {v.ToString("G3", Inv)} is at an absurd scale (its |Z| over the band is {zLo.ToString("G3", Inv)} to {zHi.ToString("G3", Inv)} Ohm)");
                    break;
                }
            }
            if (par.IsExponent && (v >= par.Upper - 1e-4 * (par.Upper - par.Lower) || v <= par.Lower + 1e-3 || v < 0.35))
                reasons.Add($"{par.Name} = {v.ToString("0.000", Inv)} is at its bound{(v < 0.35 && v > par.Lower + 1e-3 ? " (below 0.35)" : "")}");
        }
        foreach (var b in InitialGuess.Arcs(c))
        {
            double tau = CnlsFitter.RelaxationTime(b, p);
            if (!double.IsFinite(tau) || tau <= 0) continue;
            double f = 1 / (2 * Math.PI * tau);
            if (tau * wMax < Math.Pow(10, -0.5) || tau * wMin > Math.Pow(10, 0.5))
                reasons.Add($"arc {BlockText(c, b)} relaxes at {f.ToString("G3", Inv)} Hz, outside the measured band ({(wMin / (2 * Math.PI)).ToString("G3", Inv)} to {(wMax / (2 * Math.PI)).ToString("G3", Inv)} Hz)");
        }
        return reasons;
    }

    internal static string BlockText(Circuit c, ParallelNode b) =>
        "p(" + string.Join(",", b.Children.SelectMany(x => x.Elements()).Select(e => e.Name)) + ")";

    /// <summary>Starting vectors (full parameter vectors) built for a missing arc, from the spectrum and the current best.</summary>
    public static List<double[]> Starts(ImpedanceSpectrum s, Circuit c, double[] best)
    {
        var starts = new List<double[]>();
        var blocks = InitialGuess.Arcs(c);
        if (blocks.Count == 0) return starts;
        // (a) DRT peaks, down to 0.1 % of the largest, ranked by their size relative to |Z| at their frequency (the
        // significance under relative weighting: a 100 Ohm arc in front of a 10⁵ Ohm one is still 30 % of |Z| there)
        try
        {
            // a coarse DRT (5 τ points per decade) is enough to place seeds and costs an eighth of the default grid
            var drt = Drt.Compute(s, pointsPerDecade: 5);
            double dln = Math.Log(drt.TausS[1] / drt.TausS[0]);
            double ZAt(double f)
            {
                int best = 0;
                for (int i = 1; i < s.Count; i++) if (Math.Abs(Math.Log(s.FrequenciesHz[i] / f)) < Math.Abs(Math.Log(s.FrequenciesHz[best] / f))) best = i;
                return s.Z[best].Magnitude;
            }
            var peaks = Drt.FindPeaks(drt.TausS, drt.GammaOhm, dln, 0.001)
                .OrderByDescending(k => k.ResistanceOhm / ZAt(k.FrequencyHz)).Take(blocks.Count + 3).ToList();
            foreach (var subset in Subsets(peaks.Count, Math.Min(blocks.Count, peaks.Count)).Take(20))
            {
                var arcs = subset.Select(i => new InitialGuess.Arc(peaks[i].FrequencyHz, peaks[i].ResistanceOhm)).ToList();
                starts.AddRange(InitialGuess.FromArcs(s, c, arcs, 2));
            }
        }
        catch (Core.NitrolyteInputException) { }
        // (b) split each arc of the current best, the split part replacing another arc
        var forms = blocks.Select(b => ArcForm(b)).ToList();
        for (int k = 0; k < blocks.Count; k++)
        {
            if (forms[k] is not { } donor) continue;
            double tauK = CnlsFitter.RelaxationTime(blocks[k], best);
            double rK = best[donor.R];
            if (!double.IsFinite(tauK) || !(rK > 0)) continue;
            for (int d = 0; d < blocks.Count; d++)
            {
                if (d == k || forms[d] is not { } recv) continue;
                foreach (double shift in new[] { 1.5, -1.5, 2.5, -2.5 })
                {
                    var p = best.ToArray();
                    Set(p, donor, 0.5 * rK, tauK * Math.Pow(10, -shift / 3));
                    Set(p, recv, 0.5 * rK, tauK * Math.Pow(10, shift));
                    starts.Add(p);
                }
            }
        }
        return starts;
    }

    /// <summary>A missing arc swept over the band: each arc in turn moved to every half decade of the measured
    /// frequencies, with a resistance of half |Z| there, the others kept at the current best.</summary>
    public static List<double[]> Sweep(ImpedanceSpectrum s, Circuit c, double[] best)
    {
        var starts = new List<double[]>();
        var blocks = InitialGuess.Arcs(c);
        double lf = Math.Log10(s.FrequenciesHz.Min()), hf = Math.Log10(s.FrequenciesHz.Max());
        for (int d = 0; d < blocks.Count; d++)
        {
            if (ArcForm(blocks[d]) is not { } f) continue;
            for (double x = hf - 0.25; x > lf; x -= 0.5)
            {
                double fr = Math.Pow(10, x);
                int near = 0;
                for (int i = 1; i < s.Count; i++) if (Math.Abs(Math.Log(s.FrequenciesHz[i] / fr)) < Math.Abs(Math.Log(s.FrequenciesHz[near] / fr))) near = i;
                var p = best.ToArray();
                Set(p, f, 0.5 * s.Z[near].Magnitude, 1 / (2 * Math.PI * fr));
                starts.Add(p);
            }
        }
        return starts;
    }

    private sealed record Form(int R, int Cap, bool Cpe);

    private static Form? ArcForm(ParallelNode b)
    {
        var els = b.Children.OfType<ElementNode>().ToList();
        if (els.Count != 2 || b.Children.Count != 2) return null;
        var r = els.FirstOrDefault(e => e.Kind == ElementKind.R);
        var q = els.FirstOrDefault(e => e.Kind is ElementKind.C or ElementKind.Cpe);
        if (r is null || q is null) return null;
        return new Form(r.ParamStart, q.ParamStart, q.Kind == ElementKind.Cpe);
    }

    private static void Set(double[] p, Form f, double r, double tau)
    {
        p[f.R] = r;
        if (f.Cpe)
        {
            double n = Math.Clamp(p[f.Cap + 1], 0.6, 0.95);
            p[f.Cap + 1] = n;
            p[f.Cap] = Math.Pow(tau, n) / r;
        }
        else p[f.Cap] = tau / r;
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        if (k == 0) { yield return []; yield break; }
        var idx = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return idx.ToArray();
            int i = k - 1;
            while (i >= 0 && idx[i] == n - k + i) i--;
            if (i < 0) yield break;
            idx[i]++;
            for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
        }
    }
}
