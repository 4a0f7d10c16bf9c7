namespace Nitrolyte.Exposure;

/// <summary>Retention σ(t)/σ(t0) of one measurement with its standard error (propagated, or from the fit scatter).</summary>
public sealed record RetentionPoint(double TimeH, double SigmaSPerCm, double SigmaStdErrSPerCm, double Retention, double RetentionStdErr);

/// <summary>
/// The exposure analysis of one atmosphere: retention with errors, the chosen decay model (lowest AICc of
/// exponential and power law) and the time to 80 % retention: interpolated between the bracketing measurements
/// when the data reach 80 %, otherwise predicted by the chosen model (null with <see cref="T80Reason"/> when it
/// cannot be predicted). The 95 % interval always comes from the chosen model.
/// </summary>
public sealed record ExposureSeriesResult(
    AtmosphereSummary Atmosphere,
    IReadOnlyList<RetentionPoint> Points,
    double DurationH, double RetentionAtEnd, double RetentionAtEndStdErr, string RetentionErrorSource,
    DecayFit? Exponential, DecayFit? PowerLaw, DecayFit? Chosen,
    double? T80H, double? T80CiLowH, double? T80CiHighH, string T80Method, string? T80Reason,
    IReadOnlyList<string> Warnings)
{
    public bool ReachedInData => T80Method == "interpolated";
}

public static class RetentionAnalysis
{
    /// <summary>Analyses every atmosphere (points grouped by label, in order of first appearance).</summary>
    public static IReadOnlyList<ExposureSeriesResult> Analyse(IReadOnlyList<ExposurePoint> points)
    {
        if (points.Count == 0) throw new Core.NitrolyteInputException("no exposure measurements");
        return points.GroupBy(p => p.Atmosphere).Select(g => AnalyseSeries(g.Key, g.ToList())).ToList();
    }

    public static ExposureSeriesResult AnalyseSeries(string label, IReadOnlyList<ExposurePoint> raw)
    {
        var warnings = new List<string>();
        var pts = raw.OrderBy(p => p.TimeH).ToList();
        foreach (var p in pts)
        {
            if (!(p.SigmaSPerCm > 0) || !double.IsFinite(p.SigmaSPerCm))
                throw new Core.NitrolyteInputException($"atmosphere '{label}': σ = {p.SigmaSPerCm} S/cm at t = {p.TimeH} h is not positive");
            if (!(p.TimeH >= 0) || !double.IsFinite(p.TimeH))
                throw new Core.NitrolyteInputException($"atmosphere '{label}': exposure time {p.TimeH} h is negative or not finite");
        }
        if (pts.Count < 2 || pts[^1].TimeH <= pts[0].TimeH)
            throw new Core.NitrolyteInputException($"atmosphere '{label}': retention needs measurements at two or more exposure times (found {pts.Count} at {string.Join(", ", pts.Select(p => p.TimeH).Distinct())} h)");
        var atm = AtmosphereSummary.From(label, pts);

        var exp = DecayFitter.FitExponential(pts);
        var pow = DecayFitter.FitPowerLaw(pts);
        var chosen = exp is null ? pow : pow is null ? exp : pow.Aicc < exp.Aicc ? pow : exp;

        // Reference σ(t0): the mean of the measurements at the first time (usually t = 0).
        double t0 = pts[0].TimeH;
        var first = pts.Where(p => p.TimeH == t0).ToList();
        if (t0 > 0) warnings.Add($"the first measurement is after {t0:0.##} h of exposure, not at 0 h: retention is relative to it");
        bool given = pts.All(p => double.IsFinite(p.SigmaStdErrSPerCm) && p.SigmaStdErrSPerCm > 0);
        double scatter = chosen?.ResidualStdDev ?? double.NaN;
        string errSource = given ? "propagated from the σ standard errors" : double.IsFinite(scatter) ? "from the scatter of the points about the fitted decay" : "unknown (too few points)";
        double SeOf(ExposurePoint p) => given ? p.SigmaStdErrSPerCm : scatter;
        double s0 = first.Average(p => p.SigmaSPerCm);
        double s0Se = first.Count == 1 ? SeOf(first[0]) : Math.Sqrt(first.Sum(p => SeOf(p) * SeOf(p))) / first.Count;
        var rp = pts.Select(p =>
        {
            double r = p.SigmaSPerCm / s0;
            bool isRef = p.TimeH == t0 && first.Count == 1;
            double se = isRef ? 0 : r * Math.Sqrt(Math.Pow(SeOf(p) / p.SigmaSPerCm, 2) + Math.Pow(s0Se / s0, 2));
            return new RetentionPoint(p.TimeH, p.SigmaSPerCm, given ? p.SigmaStdErrSPerCm : double.NaN, r, se);
        }).ToList();
        double tEnd = pts[^1].TimeH;
        var last = rp.Where(p => p.TimeH == tEnd).ToList();
        double rEnd = last.Average(p => p.Retention);
        double rEndSe = last.Count == 1 ? last[0].RetentionStdErr : Math.Sqrt(last.Sum(p => p.RetentionStdErr * p.RetentionStdErr)) / last.Count;

        double? t80 = null, lo = chosen?.T80CiLowH, hi = chosen?.T80CiHighH;
        string method;
        string? reason = null;
        int cross = rp.FindIndex(p => p.Retention <= DecayFitter.RetentionLevel);
        if (cross > 0)
        {
            var a = rp[cross - 1]; var b = rp[cross];
            t80 = b.Retention == a.Retention ? b.TimeH : a.TimeH + (a.Retention - DecayFitter.RetentionLevel) / (a.Retention - b.Retention) * (b.TimeH - a.TimeH);
            method = "interpolated";
            if (chosen?.T80H is null) { lo = hi = null; reason = "95 % interval not available: " + (chosen?.NotPredictableReason ?? "too few points for a decay fit"); }
        }
        else if (chosen is null)
        {
            method = "none";
            reason = $"80 % is not reached within {tEnd:0.##} h and {pts.Count} points are too few for a decay fit (≥ 3 needed)";
        }
        else if (chosen.T80H is null)
        {
            method = "none";
            reason = $"80 % is not reached within {tEnd:0.##} h (retention {100 * rEnd:0.#} %) and cannot be predicted: {chosen.NotPredictableReason}";
        }
        else
        {
            t80 = chosen.T80H;
            method = $"extrapolated ({chosen.ModelName} fit)";
            if (t80 > 10 * (tEnd - t0))
                warnings.Add($"the 80 % time ({t80:0} h) is extrapolated more than 10× beyond the {tEnd - t0:0.##} h measured: treat it as an order of magnitude");
        }
        if (chosen is not null && exp is not null && pow is not null && Math.Abs(exp.Aicc - pow.Aicc) < 2)
            warnings.Add($"exponential and power law fit about equally well (ΔAICc = {Math.Abs(exp.Aicc - pow.Aicc):0.0} < 2); the model choice is not decisive");
        return new ExposureSeriesResult(atm, rp, tEnd - t0, rEnd, rEndSe, errSource, exp, pow, chosen, t80, lo, hi, method, reason, warnings);
    }
}
