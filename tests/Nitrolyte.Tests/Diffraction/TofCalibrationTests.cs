using Nitrolyte.Formats.Structures;
using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction;

/// <summary>Time-of-flight columns converted to d with DIFC/DIFA/ZERO (given or from a GSAS .prm) and used by identify.</summary>
public class TofCalibrationTests
{
    private const double Difc = 5000, Difa = 2.0, Zero = 5.0;

    private static string WriteTof(TempDir t)
    {
        // Li2S peaks (neutron intensities) placed at TOF = DIFC d + DIFA d² + ZERO, Gaussian Δt/t = 0.003, background 50
        var pk = PowderPattern.Compute(Prototypes.Get("Li2S"), new DiffractionOptions { WavelengthA = 1.0, TwoThetaMinDeg = 10, TwoThetaMaxDeg = 120, Neutron = true });
        var lines = new List<string> { "# neutron time-of-flight, generated for a test", "# tof_us intensity esd" };
        for (double tof = 4000; tof <= 20000; tof += 4)
        {
            double y = 50;
            foreach (var p in pk.Peaks)
            {
                double tk = Difc * p.DA + Difa * p.DA * p.DA + Zero, s = 0.003 * tk / 2.355;
                y += 20 * p.Intensity * Math.Exp(-0.5 * (tof - tk) * (tof - tk) / (s * s));
            }
            lines.Add(string.Format(CultureInfo.InvariantCulture, "{0} {1:0.##} {2:0.###}", tof, y, Math.Sqrt(y)));
        }
        File.WriteAllLines(t.File("tof.dat"), lines);
        return t.File("tof.dat");
    }

    [Fact]
    public void Conversion_inverts_the_quadratic()
    {
        var x = new[] { 5005.0 + 2, Difc * 2 + Difa * 4 + Zero, Difc * 3.1 + Difa * 3.1 * 3.1 + Zero };
        var p = new MeasuredPattern { Source = "t", Axis = PatternAxis.TofMicroseconds, X = [.. x, .. Enumerable.Range(1, 10).Select(i => 20000.0 + i)], Intensity = new double[13], Esd = Enumerable.Repeat(1.0, 13).ToArray() };
        var d = p.TofToD(Difc, Difa, Zero);
        Assert.Equal(PatternAxis.DA, d.Axis);
        Assert.True(d.FromTimeOfFlight);
        Assert.Equal(2.0, d.X[1], 10);
        Assert.Equal(3.1, d.X[2], 10);
        Assert.Contains(d.Provenance, s => s.Contains("DIFC = 5000"));
        var lin = p.TofToD(Difc, 0, Zero);
        Assert.Equal((x[1] - Zero) / Difc, lin.X[1], 12);
    }

    [Fact]
    public void Prm_ICONS_record_is_read_for_the_bank()
    {
        using var t = new TempDir();
        File.WriteAllLines(t.File("inst.prm"), ["INS   BANK      2", "INS  1 ICONS   5000.00      2.00      5.00", "INS  2 ICONS   7000.50     -1.50     -3.00"]);
        var k1 = TofCalibration.Parse(t.File("inst.prm"), 1);
        Assert.Equal((5000.0, 2.0, 5.0), (k1.Difc, k1.Difa, k1.ZeroUs));
        var k2 = TofCalibration.Parse(t.File("inst.prm"), 2);
        Assert.Equal((7000.5, -1.5, -3.0), (k2.Difc, k2.Difa, k2.ZeroUs));
        Assert.Throws<NitrolyteFormatException>(() => TofCalibration.Parse(t.File("inst.prm"), 3));
        Assert.Equal(5000, TofCalibration.Parse("5000").Difc);
        Assert.Throws<NitrolyteInputException>(() => TofCalibration.Parse("-1,0,0"));
    }

    [Fact]
    public void Identify_works_on_tof_data_and_refine_refuses_it()
    {
        using var t = new TempDir();
        var f = WriteTof(t);
        File.WriteAllLines(t.File("inst.prm"), ["INS  1 ICONS   5000.00      2.00      5.00"]);
        foreach (var cal in new[] { "5000,2,5", t.File("inst.prm") })
        {
            var r = CliHarness.Run("xrd", "identify", f, "--tof-calibration", cal, "--radiation", "neutron", "--candidates", "Li2S", "Li2O", "LiCl", "--json");
            Assert.True(r.ExitCode == 0, r.Stderr);
            var m = r.Json()["matches"]!.AsArray();
            Assert.Equal("Li2S", m[0]!["name"]!.GetValue<string>());
            Assert.True(m[0]!["explained_fraction"]!.GetValue<double>() > 0.95);
        }
        // without constants: refused naming the option; refinement: refused (no TOF profile model)
        var e = CliHarness.Run("xrd", "identify", f, "--candidates", "Li2S");
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("--tof-calibration", e.Stderr);
        var rr = CliHarness.Run("xrd", "refine", f, "--tof-calibration", "5000,2,5", "--structure", "Li2S");
        Assert.Equal(1, rr.ExitCode);
        Assert.Contains("time-of-flight", rr.Stderr);
        Assert.Equal(2, CliHarness.Run("xrd", "identify", f, "--tof-calibration", "abc", "--candidates", "Li2S").ExitCode);
    }
}
