using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Electrochemistry;

public sealed record CvOptions
{
    /// <summary>Pellet mass and formula give the moles of Li in the pellet, the reference of net_li_pct.</summary>
    public double? PelletMassMg { get; init; }
    public string? Formula { get; init; }
    /// <summary>Use the file's cycle column when present (default); otherwise cycles are found from the sweep vertices.</summary>
    public bool UseRecordedCycles { get; init; } = true;
}

/// <summary>One CV cycle: anodic (stripping, I &gt; 0) and cathodic (plating, I &lt; 0) charge and the peaks.</summary>
public sealed record CvCycle(int Index, double StartS, double EndS, double AnodicChargeC, double CathodicChargeC, double Ratio,
    double AnodicPeakA, double AnodicPeakV, double CathodicPeakA, double CathodicPeakV, double LowVertexV, double HighVertexV);

/// <summary>Growth of the stripping charge with cycle number: one line, or two lines meeting at a break cycle when
/// that fits clearly better (BIC).</summary>
public sealed record CvGrowth(double SlopeCPerCycle, double? BreakCycle, double? EarlySlopeCPerCycle, double? LateSlopeCPerCycle, bool TwoRegimes);

public sealed record CvResult(IReadOnlyList<CvCycle> Cycles, double TotalAnodicC, double TotalCathodicC, double NetPlatedC,
    double? NetLiMol, double? PelletLiMol, double? NetLiPct, CvGrowth? StrippingGrowth, string CycleSource, IReadOnlyList<string> Warnings);

/// <summary>
/// Cyclic voltammetry of Li|SE|steel (or any) cells: cycle segmentation, anodic/cathodic charge per cycle (trapezoidal
/// integration of I dt split by sign), stripping/plating ratio, peaks, and the net lithium left plated
/// (Q_cathodic - Q_anodic)/F as a percentage of the moles of Li in the pellet (mass / M(formula) x Li per formula unit).
/// Positive current = anodic = Li stripping from the Li electrode towards the steel (seed 000's convention).
/// </summary>
public static class CyclicVoltammetry
{
    public const double Faraday = 96485.33212;

