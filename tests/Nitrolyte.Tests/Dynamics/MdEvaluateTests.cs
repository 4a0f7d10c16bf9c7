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
        Assert.DoesNotContain(report.Scorecard, e => e.Source?.Contains("MD") == true);
        Assert.True(File.Exists(Path.Combine(tmp.Path, (string)md["density_cube_file"]!)));
    }
}
