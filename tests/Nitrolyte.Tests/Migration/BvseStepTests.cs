using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Migration;

public class BvseStepTests
{
    [Fact]
    public void EvaluateRunsBvseOnTheExampleStructure()
    {
        using var tmp = new TempDir();
        var dir = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li2.5n0.5s0.5");
        var r = CliHarness.Run("evaluate", dir, "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var analyses = r.Json()["analyses"]!.AsObject();
        var bvse = analyses.First(kv => kv.Key.StartsWith("structure") && kv.Key.EndsWith("/bvse")).Value!;
        Assert.InRange((double)bvse["barriers_ev"]!["3d"]!, 0.15, 0.25);
        Assert.True(File.Exists(Path.Combine(tmp.Path, (string)bvse["cube_file"]!)));
        var html = File.ReadAllText(Path.Combine(tmp.Path, "report.html"));
        Assert.Contains("Li-ion migration (BVSE)", html);
        Assert.Contains("minimax path", html);
    }

    [Fact]
    public void StepPublishesTheBarrierMetricAndAnIsosurfaceView()
    {
        using var tmp = new TempDir();
        var cif = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3", "Li9N2Cl3.cif");
        var entry = new DataEntry(0, "structure", [cif], "Li9N2Cl3", new System.Text.Json.Nodes.JsonObject { ["grid_a"] = 0.25 }, null!);
        var ctx = new EvaluationContext { Manifest = null!, OutputDirectory = tmp.Path };
        var step = new BvseStep();
        Assert.Equal("bvse", step.Name);
        Assert.Contains("structure", step.Techniques);
        var o = step.Run(entry, ctx);
        var m = Assert.Single(o.Metrics, x => x.Key == MetricKeys.MigrationBarrier3D);
        Assert.InRange(m.Value, 0.2, 0.35);
        var view = Assert.Single(o.Section.Views);
        Assert.NotNull(view.CubeText);
        Assert.Equal(m.Value + 0.005, view.IsoValue!.Value, 9);
        // the minimax-path profile, and the NEB start-up profile of the hop with the path's highest saddle (issue 19)
        Assert.Equal(2, o.Section.Figures.Count);
        Assert.StartsWith("NEB start-up", o.Section.Figures[1].Title);
        var neb = o.Results["neb_start"]!;
        if (o.Results["paths"]!.AsArray().Any(p => (int)p!["dimension"]! == 3))
            Assert.Equal(m.Value, (double)neb["saddle_above_minimum_ev"]!, 6);
        Assert.Equal(9, neb["profile"]!.AsArray().Count);
        Assert.Equal(0, (double)neb["profile"]![0]!["energy_ev"]!, 9);
        Assert.Contains(o.Section.Paragraphs, x => x.Contains("nitrolyte bvse neb"));
    }

    [Fact]
    public void StructureWithoutParametersIsReportedNotFatal()
    {
        using var tmp = new TempDir();
        var cif = tmp.File("ycl.cif");
        File.WriteAllText(cif, "data_x\n_cell_length_a 5\n_cell_length_b 5\n_cell_length_c 5\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
                               "loop_\n_atom_site_type_symbol\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nY Y1 0 0 0\nCl Cl1 0.5 0.5 0.5\n");
        var entry = new DataEntry(0, "structure", [cif], "YCl", new System.Text.Json.Nodes.JsonObject(), null!);
        var o = new BvseStep().Run(entry, new EvaluationContext { Manifest = null!, OutputDirectory = tmp.Path });
        Assert.Contains("BVSE not computed", Assert.Single(o.Section.Warnings));
        Assert.Empty(o.Metrics);
        Assert.NotNull(o.Results["error"]);
    }
}
