using System.Text.Json.Nodes;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Formats.BioLogic;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Electrochemistry;

/// <summary>The issue-4 CLI contract: keys, values on generated data with known answers, and bad input.</summary>
public class CliContractTests
{
    private static string Simulate(TempDir tmp, string preset)
    {
        var f = tmp.File(preset + ".csv");
        var r = CliHarness.Run("cycle", "simulate", "--preset", preset, "--out", f);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return f;
    }

    private static void HasKeys(JsonNode o, params string[] keys)
    {
        foreach (var k in keys) Assert.True(o.AsObject().ContainsKey(k), $"missing key {k}");
    }

    [Fact]
    public void DcpolJson()
    {
        using var tmp = new TempDir();
        var f = Simulate(tmp, "seed000-dcpol");
        var r = CliHarness.Run("dcpol", f, "--thickness-mm", "1.5", "--diameter-mm", "10", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        HasKeys(j, "electronic_conductivity_s_per_cm", "t_ion", "t_electronic", "i_initial_a", "i_final_a", "tau_s", "tau_stderr_s");
        Assert.Equal(1.2e-9, j["electronic_conductivity_s_per_cm"]!.GetValue<double>(), 0.02e-9);
        Assert.Equal(0.998, j["t_ion"]!.GetValue<double>(), 0.0005);
        Assert.Equal(4.48, j["tau_s"]!.GetValue<double>(), 0.05);
        var withArea = CliHarness.Run("dcpol", f, "--thickness-mm", "1.5", "--area-cm2", "0.7854", "--voltage", "0.5", "--json");
        Assert.Equal(0, withArea.ExitCode);
        Assert.Equal(2, CliHarness.Run("dcpol", f, "--thickness-mm", "1.5").ExitCode); // no area
    }

    [Fact]
    public void CvJson()
    {
        using var tmp = new TempDir();
        var f = Simulate(tmp, "seed000-cv");
        var r = CliHarness.Run("cv", f, "--pellet-mass-mg", "133", "--formula", "Li2NH", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        HasKeys(j, "cycles", "net_li_pct");
        var c = j["cycles"]!.AsArray();
        Assert.Equal(16, c.Count);
        HasKeys(c[0]!, "index", "anodic_charge_c", "cathodic_charge_c", "ratio");
        Assert.True(j["net_li_pct"]!.GetValue<double>() > 0);
        var noMass = CliHarness.Run("cv", f, "--json");
        Assert.Null(noMass.Json()["net_li_pct"]);
        Assert.Equal(1, CliHarness.Run("cv", f, "--pellet-mass-mg", "133", "--formula", "Xq2").ExitCode);
    }

    [Fact]
    public void CycleSymmetricJson()
    {
        using var tmp = new TempDir();
        var f = Simulate(tmp, "seed002-ccd");
        var r = CliHarness.Run("cycle", "symmetric", f, "--area-cm2", "0.785", "--thickness-mm", "0.1", "--sigma-s-per-cm", "4.3e-5", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        HasKeys(j, "half_cycles", "ccd_ma_per_cm2", "events");
        HasKeys(j["half_cycles"]![0]!, "index", "current_density_ma_per_cm2", "overpotential_v", "asr_ohm_cm2");
        Assert.Equal(10, j["ccd_ma_per_cm2"]!.GetValue<double>(), 1e-6);
        var e = j["events"]!.AsArray().Single()!;
        HasKeys(e, "type", "time_s", "half_cycle");
        Assert.Equal("soft_short", e["type"]!.ToString());
        // without the bulk term the sudden drop still gives the soft short at the same half cycle
        var r2 = CliHarness.Run("cycle", "symmetric", f, "--area-cm2", "0.785", "--json");
        var e2 = r2.Json()["events"]!.AsArray()[0]!;
        Assert.Equal("soft_short", e2["type"]!.ToString());
        Assert.Equal(27, e2["half_cycle"]!.GetValue<int>());
        Assert.Equal(2, CliHarness.Run("cycle", "symmetric", f, "--area-cm2", "0.785", "--thickness-mm", "0.1").ExitCode);
    }

    [Fact]
    public void CycleFullJson()
    {
        using var tmp = new TempDir();
        var f = Simulate(tmp, "seed002-full");
        var r = CliHarness.Run("cycle", "full", f, "--active-mass-mg", "3.5011", "--area-cm2", "0.785", "--cathode", "NCM83", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        HasKeys(j, "cycles", "initial_coulombic_efficiency", "retention_pct");
        HasKeys(j["cycles"]![0]!, "index", "charge_mah", "discharge_mah", "coulombic_efficiency");
        Assert.Equal(0.893, j["initial_coulombic_efficiency"]!.GetValue<double>(), 0.001);
        Assert.Equal(208.2 * 3.5011e-3, j["cycles"]![0]!["discharge_mah"]!.GetValue<double>(), 0.005);
        Assert.Equal(1, CliHarness.Run("cycle", "full", f, "--active-mass-mg", "3.5", "--cathode", "XYZ").ExitCode);
    }

    [Fact]
    public void CsvLayoutRoundTrips()
    {
        using var tmp = new TempDir();
        var ts = SimulationPresets.Build("seed000-symmetric");
        var p = tmp.File("rt.csv");
        using (var w = new StreamWriter(p)) TimeSeriesCsv.Write(ts, w);
        var back = TimeSeriesCsv.Read(p);
        Assert.Equal(ts.TimeS, back.TimeS);
        Assert.Equal(ts.VoltageV, back.VoltageV);
        Assert.Equal(ts.CurrentA, back.CurrentA);
        Assert.Equal(ts.Cycle, back.Cycle);
        Assert.Equal(ts.Kind, back.Kind);
        // a generic CSV with units in the names
        var g = tmp.File("generic.csv");
        File.WriteAllText(g, "Time (h),Potential (V),Current (mA)\n0,0.1,1\n1,0.2,-1\n");
        var gs = TimeSeriesCsv.Read(g);
        Assert.Equal([0.0, 3600.0], gs.TimeS);
        Assert.Equal([1e-3, -1e-3], gs.CurrentA);
    }

    [SharedDataFact]
    public void ConvertEveryReadableFormat()
    {
        using var tmp = new TempDir();
        foreach (var (file, rows) in new[]
                 {
                     ("biologic/yadg/gcpl.issue_149.mpr", 132), ("biologic/yadg/ca.issue_149.mpt", 80), ("biologic/navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr", 46102),
                     ("other_formats/NewareNDA/new_nda_file.nda", 439), ("other_formats/NewareNDA/123456789012_Unit27_Example_Data_File.ndax", 302),
                     ("other_formats/cellpy/maccor_001.txt", 6704), ("other_formats/gamry-parser/cv_data.dta", 50), ("other_formats/gamry-parser/chronoa_data.dta", -1),
                 })
        {
            var outp = tmp.File(Path.GetFileName(file) + ".csv");
            var r = CliHarness.Run("convert", SharedData.TestData(file), "--to", "csv", "--out", outp, "--json");
            Assert.True(r.ExitCode == 0, file + ": " + r.Stderr);
            var back = TimeSeriesCsv.Read(outp);
            if (rows >= 0) Assert.Equal(rows, back.Count);
            Assert.Equal(back.Count, r.Json()["rows"]!.GetValue<long>());
        }
        // mpt streamed values equal the reader's (time, Ewe, I in A)
        var mpt = SharedData.TestData("biologic/yadg/ca.issue_149.mpt");
        var o = tmp.File("ca.csv");
        CliHarness.Run("convert", mpt, "--to", "csv", "--out", o);
        var f = BioLogicReader.Read(mpt);
        var ts = TimeSeriesCsv.Read(o);
        Assert.Equal(f.Find("time/s")!.Values, ts.TimeS);
        Assert.Equal(f.Find("Ewe/V")!.Values, ts.VoltageV);
        Assert.Equal(f.Find("<I>/mA")!.Values.Select(x => x * 1e-3), ts.CurrentA);
    }

    [SharedDataFact]
    public void BadInputIsOneLineExitOne()
    {
        using var tmp = new TempDir();
        var bytes = File.ReadAllBytes(SharedData.TestData("biologic/yadg/cp.mpr"));
        var cut = tmp.File("cut.mpr");
        File.WriteAllBytes(cut, bytes[..9000]);
        var wrong = tmp.File("wrong.mpr");
        File.WriteAllBytes(wrong, [.. "NOT-A-BIOLOGIC FILE"u8, .. bytes[20..]]);
        var nocols = tmp.File("nocols.csv");
        File.WriteAllText(nocols, "a,b\n1,2\n");
        var ocv = SharedData.TestData("biologic/yadg/ocv.mpr");
        foreach (var args in new[]
                 {
                     new[] { "convert", cut, "--to", "csv", "--out", tmp.File("x.csv") },
                     new[] { "convert", wrong, "--to", "csv", "--out", tmp.File("y.csv") },
                     new[] { "cycle", "symmetric", nocols, "--area-cm2", "1" },
                     new[] { "dcpol", ocv, "--thickness-mm", "1", "--area-cm2", "1" },
                     new[] { "cycle", "full", "/nonexistent/file.nda", "--active-mass-mg", "1" },
                     new[] { "cycle", "symmetric", SharedData.TestData("biologic/yadg/peis.mpr"), "--area-cm2", "1" },
                 })
        {
            var r = CliHarness.Run(args);
            Assert.True(r.ExitCode == 1, string.Join(' ', args) + " -> " + r.ExitCode + " " + r.Stderr);
            var line = Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.StartsWith("error:", line);
            Assert.DoesNotContain("internal error", line);
            Assert.Contains(Path.GetFileName(args.First(a => a.Contains('/'))), line);
        }
        Assert.Contains("current", CliHarness.Run("dcpol", ocv, "--thickness-mm", "1", "--area-cm2", "1").Stderr);
        Assert.False(File.Exists(tmp.File("x.csv")));
    }
}
