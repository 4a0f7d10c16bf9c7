using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of the BVSE analysis of a structure item (<see cref="BvseStep"/>), parsed once from the manifest:
/// grid_a (requested grid spacing, default 0.1 Å; the step may coarsen it), morse_half (default true), screening
/// (default 0.74), ion (default Li). The structure item is shared with <see cref="StructureStep"/>: a key of either is valid.</summary>
public sealed record BvseStepOptions
{
    /// <summary>The keys the BVSE analysis reads (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["grid_a", "morse_half", "screening", "ion"];

    public double GridSpacingA { get; init; } = 0.1;
    public bool MorseHalf { get; init; } = true;
    public double ScreeningFactor { get; init; } = 0.74;
    public string MobileIon { get; init; } = "Li";

    /// <summary>Parses the item's options; refuses keys that no analysis of the item's technique reads, and a morse_half
    /// that is not true/false. A grid_a or screening that is not a number is ignored (the default is used), as before.</summary>
    public static BvseStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, StepOptions.KeysOfTechnique(entry.Technique, Keys));
        var o = entry.Options;
        return new BvseStepOptions
        {
            GridSpacingA = Number(o, "grid_a") ?? 0.1,
            MorseHalf = o["morse_half"] is { } mh ? ParseBool(mh.ToString(), entry) : true,
            ScreeningFactor = Number(o, "screening") ?? 0.74,
            MobileIon = o["ion"]?.ToString() ?? "Li",
        };
    }

    private static bool ParseBool(string text, DataEntry entry) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "1" => true,
        "false" or "no" or "0" => false,
        _ => throw new NitrolyteInputException($"{entry.DisplayName}: morse_half must be true or false (got '{text}')"),
    };

    private static double? Number(System.Text.Json.Nodes.JsonObject o, string key) =>
        o[key] is { } n && double.TryParse(n.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
