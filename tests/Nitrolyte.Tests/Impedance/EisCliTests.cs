using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

public class EisCliTests
{
    [SharedDataFact]
    public void FitJsonFollowsContract()
    {
        var r = CliHarness.Run("eis", "fit", SharedData.TestData("other_formats/pyimpspec/data.z"), "--circuit", "R0-p(R1,C1)-p(R2,W1)",
            "--thickness-mm", "1.5", "--diameter-mm", "10", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        foreach (var key in new[] { "circuit", "parameters", "chi_square", "reduced_chi_square", "aic", "weighting", "n_points", "conductivity" })
            Assert.NotNull(j[key]);
        var p0 = j["parameters"]![0]!;
        Assert.Equal("R0", p0["name"]!.GetValue<string>());
        Assert.Equal(100, p0["value"]!.GetValue<double>(), 1e-3);
        Assert.NotNull(p0["stderr"]);
        Assert.Equal("Ohm", p0["unit"]!.GetValue<string>());
        foreach (var key in new[] { "total_s_per_cm", "bulk_s_per_cm", "grain_boundary_s_per_cm" })
            Assert.True(j["conductivity"]!.AsObject().ContainsKey(key));
        Assert.Equal(29, j["n_points"]!.GetValue<int>());
    }

    [SharedDataFact]
    public void KkAndDrtJson()
    {
        var kk = CliHarness.Run("eis", "kk", SharedData.TestData("eis/impedance.py/Circuit3_EIS_1.z"), "--c", "0.69", "--json");
        Assert.Equal(0, kk.ExitCode);
        Assert.Equal(10, kk.Json()["m"]!.GetValue<int>());
        Assert.Equal(0.68438, kk.Json()["mu"]!.GetValue<double>(), 1e-5);
        Assert.NotNull(kk.Json()["max_residual_pct"]);
        var drt = CliHarness.Run("eis", "drt", SharedData.TestData("other_formats/pyimpspec/data.z"), "--json");
        Assert.Equal(0, drt.ExitCode);
        Assert.NotNull(drt.Json()["lambda"]);
        var peak = drt.Json()["peaks"]![0]!;
        Assert.NotNull(peak["tau_s"]); Assert.NotNull(peak["r_ohm"]); Assert.NotNull(peak["c_f"]);
    }

    [Fact]
    public void SimulateThenFitRoundTripsAndSeriesGivesArrhenius()
    {
        using var dir = new TempDir();
        var files = new List<string>();
        // bulk R follows Ea = 0.5 eV (sigma T form) between 30 and 90 C
        foreach (var tc in new[] { 30, 50, 70, 90 })
        {
            double t = tc + 273.15;
            double r = 2000 * Math.Exp(0.5 / 8.617333262e-5 * (1 / t - 1 / 303.15));
            var path = dir.File($"pellet_{tc}C.csv");
            var sim = CliHarness.Run("eis", "simulate", "--circuit", "R0-p(R1,CPE1)-CPE2",
                "--params", FormattableString.Invariant($"R0=1,R1={r},CPE1_0=5e-12,CPE1_1=0.95,CPE2_0=1e-6,CPE2_1=0.85"),
                "--fmin", "0.1", "--fmax", "1e7", "--points-per-decade", "8", "--noise-pct", "0.2", "--seed", "3", "--out", path);
            Assert.Equal(0, sim.ExitCode);
            files.Add(path);
        }
        var args = new List<string> { "eis", "series" };
        args.AddRange(files);
        args.AddRange(["--circuit", "R0-p(R1,CPE1)-CPE2", "--temperatures-from-names", "--thickness-mm", "1.5", "--diameter-mm", "10", "--json"]);
        var res = CliHarness.Run(args.ToArray());
        Assert.Equal(0, res.ExitCode);
        var j = res.Json();
        Assert.Equal(4, j["fits"]!.AsArray().Count);
        // R ∝ exp(Ea/kT) is the plain sigma law; the default sigma-T fit gives Ea + ~kT (about 0.53 eV)
        var bulk = j["arrhenius"]!["bulk"]!;
        Assert.NotNull(bulk["ea_stderr_ev"]);
        Assert.NotNull(bulk["sigma_25c_s_per_cm"]);
        Assert.InRange(bulk["ea_ev"]!.GetValue<double>(), 0.45, 0.55);

        // the same temperatures from a CSV (file,temperature_c)
        var csv = dir.File("temps.csv");
        File.WriteAllText(csv, "file,temperature_c\n" + string.Join("\n", files.Select(f => $"{Path.GetFileName(f)},{Path.GetFileNameWithoutExtension(f).Split('_')[1].TrimEnd('C')}")) + "\n");
        var args2 = new List<string> { "eis", "series" };
        args2.AddRange(files);
        args2.AddRange(["--circuit", "R0-p(R1,CPE1)-CPE2", "--temperatures-csv", csv, "--thickness-mm", "1.5", "--diameter-mm", "10", "--json"]);
        var res2 = CliHarness.Run(args2.ToArray());
        Assert.Equal(0, res2.ExitCode);
        Assert.Equal(bulk["ea_ev"]!.GetValue<double>(), res2.Json()["arrhenius"]!["bulk"]!["ea_ev"]!.GetValue<double>(), 1e-9);
    }

    [SharedDataFact]
    public void TimeSeriesFromOneMultiSpectrumFile()
    {
        // pyimpspec case-multiple-spectra.mpt: 3 spectra of CIRCUIT_1 in one EC-Lab file, no temperatures
        var r = CliHarness.Run("eis", "series", SharedData.TestData("other_formats/pyimpspec/case-multiple-spectra.mpt"), "--circuit", "R0-p(R1,C1)-p(R2,W1)", "--json");
        Assert.Equal(0, r.ExitCode);
        var fits = r.Json()["fits"]!.AsArray();
        Assert.Equal(3, fits.Count);
        Assert.All(fits, f => Assert.NotNull(f!["time_s"]));
        Assert.All(fits, f => Assert.Equal(100, f!["parameters"]![0]!["value"]!.GetValue<double>(), 0.5));
        Assert.Null(r.Json()["arrhenius"]);
    }

    [Theory]
    [InlineData("R0-p(R1,", "position 9")]
    [InlineData("R0-Q", "label")]
    public void BadCircuitIsOneLineExitOne(string circuit, string expected)
    {
        using var dir = new TempDir();
        var path = dir.File("s.csv");
        File.WriteAllText(path, "f,Z',Z''\n1000,10,-1\n100,11,-3\n10,12,-2\n");
        var r = CliHarness.Run("eis", "fit", path, "--circuit", circuit);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void MoreParametersThanPointsAndSimulateWritesNothingOnError()
    {
        using var dir = new TempDir();
        var path = dir.File("s.csv");
        File.WriteAllText(path, "f,Z',Z''\n1000,10,-1\n100,11,-3\n");
        var r = CliHarness.Run("eis", "fit", path, "--circuit", "R0-p(R1,CPE1)-p(R2,CPE2)");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("more parameters", r.Stderr);
        var outFile = dir.File("out.csv");
        var s = CliHarness.Run("eis", "simulate", "--circuit", "R0-p(R1,C1)", "--params", "R0=1,R1=2", "--out", outFile);
        Assert.NotEqual(0, s.ExitCode);
        Assert.False(File.Exists(outFile));
    }
}

/// <summary>QA sweep: option values the code used to accept silently or crash on give one error line.</summary>
public class EisBadOptionTests
{
    private const string Spectrum = "f,Z',Z''\n1e5,10,-1\n1e4,11,-3\n1e3,14,-4\n100,16,-2\n10,17,-1\n1,17.5,-0.5\n";

    [Theory]
    [InlineData(1, "at least 1", "kk", "--max-m", "0")]                          // was a NullReferenceException
    [InlineData(1, "≥ 0", "drt", "--lambda", "-1")]                               // was accepted, no peaks
    [InlineData(1, "relative density", "fit", "--circuit", "R0-p(R1,C1)", "--thickness-mm", "1", "--diameter-mm", "10", "--relative-density", "85")]
    [InlineData(2, "R0 = -5", "fit", "--circuit", "R0-p(R1,C1)", "--initial", "R0=-5")] // was clamped to 0 in log space; out of range = usage error, exit 2 (issue 12)
    [InlineData(1, "no parameter 'R9'", "fit", "--circuit", "R0-p(R1,C1)", "--initial", "R9=5")]
    [InlineData(1, "random starts", "fit", "--circuit", "R0-p(R1,C1)", "--multistart", "-3")]
    [InlineData(2, "--initial", "fit", "--circuit", "R0-p(R1,C1)", "--initial", "R0")]
    [InlineData(2, "--thickness-mm", "fit", "--circuit", "R0-p(R1,C1)", "--area-cm2", "1")]
    [InlineData(1, "positive", "fit", "--circuit", "R0-p(R1,C1)", "--thickness-mm", "-1", "--area-cm2", "1")]
    [InlineData(1, "is a directory", "fit", "--circuit", "R0-p(R1,C1)", "DIR")]
    [InlineData(2, "is above --fmax", "fit", "--circuit", "R0-p(R1,C1)", "--fmin", "1e5", "--fmax", "10")]
    public void OneLineError(int exitCode, string expected, params string[] args)
    {
        using var dir = new TempDir();
        var path = dir.File("s.csv");
        File.WriteAllText(path, Spectrum);
        var argv = new List<string> { "eis", args[0] };
        argv.AddRange(args.Skip(1).Where(a => a != "DIR"));
        argv.Add(args.Contains("DIR") ? dir.Path : path);
        var r = CliHarness.Run(argv.ToArray());
        Assert.True(exitCode == r.ExitCode, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains(expected, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    [Theory]
    [InlineData("R0=1,R1=2,C1=0", "no finite impedance")] // used to write NaN rows
    [InlineData("R0=1,R1=2,C1=-1e-6", "C1")]
    [InlineData("R0=1,R1=2,C1=1e-6 --noise-pct -5", "--noise-pct")]
    public void SimulateRejectsParametersThatGiveNoSpectrum(string pars, string expected)
    {
        using var dir = new TempDir();
        var outFile = dir.File("out.csv");
        var parts = pars.Split(' ');
        var argv = new List<string> { "eis", "simulate", "--circuit", "R0-p(R1,C1)", "--params", parts[0], "--out", outFile };
        argv.AddRange(parts.Skip(1));
        var r = CliHarness.Run(argv.ToArray());
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(outFile));
    }

    [Fact]
    public void IviumFileWithTruncatedDataIsAnError()
    {
        using var dir = new TempDir();
        var path = dir.File("x.idf");
        File.WriteAllText(path, "Title=Test\r\nprimary_data\r\n3\r\n3\r\n1.0E+02 -2.0E+01\t1.0E+04\r\n");
        var r = CliHarness.Run("eis", "kk", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("truncated", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}

public class ImpedanceEvaluateTests
{
    private static string Examples => Path.Combine(Nitrolyte.Core.RepositoryPaths.RepositoryRoot ?? "", "examples");

    [Fact]
    public void Li2NhSymmetricCellAsrBeforeAndAfterHeatTreatment()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, "li2nh"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var sym = r.Json()["analyses"]!.AsObject().First(kv => kv.Key.Contains("symmetric")).Value!;
        var fits = sym["fits"]!.AsArray();
        Assert.Equal(3308, fits[0]!["conductivity"]!["asr_ohm_cm2"]!.GetValue<double>(), 3308 * 0.02);
        Assert.Equal(47, fits[1]!["conductivity"]!["asr_ohm_cm2"]!.GetValue<double>(), 47 * 0.02);
        Assert.True(sym["kk"]!["max_residual_pct"]!.GetValue<double>() < 2);
    }
}
