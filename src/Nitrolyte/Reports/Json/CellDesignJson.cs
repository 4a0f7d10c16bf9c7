using System.Text.Json.Nodes;
using Nitrolyte.CellDesign;

namespace Nitrolyte.Reports;

/// <summary>The one JSON shape of cell-design results (`cell energy|critical|sweep|polarisation|materials --json`).</summary>
public static class CellDesignJson
{
    public static JsonObject Energy(CellStack s, CellEnergy e)
    {
        var mass = new JsonObject();
        var thick = new JsonObject();
        foreach (var c in e.Components)
        {
            mass[c.Key] = c.MassMgPerCm2;
            if (c.Key != "packaging") thick[c.Key] = c.ThicknessUm;
        }
        mass["total"] = e.TotalMassMgPerCm2;
        thick["total"] = e.TotalThicknessUm;
        return new JsonObject
        {
            ["gravimetric_wh_per_kg"] = e.GravimetricWhPerKg,
            ["volumetric_wh_per_l"] = e.VolumetricWhPerL,
            ["energy_mwh_per_cm2"] = e.EnergyMWhPerCm2,
            ["mass_mg_per_cm2"] = mass,
            ["thickness_um"] = thick,
            ["cathode_active_mass_mg_per_cm2"] = e.CathodeActiveMassMgPerCm2,
            ["li_thickness_um"] = e.LiThicknessUm,
            ["np_ratio"] = e.NpRatio,
            ["layers"] = new JsonArray(s.Layers.Select((l, i) => (JsonNode?)new JsonObject
            {
                ["key"] = $"electrolyte_{i + 1}", ["name"] = l.Name, ["density_g_per_cm3"] = l.DensityGPerCm3, ["thickness_um"] = l.ThicknessUm,
            }).ToArray()),
            ["stack"] = Stack(s),
        };
    }

    /// <summary>`cell critical --json`: the critical value, the target and the search range; <paramref name="layerName"/> when a layer thickness was solved for.</summary>
    public static JsonObject Critical(CriticalValue r, CellStack stack, string? layerName, EnergyMetric metric) => new()
    {
        ["value"] = r.Value,
        ["unit"] = r.Unit,
        ["parameter"] = r.CliName,
        ["layer"] = layerName,
        ["found"] = r.Found,
        ["message"] = r.Message,
        ["target"] = r.Target,
        ["target_unit"] = metric == EnergyMetric.Gravimetric ? "Wh/kg" : "Wh/L",
        ["search_range"] = new JsonArray(r.SearchFrom, r.SearchTo),
        ["energy_density_at_search_range"] = new JsonArray(r.ValueAtSearchFrom, r.ValueAtSearchTo),
        ["stack"] = Stack(stack),
    };

    /// <summary>`cell sweep --json`: the swept parameter's values and both energy densities at each.</summary>
    public static JsonObject Sweep(StackParameter param, double[] values, double[] gravimetricWhPerKg, double[] volumetricWhPerL) => new()
    {
        ["parameter"] = StackParameters.CliName(param),
        ["unit"] = StackParameters.Unit(param),
        ["values"] = Json.Array(values),
        ["gravimetric_wh_per_kg"] = Json.Array(gravimetricWhPerKg),
        ["volumetric_wh_per_l"] = Json.Array(volumetricWhPerL),
    };

    public static JsonObject Stack(CellStack s) => new()
    {
        ["areal_capacity_mah_per_cm2"] = s.ArealCapacityMahPerCm2,
        ["cathode"] = s.Cathode.Name,
        ["cathode_capacity_mah_per_g"] = s.Cathode.SpecificCapacityMahPerG,
        ["cathode_voltage_v"] = s.Cathode.MeanVoltageV,
        ["active_fraction"] = s.ActiveFraction,
        ["np_ratio"] = s.LiThicknessUm is null ? s.NpRatio : null,
        ["li_thickness_um"] = s.LiThicknessUm,
        ["li_capacity_mah_per_g"] = s.LiSpecificCapacityMahPerG,
        ["al_um"] = s.AlThicknessUm,
        ["al_density_g_per_cm3"] = s.AlDensityGPerCm3,
        ["cu_um"] = s.CuThicknessUm,
        ["cu_density_g_per_cm3"] = s.CuDensityGPerCm3,
        ["double_sided"] = s.DoubleSided,
        ["packaging_fraction"] = s.PackagingMassFraction,
    };

    public static JsonObject Polarisation(Polarisation pol, RateLimit? lim, IReadOnlyList<RequiredConductivity>? req, double chargeTimeTargetMin)
    {
        var o = new JsonObject
        {
            ["resistance_ohm"] = pol.ResistanceOhm,
            ["asr_ohm_cm2"] = pol.AsrOhmCm2,
            ["overpotential_v"] = pol.OverpotentialV,
            ["current_density_ma_per_cm2"] = pol.CurrentDensityMaPerCm2,
            ["current_ma"] = pol.CurrentMa,
            ["area_cm2"] = pol.AreaCm2,
            ["interface_asr_ohm_cm2"] = pol.InterfaceAsrOhmCm2,
            ["layers"] = new JsonArray(pol.Layers.Select(l => (JsonNode?)new JsonObject
            {
                ["name"] = l.Name, ["sigma_s_per_cm"] = l.SigmaSPerCm, ["thickness_um"] = l.ThicknessUm,
                ["resistance_ohm"] = l.ResistanceOhm, ["asr_ohm_cm2"] = l.AsrOhmCm2, ["overpotential_v"] = l.OverpotentialV,
            }).ToArray()),
        };
        if (lim is not null)
        {
            o["allowed_polarisation_v"] = lim.AllowedPolarisationV;
            o["max_current_density_ma_per_cm2"] = lim.MaxCurrentDensityMaPerCm2;
            o["max_c_rate"] = lim.MaxCRate;
            o["minimum_charge_time_min"] = lim.MinimumChargeTimeMin;
        }
        if (req is not null)
        {
            o["charge_time_target_min"] = chargeTimeTargetMin;
            o["required_conductivity"] = new JsonArray(req.Select(r => (JsonNode?)new JsonObject
            {
                ["name"] = r.Name, ["thickness_um"] = r.ThicknessUm, ["sigma_s_per_cm"] = r.SigmaSPerCm, ["measured_sigma_s_per_cm"] = r.MeasuredSigmaSPerCm, ["note"] = r.Note,
            }).ToArray());
        }
        return o;
    }

    public static JsonObject Materials() => new()
    {
        ["electrolytes"] = new JsonArray(MaterialDensities.All.Select(m => (JsonNode?)new JsonObject
        {
            ["name"] = m.Name, ["formula"] = m.Formula, ["density_g_per_cm3"] = m.DensityGPerCm3, ["kind"] = m.Kind,
            ["aliases"] = new JsonArray(m.Aliases.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()), ["source"] = m.Source,
        }).ToArray()),
        ["cathodes"] = new JsonArray(CathodeMaterial.Presets.Select(c => (JsonNode?)new JsonObject
        {
            ["name"] = c.Name, ["capacity_mah_per_g"] = c.SpecificCapacityMahPerG, ["voltage_v"] = c.MeanVoltageV, ["density_g_per_cm3"] = c.DensityGPerCm3, ["source"] = c.Source,
        }).ToArray()),
    };
}
