namespace Nitrolyte.Arrhenius;

/// <summary>The summary of an Arrhenius fit at a reference temperature (its JSON, the CLI contract of `nitrolyte arrhenius --json`: Reports/ArrheniusJson).</summary>
public sealed record ArrheniusSummary(
    double EaEV,
    double EaStdErrEV,
    double Log10Prefactor,
    double Log10PrefactorStdErr,
    string PrefactorUnit,
    double Sigma25CSPerCm,
    double[] Sigma25CCi95SPerCm,
    bool Sigma25CExtrapolated,
    double RSquared,
    int NPoints,
    double TMinK,
    double TMaxK,
    string Form)
{
    public static ArrheniusSummary From(ArrheniusResult r, double referenceK = Core.PhysicalConstants.RoomTemperatureK)
    {
        var (lo, hi) = r.ConfidenceIntervalAt(referenceK);
        return new ArrheniusSummary(r.EaEV, r.EaStdErrEV, r.Log10Prefactor, r.Log10PrefactorStdErr,
            r.Form == ArrheniusForm.SigmaT ? "S K/cm" : "S/cm",
            r.ValueAt(referenceK), [lo, hi], r.IsExtrapolated(referenceK), r.RSquared, r.NPoints, r.TMinK, r.TMaxK, r.Form.ToCli());
    }
}
