using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;

namespace Nitrolyte.Formats.Diffraction;

/// <summary>
/// Fit2D-style <c>.chi</c> files of azimuthally integrated 2D data (Fit2D, GSAS-II's CHI export, pyFAI): four header
/// lines — a title, the abscissa label ("2-Theta Angle (Degrees)", "Q (Angstroms-1)", "Q (nm^-1)", "D-spacing"), the
/// intensity label and the number of points — then columns x, intensity [, esd]. The abscissa is taken from its label
/// (Q in 1/nm converted to 1/Å, 2θ in radians to degrees); a label naming a detector distance (mm, pixels) is refused,
/// since it needs the detector geometry; <c>--x-axis</c> overrides an unrecognised label. Files starting with comment
/// lines (pyFAI's "#" header) are read as column text.
/// </summary>
public static class ChiReader
{
    public static MeasuredPattern Read(string path, PatternAxis? axisOverride = null)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllLines(path), path, axisOverride);
    }

    public static MeasuredPattern Parse(IReadOnlyList<string> lines, string path, PatternAxis? axisOverride = null)
    {
        var first = lines.Select((l, i) => (l: l.Trim(), i)).Where(t => t.l.Length > 0).Take(4).ToList();
        if (first.Count > 0 && first[0].l.StartsWith('#')) return PowderTextReader.Parse(lines, path, axisOverride);
        if (first.Count < 4 || !int.TryParse(first[3].l, NumberStyles.Integer, CultureInfo.InvariantCulture, out int declared))
            throw new NitrolyteFormatException(path, "not a Fit2D .chi file: expected four header lines (title, abscissa label, intensity label, number of points)");
        string label = first[1].l, low = label.ToLowerInvariant();
        var prov = new List<string> { $".chi (Fit2D layout): title '{first[0].l}', abscissa '{label}', intensity '{first[2].l}', {declared} points declared" };
        PatternAxis axis;
        double factor = 1;
        if (axisOverride is { } ov) { axis = ov; prov.Add($"abscissa read as {MeasuredPattern.AxisName(ov)} (--x-axis)"); }
        else if (low.Contains("2-theta") || low.Contains("2theta") || low.Contains("2θ") || low.Contains("two-theta") || low.Contains("2 theta"))
        {
            axis = PatternAxis.TwoThetaDeg;
            if (low.Contains("rad")) { factor = 180 / Math.PI; prov.Add("2θ in radians (label) converted to degrees"); }
            else prov.Add("abscissa 2θ in degrees (label)");
        }
        else if (low.StartsWith('q') || low.Contains("q ("))
        {
            axis = PatternAxis.QPerA;
            if (low.Contains("nm")) { factor = 0.1; prov.Add("Q in 1/nm (label) converted to 1/Å"); }
            else if (low.Contains("angstrom") || low.Contains("å") || low.Contains("a^-1") || low.Contains("a-1")) prov.Add("Q in 1/Å (label)");
            else throw new NitrolyteFormatException(path, $"line 2 '{label}': Q without a unit (1/nm or 1/Å); give --x-axis q for 1/Å");
        }
        else if (low.StartsWith("d") && !low.Contains("distance"))
        {
            axis = PatternAxis.DA;
            if (low.Contains("nm")) { factor = 10; prov.Add("d in nm (label) converted to Å"); } else prov.Add("d-spacing in Å (label)");
        }
        else if (low.Contains("mm") || low.Contains("pixel") || low.Contains("distance"))
            throw new NitrolyteFormatException(path, $"line 2 '{label}': the abscissa is a detector distance, not 2θ or Q; integrate to 2θ or Q (the detector geometry is needed)");
        else throw new NitrolyteFormatException(path, $"line 2 '{label}': abscissa not recognised as 2θ, Q or d; say it with --x-axis 2theta|q|d");
        var data = lines.Skip(first[3].i + 1).ToList();
        var p = PowderTextReader.Parse(data, path, axis);
        if (p.Count != declared) prov.Add($"{p.Count} data rows read, header declared {declared}");
        var x = factor == 1 ? p.X : p.X.Select(v => v * factor).ToArray();
        return p with
        {
            X = x, Title = first[0].l,
            Provenance = prov.Concat(p.Provenance.Where(s => !s.StartsWith("two/three-column", StringComparison.Ordinal) && !s.Contains("--x-axis", StringComparison.Ordinal))).ToList(),
        };
    }
}
