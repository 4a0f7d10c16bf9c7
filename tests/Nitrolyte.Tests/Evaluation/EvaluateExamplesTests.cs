using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Evaluation;

public class EvaluateExamplesTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples");

    [Fact]
    public void EvaluateWritesReportsForEveryExample()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Examples, "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var arr = r.Json().AsArray();
        Assert.True(arr.Count >= 3);
        foreach (var m in arr)
        {
            var html = m!["report_html"]!.ToString();
            Assert.True(File.Exists(html));
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(html)!, "report.json")));
            Assert.NotEmpty(m["scorecard"]!.AsArray());
            foreach (var e in m["scorecard"]!.AsArray())
            {
                // the contract keys, plus a stable id for scripts (QA)
                foreach (var k in new[] { "target", "value", "unit", "status", "id" }) Assert.True(e!.AsObject().ContainsKey(k), k);
                Assert.Contains(e!["status"]!.ToString(), new[] { "pass", "fail", "not_measured" });
            }
            Assert.Contains(m["scorecard"]!.AsArray(), e => e!["id"]!.ToString() == "sigma_25c");
        }
    }

    [Fact]
    public void Li2NhHotPressedConductivityIsRecovered()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, "li2nh"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var analyses = r.Json()["analyses"]!.AsObject();
        var hot = analyses.First(kv => kv.Key.Contains("hot pressed")).Value!;
        // impedance spectra generated with Ea = 0.44 eV and 1.0 mS/cm at 30 C (0.3 % noise), the pellet 0.6 K
        // above the 30 C set point (set-point offsets of +-1 K): the evaluation fits every spectrum, derives sigma
        // and fits Arrhenius (examples/generate_spectra.sh)
        double ea = hot["ea_ev"]!.GetValue<double>(), se = hot["ea_stderr_ev"]!.GetValue<double>();
        Assert.InRange(se, 0.002, 0.03); // the set-point scatter gives a realistic, non-zero standard error
        Assert.InRange(0.44, ea - 3 * se, ea + 3 * se);
        var at30 = hot["fits"]!.AsArray().First(f => f!["temperature_c"]!.GetValue<double>() == 30)!;
        double t = 303.15 + 0.6, expected = 1.0e-3 * 303.15 / t * Math.Exp(-0.44 / 8.617333262e-5 * (1 / t - 1 / 303.15));
        Assert.Equal(expected, at30["conductivity"]!["total_s_per_cm"]!.GetValue<double>(), 2e-5);
    }

    /// <summary>Every example's impedance-series Ea comes back within 3 SE of the Ea its spectra were generated with
    /// (docs/validation.md credits this test with all five; examples/*/README.md give the generating parameters).</summary>
    [Theory]
    [InlineData("li2nh", "cold pressed", 0.50)]
    [InlineData("li2nh", "milled", 0.52)]
    [InlineData("li2nh", "hot pressed", 0.44)]
    [InlineData("li9n2cl3", "cold-pressed", 0.378)]
    [InlineData("li2.5n0.5s0.5", "cold-pressed", 0.35)]
    public void ExampleActivationEnergiesAreRecovered(string example, string label, double generatedEaEV)
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, example), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var analyses = r.Json()["analyses"]!.AsObject();
        var eis = analyses.Where(kv => kv.Value?["ea_ev"] is not null && kv.Value?["fits"] is not null)
            .First(kv => kv.Key.Contains(label) || (kv.Value!["label"]?.ToString() ?? "").Contains(label) || analyses.Count(x => x.Value?["fits"] is not null) == 1).Value!;
        double ea = eis["ea_ev"]!.GetValue<double>(), se = eis["ea_stderr_ev"]!.GetValue<double>();
        Assert.InRange(se, 0.001, 0.05);
        Assert.InRange(generatedEaEV, ea - 3 * se, ea + 3 * se);
    }

    [Fact]
    public void MissingManifestFolderIsAOneLineError()
    {
        var r = CliHarness.Run("evaluate", "/nonexistent/folder", "--out", "/tmp/x");
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