    public static CvResult Analyse(TimeSeries ts, CvOptions o)
    {
        ts.RequireCurrent("cyclic voltammetry");
        if (ts.Count < 10) throw new NitrolyteInputException($"{ts.Source}: too few points for a voltammogram ({ts.Count})");
        var warnings = new List<string>();
        var bounds = new List<(int From, int To)>();
        string source;
        if (o.UseRecordedCycles && ts.Cycle is { } cyc && cyc.Distinct().Count() > 1)
        {
            int start = 0;
            for (int i = 1; i <= ts.Count; i++)
                if (i == ts.Count || cyc[i] != cyc[start]) { bounds.Add((start, i)); start = i; }
            source = "cycle column of the file";
        }
        else
        {
            bounds = SegmentByVertices(ts.VoltageV);
            source = "sweep vertices";
        }
        var cycles = new List<CvCycle>();
        var mismatches = new List<string>();
        foreach (var (from, to) in bounds)
        {
            if (to - from < 3) continue;
            double qa = 0, qc = 0;
            double ipa = 0, vpa = double.NaN, ipc = 0, vpc = double.NaN, vmin = double.PositiveInfinity, vmax = double.NegativeInfinity;
            for (int i = from; i < to; i++)
            {
                if (i > 0) // the interval ending at i belongs to this cycle (so no charge is lost between cycles)
                {
                    double dt = ts.TimeS[i] - ts.TimeS[i - 1];
                    double i0 = ts.CurrentA[i - 1], i1 = ts.CurrentA[i];
                    // split the trapezoid at the zero crossing so anodic and cathodic parts are exact
                    if (i0 >= 0 && i1 >= 0) qa += 0.5 * (i0 + i1) * dt;
                    else if (i0 <= 0 && i1 <= 0) qc -= 0.5 * (i0 + i1) * dt;
                    else
                    {
                        double f = i0 / (i0 - i1);
                        double a = 0.5 * i0 * f * dt, c = 0.5 * i1 * (1 - f) * dt;
                        if (i0 > 0) { qa += a; qc -= c; } else { qc -= a; qa += c; }
                    }
                }
                double cur = ts.CurrentA[i], v = ts.VoltageV[i];
                if (cur > ipa) { ipa = cur; vpa = v; }
                if (cur < ipc) { ipc = cur; vpc = v; }
                vmin = Math.Min(vmin, v); vmax = Math.Max(vmax, v);
            }
            // the interval ending at row `from` is counted in this cycle, so the file's charge is taken from row from-1
            if (StepIntegration.CrossCheck($"cycle {cycles.Count + 1} net charge", (qa - qc) / 3.6, ts.FileChargeMah is { } fq ? fq[to - 1] - (from > 0 ? fq[from - 1] : fq[0]) : null, ts.FileChargeColumn,
                    scaleMah: (qa + qc) / 3.6) is { } mm) mismatches.Add(mm);
            cycles.Add(new CvCycle(cycles.Count + 1, ts.TimeS[from], ts.TimeS[to - 1], qa, qc, qc > 0 ? qa / qc : double.NaN, ipa, vpa, ipc, vpc, vmin, vmax));
        }
        if (cycles.Count == 0) throw new NitrolyteInputException($"{ts.Source}: no complete voltammetry cycle found");
        warnings.AddRange(mismatches.Take(3));
        if (mismatches.Count > 3) warnings.Add($"{mismatches.Count - 3} more cycles differ from the file's own charge column by more than 0.5 %");
        double ta = cycles.Sum(c => c.AnodicChargeC), tc = cycles.Sum(c => c.CathodicChargeC);
        double net = tc - ta;
        double? netMol = net / Faraday, pelletMol = null, pct = null;
        if (o.PelletMassMg is { } pm && !(pm > 0)) throw new NitrolyteInputException("cyclic voltammetry: the pellet mass must be positive");
        if (o.PelletMassMg is { } m && o.Formula is { } formula)
        {
            Composition comp;
            try { comp = Composition.Parse(formula); }
            catch (Exception e) when (e is not NitrolyteInputException) { throw new NitrolyteInputException($"formula '{formula}': {e.Message}"); }
            double li = comp["Li"];
            if (li <= 0) throw new NitrolyteInputException($"formula '{formula}' contains no Li: net_li_pct needs the Li content of the pellet");
            pelletMol = m / 1000 / comp.MolarMassGPerMol * li;
            pct = 100 * netMol / pelletMol;
        }
        else if (o.PelletMassMg is not null || o.Formula is not null)
            warnings.Add("net_li_pct needs both the pellet mass and the formula");
        var growth = cycles.Count >= 3 ? Growth(cycles.Select(c => c.AnodicChargeC).ToArray()) : null;
        return new CvResult(cycles, ta, tc, net, netMol, pelletMol, pct, growth, source, warnings);
    }

