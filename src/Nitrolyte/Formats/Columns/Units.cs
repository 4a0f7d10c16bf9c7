using System.Text;

namespace Nitrolyte.Formats.Columns;

/// <summary>
/// Parses unit spellings found in instrument and script headers ("kOhm", "Ω", "mHz", "°C", "uS/cm", "S_per_m",
/// "s^-1", "mAh", "rad") for an expected <see cref="Dimension"/>. SI prefixes are case-sensitive (m = milli,
/// M = mega; K is read as kilo because exports write "KHz"/"KOhm"); base units are not ("ohm", "OHM", "Ohm").
/// Parsing is directed by the dimension because spellings collide: "C" is °C for a temperature and coulomb for a
/// charge, "s" is seconds for a time and siemens in "s_per_cm".
/// </summary>
public static class Units
{
    private static readonly (string Prefix, double Factor)[] Prefixes =
    [
        ("", 1), ("k", 1e3), ("K", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12),
        ("m", 1e-3), ("u", 1e-6), ("n", 1e-9), ("p", 1e-12),
    ];

    /// <summary>Unicode and spelling variants folded to ASCII: Ω -> ohm, µ -> u, ° -> deg, "per" -> '/', superscripts.</summary>
    public static string Fold(string unit)
    {
        var s = unit.Trim().Trim('"', '\'').Trim();
        if (s.Length >= 2 && (s[0] == '(' && s[^1] == ')' || s[0] == '[' && s[^1] == ']' || s[0] == '{' && s[^1] == '}')) s = s[1..^1].Trim();
        var sb = new StringBuilder(s.Length + 4);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\u03A9': case '\u2126': sb.Append("ohm"); break; // Greek capital omega, ohm sign
                case '\u00B5': case '\u03BC': sb.Append('u'); break;   // micro sign, Greek mu
                case '\u00B0': case '\u00BA': sb.Append("deg"); break; // degree, ordinal indicator (common mis-encoding)
                case '\u2103': sb.Append("degC"); break;
                case '\u2109': sb.Append("degF"); break;
                case '\u207B': sb.Append('-'); break;                  // superscript minus
                case '\u00B9': sb.Append('1'); break;
                case '\u00B2': sb.Append('2'); break;
                case '\u00B7': case '\u22C5': case '*': sb.Append(' '); break;
                case '^': break;
                default: sb.Append(c); break;
            }
        }
        s = sb.ToString().Trim();
        s = s.Replace("_per_", "/", StringComparison.OrdinalIgnoreCase).Replace(" per ", "/", StringComparison.OrdinalIgnoreCase);
        return s;
    }

    /// <summary>Reads <paramref name="text"/> as a unit of <paramref name="dimension"/>; false when it is not one.</summary>
    public static bool TryParse(string? text, Dimension dimension, out UnitReading unit)
    {
        unit = null!;
        if (text is null) return false;
        var s = Fold(text);
        if (s.Length == 0) return false;
        var compact = s.Replace(" ", "").Replace("_", "");
        double f;
        switch (dimension)
        {
            case Dimension.Frequency:
                if (Prefixed(compact, ["Hz"], out f)) { unit = new(text.Trim(), dimension, f); return true; }
                return false;
            case Dimension.Impedance:
                if (Prefixed(compact, ["ohm", "ohms"], out f)) { unit = new(text.Trim(), dimension, f); return true; }
                return false;
            case Dimension.Angle:
                switch (compact.ToLowerInvariant())
                {
                    case "deg": case "degree": case "degrees": case "degr": unit = new(text.Trim(), dimension, Math.PI / 180); return true;
                    case "rad": case "radian": case "radians": unit = new(text.Trim(), dimension, 1); return true;
                    case "mrad": unit = new(text.Trim(), dimension, 1e-3); return true;
                }
                return false;
            case Dimension.Temperature:
                switch (compact.ToLowerInvariant())
                {
                    case "k": case "kelvin": unit = new(text.Trim(), dimension, 1); return true;
                    case "c": case "degc": case "celsius": case "degcelsius": case "dc":
                        unit = new(text.Trim(), dimension, 1, 273.15); return true;
                    case "f": case "degf": case "fahrenheit":
                        unit = new(text.Trim(), dimension, 5.0 / 9.0, 273.15 - 32 * 5.0 / 9.0); return true;
                }
                return false;
            case Dimension.Conductivity:
                return TryConductivity(text, compact, out unit);
            case Dimension.Time:
                switch (compact.ToLowerInvariant())
                {
                    case "s": case "sec": case "secs": case "second": case "seconds": unit = new(text.Trim(), dimension, 1); return true;
                    case "ms": case "msec": unit = new(text.Trim(), dimension, 1e-3); return true;
                    case "us": case "usec": unit = new(text.Trim(), dimension, 1e-6); return true;
                    case "min": case "mins": case "minute": case "minutes": unit = new(text.Trim(), dimension, 60); return true;
                    case "h": case "hr": case "hrs": case "hour": case "hours": unit = new(text.Trim(), dimension, 3600); return true;
                    case "d": case "day": case "days": unit = new(text.Trim(), dimension, 86400); return true;
                }
                return false;
            case Dimension.Voltage:
                if (Prefixed(compact, ["V", "volt", "volts"], out f)) { unit = new(text.Trim(), dimension, f); return true; }
                return false;
            case Dimension.Current:
                if (Prefixed(compact, ["A", "amp", "amps", "ampere"], out f)) { unit = new(text.Trim(), dimension, f); return true; }
                return false;
            case Dimension.Charge:
                if (Prefixed(compact, ["Ah", "A.h", "A-h"], out f)) { unit = new(text.Trim(), dimension, f); return true; }
                if (Prefixed(compact, ["C", "coulomb", "coulombs", "As", "A.s"], out f)) { unit = new(text.Trim(), dimension, f / 3600); return true; }
                return false;
            case Dimension.Energy:
                if (Prefixed(compact, ["Wh", "W.h"], out f)) { unit = new(text.Trim(), dimension, f); return true; }
                if (Prefixed(compact, ["J"], out f)) { unit = new(text.Trim(), dimension, f / 3600); return true; }
                return false;
            case Dimension.Rate:
                return TryRate(text, compact, out unit);
            case Dimension.Percent:
                switch (compact.ToLowerInvariant())
                {
                    case "%": case "percent": case "pct": case "%rh": case "rh%": unit = new(text.Trim(), dimension, 1); return true;
                }
                return false;
            case Dimension.Count:
            case Dimension.Arbitrary:
                switch (compact.ToLowerInvariant())
                {
                    case "1": case "-": case "#": case "a.u.": case "au": case "arb": case "arb.u.": case "arb.units": case "counts": case "n": case "no.":
                        unit = new(text.Trim(), dimension, 1); return true;
                }
                return false;
        }
        return false;
    }

    /// <summary>True when <paramref name="text"/> reads as a unit of any dimension (used to tell "a unit we do not
    /// understand" from "a unit of another quantity").</summary>
    public static bool IsAnyUnit(string? text) => Enum.GetValues<Dimension>().Any(d => TryParse(text, d, out _));

    private static bool Prefixed(string s, string[] bases, out double factor)
    {
        foreach (var b in bases)
        {
            if (!s.EndsWith(b, StringComparison.OrdinalIgnoreCase)) continue;
            var prefix = s[..^b.Length];
            foreach (var (p, f) in Prefixes)
                if (prefix == p) { factor = f; return true; }
        }
        factor = 0;
        return false;
    }

    private static bool TryConductivity(string original, string s, out UnitReading unit)
    {
        unit = null!;
        // forms: S/cm, mS/cm, uS/cm, S/m, S cm-1, Scm-1, S.cm-1, (ohm cm)-1
        string num, den;
        int slash = s.IndexOf('/');
        if (slash >= 0) { num = s[..slash]; den = s[(slash + 1)..]; }
        else if (s.EndsWith("cm-1", StringComparison.OrdinalIgnoreCase)) { num = s[..^4]; den = "cm"; }
        else if (s.EndsWith("m-1", StringComparison.Ordinal)) { num = s[..^3]; den = "m"; }
        else return false;
        num = num.TrimEnd('.', '-');
        double perLength = den switch { "cm" or "CM" or "Cm" => 1, "m" or "M" => 1e-2, "mm" => 10, _ => double.NaN };
        if (double.IsNaN(perLength)) return false;
        if (!Prefixed(num, ["S", "siemens"], out var f)) return false;
        unit = new(original.Trim(), Dimension.Conductivity, f * perLength);
        return true;
    }

    private static bool TryRate(string original, string s, out UnitReading unit)
    {
        unit = null!;
        string den;
        if (s.StartsWith("1/")) den = s[2..];
        else if (s.StartsWith('/')) den = s[1..];
        else if (s.EndsWith("-1")) den = s[..^2];
        else if (Prefixed(s, ["Hz"], out var fh)) { unit = new(original.Trim(), Dimension.Rate, fh); return true; }
        else return false;
        if (!TryParse(den, Dimension.Time, out var t)) return false;
        unit = new(original.Trim(), Dimension.Rate, 1 / t.Factor);
        return true;
    }
}
