using System.Text.Json.Serialization;

namespace Nitrolyte.Arrhenius;

/// <summary>The stable JSON shape of an Arrhenius fit (the CLI contract of `nitrolyte arrhenius --json`).</summary>
public sealed record ArrheniusSummary(
    [property: JsonPropertyName("ea_ev")] double EaEV,
    [property: JsonPropertyName("ea_stderr_ev")] double EaStdErrEV,
    [property: JsonPropertyName("log10_prefactor")] double Log10Prefactor,
    [property: JsonPropertyName("log10_prefactor_stderr")] double Log10PrefactorStdErr,
    [property: JsonPropertyName("prefactor_unit")] string PrefactorUnit,
    [property: JsonPropertyName("sigma_25c_s_per_cm")] double Sigma25CSPerCm,
    [property: JsonPropertyName("sigma_25c_ci95_s_per_cm")] double[] Sigma25CCi95SPerCm,
    [property: JsonPropertyName("sigma_25c_extrapolated")] bool Sigma25CExtrapolated,
    [property: JsonPropertyName("r_squared")] double RSquared,
    [property: JsonPropertyName("n_points")] int NPoints,
    [property: JsonPropertyName("t_min_k")] double TMinK,
    [property: JsonPropertyName("t_max_k")] double TMaxK,
    [property: JsonPropertyName("form")] string Form)
{
    public static ArrheniusSummary From(ArrheniusResult r, double referenceK = Core.PhysicalConstants.RoomTemperatureK)
    {
        var (lo, hi) = r.ConfidenceIntervalAt(referenceK);
        return new ArrheniusSummary(r.EaEV, r.EaStdErrEV, r.Log10Prefactor, r.Log10PrefactorStdErr,
            r.Form == ArrheniusForm.SigmaT ? "S K/cm" : "S/cm",
            r.ValueAt(referenceK), [lo, hi], r.IsExtrapolated(referenceK), r.RSquared, r.NPoints, r.TMinK, r.TMaxK, r.Form.ToCli());
    }
}
