using Nitrolyte.Core;
using Nitrolyte.Nmr;

namespace Nitrolyte.Formats;

/// <summary>R1(T) as read from a table, with the columns read.</summary>
public sealed record RateTable(string FilePath, IReadOnlyList<RatePoint> Points, IReadOnlyList<ReadColumn> Columns);

/// <summary>Recovery curves as read (one per temperature, or one without temperature), with the columns read.</summary>
public sealed record RecoveryTable(string FilePath, IReadOnlyList<(double? TemperatureK, IReadOnlyList<RecoveryPoint> Points)> Curves, IReadOnlyList<ReadColumn> Columns);

/// <summary>Line widths vs temperature as read, with the columns read.</summary>
public sealed record LinewidthTable(string FilePath, IReadOnlyList<LinewidthPoint> Points, IReadOnlyList<ReadColumn> Columns);

/// <summary>
/// Readers of NMR relaxometry tables (CSV/TSV). Temperature: T_K, T_C, "T (°C)", temperature_k (the unit is
/// required). T1 table: T1 with its unit (t1_s, "T1 (ms)") or R1 = 1/T1 (r1_per_s, "R1 (1/s)", "1/T1 (s^-1)"),
/// optional standard error (…stderr…/err, same unit unless stated), optional Larmor frequency (larmor_mhz).
/// Recovery table: delay (delay_s, "tau (ms)", vd_us), magnetisation (m, intensity, integral, signal; any unit),
/// optional temperature (one curve per temperature). Line-width table: T and fwhm/linewidth in Hz or kHz.
/// A value column without a unit gets the stated default (s, 1/s, Hz) and the assumption is recorded.
/// </summary>
public static class NmrTableReader
{
    public static bool IsTemperature(string h) =>
        h.StartsWith("temp") || h == "t" || h.StartsWith("t_") || h.StartsWith("t(") || h.StartsWith("t[") || h.StartsWith("t/");

    private static bool IsErr(string h) => h.Contains("err") || h.Contains("stderr") || h.Contains("uncert") || h.StartsWith("se_") || h.StartsWith("se(") || h.EndsWith("_se") || h.StartsWith("sd");

    private static (int Col, Func<double, double> ToK, ReadColumn Info)? Temperature(TextTable t, bool required)
    {
        int c = t.Find(IsTemperature);
        if (c < 0)
        {
            if (required) throw new NitrolyteFormatException(t.FilePath, $"no temperature column (found: {string.Join(", ", t.Header)}); name it T_K or T_C");
            return null;
        }
        var u = UnitHeaders.TemperatureUnit(DelimitedTable.Normalise(t.Header[c]))
                ?? throw new NitrolyteFormatException(t.FilePath, $"column '{t.Header[c]}' states no temperature unit; name it T_K or T_C (or \"T (°C)\")");
        return (c, u == "K" ? x => x : x => x + PhysicalConstants.ZeroCelsiusK, new ReadColumn(t.Header[c], "temperature", u == "K" ? "K" : "°C"));
    }

