using MathNet.Numerics.Distributions;
using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Nmr;

/// <summary>One point of a saturation- or inversion-recovery curve: delay (s) and magnetisation (any unit).</summary>
public readonly record struct RecoveryPoint(double DelayS, double Magnetisation);

/// <summary>
/// A fit of M(t) = M0 [1 − b exp(−(t/T1)^β)]: mono-exponential (β = 1) or stretched (β free, 0.1–2). b ≈ 1 for
/// saturation recovery, ≈ 2 for inversion recovery (fitted, so imperfect pulses are absorbed). T1 errors are
/// from the covariance of ln T1 (residual-scaled), with a 95 % interval exp(ln T1 ± t·se).
/// </summary>
public sealed record RecoveryFit(
    bool Stretched, double M0, double M0StdErr, double B, double BStdErr,
    double T1S, double T1StdErrS, double T1CiLowS, double T1CiHighS,
    double Beta, double BetaStdErr, double Aicc, double ResidualStdDev, int NPoints)
{
    public string ModelName => Stretched ? "stretched" : "mono";
    public double At(double delayS) => M0 * (1 - B * Math.Exp(-Math.Pow(delayS / T1S, Beta)));
    /// <summary>Inversion recovery when b is nearer 2 than 1.</summary>
    public string Experiment => B > 1.5 ? "inversion recovery" : "saturation recovery";
}

/// <summary>Both fits of one curve and the one chosen: the stretched form must lower AICc by more than 2 and have β more than 2 standard errors from 1.</summary>
public sealed record RecoveryResult(double? TemperatureK, RecoveryFit Mono, RecoveryFit? Stretched, RecoveryFit Chosen, IReadOnlyList<RecoveryPoint> Points, IReadOnlyList<string> Warnings);

public static class RecoveryFitter
{
    public static RecoveryResult Fit(IReadOnlyList<RecoveryPoint> points, double? temperatureK = null)
    {
        if (points.Count < 4) throw new NitrolyteInputException($"a recovery curve needs at least 4 delays (got {points.Count}{(temperatureK is { } t ? $" at {t:0.#} K" : "")})");
        if (points.Any(p => !(p.DelayS >= 0) || !double.IsFinite(p.Magnetisation)))
            throw new NitrolyteInputException("recovery delays must be zero or positive and magnetisations finite");
        var warnings = new List<string>();
        var mono = FitOne(points, false) ?? throw new NitrolyteInputException("the mono-exponential recovery fit failed");
        var str = points.Count >= 6 ? FitOne(points, true) : null;
        // stretched only when it lowers AICc by more than 2 AND β differs from 1 by more than 2 standard errors
        // (AICc alone picks a spurious β ≈ 1.05 on ~10 % of mono-exponential curves)
        var chosen = str is not null && str.Aicc < mono.Aicc - 2 && Math.Abs(str.Beta - 1) > 2 * str.BetaStdErr ? str : mono;
        double maxDelay = points.Max(p => p.DelayS), minDelay = points.Where(p => p.DelayS > 0).Select(p => p.DelayS).DefaultIfEmpty(0).Min();
        if (maxDelay < 3 * chosen.T1S) warnings.Add($"the longest delay ({maxDelay:G3} s) is shorter than 3 T1 ({3 * chosen.T1S:G3} s): M0 is extrapolated and T1 is uncertain");
        if (minDelay > chosen.T1S) warnings.Add($"the shortest delay ({minDelay:G3} s) is longer than T1 ({chosen.T1S:G3} s): the start of the recovery is not sampled");
        return new RecoveryResult(temperatureK, mono, str, chosen, points, warnings);
    }

    private static RecoveryFit? FitOne(IReadOnlyList<RecoveryPoint> pts, bool stretched)
    {
        int m = pts.Count, k = stretched ? 4 : 3;
        if (m <= k) return null;
        var sorted = pts.OrderBy(p => p.DelayS).ToList();
        double mInf = sorted.TakeLast(Math.Max(1, m / 5)).Average(p => p.Magnetisation);
        if (mInf == 0) mInf = sorted.Max(p => Math.Abs(p.Magnetisation));
        double b0 = 1 - sorted[0].Magnetisation / mInf;
        if (!(b0 > 0.2)) b0 = 1;
        double scale = Math.Max(Math.Abs(mInf), 1e-300);
        double dMin = Math.Max(sorted.Where(p => p.DelayS > 0).Select(p => p.DelayS).DefaultIfEmpty(1).Min(), 1e-12);
        double dMax = Math.Max(sorted[^1].DelayS, dMin * 10);
        LevenbergMarquardtResult? best = null;
        for (int i = 0; i < 9; i++)
        {
            double t1 = dMin * Math.Pow(dMax / dMin, i / 8.0);
            double[] x0 = stretched ? [mInf, b0, Math.Log(t1), 0.8] : [mInf, b0, Math.Log(t1)];
            double[]? lo = stretched ? [double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity, 0.1] : null;
            double[]? hi = stretched ? [double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity, 2.0] : null;
            LevenbergMarquardtResult r;
            try
            {
                r = LevenbergMarquardt.Minimize(m, x0, (x, res) =>
                {
                    double t1x = Math.Exp(x[2]), beta = stretched ? x[3] : 1;
                    for (int j = 0; j < m; j++)
                        res[j] = (pts[j].Magnetisation - x[0] * (1 - x[1] * Math.Exp(-Math.Pow(pts[j].DelayS / t1x, beta)))) / scale;
                }, lo, hi);
            }
            catch (NitrolyteInputException) { continue; }
            if (double.IsFinite(r.SumOfSquares) && (best is null || r.SumOfSquares < best.SumOfSquares)) best = r;
        }
        if (best is null) return null;
        var se = best.StdErrors;
        double t1v = Math.Exp(best.X[2]), slt = se[2];
        double q = StudentT.InvCDF(0, 1, Math.Max(1, m - k), 0.975);
        return new RecoveryFit(stretched, best.X[0], se[0], best.X[1], se[1], t1v, t1v * slt, Math.Exp(best.X[2] - q * slt), Math.Exp(best.X[2] + q * slt),
            stretched ? best.X[3] : 1, stretched ? se[3] : 0, ModelSelection.Aicc(best.SumOfSquares, m, k),
            scale * Math.Sqrt(best.SumOfSquares / Math.Max(1, m - k)), m);
    }
}
