using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>`xrd refine` with --refine-displacement, --save-instrument/--instrument and --series through the CLI.</summary>
public class XrdInstrumentSeriesCliTests
{
    private static string LaB6 => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "xrd", "LaB6.cif");

    private static string Simulate(TempDir t, string structure, string name, params string[] extra)
    {
        var path = t.File(name);
        var r = CliHarness.Run(["xrd", "simulate", structure, "--output", path, .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    }

    [Fact]
    public void Standard_to_instrument_file_to_sample()
    {
        using var t = new TempDir();
        const string prof = "0.006,-0.003,0.003,0.025,0.005";
        var std = Simulate(t, LaB6, "lab6.xye", "--wavelength", "CuKa", "--two-theta", "15,140,0.02", "--scale", "0.02", "--background", "200,-30", "--zero", "0.03", "--displacement", "-0.08", "--profile", prof, "--seed", "3");
        // the generated file states the doublet: read without --wavelength
        var r = CliHarness.Run("xrd", "refine", std, "--structure", LaB6, "--refine-displacement", "--fix-cell", "--goniometer-radius", "240", "--background-terms", "3", "--save-instrument", t.File("inst.json"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(1.54439, j["wavelength2_a"]!.GetValue<double>(), 5);
        double d = j["displacement_deg"]!.GetValue<double>(), dErr = j["displacement_stderr_deg"]!.GetValue<double>();
        Assert.True(Math.Abs(d + 0.08) < 4 * dErr, $"D {d} ± {dErr}");
        Assert.True(Math.Abs(j["zero_shift_deg"]!.GetValue<double>() - 0.03) < 4 * j["zero_shift_stderr_deg"]!.GetValue<double>());
        // s = −D·π·R/360 = 0.1676 mm for D = −0.08°, R = 240 mm
        Assert.Equal(-d * Math.PI * 240 / 360, j["displacement_mm"]!.GetValue<double>(), 9);
        Assert.Equal(4.156826, j["phases"]![0]!["lattice"]!["a_angstrom"]!.GetValue<double>(), 9);
        var inst = JsonNode.Parse(File.ReadAllText(t.File("inst.json")))!;
        Assert.Equal("nitrolyte-instrument", inst["format"]!.GetValue<string>());
        Assert.Equal(0.006, inst["u_deg2"]!.GetValue<double>(), 3);
        Assert.Equal(0.025, inst["x_deg"]!.GetValue<double>(), 3);

        // a sample on the same instrument: the profile and zero come from the file and are held
        var s = Simulate(t, "Li9N2Cl3", "s.xye", "--wavelength", "CuKa", "--two-theta", "15,120,0.02", "--zero", "0.03", "--displacement", "0.04", "--profile", prof, "--seed", "5");
        var rs = CliHarness.Run("xrd", "refine", s, "--structure", "Li9N2Cl3", "--instrument", t.File("inst.json"), "--refine-displacement", "--background-terms", "3", "--json");
        Assert.True(rs.ExitCode == 0, rs.Stderr);
        var js = rs.Json();
        Assert.Equal(inst["u_deg2"]!.GetValue<double>(), js["profile"]!["u_deg2"]!.GetValue<double>(), 12);
        Assert.Equal(inst["zero_deg"]!.GetValue<double>(), js["zero_shift_deg"]!.GetValue<double>(), 12);
        Assert.DoesNotContain(js["parameters"]!.AsArray(), q => q!["name"]!.GetValue<string>() is "U" or "zero_deg");
        Assert.Contains(js["provenance"]!.AsArray(), n => n!.GetValue<string>().Contains("held fixed"));
        Assert.Equal(0.04, js["displacement_deg"]!.GetValue<double>(), 2);
        Assert.Equal(5.3506, js["phases"]![0]!["lattice"]!["a_angstrom"]!.GetValue<double>(), 4);
        // --refine-profile given explicitly: refined from the file's values
        var rr = CliHarness.Run("xrd", "refine", s, "--structure", "Li9N2Cl3", "--instrument", t.File("inst.json"), "--refine-profile", "W", "--background-terms", "3", "--json");
        Assert.True(rr.ExitCode == 0, rr.Stderr);
        Assert.Contains(rr.Json()["parameters"]!.AsArray(), q => q!["name"]!.GetValue<string>() == "W");
        // usage and data errors
        Assert.Equal(2, CliHarness.Run("xrd", "refine", s, "--structure", "Li9N2Cl3", "--fix-zero", "--refine-zero").ExitCode);
        Assert.Equal(2, CliHarness.Run("xrd", "refine", s, "--structure", "Li9N2Cl3", "--goniometer-radius", "1").ExitCode);
        File.WriteAllText(t.File("bad.json"), "{}");
        var bad = CliHarness.Run("xrd", "refine", s, "--structure", "Li9N2Cl3", "--instrument", t.File("bad.json"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("bad.json", bad.Stderr);
    }

    [Fact]
    public void Series_from_a_glob_with_times_in_names_and_a_values_csv()
    {
        using var t = new TempDir();
        Directory.CreateDirectory(t.File("run"));
        foreach (var (k, min) in new[] { (0, 0), (1, 30), (2, 120) })
            Simulate(t, "Li9N2Cl3", Path.Combine("run", $"air_{min}min.xye"), "--wavelength", "CuKa", "--two-theta", "15,100,0.03", "--seed", (10 + k).ToString());
        var r = CliHarness.Run("xrd", "refine", "--series", Path.Combine(t.File("run"), "*.xye"), "--structure", "Li9N2Cl3", "--background-terms", "3",
            "--series-table", t.File("series.csv"), "--figure", t.File("series.svg"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(3, j["patterns"]!.GetValue<int>());
        Assert.Equal("time", j["abscissa"]!["name"]!.GetValue<string>());
        Assert.Equal("min", j["abscissa"]!["unit"]!.GetValue<string>());
        var steps = j["steps"]!.AsArray();
        // natural order of the names: 0, 30, 120 minutes
        Assert.Equal([0.0, 30, 120], steps.Select(s => s!["value"]!.GetValue<double>()).ToArray());
        foreach (var s in steps)
        {
            var lat = s!["phases"]![0]!["lattice"]!;
            Assert.True(Math.Abs(lat["a_angstrom"]!.GetValue<double>() - 5.3506) < 4 * lat["a_stderr_angstrom"]!.GetValue<double>() + 2e-5);
            Assert.Empty(s["unexplained_peaks_deg"]!.AsArray());
            Assert.InRange(s["chi_square"]!.GetValue<double>(), 0.8, 1.3);
        }
        Assert.Empty(j["new_peaks"]!.AsArray());
        var csv = File.ReadAllLines(t.File("series.csv"));
        Assert.Equal(4, csv.Length);
        Assert.StartsWith("index,file,time_min,rwp,chi_square,zero_deg", csv[0]);
        Assert.True(File.Exists(t.File("series.svg")));
        // a CSV names the abscissa instead
        File.WriteAllText(t.File("values.csv"), "file,temperature_K\nair_0min.xye,300\nair_30min.xye,350\nair_120min.xye,400\n");
        var rc = CliHarness.Run("xrd", "refine", "--series", Path.Combine(t.File("run"), "*.xye"), "--structure", "Li9N2Cl3", "--background-terms", "3", "--series-values", t.File("values.csv"), "--json");
        Assert.True(rc.ExitCode == 0, rc.Stderr);
        Assert.Equal("temperature", rc.Json()["abscissa"]!["name"]!.GetValue<string>());
        Assert.Equal([300.0, 350, 400], rc.Json()["steps"]!.AsArray().Select(s => s!["value"]!.GetValue<double>()).ToArray());
        // errors: a single pattern, a glob matching nothing, a CSV missing a file
        Assert.Equal(2, CliHarness.Run("xrd", "refine", "--series", Path.Combine(t.File("run"), "air_0min.xye"), "--structure", "Li9N2Cl3").ExitCode);
        Assert.Equal(2, CliHarness.Run("xrd", "refine", "--series", Path.Combine(t.File("run"), "*.nothing"), "--structure", "Li9N2Cl3").ExitCode);
        File.WriteAllText(t.File("short.csv"), "file,time_min\nair_0min.xye,0\n");
        var e = CliHarness.Run("xrd", "refine", "--series", Path.Combine(t.File("run"), "*.xye"), "--structure", "Li9N2Cl3", "--series-values", t.File("short.csv"));
        Assert.Equal(1, e.ExitCode);
        Assert.Contains("air_30min.xye", e.Stderr);
        Assert.Equal(2, CliHarness.Run("xrd", "refine", "--structure", "Li9N2Cl3").ExitCode);
    }
}
