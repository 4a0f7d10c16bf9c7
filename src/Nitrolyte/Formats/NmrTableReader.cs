using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Nmr;

namespace Nitrolyte.Formats;

/// <summary>R1(T) as read from a table, with the columns read.</summary>
public sealed record RateTable(string FilePath, IReadOnlyList<RatePoint> Points, IReadOnlyList<ReadColumn> Columns);

/// <summary>Recovery curves as read (one per temperature, or one without temperature), with the columns read.</summary>
public sealed record RecoveryTable(string FilePath, IReadOnlyList<(double? TemperatureK, IReadOnlyList<RecoveryPoint> Points)> Curves, IReadOnlyList<ReadColumn> Columns);

/// <summary>Line widths vs temperature as read, with the columns read.</summary>
public sealed record LinewidthTable(string FilePath, IReadOnlyList<LinewidthPoint> Points, IReadOnlyList<ReadColumn> Columns);

/// <summary>
/// Readers of NMR relaxometry tables (CSV/TSV) through the shared column layer (<see cref="ColumnRecogniser"/>).
/// Temperature: T_K, T_C, "T (°C)" (a unit is required). T1 table: T1 with its unit (t1_s, "T1 (ms)"; s assumed and
/// said) or R1 = 1/T1 ("R1 (1/s)", r1_per_s, "1/T1 (s^-1)"; 1/s assumed and said), optional standard error (in the
/// value's unit unless stated), optional Larmor frequency (larmor_MHz; MHz assumed without a unit; a value read as
/// below 1 kHz, e.g. "mhz" = millihertz, is refused). Recovery table: delay (delay_s, "tau (ms)", vd_us; s assumed),
/// magnetisation (m, intensity, integral, signal; any unit), optional temperature (one curve per temperature).
/// Line-width table: T and fwhm/linewidth (Hz, kHz; Hz assumed). <c>--columns</c> overrides.
/// </summary>
public static class NmrTableReader
{
    private static readonly string[] ErrorWords = ["stderr", "err", "uncertainty", "std"];

    public static readonly Quantity T1 = new("t1", Dimension.Time, ["t1", "spinlatticerelaxationtime", "t1relaxationtime"], Excluding: ErrorWords, DefaultUnit: "s");
    public static readonly Quantity R1 = new("r1", Dimension.Rate, ["r1", "1/t1", "rate", "relaxationrate", "spinlatticerelaxationrate", "t1^-1", "t1-1"], Excluding: ErrorWords, DefaultUnit: "1/s");
    public static readonly Quantity T1Error = new("t1_stderr", Dimension.Time, ["t1stderr*", "t1err*", "stderr*", "err", "error*", "se", "sd", "uncertainty*"], Aliases: ["stderr"], DefaultUnit: "s");
    public static readonly Quantity R1Error = new("r1_stderr", Dimension.Rate, ["r1stderr*", "r1err*", "stderr*", "err", "error*", "se", "sd", "uncertainty*"], Aliases: ["stderr"], DefaultUnit: "1/s");
    public static readonly Quantity Larmor = new("larmor_frequency", Dimension.Frequency, ["larmor*", "nu0", "ν0", "f0", "larmorfrequency", "spectrometerfrequency"], Aliases: ["larmor", "nu0"], DefaultUnit: "MHz");
    public static readonly Quantity Delay = new("delay", Dimension.Time, ["delay", "tau", "τ", "vd", "recoverydelay", "delaytime", "td", "time", "recoverytime"], Aliases: ["tau", "vd"], DefaultUnit: "s");
    public static readonly Quantity Magnetisation = new("magnetisation", Dimension.Arbitrary,
        ["m", "mz", "m(t)", "magnetisation", "magnetization", "intensity", "integral", "signal", "amplitude", "area"], Aliases: ["m", "intensity"], DefaultUnit: "1");
    public static readonly Quantity Linewidth = new("linewidth", Dimension.Frequency, ["fwhm", "linewidth", "width", "δν", "dnu", "deltanu", "lw", "fwhh"], Aliases: ["fwhm"], DefaultUnit: "Hz");

    /// <summary>"r1_per_s" / "r1_stderr_per_ms": the unit after "_per_" written as a rate the column layer reads ("r1 (1/s)").</summary>
    private static readonly Regex PerTime = new(@"^(.*?)_per_(s|ms|us|min)$", RegexOptions.IgnoreCase | RegexOptions.Compiled);

