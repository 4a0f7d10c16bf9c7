using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Reports;

/// <summary>Opens a real evaluation report in headless Chromium and checks that every plot was drawn offline.</summary>
public class HtmlReportBrowserTests
{
    [BrowserFact]
    public void ExampleReportRendersAllPlotsOffline()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li2nh"), "--out", tmp.Path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var html = Path.Combine(tmp.Path, "report.html");
        var source = File.ReadAllText(html);
        Assert.DoesNotContain("src=\"http", source); // self-contained: no external scripts
        int plots = Regex.Matches(source, "class=\"plot\"").Count;
        Assert.True(plots >= 3, $"expected plots in the report, found {plots}");

        var dom = HeadlessBrowser.DumpDom(html);
        int rendered = Regex.Matches(dom, "class=\"plot[^\"]*\"[^>]*data-rendered=\"true\"|data-rendered=\"true\"[^>]*class=\"plot").Count;
        Assert.Equal(plots, rendered);
        Assert.Contains("main-svg", dom); // plotly drew SVG
        Assert.Contains("Scorecard", dom);
    }
}
