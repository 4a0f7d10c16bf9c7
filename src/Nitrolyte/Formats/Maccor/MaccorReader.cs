using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Maccor;

/// <summary>One numeric column of a Maccor export (durations converted to seconds).</summary>
public sealed record MaccorColumn(string Name, string? Unit, double[] Values);

/// <summary>A Maccor tab-separated text export.</summary>
public sealed class MaccorFile
{
    public required string FilePath { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    /// <summary>The "key: value" pairs of the lines above the column header (Today's Date, Date of Test, Filename, ...).</summary>
    public required IReadOnlyDictionary<string, string> Header { get; init; }
    public required IReadOnlyList<MaccorColumn> Columns { get; init; }
    /// <summary>The State column: C (charge), D (discharge), R (rest), O (other), ...</summary>
    public required string[] State { get; init; }
    public int RowCount => State.Length;
    public MaccorColumn? Find(params string[] names)
    {
        foreach (var n in names)
            foreach (var c in Columns)
                if (string.Equals(c.Name.Trim(), n, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }
}

/// <summary>
/// Reads Maccor text exports: a few "Key:\tvalue" header lines, then a tab-separated column header starting with
/// "Rec#", then one row per record. Text is ISO-8859-1. "TestTime"/"StepTime" durations written as "2d 02:52:51.57"
/// become seconds; "DPt Time" (MM/dd/yyyy HH:mm:ss) becomes seconds since the first row; the State letter is kept as text;
/// the "Units" columns after each auxiliary channel are dropped. "Amps" is unsigned in Maccor exports: the sign comes
/// from the State (D = discharge, negative) when the time series is built. Rows are streamed from the file.
/// </summary>
public static class MaccorReader
{
    public static bool LooksLikeMaccor(string path)
    {
        using var r = new StreamReader(path, Encoding.Latin1);
        for (int i = 0; i < 20; i++)
        {
            var l = r.ReadLine();
            if (l is null) return false;
            // the classic export (Amps, Volts, TestTime durations); other Maccor layouts ("Test (Sec)", MIMS) are
            // read by the shared column layer as text tables
            if (l.StartsWith("Rec#\t", StringComparison.Ordinal) && l.Contains("Amps")) return l.Contains("TestTime");
        }
        return false;
    }

    public static MaccorFile Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        using var lines = new ByteLineReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan));
        var header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string[]? names = null;
        while (lines.TryReadLine(out var raw))
        {
            var l = Encoding.Latin1.GetString(raw);
            if (l.StartsWith("Rec#", StringComparison.Ordinal)) { names = l.Split('\t'); break; }
            var cells = l.Split('\t');
            for (int k = 0; k + 1 < cells.Length; k += 2)
            {
                var key = cells[k].Trim().TrimEnd(':').Trim();
                if (key.Length > 0) header.TryAdd(key, cells[k + 1].Trim());
            }
            if (lines.LineNumber > 50) break;
        }
        if (names is null) throw new NitrolyteFormatException(path, "no column header line starting with 'Rec#' in the first 50 lines (not a Maccor text export?)");
        int headerLine = (int)lines.LineNumber;
        foreach (var required in new[] { "Amps", "Volts", "TestTime" })
            if (!names.Any(n => n.Trim() == required))
                throw new NitrolyteFormatException(path, $"the column header has no '{required}' column", headerLine);
        // A column named twice (other than the "Units" columns after each auxiliary channel) is ambiguous: which
        // 'Amps' is the current? Refuse it instead of picking one.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in names)
        {
            var n = raw.Trim();
            if (n is "" or "Units") continue;
            if (!seen.Add(n))
                throw new NitrolyteFormatException(path, $"duplicate column '{n}' in the header (rename one of them)", headerLine);
        }

        var kinds = new Kind[names.Length];
        for (int k = 0; k < names.Length; k++)
        {
            var n = names[k].Trim();
            kinds[k] = n switch
            {
                "State" => Kind.State,
                "TestTime" or "StepTime" => Kind.Duration,
                "DPt Time" => Kind.Date,
                "Units" or "" => Kind.Skip,
                _ => Kind.Number,
            };
        }
        var values = new List<double>[names.Length];
        for (int k = 0; k < names.Length; k++) values[k] = new List<double>();
        var state = new List<string>();
        DateTime? firstDate = null;
        var cellStarts = new int[names.Length + 1];
        while (lines.TryReadLine(out var row))
        {
            if (row.IsEmpty) continue;
            int col = 0, start = 0;
            for (int i = 0; i <= row.Length && col < names.Length; i++)
            {
                if (i == row.Length || row[i] == (byte)'\t')
                {
                    var cell = row[start..i];
                    switch (kinds[col])
                    {
                        case Kind.Number:
                            values[col].Add(FastNumber.TryParse(cell, out var v) ? v : double.NaN);
                            break;
                        case Kind.Duration:
                            values[col].Add(ParseDuration(Encoding.Latin1.GetString(cell)) ?? throw new NitrolyteFormatException(path,
                                $"'{names[col]}' holds '{Encoding.Latin1.GetString(cell).Trim()}', not a duration like '0d 01:02:03.4'", lines.LineNumber));
                            break;
                        case Kind.Date:
                            if (DateTime.TryParseExact(Encoding.Latin1.GetString(cell).Trim(), ["MM/dd/yyyy HH:mm:ss", "M/d/yyyy H:mm:ss", "MM/dd/yyyy HH:mm:ss.fff"],
                                    CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
                            {
                                firstDate ??= dt;
                                values[col].Add((dt - firstDate.Value).TotalSeconds);
                            }
                            else values[col].Add(double.NaN);
                            break;
                        case Kind.State:
                            state.Add(Encoding.Latin1.GetString(cell).Trim());
                            break;
                    }
                    col++;
                    start = i + 1;
                }
            }
            if (col < names.Length)
            {
                // tolerate missing trailing aux columns, not missing core columns
                int required = Array.FindLastIndex(names, n => n.Trim() is "Amps" or "Volts" or "State" or "TestTime") + 1;
                if (col < required)
                    throw new NitrolyteFormatException(path, $"row has {col} columns, fewer than the {required} needed (truncated row?)", lines.LineNumber);
                for (; col < names.Length; col++)
                {
                    if (kinds[col] is Kind.Number or Kind.Duration or Kind.Date) values[col].Add(double.NaN);
                    else if (kinds[col] == Kind.State) state.Add("");
                }
            }
        }
        var cols = new List<MaccorColumn>();
        for (int k = 0; k < names.Length; k++)
        {
            if (kinds[k] is Kind.Skip or Kind.State) continue;
            var n = names[k].Trim();
            cols.Add(new MaccorColumn(n, kinds[k] switch
            {
                Kind.Duration or Kind.Date => "s",
                _ => n switch { "Amps" => "A", "Volts" => "V", "Amp-hr" => "Ah", "Watt-hr" => "Wh", "ACImp/Ohms" or "DCIR/Ohms" => "Ohm", _ => null },
            }, values[k].ToArray()));
        }
        if (state.Count == 0 && cols[0].Values.Length > 0) state.AddRange(Enumerable.Repeat("", cols[0].Values.Length));
        DateTimeOffset? startTime = null;
        if (header.TryGetValue("Date of Test", out var dot) &&
            DateTime.TryParseExact(dot, ["d MMMM yyyy, h:mm:ss tt", "dd MMMM yyyy, hh:mm:ss tt", "d MMMM yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var st))
            startTime = new DateTimeOffset(st, TimeSpan.Zero);
        else if (firstDate is { } fd) startTime = new DateTimeOffset(fd, TimeSpan.Zero);
        return new MaccorFile { FilePath = path, StartTime = startTime, Header = header, Columns = cols, State = state.ToArray() };
    }

    private enum Kind { Number, Duration, Date, State, Skip }

    /// <summary>"2d 02:52:51.57" or "02:52:51.57" -> seconds.</summary>
    internal static double? ParseDuration(string s)
    {
        s = s.Trim();
        double days = 0;
        int d = s.IndexOf('d');
        if (d > 0)
        {
            if (!double.TryParse(s[..d], NumberStyles.Float, CultureInfo.InvariantCulture, out days)) return null;
            s = s[(d + 1)..].Trim();
        }
        var parts = s.Split(':');
        double total = 0;
        foreach (var p in parts)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var x)) return null;
            total = total * 60 + x;
        }
        return days * 86400 + total;
    }
}
