using System.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>
/// Starting values read from the spectrum: the high-frequency intercept (series R), arcs found as maxima of
/// −Z'' over log f (diameter ≈ 2·height, apex frequency → C = 1/(ω R), Q = 1/(R ω^n)), the low-frequency slope
/// (blocking CPE / Warburg), positive Z'' at high frequency (inductance). Arcs are assigned to the circuit's
/// parallel blocks in every order (up to 24 permutations), so a circuit written low-to-high frequency still
/// starts near the answer.
/// </summary>
public static class InitialGuess
{
    public sealed record Arc(double ApexFrequencyHz, double ResistanceOhm);

    public sealed record Features(double RHighOhm, double RLowOhm, IReadOnlyList<Arc> Arcs, double FMinHz, double FMaxHz,
        double LowFreqImag, double LowFreqSlope, double HighFreqInductanceH);

    public static Features Analyse(ImpedanceSpectrum s)
    {
        var order = Enumerable.Range(0, s.Count).OrderByDescending(i => s.FrequenciesHz[i]).ToArray();
        var f = order.Select(i => s.FrequenciesHz[i]).ToArray();
        var z = order.Select(i => s.Z[i]).ToArray();
        int n = z.Length;
        // high-frequency intercept: Re Z where -Z'' is smallest among the highest-frequency quarter
        int q = Math.Max(1, n / 4);
        double rHigh = Enumerable.Range(0, q).Select(i => z[i].Real).Min();
        if (rHigh < 0) rHigh = Math.Abs(rHigh) * 0.1 + 1e-12;
        double scale = z.Max(v => v.Magnitude);
        // arcs from the derivative of the real part, g = dZ'/d(-ln f): each relaxation gives a peak at its
        // apex frequency, and the rise of Z' across the peak is its resistance (sharper than maxima of -Z'')
        var g = new double[n];
        for (int i = 0; i < n; i++)
        {
            int a = Math.Max(0, i - 1), b = Math.Min(n - 1, i + 1);
            double dl = Math.Log(f[a]) - Math.Log(f[b]);
            g[i] = dl > 0 ? (z[b].Real - z[a].Real) / dl : 0;
        }
        var sm = new double[n];
        for (int i = 0; i < n; i++) sm[i] = (g[Math.Max(0, i - 1)] + 2 * g[i] + g[Math.Min(n - 1, i + 1)]) / 4;
        double gMax = sm.Max();
        var peaks = new List<int>();
        for (int i = 1; i < n - 1; i++)
            if (sm[i] > 0.03 * gMax && sm[i] >= sm[i - 1] && sm[i] > sm[i + 1]) peaks.Add(i);
        var arcs = new List<Arc>();
        int segStart = 0;
        double rLow = z[^1].Real;
        for (int p = 0; p < peaks.Count; p++)
        {
            int segEnd;
            if (p + 1 < peaks.Count)
            {
                segEnd = peaks[p];
                for (int i = peaks[p]; i <= peaks[p + 1]; i++) if (sm[i] < sm[segEnd]) segEnd = i;
            }
            else
            {
                // last arc: ends at the minimum of g after the peak (a blocking spike makes g rise again)
                segEnd = peaks[p];
                for (int i = peaks[p]; i < n; i++) if (sm[i] <= sm[segEnd]) segEnd = i;
                rLow = z[segEnd].Real;
            }
            double r = z[segEnd].Real - z[segStart].Real;
            if (r > 0) arcs.Add(new Arc(f[peaks[p]], r));
            segStart = segEnd;
        }
        if (peaks.Count == 0) rLow = z[^1].Real;
        // low-frequency behaviour
        double lfIm = -z[^1].Imaginary;
        double slope = 0;
        if (n >= 3)
        {
            double y1 = Math.Log(Math.Max(Math.Abs(z[^1].Imaginary), 1e-300)), y0 = Math.Log(Math.Max(Math.Abs(z[^3].Imaginary), 1e-300));
            slope = -(y1 - y0) / (Math.Log(f[^1]) - Math.Log(f[^3]));
        }
        double lHf = z[0].Imaginary > 0 ? z[0].Imaginary / (2 * Math.PI * f[0]) : 1e-3 * scale / (2 * Math.PI * f[0]);
        return new Features(rHigh, rLow, arcs, f[^1], f[0], lfIm, slope, lHf);
    }

