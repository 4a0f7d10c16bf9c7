using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Impedance;

namespace Nitrolyte.Formats.Impedance;

/// <summary>
/// Reads impedance tables from text exports: CSV/TSV/whitespace tables (with or without a header), ZPlot/ZView .z
/// (ZPLOT2 ASCII, with or without a comments block), Autolab/Z60W .txt, Novocontrol-style text (EISFitpython:
/// "Freq.[Hz]  Zs'[ohm]  Zs''[ohm]"), Parstat (DC rows with f = 0 dropped), VersaStudio .par (segment "Definition="
/// header), PowerSuite, CH Instruments, and simple count-prefixed layouts (.i2b, .P00).
/// <para>The header is read by the shared column layer (<see cref="ColumnRecogniser"/>): frequency, Z' and Z'' (or
/// −Z''), or |Z| with phase, each with its unit and SI prefix (kHz, mHz, kOhm, MΩ, mΩ, deg, rad) converted to Hz,
/// Ω and rad; a unit that cannot be understood or two candidates for one column are refused; a column without a
/// unit is read in Hz/Ω/degrees and the result says so. <c>--columns</c> (<see cref="ColumnSpec"/>) overrides the
/// header. Without a header the columns are f (Hz), Z' (Ω), Z'' (Ω), and the result says so.</para>
/// <para>Checks that catch a wrong sign or scale: a spectrum whose Z'' is positive (inductive) nearly everywhere
/// while |Z| falls with frequency as a capacitive one does (the column holds −Z'' under a Z'' header, or Z'' under
/// a −Z'' header), or whose Z' is negative at most points, is refused with the likely cause and the
/// <c>--columns</c> statement that reads it (a genuine inductive high-frequency tail has only a few positive Z'').
/// In a delimited file every row must have as many cells as the header (a decimal comma in a comma-separated
/// file splits numbers; quoted cells are respected).</para>
/// </summary>
public static class ImpedanceTextReader
{
    private static readonly ColumnRecogniser.Request[] Requests =
    [
        new(Quantities.Frequency), new(Quantities.ZReal, false), new(Quantities.ZImag, false),
        new(Quantities.ZModulus, false), new(Quantities.Phase, false),
    ];

    private const string Example = "f=Freq/Hz, re=Zre/Ohm, im=-Zim/Ohm";

