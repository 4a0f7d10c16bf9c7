using Nitrolyte.Arrhenius;
using Nitrolyte.Core;

namespace Nitrolyte.Dynamics;

/// <summary>One temperature of an MD Arrhenius series.</summary>
public sealed record MdTemperaturePoint(
    double TemperatureK,
    double DCm2PerS,
    double DStdErrCm2PerS,
    double SigmaSPerCm,
    double SigmaStdErrSPerCm,
    int Ions,
    double VolumeA3,
    string Label);

/// <summary>The result of `md arrhenius` (its JSON: Reports/DynamicsJson.Arrhenius).</summary>
public sealed record MdArrheniusSummary(
    double EaEV,
    double EaStdErrEV,
    double Sigma300KSPerCm,
    double[] Sigma300KCi95SPerCm,
    double D300KCm2PerS,
    double[] D300KCi95Cm2PerS,
    double Log10D0,
    double Log10D0StdErr,
    string FittedQuantity,
    int NTemperatures,
    double TMinK,
    double TMaxK,
    bool Extrapolated,
    bool Simulated,
    IReadOnlyList<MdTemperaturePoint> Points);

/// <summary>
/// Arrhenius analysis of MD diffusivities at several temperatures (as seeds 002/003 do): fits
/// D = D0 exp(−Ea/kBT) with the shared <see cref="ArrheniusFitter"/> (weights from the GLS standard errors of D,
/// covariance scaled by the residual variance), extrapolates D to 300 K with its 95 % confidence interval
/// (Student t with n−2 degrees of freedom: few temperatures give wide intervals, honestly) and converts to σ by
/// Nernst–Einstein at 300 K with the mean carrier density of the runs.
/// </summary>
public static class MdArrhenius
{
    public const double ReferenceK = 300;

    public static (MdArrheniusSummary Summary, ArrheniusResult Fit) Fit(IReadOnlyList<MdTemperaturePoint> points, double charge, double referenceK = ReferenceK)
    {
        if (points.Count < 2) throw new NitrolyteInputException($"an Arrhenius fit needs at least two temperatures (got {points.Count})");
        if (points.Any(p => !(p.DCm2PerS > 0)))
            throw new NitrolyteInputException($"D must be positive at every temperature for an Arrhenius fit ({string.Join(", ", points.Where(p => !(p.DCm2PerS > 0)).Select(p => $"{p.TemperatureK} K: D = {p.DCm2PerS:G3}"))})");
        var fit = ArrheniusFitter.Fit(points.Select(p => new ArrheniusPoint(p.TemperatureK, p.DCm2PerS, p.DStdErrCm2PerS)).ToList(), ArrheniusForm.Sigma);
        double d300 = fit.ValueAt(referenceK);
        var (lo, hi) = fit.ConfidenceIntervalAt(referenceK);
        double nOverV = points.Average(p => p.Ions / p.VolumeA3);
        double f = NernstEinstein.Factor(1, 1 / nOverV, charge, referenceK);
        var summary = new MdArrheniusSummary(fit.EaEV, fit.EaStdErrEV, d300 * f, [lo * f, hi * f], d300, [lo, hi],
            fit.Log10Prefactor, fit.Log10PrefactorStdErr, "diffusivity", points.Count, fit.TMinK, fit.TMaxK,
            fit.IsExtrapolated(referenceK), true, points);
        return (summary, fit);
    }

    public static MdTemperaturePoint Point(MdAnalysisResult r, string label)
    {
        double t = r.Options.TemperatureK ?? throw new NitrolyteInputException($"{label}: the temperature is needed for the Arrhenius fit");
        double f = NernstEinstein.Factor(r.IonCount, r.VolumeA3, r.Charge, t);
        return new MdTemperaturePoint(t, r.Tracer.DCm2PerS, r.Tracer.DStdErrCm2PerS, r.Tracer.DCm2PerS * f, r.Tracer.DStdErrCm2PerS * f, r.IonCount, r.VolumeA3, label);
    }
}
