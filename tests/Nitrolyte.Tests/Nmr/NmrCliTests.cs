using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Nmr;

public class NmrCliTests
{
    [Fact]
    public void T1JsonContractHasTheDocumentedKeys()
    {
        using var tmp = new TempDir();
        var csv = tmp.File("r1.csv");
        var sim = CliHarness.Run("nmr", "simulate", "--ea-ev", "0.3", "--peak-k", "380", "--r1-max-per-s", "40", "--larmor-mhz", "116.6",
            "--temperatures-k", "250,270,290,310,330,350,370,390,410,430,450,470", "--noise-pct", "2", "--out", csv);
        Assert.True(sim.ExitCode == 0, sim.Stderr);
        var r = CliHarness.Run("nmr", "t1", csv, "--larmor-mhz", "116.6", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var o = r.Json().AsObject();
        foreach (var k in new[] { "ea_high_t_ev", "ea_high_t_stderr_ev", "ea_low_t_ev", "ea_low_t_stderr_ev", "peak_temperature_k", "tau0_s", "model" })
            Assert.True(o.ContainsKey(k), k);
        Assert.InRange(o["ea_high_t_ev"]!.GetValue<double>(), 0.25, 0.35);
        Assert.InRange(o["peak_temperature_k"]!.GetValue<double>(), 370, 390);
    }

    [Fact]
    public void T1InMillisecondsAndCelsiusAreConverted()
    {
        using var tmp = new TempDir();
        var k = tmp.File("k.csv");
        CliHarness.Run("nmr", "simulate", "--ea-ev", "0.3", "--peak-k", "380", "--r1-max-per-s", "40", "--larmor-mhz", "116.6",
            "--temperatures-k", "250,270,290,310,330,350,370,390,410,430,450,470", "--out", k);
        var lines = File.ReadAllLines(k).Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split(',')).ToList();
        File.WriteAllLines(tmp.File("c.csv"), new[] { "T (°C),T1 (ms),larmor (MHz)" }.Concat(lines.Select(c =>
            FormattableString.Invariant($"{double.Parse(c[0], System.Globalization.CultureInfo.InvariantCulture) - 273.15},{1000 / double.Parse(c[1], System.Globalization.CultureInfo.InvariantCulture)},116.6"))));
        var a = CliHarness.Run("nmr", "t1", k, "--larmor-mhz", "116.6", "--json").Json();
        var b = CliHarness.Run("nmr", "t1", tmp.File("c.csv"), "--json").Json();
        Assert.Equal(a["ea_high_t_ev"]!.GetValue<double>(), b["ea_high_t_ev"]!.GetValue<double>(), 6);
        Assert.Equal("ms", b["columns"]!["t1"]!["unit"]!.ToString());
        Assert.Equal("s", b["columns"]!["t1"]!["internal_unit"]!.ToString());
    }

    [Fact]
    public void RecoveryCurvesGiveT1PerTemperatureAndTheBppFit()
    {
        using var tmp = new TempDir();
        var csv = tmp.File("rec.csv");
        CliHarness.Run("nmr", "simulate", "--ea-ev", "0.3", "--peak-k", "380", "--r1-max-per-s", "40", "--larmor-mhz", "116.6",
            "--temperatures-k", "280,310,340,370,400,430,460", "--noise-pct", "0.5", "--recovery", "--out", csv);
        var r = CliHarness.Run("nmr", "recovery", csv, "--larmor-mhz", "116.6", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var curves = r.Json()["curves"]!.AsArray();
        Assert.Equal(7, curves.Count);
        foreach (var c in curves) Assert.True(c!["t1_s"]!.GetValue<double>() > 0);
        Assert.NotNull(r.Json()["bpp"]);
        Assert.InRange(r.Json()["bpp"]!["peak_temperature_k"]!.GetValue<double>(), 360, 400);
    }

    [Fact]
    public void LinewidthGivesTheWaughFedinEstimate()
    {
        using var tmp = new TempDir();
        var csv = tmp.File("w.csv");
        File.WriteAllLines(csv, new[] { "T_K,fwhm_khz" }.Concat(Enumerable.Range(0, 16).Select(i =>
            FormattableString.Invariant($"{150 + 10 * i},{0.8 + (9.0 - 0.8) / (1 + Math.Exp((150 + 10 * i - 260) / 10.0))}"))));
        var r = CliHarness.Run("nmr", "linewidth", csv, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(240, r.Json()["onset_temperature_k"]!.GetValue<double>(), 0);
        Assert.Equal(9000, r.Json()["rigid_lattice_width_hz"]!.GetValue<double>(), 0);
    }

    [Theory]
    [InlineData("T,t1_s\n300,1\n", "has no unit")]
    [InlineData("T_K,t1_s,larmor_mhz\n300,1,116.6\n", "below 1 kHz")]
    [InlineData("T_K,foo\n300,1\n", "no T1 or R1 column")]
    public void BadTablesAreOneLineErrors(string content, string expected)
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("bad.csv"), content);
        var r = CliHarness.Run("nmr", "t1", tmp.File("bad.csv"), "--larmor-mhz", "116.6");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.Contains("bad.csv", r.Stderr);
    }
}
