using MathNet.Numerics.Distributions;
using Nitrolyte.Numerics;

namespace Nitrolyte.Exposure;

public enum DecayModel { Exponential, PowerLaw }

/// <summary>
/// A fitted conductivity decay σ(t). Exponential: σ = σ0 exp(−k t) (k per hour). Power law: σ = σ0 (1 − A t^n)
/// (the lost fraction grows as a power of time, n = 1/2 for diffusion-limited growth of a surface layer).
/// <see cref="T80H"/> is the time at which the fitted σ reaches 80 % of σ0, with a 95 % interval: for the
/// exponential from the Student-t interval of k mapped through t80 = ln(1.25)/k (exact for that interval, so it
/// is asymmetric), for the power law by the delta method on ln t80. Null when the fit shows no significant decay
/// (the 95 % interval of k or A reaches zero): then the 80 % time cannot be predicted, <see cref="NotPredictableReason"/> says why.
/// </summary>
public sealed record DecayFit(
    DecayModel Model,
    double Sigma0SPerCm, double Sigma0StdErrSPerCm,
    double Rate, double RateStdErr, double Exponent, double ExponentStdErr,
    double Aicc, double ResidualStdDev, int NPoints, bool Weighted,
    double? T80H, double? T80CiLowH, double? T80CiHighH, string? NotPredictableReason)
{
    public string ModelName => Model == DecayModel.Exponential ? "exponential" : "power_law";

    public string Formula => Model == DecayModel.Exponential ? "σ = σ0 exp(−k t)" : "σ = σ0 (1 − A tⁿ)";

    /// <summary>Fitted σ(t) (S/cm), t in hours.</summary>
    public double SigmaAt(double timeH) => Model == DecayModel.Exponential
        ? Sigma0SPerCm * Math.Exp(-Rate * timeH)
        : Sigma0SPerCm * (1 - Rate * Math.Pow(Math.Max(timeH, 0), Exponent));
}

public static class DecayFitter
{
    public const double RetentionLevel = 0.8;

    /// <summary>Fits the exponential decay; needs ≥ 3 points at ≥ 2 times.</summary>
    public static DecayFit? FitExponential(IReadOnlyList<ExposurePoint> pts)
    {
        if (pts.Count < 3 || pts.Select(p => p.TimeH).Distinct().Count() < 2) return null;
        var (w, weighted) = Weights(pts);
        // Start from the log-linear line.
        var line = LinearFit.Fit(pts.Select(p => p.TimeH).ToArray(), pts.Select(p => Math.Log(p.SigmaSPerCm)).ToArray());
        double[] x0 = [Math.Exp(line.Intercept), -line.Slope];
        var r = LevenbergMarquardt.Minimize(pts.Count, x0, (x, res) =>
        {
            for (int i = 0; i < pts.Count; i++) res[i] = (pts[i].SigmaSPerCm - x[0] * Math.Exp(-x[1] * pts[i].TimeH)) / w[i];
        });
        var se = r.StdErrors;
        double k = r.X[1], sk = se[1];
        int dof = pts.Count - 2;
        double q = StudentT.InvCDF(0, 1, dof, 0.975);
        double l = Math.Log(1 / RetentionLevel);
        double? t80 = null, lo = null, hi = null;
        string? why = null;
        if (!double.IsFinite(sk)) why = "the decay rate is not determined by these points";
        else if (k - q * sk <= 0)
            why = k <= 0
                ? $"no decay: the fitted rate is {k:0.###e+0} ± {sk:0.##e+0} per hour (σ does not fall)"
                : $"the decay is not significant (rate {k:0.###e+0} ± {sk:0.##e+0} per hour; its 95 % interval reaches zero), so the 80 % time has no upper bound";
        else { t80 = l / k; lo = l / (k + q * sk); hi = l / (k - q * sk); }
        return new DecayFit(DecayModel.Exponential, r.X[0], se[0], k, sk, 1, 0,
            ModelSelection.Aicc(r.SumOfSquares, pts.Count, 2), ResidualSd(r, pts, w, weighted), pts.Count, weighted, t80, lo, hi, why);
    }

