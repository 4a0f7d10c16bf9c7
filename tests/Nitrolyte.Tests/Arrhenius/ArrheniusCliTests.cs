using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Arrhenius;

public class ArrheniusCliTests
{
    [Fact]
    public void JsonContractHasTheDocumentedKeys()
    {
        using var tmp = new TempDir();
        var csv = tmp.File("s.csv");
        File.WriteAllText(csv, "T_K,sigma_s_per_cm\n300,1e-4\n330,3e-4\n360,7.5e-4\n390,1.6e-3\n");
        var r = CliHarness.Run("arrhenius", csv, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var o = r.Json().AsObject();
        foreach (var key in new[] { "ea_ev", "ea_stderr_ev", "log10_prefactor", "sigma_25c_s_per_cm", "sigma_25c_ci95_s_per_cm", "r_squared", "n_points", "form" })
            Assert.True(o.ContainsKey(key), key);
        Assert.Equal(4, o["n_points"]!.GetValue<int>());
        Assert.Equal("sigma-t", o["form"]!.GetValue<string>());
        Assert.Equal(2, o["sigma_25c_ci95_s_per_cm"]!.AsArray().Count);
    }

    [Fact]
    public void CelsiusAndKelvinHeadersGiveTheSameFit()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("c.csv"), "T (°C),conductivity (mS/cm)\n26.85,0.1\n56.85,0.3\n86.85,0.75\n116.85,1.6\n");
        File.WriteAllText(tmp.File("k.csv"), "T_K\tsigma_s_per_cm\n300\t1e-4\n330\t3e-4\n360\t7.5e-4\n390\t1.6e-3\n");
        var c = CliHarness.Run("arrhenius", tmp.File("c.csv"), "--json").Json();
        var k = CliHarness.Run("arrhenius", tmp.File("k.csv"), "--json").Json();
        Assert.Equal(k["ea_ev"]!.GetValue<double>(), c["ea_ev"]!.GetValue<double>(), 9);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("T_C,sigma_s_per_cm\n", "no data rows")]
    [InlineData("T_C,sigma_s_per_cm\n25,1e-4\n50,abc\n", "not a number")]
    [InlineData("T_C,sigma_s_per_cm\n25,1e-4\n50\n", "truncated")]
    [InlineData("temp,sigma_s_per_cm\n25,1e-4\n50,2e-4\n", "no temperature column")]
    [InlineData("T_C,sigma_s_per_cm\n25,1e-4\n50,-2e-4\n", "not positive")]
    [InlineData("T_C,sigma_s_per_cm\n25,1e-4\n", "at least two")]
    public void BadInputIsOneLineWithExitCode1(string content, string expected)
    {
        using var tmp = new TempDir();
        var csv = tmp.File("bad.csv");
        File.WriteAllText(csv, content);
        var r = CliHarness.Run("arrhenius", csv, "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("bad.csv", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public void MissingFileAndUnknownOptionsAreReported()
    {
        Assert.Equal(1, CliHarness.Run("arrhenius", "/no/such.csv").ExitCode);
        Assert.Equal(2, CliHarness.Run("arrhenius", "x.csv", "--no-such-option").ExitCode);
        Assert.Equal(1, CliHarness.Run("arrhenius", "x.csv", "--form", "banana").ExitCode);
    }

    [Fact]
    public void SimulateThenFitRecoversParameters()
    {
        using var tmp = new TempDir();
        var csv = tmp.File("sim.csv");
        var s = CliHarness.Run("arrhenius", "simulate", "--ea-ev", "0.35", "--sigma-25c-s-per-cm", "2.1e-4", "--reference-c", "27",
            "--temperatures-c", "27,40,60,80,100", "--out", csv);
        Assert.True(s.ExitCode == 0, s.Stderr);
        var fit = CliHarness.Run("arrhenius", csv, "--json").Json();
        Assert.Equal(0.35, fit["ea_ev"]!.GetValue<double>(), 4); // the table is written with 6 significant digits
    }
}
