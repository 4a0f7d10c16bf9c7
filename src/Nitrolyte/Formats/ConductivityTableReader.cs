using Nitrolyte.Arrhenius;
using Nitrolyte.Core;

namespace Nitrolyte.Formats;

/// <summary>A temperature series of conductivities as read from a file.</summary>
public sealed record ConductivityTable(string FilePath, IReadOnlyList<ArrheniusPoint> Points, bool TemperatureWasCelsius);

/// <summary>
/// Reads sigma(T) tables: a temperature column whose header says the unit (T_C, temperature_c, "T (°C)",
/// celsius → °C; T_K, temperature_k, "T (K)", kelvin → K), a conductivity column (sigma..., conductivity...,
/// in S/cm; a header ending in mS/cm is converted) and optionally its standard error (sigma_stderr, error, err).
/// </summary>
public static class ConductivityTableReader
{
    public static ConductivityTable Read(string path)
    {
        var pts = new List<ArrheniusPoint>();
        bool celsius = false;
        // Streamed: the rows become points directly (a 200 MB table must not be held twice).
        DelimitedTable.ForEachRow(path, header =>
        {
            int tc = DelimitedTable.FindColumn(header, IsCelsius);
            int tk = DelimitedTable.FindColumn(header, IsKelvin);
            if (tc < 0 && tk < 0)
                throw new NitrolyteFormatException(path, $"no temperature column with a unit in its header (found: {string.Join(", ", header)}); name it T_C or T_K");
            celsius = tc >= 0 && (tk < 0 || tc < tk);
            int tcol = celsius ? tc : tk;
            int err = DelimitedTable.FindColumn(header, h => h.Contains("stderr") || h.Contains("error") || h.StartsWith("err") || h.Contains("uncertainty"));
            int scol = DelimitedTable.FindColumn(header, h => (h.StartsWith("sigma") || h.StartsWith("conductivity") || h.StartsWith("σ") || h == "s") && !h.Contains("stderr") && !h.Contains("err"));
            if (scol < 0) throw new NitrolyteFormatException(path, $"no conductivity column (sigma_s_per_cm or conductivity) in header: {string.Join(", ", header)}");
            double scale = IsMilli(header[scol]) ? 1e-3 : 1.0;
            double errScale = err >= 0 && IsMilli(header[err]) ? 1e-3 : scale;
            bool isCelsius = celsius;
            return (line, r) =>
            {
                double tK = isCelsius ? r[tcol] + PhysicalConstants.ZeroCelsiusK : r[tcol];
                if (!double.IsFinite(tK)) throw new NitrolyteFormatException(path, $"temperature {r[tcol]} is not a finite number", line);
                if (tK <= 0) throw new NitrolyteFormatException(path, $"temperature {r[tcol]} {(isCelsius ? "°C" : "K")} is below absolute zero", line);
                double s = r[scol] * scale;
                if (!double.IsFinite(s)) throw new NitrolyteFormatException(path, $"conductivity {r[scol]} is not a finite number", line);
                if (!(s > 0)) throw new NitrolyteFormatException(path, $"conductivity {r[scol]} is not positive", line);
                pts.Add(new ArrheniusPoint(tK, s, err >= 0 ? r[err] * errScale : double.NaN));
            };
        });
        if (pts.Count < 2) throw new NitrolyteFormatException(path, "an Arrhenius analysis needs at least two temperatures");
        if (pts.Select(p => p.TemperatureK).Distinct().Count() < 2)
            throw new NitrolyteFormatException(path, $"all {pts.Count} rows are at the same temperature; an Arrhenius analysis needs at least two different temperatures");
        return new ConductivityTable(path, pts, celsius);
    }

    private static bool IsCelsius(string h) =>
        (h.StartsWith('t') || h.StartsWith("temp")) && (h.EndsWith("_c") || h.EndsWith("(degc)") || h.EndsWith("(c)") || h.EndsWith("/degc") || h.EndsWith("/c") || h.Contains("celsius") || h.EndsWith("degc"));

    private static bool IsKelvin(string h) =>
        (h.StartsWith('t') || h.StartsWith("temp")) && (h.EndsWith("_k") || h.EndsWith("(k)") || h.EndsWith("/k") || h.Contains("kelvin"));

    private static bool IsMilli(string h) => DelimitedTable.Normalise(h).Contains("ms/cm") || DelimitedTable.Normalise(h).Contains("ms_per_cm");
}