    /// <summary>Cycles from the sweep: vertices are extrema of V with a hysteresis of 5 % of the voltage range; a cycle
    /// ends where the sweep comes back through its starting potential in its starting direction (or at each vertex of
    /// the starting kind when the scan starts at a vertex).</summary>
    public static List<(int From, int To)> SegmentByVertices(double[] v)
    {
        int n = v.Length;
        double vmin = v.Min(), vmax = v.Max(), range = vmax - vmin;
        if (range <= 0) return [(0, n)];
        double hyst = 0.05 * range;
        // direction changes
        var vertices = new List<int>();
        int dir = 0; int ext = 0;
        for (int i = 1; i < n; i++)
        {
            if (dir >= 0 && v[i] > v[ext]) { if (dir == 0 && v[i] - v[0] > hyst) dir = 1; if (dir >= 0) ext = i; }
            if (dir <= 0 && v[i] < v[ext]) { if (dir == 0 && v[0] - v[i] > hyst) dir = -1; if (dir <= 0) ext = i; }
            if (dir == 1 && v[ext] - v[i] > hyst) { vertices.Add(ext); dir = -1; ext = i; }
            else if (dir == -1 && v[i] - v[ext] > hyst) { vertices.Add(ext); dir = 1; ext = i; }
        }
        var bounds = new List<(int, int)>();
        bool startsAtVertex = Math.Abs(v[0] - vmin) < 0.02 * range || Math.Abs(v[0] - vmax) < 0.02 * range;
        var cuts = new List<int>();
        if (startsAtVertex)
        {
            bool low = Math.Abs(v[0] - vmin) < 0.02 * range;
            foreach (var k in vertices) if (low ? Math.Abs(v[k] - vmin) < 0.1 * range : Math.Abs(v[k] - vmax) < 0.1 * range) cuts.Add(k);
        }
        else
        {
            double v0 = v[0];
            int startDir = 0;
            for (int i = 1; i < n && startDir == 0; i++) if (Math.Abs(v[i] - v0) > 1e-9) startDir = Math.Sign(v[i] - v0);
            bool seenLow = false, seenHigh = false;
            int vi = 0;
            for (int i = 1; i < n; i++)
            {
                while (vi < vertices.Count && vertices[vi] <= i) { if (v[vertices[vi]] < v0) seenLow = true; else seenHigh = true; vi++; }
                bool crossed = startDir > 0 ? v[i - 1] < v0 && v[i] >= v0 : v[i - 1] > v0 && v[i] <= v0;
                if (crossed && seenLow && seenHigh) { cuts.Add(i); seenLow = seenHigh = false; }
            }
        }
        int s = 0;
        foreach (var c in cuts) { if (c - s > 2) { bounds.Add((s, c)); s = c; } }
        if (n - s > 2) bounds.Add((s, n));
        return bounds;
    }

    /// <summary>Line or two lines (continuous, break at an interior cycle) fitted to q(cycle), chosen by BIC.</summary>
    public static CvGrowth Growth(double[] q)
    {
        int n = q.Length;
        var x = Enumerable.Range(1, n).Select(i => (double)i).ToArray();
        var one = Numerics.LinearFit.Fit(x, q);
        double rss1 = Enumerable.Range(0, n).Sum(i => Math.Pow(q[i] - one.Predict(x[i]), 2));
        double bestRss = double.PositiveInfinity; int bestK = -1; double s1 = 0, s2 = 0;
        if (n >= 6)
            for (int k = 2; k <= n - 3; k++) // break after cycle index k (1-based x[k-1]); hinge model q = a + b x + c max(0, x - x_k)
            {
                double xk = x[k - 1];
                // least squares for a, b, c
                var A = new double[3, 3]; var r = new double[3];
                for (int i = 0; i < n; i++)
                {
                    double[] f = [1, x[i], Math.Max(0, x[i] - xk)];
                    for (int a = 0; a < 3; a++) { r[a] += f[a] * q[i]; for (int b = 0; b < 3; b++) A[a, b] += f[a] * f[b]; }
                }
                if (Numerics.Cholesky.Solve(A, r) is not { } p) continue;
                double rss = Enumerable.Range(0, n).Sum(i => Math.Pow(q[i] - (p[0] + p[1] * x[i] + p[2] * Math.Max(0, x[i] - xk)), 2));
                if (rss < bestRss) { bestRss = rss; bestK = k; s1 = p[1]; s2 = p[1] + p[2]; }
            }
        double Bic(double rss, int k) => n * Math.Log(Math.Max(rss, 1e-300) / n) + k * Math.Log(n);
        bool two = bestK > 0 && Bic(bestRss, 4) + 2 < Bic(rss1, 2);
        return two ? new CvGrowth(one.Slope, x[bestK - 1], s1, s2, true) : new CvGrowth(one.Slope, null, null, null, false);
    }
}
