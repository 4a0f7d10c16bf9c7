using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.Columns;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a Li|SE|Li cycling data item (<see cref="SymmetricCyclingStep"/>), parsed once from the
/// manifest: sigma_s_per_cm (removes the bulk with the sample thickness), rest_current_a, hard_short_v (default 0.005),
/// drop_fraction (0.5), noise_threshold (0.05), columns.</summary>
public sealed record SymmetricCyclingStepOptions
{
    /// <summary>The keys a symmetric-cycling item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["sigma_s_per_cm", "rest_current_a", "hard_short_v", "drop_fraction", "noise_threshold", "columns"];

    public double? SigmaSPerCm { get; init; }
    public double? RestCurrentA { get; init; }
    public double HardShortVoltageV { get; init; } = 0.005;
    public double SuddenDropFraction { get; init; } = 0.5;
    public double NoiseThreshold { get; init; } = 0.05;
    public ColumnSpec? Columns { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and values that are not numbers.</summary>
    public static SymmetricCyclingStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        return new SymmetricCyclingStepOptions
        {
            SigmaSPerCm = Opt(entry, "sigma_s_per_cm"), RestCurrentA = Opt(entry, "rest_current_a"),
            HardShortVoltageV = Opt(entry, "hard_short_v") ?? 0.005, SuddenDropFraction = Opt(entry, "drop_fraction") ?? 0.5, NoiseThreshold = Opt(entry, "noise_threshold") ?? 0.05,
            Columns = ColumnSpec.ParseOrNull(ManifestValues.String(entry.Options, "columns")),
        };
    }

    /// <summary>The analysis options for a cell of this electrode area (cm²) and thickness (cm; used only with σ).</summary>
    public SymmetricOptions ToAnalysis(double areaCm2, double? thicknessCm) => new()
    {
        AreaCm2 = areaCm2, ThicknessCm = SigmaSPerCm is null ? null : thicknessCm, SigmaSPerCm = SigmaSPerCm, RestCurrentA = RestCurrentA,
        HardShortVoltageV = HardShortVoltageV, SuddenDropFraction = SuddenDropFraction, NoiseThreshold = NoiseThreshold,
    };
}
