using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using Vector = MathNet.Numerics.LinearAlgebra.Vector<double>;
using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>A DRT peak: time constant, resistance (area under the peak) and capacitance C = τ/R.</summary>
public sealed record DrtPeak(double TauS, double ResistanceOhm, double CapacitanceF)
{
    public double FrequencyHz => 1 / (2 * Math.PI * TauS);
}

public sealed record DrtResult(
    double Lambda, string LambdaMethod, double[] TausS, double[] GammaOhm, double ROhmicOhm, double InductanceH, double SeriesCapacitanceF,
    IReadOnlyList<DrtPeak> Peaks, Complex[] ZFit, bool InductiveTail, int InductivePoints, double[] LambdaGrid, double[] GcvScores)
{
    /// <summary>Low-frequency points of a blocking-electrode spike left out of the DRT fit.</summary>
    public int ExcludedSpikePoints { get; init; }
    /// <summary>The points actually fitted (ZFit is evaluated at these).</summary>
    public double[] FittedFrequenciesHz { get; init; } = [];
}

/// <summary>
/// Distribution of relaxation times: Z(ω) = R∞ + jωL + ∫ γ(ln τ)/(1 + jωτ) d ln τ, with γ piecewise constant on
/// a log-τ grid (10 per decade, one decade beyond the measured range on each side), fitted to real and imaginary
/// parts weighted by 1/|Z| with a second-derivative Tikhonov penalty λ‖D γ‖², γ ≥ 0 and R∞ ≥ 0 (NNLS). λ is
/// chosen by generalised cross-validation of the unconstrained ridge problem (Wahba 1977; Saccoccio 2014 for DRT).
/// Spectra with positive Z'' (an inductive tail) are flagged and an inductance L ≥ 0 is added to the model
/// rather than silently distorting γ; a capacitive low-frequency end (blocking electrodes) gets a series
/// capacitance 1/C ≥ 0 for the same reason.
/// </summary>
public static class Drt
{
    public static DrtResult Compute(ImpedanceSpectrum s, double? lambda = null, int pointsPerDecade = 10)
    {
        if (s.Count < 5) throw new NitrolyteInputException($"{(s.SourceFile is null ? "" : s.SourceFile + ": ")}DRT needs at least 5 points (got {s.Count})");
        s.RequireFittableMagnitudes("DRT");
        int excluded = 0;
        if (KramersKronig.NeedsSeriesCapacitance(s))
        {
            // blocking electrodes: the capacitive spike is not a relaxation; fit the arcs above the valley of -Z''
            // between arc and spike (a series capacitance absorbs what remains of the spike)
            var order = Enumerable.Range(0, s.Count).OrderBy(i => s.FrequenciesHz[i]).ToArray();
            int v = 0;
            while (v + 1 < order.Length && -s.Z[order[v + 1]].Imaginary < -s.Z[order[v]].Imaginary) v++;
            if (v > 0 && order.Length - v >= 5)
            {
                var keep = order.Skip(v).OrderByDescending(i => s.FrequenciesHz[i]).ToArray();
                excluded = s.Count - keep.Length;
                s = s.Select(keep);
            }
        }
        int n = s.Count;
        var w = s.AngularFrequencies;
        double tLo = 1 / w.Max() / 10, tHi = 1 / w.Min() * 10;
        double decades = Math.Log10(tHi / tLo);
        string where = s.SourceFile is null ? "" : s.SourceFile + ": ";
        if (!double.IsFinite(decades) || !(tLo > 0) || w.Max() / w.Min() < 1 + 1e-9)
            throw new NitrolyteInputException($"{where}DRT needs frequencies that span a range (got {s.FrequenciesHz.Min():G4} to {s.FrequenciesHz.Max():G4} Hz)");
        if (!(pointsPerDecade is >= 1 and <= 100))
            throw new NitrolyteInputException($"DRT: {pointsPerDecade} τ points per decade must lie between 1 and 100");
        if (decades > 24)
            throw new NitrolyteInputException($"{where}DRT: the frequencies span {decades - 2:0} decades ({s.FrequenciesHz.Min():G4} to {s.FrequenciesHz.Max():G4} Hz): more than 22 is not an impedance measurement (check the frequency unit)");
        int m = (int)Math.Ceiling(decades * pointsPerDecade) + 1;
        var taus = Enumerable.Range(0, m).Select(k => tLo * Math.Pow(tHi / tLo, k / (double)(m - 1))).ToArray();
        double dln = Math.Log(taus[1] / taus[0]);
        int inductivePts = s.Z.Count(z => z.Imaginary > 0);
        bool inductive = s.HasInductivePoints();
        bool blocking = KramersKronig.NeedsSeriesCapacitance(s);
        int ci = m + 1 + (inductive ? 1 : 0);
        int nc = ci + (blocking ? 1 : 0);
        // The least-squares problem min ‖A x − b‖² (2N rows: Z' and Z'' over |Z|) is never materialised: its
        // normal equations AᵀA (nc × nc), Aᵀb and bᵀb are accumulated in one pass over the points, in fixed chunks
        // of points reduced in chunk order (the result does not depend on the thread count). Cost O(N nc²) time,
        // O(nc²) memory per chunk, so a 10⁵-point spectrum needs no 2N × nc matrix.
        var normal = DrtNormalEquations.Build(s.Z, w, taus, dln, inductive, blocking);
        var ata = normal.AtA;
        var atb = normal.AtB;
        // second-difference operator on gamma (R∞ and L unpenalised)
        var d = Matrix<double>.Build.Dense(m - 2, nc);
        for (int k = 0; k < m - 2; k++) { d[k, k] = 1; d[k, k + 1] = -2; d[k, k + 2] = 1; }
        // scale gamma's columns to order 1 relative to the data
        // λ is dimensionless: the penalty is scaled by the mean diagonal of AᵀA over the γ columns
        var grid = Enumerable.Range(0, 33).Select(k => Math.Pow(10, -7 + 0.25 * k)).ToArray();
        var gcv = new double[grid.Length];
        var dtd = d.TransposeThisAndMultiply(d);
        // small ridge on the unpenalised columns keeps the GCV solve regular
        double scale = Enumerable.Range(0, m).Average(j => ata[j, j]);
        dtd *= scale;
        for (int j = m; j < nc; j++) dtd[j, j] = 1e-12 * scale;
        if (lambda is { } given && !(given >= 0 && double.IsFinite(given)))
            throw new NitrolyteInputException($"DRT: λ = {given} must be a finite number ≥ 0");
        double chosen = lambda ?? double.NaN;
        string method = lambda is null ? "gcv" : "given";
        if (lambda is null)
        {
            var xs = new Vector[grid.Length];
            var traces = new double[grid.Length];
            for (int g = 0; g < grid.Length; g++)
            {
                var mat = ata + grid[g] * dtd;
                Matrix<double> inv;
                try { inv = mat.Inverse(); } catch { continue; }
                xs[g] = inv * atb;
                // tr(A inv Aᵀ) = tr(inv AᵀA): an nc × nc product, not a 2N × 2N hat matrix (11 GB for 10⁵ points)
                traces[g] = 2 * n - (inv * ata).Trace();
            }
            // residuals ‖A x − b‖² of all λ in one more pass over the points (exact, no cancellation in xᵀAᵀAx − 2xᵀAᵀb + bᵀb)
            var rss = DrtNormalEquations.ResidualSquares(s.Z, w, taus, dln, inductive, blocking, xs);
            int best = 0;
            for (int g = 0; g < grid.Length; g++)
            {
                gcv[g] = xs[g] is null ? double.PositiveInfinity : 2 * n * rss[g] / (traces[g] * traces[g]);
                if (!double.IsFinite(gcv[g])) gcv[g] = double.PositiveInfinity;
                if (gcv[g] < gcv[best]) best = g;
            }
            chosen = grid[best];
        }
        // constrained solve: NNLS of the augmented problem [A; √(λ s) D] x ≈ [b; 0], reduced to an equivalent
        // nc × nc problem ‖Lᵀx − L⁻¹Aᵀb‖² with H = AᵀA + λ s DᵀD = L Lᵀ (same minimiser, same gradient Aᵀ(b − Ax))
        var sol = DrtNormalEquations.SolveNonNegative(ata, atb, normal.BtB, normal.ColumnAbsSums, d, chosen * scale);
        var gamma = sol.Take(m).ToArray();
        double rinf = sol[m];
        double l = inductive ? sol[m + 1] : 0;
        double invC = blocking ? sol[ci] : 0;
        var zfit = new Complex[n];
        for (int i = 0; i < n; i++)
        {
            Complex z = rinf + new Complex(0, w[i] * l - invC / w[i]);
            for (int k = 0; k < m; k++) z += gamma[k] * dln / new Complex(1, w[i] * taus[k]);
            zfit[i] = z;
        }
        return new DrtResult(chosen, method, taus, gamma, rinf, l, invC > 0 ? 1 / invC : double.PositiveInfinity, FindPeaks(taus, gamma, dln), zfit, inductive, inductivePts, grid, gcv)
        {
            ExcludedSpikePoints = excluded, FittedFrequenciesHz = s.FrequenciesHz,
        };
    }

