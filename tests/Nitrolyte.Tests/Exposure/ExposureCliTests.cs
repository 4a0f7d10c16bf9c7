using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Exposure;

public class ExposureCliTests
{
    private static string Example => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3");

    [Fact]
    public void JsonContractHasTheDocumentedKeys()
    {
        var r = CliHarness.Run("exposure", Path.Combine(Example, "dry_room_exposure_generated.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var series = r.Json()["series"]!.AsArray();
        Assert.Equal(2, series.Count);
        foreach (var s in series)
        {
            foreach (var k in new[] { "atmosphere", "retention_at_end", "time_to_80_percent_h", "time_to_80_percent_ci_h", "model" })
                Assert.True(s!.AsObject().ContainsKey(k), k);
            Assert.Equal(2, s!["time_to_80_percent_ci_h"]!.AsArray().Count);
        }
        // generated from seed 002: 4.3e-5 -> 4.15e-5 S/cm (96.5 %) in the dry room, -> 3.65e-5 (84.9 %) at 3-5 % RH, after 200 h
        var dry = series.First(s => s!["atmosphere"]!.ToString() == "dry room")!;
        var humid = series.First(s => s!["atmosphere"]!.ToString() == "3-5 % RH")!;
        Assert.InRange(dry["retention_at_end"]!.GetValue<double>(), 0.955, 0.975);
        Assert.InRange(humid["retention_at_end"]!.GetValue<double>(), 0.84, 0.86);
        Assert.InRange(dry["dew_point_c"]!.GetValue<double>(), -60, -50);
        Assert.InRange(humid["relative_humidity_pct"]!.GetValue<double>(), 3, 5);
        // the humid series decays faster: it reaches 80 % sooner
        Assert.True(humid["time_to_80_percent_h"]!.GetValue<double>() < dry["time_to_80_percent_h"]!.GetValue<double>());
        var time = r.Json()["columns"]!["time"]!; // the project's provenance convention (ColumnsJson)
        Assert.Equal("time_h", time["column"]!.ToString());
        Assert.Equal("h", time["unit"]!.ToString());
        Assert.Equal(1, time["position"]!.GetValue<int>());
    }

    [Fact]
    public void MinutesAndMilliSiemensAreConverted()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("a.csv"), "time (min),sigma (mS/cm),atmosphere,RH (%)\n0,0.1,air,20\n60,0.09,air,20\n120,0.08,air,20\n180,0.07,air,20\n");
        var r = CliHarness.Run("exposure", tmp.File("a.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["series"]![0]!;
        Assert.Equal(3, s["duration_h"]!.GetValue<double>(), 9);
        Assert.Equal(1e-4, s["sigma_initial_s_per_cm"]!.GetValue<double>(), 12);
        Assert.Equal("interpolated", s["time_to_80_percent_method"]!.ToString());
        Assert.Equal(2, s["time_to_80_percent_h"]!.GetValue<double>(), 6);
    }

    [Fact]
    public void ColumnsOptionNamesColumnsTheHeaderDoesNotExplain()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("a.csv"), "elapsed,cond,where\n0,100,air\n1,90,air\n2,80,air\n3,70,air\n");
        var bad = CliHarness.Run("exposure", tmp.File("a.csv"), "--json");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("--columns", bad.Stderr);
        var r = CliHarness.Run("exposure", tmp.File("a.csv"), "--columns", "time=elapsed/d, sigma=cond/uS/cm, atmosphere=3", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["series"]![0]!;
        Assert.Equal("air", s["atmosphere"]!.ToString());
        Assert.Equal(72, s["duration_h"]!.GetValue<double>(), 9);
        Assert.Equal(1e-4, s["sigma_initial_s_per_cm"]!.GetValue<double>(), 12);
        Assert.Equal("columns_option", r.Json()["columns"]!["time"]!["unit_source"]!.ToString());
    }

    [Fact]
    public void NoDecayGivesNullWithAReason()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("a.csv"), "time_h,sigma_s_per_cm,sigma_stderr_s_per_cm,atmosphere\n0,1e-4,1e-6,Ar\n50,1.01e-4,1e-6,Ar\n100,0.99e-4,1e-6,Ar\n150,1.0e-4,1e-6,Ar\n");
        var r = CliHarness.Run("exposure", tmp.File("a.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["series"]![0]!;
        Assert.Null(s["time_to_80_percent_h"]);
        Assert.False(string.IsNullOrWhiteSpace(s["time_to_80_percent_reason"]?.ToString()));
        Assert.Equal(2, s["time_to_80_percent_ci_h"]!.AsArray().Count); // the contract's [lo, hi], both null here
    }

    [Theory]
    [InlineData("time,sigma_s_per_cm\n0,1e-4\n1,0.9e-4\n", "has no unit")]
    [InlineData("time_h,resistance\n0,1\n1,2\n", "no conductivity column")]
    [InlineData("time_h,sigma_s_per_cm\n0,1e-4\n1,-2e-4\n", "not positive")]
    public void BadTablesAreOneLineErrors(string content, string expected)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("bad.csv"), content);
        var r = CliHarness.Run("exposure", tmp.File("bad.csv"), "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.Contains("bad.csv", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void FigureAndPlottedDataAreWritten()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("exposure", Path.Combine(Example, "dry_room_exposure_generated.csv"), "--figure", tmp.File("ret.svg"), "--export-data", tmp.File("ret.csv"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("<svg", File.ReadAllText(tmp.File("ret.svg")));
        Assert.Contains("dry room", File.ReadAllText(tmp.File("ret.csv")));
    }

