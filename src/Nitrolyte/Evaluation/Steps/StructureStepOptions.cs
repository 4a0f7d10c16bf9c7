using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Structures;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of a structure item's structure analyses (<see cref="StructureStep"/>), parsed once from the
/// manifest: wavelength (preset or Å, default CuKa), two_theta [min, max] (default [10, 90]), pdf_rmax_a (default 15),
/// oxidation ("Li=1,N=-3"). The structure item is shared with <see cref="BvseStep"/>: a key of either is valid.</summary>
public sealed record StructureStepOptions
{
    /// <summary>The keys the structure analyses read (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["wavelength", "two_theta", "pdf_rmax_a", "oxidation"];

    public double WavelengthA { get; init; } = Wavelengths.Presets["CuKa"];
    public double TwoThetaMinDeg { get; init; } = 10;
    public double TwoThetaMaxDeg { get; init; } = 90;
    public double PdfRMaxA { get; init; } = 15;
    /// <summary>Oxidation states given by the user (element -> charge), empty when none.</summary>
    public IReadOnlyDictionary<string, double> Oxidation { get; init; } = new Dictionary<string, double>();

    /// <summary>Parses the item's options; refuses keys that no analysis of the item's technique reads, a two_theta that is
    /// not [min, max] and oxidation states that are not Element=charge.</summary>
    public static StructureStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, StepOptions.KeysOfTechnique(entry.Technique, Keys));
        var o = entry.Options;
        var tt = ManifestValues.DoubleArray(o, "two_theta") ?? [10, 90];
        if (tt.Length != 2 || tt[1] <= tt[0]) throw new NitrolyteInputException($"{entry.DisplayName}: two_theta must be [min, max]");
        return new StructureStepOptions
        {
            WavelengthA = o["wavelength"] is { } wn ? Wavelengths.Parse(wn.ToString()) : Wavelengths.Presets["CuKa"],
            TwoThetaMinDeg = tt[0], TwoThetaMaxDeg = tt[1],
            PdfRMaxA = ManifestValues.Double(o, "pdf_rmax_a") ?? 15,
            Oxidation = OxidationStates.ParseOverrides(ManifestValues.String(o, "oxidation")),
        };
    }
}
