using Nitrolyte.Core;
using Nitrolyte.Exposure;
using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Formats;

/// <summary>An exposure table as read: the points and which column was read as what.</summary>
public sealed record ExposureTable(string FilePath, IReadOnlyList<ExposurePoint> Points, IReadOnlyList<ReadColumn> Columns);

/// <summary>
/// Reads an exposure table (CSV/TSV) through the shared column layer (<see cref="ColumnRecogniser"/>): exposure
/// time with its unit (time_h, "time (min)", t_s, days; refused without a unit), conductivity (sigma_s_per_cm,
/// "σ (mS/cm)", µS/cm, S/m; S/cm assumed and said when no unit is written), optionally its standard error (same unit
/// as σ when none is written, and said), the atmosphere label (atmosphere, condition, gas, label), the dew point
/// (dew_point_c, frost point; °C assumed and said without a unit), the relative humidity (rh_pct, "RH (%)") and the
/// air temperature (t_air_c). <c>--columns</c> ("time=Elapsed/min, sigma=3/mS/cm") overrides. A table without an
/// atmosphere column is one series labelled by the file name (or <paramref name="defaultAtmosphere"/>).
/// </summary>
public static class ExposureTableReader
{
    public static readonly Quantity ExposureTime = new("time", Dimension.Time,
        ["time", "t", "exposuretime", "exposure", "elapsed", "elapsedtime", "duration", "exposureduration"], Aliases: ["t", "exposure_time"]);
    public static readonly Quantity Atmosphere = new("atmosphere", Dimension.Arbitrary,
        ["atmosphere", "atm", "condition", "conditions", "environment", "gas", "label", "series", "sample"], DefaultUnit: "1");
    public static readonly Quantity DewPoint = new("dew_point", Dimension.Temperature,
        ["dewpoint", "dew", "frostpoint", "dewfrostpoint", "dp", "td", "dewpointtemperature"], Aliases: ["dew", "frost_point"], DefaultUnit: "°C");
    public static readonly Quantity RelativeHumidity = new("relative_humidity", Dimension.Percent,
        ["rh", "relativehumidity", "humidity"], Aliases: ["rh"], DefaultUnit: "%");
    public static readonly Quantity AirTemperature = new("air_temperature", Dimension.Temperature,
        ["airtemperature", "tair", "airt", "ambienttemperature", "ambient"], Aliases: ["t_air"], DefaultUnit: "°C");

    private const string Example = "time=<column>/h, sigma=<column>/S/cm, atmosphere=<column>, dew=<column>/°C";

    public static ExposureTable Read(string path, string? defaultAtmosphere = null, ColumnSpec? spec = null)
    {
        var t = TextTable.Read(path);
        var map = ColumnRecogniser.Resolve(path, t.Header,
        [
            new(ExposureTime), new(Quantities.Conductivity), new(Quantities.ConductivityError, false), new(Atmosphere, false),
            new(DewPoint, false), new(RelativeHumidity, false), new(AirTemperature, false),
        ], spec, example: Example);
        var time = map[ExposureTime];
        var sigma = map[Quantities.Conductivity];
        var err = map.Get(Quantities.ConductivityError);
        var atm = map.Get(Atmosphere);
        var dew = map.Get(DewPoint);
        var rh = map.Get(RelativeHumidity);
        var air = map.Get(AirTemperature);

        var cols = new List<ReadColumn> { ReadColumn.From(time, resultUnit: "h", resultPerInternal: 1.0 / 3600), ReadColumn.From(sigma) };
        // an error column without a unit is in the unit of the σ column (not S/cm regardless)
        Func<double, double> errConvert = x => x;
        if (err is not null)
        {
            bool sameAsSigma = err.UnitSource == UnitSource.AssumedDefault;
            errConvert = sameAsSigma ? sigma.Convert : err.Convert;
            cols.Add(sameAsSigma
                ? ReadColumn.From(sigma, $"{err.Key} column '{err.Header}' has no unit: read in the unit of the conductivity column ({sigma.Unit.Symbol})") with { Header = err.Header, Quantity = err.Key, Source = "assumed" }
                : ReadColumn.From(err));
        }
        if (atm is not null) cols.Add(new ReadColumn(atm.Header, atm.Key, "", null, "text"));
        if (dew is not null) cols.Add(ReadColumn.From(dew, resultUnit: "°C") with { Offset = dew.Unit.Offset - 273.15 });
        if (rh is not null) cols.Add(ReadColumn.From(rh));
        if (air is not null) cols.Add(ReadColumn.From(air, resultUnit: "°C") with { Offset = air.Unit.Offset - 273.15 });
        if (dew is null && rh is null)
            cols.Add(new ReadColumn("", "humidity", "", "no dew-point or RH column: atmospheres are known by their labels only", "none"));

        string label0 = defaultAtmosphere ?? Path.GetFileNameWithoutExtension(path);
        var pts = new List<ExposurePoint>();
        for (int i = 0; i < t.Rows.Count; i++)
        {
            int line = t.LineNumbers[i];
            double th = time.Convert(t.Number(i, time.Index)) / 3600;
            if (!(th >= 0)) throw new NitrolyteFormatException(path, $"exposure time {t.Rows[i][time.Index]} is negative", line);
            double s = sigma.Convert(t.Number(i, sigma.Index));
            if (!(s > 0)) throw new NitrolyteFormatException(path, $"conductivity {t.Rows[i][sigma.Index]} is not positive", line);
            double se = err is not null ? errConvert(t.Number(i, err.Index, allowEmpty: true)) : double.NaN;
            double? dp = dew is not null && t.Rows[i][dew.Index].Length > 0 ? dew.Convert(t.Number(i, dew.Index)) - PhysicalConstants.ZeroCelsiusK : null;
            if (dp is { } d && !(d > -150 && d < 100)) throw new NitrolyteFormatException(path, $"dew point {t.Rows[i][dew!.Index]} ({dew.Unit.Symbol}) is outside −150 to 100 °C (is the unit right?)", line);
            double? rhv = rh is not null && t.Rows[i][rh.Index].Length > 0 ? rh.Convert(t.Number(i, rh.Index)) : null;
            if (rhv is { } x && !(x > 0 && x <= 100)) throw new NitrolyteFormatException(path, $"relative humidity {t.Rows[i][rh!.Index]} % is outside (0, 100]", line);
            double? ta = air is not null && t.Rows[i][air.Index].Length > 0 ? air.Convert(t.Number(i, air.Index)) - PhysicalConstants.ZeroCelsiusK : null;
            string label = atm is not null && t.Rows[i][atm.Index].Length > 0 ? t.Rows[i][atm.Index] : label0;
            pts.Add(new ExposurePoint(th, s, se, label, dp, rhv, ta));
        }
        return new ExposureTable(path, pts, cols);
    }
}