    /// <summary>Peaks of γ above <paramref name="threshold"/> (default 2 %) of its maximum; each peak's resistance is γ integrated between the neighbouring minima.</summary>
    public static List<DrtPeak> FindPeaks(double[] taus, double[] gamma, double dln, double threshold = 0.02)
    {
        int m = gamma.Length;
        double max = gamma.Max();
        var peaks = new List<DrtPeak>();
        if (max <= 0) return peaks;
        var idx = new List<int>();
        for (int k = 0; k < m; k++)
        {
            double left = k > 0 ? gamma[k - 1] : 0, right = k < m - 1 ? gamma[k + 1] : 0;
            if (gamma[k] > threshold * max && gamma[k] >= left && gamma[k] > right) idx.Add(k);
        }
        for (int p = 0; p < idx.Count; p++)
        {
            int lo = p == 0 ? 0 : ArgMin(gamma, idx[p - 1], idx[p]);
            int hi = p == idx.Count - 1 ? m - 1 : ArgMin(gamma, idx[p], idx[p + 1]);
            double r = 0, wsum = 0, lnTau = 0;
            for (int k = lo; k <= hi; k++)
            {
                double weight = (k == lo && p > 0) || (k == hi && p < idx.Count - 1) ? 0.5 : 1;
                r += weight * gamma[k] * dln;
                wsum += weight * gamma[k];
                lnTau += weight * gamma[k] * Math.Log(taus[k]);
            }
            // centre of mass of the peak in ln τ (finer than the grid spacing)
            double tau = wsum > 0 ? Math.Exp(lnTau / wsum) : taus[idx[p]];
            if (r > 0) peaks.Add(new DrtPeak(tau, r, tau / r));
        }
        return peaks;
    }

    private static int ArgMin(double[] v, int from, int to)
    {
        int best = from;
        for (int k = from; k <= to; k++) if (v[k] < v[best]) best = k;
        return best;
    }
}
