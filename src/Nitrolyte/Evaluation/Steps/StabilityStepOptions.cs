namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of an entries item (<see cref="StabilityStep"/>), parsed once from the manifest: formula (default:
/// the manifest's), open (default Li), energy_ev, partner, use_hull_energy (default true).</summary>
public sealed record StabilityStepOptions
{
    /// <summary>The keys an entries item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["formula", "open", "energy_ev", "partner", "use_hull_energy"];

    public string? Formula { get; init; }
    public string Open { get; init; } = "Li";
    /// <summary>Total energy (eV) of the formula as written, when the material is not among the entries.</summary>
    public double? EnergyEV { get; init; }
    public string? Partner { get; init; }
    public bool UseHullEnergy { get; init; } = true;

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and values that are not numbers.</summary>
    public static StabilityStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        return new StabilityStepOptions
        {
            Formula = ManifestValues.String(o, "formula"), Open = ManifestValues.String(o, "open") ?? "Li",
            EnergyEV = ManifestValues.Double(o, "energy_ev"), Partner = ManifestValues.String(o, "partner"),
            UseHullEnergy = ManifestValues.Bool(o, "use_hull_energy") ?? true,
        };
    }
}
