using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Screening;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

public class ScreenCommandTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot ?? throw new InvalidOperationException("repository not found"), "examples", "screening");

    [Fact]
    public void ReportBarriersEqualTheBvseCommandOnTheCandidateStructure()
    {
        using var tmp = new TempDir();
        var camp = tmp.File("camp");
        var init = CliHarness.Run("screen", "init", camp, "--rules", Path.Combine(Examples, "li2s-nitrogen.yaml"), "--bvse-grid", "0.4", "--json");
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.Equal(20, (int)init.Json()["added"]!);
        var run = CliHarness.Run("screen", "run", camp, "--jobs", "2", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var counts = run.Json();
        Assert.Equal(20, (int)counts["done"]!);
        Assert.Equal(0, (int)counts["failed"]!);
        Assert.Equal(0, (int)counts["pending"]!);
        var rep = CliHarness.Run("screen", "report", camp, "--json", "--structures", tmp.File("structures"));
        Assert.True(rep.ExitCode == 0, rep.Stderr);
        var cands = rep.Json()["candidates"]!.AsArray();
        Assert.Equal(20, cands.Count);
        // ranked: scores ascending
        var scores = cands.Select(c => (double)c!["score"]!).ToList();
        Assert.Equal(scores.Order(), scores);
        // every fourth candidate (both rules, several compositions and lattice constants): the same barriers as `nitrolyte bvse`
        foreach (var c in cands.Where((_, i) => i % 4 == 0))
        {
            var file = (string)c!["structure_file"]!;
            var json = Path.ChangeExtension(Path.IsPathRooted(file) ? file : Path.Combine(Directory.GetCurrentDirectory(), file), ".json");
            var bvse = CliHarness.Run("bvse", json, "--grid", "0.4", "--json");
            Assert.True(bvse.ExitCode == 0, bvse.Stderr);
            var expected = bvse.Json()["barriers_ev"]!;
            var got = c["bvse_barriers_ev"]!;
            foreach (var d in new[] { "1d", "2d", "3d" })
                Assert.Equal(expected[d]?.ToJsonString(), got[d]?.ToJsonString());
            Assert.NotNull(got["3d"]);
        }
        // a filter keeps only what passes, and names outside the list are usage errors
        var filtered = CliHarness.Run("screen", "report", camp, "--json", "--filter", "bvse_3d_ev < 0.3 and x >= 0.25");
        Assert.True(filtered.ExitCode == 0, filtered.Stderr);
        var kept = filtered.Json()["candidates"]!.AsArray();
        Assert.NotEmpty(kept);
        Assert.All(kept, c => Assert.True((double)c!["bvse_barriers_ev"]!["3d"]! < 0.3 && (double)c["x"]! >= 0.25));
        Assert.True(kept.Count < cands.Count);
        var bad = CliHarness.Run("screen", "report", camp, "--filter", "barrier < 0.3");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("unknown name 'barrier'", bad.Stderr);
    }

    [Fact]
    public void AnUnreadableFileIsRecordedAsFailedAndTheOthersAreDone()
    {
        using var tmp = new TempDir();
        var dir = Directory.CreateDirectory(tmp.File("structs")).FullName;
        CifWriter.Write(Path.Combine(dir, "li2s.cif"), Prototypes.Get("Li2S"));
        PoscarWriter.Write(Path.Combine(dir, "POSCAR_li3n"), Prototypes.Get("alpha-Li3N"));
        File.WriteAllText(Path.Combine(dir, "broken.cif"), "data_x\n_cell_length_a 5\nloop_\n_atom_site_label\n");
        File.WriteAllText(Path.Combine(dir, "more.jsonl"), CandidateStructureJson.ToJson(Prototypes.Get("LiCl")) + "\n{not json}\n");
        var camp = tmp.File("camp");
        var init = CliHarness.Run("screen", "init", camp, "--structures", dir, "--bvse-grid", "0.5", "--json");
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.Equal(2, (int)init.Json()["unreadable"]!);
        Assert.Contains("could not be read", init.Stderr);
        var run = CliHarness.Run("screen", "run", camp, "--jobs", "1", "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(3, (int)run.Json()["done"]!);
        Assert.Equal(2, (int)run.Json()["failed"]!);
        var status = CliHarness.Run("screen", "status", camp, "--json").Json();
        Assert.Equal(2, (int)status["failures_by_reason"]!["bad_structure_file"]!);
        Assert.Equal(0, (int)status["pending"]!);
        var rep = CliHarness.Run("screen", "report", camp, "--json").Json()["candidates"]!.AsArray();
        var broken = rep.Single(c => ((string)c!["source"]!).EndsWith("broken.cif"));
        Assert.Equal("failed", (string)broken!["status"]!);
        Assert.Contains("broken.cif", (string)broken["error_message"]!);
        Assert.Contains(rep, c => ((string)c!["source"]!).EndsWith("more.jsonl:2") && (string)c["status"]! == "failed");
        // a second init of the same files adds nothing; a second run recomputes nothing
        Assert.Equal(0, (int)CliHarness.Run("screen", "init", camp, "--structures", dir, "--bvse-grid", "0.5", "--json").Json()["added"]!);
        var again = CliHarness.Run("screen", "run", camp, "--json").Json();
        Assert.Equal(0, (int)again["this_run"]!["done"]! + (int)again["this_run"]!["failed"]!);
    }

    [Fact]
    public void AnUnbalanceableRuleIsOneLineNamingTheRule()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("r.yaml"), "parent: Li2S\nrules:\n  - name: n-with-vacancies\n    substitute: {from: S, to: N}\n    x: [0.5]\n    compensate: {by: vacancy, element: Li}\n");
        var r = CliHarness.Run("screen", "init", tmp.File("camp"), "--rules", tmp.File("r.yaml"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("rule 'n-with-vacancies'", r.Stderr);
        Assert.Contains("cannot balance charge", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.False(File.Exists(Path.Combine(tmp.File("camp"), CampaignConfig.FileName)));
    }

    [Fact]
    public void CancelStopsPendingWorkAndStatusSaysSo()
    {
        using var tmp = new TempDir();
        var camp = tmp.File("camp");
        Assert.Equal(0, CliHarness.Run("screen", "init", camp, "--rules", Path.Combine(Examples, "li2s-nitrogen.yaml"), "--bvse-grid", "0.5").ExitCode);
        Assert.Equal(0, CliHarness.Run("screen", "run", camp, "--limit", "2", "--jobs", "1").ExitCode);
        var c = CliHarness.Run("screen", "cancel", camp, "--json");
        Assert.Equal(0, c.ExitCode);
        Assert.Equal(18, (int)c.Json()["cancelled"]!);
        var st = CliHarness.Run("screen", "status", camp, "--json").Json();
        Assert.True((bool)st["stop_requested"]!);
        Assert.Equal(2, (int)st["done"]!);
        var w = CliHarness.Run("screen", "worker", camp, "--claim", "--json");
        Assert.Equal(0, (int)w.Json()["this_run"]!["done"]!);
        Assert.Equal(2, CliHarness.Run("screen", "worker", camp).ExitCode); // neither --shard nor --claim
        Assert.Equal(1, CliHarness.Run("screen", "status", tmp.File("nowhere")).ExitCode);
    }

    [NodeAssetsFact]
    public void HtmlReportHasTheSortableTableThePlotsAndStructureLinks()
    {
        using var tmp = new TempDir();
        var camp = tmp.File("camp");
        Assert.Equal(0, CliHarness.Run("screen", "init", camp, "--rules", Path.Combine(Examples, "li3n-doping.yaml"), "--bvse-grid", "0.5").ExitCode);
        Assert.Equal(0, CliHarness.Run("screen", "run", camp).ExitCode);
        var html = tmp.File("out/rank.html");
        var r = CliHarness.Run("screen", "report", camp, "--html", html, "--csv", tmp.File("out/rank.csv"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var text = File.ReadAllText(html);
        Assert.Contains("id=\"ranking\"", text);
        Assert.Contains("sortBy(", text);
        Assert.Contains("Pareto front", text);
        Assert.Contains("Plotly.newPlot('plot-comp'", text);
        var link = System.Text.RegularExpressions.Regex.Match(text, "href=\"(rank_structures/[0-9a-f]{16}\\.cif)\"");
        Assert.True(link.Success);
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), link.Groups[1].Value)));
        var csv = File.ReadAllLines(tmp.File("out/rank.csv"));
        Assert.StartsWith("rank,id,formula,status", csv[0]);
        var counts = CliHarness.Run("screen", "status", camp, "--json").Json();
        Assert.Equal(csv.Length - 1, (int)counts["total"]!);
        // Mg has no BVSE data in the shipped table: those candidates fail with that reason, the Al ones are done
        Assert.True((int)counts["failures_by_reason"]!["missing_bv_parameter"]! > 0);
        Assert.True((int)counts["done"]! > 0);
    }

    [Fact]
    public void ParetoFrontKeepsOnlyNonDominatedPoints()
    {
        var pts = new List<(double, double)> { (1, 5), (2, 2), (3, 1), (3, 3), (2, 4), (1, 6) };
        Assert.Equal([0, 1, 2], ScreeningReportWriter.ParetoFront(pts));
    }
}

