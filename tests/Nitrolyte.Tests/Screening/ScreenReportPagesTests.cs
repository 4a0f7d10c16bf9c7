using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

public class ScreenReportPagesTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot ?? throw new InvalidOperationException("repository not found"), "examples", "screening");

    [NodeAssetsFact]
    public void HtmlRankingLinksTheTopCandidatesToPagesWithTheStructureAndTheBvseIsosurface()
    {
        using var tmp = new TempDir();
        var camp = tmp.File("camp");
        var init = CliHarness.Run("screen", "init", camp, "--rules", Path.Combine(Examples, "li2s-nitrogen.yaml"), "--bvse-grid", "0.5",
            "--descriptors", "bvse,composition,bottleneck");
        Assert.True(init.ExitCode == 0, init.Stderr);
        Assert.Equal(0, CliHarness.Run("screen", "run", camp).ExitCode);
        var html = tmp.File("out/rank.html");
        var r = CliHarness.Run("screen", "report", camp, "--html", html, "--pages", "3");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("3 BVSE 3D pages", r.Stderr);
        var text = File.ReadAllText(html);
        var links = Regex.Matches(text, "class=\"bvse-page\" href=\"(rank_structures/([0-9a-f]{16})\\.html)\"").ToList();
        Assert.Equal(3, links.Count);
        // the linked pages are those of the three best-ranked candidates, in ranking order
        var rep = CliHarness.Run("screen", "report", camp, "--json", "--top", "3").Json();
        var top = rep["candidates"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
        Assert.Equal(top, links.Select(m => m.Groups[2].Value));
        foreach (var m in links)
        {
            var page = Path.Combine(tmp.File("out"), m.Groups[1].Value);
            Assert.True(File.Exists(page), page);
            var p = File.ReadAllText(page);
            Assert.Contains("nitrolyteView(", p);
            Assert.Contains("_cell_length_a", p);                    // the structure (CIF) for 3Dmol
            Assert.Matches("BVSE Li(\\\\u002B|\\+) energy, eV above the global minimum", p); // the cube of the isosurface (JSON-escaped in the page)
            Assert.Contains("bottleneck radius", p);
            // the isovalue passed to the view is the highest percolation barrier + 5 meV
            var c = rep["candidates"]!.AsArray().First(x => (string)x!["id"]! == m.Groups[2].Value)!;
            var b = c["bvse_barriers_ev"]!;
            double iso = (double)(b["3d"] ?? b["2d"] ?? b["1d"])! + 0.005;
            var call = Regex.Match(p, "nitrolyteView\\('view1',.*,([-0-9.eE]+),\"#e8a200\"\\);");
            Assert.True(call.Success);
            Assert.Equal(iso, double.Parse(call.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 5);
            Assert.NotNull(c["bottleneck_radius_a"]);
        }
        // --pages 0: no pages, no links; out of range: usage error
        var none = CliHarness.Run("screen", "report", camp, "--html", tmp.File("out2/rank.html"), "--pages", "0");
        Assert.Equal(0, none.ExitCode);
        Assert.DoesNotContain("bvse-page", File.ReadAllText(tmp.File("out2/rank.html")));
        Assert.Equal(2, CliHarness.Run("screen", "report", camp, "--html", html, "--pages", "1000").ExitCode);
    }
}
