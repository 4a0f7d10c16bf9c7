using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// The table of `eis series --temperatures-csv`: rows file,temperature_c (file names as given or their base names,
/// case-insensitive); an optional header line and '#' comments. Refusals name the file and the line.
/// </summary>
public static class TemperatureTableReader
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Dictionary<string, double> Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var map = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',', StringSplitOptions.TrimEntries);
            if (cells.Length < 2) throw new NitrolyteFormatException(path, "expected two columns: file,temperature_c", i + 1);
            if (!double.TryParse(cells[1], NumberStyles.Float, Inv, out var t))
            {
                if (map.Count == 0) continue; // header
                throw new NitrolyteFormatException(path, $"'{cells[1]}' is not a temperature", i + 1);
            }
            map[cells[0].Trim('"')] = t;
        }
        if (map.Count == 0) throw new NitrolyteFormatException(path, "no file,temperature_c rows");
        return map;
    }

    /// <summary>Each spectrum with the temperature the table at <paramref name="csvPath"/> gives its file (as given or by base name).</summary>
    public static List<Nitrolyte.Impedance.ImpedanceSpectrum> Apply(IEnumerable<Nitrolyte.Impedance.ImpedanceSpectrum> spectra, string csvPath)
    {
        var map = Read(csvPath);
        return spectra.Select(s =>
        {
            var key = s.SourceFile ?? "";
            if (!map.TryGetValue(key, out var t) && !map.TryGetValue(Path.GetFileName(key), out t))
                throw new NitrolyteInputException($"{csvPath}: no temperature for {Path.GetFileName(key)}");
            return s with { TemperatureC = t };
        }).ToList();
    }

    /// <summary>Each spectrum with the temperature in its file name (<see cref="FileNameTemperature"/>); refused when a name has none.</summary>
    public static List<Nitrolyte.Impedance.ImpedanceSpectrum> FromFileNames(IEnumerable<Nitrolyte.Impedance.ImpedanceSpectrum> spectra) =>
        spectra.Select(s =>
        {
            var t = FileNameTemperature.Parse(s.SourceFile ?? "") ?? throw new NitrolyteInputException($"{s.SourceFile}: no temperature in the file name (expected e.g. 140deg, 25C, -20C, m20C or 413K; 2C-rate and 0.5C are C-rates)");
            return s with { TemperatureC = t };
        }).ToList();
}
