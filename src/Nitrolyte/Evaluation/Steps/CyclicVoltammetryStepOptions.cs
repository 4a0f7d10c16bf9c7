using Nitrolyte.Formats.Columns;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a cyclic-voltammetry item (<see cref="CyclicVoltammetryStep"/>), parsed once from the manifest:
/// pellet_mass_mg (else the sample's mass_mg), formula (else the manifest's formula), columns.</summary>
public sealed record CyclicVoltammetryStepOptions
{
    /// <summary>The keys a CV item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["pellet_mass_mg", "formula", "columns"];

    public double? PelletMassMg { get; init; }
    public string? Formula { get; init; }
    public ColumnSpec? Columns { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and values that are not numbers.</summary>
    public static CyclicVoltammetryStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        return new CyclicVoltammetryStepOptions
        {
            PelletMassMg = Opt(entry, "pellet_mass_mg"), Formula = OptString(entry, "formula"),
            Columns = ColumnSpec.ParseOrNull(ManifestValues.String(entry.Options, "columns")),
        };
    }
}
