using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Migration;

/// <summary>The BVSE section of a real report, opened in headless Chromium: the 3D view and the path profile are drawn.</summary>
public class BvseReportBrowserTests
{
    [BrowserFact]
    public void BvseViewAndProfileRender()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3"), "--out", tmp.Path);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var html = Path.Combine(tmp.Path, "report.html");
        var dom = HeadlessBrowser.DumpDom(html);
        Assert.Matches(new Regex("class=\"view3d\"[^>]*data-rendered=\"true\"|data-rendered=\"true\"[^>]*class=\"view3d\""), dom);
        Assert.Contains("minimax path", dom);
    }
}
