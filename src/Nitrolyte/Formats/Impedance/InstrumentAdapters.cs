using Nitrolyte.Core;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// Thin adapters from the generic instrument readers (BioLogic .mpt/.mpr, Gamry .DTA) to impedance spectra.
/// </summary>
internal static class InstrumentAdapters
{
    public static IReadOnlyList<ImpedanceSpectrum> Read(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        throw new NitrolyteFormatException(path, $"reading {ext} impedance files needs the {(ext == ".dta" ? "Gamry" : "BioLogic")} reader, which is not in this build yet; export the spectrum as text (CSV: f, Z', Z'')");
    }
}
