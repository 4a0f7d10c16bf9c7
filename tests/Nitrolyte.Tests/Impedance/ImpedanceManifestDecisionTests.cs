using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

/// <summary>The decisions the workbench writes to a manifest (fixed, initial, bounds) are honoured by evaluate (issue 16).</summary>
public class ImpedanceManifestDecisionTests
{
    private static (int Exit, System.Text.Json.Nodes.JsonNode? Analysis, string Err) Run(string options)
    {
        var examples = Path.Combine(Nitrolyte.Core.RepositoryPaths.RepositoryRoot ?? "", "examples", "li2nh");
        using var tmp = new TempDir();
        foreach (var t in new[] { 30, 50 }) File.Copy(Path.Combine(examples, $"cold_pressed_{t}C.csv"), tmp.File($"cold_pressed_{t}C.csv"));
        File.WriteAllText(tmp.File("manifest.yaml"), $$"""
            material: Li2NH
            sample: { diameter_mm: 10, thickness_mm: 1.5 }
            data:
              - technique: eis
                label: cold pressed
                files: [cold_pressed_30C.csv, cold_pressed_50C.csv]
                options: { circuit: "R0-p(R1,CPE1)-CPE2", cell: blocking, {{options}} }
            """);
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json", "--strict");
        var a = r.ExitCode == 0 ? r.Json()["analyses"]!.AsObject().First(kv => kv.Key.Contains("eis")).Value : null;
        return (r.ExitCode, a, r.Stderr);
    }

    [Fact]
    public void FixedAndBoundsReachTheFits()
    {
        var (exit, a, err) = Run("fixed: { CPE2_1: 0.9 }, bounds: { CPE1_1: [0.8, 0.95] }");
        Assert.True(exit == 0, err);
        foreach (var fit in a!["fits"]!.AsArray())
        {
            var ps = fit!["parameters"]!.AsArray();
            var n2 = ps.First(p => p!["name"]!.GetValue<string>() == "CPE2_1")!;
            Assert.True(n2["fixed"]!.GetValue<bool>());
            Assert.Equal(0.9, n2["value"]!.GetValue<double>(), 12);
            var n1 = ps.First(p => p!["name"]!.GetValue<string>() == "CPE1_1")!["value"]!.GetValue<double>();
            Assert.InRange(n1, 0.8, 0.95);
        }
    }

    [Theory]
    [InlineData("fixed: { CPE2_1: abc }", "fixed.CPE2_1 must be a number")]
    [InlineData("bounds: { CPE1_1: [0.9, 0.8] }", "lower < upper")]
    [InlineData("bounds: \"CPE1_1=0.9\"", "NAME=LOWER:UPPER")]
    public void BadDecisionsAreOneLineErrors(string options, string expected)
    {
        var (exit, _, err) = Run(options);
        Assert.NotEqual(0, exit);
        Assert.Contains(expected, err);
    }
}
