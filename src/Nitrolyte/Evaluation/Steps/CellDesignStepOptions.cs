using System.Text.Json.Nodes;
using Nitrolyte.CellDesign;
using Nitrolyte.Core;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The manifest's <c>cell:</c> section for <see cref="CellDesignStep"/>, parsed once: the reference cell
/// (<see cref="StandardCell"/> with the given values over its defaults) and the electrolyte overrides
/// (electrolyte_density_g_cm3, sigma_s_per_cm). A key outside <see cref="Keys"/> is refused naming the closest valid one
/// and all valid ones, as the data items' options are.</summary>
public sealed record CellDesignStepOptions
{
    /// <summary>The keys the cell: section may give (a new setting = a new key here and its reading in <c>Settings</c>).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["cathode", "cathode_capacity_mah_g", "cathode_voltage_v", "areal_capacity_mah_cm2", "active_fraction", "np", "li_um",
        "li_capacity_mah_g", "electrolyte_thickness_um", "electrolyte_density_g_cm3", "sigma_s_per_cm", "al_um", "cu_um", "double_sided", "packaging_fraction",
        "allowed_polarisation_v", "interface_asr_ohm_cm2", "target_charge_time_min", "target_wh_per_kg", "cathode_side_layers"];

    /// <summary>Whether the manifest has a cell: section.</summary>
    public bool Given { get; init; }
    public required StandardCell Cell { get; init; }
    public double? ElectrolyteDensityGPerCm3 { get; init; }
    /// <summary>σ given in the manifest (S/cm): overrides the measured one.</summary>
    public double? SigmaSPerCm { get; init; }
    /// <summary>Whether interface_asr_ohm_cm2 was given (else the best measured interface ASR is used when there is one).</summary>
    public bool InterfaceAsrGiven { get; init; }

    /// <summary>Parses the manifest's cell: section (absent = the standard cell); refuses a section that is not a mapping,
    /// unknown keys and values the cell model rejects, naming the manifest.</summary>
    public static CellDesignStepOptions Parse(Manifest m)
    {
        var node = m.Raw["cell"];
        if (node is not null && node is not JsonObject)
            throw new NitrolyteFormatException(m.ManifestPath, "'cell:' must be a mapping (cathode:, areal_capacity_mah_cm2:, electrolyte_thickness_um: ...)");
        var cell = node as JsonObject;
        if (cell is not null)
        {
            var valid = Keys.Order(StringComparer.Ordinal).ToList();
            foreach (var (k, _) in cell)
                if (!valid.Contains(k, StringComparer.Ordinal))
                {
                    var close = valid.Where(v => EvaluationPipeline.EditDistance(v, k) <= 2).OrderBy(v => EvaluationPipeline.EditDistance(v, k)).FirstOrDefault();
                    throw new NitrolyteFormatException(m.ManifestPath, $"cell: unknown key '{k}'{(close is null ? "" : $" (did you mean '{close}'?)")}; valid keys: {string.Join(", ", valid)}");
                }
        }
        return new CellDesignStepOptions
        {
            Given = cell is not null, Cell = Settings(cell, m.ManifestPath),
            ElectrolyteDensityGPerCm3 = cell is null ? null : ManifestValues.Double(cell, "electrolyte_density_g_cm3"),
            SigmaSPerCm = cell is null ? null : ManifestValues.Double(cell, "sigma_s_per_cm"),
            InterfaceAsrGiven = cell is not null && ManifestValues.Double(cell, "interface_asr_ohm_cm2") is not null,
        };
    }

    /// <summary>Reads the manifest's cell: section over the <see cref="StandardCell"/> defaults.</summary>
    private static StandardCell Settings(JsonObject? cell, string manifestPath)
    {
        var std = new StandardCell();
        if (cell is null) return std;
        try
        {
            var cathode = ManifestValues.String(cell, "cathode") is { } cn ? CathodeMaterial.FromName(cn) : std.Cathode;
            if (ManifestValues.Double(cell, "cathode_capacity_mah_g") is { } cap) cathode = cathode with { SpecificCapacityMahPerG = cap };
            if (ManifestValues.Double(cell, "cathode_voltage_v") is { } vv) cathode = cathode with { MeanVoltageV = vv };
            var layers = new List<ElectrolyteLayer>();
            if (cell["cathode_side_layers"] is JsonArray arr)
                foreach (var node in arr)
                {
                    if (node is not JsonObject lo) throw new NitrolyteInputException("each cathode_side_layers item must be a mapping (material: or density_g_cm3:, thickness_um:, sigma_s_per_cm:)");
                    double th = ManifestValues.Double(lo, "thickness_um") ?? throw new NitrolyteInputException("cathode_side_layers item without thickness_um");
                    double? sg = ManifestValues.Double(lo, "sigma_s_per_cm");
                    if (ManifestValues.Double(lo, "density_g_cm3") is { } d)
                        layers.Add(new ElectrolyteLayer(ManifestValues.String(lo, "material") ?? $"{d} g/cm3", d, th, sg));
                    else if (ManifestValues.String(lo, "material") is { } mat)
                        layers.Add(ElectrolyteLayer.FromTable(mat, th, sg));
                    else throw new NitrolyteInputException("cathode_side_layers item needs material: or density_g_cm3:");
                }
            std = std with
            {
                Cathode = cathode,
                ArealCapacityMahPerCm2 = ManifestValues.Double(cell, "areal_capacity_mah_cm2") ?? std.ArealCapacityMahPerCm2,
                ActiveFraction = ManifestValues.Double(cell, "active_fraction") ?? std.ActiveFraction,
                NpRatio = ManifestValues.Double(cell, "np") ?? std.NpRatio,
                LiThicknessUm = ManifestValues.Double(cell, "li_um"),
                LiSpecificCapacityMahPerG = ManifestValues.Double(cell, "li_capacity_mah_g") ?? std.LiSpecificCapacityMahPerG,
                ElectrolyteThicknessUm = ManifestValues.Double(cell, "electrolyte_thickness_um") ?? std.ElectrolyteThicknessUm,
                CathodeSideLayers = layers,
                AlThicknessUm = ManifestValues.Double(cell, "al_um") ?? std.AlThicknessUm,
                CuThicknessUm = ManifestValues.Double(cell, "cu_um") ?? std.CuThicknessUm,
                DoubleSided = ManifestValues.Bool(cell, "double_sided") ?? std.DoubleSided,
                PackagingMassFraction = ManifestValues.Double(cell, "packaging_fraction") ?? std.PackagingMassFraction,
                AllowedPolarisationV = ManifestValues.Double(cell, "allowed_polarisation_v") ?? std.AllowedPolarisationV,
                InterfaceAsrOhmCm2 = ManifestValues.Double(cell, "interface_asr_ohm_cm2") ?? std.InterfaceAsrOhmCm2,
                TargetChargeTimeMin = ManifestValues.Double(cell, "target_charge_time_min") ?? std.TargetChargeTimeMin,
                TargetWhPerKg = ManifestValues.Double(cell, "target_wh_per_kg") ?? std.TargetWhPerKg,
            };
            if (!(std.ElectrolyteThicknessUm > 0)) throw new NitrolyteInputException("electrolyte_thickness_um must be positive");
            if (!(std.AllowedPolarisationV > 0)) throw new NitrolyteInputException("allowed_polarisation_v must be positive");
            if (!(std.TargetChargeTimeMin > 0)) throw new NitrolyteInputException("target_charge_time_min must be positive");
            if (!(std.InterfaceAsrOhmCm2 >= 0)) throw new NitrolyteInputException("interface_asr_ohm_cm2 must be zero or positive");
            std.Stack("check", 1.0).Validate();
        }
        catch (NitrolyteInputException e)
        {
            throw new NitrolyteFormatException(manifestPath, $"cell: {e.Message}");
        }
        return std;
    }
}
