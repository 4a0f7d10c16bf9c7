using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction;

/// <summary>Fit2D-layout .chi files: abscissa from the label line, units converted, detector distances refused.</summary>
public class ChiReaderTests
{
    private static string Write(TempDir t, string name, string label, Func<int, double> x, int n = 50, bool esd = false)
    {
        var lines = new List<string> { "LaB6_0001.tif: integrated", label, "Intensity", $"       {n}" };
        for (int i = 0; i < n; i++)
            lines.Add(string.Format(CultureInfo.InvariantCulture, esd ? "  {0:E6}  {1:E6}  {2:E6}" : "  {0:E6}  {1:E6}", x(i), 100 + i, 10));
        File.WriteAllLines(t.File(name), lines);
        return t.File(name);
    }

    [Fact]
    public void Two_theta_chi_is_read_with_its_title_and_count()
    {
        using var t = new TempDir();
        var p = PowderPatternReader.Read(Write(t, "a.chi", "2-Theta Angle (Degrees)", i => 5 + 0.01 * i, esd: true));
        Assert.Equal(PatternAxis.TwoThetaDeg, p.Axis);
        Assert.Equal(50, p.Count);
        Assert.Equal(5.49, p.X[^1], 9);
        Assert.Equal(10, p.Esd[0], 9);
        Assert.Equal("LaB6_0001.tif: integrated", p.Title);
        Assert.Contains(p.Provenance, s => s.Contains("Fit2D") && s.Contains("50 points declared"));
    }

    [Fact]
    public void Q_in_inverse_nm_is_converted_to_inverse_angstrom()
    {
        using var t = new TempDir();
        var p = PowderPatternReader.Read(Write(t, "q.chi", "Q (nm^-1)", i => 10 + 0.1 * i));
        Assert.Equal(PatternAxis.QPerA, p.Axis);
        Assert.Equal(1.0, p.X[0], 12);
        Assert.Equal(1.49, p.X[^1], 12);
        Assert.Contains(p.Provenance, s => s.Contains("1/nm"));
        var pa = PowderPatternReader.Read(Write(t, "qa.chi", "Q (Angstroms-1)", i => 1 + 0.01 * i));
        Assert.Equal(1.0, pa.X[0], 12);
        // converted to 2θ for a wavelength: 2θ = 2 asin(Qλ/4π)
        var tt = pa.ToTwoTheta(0.5);
        Assert.Equal(2 * Math.Asin(1.0 * 0.5 / (4 * Math.PI)) * 180 / Math.PI, tt.X[0], 9);
    }

    [Fact]
    public void Detector_distance_and_unknown_labels_are_refused_naming_the_file()
    {
        using var t = new TempDir();
        var e = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(Write(t, "r.chi", "Radial distance (mm)", i => i)));
        Assert.Contains("r.chi", e.Message);
        Assert.Contains("detector distance", e.Message);
        var u = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(Write(t, "u.chi", "Chi angle", i => i)));
        Assert.Contains("--x-axis", u.Message);
        // --x-axis overrides an unrecognised label
        var o = PowderPatternReader.Read(t.File("u.chi"), new PatternReadOptions { Axis = PatternAxis.TwoThetaDeg });
        Assert.Equal(PatternAxis.TwoThetaDeg, o.Axis);
        File.WriteAllLines(t.File("bad.chi"), ["title", "2-Theta Angle (Degrees)", "Intensity", "many", "1 2"]);
        Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("bad.chi")));
    }

    [Fact]
    public void Chi_with_comment_header_is_read_as_columns()
    {
        using var t = new TempDir();
        File.WriteAllLines(t.File("py.chi"), ["# pyFAI integration", "# Wavelength: 0.4133 A", "# 2th_deg I", .. Enumerable.Range(0, 20).Select(i => $"{3 + 0.02 * i} {50 + i}")]);
        var p = PowderPatternReader.Read(t.File("py.chi"));
        Assert.Equal(20, p.Count);
        Assert.Equal(0.4133, p.Wavelength1A!.Value, 9);
    }
}
