using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.BioLogic;

/// <summary>
/// Streaming reader of EC-Lab .mpt text exports: "EC-Lab ASCII FILE", "Nb header lines : N", N-3 header lines
/// (technique, "key : value" settings, parameter tables), the tab-separated column header on line N, then data rows.
/// Text is windows-1252 (µ, °); numbers may use a decimal comma (EC-Lab under a German locale). A file with no
/// "EC-Lab ASCII FILE" line is accepted when its first line is a tab-separated column header.
/// Memory is bounded by the read buffer: rows are delivered one at a time.
/// </summary>
public sealed class MptRowReader : ITableRowReader
{
    private static readonly Encoding Text = GetWindows1252();

    private readonly ByteLineReader _lines;
    private readonly string _path;
    private readonly int _n;
    private readonly byte _sep;
    private readonly int _dateColumn = -1;
    private readonly DateTimeOffset _dateOrigin;
    private readonly List<string> _warnings = [];

    /// <summary>What the reader tolerated: header names without values in the rows, date-times in time/s, ...</summary>
    public IReadOnlyList<string> Warnings => _warnings;
    /// <summary>The cell separator: tab (.mpt) or ';' (EC-Lab "export as CSV").</summary>
    public char Separator => (char)_sep;
    /// <summary>Index of a time/s column that holds date-times (read as seconds from the start), or -1.</summary>
    public int DateColumn => _dateColumn;
    internal DateTimeOffset DateOrigin => _dateOrigin;

    public IReadOnlyList<string> ColumnNames { get; }
    public string? Technique { get; }
    public DateTimeOffset? StartTime { get; }
    public IReadOnlyDictionary<string, string> Settings { get; }
    public int HeaderLineCount { get; }
    /// <summary>Byte offset of the first data line.</summary>
    public long DataStartOffset { get; }
    /// <summary>1-based line number of the last row read.</summary>
    public long LineNumber => _lines.LineNumber;