    /// <summary>Fits the power law (3 parameters, n in [0.1, 3]); needs ≥ 5 points at ≥ 3 times with t > 0 among them.</summary>
    public static DecayFit? FitPowerLaw(IReadOnlyList<ExposurePoint> pts)
    {
        if (pts.Count < 5 || pts.Select(p => p.TimeH).Distinct().Count() < 3) return null;
        var (w, weighted) = Weights(pts);
        double s0 = pts.OrderBy(p => p.TimeH).First().SigmaSPerCm;
        double tMax = pts.Max(p => p.TimeH);
        double loss = 1 - pts.OrderBy(p => p.TimeH).Last().SigmaSPerCm / s0;
        LevenbergMarquardtResult? best = null;
        foreach (var n0 in new[] { 0.5, 1.0, 2.0 })
        {
            double a0 = loss / Math.Pow(tMax, n0);
            LevenbergMarquardtResult r;
            try
            {
                r = LevenbergMarquardt.Minimize(pts.Count, [s0, a0, n0], (x, res) =>
                {
                    for (int i = 0; i < pts.Count; i++)
                        res[i] = (pts[i].SigmaSPerCm - x[0] * (1 - x[1] * Math.Pow(pts[i].TimeH, x[2]))) / w[i];
                }, [double.NegativeInfinity, double.NegativeInfinity, 0.1], [double.PositiveInfinity, double.PositiveInfinity, 3]);
            }
            catch (Core.NitrolyteInputException) { continue; }
            if (best is null || r.SumOfSquares < best.SumOfSquares) best = r;
        }
        if (best is null) return null;
        var se = best.StdErrors;
        double a = best.X[1], n = best.X[2];
        int dof = pts.Count - 3;
        double q = StudentT.InvCDF(0, 1, dof, 0.975);
        double? t80 = null, lo = null, hi = null;
        string? why = null;
        if (!double.IsFinite(se[1]) || !double.IsFinite(se[2])) why = "the power-law parameters are not determined by these points";
        else if (a <= 0) why = "no decay: the fitted loss amplitude is not positive (σ does not fall)";
        else if (LossAtEnd(best, tMax) is var (lossEnd, lossSe) && lossEnd - q * lossSe <= 0)
            why = $"the decay is not significant (fitted loss at {tMax:0.##} h {100 * lossEnd:0.##} ± {100 * lossSe:0.##} %; its 95 % interval reaches zero), so the 80 % time has no upper bound";
        else
        {
            double l = (Math.Log(1 - RetentionLevel) - Math.Log(a)) / n;
            double ga = -1 / (n * a), gn = -l / n;
            double var = ga * ga * best.Covariance[1, 1] + gn * gn * best.Covariance[2, 2] + 2 * ga * gn * best.Covariance[1, 2];
            double sl = Math.Sqrt(Math.Max(var, 0));
            t80 = Math.Exp(l); lo = Math.Exp(l - q * sl); hi = Math.Exp(l + q * sl);
        }
        return new DecayFit(DecayModel.PowerLaw, best.X[0], se[0], a, se[1], n, se[2],
            ModelSelection.Aicc(best.SumOfSquares, pts.Count, 3), ResidualSd(best, pts, w, weighted), pts.Count, weighted, t80, lo, hi, why);
    }

    /// <summary>Fitted lost fraction A t^n at time t and its standard error (delta method on A and n).</summary>
    private static (double Loss, double StdErr) LossAtEnd(LevenbergMarquardtResult r, double t)
    {
        double a = r.X[1], n = r.X[2], tn = Math.Pow(t, n);
        double ga = tn, gn = a * tn * Math.Log(t);
        double v = ga * ga * r.Covariance[1, 1] + gn * gn * r.Covariance[2, 2] + 2 * ga * gn * r.Covariance[1, 2];
        return (a * tn, Math.Sqrt(Math.Max(v, 0)));
    }

    private static (double[] W, bool Weighted) Weights(IReadOnlyList<ExposurePoint> pts)
    {
        bool weighted = pts.All(p => double.IsFinite(p.SigmaStdErrSPerCm) && p.SigmaStdErrSPerCm > 0);
        double scale = pts.Average(p => p.SigmaSPerCm);
        return (pts.Select(p => weighted ? p.SigmaStdErrSPerCm : scale).ToArray(), weighted);
    }

    /// <summary>Scatter of the points about the fit in S/cm (an estimate of one point's error when none was given).</summary>
    private static double ResidualSd(LevenbergMarquardtResult r, IReadOnlyList<ExposurePoint> pts, double[] w, bool weighted)
    {
        if (r.DegreesOfFreedom <= 0) return double.NaN;
        double s = 0;
        for (int i = 0; i < pts.Count; i++) { double d = r.Residuals[i] * w[i]; s += d * d; }
        return Math.Sqrt(s / r.DegreesOfFreedom);
    }
}