    public static RateTable ReadRates(string path, double? larmorMHz)
    {
        var t = TextTable.Read(path);
        var cols = new List<ReadColumn>();
        var (tc, toK, tinfo) = Temperature(t, true)!.Value;
        cols.Add(tinfo);
        int r1 = t.Find(h => (h.StartsWith("r1") || h.StartsWith("1/t1") || h.StartsWith("rate")) && !IsErr(h));
        int t1 = t.Find(h => h.StartsWith("t1") && !IsErr(h));
        if (r1 < 0 && t1 < 0) throw new NitrolyteFormatException(path, $"no T1 or R1 column (found: {string.Join(", ", t.Header)}); name it t1_s or r1_per_s");
        bool isRate = r1 >= 0;
        int vc = isRate ? r1 : t1;
        var vn = DelimitedTable.Normalise(t.Header[vc]);
        double? f = isRate ? UnitHeaders.RateToPerSecond(vn) : UnitHeaders.TimeToSeconds(vn);
        cols.Add(new ReadColumn(t.Header[vc], isRate ? "R1 = 1/T1" : "T1", isRate ? (f == 1e3 ? "1/ms" : "1/s") : UnitName(f ?? 1),
            f is null ? $"no unit in the header: {(isRate ? "1/s" : "s")} assumed" : null));
        double scale = f ?? 1;
        int ec = t.Find(h => IsErr(h));
        double eScale = scale;
        if (ec >= 0)
        {
            var en = DelimitedTable.Normalise(t.Header[ec]);
            double? ef = isRate ? UnitHeaders.RateToPerSecond(en) : UnitHeaders.TimeToSeconds(en);
            eScale = ef ?? scale;
            cols.Add(new ReadColumn(t.Header[ec], "standard error", isRate ? "1/s" : UnitName(eScale), ef is null ? "no unit in the header: the unit of the value column assumed" : null));
        }
        int lc = t.Find(h => h.Contains("larmor") || h.StartsWith("nu0") || h.StartsWith("ν0") || h.StartsWith("frequency"));
        double lScale = 1e6;
        if (lc >= 0)
        {
            double? lf = UnitHeaders.FrequencyToHz(DelimitedTable.Normalise(t.Header[lc]));
            lScale = lf ?? 1e6;
            cols.Add(new ReadColumn(t.Header[lc], "Larmor frequency", lf is null ? "MHz" : UnitFreq(lScale), lf is null ? "no unit in the header: MHz assumed" : null));
        }
        else if (larmorMHz is null)
            throw new NitrolyteFormatException(path, "no Larmor frequency: give --larmor-mhz (or a larmor_mhz column)");
        else cols.Add(new ReadColumn("--larmor-mhz", "Larmor frequency", "MHz"));
        var pts = new List<RatePoint>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            double tk = toK(t.Number(i, tc));
            if (!(tk > 0)) throw new NitrolyteFormatException(path, $"temperature {t.Rows[i][tc]} is below absolute zero", t.LineNumbers[i]);
            double v = t.Number(i, vc) * scale;
            if (!(v > 0)) throw new NitrolyteFormatException(path, $"{(isRate ? "R1" : "T1")} {t.Rows[i][vc]} is not positive", t.LineNumbers[i]);
            double e = ec >= 0 ? t.Number(i, ec, allowEmpty: true) * eScale : double.NaN;
            double r = isRate ? v : 1 / v;
            double re = isRate ? e : e / (v * v); // se(1/T1) = se(T1)/T1²
            double lar = lc >= 0 ? t.Number(i, lc) * lScale : larmorMHz!.Value * 1e6;
            pts.Add(new RatePoint(tk, r, re, lar));
        }
        return new RateTable(path, pts, cols);
    }

    public static RecoveryTable ReadRecovery(string path)
    {
        var t = TextTable.Read(path);
        var cols = new List<ReadColumn>();
        var temp = Temperature(t, false);
        if (temp is { } tt) cols.Add(tt.Info);
        int dc = t.Find(h => h.StartsWith("delay") || h.StartsWith("tau") || h.StartsWith("vd") || h.StartsWith("τ") || h.StartsWith("recovery") || h.StartsWith("time"));
        if (dc < 0) throw new NitrolyteFormatException(path, $"no delay column (found: {string.Join(", ", t.Header)}); name it delay_s (or delay_ms, tau_us)");
        double? df = UnitHeaders.TimeToSeconds(DelimitedTable.Normalise(t.Header[dc]));
        cols.Add(new ReadColumn(t.Header[dc], "recovery delay", UnitName(df ?? 1), df is null ? "no unit in the header: s assumed" : null));
        int mc = t.Find(h => h is "m" || h.StartsWith("m_") || h.StartsWith("m(") || h.StartsWith("magneti") || h.StartsWith("intensity") || h.StartsWith("integral") || h.StartsWith("signal") || h.StartsWith("amplitude"));
        if (mc < 0) throw new NitrolyteFormatException(path, $"no magnetisation column (found: {string.Join(", ", t.Header)}); name it magnetisation (or intensity, integral)");
        cols.Add(new ReadColumn(t.Header[mc], "magnetisation", "arbitrary", null));
        var groups = new Dictionary<double, List<RecoveryPoint>>();
        var order = new List<double>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            double d = t.Number(i, dc) * (df ?? 1);
            if (!(d >= 0)) throw new NitrolyteFormatException(path, $"delay {t.Rows[i][dc]} is negative", t.LineNumbers[i]);
            double m = t.Number(i, mc);
            double key = temp is { } tp ? tp.ToK(t.Number(i, tp.Col)) : double.NaN;
            if (temp is not null && !(key > 0)) throw new NitrolyteFormatException(path, $"temperature {t.Rows[i][temp.Value.Col]} is below absolute zero", t.LineNumbers[i]);
            var gk = double.IsNaN(key) ? -1 : key;
            if (!groups.TryGetValue(gk, out var list)) { groups[gk] = list = []; order.Add(gk); }
            list.Add(new RecoveryPoint(d, m));
        }
        var curves = order.Select(k => (k < 0 ? (double?)null : k, (IReadOnlyList<RecoveryPoint>)groups[k])).ToList();
        return new RecoveryTable(path, curves, cols);
    }

    public static LinewidthTable ReadLinewidths(string path)
    {
        var t = TextTable.Read(path);
        var cols = new List<ReadColumn>();
        var (tc, toK, tinfo) = Temperature(t, true)!.Value;
        cols.Add(tinfo);
        int wc = t.Find(h => h.StartsWith("fwhm") || h.StartsWith("linewidth") || h.StartsWith("line_width") || h.StartsWith("width") || h.StartsWith("δν") || h.StartsWith("dnu"));
        if (wc < 0) throw new NitrolyteFormatException(path, $"no line-width column (found: {string.Join(", ", t.Header)}); name it fwhm_hz or linewidth_khz");
        double? f = UnitHeaders.FrequencyToHz(DelimitedTable.Normalise(t.Header[wc]));
        cols.Add(new ReadColumn(t.Header[wc], "line width (FWHM)", UnitFreq(f ?? 1), f is null ? "no unit in the header: Hz assumed" : null));
        var pts = new List<LinewidthPoint>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            double tk = toK(t.Number(i, tc));
            if (!(tk > 0)) throw new NitrolyteFormatException(path, $"temperature {t.Rows[i][tc]} is below absolute zero", t.LineNumbers[i]);
            double w = t.Number(i, wc) * (f ?? 1);
            if (!(w > 0)) throw new NitrolyteFormatException(path, $"line width {t.Rows[i][wc]} is not positive", t.LineNumbers[i]);
            pts.Add(new LinewidthPoint(tk, w));
        }
        return new LinewidthTable(path, pts, cols);
    }

    /// <summary>Which kind of NMR table a header describes: "recovery", "linewidth" or "t1".</summary>
    public static string Kind(string path)
    {
        var t = TextTable.Read(path);
        if (t.Find(h => h.StartsWith("delay") || h.StartsWith("tau") || h.StartsWith("vd") || h.StartsWith("τ")) >= 0) return "recovery";
        if (t.Find(h => h.StartsWith("fwhm") || h.StartsWith("linewidth") || h.StartsWith("line_width") || h.StartsWith("width")) >= 0) return "linewidth";
        return "t1";
    }

    private static string UnitName(double toS) => toS switch { 1 => "s", 1e-3 => "ms", 1e-6 => "µs", 1e-9 => "ns", 60 => "min", _ => "s" };
    private static string UnitFreq(double toHz) => toHz switch { 1 => "Hz", 1e3 => "kHz", 1e6 => "MHz", _ => "GHz" };
}
