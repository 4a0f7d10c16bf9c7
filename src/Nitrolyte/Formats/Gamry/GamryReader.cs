using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Gamry;

/// <summary>One column of a Gamry curve table. Text columns (e.g. "Over" overload bits) hold NaN in
/// <see cref="Values"/> and their text in <see cref="Text"/>.</summary>
public sealed record GamryColumn(string Name, string? Unit, double[] Values)
{
    public string[]? Text { get; init; }
}

/// <summary>A curve (TABLE) of a Gamry .DTA file: "ZCURVE", "CURVE1", "OCVCURVE", "CURVE", ...</summary>
public sealed class GamryCurve
{
    public required string Name { get; init; }
    public required IReadOnlyList<GamryColumn> Columns { get; init; }
    /// <summary>The experiment was aborted while this curve was recorded (EXPERIMENTABORTED follows it).</summary>
    public bool Aborted { get; init; }
    /// <summary>The number written after "TABLE" (Gamry's point count at the time of writing), if any.</summary>
    public int? DeclaredCount { get; init; }
    /// <summary>1-based line of the curve's TABLE line.</summary>
    public int Line { get; init; }
    public int RowCount => Columns.Count == 0 ? 0 : Columns[0].Values.Length;

    /// <summary>First column whose name matches one of <paramref name="names"/> (case-insensitive), or null.</summary>
    public GamryColumn? Find(params string[] names)
    {
        foreach (var n in names)
            foreach (var c in Columns)
                if (string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase)) return c;
        return null;
    }
}

/// <summary>A Gamry Framework .DTA file: the TAG (experiment type), the header parameters and the curves.</summary>
public sealed class GamryFile
{
    public required string FilePath { get; init; }
    /// <summary>Experiment type from the TAG line: "EISPOT", "EISGALV", "CV", "CHRONOA", "CHRONOP", "CORPOT", ...</summary>
    public required string Tag { get; init; }
    /// <summary>Header parameter -> its value (the field after the type, e.g. DATE -> "3/6/2019", VLIMIT1 -> "1.00000E-001").</summary>
    public required IReadOnlyDictionary<string, string> Header { get; init; }
    /// <summary>Header parameter -> all its fields after the name (type, value(s), label).</summary>
    public required IReadOnlyDictionary<string, string[]> HeaderFields { get; init; }
    public required IReadOnlyList<GamryCurve> Curves { get; init; }
    /// <summary>True when the file says EXPERIMENTABORTED T.</summary>
    public bool Aborted { get; init; }

    public string? GetString(string key) => Header.TryGetValue(key, out var v) ? v : null;

    /// <summary>A numeric header value (decimal point or comma), or null.</summary>
    public double? GetDouble(string key) =>
        Header.TryGetValue(key, out var v) && FastNumber.TryParse(v, out var d) ? d : null;

    /// <summary>A T/F header value (TOGGLE, or the flag of a POTEN), or null.</summary>
    public bool? GetBool(string key) => Header.TryGetValue(key, out var v) ? v == "T" ? true : v == "F" ? false : null : null;

    /// <summary>A TWOPARAM header value (e.g. CONDIT: enabled, time, potential), or null.</summary>
    public (bool Enabled, double First, double Second)? GetTwoParam(string key)
    {
        if (!HeaderFields.TryGetValue(key, out var f) || f.Length < 4 || f[0] != "TWOPARAM") return null;
        if (!FastNumber.TryParse(f[2], out var a) || !FastNumber.TryParse(f[3], out var b)) return null;
        return (f[1] == "T", a, b);
    }

