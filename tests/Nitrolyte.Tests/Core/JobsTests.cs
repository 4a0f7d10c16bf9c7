using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Core;

/// <summary>Issue 20 item 4: `--jobs N` gives byte-identical JSON to `--jobs 1` (deterministic order of results and reductions).</summary>
public class JobsTests
{
    [Fact]
    public void MapKeepsInputOrderAndRethrowsTheLowestFailingIndex()
    {
        var items = Enumerable.Range(0, 200).ToArray();
        Assert.Equal(items.Select(i => i * i), Jobs.Map(items, (x, _) => { Thread.SpinWait(1000 * (x % 7)); return x * x; }, 2));
        Assert.Equal(items.Select(i => i * i), Jobs.Map(items, (x, _) => x * x, 1));
        var e = Assert.Throws<InvalidOperationException>(() => Jobs.Map(items, (x, _) => x is 150 or 37 or 90 ? throw new InvalidOperationException($"item {x}") : x, 2));
        Assert.Equal("item 37", e.Message);
        Assert.Equal(Environment.ProcessorCount, Jobs.Resolve(null));
        Assert.Equal(Jobs.Max, Jobs.Resolve(1000));
    }

    /// <summary>Wall-clock timings (bvse's timing_s) differ between any two runs by design: removed before comparing.</summary>
    private static string WithoutTimings(string json) => Regex.Replace(json, "\"timing_s\":\\s*\\{[^}]*\\}", "\"timing_s\":{}");

    private static void SameForJobs(Func<string, string[]> args, Func<string, string>? normalise = null)
    {
        var outs = new List<string>();
        foreach (var j in new[] { "1", "2" })
        {
            var r = CliHarness.Run([.. args(j), "--jobs", j]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            outs.Add(normalise is null ? r.Stdout : normalise(r.Stdout));
        }
        Assert.False(string.IsNullOrWhiteSpace(outs[0]));
        Assert.Equal(outs[0], outs[1]);
    }

    [Fact]
    public void EisSeriesIsIdenticalForOneAndTwoJobs()
    {
        using var dir = new TempDir();
        var files = new List<string>();
        foreach (var tc in new[] { 30, 50, 70, 90, 110 })
        {
            double t = tc + 273.15, r = 2000 * Math.Exp(0.5 / 8.617333262e-5 * (1 / t - 1 / 303.15));
            var path = dir.File($"pellet_{tc}C.csv");
            Assert.Equal(0, CliHarness.Run("eis", "simulate", "--circuit", "R0-p(R1,CPE1)-CPE2",
                "--params", FormattableString.Invariant($"R0=1,R1={r},CPE1_0=5e-12,CPE1_1=0.95,CPE2_0=1e-6,CPE2_1=0.85"),
                "--fmin", "0.1", "--fmax", "1e7", "--points-per-decade", "6", "--noise-pct", "0.3", "--seed", $"{tc}", "--out", path).ExitCode);
            files.Add(path);
        }
        SameForJobs(_ => ["eis", "series", .. files, "--circuit", "R0-p(R1,CPE1)-CPE2", "--temperatures-from-names", "--thickness-mm", "1.5", "--diameter-mm", "10", "--json"]);
    }

    [Fact]
    public void BvseIsIdenticalForOneAndTwoJobs()
    {
        using var dir = new TempDir();
        var cif = dir.File("li2s.cif");
        CifWriter.Write(cif, Nitrolyte.Migration.ReferenceStructures.Li2S());
        SameForJobs(_ => ["bvse", cif, "--grid", "0.2", "--json"], WithoutTimings);
    }

    [Fact]
    public void OrderIsIdenticalForOneAndTwoJobs()
    {
        using var dir = new TempDir();
        var files = new Dictionary<string, string[]>();
        SameForJobs(j => ["order", "Li2.5N0.5S0.5", "--supercell", "2,2,2", "--samples", "3000", "--keep", "5", "--random", "3", "--seed", "4", "--out", dir.File("o" + j), "--json"],
            s => s.Replace(dir.File("o1"), "OUT").Replace(dir.File("o2"), "OUT"));
        var a = Directory.GetFiles(dir.File("o1")).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(8, a.Count);
        Assert.Equal(a, Directory.GetFiles(dir.File("o2")).Select(Path.GetFileName).Order().ToList());
        foreach (var f in a) Assert.Equal(File.ReadAllText(Path.Combine(dir.File("o1"), f!)), File.ReadAllText(Path.Combine(dir.File("o2"), f!)));
    }

    [Fact]
    public void MdArrheniusIsIdenticalForOneAndTwoJobs()
    {
        using var tmp = new TempDir();
        var files = new List<string>();
        foreach (var t in new[] { 700, 900, 1100 })
        {
            var f = tmp.File($"XDATCAR_{t}K");
            Assert.Equal(0, CliHarness.Run("md", "simulate", "--out", f, "--temperature-k", $"{t}", "--frames", "300", "--frame-interval-fs", "1000", "--attempt-hz", "1e13", "--ea-ev", "0.3", "--seed", "5").ExitCode);
            files.Add(f);
        }
        SameForJobs(_ => ["md", "arrhenius", .. files, "--temperatures-k", "700,900,1100", "--species", "Li", "--timestep-fs", "1000", "--json"]);
    }

    [Fact]
    public void EvaluateIsIdenticalForOneAndTwoJobs()
    {
        using var tmp = new TempDir();
        var manifest = Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3");
        // the run id, the output folder and the time of the run differ between two runs by design
        static string Normalise(string json)
        {
            var o = JsonNode.Parse(json)!.AsObject();
            foreach (var k in new[] { "run_id", "generated_utc", "generated_at", "created_utc", "timestamp_utc", "html", "report_html", "nitrolyte_version" }) o.Remove(k);
            return WithoutTimings(Regex.Replace(o.ToJsonString(), "out[12]", "OUT"));
        }
        SameForJobs(j => ["evaluate", manifest, "--out", tmp.File("out" + j), "--json"], Normalise);
    }
}
