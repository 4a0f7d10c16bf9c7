using System.Text.Json.Nodes;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>JSON forms of the electrochemistry results, shared by the CLI (--json) and the evaluate steps, with the
/// keys of the issue-4 contract (snake_case, units in the names) plus extra detail.</summary>
public static class ElectrochemistryJson
{
    private static JsonNode? N(double? v) => Json.Number(v);
    private static JsonArray Strings(IEnumerable<string> s) => new(s.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    public static JsonObject Dc(DcPolarisationResult r, string? file = null) => new()
    {
        ["file"] = file,
        ["electronic_conductivity_s_per_cm"] = N(r.ElectronicConductivitySPerCm),
        ["electronic_conductivity_stderr_s_per_cm"] = N(r.ElectronicConductivityStdErrSPerCm),
        ["conductivity_source"] = r.ConductivitySource,
        ["t_ion"] = N(r.TIon),
        ["t_electronic"] = N(r.TElectronic),
        ["i_initial_a"] = N(r.IInitialA),
        ["i_final_a"] = N(r.IFinalA),
        ["tau_s"] = N(r.TauS),
        ["tau_stderr_s"] = N(r.TauStdErrS),
        ["voltage_v"] = N(r.Holds[r.SelectedHold].VoltageV),
        ["thickness_cm"] = N(r.Options.ThicknessCm),
        ["area_cm2"] = N(r.Options.AreaCm2),
        ["steady_window_s"] = N(r.Options.SteadyWindowS),
        ["relaxation_model"] = r.Options.Model.ToString().ToLowerInvariant(),
        ["initial_current"] = r.Options.Initial == InitialCurrentMode.Fit ? "fit" : "first_point",
        ["initial_current_source"] = r.InitialCurrentSource,
        ["holds"] = new JsonArray(r.Holds.Select(h => (JsonNode?)new JsonObject
        {
            ["index"] = h.Index, ["voltage_v"] = N(h.VoltageV), ["start_s"] = N(h.StartS), ["end_s"] = N(h.EndS), ["points"] = h.Points,
            ["first_point"] = h.FirstPoint, ["at_voltage_point"] = h.AtVoltagePoint, ["start_reason"] = h.StartReason, ["initial_current_source"] = h.InitialSource,
            ["i_initial_a"] = N(h.IInitialA), ["i_final_a"] = N(h.IFinalA), ["i_final_stderr_a"] = N(h.IFinalStdErrA), ["window_s"] = N(h.WindowS),
            ["electronic_conductivity_s_per_cm"] = N(h.ElectronicConductivitySPerCm), ["t_ion"] = N(h.TIon), ["t_electronic"] = N(h.TElectronic),
            ["fit"] = h.Fit is null ? null : new JsonObject
            {
                ["model"] = h.Fit.Model, ["i_inf_a"] = N(h.Fit.IInfA), ["amplitude_a"] = N(h.Fit.AmplitudeA), ["tau_s"] = N(h.Fit.TauS), ["tau_stderr_s"] = N(h.Fit.TauStdErrS),
                ["amplitude2_a"] = N(h.Fit.Amplitude2A), ["tau2_s"] = N(h.Fit.Tau2S), ["tau2_stderr_s"] = N(h.Fit.Tau2StdErrS), ["r_squared"] = N(h.Fit.RSquared), ["points"] = h.Fit.N,
            },
        }).ToArray()),
        ["iv_fit"] = r.IvFit is null ? null : new JsonObject
        {
            ["slope_s"] = N(r.IvFit.Slope), ["slope_stderr_s"] = N(r.IvFit.SlopeStdErr), ["intercept_a"] = N(r.IvFit.Intercept), ["r_squared"] = N(r.IvFit.RSquared), ["points"] = r.IvFit.N,
        },
        ["warnings"] = Strings(r.Warnings),
    };

    public static JsonObject Cv(CvResult r, string? file = null) => new()
    {
        ["file"] = file,
        ["cycles"] = new JsonArray(r.Cycles.Select(c => (JsonNode?)new JsonObject
        {
            ["index"] = c.Index, ["anodic_charge_c"] = N(c.AnodicChargeC), ["cathodic_charge_c"] = N(c.CathodicChargeC), ["ratio"] = N(c.Ratio),
            ["anodic_peak_a"] = N(c.AnodicPeakA), ["anodic_peak_v"] = N(c.AnodicPeakV), ["cathodic_peak_a"] = N(c.CathodicPeakA), ["cathodic_peak_v"] = N(c.CathodicPeakV),
            ["start_s"] = N(c.StartS), ["end_s"] = N(c.EndS), ["low_vertex_v"] = N(c.LowVertexV), ["high_vertex_v"] = N(c.HighVertexV),
        }).ToArray()),
        ["net_li_pct"] = N(r.NetLiPct),
        ["net_plated_c"] = N(r.NetPlatedC),
        ["net_li_mol"] = N(r.NetLiMol),
        ["pellet_li_mol"] = N(r.PelletLiMol),
        ["total_anodic_c"] = N(r.TotalAnodicC),
        ["total_cathodic_c"] = N(r.TotalCathodicC),
        ["cycle_source"] = r.CycleSource,
        ["stripping_growth"] = r.StrippingGrowth is not { } g ? null : new JsonObject
        {
            ["slope_c_per_cycle"] = N(g.SlopeCPerCycle), ["two_regimes"] = g.TwoRegimes, ["break_cycle"] = N(g.BreakCycle),
            ["early_slope_c_per_cycle"] = N(g.EarlySlopeCPerCycle), ["late_slope_c_per_cycle"] = N(g.LateSlopeCPerCycle),
        },
        ["warnings"] = Strings(r.Warnings),
    };

    public static JsonObject Symmetric(SymmetricResult r, string? file = null) => new()
    {
        ["file"] = file,
        ["half_cycles"] = new JsonArray(r.HalfCycles.Select(h => (JsonNode?)new JsonObject
        {
            ["index"] = h.Index, ["current_density_ma_per_cm2"] = N(h.CurrentDensityMaPerCm2), ["overpotential_v"] = N(h.OverpotentialV), ["asr_ohm_cm2"] = N(h.AsrOhmCm2),
            ["sign"] = h.Sign, ["start_s"] = N(h.StartS), ["duration_s"] = N(h.DurationS), ["capacity_mah_per_cm2"] = N(h.CapacityMahPerCm2),
            ["max_overpotential_v"] = N(h.MaxOverpotentialV), ["end_overpotential_v"] = N(h.EndOverpotentialV), ["asr_total_ohm_cm2"] = N(h.AsrTotalOhmCm2),
            ["noise_ratio"] = N(h.NoiseRatio), ["complete"] = h.Complete, ["shorted"] = h.Shorted,
        }).ToArray()),
        ["ccd_ma_per_cm2"] = N(r.CcdMaPerCm2),
        ["ccd_areal_capacity_mah_per_cm2"] = N(r.CcdArealCapacityMahPerCm2),
        ["ccd_is_lower_bound"] = r.CcdIsLowerBound,
        ["ccd_reason"] = r.CcdReason,
        ["events"] = new JsonArray(r.Events.Select(e => (JsonNode?)new JsonObject
        {
            ["type"] = e.Type, ["time_s"] = N(e.TimeS), ["half_cycle"] = e.HalfCycle, ["reason"] = e.Reason, ["detail"] = e.Detail,
        }).ToArray()),
        ["recoveries"] = new JsonArray(r.Recoveries.Select(e => (JsonNode?)new JsonObject
        {
            ["after_event_half_cycle"] = e.AfterEventHalfCycle, ["half_cycle"] = e.HalfCycle, ["time_s"] = N(e.TimeS), ["asr_ratio"] = N(e.AsrRatio),
        }).ToArray()),
        ["protocol"] = r.Protocol,
        ["steps"] = new JsonArray(r.Steps.Select(s => (JsonNode?)new JsonObject
        {
            ["index"] = s.Index, ["current_density_ma_per_cm2"] = N(s.CurrentDensityMaPerCm2), ["first_half_cycle"] = s.FirstHalfCycle, ["last_half_cycle"] = s.LastHalfCycle,
            ["half_cycles"] = s.HalfCycles, ["half_cycle_s"] = N(s.HalfCycleS), ["areal_capacity_mah_per_cm2"] = N(s.ArealCapacityMahPerCm2), ["completed"] = s.Completed,
        }).ToArray()),
        ["bulk_resistance_ohm"] = N(r.BulkResistanceOhm),
        ["area_cm2"] = N(r.Options.AreaCm2),
        ["warnings"] = Strings(r.Warnings),
    };

    public static JsonObject Full(FullCellResult r, string? file = null) => new()
    {
        ["file"] = file,
        ["cycles"] = new JsonArray(r.Cycles.Select(c => (JsonNode?)new JsonObject
        {
            ["index"] = c.Index, ["charge_mah"] = N(c.ChargeMah), ["discharge_mah"] = N(c.DischargeMah), ["coulombic_efficiency"] = N(c.CoulombicEfficiency),
            ["charge_mah_per_g"] = N(c.ChargeMahPerG), ["discharge_mah_per_g"] = N(c.DischargeMahPerG),
            ["charge_mah_per_cm2"] = N(c.ChargeMahPerCm2), ["discharge_mah_per_cm2"] = N(c.DischargeMahPerCm2),
            ["charge_energy_mwh"] = N(c.ChargeEnergyMwh), ["discharge_energy_mwh"] = N(c.DischargeEnergyMwh),
            ["mean_charge_v"] = N(c.MeanChargeV), ["mean_discharge_v"] = N(c.MeanDischargeV),
            ["charge_c_rate"] = N(c.ChargeCRate), ["discharge_c_rate"] = N(c.DischargeCRate), ["retention_pct"] = N(c.RetentionPct), ["complete"] = c.Complete,
        }).ToArray()),
        ["initial_coulombic_efficiency"] = N(r.InitialCoulombicEfficiency),
        ["retention_pct"] = N(r.RetentionPct),
        ["reference_cycle"] = r.ReferenceCycle,
        ["formation_cycles"] = r.FormationCycles,
        ["fade_pct_per_cycle"] = N(r.FadePctPerCycle),
        ["cycle_life"] = r.CycleLife,
        ["cycle_life_projected"] = N(r.CycleLifeProjected),
        ["end_of_life_pct"] = N(r.EndOfLifePct),
        ["specific_capacity_mah_per_g"] = N(r.SpecificCapacityMahPerG),
        ["charge_first"] = r.ChargeFirst,
        ["active_mass_mg"] = N(r.Options.ActiveMassMg),
        ["warnings"] = Strings(r.Warnings),
    };
}