    /// <summary>
    /// Arcs read from the Bode phase: the resistive plateaus between arcs are local minima of the phase angle −θ
    /// over log f (Z' flat, −Z'' small), so the spectrum splits at them into segments, each one arc whose
    /// resistance is the rise of Z' across the segment and whose apex is the maximum of −Z'' inside it. Sensitive
    /// to a small arc in front of a large one (the phase is relative: a 100 Ω arc before a 10⁵ Ω one still makes
    /// its own plateau), which the maxima of −Z'' and dZ'/d ln f miss. A rising phase at the low-frequency end
    /// (a blocking spike) is not an arc. Largest arcs (relative to Z' at their end) first.
    /// </summary>
    public static List<Arc> PhaseArcs(ImpedanceSpectrum s)
    {
        var order = Enumerable.Range(0, s.Count).OrderByDescending(i => s.FrequenciesHz[i]).ToArray();
        int n = order.Length;
        var arcs = new List<Arc>();
        if (n < 5) return arcs;
        var f = new double[n]; var z = new Complex[n]; var th = new double[n];
        for (int i = 0; i < n; i++) { f[i] = s.FrequenciesHz[order[i]]; z[i] = s.Z[order[i]]; }
        for (int i = 0; i < n; i++) th[i] = -Math.Atan2(z[i].Imaginary, z[i].Real);
        var sm = new double[n];
        for (int i = 0; i < n; i++) sm[i] = (th[Math.Max(0, i - 1)] + 2 * th[i] + th[Math.Min(n - 1, i + 1)]) / 4;
        // plateaus: local minima of the phase that lie clearly (≥ 3°) below the maxima on both sides
        const double depth = 3 * Math.PI / 180;
        var cuts = new List<int> { 0 };
        for (int i = 1; i < n - 1; i++)
        {
            if (!(sm[i] <= sm[i - 1] && sm[i] < sm[i + 1])) continue;
            double left = 0, right = 0;
            for (int j = cuts[^1]; j < i; j++) left = Math.Max(left, sm[j]);
            for (int j = i + 1; j < n; j++) right = Math.Max(right, sm[j]);
            if (left - sm[i] >= depth && right - sm[i] >= depth) cuts.Add(i);
        }
        // the low-frequency end: a phase still rising at the last points is a spike (not an arc); else an arc closes there
        bool spike = sm[n - 1] > sm[n - 3] || th[n - 1] > 0.6 * Math.PI / 2 && th[n - 1] >= th[n - 3] - depth;
        if (!spike) cuts.Add(n - 1);
        for (int c = 0; c + 1 < cuts.Count; c++)
        {
            int a = cuts[c], b = cuts[c + 1];
            double r = z[b].Real - z[a].Real;
            int apex = a;
            for (int i = a; i <= b; i++) if (-z[i].Imaginary > -z[apex].Imaginary) apex = i;
            if (r > 0) arcs.Add(new Arc(f[apex], r));
        }
        // largest first, relative to Z' where the arc ends (what modulus-type weighting sees)
        return arcs.OrderByDescending(x => x.ResistanceOhm / Math.Max(ZRealBelow(f, z, x.ApexFrequencyHz), 1e-300)).ToList();
    }

    private static double ZRealBelow(double[] f, Complex[] z, double apexHz)
    {
        // Z' a decade below the apex (the arc's end), or at the lowest frequency
        double target = apexHz / 10;
        int best = f.Length - 1;
        for (int i = 0; i < f.Length; i++) if (f[i] <= target) { best = i; break; }
        return Math.Abs(z[best].Real);
    }

    /// <summary>
    /// Seeds from <see cref="PhaseArcs"/>, tried first by the fitter: the detected arcs (most significant first) on
    /// the circuit's arcs; when fewer arcs are seen than the circuit has, the missing one is placed in turn above
    /// the band, in the widest gap between detected arcs and below them (each with a tenth of Z' there).
    /// </summary>
    public static List<double[]> PhaseSeeds(ImpedanceSpectrum s, Circuit circuit)
    {
        var arcs = PhaseArcs(s);
        int nb = Arcs(circuit).Count;
        var result = new List<double[]>();
        if (nb == 0) return result;
        var used = arcs.Take(nb).ToList();
        if (used.Count >= nb || used.Count == 0) { result.AddRange(FromArcs(s, circuit, used, 1, rankedGiven: true)); return result; }
        var ft = Analyse(s);
        var logs = used.Select(a => Math.Log10(a.ApexFrequencyHz)).OrderByDescending(x => x).ToList();
        double lf = Math.Log10(ft.FMinHz), hf = Math.Log10(ft.FMaxHz);
        var places = new List<double> { hf + 0.5 };
        var edges = new List<double> { hf }; edges.AddRange(logs); edges.Add(lf);
        int gi = 0; double gw = -1;
        for (int i = 0; i + 1 < edges.Count; i++) if (edges[i] - edges[i + 1] > gw) { gw = edges[i] - edges[i + 1]; gi = i; }
        places.Add((edges[gi] + edges[gi + 1]) / 2);
        places.Add(logs[^1] - 1.5);
        double zr = Math.Max(ft.RLowOhm - ft.RHighOhm, 1e-12);
        foreach (var x in places)
        {
            var extra = new Arc(Math.Pow(10, x), 0.1 * zr);
            var list = used.Concat(Enumerable.Repeat(extra, nb - used.Count)).ToList();
            result.AddRange(FromArcs(s, circuit, list, 1, rankedGiven: true));
        }
        return result;
    }

