using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats;

/// <summary>
/// A small, strict reader for numeric delimited text (CSV, TSV, whitespace): finds the delimiter, an optional
/// header line and the numeric rows, and reports the line of the first bad cell. Readers of specific tables
/// build on it; it does no analysis.
/// </summary>
public sealed class DelimitedTable
{
    public required string FilePath { get; init; }
    public required IReadOnlyList<string> Header { get; init; }
    public required List<double[]> Rows { get; init; }
    public required IReadOnlyList<int> RowLineNumbers { get; init; }

    public int ColumnCount => Header.Count;

    public double[] Column(int index) => Rows.Select(r => r[index]).ToArray();

    /// <summary>Index of the first header matching the predicate, or -1.</summary>
    public int FindColumn(Func<string, bool> predicate)
    {
        for (int i = 0; i < Header.Count; i++) if (predicate(Normalise(Header[i]))) return i;
        return -1;
    }

    /// <summary>Lower case, no spaces, ASCII degree sign: "T (°C)" -> "t(degc)".</summary>
    public static string Normalise(string header) =>
        header.Trim().Trim('"').ToLowerInvariant().Replace(" ", "").Replace("°", "deg").Replace("º", "deg");

    public static DelimitedTable Read(string path, Encoding? encoding = null)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var lines = File.ReadAllLines(path, encoding ?? Encoding.UTF8);
        return Parse(path, lines);
    }

    public static DelimitedTable Parse(string path, IReadOnlyList<string> lines)
    {
        int first = 0;
        while (first < lines.Count && (string.IsNullOrWhiteSpace(lines[first]) || lines[first].TrimStart().StartsWith('#'))) first++;
        if (first >= lines.Count) throw new NitrolyteFormatException(path, "the file is empty (no header and no data)");
        char? delim = DetectDelimiter(lines[first]);
        var firstCells = Split(lines[first], delim);
        bool hasHeader = firstCells.Any(c => !TryNumber(c, out _));
        var header = hasHeader ? firstCells.Select(c => c.Trim().Trim('"')).ToArray()
                               : Enumerable.Range(1, firstCells.Length).Select(i => $"column{i}").ToArray();
        var rows = new List<double[]>();
        var lineNos = new List<int>();
        for (int i = hasHeader ? first + 1 : first; i < lines.Count; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var cells = Split(line, delim);
            if (cells.Length < header.Length)
                throw new NitrolyteFormatException(path, $"expected {header.Length} columns, found {cells.Length} (truncated row?)", i + 1);
            var row = new double[header.Length];
            for (int c = 0; c < header.Length; c++)
            {
                if (!TryNumber(cells[c], out row[c]))
                    throw new NitrolyteFormatException(path, $"column '{header[c]}' holds '{cells[c].Trim()}', which is not a number", i + 1);
            }
            rows.Add(row);
            lineNos.Add(i + 1);
        }
        if (rows.Count == 0) throw new NitrolyteFormatException(path, "a header but no data rows");
        return new DelimitedTable { FilePath = path, Header = header, Rows = rows, RowLineNumbers = lineNos };
    }

    private static char? DetectDelimiter(string line)
    {
        if (line.Contains('\t')) return '\t';
        if (line.Contains(';')) return ';';
        if (line.Contains(',')) return ',';
        return null; // whitespace
    }

    private static string[] Split(string line, char? delim) =>
        delim is { } d ? line.Split(d) : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static bool TryNumber(string cell, out double value) =>
        double.TryParse(cell.Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
