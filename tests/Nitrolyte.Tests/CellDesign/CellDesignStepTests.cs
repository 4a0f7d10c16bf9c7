using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.CellDesign;

public class CellDesignStepTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples");

    [Fact]
    public void EvaluateReportsEnergyDensityAndChargeTime()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, "li9n2cl3"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        var cd = j["analyses"]!["cell_design"]!;
        // standard cell: NCM811 4 mAh/cm2, 90 wt %, N/P 1, Al 8 / Cu 4 um, Li9N2Cl3 (1.71 g/cm3) 50 um
        double mass = 2.16 + 20 / 0.9 + 1.71 * 5 + 4.0 / 3860 * 1000 + 8.96 * 0.4;
        Assert.Equal(15 / mass * 1000, cd["gravimetric_wh_per_kg"]!.GetValue<double>(), 6);
        double sigma = cd["electrolyte"]!["sigma_25c_s_per_cm"]!.GetValue<double>();
        Assert.InRange(sigma, 3e-5, 6e-5); // the example's sigma(25 C), generated from 4.3e-5 S/cm
        double asr = 0.005 / sigma;
        Assert.Equal(60 * 4 * asr / 100, cd["minimum_charge_time_min"]!.GetValue<double>(), 6);
        var score = j["scorecard"]!.AsArray();
        var energy = score.First(s => s!["target"]!.ToString().Contains("energy density"))!;
        // 399 Wh/kg at 50 um, but a 15-min charge needs <= 2.7 um at this sigma: judged together, the target is not met
        // (issue 14; this used to say "pass" next to a 276-min charge time)
        Assert.Equal("fail", energy["status"]!.ToString());
        Assert.Contains("thinner than a practical layer", energy["note"]!.ToString());
        Assert.Equal(50 * 15 / cd["minimum_charge_time_min"]!.GetValue<double>(), cd["charge_limited_thickness_um"]!.GetValue<double>(), 6);
        var charge = score.First(s => s!["target"]!.ToString().Contains("Charge time"))!;
        Assert.Equal("fail", charge["status"]!.ToString());
        var html = File.ReadAllText(j["report_html"]!.ToString());
        Assert.Contains("Energy density vs electrolyte thickness", html);
        Assert.Contains("Energy density vs N/P ratio", html);
        Assert.Contains("Energy density vs areal capacity", html);
        Assert.Contains("Ohmic overpotential vs current density", html);
    }

    [Fact]
    public void ManifestCellSectionOverridesTheStandardCell()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("manifest.yaml"), """
            material: Test nitride
            formula: Li3N
            cell:
              cathode: LCO
              areal_capacity_mah_cm2: 3
              electrolyte_thickness_um: 30
              sigma_s_per_cm: 1.0e-3
              allowed_polarisation_v: 0.05
              cathode_side_layers:
                - { material: Li3InCl6, thickness_um: 20, sigma_s_per_cm: 1.0e-3 }
            """);
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var cd = r.Json()["analyses"]!["cell_design"]!;
        Assert.Equal("LCO", cd["standard_cell"]!["cathode"]!.ToString());
        // ASR = (20 + 30) um / 1e-3 S/cm = 5 Ohm cm2; t = 60 x 3 x 5 / (0.05 x 1000) = 18 min
        Assert.Equal(5, cd["asr_ohm_cm2"]!.GetValue<double>(), 9);
        Assert.Equal(18, cd["minimum_charge_time_min"]!.GetValue<double>(), 9);
        double mass = 2.16 + 3.0 / 140 * 1000 / 0.9 + 2.59 * 2 + 1.27 * 3 + 3.0 / 3860 * 1000 + 8.96 * 0.4;
        Assert.Equal(3 * 3.9 / mass * 1000, cd["gravimetric_wh_per_kg"]!.GetValue<double>(), 6);
    }

    [Fact]
    public void BadCellSectionIsAOneLineError()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\nformula: Li3N\ncell:\n  cathode: NOPE\n");
        // a failing material step is listed under not_analysed (issue 14); --strict makes it exit 1 with the reason
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--strict");
        Assert.Equal(1, r.ExitCode);
        var errors = r.Stderr.Trim().Split('\n').Where(l => l.StartsWith("error:")).ToList();
        Assert.Single(errors);
        Assert.Contains("cell: unknown cathode preset 'NOPE'", errors[0]);
    }

    [Fact]
    public void NoDensityNoConductivityMeansNoSection()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("manifest.yaml"), "material: Mystery\nformula: Li5B3O7\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Null(r.Json()["analyses"]!["cell_design"]);
    }
}

public class CellDesignStepInterfaceTests
{
    private sealed class PublishesInterfaceAsr : Nitrolyte.Evaluation.IMaterialStep
    {
        public string Key => "fake_symmetric_cell";
        public Nitrolyte.Evaluation.StepOutcome? Run(Nitrolyte.Evaluation.EvaluationContext context)
        {
            var o = new Nitrolyte.Evaluation.StepOutcome
            {
                Results = new System.Text.Json.Nodes.JsonObject(),
                Section = new Nitrolyte.Reports.ReportSection { Key = Key, Title = "fake" },
            };
            o.Metrics.Add(new Nitrolyte.Evaluation.MetricValue(Nitrolyte.Evaluation.MetricKeys.InterfaceAsr, 47, "Ohm cm2", "symmetric cell after 60 C"));
            o.Metrics.Add(new Nitrolyte.Evaluation.MetricValue(Nitrolyte.Evaluation.MetricKeys.Sigma25C, 1e-3, "S/cm", "pellet"));
            return o;
        }
    }

    [Fact]
    public void MeasuredInterfaceAsrIsAddedToTheElectrolyte()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("manifest.yaml"), "material: Li2NH\nformula: Li2NH\n");
        var manifest = Nitrolyte.Evaluation.Manifest.Load(tmp.File("manifest.yaml"));
        var report = Nitrolyte.Evaluation.EvaluationPipeline.Evaluate(manifest, tmp.Path, materialSteps:
            [new PublishesInterfaceAsr(), new Nitrolyte.Evaluation.Steps.CellDesignStep()]);
        var cd = report.Analyses["cell_design"]!;
        // 50 um at 1 mS/cm = 5 Ohm cm2, plus 47 Ohm cm2 interface = 52; t = 60 x 4 x 52 / 100 = 124.8 min
        Assert.Equal(52, cd["asr_ohm_cm2"]!.GetValue<double>(), 9);
        Assert.Equal(124.8, cd["minimum_charge_time_min"]!.GetValue<double>(), 9);
        Assert.Contains("symmetric cell", cd["interface_asr_source"]!.ToString());
    }
}
