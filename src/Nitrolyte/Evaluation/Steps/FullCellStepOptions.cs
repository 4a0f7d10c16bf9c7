using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.Columns;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a full-cell data item (<see cref="FullCellStep"/>), parsed once from the manifest: the
/// analysis options (active_mass_mg required, area_cm2 or the sample's area, cathode, specific_capacity_mah_per_g,
/// reference_cycle, formation_cycles, end_of_life_pct, default 80) and columns.</summary>
public sealed record FullCellStepOptions(FullCellOptions Analysis, ColumnSpec? Columns)
{
    /// <summary>The keys a full-cell item may give (a new option = a new key here).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["active_mass_mg", "area_cm2", "cathode", "specific_capacity_mah_per_g", "reference_cycle", "formation_cycles", "end_of_life_pct", "columns"];

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and a missing active mass.</summary>
    public static FullCellStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var analysis = new FullCellOptions
        {
            ActiveMassMg = Opt(entry, "active_mass_mg") ?? throw new NitrolyteInputException($"{entry.DisplayName}: full_cell needs options.active_mass_mg"),
            AreaCm2 = Opt(entry, "area_cm2") ?? entry.Sample.ElectrodeAreaCm2, Cathode = OptString(entry, "cathode"), SpecificCapacityMahPerG = Opt(entry, "specific_capacity_mah_per_g"),
            ReferenceCycle = Opt(entry, "reference_cycle") is { } rc ? (int)rc : null, FormationCycles = Opt(entry, "formation_cycles") is { } fc ? (int)fc : null,
            EndOfLifePct = Opt(entry, "end_of_life_pct") ?? 80,
        };
        return new FullCellStepOptions(analysis, ColumnSpec.ParseOrNull(ManifestValues.String(entry.Options, "columns")));
    }
}