    /// <summary>Full parameter vectors to start from (the first is the main guess).</summary>
    public static List<double[]> Candidates(ImpedanceSpectrum s, Circuit circuit)
    {
        var ft = Analyse(s);
        var blocks = ParallelBlocks(circuit.Root).ToList();
        int nb = blocks.Count;
        // arcs for the blocks: detected ones (largest first), padded with log-spaced guesses
        var arcs = ft.Arcs.OrderByDescending(a => a.ResistanceOhm).Take(nb).OrderByDescending(a => a.ApexFrequencyHz).ToList();
        double span = Math.Max(ft.RLowOhm - ft.RHighOhm, 1e-3 * Math.Max(Math.Abs(ft.RLowOhm), 1e-12));
        double assigned = arcs.Sum(a => a.ResistanceOhm);
        int missing = nb - arcs.Count;
        if (missing > 0)
        {
            double rest = Math.Max(span - assigned, 0.2 * span) / missing;
            double lf = Math.Log10(ft.FMinHz), hf = Math.Log10(ft.FMaxHz);
            var used = arcs.Select(a => Math.Log10(a.ApexFrequencyHz)).ToList();
            for (int k = 0; k < missing; k++)
            {
                // spread the extra arcs over the frequency range away from the detected ones
                double best = lf + (hf - lf) * (k + 0.5) / missing;
                double bestDist = -1;
                for (int t = 0; t <= 20; t++)
                {
                    double c = lf + (hf - lf) * (0.1 + 0.8 * t / 20.0);
                    double d = used.Count == 0 ? 1 : used.Min(u => Math.Abs(u - c));
                    if (d > bestDist) { bestDist = d; best = c; }
                }
                used.Add(best);
                arcs.Add(new Arc(Math.Pow(10, best), rest));
            }
            arcs = arcs.OrderByDescending(a => a.ApexFrequencyHz).ToList();
        }
        var perms = Permutations(nb).Take(24).ToList();
        var result = new List<double[]>();
        foreach (var perm in perms)
        {
            var p = new double[circuit.ParameterCount];
            Fill(circuit.Root, p, ft, arcs, perm, blocks, topLevel: true);
            result.Add(p);
        }
        int found = Math.Min(ft.Arcs.Count, nb);
        if (found < nb)
        {
            // arcs not seen in the data may lie above the highest frequency (the bulk arc of a pellet): then the
            // high-frequency intercept is R_series + R_arc; put the missing arcs there, a decade apart
            var detected = ft.Arcs.OrderByDescending(a => a.ResistanceOhm).Take(found).OrderByDescending(a => a.ApexFrequencyHz).ToList();
            var above = Enumerable.Range(0, nb - found).Select(k => new Arc(ft.FMaxHz * Math.Pow(10, k + 1), 0.9 * ft.RHighOhm / (nb - found))).ToList();
            var hiArcs = above.Concat(detected).OrderByDescending(a => a.ApexFrequencyHz).ToList();
            var hiFt = ft with { RHighOhm = 0.1 * ft.RHighOhm };
            foreach (var perm in perms.Take(6))
            {
                var p = new double[circuit.ParameterCount];
                Fill(circuit.Root, p, hiFt, hiArcs, perm, blocks, topLevel: true);
                result.Add(p);
            }
        }
        if (nb > 0)
        {
            // a detection-free start: arcs evenly spread over the measured decades, resistance shared equally
            double lf = Math.Log10(ft.FMinHz), hf = Math.Log10(ft.FMaxHz);
            var even = Enumerable.Range(0, nb).Select(k => new Arc(Math.Pow(10, hf - (hf - lf) * (k + 0.5) / nb), span / nb)).ToList();
            var p = new double[circuit.ParameterCount];
            Fill(circuit.Root, p, ft, even, Enumerable.Range(0, nb).ToArray(), blocks, topLevel: true);
            result.Add(p);
        }
        return result;
    }

