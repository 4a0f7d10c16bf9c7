using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>The abscissa of each pattern of a series: its name (quantity and unit), values, and where they came from.</summary>
public sealed record SeriesAbscissa(string Name, string? Unit, double?[] Values, string Source);

/// <summary>
/// Abscissa of a pattern series: from a CSV (columns file,value; the header's second name is the quantity, e.g.
/// time_min, temperature_K), else a temperature in every file name (<see cref="FileNameTemperature"/>, °C), else a
/// time in every file name (a token like 30min, 2h, 45s, 1.5h: minutes), else the index.
/// </summary>
public static class SeriesValues
{
    private static readonly Regex TimeToken = new(@"(?<![A-Za-z0-9.])(\d+(?:[.p]\d+)?)\s?(s|sec|min|h|hr|hrs|d|days?)(?![A-Za-z0-9])", RegexOptions.CultureInvariant);

    public static SeriesAbscissa FromCsv(string csvPath, IReadOnlyList<string> files)
    {
        if (!File.Exists(csvPath)) throw new NitrolyteFormatException(csvPath, "file not found");
        var lines = File.ReadAllLines(csvPath).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        if (lines.Count < 2) throw new NitrolyteFormatException(csvPath, "needs a header row (file,QUANTITY_UNIT) and one row per pattern");
        var head = lines[0].Split(',', StringSplitOptions.TrimEntries);
        if (head.Length < 2) throw new NitrolyteFormatException(csvPath, $"header '{lines[0]}': two columns file,value (e.g. file,time_min)");
        var map = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int i = 1; i < lines.Count; i++)
        {
            var c = lines[i].Split(',', StringSplitOptions.TrimEntries);
            if (c.Length < 2 || !double.TryParse(c[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new NitrolyteFormatException(csvPath, $"line {i + 1} '{lines[i]}': 'file,value' with a number");
            map[Path.GetFileName(c[0])] = v;
        }
        var values = new double?[files.Count];
        for (int k = 0; k < files.Count; k++)
        {
            if (!map.TryGetValue(Path.GetFileName(files[k]), out var v))
                throw new NitrolyteFormatException(csvPath, $"no row for {Path.GetFileName(files[k])} (column 'file' holds the pattern file names)");
            values[k] = v;
        }
        var (name, unit) = SplitUnit(head[1]);
        return new SeriesAbscissa(name, unit, values, $"column '{head[1]}' of {csvPath}");
    }

    public static SeriesAbscissa FromNames(IReadOnlyList<string> files)
    {
        var temps = new double?[files.Count];
        bool allT = true;
        for (int k = 0; k < files.Count && allT; k++)
        {
            try { temps[k] = FileNameTemperature.Parse(files[k]); }
            catch (NitrolyteInputException) { temps[k] = null; }
            catch (NitrolyteFormatException) { temps[k] = null; }
            allT &= temps[k] is not null;
        }
        if (allT && temps.Distinct().Count() > 1) return new SeriesAbscissa("temperature", "°C", temps, "temperatures in the file names");
        var times = new double?[files.Count];
        bool allTime = true;
        for (int k = 0; k < files.Count && allTime; k++)
        {
            var ms = TimeToken.Matches(Path.GetFileNameWithoutExtension(files[k]));
            if (ms.Count != 1) { allTime = false; break; }
            double v = double.Parse(ms[0].Groups[1].Value.Replace('p', '.'), CultureInfo.InvariantCulture);
            times[k] = ms[0].Groups[2].Value switch { "s" or "sec" => v / 60, "min" => v, "h" or "hr" or "hrs" => v * 60, _ => v * 1440 };
        }
        if (allTime && times.Distinct().Count() > 1) return new SeriesAbscissa("time", "min", times, "times in the file names (converted to minutes)");
        return new SeriesAbscissa("index", null, files.Select((_, k) => (double?)k).ToArray(), "pattern index (no temperature or time in every file name; --series-values FILE.csv gives one)");
    }

    private static (string Name, string? Unit) SplitUnit(string header)
    {
        var h = header.Trim();
        var m = Regex.Match(h, @"^(.*?)\s*\((.+)\)$");
        if (m.Success) return (m.Groups[1].Value, m.Groups[2].Value);
        int u = h.LastIndexOf('_');
        return u > 0 ? (h[..u], h[(u + 1)..]) : (h, null);
    }
}
