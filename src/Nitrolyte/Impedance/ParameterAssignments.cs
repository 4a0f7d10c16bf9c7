using System.Globalization;

namespace Nitrolyte.Impedance;

/// <summary>
/// The text forms of fixed/initial values ("R1=5, CPE1_1=0.9") and bounds ("R1=1:1e6") that the CLI options and the
/// manifest options share. Parsing only: the caller says how a bad part is reported and checks ranges itself.
/// </summary>
public static class ParameterAssignments
{
    public static Dictionary<string, double> Values(string text, Func<string, Exception> badPart)
    {
        var d = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) throw badPart(part);
            d[kv[0].Trim()] = v;
        }
        return d;
    }

    public static Dictionary<string, (double Lower, double Upper)> Bounds(string text, Func<string, Exception> badPart)
    {
        var d = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            var lh = kv.Length == 2 ? kv[1].Split(':') : [];
            if (lh.Length != 2 || !double.TryParse(lh[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lo)
                || !double.TryParse(lh[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var hi)) throw badPart(part);
            d[kv[0].Trim()] = (lo, hi);
        }
        return d;
    }
}
