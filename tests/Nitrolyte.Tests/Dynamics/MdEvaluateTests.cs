using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Dynamics;

public class MdEvaluateTests
{
    [Fact]
    public void ExampleManifest_MdStep_RecoversSyntheticEa()
    {
        var root = RepositoryPaths.RepositoryRoot!;
        var manifest = Manifest.Load(Path.Combine(root, "examples", "li2.5n0.5s0.5", "manifest.yaml"));
        using var tmp = new TempDir();
        var report = EvaluationPipeline.Evaluate(manifest, tmp.Path);
        var md = report.Analyses["md"]!;
        Assert.Equal(4, md["files"]!.AsArray().Count);
        double ea = (double)md["arrhenius"]!["ea_ev"]!, se = (double)md["arrhenius"]!["ea_stderr_ev"]!;
        Assert.InRange(0.28, ea - 3 * se, ea + 3 * se);
        var section = report.Sections.Single(s => s.Key.StartsWith("md-"));
        Assert.True(section.Figures.Count >= 5); // MSD, per-direction, Arrhenius, 2 van Hove maps
        Assert.Single(section.Views);
        Assert.NotNull(section.Views[0].CubeText);
        // the 3D view shows the framework only: averaged positions of hopping Li are meaningless and hid the isosurface
        var modelLines = section.Views[0].ModelText!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToArray();
        Assert.NotEmpty(modelLines);
        Assert.DoesNotContain(modelLines, l => l.StartsWith("Li "));
        Assert.DoesNotContain(report.Scorecard, e => e.Source?.Contains("MD") == true);
        Assert.True(File.Exists(Path.Combine(tmp.Path, (string)md["density_cube_file"]!)));
    }
}

public class MdMaterialArrheniusTests
{
    [Fact]
    public void SeparateEntriesAtDifferentTemperatures_GiveMaterialArrhenius()
    {
        using var tmp = new TempDir();
        var yaml = new System.Text.StringBuilder("material: synthetic\ndata:\n");
        foreach (var t in new[] { 800, 1000, 1200 })
        {
            var f = tmp.File($"XDATCAR_{t}");
            Assert.Equal(0, CliHarness.Run("md", "simulate", "--out", f, "--temperature-k", $"{t}", "--frames", "200", "--frame-interval-fs", "1000", "--seed", $"{t}").ExitCode);
            yaml.Append($"  - technique: md\n    label: run {t} K\n    file: XDATCAR_{t}\n    options: {{species: Li, timestep_fs: 1000, temperature_k: {t}, vanhove: false, density: false}}\n");
        }
        File.WriteAllText(tmp.File("manifest.yaml"), yaml.ToString());
        var report = EvaluationPipeline.Evaluate(Manifest.Load(tmp.File("manifest.yaml")), tmp.File("out"));
        var arr = report.Analyses["md-arrhenius"];
        Assert.NotNull(arr);
        Assert.Equal(3, (int)arr!["n_temperatures"]!);
        Assert.InRange((double)arr["ea_ev"]!, 0.15, 0.45);
        Assert.Contains(report.Sections, s => s.Key == "md-arrhenius");
    }
}