    public static string[] ReadLines(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length == 0) throw new NitrolyteFormatException(path, "the file is empty");
        string text;
        try { text = new UTF8Encoding(false, true).GetString(bytes); }
        catch (DecoderFallbackException) { text = Encoding.Latin1.GetString(bytes); }
        text = text.TrimStart('\uFEFF');
        if (text.Contains('\0')) throw new NitrolyteFormatException(path, "binary data, not a text impedance export");
        return text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
    }

    public static ImpedanceSpectrum Read(string path, ColumnSpec? columns = null) => Parse(path, ReadLines(path), columns);

    /// <summary>Does this line name a frequency and Z'/Z'' (or |Z| and phase) column?</summary>
    private static bool NamesImpedanceColumns(string[] cells)
    {
        bool Any(Quantity q) => cells.Any(c => ColumnRecogniser.Names(c, q));
        return cells.Length >= 2 && Any(Quantities.Frequency)
            && (Any(Quantities.ZReal) && Any(Quantities.ZImag) || Any(Quantities.ZModulus) && Any(Quantities.Phase));
    }

    private static string HeaderText(string line) =>
        line.StartsWith("Definition=", StringComparison.OrdinalIgnoreCase) ? line["Definition=".Length..] : line;

    public static ImpedanceSpectrum Parse(string path, string[] lines, ColumnSpec? columns = null)
    {
        if (lines.All(string.IsNullOrWhiteSpace)) throw new NitrolyteFormatException(path, "the file is empty");
        bool zplot = lines[0].Contains("ZPLOT", StringComparison.OrdinalIgnoreCase) || lines[0].Contains("ZPlotW", StringComparison.OrdinalIgnoreCase);
        // 1. find a header line naming a frequency column and impedance columns
        string[]? header = null;
        int headerLine = -1;
        int numericRun = 0;
        for (int i = 0; i < lines.Length && header is null && numericRun < 5; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith('#') || string.IsNullOrWhiteSpace(line)) continue;
            // the header comes before the data: stop looking after a run of numeric rows (a long file is not scanned)
            if (IsNumericRow(line, 1)) { numericRun++; continue; }
            numericRun = 0;
            var cells = SplitHeader(HeaderText(line));
            if (NamesImpedanceColumns(cells)) { header = cells; headerLine = i; }
        }
        int firstText = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (header is null && !zplot)
        {
            // a header that names columns we do not recognise is an error (or what --columns names), not a silent guess
            var firstCells = SplitHeader(lines[firstText]);
            bool looksLikeHeader = firstCells.Length >= 3 && firstCells.Count(c => !TryNumber(c, out _)) >= 2
                && Array.FindIndex(lines, l => IsNumericRow(l, 3)) is int k && k == NextNonBlank(lines, firstText + 1);
            if (looksLikeHeader)
            {
                if (columns is null)
                    throw new NitrolyteFormatException(path, $"no frequency and impedance columns recognised among: {ColumnRecogniser.Found(firstCells)} (expected e.g. f, Z', Z'' or freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm); name them with --columns \"f=1/Hz, re=2/Ohm, im=3/Ohm\"", firstText + 1);
                header = firstCells;
                headerLine = firstText;
            }
        }
        int start = headerLine + 1;
        ColumnMap map;
        var notes = new List<string>();
        bool onlyNotes = false;
        if (zplot)
        {
            int end = Array.FindIndex(lines, l => l.Trim().Equals("End Comments", StringComparison.OrdinalIgnoreCase));
            if (end >= 0 && end + 1 > start) start = end + 1;
        }
        if (header is not null)
        {
            // VersaStudio's Definition= line ends with a stray number: not a column name
            int keep = header.Length;
            while (keep > 1 && TryNumber(header[keep - 1], out _)) keep--;
            header = header[..keep];
            map = ColumnRecogniser.Resolve(path, header, Requests, columns, headerLine + 1, Example);
        }
        else
        {
            // ZPlot without a header line: f in column 1, Z' and Z'' in columns 5 and 6; otherwise f, Z', Z''
            var positions = zplot ? new[] { 1, 5, 6 } : new[] { 1, 2, 3 };
            int width = positions[^1];
            // the user's --columns may name only some columns ("im=-3"): the others keep their default positions
            bool Named(Quantity q) => columns?.Choices.Any(c => q.IsCalled(c.Key)) ?? false;
            bool polar = Named(Quantities.ZModulus) || Named(Quantities.Phase);
            var defaults = new List<string>();
            if (!Named(Quantities.Frequency)) defaults.Add($"f={positions[0]}");
            if (!polar && !Named(Quantities.ZReal)) defaults.Add($"re={positions[1]}");
            if (!polar && !Named(Quantities.ZImag)) defaults.Add($"im={positions[2]}");
            var spec = ColumnSpec.Parse(string.Join(", ", defaults.Append(columns?.Text ?? "").Where(x => x.Length > 0)));
            width = Math.Max(width, spec.Choices.Max(c => c.Position ?? 0));
            var synthetic = Enumerable.Range(1, width).Select(i => $"column {i}").ToArray();
            map = ColumnRecogniser.Resolve(path, synthetic, Requests, spec, null, "f=1/Hz, re=2/Ohm, im=3/Ohm");
            if (columns is null)
            {
                onlyNotes = true; // one sentence instead of three "has no unit" ones
                notes.Add(zplot
                    ? "ZPlot file without a header line: columns 1, 5 and 6 read as f (Hz), Z' (Ohm), Z'' (Ohm)"
                    : "no header: columns 1, 2 and 3 read as f (Hz), Z' (Ohm), Z'' (Ohm)");
            }
            start = zplot ? start : 0;
        }
        bool cartesian = map.Has(Quantities.ZReal) && map.Has(Quantities.ZImag);
        if (!cartesian && !(map.Has(Quantities.ZModulus) && map.Has(Quantities.Phase)))
            throw new NitrolyteFormatException(path, $"no Z'' column (or |Z| with phase) recognised among: {ColumnRecogniser.Found(header ?? [])}; name them with --columns \"{Example}\"", headerLine >= 0 ? headerLine + 1 : null);
        map = cartesian ? map.Only(Quantities.Frequency, Quantities.ZReal, Quantities.ZImag) : map.Only(Quantities.Frequency, Quantities.ZModulus, Quantities.Phase);
        var fCol = map[Quantities.Frequency];
        var aCol = cartesian ? map[Quantities.ZReal] : map[Quantities.ZModulus];
        var bCol = cartesian ? map[Quantities.ZImag] : map[Quantities.Phase];
        int needed = new[] { fCol.Index, aCol.Index, bCol.Index }.Max() + 1;
        int headerCells = header?.Length ?? -1;

        // 2. skip to the first data row (count lines such as "29", "End Comments", blank lines)
        int first = -1;
        for (int i = start; i < lines.Length; i++)
        {
            var cells = SplitCells(lines[i], out _);
            if (cells.Length == 0) continue;
            if (!TryNumber(cells[0], out _)) { if (headerLine >= 0 && i > headerLine + 3 && !zplot) break; continue; }
            if (cells.Length == 1) continue; // a point count
            first = i;
            break;
        }
        if (first < 0)
            throw new NitrolyteFormatException(path, headerLine >= 0 ? "a header but no data rows" : "no numeric data rows found", headerLine >= 0 ? headerLine + 1 : null);

        var f = new List<double>();
        var z = new List<Complex>();
        int dcRows = 0;
        int expectCells = -1; // delimited rows: the header's cell count (or the first row's, without a header)
        for (int i = first; i < lines.Length; i++)
        {
            var cells = SplitCells(lines[i], out bool delimited);
            if (cells.Length == 0) continue;
            if (!TryNumber(cells[0], out _))
            {
                int next = NextNonBlank(lines, i + 1);
                if (next >= 0 && IsNumericRow(lines[next], needed))
                    throw new NitrolyteFormatException(path, $"'{Clip(cells[0])}' is not a number", i + 1);
                break;
            }
            if (delimited)
            {
                if (expectCells < 0) expectCells = headerCells > 0 && (headerCells >= needed) ? headerCells : cells.Length;
                if (cells.Length != expectCells)
                    throw new NitrolyteFormatException(path, $"the row has {cells.Length} cells but {(headerCells > 0 ? "the header has" : "the first row has")} {expectCells}"
                        + (lines[i].Contains(',') && cells.Length > expectCells ? " (a decimal comma in a comma-separated file? separate the columns with ';' or tabs, or write '.' as the decimal point)" : " (truncated row?)"), i + 1);
            }
            if (cells.Length < needed)
                throw new NitrolyteFormatException(path, $"expected at least {needed} columns, found {cells.Length} (truncated row?)", i + 1);
            double Cell(ColumnReading col)
            {
                if (!TryNumber(cells[col.Index], out var x))
                    throw new NitrolyteFormatException(path, $"column {col.Index + 1} ('{col.Header}') holds '{Clip(cells[col.Index])}', which is not a number", i + 1);
                return x;
            }
            double rawF = Cell(fCol);
            double freq = fCol.Convert(rawF);
            if (freq < 0 || !double.IsFinite(freq)) throw new NitrolyteFormatException(path, $"negative or invalid frequency {Clip(cells[fCol.Index])}", i + 1);
            if (freq == 0) { dcRows++; continue; } // DC part of a combined export (Parstat)
            double a = aCol.Convert(Cell(aCol)), b = bCol.Convert(Cell(bCol));
            if (!cartesian && Math.Abs(b) > Math.PI + 1e-6 && bCol.UnitSource != UnitSource.ColumnsOption)
                throw new NitrolyteFormatException(path, $"the phase {Clip(cells[bCol.Index])} in column '{bCol.Header}' read as {bCol.Unit.Symbol} is beyond ±π rad: "
                    + $"the column is probably in degrees; say so with --columns \"ph={(bCol.Sign < 0 ? "-" : "")}{bCol.Index + 1}/deg\"", i + 1);
            Complex zi = cartesian ? new Complex(a, b) : Complex.FromPolarCoordinates(a, b);
            if (!double.IsFinite(zi.Real) || !double.IsFinite(zi.Imaginary))
                throw new NitrolyteFormatException(path, "impedance is not a finite number", i + 1);
            f.Add(freq);
            z.Add(zi);
        }
        if (f.Count == 0)
            throw new NitrolyteFormatException(path, dcRows > 0 ? "only rows with zero frequency (no impedance data)" : "a header but no data rows");
        CheckSigns(path, f, z, map, cartesian, columns);
        var provenance = map.ToProvenance(notes);
        if (onlyNotes) provenance = provenance with { Assumptions = notes };
        return new ImpedanceSpectrum(f.ToArray(), z.ToArray(), path) { Columns = provenance };
    }

    /// <summary>
    /// Refuses a spectrum whose signs say a column was misread: Z'' &gt; 0 at ≥ 90 % of the points while |Z| falls with
    /// frequency (capacitive-looking: the imaginary column holds −Z'', or the phase column −φ), or Z' clearly negative
    /// at most points. A genuine inductive tail (a few high-frequency points) and a genuinely inductive spectrum
    /// (|Z| rising with frequency) pass. Columns the user stated with --columns are trusted.
    /// </summary>
    private static void CheckSigns(string path, List<double> f, List<Complex> z, ColumnMap map, bool cartesian, ColumnSpec? spec)
    {
        int n = f.Count;
        if (n < 4) return;
        var imCol = cartesian ? map[Quantities.ZImag] : map[Quantities.Phase];
        var reCol = cartesian ? map[Quantities.ZReal] : map[Quantities.ZModulus];
        bool Stated(ColumnReading c) => c.UnitSource == UnitSource.ColumnsOption || spec is not null && spec.Choices.Any(ch => c.Quantity.IsCalled(ch.Key));
        string key = cartesian ? "im" : "ph";
        string name = cartesian ? "Z''" : "phase";
        if (!Stated(imCol))
        {
            int positive = z.Count(v => v.Imaginary > 0);
            if (positive >= 0.9 * n)
            {
                var order = Enumerable.Range(0, n).OrderBy(i => f[i]).ToArray();
                int third = Math.Max(1, n / 3);
                double Median(IEnumerable<int> idx) { var m = idx.Select(i => z[i].Magnitude).OrderBy(x => x).ToArray(); return m[m.Length / 2]; }
                double low = Median(order.Take(third)), high = Median(order.Skip(n - third));
                if (low > 1.2 * high)
                {
                    bool negated = imCol.Sign < 0;
                    string holds = negated ? $"{name} (not −{name})" : $"−{name}";
                    throw new NitrolyteFormatException(path,
                        $"{(positive == n ? "every" : $"{positive} of {n}")} {name} read from column '{imCol.Header}' is positive (inductive) although |Z| falls with frequency like a capacitive spectrum: "
                        + $"the column probably holds {holds}; say so with --columns \"{key}={(negated ? "" : "-")}{imCol.Index + 1}\"");
                }
            }
        }
        if (cartesian && !Stated(reCol))
        {
            int negative = z.Count(v => v.Real < -0.01 * v.Magnitude);
            if (negative > n / 2)
                throw new NitrolyteFormatException(path,
                    $"Z' read from column '{reCol.Header}' is negative at {negative} of {n} points: the column is probably not Z' (or holds −Z'); name the columns with --columns \"f={map[Quantities.Frequency].Index + 1}, re={reCol.Index + 1}, im={imCol.Index + 1}\"");
        }
    }

    private static string Clip(string cell) => cell.Length <= 40 ? cell : cell[..40] + "…";

    private static int NextNonBlank(string[] lines, int from)
    {
        for (int i = from; i < lines.Length; i++) if (!string.IsNullOrWhiteSpace(lines[i])) return i;
        return -1;
    }

    private static bool IsNumericRow(string line, int needed)
    {
        var cells = SplitCells(line, out _);
        return cells.Length >= needed && cells.Take(needed).All(c => TryNumber(c, out _));
    }

    private static string[] SplitHeader(string line)
    {
        string[] cells;
        if (line.Contains('\t')) cells = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(c => c.Length > 0).ToArray();
        else if (line.Contains(';')) cells = line.Split(';', StringSplitOptions.TrimEntries);
        else if (line.Contains(',')) cells = SplitQuoted(line, decimalCommaInQuotes: false);
        else
        {
            var t = line.Trim().Trim('"');
            cells = t.Contains("  ") ? t.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        return TrimTrailingEmpty(cells);
    }

    /// <summary>Splits a data row: tabs or semicolons (then commas are decimal commas), else commas (quoted cells kept
    /// whole, a decimal comma inside quotes read as a point), else whitespace. <paramref name="delimited"/> is false
    /// for whitespace-separated rows.</summary>
    internal static string[] SplitCells(string line, out bool delimited)
    {
        delimited = true;
        if (string.IsNullOrWhiteSpace(line)) return [];
        if (line.Contains('\t') || line.Contains(';'))
            return line.Split(['\t', ';'], StringSplitOptions.TrimEntries).Where(c => c.Length > 0).Select(c => c.Trim('"').Replace(',', '.')).ToArray();
        if (line.Contains(','))
            return TrimTrailingEmpty(SplitQuoted(line, decimalCommaInQuotes: true));
        delimited = false;
        return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }

    private static string[] TrimTrailingEmpty(string[] cells)
    {
        int n = cells.Length;
        while (n > 1 && cells[n - 1].Length == 0) n--;
        return n == cells.Length ? cells : cells[..n];
    }

    /// <summary>Comma-separated cells; a cell that starts with '"' runs to its closing quote ("" is a quote).</summary>
    private static string[] SplitQuoted(string line, bool decimalCommaInQuotes)
    {
        var cells = new List<string>();
        int i = 0;
        while (true)
        {
            while (i < line.Length && line[i] is ' ' or '\t') i++;
            if (i < line.Length && line[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < line.Length)
                {
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    sb.Append(line[i++]);
                }
                int comma = line.IndexOf(',', i);
                var cell = sb.ToString().Trim();
                if (decimalCommaInQuotes && cell.Count(c => c == ',') == 1 && !cell.Contains('.')) cell = cell.Replace(',', '.');
                cells.Add(cell);
                if (comma < 0) break;
                i = comma + 1;
            }
            else
            {
                int comma = line.IndexOf(',', i);
                cells.Add((comma < 0 ? line[i..] : line[i..comma]).Trim());
                if (comma < 0) break;
                i = comma + 1;
            }
        }
        return cells.ToArray();
    }

    internal static bool TryNumber(string cell, out double value) => DelimitedTable.TryNumber(cell, out value);
}
