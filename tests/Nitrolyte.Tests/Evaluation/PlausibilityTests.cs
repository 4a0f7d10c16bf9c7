using System.Text.Json.Nodes;
using Nitrolyte.Dynamics;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Evaluation;
using Nitrolyte.Formats;
using Nitrolyte.Reports;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Evaluation;

/// <summary>Issue 14 item 8: implausible numbers carry a warning, dependent targets are judged together.</summary>
public class PlausibilityTests
{
    /// <summary>Constant-current halves: (sign, mAh); 1 mA, 3.7 V ± 0.2 V; 20 points each, 10 s rest between.</summary>
    private static TimeSeries Halves(params (int Sign, double Mah)[] halves)
    {
        var t = new List<double>(); var v = new List<double>(); var i = new List<double>();
        double time = 0;
        foreach (var (sign, mah) in halves)
        {
            double dur = mah * 3.6; // s at 1 mA
            for (int k = 0; k < 20; k++) { t.Add(time + dur * k / 19); v.Add(3.7 + sign * 0.2 * k / 19); i.Add(sign * 1e-3); }
            time += dur;
            t.Add(time + 10); v.Add(3.7); i.Add(0);
            time += 10;
        }
        return new TimeSeries { Source = "synthetic", TimeS = [.. t], VoltageV = [.. v], CurrentA = [.. i] };
    }

