using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of an NMR item (<see cref="NmrStep"/>), parsed once from the manifest: kind (t1 | recovery |
/// linewidth; null = recognised from the header), larmor_mhz, nucleus (label, default 7Li), jump_distance_a, columns.</summary>
public sealed record NmrStepOptions
{
    /// <summary>The keys an NMR item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["kind", "larmor_mhz", "nucleus", "jump_distance_a", "columns"];

    /// <summary>The table kind as written (trimmed, lower case); null = the step recognises it from the file.</summary>
    public string? Kind { get; init; }
    public double? LarmorMHz { get; init; }
    public string Nucleus { get; init; } = "7Li";
    public double? JumpDistanceA { get; init; }
    public ColumnSpec? Columns { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and values that are not numbers.</summary>
    public static NmrStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        return new NmrStepOptions
        {
            Kind = ManifestValues.String(o, "kind")?.Trim().ToLowerInvariant(),
            LarmorMHz = ManifestValues.Double(o, "larmor_mhz"),
            Nucleus = ManifestValues.String(o, "nucleus") ?? "7Li",
            JumpDistanceA = ManifestValues.Double(o, "jump_distance_a"),
            Columns = ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns")),
        };
    }
}
