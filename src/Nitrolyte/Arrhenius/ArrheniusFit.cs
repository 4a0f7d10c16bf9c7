using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Arrhenius;

/// <summary>One temperature point: T in kelvin, the quantity (conductivity in S/cm, or a diffusivity, or a rate)
/// and optionally its standard error in the same unit.</summary>
public readonly record struct ArrheniusPoint(double TemperatureK, double Value, double StdErr = double.NaN);

/// <summary>
/// A fitted Arrhenius law. <see cref="Log10Prefactor"/> is log10 of A in the unit of the fitted quantity
/// (times K for the sigma-T form). Extrapolations carry a 95 % confidence interval from the covariance of the
/// line in (1/T, ln y) space.
/// </summary>
public sealed record ArrheniusResult(
    ArrheniusForm Form,
    double EaEV, double EaStdErrEV,
    double Log10Prefactor, double Log10PrefactorStdErr,
    double RSquared, int NPoints,
    double TMinK, double TMaxK,
    LinearFitResult Line)
{
    /// <summary>The fitted quantity (e.g. sigma in S/cm) at temperature T.</summary>
    public double ValueAt(double temperatureK) => FromLine(Line.Predict(1.0 / temperatureK), temperatureK);

    /// <summary>95 % (or other level) confidence interval of the fitted quantity at temperature T.</summary>
    public (double Low, double High) ConfidenceIntervalAt(double temperatureK, double level = 0.95)
    {
        var (lo, hi) = Line.ConfidenceInterval(1.0 / temperatureK, level);
        return (FromLine(lo, temperatureK), FromLine(hi, temperatureK));
    }

    /// <summary>Standard error of the fitted quantity at temperature T (delta method from the line's SE of ln y: SE = y·SE(ln y)).</summary>
    public double StdErrAt(double temperatureK) => ValueAt(temperatureK) * Line.PredictionStdErr(1.0 / temperatureK);

    /// <summary>True when T lies outside the measured range, so the value is an extrapolation.</summary>
    public bool IsExtrapolated(double temperatureK) => temperatureK < TMinK - 1e-9 || temperatureK > TMaxK + 1e-9;

    private double FromLine(double lnY, double temperatureK) =>
        Form == ArrheniusForm.SigmaT ? Math.Exp(lnY) / temperatureK : Math.Exp(lnY);
}

/// <summary>Two Arrhenius regimes split at a breakpoint (e.g. a phase transition), chosen by BIC.</summary>
public sealed record TwoRegimeArrheniusResult(
    ArrheniusResult Low, ArrheniusResult High, double BreakpointK,
    double BicSingle, double BicTwoRegime, bool TwoRegimesPreferred);

public static class ArrheniusFitter
{
    /// <summary>
    /// Fits ln(y T^k) = ln A - Ea/(kB T), k = 1 for the sigma-T form and 0 otherwise, by (weighted) linear
    /// regression in 1/T. Standard errors of y, when all are given, become weights 1/(se/y)^2 in log space
    /// (relative errors) and the covariance is scaled by the residual variance, so a bad model is not hidden
    /// by optimistic error bars.
    /// </summary>
    public static ArrheniusResult Fit(IReadOnlyList<ArrheniusPoint> points, ArrheniusForm form = ArrheniusForm.SigmaT)
    {
        if (points.Count < 2)
            throw new NitrolyteInputException($"an Arrhenius fit needs at least two temperatures (got {points.Count})");
        var x = new double[points.Count];
        var y = new double[points.Count];
        bool weighted = points.All(p => double.IsFinite(p.StdErr) && p.StdErr > 0);
        var w = weighted ? new double[points.Count] : null;
        for (int i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (!(p.TemperatureK > 0) || !double.IsFinite(p.TemperatureK))
                throw new NitrolyteInputException($"temperature {p.TemperatureK} K is not positive");
            if (!(p.Value > 0) || !double.IsFinite(p.Value))
                throw new NitrolyteInputException($"value {p.Value} at {p.TemperatureK} K is not positive; the Arrhenius law needs positive values");
            x[i] = 1.0 / p.TemperatureK;
            y[i] = Math.Log(form == ArrheniusForm.SigmaT ? p.Value * p.TemperatureK : p.Value);
            if (w is not null) { var rel = p.StdErr / p.Value; w[i] = 1.0 / (rel * rel); }
        }
        if (points.Select(p => p.TemperatureK).Distinct().Count() < 2)
            throw new NitrolyteInputException($"an Arrhenius fit needs at least two different temperatures (all {points.Count} points are at {points[0].TemperatureK} K)");
        var line = LinearFit.Fit(x, y, w);
        double kB = PhysicalConstants.BoltzmannEVPerK;
        return new ArrheniusResult(form,
            -line.Slope * kB, line.SlopeStdErr * kB,
            line.Intercept / Math.Log(10), line.InterceptStdErr / Math.Log(10),
            line.RSquared, points.Count,
            points.Min(p => p.TemperatureK), points.Max(p => p.TemperatureK), line);
    }