    internal static Encoding GetWindows1252()
    {
        try
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1252);
        }
        catch (Exception) { return Encoding.Latin1; }
    }

    public MptRowReader(string path)
    {
        _path = path;
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        _lines = new ByteLineReader(fs);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            if (!_lines.TryReadLine(out var first)) throw new NitrolyteFormatException(path, "empty file (expected 'EC-Lab ASCII FILE')", 1);
            string firstText = Text.GetString(first).Trim();
            string headerLine;
            int nHeader;
            if (firstText.StartsWith("EC-Lab ASCII FILE", StringComparison.OrdinalIgnoreCase))
            {
                if (!_lines.TryReadLine(out var second)) throw new NitrolyteFormatException(path, "missing 'Nb header lines' line", 2);
                var s2 = Text.GetString(second);
                int colon = s2.IndexOf(':');
                if (!s2.TrimStart().StartsWith("Nb header lines", StringComparison.OrdinalIgnoreCase) || colon < 0
                    || !int.TryParse(s2[(colon + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out nHeader) || nHeader < 3)
                    throw new NitrolyteFormatException(path, $"expected 'Nb header lines : <n>' (n >= 3), found '{s2.Trim()}'", 2);
                string? technique = null;
                for (int line = 3; line < nHeader; line++)
                {
                    if (!_lines.TryReadLine(out var h))
                        throw new NitrolyteFormatException(path, $"file ends inside the header (it declares {nHeader} header lines)", line);
                    var t = Text.GetString(h);
                    if (technique is null && line >= 3 && !string.IsNullOrWhiteSpace(t) && !t.Contains(" : ") && !t.StartsWith('\t'))
                        technique = t.Trim();
                    int sep = t.IndexOf(" : ", StringComparison.Ordinal);
                    if (sep > 0)
                    {
                        var key = t[..sep].Trim();
                        var value = t[(sep + 3)..].Trim();
                        if (key.Length > 0) settings.TryAdd(key, value);
                    }
                }
                Technique = technique;
                if (!_lines.TryReadLine(out var hdr))
                    throw new NitrolyteFormatException(path, "file ends before the column header line", nHeader);
                headerLine = Text.GetString(hdr);
                if (!LooksLikeColumnHeader(headerLine, SeparatorOf(headerLine)))
                    throw new NitrolyteFormatException(path,
                        $"line {nHeader} should be the tab-separated column header ('Nb header lines : {nHeader}'), but it is '{Shorten(headerLine)}': the header-line count is wrong or the file was edited", nHeader);
            }
            else
            {
                nHeader = 1;
                headerLine = Text.GetString(first);
                if (!headerLine.Contains('\t') && !(headerLine.Contains(';') && LooksLikeColumnHeader(headerLine, (byte)';')))
                    throw new NitrolyteFormatException(path, "not an EC-Lab text export: first line is neither 'EC-Lab ASCII FILE' nor a tab- or ';'-separated column header", 1);
            }
            HeaderLineCount = nHeader;
            DataStartOffset = _lines.NextLineOffset;
            _sep = SeparatorOf(headerLine);
            var names = headerLine.TrimEnd('\r', '\n').Split((char)_sep).Select(n => n.Trim().Trim('"').Trim()).ToList();
            while (names.Count > 0 && string.IsNullOrWhiteSpace(names[^1])) names.RemoveAt(names.Count - 1);
            if (names.Count == 0) throw new NitrolyteFormatException(path, "the column header line is empty (no columns)", nHeader);
            var firstRow = PeekFirstRow(path, DataStartOffset, _sep);
            if (firstRow is not null && firstRow.Count < names.Count)
            {
                // the header names more columns than the rows hold: EC-Lab writes an empty name (a doubled tab) or a
                // trailing column (e.g. Ewe-Ece/V) that no row has; the rows align with the names that remain
                var dropped = new List<string>();
                for (int k = names.Count - 1; k >= 0 && names.Count > firstRow.Count; k--)
                    if (names[k].Length == 0) { names.RemoveAt(k); dropped.Add("(empty name)"); }
                while (names.Count > firstRow.Count) { dropped.Add($"'{names[^1]}'"); names.RemoveAt(names.Count - 1); }
                _warnings.Add($"the column header names {names.Count + dropped.Count} columns but the rows hold {firstRow.Count}: read the {names.Count} that are there, not read: {string.Join(", ", dropped)}");
            }
            for (int k = 0; k < names.Count; k++)
                if (names[k].Length == 0)
                {
                    names[k] = $"column_{k + 1}";
                    _warnings.Add($"column {k + 1} has no name in the header: kept as '{names[k]}'");
                }
            ColumnNames = names.ToArray();
            _n = ColumnNames.Count;
            if (settings.TryGetValue("Acquisition started on", out var started) && TryParseDate(started, out var dto)) StartTime = dto;
            int it = names.FindIndex(x => string.Equals(x, "time/s", StringComparison.OrdinalIgnoreCase));
            if (it >= 0 && firstRow is not null && it < firstRow.Count
                && !FastNumber.TryParse(firstRow[it], out _) && TryParseDate(firstRow[it], out var firstDate))
            {
                _dateColumn = it;
                StartTime ??= firstDate;
                _dateOrigin = StartTime.Value;
                _warnings.Add($"'time/s' holds date-times ('{firstRow[it]}'): read as seconds since {_dateOrigin:yyyy-MM-dd HH:mm:ss.fff} (instrument local time)");
            }
            Settings = settings;
        }
        catch
        {
            _lines.Dispose();
            throw;
        }
    }

    /// <summary>A column header has at least two tab-separated names and they are not all numbers (a data row).</summary>
    private static bool LooksLikeColumnHeader(string line, byte sep)
    {
        var f = line.TrimEnd('\r', '\n').Split((char)sep).Select(x => x.Trim()).Where(x => x.Length > 0).ToArray();
        if (f.Length < 2) return false;
        return !f.All(x => double.TryParse(x.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out _));
    }

    /// <summary>Tab unless the line has no tab and has ';' (EC-Lab "export as CSV" writes ';' with a decimal comma).</summary>
    private static byte SeparatorOf(string headerLine) => !headerLine.Contains('\t') && headerLine.Contains(';') ? (byte)';' : (byte)'\t';

    /// <summary>The cells of the first non-blank data line (null when the file has none).</summary>
    private static List<string>? PeekFirstRow(string path, long offset, byte sep)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        fs.Position = offset;
        using var lines = new ByteLineReader(fs, 1 << 16);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty || line.Trim((byte)' ').IsEmpty) continue;
            var cells = Text.GetString(line).Split((char)sep).Select(c => c.Trim()).ToList();
            while (cells.Count > 0 && cells[^1].Length == 0) cells.RemoveAt(cells.Count - 1); // a trailing separator
            return cells;
        }
        return null;
    }

    private static string Shorten(string s)
    {
        s = s.Trim().Replace('\t', ' ');
        return s.Length > 60 ? s[..60] + "..." : s;
    }

    /// <summary>EC-Lab writes "MM/dd/yyyy HH:mm:ss.fff" (also with '-' or '.' separators and 2-digit years).</summary>
    internal static bool TryParseDate(string text, out DateTimeOffset value)
    {
        string[] formats =
        [
            "MM/dd/yyyy HH:mm:ss.fff", "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss,fff", "MM/dd/yy HH:mm:ss", "MM/dd/yy HH:mm:ss.fff",
            "MM-dd-yyyy HH:mm:ss.fff", "MM.dd.yyyy HH:mm:ss.fff", "MM/dd/yyyy",
            "MM/dd/yyyy HH:mm:ss.ffff", "MM/dd/yyyy HH:mm:ss,ffff", "MM/dd/yyyy HH:mm:ss.ffffff", "MM/dd/yyyy HH:mm:ss,ffffff",
            "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss,FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
            "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm:ss,FFFFFFF", "dd.MM.yyyy HH:mm:ss.FFFFFFF",
        ];
        if (DateTime.TryParseExact(text.Trim().Trim('"'), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            value = new DateTimeOffset(dt, TimeSpan.Zero);
            return true;
        }
        value = default;
        return false;
    }

    /// <summary>Length in bytes of the last data line read (used to guess the number of rows for preallocation).</summary>
    public int LastLineLength { get; private set; }

    public bool ReadRow(Span<double> row)
    {
        while (_lines.TryReadLine(out var line))
        {
            if (line.IsEmpty || line.Trim((byte)' ').IsEmpty) continue;
            LastLineLength = line.Length;
            int col = _dateColumn >= 0 ? -1 : ParseLine(line, row, _n, _sep);
            if (col < 0) col = SlowLine(_path, ColumnNames, _lines.LineNumber, line, row, _sep, _dateColumn, _dateOrigin);
            if (col < _n)
                throw new NitrolyteFormatException(_path, $"expected {_n} {SepName(_sep)}-separated values, found {col} (truncated row?)", _lines.LineNumber);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Fused tokenizer and number parser for the common case (plain decimal numbers with '.' or ',' and an optional
    /// exponent, separated by single tabs): returns the number of cells parsed, or -1 to fall back to the slow path.
    /// </summary>
    private static unsafe int ParseLine(ReadOnlySpan<byte> line, Span<double> row, int n, byte sep)
    {
        fixed (byte* start = line)
        fixed (double* outp = row)
        {
            byte* p = start, end = start + line.Length;
            int col = 0;
            while (col < n)
            {
                if (p >= end) return col;
                bool neg = false;
                if (*p == (byte)'-') { neg = true; p++; }
                else if (*p == (byte)'+') p++;
                ulong mant = 0; int digits = 0, frac = 0; bool any = false;
                uint d;
                while (p < end && (d = (uint)(*p - (byte)'0')) <= 9)
                {
                    if (digits < 19) { mant = mant * 10 + d; if (mant != 0) digits++; } else return -1;
                    any = true; p++;
                }
                if (p < end && (*p == (byte)'.' || *p == (byte)','))
                {
                    p++;
                    while (p < end && (d = (uint)(*p - (byte)'0')) <= 9)
                    {
                        if (digits < 19) { mant = mant * 10 + d; if (mant != 0) digits++; frac++; } else return -1;
                        any = true; p++;
                    }
                }
                if (!any) return -1;
                int exp = 0;
                if (p < end && (*p == (byte)'E' || *p == (byte)'e'))
                {
                    p++;
                    bool eneg = false;
                    if (p < end && (*p == (byte)'-' || *p == (byte)'+')) { eneg = *p == (byte)'-'; p++; }
                    int ed = 0;
                    while (p < end && (d = (uint)(*p - (byte)'0')) <= 9) { exp = exp * 10 + (int)d; ed++; p++; if (ed > 4) return -1; }
                    if (ed == 0) return -1;
                    if (eneg) exp = -exp;
                }
                if (p < end && *p != sep) return -1;
                int e10 = exp - frac;
                double v;
                if (mant == 0) v = 0;
                else if (mant <= (1UL << 53) && e10 >= -22 && e10 <= 22) v = e10 >= 0 ? mant * Pow10[e10] : mant / Pow10[-e10];
                else
                {
                    // rare: more than 15-16 significant digits or a large exponent: exact framework parse of this cell
                    return -1;
                }
                outp[col++] = neg ? -v : v;
                if (p < end) p++; // the separator
            }
            return col;
        }
    }

    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses the data lines in bytes [from, to) of the file into <paramref name="cols"/> starting at row
    /// <paramref name="rowStart"/>; returns the number of rows written (blank lines are skipped).
    /// <paramref name="firstLineNumber"/> is the 1-based line number of the chunk's first line, for error messages.
    /// </summary>
    internal static long ParseChunkInto(string path, IReadOnlyList<string> names, long from, long to, long firstLineNumber, double[][] cols, long rowStart,
        byte sep = (byte)'\t', int dateColumn = -1, DateTimeOffset dateOrigin = default)
    {
        int n = names.Count;
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        fs.Position = from;
        using var lines = new ByteLineReader(fs, 1 << 20, to - from);
        var row = new double[n];
        long r = rowStart;
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty || line.Trim((byte)' ').IsEmpty) continue;
            int col = dateColumn >= 0 ? -1 : ParseLine(line, row, n, sep);
            long lineNo = firstLineNumber + lines.LineNumber - 1;
            if (col < 0) col = SlowLine(path, names, lineNo, line, row, sep, dateColumn, dateOrigin);
            if (col < n) throw new NitrolyteFormatException(path, $"expected {n} {SepName(sep)}-separated values, found {col} (truncated row?)", lineNo);
            for (int k = 0; k < n; k++) cols[k][r] = row[k];
            r++;
        }
        return r - rowStart;
    }

    private static string SepName(byte sep) => sep == (byte)'\t' ? "tab" : $"'{(char)sep}'";

    private static int SlowLine(string path, IReadOnlyList<string> names, long lineNo, ReadOnlySpan<byte> line, Span<double> row,
        byte sep, int dateColumn, DateTimeOffset dateOrigin)
    {
        int n = names.Count, col = 0, start = 0;
        for (int i = 0; i <= line.Length; i++)
        {
            if (i == line.Length || line[i] == sep)
            {
                if (col < n)
                {
                    var cell = line[start..i];
                    if (col == dateColumn && TryParseDate(Text.GetString(cell), out var at))
                        row[col] = (at - dateOrigin).TotalSeconds;
                    else if (!FastNumber.TryParse(cell, out row[col]))
                    {
                        if (cell.Trim((byte)' ').IsEmpty) row[col] = double.NaN;
                        else throw new NitrolyteFormatException(path, $"column '{names[col]}' holds '{Encoding.Latin1.GetString(cell).Trim()}', which is not a number", lineNo);
                    }
                }
                col++;
                start = i + 1;
            }
        }
        return col;
    }

    public void Dispose() => _lines.Dispose();
}
