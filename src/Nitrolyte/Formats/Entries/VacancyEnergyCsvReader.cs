using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Entries;

/// <summary>
/// The table of `stability vacancy --csv`: rows site,energy_ev (total energies, eV) with optional rows 'host' and
/// 'reference'; an optional header line; '#' comments. Refusals name the file and the line.
/// </summary>
public static class VacancyEnergyCsvReader
{
    public static IReadOnlyList<(string Label, double EnergyEV, int Line)> Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var lines = File.ReadAllLines(path);
        var result = new List<(string, double, int)>();
        for (int i = 0; i < lines.Length; i++)
        {
            var t = lines[i].Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            var c = t.Split(',', StringSplitOptions.TrimEntries);
            if (c.Length < 2) throw new NitrolyteFormatException(path, "expected two columns: site,energy_ev", i + 1);
            if (!double.TryParse(c[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var e))
            {
                if (result.Count == 0 && i == Array.FindIndex(lines, l => l.Trim().Length > 0 && !l.Trim().StartsWith('#'))) continue; // header
                throw new NitrolyteFormatException(path, $"'{c[1]}' is not a number", i + 1);
            }
            result.Add((c[0], e, i + 1));
        }
        if (result.Count == 0) throw new NitrolyteFormatException(path, "no rows");
        return result;
    }
}