    /// <summary>Full parameter vectors with the circuit's arcs (parallel blocks) seeded from the given arcs (e.g. DRT
    /// peaks), assigned in order of decreasing apex frequency and in up to <paramref name="maxPermutations"/> other orders;
    /// missing arcs are padded as in <see cref="Candidates"/>.</summary>
    public static List<double[]> FromArcs(ImpedanceSpectrum s, Circuit circuit, IReadOnlyList<Arc> given, int maxPermutations = 6, bool rankedGiven = false)
    {
        var ft = Analyse(s);
        var blocks = ParallelBlocks(circuit.Root).ToList();
        int nb = blocks.Count;
        var arcs = (rankedGiven ? given.Take(nb) : given.OrderByDescending(a => a.ResistanceOhm).Take(nb)).OrderByDescending(a => a.ApexFrequencyHz).ToList();
        double lf = Math.Log10(ft.FMinHz), hf = Math.Log10(ft.FMaxHz);
        double span = Math.Max(ft.RLowOhm - ft.RHighOhm, 1e-3 * Math.Max(Math.Abs(ft.RLowOhm), 1e-12));
        while (arcs.Count < nb) arcs.Add(new Arc(Math.Pow(10, hf - (hf - lf) * (arcs.Count + 0.5) / nb), 0.1 * span));
        arcs = arcs.OrderByDescending(a => a.ApexFrequencyHz).ToList();
        var result = new List<double[]>();
        foreach (var perm in Permutations(nb).Take(Math.Max(1, maxPermutations)))
        {
            var p = new double[circuit.ParameterCount];
            Fill(circuit.Root, p, ft, arcs, perm, blocks, topLevel: true);
            result.Add(p);
        }
        return result;
    }

    /// <summary>The circuit's arcs: parallel blocks, outermost first, in circuit order.</summary>
    public static List<ParallelNode> Arcs(Circuit circuit) => ParallelBlocks(circuit.Root).ToList();

    private static IEnumerable<ParallelNode> ParallelBlocks(CircuitNode node)
    {
        if (node is ParallelNode pn) { yield return pn; yield break; }
        foreach (var c in node.Children) foreach (var b in ParallelBlocks(c)) yield return b;
    }

    private static IEnumerable<int[]> Permutations(int n)
    {
        if (n == 0) { yield return []; yield break; }
        var a = Enumerable.Range(0, n).ToArray();
        yield return a.ToArray();
        // Heap's algorithm
        var c = new int[n];
        int i = 0;
        while (i < n)
        {
            if (c[i] < i)
            {
                if (i % 2 == 0) (a[0], a[i]) = (a[i], a[0]); else (a[c[i]], a[i]) = (a[i], a[c[i]]);
                yield return a.ToArray();
                c[i]++; i = 0;
            }
            else { c[i] = 0; i++; }
        }
    }

    private static void Fill(CircuitNode node, double[] p, Features ft, List<Arc> arcs, int[] perm, List<ParallelNode> blocks, bool topLevel)
    {
        double wMin = 2 * Math.PI * ft.FMinHz, wMax = 2 * Math.PI * ft.FMaxHz;
        double span = Math.Max(ft.RLowOhm - ft.RHighOhm, 1e-3 * Math.Max(Math.Abs(ft.RLowOhm), 1e-12));
        if (node is ParallelNode pn)
        {
            int bi = blocks.IndexOf(pn);
            var arc = arcs[perm[bi]];
            FillArc(pn, p, arc, ft);
            return;
        }
        if (node is SeriesNode sn)
        {
            bool firstR = true;
            foreach (var c in sn.Children)
            {
                if (c is ElementNode { Kind: ElementKind.R } && topLevel)
                {
                    p[c.ParamStart] = firstR ? Math.Max(ft.RHighOhm, 1e-6 * span) : 0.05 * span;
                    firstR = false;
                }
                else Fill(c, p, ft, arcs, perm, blocks, false);
            }
            return;
        }
        var e = (ElementNode)node;
        e.Definition.Guess(new GuessContext(ft, 0, 0, false, false, 1), p.AsSpan(e.ParamStart, e.ParamCount));
        if (e.Kind == ElementKind.R) p[e.ParamStart] = topLevel ? Math.Max(ft.RHighOhm, 1e-6 * span) : 0.05 * span;
    }

    /// <summary>A parallel block is an arc: resistive branches take the arc resistance, capacitive ones the apex capacitance.</summary>
    private static void FillArc(ParallelNode pn, double[] p, Arc arc, Features ft)
    {
        double w = 2 * Math.PI * arc.ApexFrequencyHz;
        double r = Math.Max(arc.ResistanceOhm, 1e-12);
        foreach (var branch in pn.Children)
        {
            var els = branch.Elements().ToList();
            bool resistive = els.Any(x => x.Definition.Resistive);
            var ctx = new GuessContext(ft, r, w, true, resistive, els.Count);
            foreach (var e in els) e.Definition.Guess(ctx, p.AsSpan(e.ParamStart, e.ParamCount));
        }
    }
}
