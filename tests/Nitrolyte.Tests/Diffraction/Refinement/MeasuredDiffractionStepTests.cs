using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction.Refinement;

public class MeasuredDiffractionStepTests
{
    [Fact]
    public void Evaluate_refines_the_bundled_generated_pattern_and_reports_the_vacancy_content()
    {
        using var t = new TempDir();
        var example = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "xrd", "li9n2cl3_cuka_simulated.xye");
        Assert.True(File.Exists(example), example);
        File.Copy(example, t.File("p.xye"));
        File.WriteAllText(t.File("manifest.yaml"),
            "material: Li9N2Cl3\ndata:\n  - technique: xrd_measured\n    file: p.xye\n    options:\n      structure: Li9N2Cl3\n      wavelength: CuKa\n      refine_occupancy: Li1\n");
        var r = CliHarness.Run("evaluate", t.Path, "--out", t.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        Assert.Contains("\"xrd_measured\"", r.Stdout);
        var report = Directory.EnumerateFiles(t.File("out"), "report.json", SearchOption.AllDirectories).First();
        var text = File.ReadAllText(report);
        Assert.Contains("vacancy_fraction", text);
        var json = System.Text.Json.Nodes.JsonNode.Parse(text)!;
        var node = FindKey(json, "a_angstrom");
        Assert.NotNull(node);
        Assert.Equal(5.3506, node!.GetValue<double>(), 4);
        var html = Directory.EnumerateFiles(t.File("out"), "report.html", SearchOption.AllDirectories).First();
        Assert.Contains("Site occupancies and vacancy content", File.ReadAllText(html));
    }

    private static System.Text.Json.Nodes.JsonNode? FindKey(System.Text.Json.Nodes.JsonNode? n, string key) => n switch
    {
        System.Text.Json.Nodes.JsonObject o => o.TryGetPropertyValue(key, out var v) ? v : o.Select(kv => FindKey(kv.Value, key)).FirstOrDefault(x => x is not null),
        System.Text.Json.Nodes.JsonArray a => a.Select(x => FindKey(x, key)).FirstOrDefault(x => x is not null),
        _ => null,
    };
}
