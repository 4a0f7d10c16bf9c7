using Nitrolyte.Evaluation;
using Nitrolyte.Reports;

namespace Nitrolyte.Tests.Evaluation;

public class TargetsTests
{
    private static ScorecardEntry Ccd(params MetricValue[] metrics)
    {
        var board = new MetricBoard();
        foreach (var m in metrics) board.Add(m);
        return Targets.Score(board, ["ccd"]).Single();
    }

    [Fact]
    public void ObservedCcdBelowTargetFails() =>
        Assert.Equal(TargetStatus.Fail, Ccd(new(MetricKeys.CriticalCurrentDensity, 10, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 10, "mAh/cm2", "s")).Status);

    [Fact]
    public void ObservedCcdAboveTargetAtHighCapacityPasses() =>
        Assert.Equal(TargetStatus.Pass, Ccd(new(MetricKeys.CriticalCurrentDensity, 15, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 4, "mAh/cm2", "s")).Status);

    [Fact]
    public void ObservedCcdAboveTargetAtLowCapacityFails() =>
        Assert.Equal(TargetStatus.Fail, Ccd(new(MetricKeys.CriticalCurrentDensity, 15, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 1, "mAh/cm2", "s")).Status);

    [Fact]
    public void StaircaseWithoutFailureBelowTargetIsNotAVerdict()
    {
        // seed 000's 5-80 uA/cm2 cycling never failed: the CCD is only known to be >= 0.08 mA/cm2
        var e = Ccd(new MetricValue(MetricKeys.CriticalCurrentDensityLowerBound, 0.08, "mA/cm2", "s"));
        Assert.Equal(TargetStatus.NotMeasured, e.Status);
        Assert.Equal(0.08, e.Value);
        Assert.Contains("without failure", e.Note);
    }

    [Fact]
    public void StaircaseWithoutFailureAboveTargetPasses() =>
        Assert.Equal(TargetStatus.Pass, Ccd(new(MetricKeys.CriticalCurrentDensityLowerBound, 70, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 5, "mAh/cm2", "s")).Status);

    [Fact]
    public void NothingMeasuredIsNotMeasured() => Assert.Equal(TargetStatus.NotMeasured, Ccd().Status);
}

public class UnknownTechniqueTests
{
    [Fact]
    public void MistypedTechniqueGetsASuggestionAndUnknownOnesTheList()
    {
        using var tmp = new Nitrolyte.Tests.Support.TempDir();
        File.WriteAllText(tmp.File("a.csv"), "T_C,sigma_s_per_cm\n25,1e-4\n50,3e-4\n");
        File.WriteAllText(tmp.File("manifest.yaml"),
            "material: X\ndata:\n  - technique: impedence\n    file: a.csv\n  - technique: nmr_t1\n    file: a.csv\n");
        var r = Nitrolyte.Tests.Support.CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var notAnalysed = r.Json()["not_analysed"]!.AsArray().Select(n => $"{n!["technique"]}: {n["reason"]}").ToList();
        Assert.Contains(notAnalysed, n => n.Contains("did you mean 'impedance'"));
        Assert.Contains(notAnalysed, n => n.Contains("nmr_t1") && n.Contains("known:"));
    }
}

public class EvaluateFailureTests
{
    // issue 14: a bad data item used to cost the whole material its report; now it is listed under not_analysed
    // and every other item is analysed (exit 0; --strict exits 1).
    [Nitrolyte.Tests.Support.NodeAssetsFact] // without the plot libraries evaluate adds a warning line to stderr
    public void ABadFileIsListedAndEveryMaterialGetsItsReport()
    {
        using var tmp = new Nitrolyte.Tests.Support.TempDir();
        foreach (var (name, content) in new[] { ("good", "T_C,sigma_s_per_cm\n25,1e-4\n50,3e-4\n75,7e-4\n"), ("bad", "T_C,sigma_s_per_cm\n25,1e-4\n50,abc\n") })
        {
            Directory.CreateDirectory(tmp.File(name));
            File.WriteAllText(Path.Combine(tmp.File(name), "s.csv"), content);
            File.WriteAllText(Path.Combine(tmp.File(name), "manifest.yaml"), $"material: {name}\ndata:\n  - technique: conductivity_table\n    file: s.csv\n");
        }
        var outDir = tmp.File("out");
        var r = Nitrolyte.Tests.Support.CliHarness.Run("evaluate", tmp.Path, "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Contains("s.csv", line);
        Assert.True(File.Exists(Path.Combine(outDir, "good", "report.html")));
        Assert.True(File.Exists(Path.Combine(outDir, "bad", "report.html")));
        Assert.Empty(Directory.GetDirectories(outDir).Where(d => Path.GetFileName(d).StartsWith('.')));
        var arr = r.Json().AsArray();
        Assert.Empty(arr[1]!["not_analysed"]!.AsArray());
        var item = Assert.Single(arr[0]!["not_analysed"]!.AsArray())!;
        Assert.Equal("conductivity_table", item["technique"]!.ToString());
        Assert.Equal("failed", item["kind"]!.ToString());
        Assert.EndsWith("s.csv", item["file"]!.ToString());
        Assert.Contains("abc", item["reason"]!.ToString());
    }

    [Fact]
    public void StrictExitsOneWithTheReasonAndStillWritesTheReport()
    {
        using var tmp = new Nitrolyte.Tests.Support.TempDir();
        File.WriteAllText(tmp.File("s.csv"), "T_C,sigma_s_per_cm\n25,1e-4\n50,abc\n");
        File.WriteAllText(tmp.File("manifest.yaml"), "material: bad\ndata:\n  - technique: conductivity_table\n    file: s.csv\n");
        var outDir = tmp.File("out");
        var lax = Nitrolyte.Tests.Support.CliHarness.Run("evaluate", tmp.Path, "--out", outDir);
        Assert.True(lax.ExitCode == 0, lax.Stderr);
        Assert.Contains("not analysed:", lax.Stdout);
        var r = Nitrolyte.Tests.Support.CliHarness.Run("evaluate", tmp.Path, "--out", outDir, "--strict");
        Assert.Equal(1, r.ExitCode);
        var error = Assert.Single(r.Stderr.Trim().Split('\n'), l => l.StartsWith("error:"));
        Assert.Contains("--strict", error);
        Assert.Contains("s.csv", error);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.True(html.IndexOf("id=\"not-analysed\"", StringComparison.Ordinal) < html.IndexOf("id=\"scorecard\"", StringComparison.Ordinal));
    }
}
