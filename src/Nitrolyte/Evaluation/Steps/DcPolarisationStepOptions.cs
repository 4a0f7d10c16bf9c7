using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.Columns;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a DC-polarisation data item (<see cref="DcPolarisationStep"/>), parsed once from the
/// manifest: voltage_v, window_s (default 1800), fit (single|double|none; anything else = single), initial
/// (first|extrapolated, alias fit), columns.</summary>
public sealed record DcPolarisationStepOptions
{
    /// <summary>The keys a DC-polarisation item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["voltage_v", "window_s", "fit", "initial", "columns"];

    public double? VoltageV { get; init; }
    public double SteadyWindowS { get; init; } = 1800;
    public RelaxationModel Model { get; init; } = RelaxationModel.Single;
    public InitialCurrentMode Initial { get; init; } = InitialCurrentMode.FirstPoint;
    public ColumnSpec? Columns { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and values that are not numbers.</summary>
    public static DcPolarisationStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        return new DcPolarisationStepOptions
        {
            VoltageV = Opt(entry, "voltage_v"), SteadyWindowS = Opt(entry, "window_s") ?? 1800,
            Model = OptString(entry, "fit") switch { "double" => RelaxationModel.Double, "none" => RelaxationModel.None, _ => RelaxationModel.Single },
            Initial = OptString(entry, "initial") is "fit" or "extrapolated" ? InitialCurrentMode.Fit : InitialCurrentMode.FirstPoint,
            Columns = ColumnSpec.ParseOrNull(ManifestValues.String(entry.Options, "columns")),
        };
    }

    /// <summary>The analysis options for a pellet of this thickness (cm) and electrode area (cm²).</summary>
    public DcPolarisationOptions ToAnalysis(double thicknessCm, double areaCm2) => new()
    {
        ThicknessCm = thicknessCm, AreaCm2 = areaCm2, VoltageV = VoltageV, SteadyWindowS = SteadyWindowS, Model = Model, Initial = Initial,
    };
}
