namespace Nitrolyte.Arrhenius;

/// <summary>The summary of an Arrhenius fit at a reference temperature (its JSON, the CLI contract of `nitrolyte arrhenius --json`: Reports/ArrheniusJson).
/// <see cref="Sigma25CCi95SPerCm"/> ([lower, upper], S/cm) is a copy behind a read-only view.</summary>
public sealed record ArrheniusSummary(
    double EaEV,
    double EaStdErrEV,
    double Log10Prefactor,
    double Log10PrefactorStdErr,
    string PrefactorUnit,
    double Sigma25CSPerCm,
    IReadOnlyList<double> Sigma25CCi95SPerCm,
    bool Sigma25CExtrapolated,
    double RSquared,
    int NPoints,
    double TMinK,
    double TMaxK,
    string Form)
{
    private readonly IReadOnlyList<double> _ci = Core.ReadOnlyCopy.Of(Sigma25CCi95SPerCm);
    public IReadOnlyList<double> Sigma25CCi95SPerCm { get => _ci; init => _ci = Core.ReadOnlyCopy.Of(value); }

    public static ArrheniusSummary From(ArrheniusResult r, double referenceK = Core.PhysicalConstants.RoomTemperatureK)
    {
        var (lo, hi) = r.ConfidenceIntervalAt(referenceK);
        return new ArrheniusSummary(r.EaEV, r.EaStdErrEV, r.Log10Prefactor, r.Log10PrefactorStdErr,
            r.Form == ArrheniusForm.SigmaT ? "S K/cm" : "S/cm",
            r.ValueAt(referenceK), [lo, hi], r.IsExtrapolated(referenceK), r.RSquared, r.NPoints, r.TMinK, r.TMaxK, r.Form.ToCli());
    }
}
