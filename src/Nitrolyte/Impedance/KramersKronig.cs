using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using Vector = MathNet.Numerics.LinearAlgebra.Vector<double>;
using Nitrolyte.Core;

namespace Nitrolyte.Impedance;

public enum KkFitType { Real, Complex }

/// <summary>Result of the Lin-KK test: number of RC elements M, the under/over-fitting measure µ, the KK-compliant
/// fit and its residuals relative to |Z| (percent).</summary>
public sealed record LinKKResult(
    int M, double Mu, double C, KkFitType FitType,
    double ROhmicOhm, double InductanceH, double SeriesCapacitanceF, double[] TausS, double[] ResistancesOhm,
    Complex[] ZFit, double[] ResidualRealPct, double[] ResidualImagPct)
{
    public double MaxResidualPct => Math.Max(ResidualRealPct.Max(Math.Abs), ResidualImagPct.Max(Math.Abs));
    public double MeanAbsResidualPct => (ResidualRealPct.Average(Math.Abs) + ResidualImagPct.Average(Math.Abs)) / 2;
}

/// <summary>
/// The linear Kramers-Kronig test of Schönleber et al. (Electrochim. Acta 131 (2014) 20): Z is fitted by an
/// ohmic resistance, a series inductance and M RC elements with fixed time constants log-spaced from
/// 1/(2π f_max) to 1/(2π f_min); only the resistances are fitted (linear least squares, weights 1/|Z|).
/// M grows from 1 until µ = 1 − Σ|R_k&lt;0| / Σ|R_k≥0| falls to c or below. Fit type "real" fits the real part and
/// then the inductance to the imaginary remainder (the default of Schönleber's tool and impedance.py);
/// "complex" fits both parts at once.
/// </summary>
public static class KramersKronig
{
    public static LinKKResult LinKK(ImpedanceSpectrum s, double c = 0.85, int maxM = 50, KkFitType fitType = KkFitType.Real, bool addCapacitance = false)
    {
        if (!(c > 0 && c <= 1)) throw new NitrolyteInputException($"Lin-KK: c = {c} must lie in (0, 1]");
        if (s.Count < 3) throw new NitrolyteInputException($"{(s.SourceFile is null ? "" : s.SourceFile + ": ")}Lin-KK needs at least 3 points (got {s.Count})");
        if (maxM < 1) throw new NitrolyteInputException($"Lin-KK: the largest number of RC elements must be at least 1 (got {maxM})");
        maxM = Math.Min(maxM, s.Count - 1);
        // The test is linear in Z: fit Z / scale and scale back, so |Z| near the double range (1e308) neither
        // overflows the normal equations (∞ residuals, endless iterations) nor loses precision near 1e-308.
        double scale = s.Z.Max(v => Math.Max(Math.Abs(v.Real), Math.Abs(v.Imaginary)));
        if (scale > 0 && (scale > 1e100 || scale < 1e-100))
        {
            var scaled = new ImpedanceSpectrum(s.FrequenciesHz, s.Z.Select(v => v / scale).ToArray(), s.SourceFile);
            var u = LinKK(scaled, c, maxM, fitType, addCapacitance);
            return u with
            {
                ROhmicOhm = u.ROhmicOhm * scale, InductanceH = u.InductanceH * scale, SeriesCapacitanceF = u.SeriesCapacitanceF / scale,
                ResistancesOhm = u.ResistancesOhm.Select(x => x * scale).ToArray(), ZFit = u.ZFit.Select(v => v * scale).ToArray(),
            };
        }
        LinKKResult? r = null;
        for (int m = 1; m <= maxM; m++)
        {
            r = FitM(s, m, c, fitType, addCapacitance);
            if (r.Mu <= c) break;
        }
        return r!;
    }

    public static double[] TimeConstants(ImpedanceSpectrum s, int m)
    {
        double tMin = 1 / (2 * Math.PI * s.FrequenciesHz.Max()), tMax = 1 / (2 * Math.PI * s.FrequenciesHz.Min());
        if (m == 1) return [tMin];
        return Enumerable.Range(0, m).Select(k => Math.Pow(10, Math.Log10(tMin) + k / (double)(m - 1) * Math.Log10(tMax / tMin))).ToArray();
    }