    [Fact]
    public void HumidityCommandConvertsADewPoint()
    {
        var r = CliHarness.Run("exposure", "humidity", "--dew-point-c", "-55", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(2.0944, r.Json()["water_partial_pressure_pa"]!.GetValue<double>(), 3);
        Assert.Equal(0.06624, r.Json()["relative_humidity_pct"]!.GetValue<double>(), 4);
        Assert.Equal(2, CliHarness.Run("exposure", "humidity", "--dew-point-c", "-55", "--rh-pct", "3").ExitCode);
    }

    [Fact]
    public void DemoScorecardMeasuresAirStability()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Example, "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var e = r.Json()["scorecard"]!.AsArray().First(x => x!["id"]!.ToString() == "air_stability")!;
        Assert.Equal("pass", e["status"]!.ToString());
        Assert.InRange(e["value"]!.GetValue<double>(), 95.5, 97.5);
        var note = e["note"]!.ToString();
        Assert.Contains("after 200 h", note);
        Assert.Contains("dew point", note);
        Assert.Contains("shorter than the review's \"weeks\"", note);
    }
}

public class ExposureSpectraTests
{
    [Fact]
    public void ImpedanceSpectraWithExposureTimesGiveTheRetention()
    {
        // three spectra of one pellet: the total resistance grows by 5 % and 10 % after 100 and 200 h
        using var tmp = new TempDir();
        double[] scale = [1.0, 1.05, 1.10];
        for (int i = 0; i < 3; i++)
        {
            double r0 = 1440.3 * scale[i], r1 = 1440.3 * scale[i];
            var sim = CliHarness.Run("eis", "simulate", "--circuit", "R0-p(R1,CPE1)-CPE2",
                "--params", FormattableString.Invariant($"R0={r0},R1={r1},CPE1_0=7.16278e-09,CPE1_1=0.90,CPE2_0=3e-06,CPE2_1=0.85"),
                "--fmin", "0.1", "--fmax", "7000000", "--points-per-decade", "8", "--noise-pct", "0.3", "--seed", (300 + i).ToString(), "--out", tmp.File($"s{i}.csv"));
            Assert.True(sim.ExitCode == 0, sim.Stderr);
        }
        File.WriteAllText(tmp.File("manifest.yaml"),
            "material: X\nsample: { diameter_mm: 10, thickness_mm: 1.0 }\ndata:\n  - technique: exposure\n    files: [s0.csv, s1.csv, s2.csv]\n" +
            "    options: { exposure_h: [0, 100, 200], atmosphere: dry room, dew_point_c: -55, circuit: \"R0-p(R1,CPE1)-CPE2\" }\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["analyses"]!["exposure"]!["series"]![0]!;
        Assert.Equal(1 / 1.10, s["retention_at_end"]!.GetValue<double>(), 2);
        Assert.Equal("dry room", s["atmosphere"]!.ToString());
        Assert.Equal(3, r.Json()["analyses"]!["exposure"]!["spectra"]!.AsArray().Count);
        var e = r.Json()["scorecard"]!.AsArray().First(x => x!["id"]!.ToString() == "air_stability")!;
        Assert.Equal("pass", e["status"]!.ToString());
    }
}
