namespace Nitrolyte.Formats;

/// <summary>
/// Small helpers that read the unit written in a (normalised) column header: "time_h", "time (min)", "t/s",
/// "sigma_ms_per_cm", "σ (µS/cm)", "dew_point_c", "T (K)". Used by the exposure and NMR table readers.
/// </summary>
public static class UnitHeaders
{
    /// <summary>The unit part of a normalised header: inside (...) or [...], after the last '/', or after the last '_'.</summary>
    public static string? Token(string h)
    {
        int open = h.LastIndexOfAny(['(', '[']);
        if (open >= 0)
        {
            int close = h.IndexOfAny([')', ']'], open);
            return (close > open ? h[(open + 1)..close] : h[(open + 1)..]).Trim();
        }
        int slash = h.LastIndexOf('/');
        if (slash >= 0) return h[(slash + 1)..];
        int us = h.LastIndexOf('_');
        return us >= 0 ? h[(us + 1)..] : null;
    }

    /// <summary>Factor to hours for a time header, or null when it states no time unit.</summary>
    public static double? TimeToHours(string h) => Token(h) switch
    {
        "h" or "hr" or "hrs" or "hour" or "hours" => 1,
        "min" or "mins" or "minute" or "minutes" => 1.0 / 60,
        "s" or "sec" or "secs" or "second" or "seconds" => 1.0 / 3600,
        "d" or "day" or "days" => 24,
        "week" or "weeks" or "wk" => 168,
        _ => null,
    };

    /// <summary>Factor to seconds for a time header (NMR delays), or null.</summary>
    public static double? TimeToSeconds(string h) => Token(h) switch
    {
        "s" or "sec" or "second" or "seconds" => 1,
        "ms" => 1e-3,
        "us" or "µs" or "μs" => 1e-6,
        "ns" => 1e-9,
        "min" => 60,
        _ => null,
    };

    /// <summary>Factor to S/cm for a conductivity header (S/cm, mS/cm, µS/cm, S/m, mS/m), or null.</summary>
    public static double? ConductivityToSPerCm(string h)
    {
        foreach (var (u, f) in new (string, double)[]
        {
            ("µs/cm", 1e-6), ("μs/cm", 1e-6), ("us/cm", 1e-6), ("us_per_cm", 1e-6), ("µs_per_cm", 1e-6),
            ("ms/cm", 1e-3), ("ms_per_cm", 1e-3), ("s/cm", 1), ("s_per_cm", 1), ("scm-1", 1), ("scm^-1", 1),
            ("ms/m", 1e-5), ("ms_per_m", 1e-5), ("s/m", 1e-2), ("s_per_m", 1e-2),
        })
            if (h.Contains(u)) return f;
        return null;
    }

    /// <summary>"C" or "K" for a temperature header with a stated unit, else null.</summary>
    public static string? TemperatureUnit(string h)
    {
        var t = Token(h);
        if (t is "c" or "degc" or "celsius" || h.Contains("celsius") || h.EndsWith("degc")) return "C";
        if (t is "k" or "kelvin" || h.Contains("kelvin")) return "K";
        return null;
    }

    /// <summary>Factor to per second for a rate header (1/s, s^-1, Hz), or null.</summary>
    public static double? RateToPerSecond(string h)
    {
        if (h.Contains("1/ms") || h.Contains("ms^-1") || h.Contains("ms-1") || h.Contains("per_ms")) return 1e3;
        if (h.Contains("1/s") || h.Contains("s^-1") || h.Contains("s-1") || h.Contains("per_s") || Token(h) is "hz" or "s^-1" or "1/s") return 1;
        return null;
    }

    /// <summary>Factor to Hz for a frequency / linewidth header (Hz, kHz, MHz), or null.</summary>
    public static double? FrequencyToHz(string h) => Token(h) switch
    {
        "hz" => 1, "khz" => 1e3, "mhz" => 1e6, "ghz" => 1e9,
        _ => null,
    };
}