    [Fact]
    public void AnInitialDischargeSmallerThanTheNextChargeIsNotPairedWithIt()
    {
        // the case: first discharge 0.65 of the next charge; pairing them gave an initial CE of 153 %
        var ts = Halves((-1, 0.65), (1, 1.0), (-1, 0.9), (1, 0.92), (-1, 0.9), (1, 0.91), (-1, 0.89));
        var r = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 5, Cathode = "NCM83" });
        Assert.True(r.ChargeFirst);
        Assert.Equal(0.9, r.InitialCoulombicEfficiency, 1e-6);
        Assert.All(r.Cycles.Where(c => c.Complete), c => Assert.True(c.CoulombicEfficiency <= 1));
        var w = Assert.Single(r.Warnings, x => x.Contains("starts with a discharge"));
        Assert.Contains("pairing them would give CE 154 %", w);
        Assert.Contains("each cycle pairs a charge with the discharge that follows it", w);
    }

    [Fact]
    public void ADischargeFirstCellKeepsItsPairingAndNoWarning()
    {
        // assembled charged (anode half cell, TiS2): the first discharge is the larger one
        var ts = Halves((-1, 1.0), (1, 0.9), (-1, 0.92), (1, 0.9), (-1, 0.91), (1, 0.9));
        var r = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 5, Cathode = "TiS2" });
        Assert.False(r.ChargeFirst);
        Assert.Equal(0.9, r.InitialCoulombicEfficiency, 1e-6);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void CoulombicEfficiencyAbove100PercentIsFlaggedWithThePairing()
    {
        var ts = Halves((1, 1.0), (-1, 1.1), (1, 1.0), (-1, 0.99));
        var r = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 5, Cathode = "NCM83" });
        var w = Assert.Single(r.Warnings, x => x.Contains("above 100 %"));
        Assert.Contains("cycle 1: 110.0 %", w);
        Assert.DoesNotContain("cycle 2", w);
        Assert.Contains("each charge with the discharge after it", w);
    }

    [Fact]
    public void CapacityAboveTheCathodesTheoreticalIsFlagged()
    {
        // 1 mAh on 0.003 mg (a mass typed in g instead of mg...) = 333,333 mAh/g
        var ts = Halves((1, 1.0), (-1, 0.95), (1, 0.96), (-1, 0.95));
        var r = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 0.003, Cathode = "NCM83" });
        var w = Assert.Single(r.Warnings, x => x.Contains("theoretical"));
        Assert.Contains("275.2 mAh/g of NCM83", w);
        Assert.Contains("active mass", w);
        var ok = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 5, Cathode = "NCM83" }); // 200 mAh/g
        Assert.DoesNotContain(ok.Warnings, x => x.Contains("theoretical"));
        var unnamed = FullCell.Analyse(ts, new FullCellOptions { ActiveMassMg = 0.003 });
        Assert.Contains(unnamed.Warnings, x => x.Contains("1.5 × the 200 mAh/g that defines 1C"));
    }

    [Theory]
    [InlineData(4.57, 52.98, 1e-6, "not determined (SE 52.98 > value 4.57)")]
    [InlineData(0.45, 0.05, 1e-6, "0.45 ± 0.05")]
    [InlineData(-3.0, 1.0, -1e-6, "not determined (collective D -1.0e-6 ± 2.0e-7 cm²/s is not positive)")]
    public void HavenRatioIsOnlyGivenWhenDetermined(double h, double se, double dColl, string expected)
    {
        Assert.Equal(expected, MdAnalysisResult.DescribeHaven(h, se, dColl, 2e-7));
        Assert.Equal(expected.Contains('±') && !expected.StartsWith("not"), MdAnalysisResult.IsHavenDetermined(h, se, dColl));
    }

    private static ScorecardEntry Score(string id, params MetricValue[] metrics)
    {
        var board = new MetricBoard();
        foreach (var m in metrics) board.Add(m);
        return Targets.Score(board, [id]).Single();
    }

    [Fact]
    public void EnergyDensityFailsWhenNoPracticalLayerChargesInTime()
    {
        // the case: 403 Wh/kg at the reference thickness, but a charge time of 4.8e8 min
        var e = Score("energy_density", new(MetricKeys.EnergyDensity, 403, "Wh/kg", "ref"), new(MetricKeys.ChargeLimitedThickness, 50 * 15 / 4.8e8, "um", "ref"));
        Assert.Equal(TargetStatus.Fail, e.Status);
        Assert.Contains("thinner than a practical layer", e.Note);
        // σ good enough for a 20 µm layer: judged at 20 µm
        var ok = Score("energy_density", new(MetricKeys.EnergyDensity, 403, "Wh/kg", "ref"), new(MetricKeys.ChargeLimitedThickness, 20, "um", "ref"),
            new(MetricKeys.EnergyDensityAtChargeTime, 430, "Wh/kg", "ref 20 µm", "at 20 µm"));
        Assert.Equal(TargetStatus.Pass, ok.Status);
        Assert.Equal(430, ok.Value);
        // no conductivity: judged on the energy density alone, and it says so
        var alone = Score("energy_density", new MetricValue(MetricKeys.EnergyDensity, 403, "Wh/kg", "ref"));
        Assert.Equal(TargetStatus.Pass, alone.Status);
        Assert.Contains("charge time could not be judged", alone.Note);
    }

    [Fact]
    public void ACcdStaircaseThatNeverFailedIsALowerBoundNotReached()
    {
        var e = Score("ccd", new MetricValue(MetricKeys.CriticalCurrentDensityLowerBound, 0.08, "mA/cm2", "s"));
        Assert.True(e.IsLowerBound);
        Assert.Equal("not reached", e.VerdictText);
        Assert.Equal("≥ 0.08 mA/cm²", e.ValueText(HtmlReportWriter.FormatNumber));
        var measured = Score("ccd", new(MetricKeys.CriticalCurrentDensity, 10, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 10, "mAh/cm2", "s"));
        Assert.False(measured.IsLowerBound);
        Assert.Equal("fail", measured.VerdictText);
    }

    [Fact]
    public void EvaluateShowsTheActivationEnergyAndJudgesTogether()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n100,1.8e-3\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: Li3N\nformula: Li3N\ndata:\n  - technique: conductivity_table\n    file: sigma.csv\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Activation energy Ea: 0.", r.Stdout);
        var j = JsonNode.Parse(File.ReadAllText(tmp.File("out/report.json")))!;
        Assert.StartsWith("Activation energy", j["key_figures"]![0]!["name"]!.ToString());
        var cd = j["analyses"]!["cell_design"]!;
        double lMax = cd["charge_limited_thickness_um"]!.GetValue<double>();
        var ed = j["scorecard"]!.AsArray().First(e => e!["id"]!.ToString() == "energy_density")!;
        // 0.1 mS/cm: a 15-min charge needs a layer of a few µm at most: the energy-density target is not met
        Assert.InRange(lMax, 0, Targets.MinimumPracticalLayerUm);
        Assert.Equal("fail", ed["status"]!.ToString());
        Assert.Contains("thinner than a practical layer", ed["note"]!.ToString());
    }

    [Fact]
    public void ANegativeAsrIsFlaggedAndKeptOutOfTheTable()
    {
        using var tmp = new TempDir();
        var p = SimulationPresets.Seed000Symmetric();
        using (var w = new StreamWriter(tmp.File("sym.csv"))) TimeSeriesCsv.Write(CellSimulator.Symmetric(p), w);
        // σ 100× too low: the "bulk" removed exceeds the measured resistance
        File.WriteAllText(tmp.File("manifest.yaml"), $"material: X\ndata:\n  - technique: symmetric_cycling\n    file: sym.csv\n" +
            $"    sample: {{ area_cm2: {p.AreaCm2}, thickness_mm: {p.ThicknessCm * 10} }}\n    options: {{ sigma_s_per_cm: {p.SigmaSPerCm / 100} }}\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var warnings = r.Json()["analyses"]!["symmetric_cycling"]!["warnings"]!.AsArray().Select(x => x!.ToString()).ToList();
        Assert.True(warnings.Any(x => x.Contains("ASR is negative") && x.Contains("sigma_s_per_cm")),
            string.Join(" | ", warnings) + r.Json()["analyses"]!["symmetric_cycling"]!["half_cycles"]![0]!.ToJsonString());
        // with the right σ there is no such warning
        File.WriteAllText(tmp.File("manifest.yaml"), $"material: X\ndata:\n  - technique: symmetric_cycling\n    file: sym.csv\n" +
            $"    sample: {{ area_cm2: {p.AreaCm2}, thickness_mm: {p.ThicknessCm * 10} }}\n    options: {{ sigma_s_per_cm: {p.SigmaSPerCm} }}\n");
        var good = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.DoesNotContain(good.Json()["analyses"]!["symmetric_cycling"]!["warnings"]!.AsArray(), x => x!.ToString().Contains("ASR is negative"));
    }
}

