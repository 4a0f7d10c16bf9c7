using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Impedance;

namespace Nitrolyte.Reports;

/// <summary>
/// The one JSON shape of impedance results (snake_case, units in the keys), shared by the CLI (`eis fit|kk|drt|series --json`)
/// and the web workbench, so that both speak the same contract.
/// </summary>
public static class ImpedanceJson
{
    private static readonly System.Globalization.CultureInfo Inv = System.Globalization.CultureInfo.InvariantCulture;

    public static JsonObject Fit(CircuitFit fit, ConductivityResult? cond)
    {
        var o = new JsonObject
        {
            ["circuit"] = fit.Circuit.Text,
            ["parameters"] = new JsonArray(fit.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["value"] = Json.Number(p.Value), ["stderr"] = Json.Number(p.StdErr), ["unit"] = p.Unit, ["fixed"] = p.Fixed,
            }).ToArray()),
            ["chi_square"] = Json.Number(fit.ChiSquare),
            ["reduced_chi_square"] = Json.Number(fit.ReducedChiSquare),
            ["aic"] = Json.Number(fit.Aic),
            ["weighting"] = fit.Weighting.ToName(),
            ["n_points"] = fit.NPoints,
            ["free_parameters"] = fit.FreeParameters,
            ["converged"] = fit.Converged,
            ["starts"] = fit.Starts,
            ["seed"] = fit.Seed,
            ["warnings"] = new JsonArray(fit.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
            ["correlation"] = new JsonObject
            {
                ["names"] = new JsonArray(fit.FreeNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
                ["matrix"] = new JsonArray(Enumerable.Range(0, fit.FreeParameters).Select(i => (JsonNode?)Json.Array(Enumerable.Range(0, fit.FreeParameters).Select(j => fit.Correlation[i, j]))).ToArray()),
            },
        };
        if (fit.Quality is { } q)
            o["quality"] = new JsonObject
            {
                ["converged_to_good_minimum"] = q.ConvergedToGoodMinimum,
                ["chi_square_over_noise_floor"] = Json.Number(q.ChiSquareOverNoiseFloor),
                ["noise_floor_chi_square"] = Json.Number(q.NoiseFloorChiSquare),
                ["retried"] = fit.Retried,
                ["rescued"] = fit.Rescued,
            };
        if (fit.Spectrum.SourceFile is not null) o["file"] = fit.Spectrum.SourceFile;
        if (cond is not null) o["conductivity"] = Conductivity(cond);
        ColumnsJson.AddTo(o, fit.Spectrum.Columns);
        return o;
    }

