using System.Globalization;
using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// Two/three-column powder patterns (.xy, .xye, .dat, .csv, .txt): comma, semicolon, tab or blank separated;
/// comment lines start with # ! ; or //. A header row (or the last comment line before the data) names the
/// columns: the abscissa is 2θ ("2theta", "2θ", "tth", "angle"; degrees, or radians when it says rad), Q ("q";
/// 1/Å, or 1/nm when it says nm), d ("d", "d-spacing"; Å or nm) or TOF ("tof"; µs); a third column is the esd
/// ("esd", "sigma", "err", "error", "uncertainty"). Without a header the first column is 2θ in degrees (said in the
/// provenance; <c>--x-axis</c> says otherwise). A wavelength in a comment ("wavelength = 1.5406", "lambda: 0.824")
/// is read. Four or more columns without a header naming them are refused.
/// </summary>
public static class PowderTextReader
{
    private static readonly Regex WavelengthRx = new(@"(wavelength|lambda|λ|wave\s*length)[^0-9\-+]{0,20}([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s*(nm|pm|a|å|angstrom)?", RegexOptions.IgnoreCase);
    // "Ka2 1.54439 A, ratio 0.5" (as xrd simulate writes), "alpha2 = 1.54439", "Ka2/Ka1 = 0.5"
    private static readonly Regex Ka2Rx = new(@"(?:k\s*-?\s*(?:a|alpha|α)\s*2|alpha2|α2)\s*[:=]?\s*([0-9]*\.[0-9]+)\s*(?:a|å|angstrom)?\b", RegexOptions.IgnoreCase);
    private static readonly Regex RatioRx = new(@"(?:ratio|ka2\s*/\s*ka1|i2\s*/\s*i1)\s*[:=]?\s*([0-9]*\.?[0-9]+)", RegexOptions.IgnoreCase);
    private static readonly Regex RadiationRx = new(@"\b(neutron|x-?ray|synchrotron)\b", RegexOptions.IgnoreCase);