    /// <summary>
    /// Fits one line and every split into two lines with at least <paramref name="minPointsPerRegime"/> points
    /// each, and compares them by the Bayesian information criterion (the two-regime model has 5 parameters:
    /// two lines and the breakpoint). The breakpoint is reported midway (in 1/T) between the neighbouring points.
    /// </summary>
    /// <summary>How much lower the two-regime BIC must be before two regimes are preferred.</summary>
    public const double MinBicImprovement = 10;

    public static TwoRegimeArrheniusResult? FitTwoRegimes(IReadOnlyList<ArrheniusPoint> points, ArrheniusForm form = ArrheniusForm.SigmaT, int minPointsPerRegime = 3)
    {
        var sorted = points.OrderBy(p => p.TemperatureK).ToArray();
        int n = sorted.Length;
        if (n < 2 * minPointsPerRegime) return null;
        var single = Fit(sorted, form);
        double bicSingle = Bic(Rss(single, sorted), n, 2);
        TwoRegimeArrheniusResult? best = null;
        for (int k = minPointsPerRegime; k <= n - minPointsPerRegime; k++)
        {
            var low = Fit(sorted[..k], form);
            var high = Fit(sorted[k..], form);
            double bic = Bic(Rss(low, sorted[..k]) + Rss(high, sorted[k..]), n, 5);
            double invBreak = 0.5 * (1 / sorted[k - 1].TemperatureK + 1 / sorted[k].TemperatureK);
            // Two regimes are only preferred when BIC favours them strongly (by more than 10, "very strong"
            // evidence: the best of several candidate splits is chosen, which flatters the two-line model)
            // and the activation energies differ by more than 3 combined standard errors.
            double eaGap = Math.Abs(low.EaEV - high.EaEV);
            double eaGapSe = Math.Sqrt(low.EaStdErrEV * low.EaStdErrEV + high.EaStdErrEV * high.EaStdErrEV);
            bool preferred = bic < bicSingle - MinBicImprovement && eaGap > 3 * eaGapSe;
            if (best is null || bic < best.BicTwoRegime)
                best = new TwoRegimeArrheniusResult(low, high, 1 / invBreak, bicSingle, bic, preferred);
        }
        return best;
    }

    private static double Rss(ArrheniusResult fit, IReadOnlyList<ArrheniusPoint> pts)
    {
        double s = 0;
        foreach (var p in pts)
        {
            double y = Math.Log(fit.Form == ArrheniusForm.SigmaT ? p.Value * p.TemperatureK : p.Value);
            double r = y - fit.Line.Predict(1 / p.TemperatureK);
            s += r * r;
        }
        return s;
    }

    private static double Bic(double rss, int n, int k) => n * Math.Log(Math.Max(rss, 1e-300) / n) + k * Math.Log(n);
}