    /// <summary>Pellet conductivities (the "conductivity" object of `eis fit --json`).</summary>
    public static JsonObject Conductivity(ConductivityResult c) => new()
    {
        ["total_s_per_cm"] = Json.Number(c.TotalSPerCm), ["total_stderr_s_per_cm"] = Json.Number(c.TotalStdErrSPerCm),
        ["bulk_s_per_cm"] = Json.Number(c.BulkSPerCm), ["bulk_stderr_s_per_cm"] = Json.Number(c.BulkStdErrSPerCm),
        ["grain_boundary_s_per_cm"] = Json.Number(c.GrainBoundarySPerCm), ["grain_boundary_stderr_s_per_cm"] = Json.Number(c.GrainBoundaryStdErrSPerCm),
        ["r_bulk_ohm"] = Json.Number(c.RBulkOhm), ["r_grain_boundary_ohm"] = Json.Number(c.RGrainBoundaryOhm), ["r_interface_ohm"] = Json.Number(c.RInterfaceOhm),
        ["asr_ohm_cm2"] = Json.Number(c.AsrOhmCm2), ["thickness_cm"] = Json.Number(c.ThicknessCm), ["area_cm2"] = Json.Number(c.AreaCm2),
        ["relative_density"] = Json.Number(c.RelativeDensity), ["cell"] = c.Cell,
        ["arcs"] = Arcs(c.Arcs),
        ["notes"] = new JsonArray(c.Notes.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
    };

    /// <summary>One arc of a fitted circuit: block, resistor, R ± SE, effective capacitance, apex frequency, role.</summary>
    public static JsonObject Arc(ArcAssignment a) => new()
    {
        ["block"] = a.Block, ["resistor"] = a.ResistorName, ["r_ohm"] = Json.Number(a.ResistanceOhm), ["r_stderr_ohm"] = Json.Number(a.ResistanceStdErrOhm),
        ["c_eff_f"] = Json.Number(a.EffectiveCapacitanceF), ["f_apex_hz"] = Json.Number(a.ApexFrequencyHz), ["role"] = a.Role,
    };

    public static JsonArray Arcs(IEnumerable<ArcAssignment> arcs) => new(arcs.Select(a => (JsonNode?)Arc(a)).ToArray());

    /// <summary>Excluded points: [{"point": 1-based, "frequency_hz"}].</summary>
    public static JsonArray Excluded(SpectrumSelection sel) =>
        new(Enumerable.Range(0, sel.Original.Count).Where(i => sel.Excluded[i])
            .Select(i => (JsonNode)new JsonObject { ["point"] = i + 1, ["frequency_hz"] = sel.Original.FrequenciesHz[i] }).ToArray());

    /// <summary>Parameters that jump discontinuously along a series.</summary>
    public static JsonArray Jumps(SeriesResult res) => new(res.Jumps.Select(j => (JsonNode)new JsonObject
    {
        ["fit_index"] = j.FitIndex, ["previous_fit_index"] = j.PreviousFitIndex,
        ["spectrum"] = SpectrumName(res.Fits[j.FitIndex].Spectrum), ["previous_spectrum"] = SpectrumName(res.Fits[j.PreviousFitIndex].Spectrum),
        ["parameter"] = j.Parameter, ["from"] = Json.Number(j.From), ["to"] = Json.Number(j.To), ["change"] = j.Measure,
    }).ToArray());

    private static string SpectrumName(ImpedanceSpectrum s) => Path.GetFileName(s.SourceFile ?? "") + (s.Label is null ? "" : " " + s.Label);

    public static JsonObject Series(SeriesResult res, IReadOnlyList<SpectrumSelection>? selections = null)
    {
        var fits = new JsonArray();
        foreach (var (f, i) in res.Fits.Select((f, i) => (f, i)))
        {
            var o = Fit(f.Fit, f.Conductivity);
            if (selections is not null && i < selections.Count && selections[i].ExcludedCount > 0) o["excluded"] = Excluded(selections[i]);
            o["temperature_c"] = f.TemperatureC is { } t ? t : null;
            o["start"] = f.Start;
            o["warm_chi_square"] = Json.Number(f.WarmChiSquare);
            o["fresh_chi_square"] = Json.Number(f.FreshChiSquare);
            if (f.Spectrum.Label is not null) o["label"] = f.Spectrum.Label;
            if (f.Spectrum.TimeS is { } ts) o["time_s"] = ts;
            if (f.Spectrum.Timestamp is { } stamp) o["timestamp"] = stamp.ToString("o", Inv);
            o.Remove("correlation");
            fits.Add(o);
        }
        // the one Arrhenius shape (issue 15: this used to be a hand-built subset without the extrapolation flag and the temperature range)
        JsonNode? Arr(ArrheniusResult? r) => ArrheniusJson.SummaryOrNull(r);
        return new JsonObject
        {
            ["fits"] = fits,
            ["jumps"] = Jumps(res),
            ["arrhenius"] = res.Arrhenius is { } a ? new JsonObject { ["bulk"] = Arr(a.Bulk), ["grain_boundary"] = Arr(a.GrainBoundary), ["total"] = Arr(a.Total) } : null,
        };
    }

    public static JsonObject LinKK(LinKKResult r, ImpedanceSpectrum s, bool cap, SpectrumSelection? selection = null) =>
        ColumnsJson.AddTo(new JsonObject
        {
            ["m"] = r.M, ["mu"] = Json.Number(r.Mu), ["max_residual_pct"] = Json.Number(r.MaxResidualPct),
            ["mean_abs_residual_pct"] = Json.Number(r.MeanAbsResidualPct), ["c"] = r.C, ["fit_type"] = r.FitType.ToString().ToLowerInvariant(), ["series_capacitance"] = cap,
            ["n_points"] = s.Count, ["r_ohmic_ohm"] = Json.Number(r.ROhmicOhm), ["inductance_h"] = Json.Number(r.InductanceH),
            ["frequencies_hz"] = Json.Array(s.FrequenciesHz), ["residual_real_pct"] = Json.Array(r.ResidualRealPct), ["residual_imag_pct"] = Json.Array(r.ResidualImagPct),
            ["excluded"] = selection is null ? new JsonArray() : Excluded(selection),
        }, s.Columns);

    public static JsonObject Drt(DrtResult d, ImpedanceSpectrum? s = null, SpectrumSelection? selection = null) =>
        ColumnsJson.AddTo(new JsonObject
        {
            ["lambda"] = d.Lambda, ["lambda_method"] = d.LambdaMethod,
            ["peaks"] = new JsonArray(d.Peaks.Select(k => (JsonNode)new JsonObject { ["tau_s"] = k.TauS, ["r_ohm"] = k.ResistanceOhm, ["c_f"] = k.CapacitanceF, ["f_hz"] = k.FrequencyHz }).ToArray()),
            ["r_ohmic_ohm"] = d.ROhmicOhm, ["inductance_h"] = d.InductanceH, ["inductive_tail"] = d.InductiveTail, ["inductive_points"] = d.InductivePoints,
            ["tau_s"] = Json.Array(d.TausS), ["gamma_ohm"] = Json.Array(d.GammaOhm),
            ["excluded"] = selection is null ? new JsonArray() : Excluded(selection),
        }, s?.Columns);

    /// <summary>`eis compare --json` (issue 12 contract): every fit, the F-tests of nested pairs, the preferred circuit and why.</summary>
    public static JsonObject Comparison(CircuitComparisonResult res, SpectrumSelection sel) => new()
    {
        ["fits"] = new JsonArray(res.Fits.Select(f => (JsonNode)new JsonObject
        {
            ["circuit"] = f.Circuit,
            ["chi_square"] = Json.Number(f.Fit.ChiSquare),
            ["reduced_chi_square"] = Json.Number(f.Fit.ReducedChiSquare),
            ["aic"] = Json.Number(f.Fit.Aic),
            ["bic"] = Json.Number(f.Bic),
            ["free_parameters"] = f.Fit.FreeParameters,
            ["arcs"] = f.Arcs,
            ["arcs_resolved"] = f.ArcsResolved,
            ["quality"] = f.Fit.Quality is { } q ? new JsonObject { ["converged_to_good_minimum"] = q.ConvergedToGoodMinimum, ["chi_square_over_noise_floor"] = Json.Number(q.ChiSquareOverNoiseFloor) } : null,
            ["parameters"] = new JsonArray(f.Fit.Parameters.Select(x => (JsonNode)new JsonObject
            {
                ["name"] = x.Name, ["value"] = Json.Number(x.Value), ["stderr"] = Json.Number(x.StdErr), ["unit"] = x.Unit, ["fixed"] = x.Fixed,
            }).ToArray()),
            ["warnings"] = new JsonArray(f.Fit.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
        }).ToArray()),
        ["f_tests"] = FTests(res.Tests),
        ["preferred"] = res.Preferred,
        ["reason"] = res.Reason,
        ["n_points"] = sel.Kept.Count,
        ["excluded"] = ImpedanceJson.Excluded(sel),
    };

    /// <summary>F-tests between nested circuits, as `eis compare` and the workbench show them.</summary>
    public static JsonArray FTests(IEnumerable<NestedTest> tests) => new(tests.Select(n => (JsonNode)new JsonObject
    {
        ["simpler"] = n.Simpler, ["richer"] = n.Richer, ["f"] = Json.Number(n.F), ["extra_parameters"] = n.ExtraParameters, ["dof"] = n.DegreesOfFreedom, ["p"] = Json.Number(n.P),
    }).ToArray());
}
