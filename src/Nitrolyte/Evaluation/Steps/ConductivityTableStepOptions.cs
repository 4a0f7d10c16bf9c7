using Nitrolyte.Arrhenius;
using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a σ(T) table item (<see cref="ConductivityTableStep"/>), parsed once from the manifest:
/// form (Arrhenius form, default sigma-t), columns.</summary>
public sealed record ConductivityTableStepOptions
{
    /// <summary>The keys a σ(T) table item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["form", "columns"];

    public ArrheniusForm Form { get; init; } = ArrheniusForm.SigmaT;
    public ColumnSpec? Columns { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and unknown forms.</summary>
    public static ConductivityTableStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        return new ConductivityTableStepOptions
        {
            Form = o["form"] is { } f ? ArrheniusFormNames.Parse(f.ToString()) : ArrheniusForm.SigmaT,
            Columns = ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns")),
        };
    }
}
