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

    [Fact]
    public void Evaluate_uses_the_bundled_instrument_file_and_refines_the_displacement()
    {
        using var t = new TempDir();
        var dir = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "xrd");
        File.Copy(Path.Combine(dir, "li9n2cl3_cuka_simulated.xye"), t.File("p.xye"));
        File.Copy(Path.Combine(dir, "cuka_instrument.json"), t.File("inst.json"));
        File.WriteAllText(t.File("manifest.yaml"),
            "material: Li9N2Cl3\ndata:\n  - technique: xrd_measured\n    file: p.xye\n    options:\n      structure: Li9N2Cl3\n      instrument: inst.json\n      refine_displacement: true\n      refine_occupancy: Li1\n");
        var r = CliHarness.Run("evaluate", t.Path, "--out", t.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Directory.EnumerateFiles(t.File("out"), "report.json", SearchOption.AllDirectories).First()))!;
        var inst = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(t.File("inst.json")))!;
        Assert.Equal(5.3506, FindKey(json, "a_angstrom")!.GetValue<double>(), 4);
        // zero held at the instrument file's value; the displacement refined (truth 0)
        Assert.Equal(inst["zero_deg"]!.GetValue<double>(), FindKey(json, "zero_shift_deg")!.GetValue<double>(), 12);
        double d = FindKey(json, "displacement_deg")!.GetValue<double>(), dErr = FindKey(json, "displacement_stderr_deg")!.GetValue<double>();
        Assert.True(Math.Abs(d) < 4 * dErr, $"D {d} ± {dErr}");
        Assert.Contains("instrument file inst.json", File.ReadAllText(Directory.EnumerateFiles(t.File("out"), "report.html", SearchOption.AllDirectories).First()));
    }

    [Fact]
    public void Evaluate_refines_a_free_coordinate_given_as_refine_xyz()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("moved.cif"), Nitrolyte.Formats.Structures.Prototypes.Find("beta-Li3N")!.CifText.Replace("0.59096000", "0.58300000"));
        var s = CliHarness.Run("xrd", "simulate", t.File("moved.cif"), "--output", t.File("n.xye"), "--neutron", "--wavelength", "1.622", "--two-theta", "15,150,0.05",
            "--scale", "0.05", "--background", "200", "--seed", "6");
        Assert.True(s.ExitCode == 0, s.Stderr);
        File.WriteAllText(t.File("manifest.yaml"),
            "material: Li3N\ndata:\n  - technique: xrd_measured\n    file: n.xye\n    options:\n      structure: beta-Li3N\n      wavelength: 1.622\n      radiation: neutron\n      background_terms: 3\n      refine_xyz: [Li1]\n");
        var r = CliHarness.Run("evaluate", t.Path, "--out", t.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr + r.Stdout);
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Directory.EnumerateFiles(t.File("out"), "report.json", SearchOption.AllDirectories).First()))!;
        var c = FindKey(json, "coordinates")!.AsArray().Single()!;
        Assert.Equal("Li1", c["site"]!.GetValue<string>());
        Assert.True(Math.Abs(c["z"]!.GetValue<double>() - 0.583) < 4 * c["z_stderr"]!.GetValue<double>(), c.ToJsonString());
    }

    private static System.Text.Json.Nodes.JsonNode? FindKey(System.Text.Json.Nodes.JsonNode? n, string key) => n switch
    {
        System.Text.Json.Nodes.JsonObject o => o.TryGetPropertyValue(key, out var v) ? v : o.Select(kv => FindKey(kv.Value, key)).FirstOrDefault(x => x is not null),
        System.Text.Json.Nodes.JsonArray a => a.Select(x => FindKey(x, key)).FirstOrDefault(x => x is not null),
        _ => null,
    };
}
