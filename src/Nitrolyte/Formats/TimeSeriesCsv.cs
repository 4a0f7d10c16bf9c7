using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Formats;

/// <summary>
/// Nitrolyte's tidy CSV layout for time series (what <c>nitrolyte convert --to csv</c> writes and every command reads):
/// <code>
/// time_s,voltage_v,current_a,cycle,step,step_kind,&lt;extra columns...&gt;
/// 0,3.4625,0,1,1,rest,...
/// </code>
/// Comma separated, '.' decimal point, invariant culture, round-trip doubles ("R"), the header on the first line
/// (source, format, technique and start time go to the <c>.metadata.json</c> sidecar, see <see cref="CsvMetadata"/>;
/// files written before that start with a '# nitrolyte time series v1; ...' line, still read), SI units in the fixed columns; extra columns keep the instrument's names (with their
/// own units). Empty cells are missing values (NaN; cycle/step 0). step_kind is one of unknown, rest, charge,
/// discharge, constant_voltage, sweep. A CSV without these names is still read when it has recognisable
/// time, voltage and current columns (see <see cref="Read"/>).
/// </summary>
public static class TimeSeriesCsv
{
    public const string Magic = "# nitrolyte time series v1";
    public static readonly string[] FixedColumns = ["time_s", "voltage_v", "current_a", "cycle", "step", "step_kind"];

    public static string KindName(StepKind k) => k switch
    {
        StepKind.Rest => "rest", StepKind.Charge => "charge", StepKind.Discharge => "discharge",
        StepKind.ConstantVoltage => "constant_voltage", StepKind.Sweep => "sweep", _ => "unknown",
    };

    public static StepKind ParseKind(string s) => s.Trim().ToLowerInvariant() switch
    {
        "rest" => StepKind.Rest, "charge" => StepKind.Charge, "discharge" => StepKind.Discharge,
        "constant_voltage" or "cv" => StepKind.ConstantVoltage, "sweep" => StepKind.Sweep, _ => StepKind.Unknown,
    };

    /// <summary>Writes the layout; <paramref name="significantDigits"/> null = round-trip precision (the default for conversions).</summary>
    public static void Write(TimeSeries ts, TextWriter w, int? significantDigits = null)
    {
        string fmt = significantDigits is { } d ? "G" + d : "R";
        // the header is the first line (metadata goes to the sidecar: see CsvMetadata)
        var extras = ts.Extra.Keys.ToArray();
        w.Write(string.Join(',', FixedColumns.Concat(extras.Select(Quote))));
        w.Write('\n');
        var sb = new StringBuilder(256);
        for (int i = 0; i < ts.Count; i++)
        {
            sb.Clear();
            Num(sb, ts.TimeS[i], fmt); sb.Append(',');
            Num(sb, ts.VoltageV[i], fmt); sb.Append(',');
            if (ts.HasCurrent) Num(sb, ts.CurrentA[i], fmt);
            sb.Append(',');
            if (ts.Cycle is not null) sb.Append(ts.Cycle[i].ToString(CultureInfo.InvariantCulture));
            sb.Append(',');
            if (ts.Step is not null) sb.Append(ts.Step[i].ToString(CultureInfo.InvariantCulture));
            sb.Append(',');
            sb.Append(KindName(ts.Kind?[i] ?? StepKind.Unknown));
            foreach (var e in extras) { sb.Append(','); Num(sb, ts.Extra[e][i], fmt); }
            sb.Append('\n');
            w.Write(sb);
        }
    }

    /// <summary>Streams rows of any table reader into the CSV layout (used by convert for large BioLogic files):
    /// the reader's columns are written under their own names after a header line.</summary>
    public static long WriteRaw(ITableRowReader r, TextWriter w, string source, string format)
    {
        w.Write(string.Join(',', r.ColumnNames.Select(Quote)));
        w.Write('\n');
        var row = new double[r.ColumnNames.Count];
        var sb = new StringBuilder(512);
        long n = 0;
        while (r.ReadRow(row))
        {
            sb.Clear();
            for (int k = 0; k < row.Length; k++) { if (k > 0) sb.Append(','); Num(sb, row[k]); }
            sb.Append('\n');
            w.Write(sb);
            n++;
        }
        return n;
    }