public class ScreenHullTests
{
    [Fact]
    public void EntriesGiveEnergyAboveHullAndWindowOrANoteWhenTheyDoNotCoverTheSystem()
    {
        using var tmp = new TempDir();
        var dir = Directory.CreateDirectory(tmp.File("s")).FullName;
        CifWriter.Write(Path.Combine(dir, "li3n.cif"), Prototypes.Get("alpha-Li3N"));
        CifWriter.Write(Path.Combine(dir, "li2s.cif"), Prototypes.Get("Li2S"));
        // Li (-1.9 eV), N2 (-8.3 eV/atom), Li3N at -17.0 eV: formation -3.0 eV per formula, on the hull;
        // its only Li-poorer neighbour is N2, so it releases Li at 3.0 eV / 3 Li = 1.0 V
        File.WriteAllText(tmp.File("e.csv"), "Name,Li,N,Final energy\nLi,1,0,-1.9\nN2,0,2,-16.6\nLi3N,3,1,-17.0\nLi3N-b,3,1,-16.8\n");
        var camp = tmp.File("camp");
        var init = CliHarness.Run("screen", "init", camp, "--structures", dir, "--descriptors", "composition", "--entries", tmp.File("e.csv"));
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.Equal(0, CliHarness.Run("screen", "run", camp, "--jobs", "1").ExitCode);
        var cands = CliHarness.Run("screen", "report", camp, "--json", "--score", "li_fraction").Json()["candidates"]!.AsArray();
        var li3n = cands.Single(c => ((string)c!["source"]!).EndsWith("li3n.cif"))!;
        Assert.Equal("done", (string)li3n["status"]!);
        Assert.Equal(0, (double)li3n["e_hull_mev"]!, 6);
        Assert.Equal(0, (double)li3n["window_low_v"]!, 6);
        Assert.Equal(1.0, (double)li3n["window_high_v"]!, 6);
        Assert.Equal("Li3N", (string)li3n["hull_entry"]!);
        var li2s = cands.Single(c => ((string)c!["source"]!).EndsWith("li2s.cif"))!;
        Assert.Equal("done", (string)li2s["status"]!);
        Assert.Null(li2s["e_hull_mev"]);
        Assert.False(string.IsNullOrEmpty((string?)li2s["hull_note"]));
        // hull without entries is a usage error
        Assert.Equal(2, CliHarness.Run("screen", "init", tmp.File("c2"), "--structures", dir, "--descriptors", "hull").ExitCode);
    }
}
