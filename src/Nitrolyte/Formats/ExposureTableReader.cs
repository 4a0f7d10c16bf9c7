using Nitrolyte.Core;
using Nitrolyte.Exposure;

namespace Nitrolyte.Formats;

/// <summary>An exposure table as read: the points and which column was read as what.</summary>
public sealed record ExposureTable(string FilePath, IReadOnlyList<ExposurePoint> Points, IReadOnlyList<ReadColumn> Columns);

/// <summary>
/// Reads an exposure table (CSV/TSV): exposure time with its unit in the header (time_h, "time (min)", t_s,
/// days; refused without a unit), conductivity (sigma_s_per_cm, "σ (mS/cm)", µS/cm, S/m; S/cm assumed and said
/// when no unit is written), optionally its standard error (sigma_stderr..., same unit as σ unless stated),
/// the atmosphere label (atmosphere, condition, gas, label), the dew point (dew_point_c / frost point; °C assumed and
/// said without a unit), the relative humidity (rh_pct, "RH (%)") and the air temperature (t_air_c).
/// A table without an atmosphere column is one series labelled by the file name.
/// </summary>
public static class ExposureTableReader
{
    public static ExposureTable Read(string path, string? defaultAtmosphere = null)
    {
        var t = TextTable.Read(path);
        var cols = new List<ReadColumn>();
        string Hdr(int c) => t.Header[c];

        int time = t.Find(h => h.StartsWith("time") || (h.StartsWith("t_") && !h.Contains("air")) || h.StartsWith("t(") || h.StartsWith("t[") || h.StartsWith("t/") || h.StartsWith("exposure") || h.StartsWith("elapsed") || h.StartsWith("duration"));
        bool IsErr(string h) => h.Contains("err") || h.Contains("stderr") || h.Contains("uncert") || h.StartsWith("se_") || h.StartsWith("se(") || h.Contains("_se_") || h.EndsWith("_se") || h.Contains("sd");
        int sigma = t.Find(h => (h.StartsWith("sigma") || h.StartsWith("σ") || h.StartsWith("conductivity") || h.StartsWith("cond")) && !IsErr(h));
        int err = t.Find(h => IsErr(h) && !h.StartsWith("time"));
        int atm = t.Find(h => h.StartsWith("atmosphere") || h.StartsWith("atm") || h.StartsWith("condition") || h.StartsWith("environment") || h.StartsWith("gas") || h == "label" || h.StartsWith("series"));
        int dew = t.Find(h => h.Contains("dew") || h.Contains("frost"));
        int rh = t.Find(h => h.StartsWith("rh") || h.Contains("humidity") || h.StartsWith("relative"));
        int air = t.Find(h => h.Contains("air") && !h.Contains("dew"));

        if (time < 0) throw new NitrolyteFormatException(path, $"no exposure-time column (found: {string.Join(", ", t.Header)}); name it time_h, time_min or time_s");
        var tn = DelimitedTable.Normalise(Hdr(time));
        var toH = UnitHeaders.TimeToHours(tn)
                  ?? throw new NitrolyteFormatException(path, $"column '{Hdr(time)}' states no time unit; write it in the header: time_h, time_min, time_s or time_d");
        cols.Add(new ReadColumn(Hdr(time), "exposure time", UnitName(toH), null));
        if (sigma < 0) throw new NitrolyteFormatException(path, $"no conductivity column (found: {string.Join(", ", t.Header)}); name it sigma_s_per_cm (or give mS/cm, µS/cm, S/m)");
        var sn = DelimitedTable.Normalise(Hdr(sigma));
        double? sf = UnitHeaders.ConductivityToSPerCm(sn);
        cols.Add(new ReadColumn(Hdr(sigma), "conductivity", sf is null ? "S/cm" : SigmaUnitName(sf.Value), sf is null ? "no unit in the header: S/cm assumed" : null));
        double sScale = sf ?? 1;
        double eScale = sScale;
        if (err >= 0)
        {
            double? ef = UnitHeaders.ConductivityToSPerCm(DelimitedTable.Normalise(Hdr(err)));
            eScale = ef ?? sScale;
            cols.Add(new ReadColumn(Hdr(err), "conductivity standard error", SigmaUnitName(eScale), ef is null ? "no unit in the header: the unit of the conductivity column assumed" : null));
        }
        if (atm >= 0) cols.Add(new ReadColumn(Hdr(atm), "atmosphere label", ""));
        bool dewK = false;
        if (dew >= 0)
        {
            var u = UnitHeaders.TemperatureUnit(DelimitedTable.Normalise(Hdr(dew)));
            dewK = u == "K";
            cols.Add(new ReadColumn(Hdr(dew), "dew point (frost point below 0 °C)", dewK ? "K" : "°C", u is null ? "no unit in the header: °C assumed" : null));
        }
        if (rh >= 0)
        {
            var rn = DelimitedTable.Normalise(Hdr(rh));
            bool pct = rn.Contains('%') || rn.Contains("pct") || rn.Contains("percent");
            cols.Add(new ReadColumn(Hdr(rh), "relative humidity", "%", pct ? null : "no unit in the header: percent assumed"));
        }
        bool airK = false;
        if (air >= 0 && air != time && air != dew)
        {
            var u = UnitHeaders.TemperatureUnit(DelimitedTable.Normalise(Hdr(air)));
            airK = u == "K";
            cols.Add(new ReadColumn(Hdr(air), "air temperature", airK ? "K" : "°C", u is null ? "no unit in the header: °C assumed" : null));
        }
        else air = -1;
        if (dew < 0 && rh < 0)
            cols.Add(new ReadColumn("", "humidity", "", "no dew-point or RH column: atmospheres are known by their labels only"));

        string label0 = defaultAtmosphere ?? Path.GetFileNameWithoutExtension(path);
        var pts = new List<ExposurePoint>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            double th = t.Number(i, time) * toH;
            if (!(th >= 0)) throw new NitrolyteFormatException(path, $"exposure time {t.Rows[i][time]} is negative", t.LineNumbers[i]);
            double s = t.Number(i, sigma) * sScale;
            if (!(s > 0)) throw new NitrolyteFormatException(path, $"conductivity {t.Rows[i][sigma]} is not positive", t.LineNumbers[i]);
            double se = err >= 0 ? t.Number(i, err, allowEmpty: true) * eScale : double.NaN;
            double? dp = dew >= 0 && t.Rows[i][dew].Length > 0 ? t.Number(i, dew) - (dewK ? PhysicalConstants.ZeroCelsiusK : 0) : null;
            double? rhv = rh >= 0 && t.Rows[i][rh].Length > 0 ? t.Number(i, rh) : null;
            if (rhv is { } x && !(x >= 0 && x <= 100)) throw new NitrolyteFormatException(path, $"relative humidity {t.Rows[i][rh]} % is outside 0–100", t.LineNumbers[i]);
            if (dp is { } d && !(d > -150 && d < 100)) throw new NitrolyteFormatException(path, $"dew point {t.Rows[i][dew]} is outside −150 to 100 °C (is the unit right?)", t.LineNumbers[i]);
            double? ta = air >= 0 && t.Rows[i][air].Length > 0 ? t.Number(i, air) - (airK ? PhysicalConstants.ZeroCelsiusK : 0) : null;
            string label = atm >= 0 && t.Rows[i][atm].Length > 0 ? t.Rows[i][atm] : label0;
            pts.Add(new ExposurePoint(th, s, se, label, dp, rhv is 0 ? null : rhv, ta));
        }
        return new ExposureTable(path, pts, cols);
    }

    private static string UnitName(double toH) => toH switch { 1 => "h", 24 => "d", 168 => "week", _ when Math.Abs(toH - 1.0 / 60) < 1e-12 => "min", _ => "s" };

    private static string SigmaUnitName(double f) => f switch { 1 => "S/cm", 1e-3 => "mS/cm", 1e-6 => "µS/cm", 1e-2 => "S/m", _ => "mS/m" };
}