    /// <summary>
    /// Streams a BioLogic .mpr/.mpt file into the tidy layout row by row (memory does not grow with the file):
    /// the same mapping as <see cref="TimeSeriesAdapters.FromBioLogic"/> except that time is not shifted to start at 0.
    /// Returns the number of rows written.
    /// </summary>
    public static long StreamBioLogic(string path, TextWriter w, List<string>? warnings = null, StreamInfo? info = null)
    {
        using var r = BioLogic.BioLogicReader.Open(path);
        if (r is BioLogic.MprRowReader mw) warnings?.AddRange(mw.Warnings);
        var names = r.ColumnNames;
        int Idx(params string[] options) { foreach (var o in options) for (int k = 0; k < names.Count; k++) if (string.Equals(names[k], o, StringComparison.OrdinalIgnoreCase)) return k; return -1; }
        int it = Idx("time/s"), iv = Idx(BioLogic.BioLogicColumnNames.Voltage), ii = Idx(BioLogic.BioLogicColumnNames.Current), ic = Idx("cycle number"), ins = Idx("Ns"), im = Idx("mode");
        int idq = ii < 0 ? Idx("dq/mA.h", "dQ/mA.h") : -1; // no current column: I = dq/dt as EC-Lab's export does
        double prevT = double.NaN;
        if (it < 0) throw new NitrolyteFormatException(path, "no 'time/s' column (is this an impedance-only export?)");
        if (iv < 0) throw new NitrolyteFormatException(path, $"no voltage column ({BioLogic.BioLogicColumnNames.VoltageList})");
        if (ii < 0 && idq >= 0) warnings?.Add("no current column: I = dq/dt from dq/mA.h");
        var used = new HashSet<int>(new[] { it, iv, ii, ic, ins, im }.Where(x => x >= 0));
        var extras = Enumerable.Range(0, names.Count).Where(k => !used.Contains(k)).ToArray();
        string format = r is BioLogic.MprRowReader ? "BioLogic mpr" : "BioLogic mpt";
        string? tech = r is BioLogic.MptRowReader mr ? mr.Technique : (r as BioLogic.MprRowReader)?.TechniqueShort;
        if (r is BioLogic.MptRowReader mw2) warnings?.AddRange(mw2.Warnings);
        if (info is not null)
        {
            info.Format = format; info.Technique = tech; info.HasCurrent = ii >= 0 || idq >= 0;
            info.StartTime = r is BioLogic.MptRowReader m1 ? m1.StartTime : (r as BioLogic.MprRowReader)?.StartTime;
            info.Extras = extras.Select(k => names[k]).ToArray();
        }
        w.Write(string.Join(',', FixedColumns.Concat(extras.Select(k => Quote(names[k])))));
        w.Write('\n');
        var row = new double[names.Count];
        var sb = new StringBuilder(512);
        long n = 0;
        bool sweep = tech is "CV" or "CVA" or "LSV" or "Cyclic Voltammetry" or "Cyclic Voltammetry Advanced";
        int insCh = Idx("Ns changes");
        void WriteRow(double[] rw, double cur)
        {
            sb.Clear();
            Num(sb, rw[it]); sb.Append(',');
            Num(sb, rw[iv]); sb.Append(',');
            if (ii >= 0 || idq >= 0) Num(sb, cur);
            sb.Append(',');
            if (ic >= 0) sb.Append(((long)Math.Round(rw[ic])).ToString(CultureInfo.InvariantCulture));
            sb.Append(',');
            if (ins >= 0) sb.Append(((long)rw[ins]).ToString(CultureInfo.InvariantCulture));
            sb.Append(',');
            int mode = im >= 0 ? (int)rw[im] : 0;
            var kind = mode == 3 ? StepKind.Rest : sweep ? StepKind.Sweep : mode == 2 ? StepKind.ConstantVoltage : TimeSeriesAdapters.KindFromCurrent(cur, ii >= 0 || idq >= 0);
            sb.Append(KindName(kind));
            foreach (var k in extras) { sb.Append(','); Num(sb, rw[k]); }
            sb.Append('\n');
            w.Write(sb);
            n++;
        }
        // current rebuilt from dq: the same rule as TimeSeriesAdapters.CurrentFromCharge (backward differences; a
        // step's first row whose own interval lies before the step change takes the next row's current), which needs
        // one row of look-ahead: such a row is held back until the next row is read
        double[]? pending = null;
        double prevCur = 0, prevNs = double.NaN, prevMode = double.NaN;
        bool first = true;
        while (r.ReadRow(row))
        {
            if (ii >= 0 || idq < 0) { WriteRow(row, ii >= 0 ? row[ii] * 1e-3 : 0); continue; }
            bool start = first || (ins >= 0 && row[ins] != prevNs) || (insCh >= 0 && row[insCh] == 1) || (im >= 0 && row[im] != prevMode);
            double dt = first ? 0 : row[it] - prevT;
            bool fill = start && (first || !(dt > 0) || row[idq] == 0);
            double cur = fill ? 0 : dt > 0 ? row[idq] * 3600 / dt * 1e-3 : prevCur;
            if (pending is not null) { WriteRow(pending, !start && !fill ? cur : 0); pending = null; }
            if (fill) pending = (double[])row.Clone();
            else WriteRow(row, cur);
            prevCur = cur; prevT = row[it];
            if (ins >= 0) prevNs = row[ins];
            if (im >= 0) prevMode = row[im];
            first = false;
        }
        if (pending is not null) WriteRow(pending, 0);
        return n;
    }

