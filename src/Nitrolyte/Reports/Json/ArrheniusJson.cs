using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;

namespace Nitrolyte.Reports;

/// <summary>
/// The one JSON shape of an Arrhenius fit (the contract of `nitrolyte arrhenius --json`), used by the CLI, the
/// evaluation steps, `eis series` and the web workbench.
/// </summary>
public static class ArrheniusJson
{
    public static JsonObject Summary(ArrheniusSummary s) => new()
    {
        ["ea_ev"] = Json.Number(s.EaEV), ["ea_stderr_ev"] = Json.Number(s.EaStdErrEV),
        ["log10_prefactor"] = Json.Number(s.Log10Prefactor), ["log10_prefactor_stderr"] = Json.Number(s.Log10PrefactorStdErr),
        ["prefactor_unit"] = s.PrefactorUnit,
        ["sigma_25c_s_per_cm"] = Json.Number(s.Sigma25CSPerCm), ["sigma_25c_ci95_s_per_cm"] = Json.Array(s.Sigma25CCi95SPerCm),
        ["sigma_25c_extrapolated"] = s.Sigma25CExtrapolated,
        ["r_squared"] = Json.Number(s.RSquared), ["n_points"] = s.NPoints,
        ["t_min_k"] = Json.Number(s.TMinK), ["t_max_k"] = Json.Number(s.TMaxK), ["form"] = s.Form,
    };

    /// <summary>The summary of <paramref name="fit"/> at 25 °C.</summary>
    public static JsonObject Summary(ArrheniusResult fit) => Summary(ArrheniusSummary.From(fit));

    /// <summary>null for a missing fit.</summary>
    public static JsonObject? SummaryOrNull(ArrheniusResult? fit) => fit is null ? null : Summary(fit);
}