    /// <summary>The experiment's start from DATE and TIME (local time, no zone), or null.</summary>
    public DateTimeOffset? StartTime
    {
        get
        {
            var d = GetString("DATE"); var t = GetString("TIME");
            if (d is null) return null;
            string[] fmts = ["M/d/yyyy H:mm:ss", "M-d-yyyy H:mm:ss", "d.M.yyyy H:mm:ss", "M/d/yyyy", "M-d-yyyy", "d.M.yyyy"];
            return DateTime.TryParseExact(t is null ? d : $"{d} {t}", fmts, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
                ? new DateTimeOffset(dt, TimeSpan.Zero) : null;
        }
    }

    public GamryCurve? Curve(string name) => Curves.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// Reads Gamry Framework .DTA files. Layout: "EXPLAIN", "TAG &lt;type&gt;", then parameter lines
/// "NAME\tTYPE\tVALUE[\t...]\tLabel" (NOTES are followed by indented note lines), and curves: a line
/// "NAME\tTABLE[\tcount]", an indented column-name line, an indented unit line, then indented data rows until the
/// next unindented line. Rows are split on tabs <i>and</i> blanks (hand-edited files mix them), decimal commas are
/// accepted (Gamry under a German locale), non-numeric cells (overload bits) are kept as text. "EXPERIMENTABORTED T"
/// marks the curve before it as aborted. Text is UTF-8 when valid, otherwise windows-1252.
/// </summary>
public static class GamryReader
{
    public static bool LooksLikeGamry(string path)
    {
        using var fs = File.OpenRead(path);
        var b = new byte[16];
        int n = fs.Read(b);
        return n >= 7 && Encoding.ASCII.GetString(b, 0, n).StartsWith("EXPLAIN", StringComparison.Ordinal);
    }

    public static GamryFile Read(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var bytes = File.ReadAllBytes(path);
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { text = Formats.BioLogic.MptRowReader.GetWindows1252().GetString(bytes); }
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++) lines[i] = lines[i].TrimEnd('\r');
        if (lines.Length == 0 || lines[0].Trim() != "EXPLAIN")
            throw new NitrolyteFormatException(path, "not a Gamry .DTA file: the first line is not 'EXPLAIN'", 1);

        string? tag = null;
        var header = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var fields = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        var curves = new List<GamryCurve>();
        bool aborted = false;
        int i1 = 1;
        while (i1 < lines.Length)
        {
            var line = lines[i1];
            if (line.Length == 0 || char.IsWhiteSpace(line[0])) { i1++; continue; }
            var parts = line.Split('\t');
            var key = parts[0].Trim();
            if (key == "TAG") { tag = parts.Length > 1 ? parts[1].Trim() : null; i1++; continue; }
            if (parts.Length >= 2 && parts[1].Trim() == "TABLE")
            {
                int? declared = parts.Length > 2 && int.TryParse(parts[2].Trim(), out var dc) ? dc : null;
                var (curve, next) = ReadTable(path, lines, i1, key, declared);
                curves.Add(curve);
                i1 = next;
                continue;
            }
            var rest = parts.Skip(1).Select(p => p.Trim()).ToArray();
            fields.TryAdd(key, rest);
            if (rest.Length >= 2) header.TryAdd(key, rest[1]);
            else if (rest.Length == 1) header.TryAdd(key, rest[0]);
            if (key == "EXPERIMENTABORTED" && rest.Length >= 2 && rest[1] == "T")
            {
                aborted = true;
                if (curves.Count > 0)
                {
                    var last = curves[^1];
                    curves[^1] = new GamryCurve { Name = last.Name, Columns = last.Columns, Aborted = true, DeclaredCount = last.DeclaredCount, Line = last.Line };
                }
            }
            if (rest.Length >= 1 && rest[0] == "NOTES")
            {
                // followed by indented note lines
                i1++;
                var notes = new StringBuilder();
                while (i1 < lines.Length && lines[i1].Length > 0 && char.IsWhiteSpace(lines[i1][0])) { notes.AppendLine(lines[i1].Trim()); i1++; }
                header[key + ".text"] = notes.ToString().Trim();
                continue;
            }
            i1++;
        }
        if (tag is null) throw new NitrolyteFormatException(path, "no TAG line (experiment type) in the header", 2);
        return new GamryFile { FilePath = path, Tag = tag, Header = header, HeaderFields = fields, Curves = curves, Aborted = aborted };
    }

    private static readonly char[] Blanks = ['\t', ' '];

    private static (GamryCurve, int) ReadTable(string path, string[] lines, int at, string name, int? declared)
    {
        int i = at + 1;
        if (i >= lines.Length || lines[i].Length == 0 || !char.IsWhiteSpace(lines[i][0]))
            throw new NitrolyteFormatException(path, $"curve '{name}' has no column-name line", i + 1);
        var names = lines[i].Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
        var dup = names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
            throw new NitrolyteFormatException(path, $"curve '{name}': duplicate column '{dup.Key}' in the header (rename one of them)", i + 1);
        i++;
        string?[] units = new string?[names.Length];
        if (i < lines.Length && lines[i].Length > 0 && char.IsWhiteSpace(lines[i][0]))
        {
            var u = lines[i].Split('\t').Skip(1).ToArray();
            for (int k = 0; k < names.Length && k < u.Length; k++) units[k] = string.IsNullOrWhiteSpace(u[k]) ? null : u[k].Trim();
            i++;
        }
        var values = new List<double>[names.Length];
        var texts = new List<string>?[names.Length];
        for (int k = 0; k < names.Length; k++) values[k] = new List<double>();
        int row = 0;
        for (; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length == 0) continue;
            if (!char.IsWhiteSpace(line[0])) break;
            var cells = line.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length == 0) continue;
            if (cells.Length < names.Length)
                throw new NitrolyteFormatException(path, $"curve '{name}': expected {names.Length} values, found {cells.Length} (truncated row?)", i + 1);
            for (int k = 0; k < names.Length; k++)
            {
                if (FastNumber.TryParse(cells[k], out var v)) values[k].Add(v);
                else
                {
                    values[k].Add(double.NaN);
                    if (texts[k] is null)
                    {
                        texts[k] = new List<string>();
                        for (int r = 0; r < row; r++) texts[k]!.Add("");
                    }
                }
                texts[k]?.Add(cells[k]);
            }
            row++;
        }
        var cols = new List<GamryColumn>(names.Length);
        for (int k = 0; k < names.Length; k++)
            cols.Add(new GamryColumn(names[k], units[k], values[k].ToArray()) { Text = texts[k]?.ToArray() });
        return (new GamryCurve { Name = name, Columns = cols, DeclaredCount = declared, Line = at + 1 }, i);
    }
}