    /// <summary>True when the low-frequency end is capacitive (blocking electrodes: phase below −45° and −Z'' rising),
    /// so the Lin-KK model needs a series capacitance (impedance.py's add_cap).</summary>
    public static bool NeedsSeriesCapacitance(ImpedanceSpectrum s)
    {
        var order = Enumerable.Range(0, s.Count).OrderBy(i => s.FrequenciesHz[i]).ToArray();
        var low = s.Z[order[0]];
        return low.Imaginary < 0 && -low.Imaginary > low.Real && s.Count > 2 && -low.Imaginary > -s.Z[order[2]].Imaginary;
    }

    /// <summary>
    /// True when the low-frequency end rises like a blocking-electrode CPE spike: −Z'' grows towards the lowest
    /// frequency and the last three points climb at 36° or more in the Nyquist plane (a CPE spike with exponent n
    /// rises at n × 90°, so n down to 0.4), or the end is steeply capacitive (<see cref="NeedsSeriesCapacitance"/>).
    /// An arc closing on the real axis falls towards low frequency and is not a spike.
    /// </summary>
    public static bool HasLowFrequencySpike(ImpedanceSpectrum s)
    {
        if (s.Count < 4) return false;
        if (NeedsSeriesCapacitance(s)) return true;
        var order = Enumerable.Range(0, s.Count).OrderBy(i => s.FrequenciesHz[i]).ToArray();
        var z0 = s.Z[order[0]]; var z1 = s.Z[order[1]]; var z2 = s.Z[order[2]];
        if (!(z0.Imaginary < 0)) return false;
        double dIm = z2.Imaginary - z0.Imaginary, dRe = z0.Real - z2.Real;
        if (!(dIm > 0) || !(z1.Imaginary - z0.Imaginary > 0)) return false;
        return Math.Atan2(dIm, Math.Max(dRe, 0)) >= 0.4 * Math.PI / 2;
    }

    /// <summary>
    /// Lin-KK with the series capacitance chosen automatically: without it when the low-frequency end shows no
    /// spike; with a spike, both fits are made and the capacitance is kept when it lowers the mean residual by
    /// a quarter or more (a series capacitor is itself KK-compliant, so keeping it never hides a violation).
    /// </summary>
    public static (LinKKResult Result, bool Capacitance) LinKKAuto(ImpedanceSpectrum s, double c = 0.85, int maxM = 50, KkFitType fitType = KkFitType.Real)
    {
        var without = LinKK(s, c, maxM, fitType, false);
        if (!HasLowFrequencySpike(s)) return (without, false);
        var with = LinKK(s, c, maxM, fitType, true);
        return with.MeanAbsResidualPct <= 0.75 * without.MeanAbsResidualPct ? (with, true) : (without, false);
    }

