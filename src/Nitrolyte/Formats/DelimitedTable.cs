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
    public int FindColumn(Func<string, bool> predicate) => FindColumn(Header, predicate);

    /// <summary>Index of the first header matching the predicate (on the normalised header), or -1.</summary>
    public static int FindColumn(IReadOnlyList<string> header, Func<string, bool> predicate)
    {
        for (int i = 0; i < header.Count; i++) if (predicate(Normalise(header[i]))) return i;
        return -1;
    }

    /// <summary>Lower case, no spaces, ASCII degree sign: "T (°C)" -> "t(degc)".</summary>
    public static string Normalise(string header) =>
        header.Trim().Trim('"').ToLowerInvariant().Replace(" ", "").Replace("°", "deg").Replace("º", "deg");

    public static DelimitedTable Read(string path, Encoding? encoding = null)
    {
        RequireTextFile(path, "delimited text (CSV/TSV)");
        // Streamed line by line: a 150 MB table must not hold every line as a string at once.
        return Parse(path, File.ReadLines(path, encoding ?? Encoding.UTF8));
    }

    /// <summary>
    /// Streams a table without keeping its rows: <paramref name="begin"/> receives the header and returns the action
    /// called for each data row (1-based line number, a fresh array of values). Same checks and errors as
    /// <see cref="Read"/>; returns the header. For very large files (a 200 MB σ(T) table).
    /// </summary>
    public static IReadOnlyList<string> ForEachRow(string path, Func<IReadOnlyList<string>, Action<int, double[]>> begin, Encoding? encoding = null)
    {
        RequireTextFile(path, "delimited text (CSV/TSV)");
        return Stream(path, File.ReadLines(path, encoding ?? Encoding.UTF8), begin);
    }

    /// <summary>
    /// Throws a one-line <see cref="NitrolyteFormatException"/> when <paramref name="path"/> is missing, is a
    /// directory, or starts with binary content (a NUL byte in its first 8 KB: a PNG, an executable, a zip...).
    /// </summary>
    public static void RequireTextFile(string path, string expected) => TextFiles.Require(path, expected);

    public static DelimitedTable Parse(string path, IReadOnlyList<string> lines) => Parse(path, (IEnumerable<string>)lines);

    public static DelimitedTable Parse(string path, IEnumerable<string> lineSource)
    {
        var rows = new List<double[]>();
        var lineNos = new List<int>();
        var header = Stream(path, lineSource, _ => (line, row) => { rows.Add(row); lineNos.Add(line); });
        return new DelimitedTable { FilePath = path, Header = header, Rows = rows, RowLineNumbers = lineNos };
    }

    private static IReadOnlyList<string> Stream(string path, IEnumerable<string> lineSource, Func<IReadOnlyList<string>, Action<int, double[]>> begin)
    {
        using var lines = lineSource.GetEnumerator();
        int first = 0;
        string? headerLine = null;
        while (lines.MoveNext())
        {
            if (string.IsNullOrWhiteSpace(lines.Current) || lines.Current.TrimStart().StartsWith('#')) { first++; continue; }
            headerLine = lines.Current;
            break;
        }
        if (headerLine is null) throw new NitrolyteFormatException(path, "the file is empty (no header and no data)");
        char? delim = DetectDelimiter(headerLine);
        var firstCells = Split(headerLine, delim);
        bool hasHeader = firstCells.Any(c => !TryNumber(c, out _));
        var header = hasHeader ? firstCells.Select(c => c.Trim().Trim('"')).ToArray()
                               : Enumerable.Range(1, firstCells.Length).Select(i => $"column{i}").ToArray();
        var onRow = begin(header);
        long count = 0;
        // i is the 0-based line index; without a header the first line is data too.
        IEnumerable<(int Index, string Line)> DataLines()
        {
            if (!hasHeader) yield return (first, headerLine);
            int i = first;
            while (lines.MoveNext()) yield return (++i, lines.Current);
        }
        foreach (var (i, line) in DataLines())
        {
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var cells = Split(line, delim);
            if (cells.Length < header.Length)
                throw new NitrolyteFormatException(path, $"expected {header.Length} columns, found {cells.Length} (truncated row?)", i + 1);
            // more cells than the header: a decimal comma in a comma-separated file splits every number (trailing empty cells are tolerated)
            if (cells.Length > header.Length && cells.Skip(header.Length).Any(c => c.Trim().Length > 0))
                throw new NitrolyteFormatException(path, $"the row has {cells.Length} cells but the header has {header.Length}"
                    + (delim == ',' ? " (a decimal comma in a comma-separated file? separate the columns with ';' or tabs, or write '.' as the decimal point)" : ""), i + 1);
            var row = new double[header.Length];
            for (int c = 0; c < header.Length; c++)
            {
                if (!TryNumber(cells[c], out row[c]))
                    throw new NitrolyteFormatException(path, $"column '{Clip(header[c])}' holds '{Clip(cells[c].Trim())}', which is not a number", i + 1);
            }
            onRow(i + 1, row);
            count++;
        }
        if (count == 0) throw new NitrolyteFormatException(path, "a header but no data rows");
        return header;
    }

    /// <summary>A cell as quoted in an error message: at most 40 characters, control characters as '?'.</summary>
    private static string Clip(string cell)
    {
        var clean = new string(cell.Select(ch => char.IsControl(ch) ? '?' : ch).ToArray());
        return clean.Length <= 40 ? clean : clean[..40] + "…";
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
