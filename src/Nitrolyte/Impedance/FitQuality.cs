using System.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>
/// How far a circuit fit's χ² lies above the noise floor of its spectrum. The floor is the larger of two
/// estimates of the noise variance σ² (in the fit's weighting), times the degrees of freedom 2N − P:
/// (1) the residual-structure estimate: second differences (along log f) of the fit's own weighted residuals,
/// Σ(r_{i−1} − 2r_i + r_{i+1})² / (6 (N − 2)) per component, which removes the smooth misfit of a wrong minimum
/// and keeps the point-to-point scatter of noise; (2) Lin-KK: the residuals of a complex Lin-KK fit (a flexible
/// KK-consistent model, with the series capacitance when the low-frequency end is blocking) per degree of
/// freedom (fixed M = N/3). A fit whose χ² exceeds <see cref="GoodRatio"/> × the floor has not reached a good minimum: either a
/// local minimum of a flexible enough circuit, or a circuit that cannot describe the spectrum.
/// </summary>
public sealed record FitQuality(bool ConvergedToGoodMinimum, double ChiSquareOverNoiseFloor, double NoiseFloorChiSquare,
    double ResidualNoiseVariance, double LinKKNoiseVariance)
{
    /// <summary>χ² up to this multiple of the noise floor counts as a good minimum.</summary>
    public const double GoodRatio = 2.0;

    public string Describe() => ConvergedToGoodMinimum
        ? $"chi² is {ChiSquareOverNoiseFloor:0.00} × the noise floor"
        : $"fit did not converge to a good minimum: chi² is {ChiSquareOverNoiseFloor:0.0} × the noise floor estimated from the residual scatter and Lin-KK (a local minimum, or a circuit that cannot describe these data: try eis compare or --initial)";

    /// <summary>Assesses χ² of a fit with weighted residuals <paramref name="residuals"/> (interleaved re, im per point).</summary>
    public static FitQuality Assess(ImpedanceSpectrum s, Complex[] model, Weighting w, double chiSquare, int freeParameters, double? linKKVariance = null)
    {
        int n = s.Count;
        var order = Enumerable.Range(0, n).OrderByDescending(i => s.FrequenciesHz[i]).ToArray();
        var (wr, wi) = Weights(s, model, w);
        // (1) second differences of the weighted residuals
        double sd = 0; int cnt = 0;
        for (int j = 1; j + 1 < n; j++)
        {
            int a = order[j - 1], b = order[j], c = order[j + 1];
            double re(int i) => (model[i].Real - s.Z[i].Real) * wr[i];
            double im(int i) => (model[i].Imaginary - s.Z[i].Imaginary) * wi[i];
            double d1 = re(a) - 2 * re(b) + re(c), d2 = im(a) - 2 * im(b) + im(c);
            sd += d1 * d1 + d2 * d2; cnt += 2;
        }
        double varDiff = cnt > 0 ? sd / (6.0 * cnt) : double.NaN;
        double varKk = linKKVariance ?? LinKKVariance(s, w);
        double v = Math.Max(double.IsFinite(varDiff) ? varDiff : 0, double.IsFinite(varKk) ? varKk : 0);
        double floor = v * Math.Max(1, 2 * n - freeParameters);
        double ratio = floor > 0 ? chiSquare / floor : (chiSquare <= 1e-20 ? 1 : double.PositiveInfinity);
        // an exact (noise-free) spectrum: χ² at rounding level is a good minimum whatever the ratio
        double scale = 0;
        for (int i = 0; i < n; i++) scale += Math.Pow(s.Z[i].Magnitude * Math.Max(wr[i], wi[i]), 2);
        bool exact = chiSquare <= 1e-16 * Math.Max(scale, 1e-300);
        return new FitQuality(exact || ratio <= GoodRatio, ratio, floor, varDiff, varKk);
    }

    /// <summary>Noise variance per residual (in weighting <paramref name="w"/>) left by a complex Lin-KK fit with a
    /// fixed, generous M = N/3 RC elements (no µ search: a linear model, so χ²/(2N − M − 2) estimates σ² whenever
    /// the RC sum can follow the spectrum), with a series capacitance too when the low-frequency end is a spike
    /// (the lower of the two); NaN when it cannot be fitted.</summary>
    public static double LinKKVariance(ImpedanceSpectrum s, Weighting w)
    {
        int n = s.Count;
        if (n < 6) return double.NaN;
        int m = Math.Max(1, n / 3);
        if (w == Weighting.Modulus) return LinKKVarianceModulus(s, m);
        double best = double.NaN;
        foreach (bool cap in KramersKronig.HasLowFrequencySpike(s) ? new[] { false, true } : [false])
        {
            var kk = KramersKronig.FitM(s, m, 0.85, KkFitType.Complex, cap);
            var (wr, wi) = Weights(s, kk.ZFit, w);
            double ss = 0;
            for (int i = 0; i < n; i++)
            {
                double dr = (kk.ZFit[i].Real - s.Z[i].Real) * wr[i], di = (kk.ZFit[i].Imaginary - s.Z[i].Imaginary) * wi[i];
                ss += dr * dr + di * di;
            }
            int dof = 2 * n - (m + 2 + (cap ? 1 : 0));
            if (dof > 0 && double.IsFinite(ss) && !(ss / dof >= best)) best = ss / dof;
        }
        return best;
    }

    /// <summary>The same estimate for modulus weighting (the Lin-KK fit's own 1/|Z| weights, so the residual sum of
    /// squares is the least-squares residual itself): one Householder QR gives the fits without and with the series
    /// capacitance (the capacitance column last).</summary>
    private static double LinKKVarianceModulus(ImpedanceSpectrum s, int m)
    {
        int n = s.Count, rows = 2 * n;
        bool cap = KramersKronig.HasLowFrequencySpike(s);
        int nc = m + 2 + (cap ? 1 : 0);
        var w = s.AngularFrequencies;
        var ts = KramersKronig.TimeConstants(s, m);
        var a = new double[rows * nc];
        var b = new double[rows];
        for (int i = 0; i < n; i++)
        {
            double inv = 1 / s.Z[i].Magnitude;
            if (!double.IsFinite(inv) || !double.IsFinite(w[i])) return double.NaN;
            a[2 * i] = inv;
            for (int k = 0; k < m; k++)
            {
                double x = w[i] * ts[k], d = 1 / (1 + x * x);
                a[(k + 1) * rows + 2 * i] = d * inv;
                a[(k + 1) * rows + 2 * i + 1] = -x * d * inv;
            }
            a[(m + 1) * rows + 2 * i + 1] = w[i] * inv;
            if (cap) a[(m + 2) * rows + 2 * i + 1] = -inv / w[i];
            b[2 * i] = s.Z[i].Real * inv;
            b[2 * i + 1] = s.Z[i].Imaginary * inv;
        }
        var ss = Numerics.HouseholderResiduals.Compute(a, rows, nc, b, cap ? [m + 2, m + 3] : [m + 2]);
        double best = double.NaN;
        for (int j = 0; j < ss.Length; j++)
        {
            int dof = rows - (m + 2 + j);
            if (dof > 0 && double.IsFinite(ss[j]) && !(ss[j] / dof >= best)) best = ss[j] / dof;
        }
        return best;
    }

    private static (double[] Re, double[] Im) Weights(ImpedanceSpectrum s, Complex[] model, Weighting w)
    {
        int n = s.Count;
        var re = new double[n]; var im = new double[n];
        for (int i = 0; i < n; i++)
        {
            double mod = s.Z[i].Magnitude;
            switch (w)
            {
                case Weighting.Unit: re[i] = im[i] = 1; break;
                case Weighting.Modulus: re[i] = im[i] = 1 / mod; break;
                case Weighting.Proportional:
                    re[i] = 1 / Math.Max(Math.Abs(s.Z[i].Real), 1e-6 * mod);
                    im[i] = 1 / Math.Max(Math.Abs(s.Z[i].Imaginary), 1e-6 * mod);
                    break;
                case Weighting.Boukamp: re[i] = im[i] = 1 / Math.Max(model[i].Magnitude, 1e-300); break;
            }
        }
        return (re, im);
    }
}
