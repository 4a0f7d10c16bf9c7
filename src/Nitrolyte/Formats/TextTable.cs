using Nitrolyte.Core;

namespace Nitrolyte.Formats;

/// <summary>
/// A delimited table whose cells may be text (an atmosphere label) as well as numbers: header line, then rows of
/// cells as strings. Comments (#) and blank lines are skipped; the delimiter is tab, semicolon or comma (the
/// first found in the header). Readers of specific tables pick and convert the columns.
/// </summary>
public sealed class TextTable
{
    public required string FilePath { get; init; }
    public required IReadOnlyList<string> Header { get; init; }
    public required IReadOnlyList<string[]> Rows { get; init; }
    public required IReadOnlyList<int> LineNumbers { get; init; }

    public static TextTable Read(string path)
    {
        DelimitedTable.RequireTextFile(path, "delimited text (CSV/TSV)");
        string[]? header = null;
        char delim = ',';
        var rows = new List<string[]>();
        var lines = new List<int>();
        int no = 0;
        foreach (var raw in File.ReadLines(path))
        {
            no++;
            if (string.IsNullOrWhiteSpace(raw) || raw.TrimStart().StartsWith('#')) continue;
            if (header is null)
            {
                delim = raw.Contains('\t') ? '\t' : raw.Contains(';') ? ';' : ',';
                header = raw.Split(delim).Select(c => c.Trim().Trim('"')).ToArray();
                if (header.All(h => DelimitedTable.TryNumber(h, out _)))
                    throw new NitrolyteFormatException(path, "the first line holds numbers, not a header naming the columns (and their units)", no);
                continue;
            }
            var cells = raw.Split(delim).Select(c => c.Trim().Trim('"')).ToArray();
            if (cells.Length < header.Length)
                throw new NitrolyteFormatException(path, $"expected {header.Length} columns, found {cells.Length} (truncated row?)", no);
            rows.Add(cells);
            lines.Add(no);
        }
        if (header is null) throw new NitrolyteFormatException(path, "the file is empty (no header and no data)");
        if (rows.Count == 0) throw new NitrolyteFormatException(path, "a header but no data rows");
        return new TextTable { FilePath = path, Header = header, Rows = rows, LineNumbers = lines };
    }

    /// <summary>Index of the first column whose normalised header matches, or -1.</summary>
    public int Find(Func<string, bool> predicate) => DelimitedTable.FindColumn(Header, predicate);

    /// <summary>The number in row <paramref name="row"/>, column <paramref name="col"/>, or a one-line error naming file, line and column.
    /// An empty cell gives NaN when <paramref name="allowEmpty"/>.</summary>
    public double Number(int row, int col, bool allowEmpty = false)
    {
        var cell = Rows[row][col];
        if (allowEmpty && cell.Length == 0) return double.NaN;
        if (!DelimitedTable.TryNumber(cell, out var v))
            throw new NitrolyteFormatException(FilePath, $"column '{Header[col]}' holds '{(cell.Length > 40 ? cell[..40] + "…" : cell)}', which is not a number", LineNumbers[row]);
        return v;
    }
}
