using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a measured powder pattern item (<see cref="MeasuredDiffractionStep"/>), parsed once from the
/// manifest: structure (required), wavelength ("CuKa" = Kα1 + Kα2, or λ1[,λ2] in Å or presets), ka2_ratio, radiation
/// (xray|neutron), mode (rietveld | lebail), refine_occupancy (site labels), no_polarisation, charge_neutral, fix_scale,
/// background_terms (default 6), refine_displacement, anomalous, instrument, refine_xyz (site labels whose free
/// coordinates are refined under their site symmetry; Rietveld only).</summary>
public sealed record MeasuredDiffractionStepOptions
{
    /// <summary>The keys a measured-pattern item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["structure", "wavelength", "ka2_ratio", "radiation", "mode", "refine_occupancy", "no_polarisation", "charge_neutral", "fix_scale", "background_terms", "refine_displacement", "anomalous", "instrument", "refine_xyz"];

    /// <summary>A structure file relative to the manifest, or a prototype name.</summary>
    public required string Structure { get; init; }
    /// <summary>Wavelengths from the manifest (Å); null = from the instrument file or the pattern file.</summary>
    public double? Wavelength1A { get; init; }
    public double? Wavelength2A { get; init; }
    public double? Ka2Ratio { get; init; }
    /// <summary>The radiation as written (lower case); null = from the file.</summary>
    public string? Radiation { get; init; }
    public RefinementMode Mode { get; init; } = RefinementMode.Rietveld;
    public IReadOnlyList<string> RefineOccupancy { get; init; } = [];
    public IReadOnlyList<string> RefineXyz { get; init; } = [];
    public bool NoPolarisation { get; init; }
    public bool ChargeNeutral { get; init; }
    public double? FixScale { get; init; }
    public int BackgroundTerms { get; init; } = 6;
    public bool RefineDisplacement { get; init; }
    public bool Anomalous { get; init; }
    /// <summary>An instrument file relative to the manifest.</summary>
    public string? Instrument { get; init; }

    static string[] Names(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(x => x!.ToString()).ToArray(),
        JsonNode n => n.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        _ => [],
    };

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones), a missing structure, unknown
    /// wavelengths and values that are not numbers.</summary>
    public static MeasuredDiffractionStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        var structure = OptString(entry, "structure") ?? throw new NitrolyteInputException($"{entry.DisplayName}: xrd_measured needs option structure (a CIF next to the manifest or a prototype name)");
        double? l1 = null, l2 = null;
        if (OptString(entry, "wavelength") is { } wl)
        {
            var parts = wl.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 1 && parts[0].Equals("CuKa", StringComparison.OrdinalIgnoreCase)) parts = ["CuKa1", "CuKa2"];
            l1 = Wavelengths.Parse(parts[0]);
            if (parts.Length > 1) l2 = Wavelengths.Parse(parts[1]);
        }
        return new MeasuredDiffractionStepOptions
        {
            Structure = structure, Wavelength1A = l1, Wavelength2A = l2, Ka2Ratio = Opt(entry, "ka2_ratio"),
            Radiation = OptString(entry, "radiation")?.ToLowerInvariant(),
            Mode = OptString(entry, "mode")?.ToLowerInvariant() is "lebail" or "le_bail" ? RefinementMode.LeBail : RefinementMode.Rietveld,
            RefineOccupancy = Names(o["refine_occupancy"]),
            RefineXyz = Names(o["refine_xyz"]),
            NoPolarisation = ManifestValues.Bool(o, "no_polarisation") ?? false,
            ChargeNeutral = ManifestValues.Bool(o, "charge_neutral") ?? false,
            FixScale = Opt(entry, "fix_scale"), BackgroundTerms = (int)(Opt(entry, "background_terms") ?? 6),
            RefineDisplacement = ManifestValues.Bool(o, "refine_displacement") ?? false,
            Anomalous = ManifestValues.Bool(o, "anomalous") ?? false,
            Instrument = OptString(entry, "instrument"),
        };
    }
}