    private static IReadOnlyList<string> Header(TextTable t) => t.Header.Select(h =>
    {
        var m = PerTime.Match(h.Trim());
        if (!m.Success) return h;
        var name = m.Groups[1].Value.ToLowerInvariant();
        return name.StartsWith("r1") || name.StartsWith("rate") || name.StartsWith("relaxation") ? $"{m.Groups[1].Value} (1/{m.Groups[2].Value})" : h;
    }).ToList();

    public static RateTable ReadRates(string path, double? larmorMHz, ColumnSpec? spec = null)
    {
        var t = TextTable.Read(path);
        var header = Header(t);
        // R1 or T1: as --columns says, else whichever the header has (R1 first)
        bool specR1 = spec?.Choices.Any(c => R1.IsCalled(c.Key)) == true, specT1 = spec?.Choices.Any(c => T1.IsCalled(c.Key)) == true;
        if (specR1 && specT1) throw new NitrolyteInputException("--columns names both t1 and r1; name only one of them");
        bool isRate;
        if (specR1 || specT1) isRate = specR1;
        else
        {
            var probe = ColumnRecogniser.Resolve(path, header, [new(R1, false), new(T1, false)]);
            isRate = probe.Has(R1);
            if (!isRate && !probe.Has(T1))
                throw new NitrolyteFormatException(path, $"no T1 or R1 column recognised among: {ColumnRecogniser.Found(t.Header)}; name it t1_s or \"R1 (1/s)\", or say it with --columns \"r1=<column>/1/s\"");
        }
        var value = isRate ? R1 : T1;
        var errQ = isRate ? R1Error : T1Error;
        var map = ColumnRecogniser.Resolve(path, header, [new(Quantities.Temperature), new(value), new(errQ, false), new(Larmor, false)], spec,
            example: isRate ? "t=<column>/K, r1=<column>/1/s, larmor=<column>/MHz" : "t=<column>/K, t1=<column>/s, larmor=<column>/MHz");
        var temp = map[Quantities.Temperature];
        var val = map[value];
        var err = map.Get(errQ);
        var lar = map.Get(Larmor);
        var cols = new List<ReadColumn> { ReadColumn.From(temp) with { Header = t.Header[temp.Index].Trim() }, ReadColumn.From(val) with { Header = t.Header[val.Index].Trim() } };
        Func<double, double> errConvert = x => x;
        if (err is not null)
        {
            bool same = err.UnitSource == UnitSource.AssumedDefault;
            errConvert = same ? val.Convert : err.Convert;
            cols.Add(same ? ReadColumn.From(val, $"{err.Key} column '{err.Header}' has no unit: read in the unit of the {val.Key} column ({val.Unit.Symbol})") with { Header = t.Header[err.Index].Trim(), Quantity = err.Key, Source = "assumed" } : ReadColumn.From(err) with { Header = t.Header[err.Index].Trim() });
        }
        if (lar is not null) cols.Add(ReadColumn.From(lar) with { Header = t.Header[lar.Index].Trim() });
        else if (larmorMHz is null) throw new NitrolyteFormatException(path, "no Larmor frequency: give --larmor-mhz (or a larmor_MHz column)");
        else cols.Add(new ReadColumn("--larmor-mhz", "larmor_frequency", "MHz", null, "option", "Hz", 1e6));
        var pts = new List<RatePoint>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            int line = t.LineNumbers[i];
            double tk = temp.Convert(t.Number(i, temp.Index));
            if (!(tk > 0)) throw new NitrolyteFormatException(path, $"temperature {t.Rows[i][temp.Index]} ({temp.Unit.Symbol}) is below absolute zero", line);
            double v = val.Convert(t.Number(i, val.Index));
            if (!(v > 0)) throw new NitrolyteFormatException(path, $"{val.Key} {t.Rows[i][val.Index]} is not positive", line);
            double e = err is not null ? errConvert(t.Number(i, err.Index, allowEmpty: true)) : double.NaN;
            double r = isRate ? v : 1 / v;
            double re = isRate ? e : e / (v * v); // se(1/T1) = se(T1)/T1²
            double hz = lar is not null ? lar.Convert(t.Number(i, lar.Index)) : larmorMHz!.Value * 1e6;
            if (!(hz >= 1e3))
                throw new NitrolyteFormatException(path, $"Larmor frequency {(lar is null ? larmorMHz.ToString() + " MHz" : $"{t.Rows[i][lar.Index]} read as {lar.Unit.Symbol}")} is below 1 kHz; NMR Larmor frequencies are MHz (write the unit as MHz: 'm' is milli)", line);
            pts.Add(new RatePoint(tk, r, re, hz));
        }
        return new RateTable(path, pts, cols);
    }

    public static RecoveryTable ReadRecovery(string path, ColumnSpec? spec = null)
    {
        var t = TextTable.Read(path);
        var map = ColumnRecogniser.Resolve(path, Header(t), [new(Quantities.Temperature, false), new(Delay), new(Magnetisation)], spec, example: "t=<column>/K, delay=<column>/s, m=<column>");
        var temp = map.Get(Quantities.Temperature);
        var delay = map[Delay];
        var mag = map[Magnetisation];
        var cols = new List<ReadColumn>();
        if (temp is not null) cols.Add(ReadColumn.From(temp) with { Header = t.Header[temp.Index].Trim() });
        cols.Add(ReadColumn.From(delay) with { Header = t.Header[delay.Index].Trim() });
        cols.Add(new ReadColumn(mag.Header, mag.Key, "arbitrary", null, "any unit"));
        var groups = new Dictionary<double, List<RecoveryPoint>>();
        var order = new List<double>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            int line = t.LineNumbers[i];
            double d = delay.Convert(t.Number(i, delay.Index));
            if (!(d >= 0)) throw new NitrolyteFormatException(path, $"delay {t.Rows[i][delay.Index]} is negative", line);
            double m = t.Number(i, mag.Index);
            double key = -1;
            if (temp is not null)
            {
                key = temp.Convert(t.Number(i, temp.Index));
                if (!(key > 0)) throw new NitrolyteFormatException(path, $"temperature {t.Rows[i][temp.Index]} ({temp.Unit.Symbol}) is below absolute zero", line);
            }
            if (!groups.TryGetValue(key, out var list)) { groups[key] = list = []; order.Add(key); }
            list.Add(new RecoveryPoint(d, m));
        }
        var curves = order.Select(k => (k < 0 ? (double?)null : k, (IReadOnlyList<RecoveryPoint>)groups[k])).ToList();
        return new RecoveryTable(path, curves, cols);
    }

    public static LinewidthTable ReadLinewidths(string path, ColumnSpec? spec = null)
    {
        var t = TextTable.Read(path);
        var map = ColumnRecogniser.Resolve(path, Header(t), [new(Quantities.Temperature), new(Linewidth)], spec, example: "t=<column>/K, fwhm=<column>/kHz");
        var temp = map[Quantities.Temperature];
        var w = map[Linewidth];
        var cols = new List<ReadColumn> { ReadColumn.From(temp) with { Header = t.Header[temp.Index].Trim() }, ReadColumn.From(w) with { Header = t.Header[w.Index].Trim() } };
        var pts = new List<LinewidthPoint>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            int line = t.LineNumbers[i];
            double tk = temp.Convert(t.Number(i, temp.Index));
            if (!(tk > 0)) throw new NitrolyteFormatException(path, $"temperature {t.Rows[i][temp.Index]} ({temp.Unit.Symbol}) is below absolute zero", line);
            double v = w.Convert(t.Number(i, w.Index));
            if (!(v > 0)) throw new NitrolyteFormatException(path, $"line width {t.Rows[i][w.Index]} is not positive", line);
            pts.Add(new LinewidthPoint(tk, v));
        }
        return new LinewidthTable(path, pts, cols);
    }

    /// <summary>Which kind of NMR table a header describes: "recovery" (a delay column), "linewidth" or "t1".</summary>
    public static string Kind(string path)
    {
        var t = TextTable.Read(path);
        var cells = Header(t).Select(h => new HeaderCell(h)).ToList();
        bool Any(Quantity q) => cells.Any(c => c.Splits.Any(s => q.Matches(s.Name) && s.Name != "time"));
        if (Any(Delay) && Any(Magnetisation)) return "recovery";
        if (Any(Linewidth)) return "linewidth";
        return "t1";
    }
}