public class ReportTextTests
{
    [Fact]
    public void PlotLabelsArePlainText()
    {
        var trace = PlotFigure.Line("<b>LLZO</b> & <a href=\"x\">y</a>", [1.0, 2], [3.0, 4]);
        trace["text"] = new JsonArray("<i>p1</i>", "p2");
        var plain = PlotText.Plain(trace);
        Assert.Equal("&lt;b&gt;LLZO&lt;/b&gt; &amp; &lt;a href=\"x\"&gt;y&lt;/a&gt;", plain["name"]!.ToString());
        Assert.Equal("&lt;i&gt;p1&lt;/i&gt;", plain["text"]![0]!.ToString());
        var layout = PlotText.Plain(new PlotFigure { Title = "Residuals: <b>x</b>", XTitle = "f (Hz)", YTitle = "a < b" }.Layout());
        Assert.Equal("Residuals: &lt;b&gt;x&lt;/b&gt;", layout["title"]!["text"]!.ToString());
        Assert.Equal("a &lt; b", layout["yaxis"]!["title"]!["text"]!.ToString());
        Assert.Equal("linear", layout["xaxis"]!["type"]!.ToString()); // other values untouched
    }

    [Fact]
    public void AManifestLabelWithTagsIsNotRenderedAsHtmlInTheReport()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\ndata:\n  - technique: conductivity_table\n    label: \"<b>bold</b> <a href='https://example.org'>link</a>\"\n    file: sigma.csv\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var html = File.ReadAllText(tmp.File("out/report.html"));
        int script = html.LastIndexOf("nitrolytePlot('fig1'", StringComparison.Ordinal);
        Assert.True(script > 0);
        var call = html[script..html.IndexOf('\n', script)];
        // in the plot data the label's < and > reach plotly only as entities (JSON-escaped &lt; = \u0026lt;)
        Assert.Contains("\\u0026lt;b\\u0026gt;bold", call);
        Assert.DoesNotContain("\\u003Cb\\u003E", call);
        Assert.DoesNotContain("<b>", call);
    }

    [Fact]
    public void TheResidualCaptionStatesTheResult()
    {
        var bad = new Nitrolyte.Impedance.LinKKResult(5, 0.5, 0, default, 0, 0, 0, [], [], [], [0.5, 9.55], [1.0, -2.0]);
        var caption = Nitrolyte.Evaluation.Steps.ImpedanceStep.ResidualCaption([0.3, -0.8], [0.1, 0.2], bad);
        Assert.Contains("up to 9.55 %", caption);
        Assert.Contains("above 1 %", caption);
        Assert.DoesNotContain("well below", caption);
        Assert.Contains("largest 0.8 %", caption);
        var good = new Nitrolyte.Impedance.LinKKResult(5, 0.5, 0, default, 0, 0, 0, [], [], [], [0.2, -0.3], [0.1, 0.05]);
        Assert.Contains("at most 0.3 %: within 1 %", Nitrolyte.Evaluation.Steps.ImpedanceStep.ResidualCaption([0.3], [0.1], good));
    }
}

public class ReportLegendBrowserTests
{
    [BrowserFact]
    public void AManifestLabelWithTagsIsDrawnAsTyped()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("sigma.csv"), "T_C,sigma_s_per_cm\n25,1.0e-4\n50,3.1e-4\n75,8.0e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: X\ndata:\n  - technique: conductivity_table\n    label: \"<b>bold</b> <a href='https://example.org'>link</a>\"\n    file: sigma.csv\n");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var dom = HeadlessBrowser.DumpDom(tmp.File("out/report.html"));
        Assert.Contains("main-svg", dom);
        // plotly drew the label's characters as text: no bold tspan, no link inside the SVG
        var svg = string.Concat(System.Text.RegularExpressions.Regex.Matches(dom, "<svg class=\"main-svg\".*?</svg>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Value));
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", svg);
        Assert.DoesNotContain("example.org\"", svg);
        Assert.DoesNotContain("font-weight:bold\">bold", svg);
    }
}