    public static LinKKResult FitM(ImpedanceSpectrum s, int m, double c, KkFitType fitType, bool addCapacitance = false)
    {
        int n = s.Count;
        var w = s.AngularFrequencies;
        var z = s.Z;
        var mod = z.Select(v => v.Magnitude).ToArray();
        var ts = TimeConstants(s, m);
        double r0, l, invC = 0;
        double[] rk;
        if (fitType == KkFitType.Real)
        {
            var a = Matrix<double>.Build.Dense(n, m + 1);
            var b = Vector.Build.Dense(n);
            for (int i = 0; i < n; i++)
            {
                a[i, 0] = 1 / mod[i];
                for (int k = 0; k < m; k++) a[i, k + 1] = (1 / new Complex(1, w[i] * ts[k])).Real / mod[i];
                b[i] = z[i].Real / mod[i];
            }
            var x = PseudoInverseSolve(a, b);
            r0 = x[0];
            rk = x.Skip(1).ToArray();
            // inductance (and series 1/C) from the imaginary remainder
            var ai = Matrix<double>.Build.Dense(n, addCapacitance ? 2 : 1);
            var bi = Vector.Build.Dense(n);
            for (int i = 0; i < n; i++)
            {
                double imFit = 0;
                for (int k = 0; k < m; k++) imFit += rk[k] * (1 / new Complex(1, w[i] * ts[k])).Imaginary;
                ai[i, 0] = w[i] / mod[i];
                if (addCapacitance) ai[i, 1] = -1 / (w[i] * mod[i]);
                bi[i] = (z[i].Imaginary - imFit) / mod[i];
            }
            var li = PseudoInverseSolve(ai, bi);
            l = li[0];
            invC = addCapacitance ? li[1] : 0;
        }
        else
        {
            int nc = m + 2 + (addCapacitance ? 1 : 0);
            var a = Matrix<double>.Build.Dense(2 * n, nc);
            var b = Vector.Build.Dense(2 * n);
            for (int i = 0; i < n; i++)
            {
                a[2 * i, 0] = 1 / mod[i];
                for (int k = 0; k < m; k++)
                {
                    var kk = 1 / new Complex(1, w[i] * ts[k]);
                    a[2 * i, k + 1] = kk.Real / mod[i];
                    a[2 * i + 1, k + 1] = kk.Imaginary / mod[i];
                }
                a[2 * i + 1, m + 1] = w[i] / mod[i];
                if (addCapacitance) a[2 * i + 1, m + 2] = -1 / (w[i] * mod[i]);
                b[2 * i] = z[i].Real / mod[i];
                b[2 * i + 1] = z[i].Imaginary / mod[i];
            }
            var x = PseudoInverseSolve(a, b);
            r0 = x[0];
            rk = x.Skip(1).Take(m).ToArray();
            l = x[m + 1];
            if (addCapacitance) invC = x[m + 2];
        }
        double neg = rk.Where(v => v < 0).Sum(Math.Abs), pos = rk.Where(v => v >= 0).Sum(Math.Abs);
        double mu = pos > 0 ? 1 - neg / pos : double.NegativeInfinity;
        var zfit = new Complex[n];
        var rre = new double[n];
        var rim = new double[n];
        for (int i = 0; i < n; i++)
        {
            Complex zz = r0 + new Complex(0, w[i] * l - invC / w[i]);
            for (int k = 0; k < m; k++) zz += rk[k] / new Complex(1, w[i] * ts[k]);
            zfit[i] = zz;
            rre[i] = 100 * (z[i].Real - zz.Real) / mod[i];
            rim[i] = 100 * (z[i].Imaginary - zz.Imaginary) / mod[i];
        }
        return new LinKKResult(m, mu, c, fitType, r0, l, invC != 0 ? 1 / invC : double.PositiveInfinity, ts, rk, zfit, rre, rim);
    }

    /// <summary>Least squares by the SVD pseudo-inverse (singular values below 1e-15 of the largest dropped).</summary>
    internal static double[] PseudoInverseSolve(Matrix<double> a, Vector b)
    {
        // a long spectrum: reduce by a thin QR first (A = QR, A⁺b = R⁺Qᵀb), as the SVD with vectors builds the full
        // N × N matrix U (gigabytes for 10⁵ points)
        if (a.RowCount > 1000 && a.RowCount > 4 * a.ColumnCount)
        {
            var qr = a.QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin);
            return PseudoInverseSolve(qr.R, qr.Q.TransposeThisAndMultiply(b));
        }
        if (a.Enumerate().Any(v => !double.IsFinite(v)) || b.Enumerate().Any(v => !double.IsFinite(v)))
            throw new NitrolyteInputException("the Lin-KK fit did not converge: the linear system holds numbers that are not finite (frequencies or impedances far outside the double range: check the units of the file)");
        MathNet.Numerics.LinearAlgebra.Factorization.Svd<double> svd;
        try { svd = a.Svd(true); }
        catch (MathNet.Numerics.NonConvergenceException e)
        {
            throw new NitrolyteInputException($"the Lin-KK fit did not converge: the singular value decomposition failed ({e.Message}); the spectrum is probably degenerate or spans an extreme range of values", e);
        }
        var sv = svd.S;
        double cut = 1e-15 * sv.Maximum();
        var utb = svd.U.TransposeThisAndMultiply(b);
        var y = Vector.Build.Dense(a.ColumnCount);
        for (int i = 0; i < sv.Count; i++) if (sv[i] > cut) y[i] = utb[i] / sv[i];
        return svd.VT.TransposeThisAndMultiply(y).ToArray();
    }
}