    public static MeasuredPattern Read(string path, PatternAxis? axisOverride = null)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllLines(path), path, axisOverride);
    }

    public static MeasuredPattern Parse(IReadOnlyList<string> lines, string path, PatternAxis? axisOverride = null)
    {
        var prov = new List<string> { "two/three-column text" };
        string? lastComment = null;
        string[]? header = null;
        int headerLine = 0;
        double? wavelength = null, wl2 = null, ratio = null;
        string? radiation = null;
        var x = new List<double>();
        var y = new List<double>();
        var e = new List<double>();
        int ncol = -1;
        for (int li = 0; li < lines.Count; li++)
        {
            var raw = lines[li].Trim();
            if (raw.Length == 0) continue;
            bool comment = raw[0] is '#' or '!' or ';' || raw.StartsWith("//", StringComparison.Ordinal);
            if (comment || (x.Count == 0 && header is null && !StartsNumeric(raw)))
            {
                var text = comment ? raw.TrimStart('#', '!', ';', '/', ' ') : raw;
                bool says = false;
                if (WavelengthRx.Match(text) is { Success: true } m && wavelength is null)
                {
                    says = true;
                    double w = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                    string u = m.Groups[3].Value.ToLowerInvariant();
                    w = u == "nm" ? w * 10 : u == "pm" ? w / 100 : w;
                    if (w > 0.01 && w < 20) { wavelength = w; prov.Add($"wavelength {w:0.######} Å from line {li + 1}: '{text.Trim()}'"); }
                    if (Ka2Rx.Match(text[(m.Index + m.Length)..]) is { Success: true } k2 && double.TryParse(k2.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var w2) && w2 > w && w2 < w * 1.01)
                    {
                        wl2 = w2;
                        if (RatioRx.Match(text) is { Success: true } rm && double.TryParse(rm.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rv) && rv is > 0 and <= 1) ratio = rv;
                        prov.Add($"Kα2 wavelength {w2:0.######} Å{(ratio is { } rr ? $", I(Kα2)/I(Kα1) = {rr:0.###}" : "")} from line {li + 1}");
                    }
                }
                if (RadiationRx.Match(text) is { Success: true } r && radiation is null)
                {
                    radiation = r.Value.StartsWith("n", StringComparison.OrdinalIgnoreCase) ? "neutron" : "xray";
                    prov.Add($"radiation {radiation} from line {li + 1}");
                }
                if (!comment && x.Count == 0 && !says)
                {
                    // a header row, unless it is a title line (the data still follow)
                    var cells = Split(raw);
                    if (cells.Length >= 2 && cells.Length <= 8) { header = cells; headerLine = li + 1; }
                }
                else if (comment && x.Count == 0) lastComment = text;
                continue;
            }
            var f = Split(raw);
            if (ncol < 0)
            {
                ncol = f.Length;
                if (ncol < 2) throw new NitrolyteFormatException(path, $"line {li + 1} has one column: a powder pattern needs x and intensity", li + 1);
            }
            if (f.Length < ncol) throw new NitrolyteFormatException(path, $"line {li + 1} has {f.Length} columns, the data started with {ncol}", li + 1);
            var v = new double[Math.Min(ncol, 3)];
            for (int k = 0; k < v.Length; k++)
                if (!double.TryParse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture, out v[k]) || !double.IsFinite(v[k]))
                    throw new NitrolyteFormatException(path, $"line {li + 1}, column {k + 1}: '{f[k]}' is not a number", li + 1);
            x.Add(v[0]); y.Add(v[1]);
            if (v.Length > 2) e.Add(v[2]);
        }
        if (x.Count < 10) throw new NitrolyteFormatException(path, $"only {x.Count} data rows: not a powder pattern");
        if (header is null && lastComment is not null)
        {
            var cells = Split(lastComment);
            if (cells.Length == ncol && cells.Any(c => !StartsNumeric(c))) { header = cells; prov.Add($"column names from the comment '{lastComment}'"); }
        }
        else if (header is not null) prov.Add($"column names from line {headerLine}");

        // abscissa
        PatternAxis axis;
        double factor = 1;
        int esdCol = ncol >= 3 ? 2 : -1;
        if (header is not null)
        {
            if (header.Length < ncol && ncol > 3) throw new NitrolyteFormatException(path, $"the header names {header.Length} columns but the data have {ncol}");
            var (ax, fac, note) = Abscissa(header[0], path);
            axis = ax; factor = fac;
            prov.Add(note);
            if (ncol >= 3)
            {
                int idx = Array.FindIndex(header, 1, h => IsEsdName(h));
                if (idx == 2) esdCol = 2;
                else if (idx < 0 && ncol == 3) { esdCol = 2; prov.Add($"third column '{header[2]}' read as the esd of the intensity"); }
                else if (idx < 0 || idx > 2) throw new NitrolyteFormatException(path, $"{ncol} columns ({string.Join(", ", header)}): which one is the esd? only x, intensity, esd (in this order) are read");
            }
        }
        else
        {
            if (ncol > 3) throw new NitrolyteFormatException(path, $"{ncol} columns and no header naming them: give a header (x, intensity, esd) or keep three columns");
            axis = PatternAxis.TwoThetaDeg;
            prov.Add("no header: first column read as 2θ in degrees (say --x-axis q|d|tof otherwise)");
        }
        if (axisOverride is { } o)
        {
            if (o != axis) prov.Add($"abscissa taken as {MeasuredPattern.AxisName(o)} (--x-axis), not as the file suggested");
            axis = o; factor = 1;
        }
        var xs = x.Select(v => v * factor).ToArray();
        var ys = y.ToArray();
        double[] es;
        bool assumed = false;
        if (esdCol >= 0 && e.Count == x.Count)
        {
            es = e.ToArray();
            for (int i = 0; i < es.Length; i++)
                if (!(es[i] > 0)) throw new NitrolyteFormatException(path, $"data row {i + 1}: esd {es[i]} is not positive (column 3)");
            prov.Add("esd from column 3");
        }
        else
        {
            es = MeasuredPattern.CountingEsd(ys);
            assumed = true;
            prov.Add("no esd column: esd = √max(I, 1) (intensities assumed to be counts)");
        }
        return Finish(path, axis, xs, ys, es, assumed, wavelength, radiation, prov, wl2, ratio);
    }

    /// <summary>Sorts a decreasing abscissa, refuses a non-monotonic one and non-positive d/Q/TOF.</summary>
    internal static MeasuredPattern Finish(string path, PatternAxis axis, double[] xs, double[] ys, double[] es, bool assumed,
        double? wavelength, string? radiation, List<string> prov, double? wl2 = null, double? ratio = null, string? title = null)
    {
        if (xs.Length >= 2 && xs[^1] < xs[0])
        {
            Array.Reverse(xs); Array.Reverse(ys); Array.Reverse(es);
            prov.Add("abscissa decreasing in the file: reversed");
        }
        for (int i = 1; i < xs.Length; i++)
            if (!(xs[i] > xs[i - 1])) throw new NitrolyteFormatException(path, $"abscissa not strictly increasing at data point {i + 1} ({xs[i - 1]} then {xs[i]})");
        if (axis == PatternAxis.TwoThetaDeg && (xs[0] < 0 || xs[^1] > 180))
            throw new NitrolyteFormatException(path, $"2θ from {xs[0]} to {xs[^1]}: outside 0-180°; is the abscissa something else? (--x-axis q|d|tof)");
        if (axis != PatternAxis.TwoThetaDeg && xs[0] <= 0)
            throw new NitrolyteFormatException(path, $"{MeasuredPattern.AxisName(axis)} must be positive, the first point is {xs[0]}");
        return new MeasuredPattern
        {
            Source = path, Axis = axis, X = xs, Intensity = ys, Esd = es, EsdAssumed = assumed, Wavelength1A = wavelength,
            Wavelength2A = wl2, Ka2RatioFromFile = ratio, Radiation = radiation, Provenance = prov, Title = title,
        };
    }

    private static (PatternAxis, double, string) Abscissa(string name, string path)
    {
        var n = name.ToLowerInvariant().Replace(" ", "").Replace("_", "").Replace("-", "");
        bool rad = n.Contains("rad") && !n.Contains("radiation");
        if (n.Contains("2theta") || n.Contains("2θ") || n.Contains("twotheta") || n.StartsWith("tth") || n.StartsWith("angle") || n.StartsWith("2th") || n == "theta2")
        {
            if (rad) return (PatternAxis.TwoThetaDeg, 180 / Math.PI, $"column 1 '{name}' read as 2θ in radians (converted to degrees)");
            return (PatternAxis.TwoThetaDeg, 1, $"column 1 '{name}' read as 2θ in degrees");
        }
        if (n.StartsWith("tof") || n.Contains("timeofflight") || n.StartsWith("time"))
        {
            if (n.Contains("ms")) return (PatternAxis.TofMicroseconds, 1000, $"column 1 '{name}' read as TOF in ms (converted to µs)");
            return (PatternAxis.TofMicroseconds, 1, $"column 1 '{name}' read as TOF in µs");
        }
        if (n.StartsWith("q"))
        {
            if (n.Contains("nm")) return (PatternAxis.QPerA, 0.1, $"column 1 '{name}' read as Q in 1/nm (converted to 1/Å)");
            return (PatternAxis.QPerA, 1, $"column 1 '{name}' read as Q in 1/Å");
        }
        if (n.StartsWith("d") && (n.Length == 1 || !char.IsLetter(n[1]) || n.StartsWith("dspac") || n.StartsWith("dvalue") || n is "dnm" or "da" or "då" or "dang" or "dangstrom"))
        {
            if (n.Contains("nm")) return (PatternAxis.DA, 10, $"column 1 '{name}' read as d in nm (converted to Å)");
            return (PatternAxis.DA, 1, $"column 1 '{name}' read as d in Å");
        }
        throw new NitrolyteFormatException(path, $"column 1 '{name}': not recognised as 2θ, Q, d or TOF; say which with --x-axis 2theta|q|d|tof");
    }

    private static bool IsEsdName(string h)
    {
        var n = h.ToLowerInvariant();
        return n.Contains("esd") || n.Contains("sigma") || n.Contains("err") || n.Contains("uncert") || n.Contains("std") || n == "e" || n == "dy" || n.StartsWith("s(");
    }

    private static bool StartsNumeric(string s)
    {
        var t = s.TrimStart();
        return t.Length > 0 && (char.IsDigit(t[0]) || ((t[0] is '-' or '+' or '.') && t.Length > 1 && (char.IsDigit(t[1]) || t[1] == '.')));
    }

    internal static string[] Split(string line)
    {
        char[] seps = line.Contains(',') ? [','] : line.Contains(';') ? [';'] : line.Contains('\t') ? ['\t'] : [' '];
        var cells = line.Split(seps, StringSplitOptions.TrimEntries);
        if (seps[0] == ' ' || seps[0] == '\t') cells = cells.Where(c => c.Length > 0).ToArray();
        return cells;
    }
}