    /// <summary>True when the line's cells name a time and a voltage column (a column header, not a key/value line).</summary>
    private static bool NamesTimeAndVoltage(string line)
    {
        var cells = (line.Contains('\t') ? line.Split('\t') : line.Contains(';') && !line.Contains(',') ? line.Split(';') : SplitCsv(line)).Select(c => c.Trim().Trim('"')).ToArray();
        if (cells.Length < 2) return false;
        return cells.Any(c => ColumnRecogniser.Names(c, Quantities.Time)) && cells.Any(c => ColumnRecogniser.Names(c, Quantities.Voltage));
    }

    /// <summary>"hh:mm:ss", "hh:mm:ss.fff", "d-hh:mm:ss" or "d.hh:mm:ss" (Neware BTS exports; hours may exceed 24).</summary>
    public static bool TryParseDuration(string text, out double seconds)
    {
        seconds = double.NaN;
        var s = text.Trim().Trim('"');
        if (s.Count(c => c == ':') is not (1 or 2)) return false;
        double days = 0;
        int dash = s.IndexOf('-');
        if (dash > 0)
        {
            if (!int.TryParse(s[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return false;
            days = d; s = s[(dash + 1)..];
        }
        var parts = s.Split(':');
        if (parts.Length == 3 && parts[0].Contains('.') && int.TryParse(parts[0][..parts[0].IndexOf('.')], NumberStyles.None, CultureInfo.InvariantCulture, out var dd))
        {
            days += dd; parts[0] = parts[0][(parts[0].IndexOf('.') + 1)..];
        }
        double total = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            bool last = k == parts.Length - 1;
            if (!double.TryParse(parts[k].Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || (!last && parts[k].Contains('.'))) return false;
            if (k > 0 && v >= 60) return false;
            total = total * 60 + v;
        }
        if (parts.Length == 2) total *= 60; // hh:mm
        seconds = days * 86400 + total;
        return true;
    }

    /// <summary>A calendar date-time as instruments write it (ISO, "yyyy/MM/dd HH:mm:ss", "MM/dd/yyyy HH:mm:ss[.fff]").</summary>
    public static bool TryParseDateTime(string text, out DateTime value)
    {
        var s = text.Trim().Trim('"');
        value = default;
        if (s.Length < 10 || !s.Contains(':') || !(s.Contains('-') || s.Contains('/') || s.Contains('.'))) return false;
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy/MM/dd HH:mm:ss", "yyyy/MM/dd HH:mm:ss.FFFFFFF",
            "MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy HH:mm:ss.FFFFFFF", "M/d/yyyy H:mm:ss", "M/d/yyyy h:mm:ss tt", "dd.MM.yyyy HH:mm:ss", "dd.MM.yyyy HH:mm:ss.FFFFFFF"];
        return DateTime.TryParseExact(s, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value)
            && value.Year is >= 1970 and < 2200;
    }

    /// <summary>What <see cref="StreamBioLogic"/> learnt about the file (for the metadata sidecar).</summary>
    public sealed class StreamInfo
    {
        public string? Format { get; set; }
        public string? Technique { get; set; }
        public DateTimeOffset? StartTime { get; set; }
        public bool HasCurrent { get; set; } = true;
        public IReadOnlyList<string> Extras { get; set; } = [];
    }

    private static void Num(StringBuilder sb, double v, string format = "R")
    {
        if (double.IsNaN(v)) return;
        Span<char> buf = stackalloc char[32];
        if (v.TryFormat(buf, out int len, format, CultureInfo.InvariantCulture)) sb.Append(buf[..len]);
        else sb.Append(v.ToString(format, CultureInfo.InvariantCulture));
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    private static string[] SplitCsv(string line)
    {
        if (!line.Contains('"')) return line.Split(',');
        var cells = new List<string>();
        var sb = new StringBuilder();
        bool q = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (q) { if (c == '"') { if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; } else q = false; } else sb.Append(c); }
            else if (c == '"') q = true;
            else if (c == ',') { cells.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        cells.Add(sb.ToString());
        return cells.ToArray();
    }

    /// <summary>The unit of a time column read as seconds by default, judged from a date-time column of the same rows:
    /// when the date-time span over the rows is 60 or 3600 times the column's span (within 2 %, over at least an hour
    /// of dates so that whole-second date resolution does not matter) the column is in minutes or hours. Null otherwise
    /// (seconds, or spans that agree with no unit: nothing is changed).</summary>
    private static (double Factor, string Symbol, double Span, double DateSpanS)? InferTimeUnit(List<double> t, List<double> unix)
    {
        int first = -1, last = -1;
        for (int k = 0; k < t.Count && k < unix.Count; k++)
            if (double.IsFinite(t[k]) && double.IsFinite(unix[k])) { if (first < 0) first = k; last = k; }
        if (first < 0 || last <= first) return null;
        double span = t[last] - t[first], dateSpan = unix[last] - unix[first];
        if (span <= 0 || dateSpan < 3600) return null;
        foreach (var (factor, symbol) in new[] { (60.0, "min"), (3600.0, "h") })
            if (Math.Abs(dateSpan / (span * factor) - 1) < 0.02) return (factor, symbol, span, dateSpan);
        return null;
    }

    /// <summary>
    /// Neware BTS layered ("regular") exports interleave three layers under three header lines: a cycle row (first cell
    /// the cycle index; the first cycle row carries its first step row after the cycle cells), step rows (first cell
    /// empty: Step Index, Step Number, Step Type, ...) and record rows (first two cells empty: DataPoint, Time, Total
    /// Time, Current(A), Voltage(V), ..., Date). The record rows are the time series: they are rewritten as one table
    /// <c>Cycle Index, Step Index, Step Number, Step Type, &lt;record columns&gt;</c>, each record taking the cycle and step
    /// of the rows above it, and read like any export. Null when the lines are not in that layout.
    /// </summary>
    private static string[]? UnlayerNewareExport(string path, string[] lines)
    {
        int first = Array.FindIndex(lines, l => !string.IsNullOrWhiteSpace(l));
        if (first < 0 || first + 2 >= lines.Length) return null;
        string c0 = lines[first], s0 = lines[first + 1], r0 = lines[first + 2];
        static bool Names(string line, string word) => line.Contains(word, StringComparison.OrdinalIgnoreCase);
        if (!(c0.StartsWith("Cycle Index", StringComparison.OrdinalIgnoreCase) && s0.StartsWith(',') && Names(s0, "Step Index")
              && r0.StartsWith(",,") && Names(r0, "Voltage"))) return null;
        int nCycle = SplitCsv(c0).Length;
        var recordHeader = SplitCsv(r0)[2..];
        var output = new List<string>(lines.Length) { "Cycle Index,Step Index,Step Number,Step Type," + string.Join(',', recordHeader) };
        string cycle = "", stepIndex = "", stepNumber = "", stepType = "";
        for (int i = first + 3; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            var c = SplitCsv(lines[i]);
            if (c[0].Trim().Length > 0)
            {
                cycle = c[0].Trim();
                if (c.Length > nCycle + 2 && c[nCycle].Trim().Length > 0) (stepIndex, stepNumber, stepType) = (c[nCycle].Trim(), c[nCycle + 1].Trim(), c[nCycle + 2].Trim());
            }
            else if (c.Length > 3 && c[1].Trim().Length > 0) (stepIndex, stepNumber, stepType) = (c[1].Trim(), c[2].Trim(), c[3].Trim());
            else if (c.Length > 2)
            {
                if (cycle.Length == 0 || stepIndex.Length == 0)
                    throw new NitrolyteFormatException(path, "a record row before any cycle and step row (a Neware layered export needs them above its records)", i + 1);
                output.Add($"{cycle},{stepIndex},{stepNumber},{Quote(stepType)}," + string.Join(',', c[2..].Select(Quote)));
            }
        }
        return output.ToArray();
    }

    private static readonly ColumnRecogniser.Request[] Requests =
    [
        new(Quantities.Time), new(Quantities.Voltage), new(Quantities.Current, false),
        new(Quantities.Cycle, false), new(Quantities.Step, false),
    ];

    /// <summary>
    /// Reads the layout above, or a generic CSV/TSV/semicolon table whose header the shared column layer
    /// (<see cref="ColumnRecogniser"/>) reads: a time column (time_s, time/s, "Test (Sec)", time_min, time/h, t), a
    /// voltage column (voltage_v, Ewe/V, Ecell/mV, potential, E, V) and optionally a current column (current_a, I/mA,
    /// "Current [A]", current_µA, I), cycle and step columns; units with SI prefixes are read from the header and
    /// converted to s, V and A. A column without a unit is read in s, V or A and the result says so (a warning
    /// "current column 'current' has no unit: read as A" and <see cref="TimeSeries.Columns"/>). <c>--columns</c>
    /// (<paramref name="columns"/>) overrides the header, e.g. <c>"t=1/min, v=2/mV, i=3/uA"</c>. Every row must have as
    /// many cells as the header (a decimal comma in a comma-separated file splits numbers).
    /// </summary>
    public static TimeSeries Read(string path, ColumnSpec? columns = null)
    {
        DelimitedTable.RequireTextFile(path, "a time-series CSV (time_s,voltage_v,current_a,...)");
        return ReadLines(path, File.ReadAllLines(path), columns, "CSV");
    }

    /// <summary>The data sheet of an XLSX/XLS export (Arbin, Neware BTS, ...) read like a CSV: see <see cref="XlsxTable"/>.</summary>
    public static TimeSeries ReadXlsx(string path, ColumnSpec? columns = null)
    {
        var (sheet, lines) = XlsxTable.ReadDataSheet(path);
        var ts = ReadLines(path, lines, columns, "XLSX");
        return new TimeSeries
        {
            Source = ts.Source, TimeS = ts.TimeS, VoltageV = ts.VoltageV, CurrentA = ts.CurrentA, HasCurrent = ts.HasCurrent, Cycle = ts.Cycle, Step = ts.Step,
            Kind = ts.Kind, Extra = ts.Extra, FileChargeMah = ts.FileChargeMah, FileChargeColumn = ts.FileChargeColumn, StartTime = ts.StartTime,
            Technique = ts.Technique, Format = $"XLSX (sheet '{sheet}')", Columns = ts.Columns, Warnings = [.. ts.Warnings, $"read sheet '{sheet}'"],
        };
    }

    private static TimeSeries ReadLines(string path, string[] lines, ColumnSpec? columns, string plainFormat)
    {
        if (UnlayerNewareExport(path, lines) is { } records)
        {
            var ts = ReadLines(path, records, columns, plainFormat);
            return new TimeSeries
            {
                Source = ts.Source, TimeS = ts.TimeS, VoltageV = ts.VoltageV, CurrentA = ts.CurrentA, HasCurrent = ts.HasCurrent, Cycle = ts.Cycle, Step = ts.Step,
                Kind = ts.Kind, Extra = ts.Extra, FileChargeMah = ts.FileChargeMah, FileChargeColumn = ts.FileChargeColumn, StartTime = ts.StartTime,
                Technique = ts.Technique, Format = $"{plainFormat} (Neware layered export)", Columns = ts.Columns,
                Warnings = [$"Neware layered export: the {ts.Count} record rows read, each with the cycle and step of the rows above it (line numbers in later messages count record rows)", .. ts.Warnings],
            };
        }
        int h = 0;
        string? meta = null;
        while (h < lines.Length && (string.IsNullOrWhiteSpace(lines[h]) || lines[h].TrimStart().StartsWith('#')))
        {
            if (lines[h].StartsWith(Magic, StringComparison.Ordinal)) meta = lines[h];
            h++;
        }
        if (h >= lines.Length) throw new NitrolyteFormatException(path, "no header line (expected e.g. time_s,voltage_v,current_a)");
        // a key/value block above the column header (Maccor MIMS "Today's Date", "Date of Test:", "Filename:", ...):
        // the header is the first line that names both a time and a voltage column
        var preamble = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!NamesTimeAndVoltage(lines[h]))
        {
            int found = -1;
            for (int k = h + 1; k < Math.Min(lines.Length, h + 100); k++)
                if (NamesTimeAndVoltage(lines[k])) { found = k; break; }
            if (found > 0)
            {
                for (int k = h; k < found; k++)
                {
                    var kv = lines[k].Split(lines[k].Contains('\t') ? '\t' : ',');
                    if (kv.Length >= 2 && kv[0].Trim().TrimEnd(':').Trim() is { Length: > 0 } key) preamble.TryAdd(key, kv[1].Trim());
                }
                h = found;
            }
        }
        char sep = lines[h].Contains('\t') ? '\t' : lines[h].Contains(';') && !lines[h].Contains(',') ? ';' : ',';
        // trailing empty cells are dropped (a header written with a trailing separator), but a data row keeps as many
        // as the header has: "...,0.0,," under an 11-column header is 11 cells with two empty ones (CALCE/Arbin exports)
        int keep = 1;
        string[] SplitRow(string line)
        {
            var c = sep == ',' ? SplitCsv(line) : line.Split(sep);
            int n = c.Length;
            while (n > keep && string.IsNullOrWhiteSpace(c[n - 1])) n--;
            return n == c.Length ? c : c[..n];
        }
        var header = SplitRow(lines[h]).Select(x => x.Trim().Trim('"')).ToArray();
        keep = Math.Max(1, header.Length);
        int ik = Array.FindIndex(header, x => x.Equals("step_kind", StringComparison.OrdinalIgnoreCase));
        // step_kind is text, not the step index: hidden from the recogniser
        var named = header.Select((x, k) => k == ik ? "" : x).ToArray();
        var map = ColumnRecogniser.Resolve(path, named, Requests, columns, h + 1, "t=time/s, v=Ewe/V, i=I/mA");
        var tCol = map[Quantities.Time];
        var vCol = map[Quantities.Voltage];
        var iCol = map.Get(Quantities.Current);
        int it = tCol.Index, iv = vCol.Index, ii = iCol?.Index ?? -1, ic = map.IndexOf(Quantities.Cycle), istep = map.IndexOf(Quantities.Step);
        var sidecar = CsvMetadata.TryRead(path);
        bool noCurrent = meta?.Contains("no_current") == true || ii < 0
            || (sidecar?["has_current"] is JsonValue hc && hc.TryGetValue<bool>(out var has) && !has);
        var fixedIdx = new HashSet<int>(new[] { it, iv, ii, ic, istep, ik }.Where(x => x >= 0));
        var extraIdx = Enumerable.Range(0, header.Length).Where(k => !fixedIdx.Contains(k)).ToArray();
        var t = new List<double>(); var v = new List<double>(); var cur = new List<double>(); var cyc = new List<int>(); var stp = new List<int>(); var kinds = new List<StepKind>();
        var extras = extraIdx.Select(_ => new List<double>()).ToArray();
        bool durations = false, lastDuration = false, signedFromState = false;
        int istate = ik >= 0 ? -1 : Array.FindIndex(header, x => x.Trim().Trim('"') is var y && (y.Equals("MD", StringComparison.OrdinalIgnoreCase) || y.Equals("State", StringComparison.OrdinalIgnoreCase)));
        // an absolute date-time column (Arbin Date_Time, Neware Date/Absolute Time, ...): kept as Unix seconds
        int idate = -1; string? dateName = null;
        for (int li = h + 1; li < lines.Length && idate < 0; li++)
        {
            if (string.IsNullOrWhiteSpace(lines[li]) || lines[li].TrimStart().StartsWith('#')) continue;
            var c0 = SplitRow(lines[li]);
            foreach (var k in extraIdx)
                if (k < c0.Length && !FastNumber.TryParse(c0[k].Trim().Trim('"'), out _) && TryParseDateTime(c0[k], out _)) { idate = k; dateName = header[k]; break; }
            break;
        }
        var unix = new List<double>();
        DateTime? firstDate = null;
        for (int li = h + 1; li < lines.Length; li++)
        {
            var line = lines[li];
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#')) continue;
            var cells = SplitRow(line);
            if (sep != ',') for (int k = 0; k < cells.Length; k++) cells[k] = cells[k].Replace(',', '.'); // decimal commas
            if (cells.Length != header.Length && !(cells.Length < header.Length && cells.Length > Math.Max(it, Math.Max(iv, ii)) && meta is not null))
                throw new NitrolyteFormatException(path, $"the row has {cells.Length} cells but the header has {header.Length}"
                    + (cells.Length > header.Length && sep == ',' && line.Contains(',') ? " (a decimal comma in a comma-separated file? separate the columns with ';' or tabs, or write '.' as the decimal point)" : " (truncated row?)"), li + 1);
            double Cell(int k, int lineNo, bool required)
            {
                if (k < 0 || k >= cells.Length || string.IsNullOrWhiteSpace(cells[k]))
                {
                    if (required) throw new NitrolyteFormatException(path, $"empty '{header[Math.Max(k, 0)]}' value", lineNo);
                    return double.NaN;
                }
                if (FastNumber.TryParse(cells[k].Trim().Trim('"'), out var x)) return x;
                if (k == it && TryParseDuration(cells[k], out var secs)) { durations = true; lastDuration = true; return secs; }
                throw new NitrolyteFormatException(path, $"column '{header[k]}' holds '{cells[k].Trim()}', which is not a number", lineNo);
            }
            lastDuration = false;
            double tRaw = Cell(it, li + 1, true);
            t.Add(lastDuration ? tRaw : tCol.Convert(tRaw)); // a clock duration is in seconds whatever the header's unit
            v.Add(vCol.Convert(Cell(iv, li + 1, true)));
            cur.Add(iCol is null ? 0 : iCol.Convert(Cell(ii, li + 1, false)));
            cyc.Add(ic < 0 ? 0 : (int)(double.IsNaN(Cell(ic, li + 1, false)) ? 0 : Cell(ic, li + 1, false)));
            stp.Add(istep < 0 ? 0 : (int)(double.IsNaN(Cell(istep, li + 1, false)) ? 0 : Cell(istep, li + 1, false)));
            if (istate >= 0 && istate < cells.Length && cells[istate].Trim().Trim('"') is { Length: 1 } letter && char.IsLetter(letter[0]))
            {
                // Maccor MD/State letters: the current column is unsigned, D = discharge (negative), R = rest
                char m = char.ToUpperInvariant(letter[0]);
                if (m == 'D') cur[^1] = -Math.Abs(cur[^1]);
                else if (m == 'C') cur[^1] = Math.Abs(cur[^1]);
                signedFromState = true;
                kinds.Add(m switch { 'R' => StepKind.Rest, 'C' => StepKind.Charge, 'D' => StepKind.Discharge, _ => TimeSeriesAdapters.KindFromCurrent(cur[^1], ii >= 0) });
            }
            else kinds.Add(ik >= 0 && ik < cells.Length ? ParseKind(cells[ik]) : TimeSeriesAdapters.KindFromCurrent(cur[^1], ii >= 0));
            if (idate >= 0)
            {
                var dcell = idate < cells.Length ? cells[idate] : "";
                if (TryParseDateTime(dcell, out var dtv))
                {
                    firstDate ??= dtv;
                    unix.Add((dtv - DateTime.UnixEpoch).TotalSeconds);
                }
                else unix.Add(double.NaN);
            }
            for (int e = 0; e < extraIdx.Length; e++)
            {
                int k = extraIdx[e];
                extras[e].Add(k < cells.Length && FastNumber.TryParse(cells[k].Trim().Trim('"'), out var x) ? x : double.NaN);
            }
        }
        if (t.Count == 0) throw new NitrolyteFormatException(path, "a header but no data rows", h + 1);
        // a current column with no value at all is no current (a converted file of a trace without one)
        if (ii >= 0 && !noCurrent && cur.All(double.IsNaN)) noCurrent = true;
        if (noCurrent) for (int k = 0; k < cur.Count; k++) if (double.IsNaN(cur[k])) cur[k] = 0;
        string? Meta(string key)
        {
            if (sidecar?[key == "start" ? "start_time" : key] is JsonValue sv && sv.TryGetValue<string>(out var sval)) return sval;
            if (meta is null) return null;
            foreach (var part in meta.Split(';'))
            {
                var kv = part.Trim();
                if (kv.StartsWith(key + "=", StringComparison.Ordinal)) return kv[(key.Length + 1)..];
            }
            return null;
        }
        DateTimeOffset? start = Meta("start") is { } s && DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt) ? new DateTimeOffset(dt, TimeSpan.Zero) : null;
        var extraCols = extraIdx.Where(k => k != idate && k != istate).Select(k => (header[k], extras[Array.IndexOf(extraIdx, k)].ToArray())).Where(x => x.Item1.Length > 0).GroupBy(x => x.Item1).ToDictionary(g => g.Key, g => g.First().Item2);
        // a time column without a unit beside a date-time column: the two spans say which unit it is in (Maccor
        // exports write TestTime in minutes with no unit in the header; a test of 67 726 s shows TestTime = 1128.78)
        string? timeUnitNote = null;
        if (tCol.UnitSource == UnitSource.AssumedDefault && !durations && idate >= 0 && InferTimeUnit(t, unix) is { } fix)
        {
            for (int k = 0; k < t.Count; k++) t[k] *= fix.Factor;
            Units.TryParse(fix.Symbol, Dimension.Time, out var unit);
            map = new ColumnMap(map.Readings.Where(r => r.Key != Quantities.Time.Key).Append(tCol with { Unit = unit! }));
            timeUnitNote = $"time column '{tCol.Header}' has no unit; its span ({fix.Span:G6}) against that of the date-time column '{dateName}' ({fix.DateSpanS:G6} s) says {fix.Symbol}: read as {fix.Symbol}";
        }
        var warnings = map.Assumptions.ToList();
        if (timeUnitNote is not null) warnings.Add(timeUnitNote);
        if (signedFromState) warnings.Add($"current signed from the '{header[istate]}' column (Maccor: D = discharge, negative; C = charge; R = rest)");
        if (preamble.Count > 0) warnings.Add($"{preamble.Count} key/value lines above the column header read as metadata ({string.Join(", ", preamble.Keys.Take(5))})");
        if (durations) warnings.Add($"time column '{tCol.Header}' holds [d-]hh:mm:ss durations: read as seconds");
        if (idate >= 0 && firstDate is { } fd)
        {
            extraCols.TryAdd("Unix Time / s", unix.ToArray());
            // the start of the test: the first row's date less its test time
            start ??= t[0] is var t0 && double.IsFinite(t0) && Math.Abs(t0) < 1e9 ? new DateTimeOffset(fd.AddSeconds(-t0), TimeSpan.Zero) : null;
            warnings.Add($"date-time column '{dateName}' kept as 'Unix Time / s' (instrument local time, read as UTC)");
        }
        // a converted EC-Lab file keeps its cumulative charge: capacities are cross-checked against it
        var (fileQ, fileQCol) = extraCols.TryGetValue("(Q-Qo)/mA.h", out var qm) ? (qm, "(Q-Qo)/mA.h")
            : extraCols.TryGetValue("(Q-Qo)/C", out var qc) ? (qc.Select(x => x / 3.6).ToArray(), "(Q-Qo)/C") : ((double[]?)null, (string?)null);
        return new TimeSeries
        {
            FileChargeMah = fileQ, FileChargeColumn = fileQCol,
            Source = path, Format = meta is null && sidecar is null ? plainFormat : "Nitrolyte CSV", TimeS = t.ToArray(), VoltageV = v.ToArray(), CurrentA = cur.ToArray(), HasCurrent = !noCurrent,
            Cycle = ic >= 0 ? cyc.ToArray() : null, Step = istep >= 0 ? stp.ToArray() : null, Kind = kinds.ToArray(),
            Extra = extraCols,
            StartTime = start, Technique = Meta("technique"),
            Columns = map.ToProvenance(), Warnings = warnings,
        }.Validate();
    }
}
