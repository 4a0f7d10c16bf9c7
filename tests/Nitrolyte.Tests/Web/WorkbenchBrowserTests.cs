using Nitrolyte.Evaluation;
using Nitrolyte.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Interactions;
using OpenQA.Selenium.Support.UI;

namespace Nitrolyte.Tests.Web;

/// <summary>
/// The workbench in Debian's headless Chromium driven by Selenium (chromedriver from the chromium-driver package;
/// no browser is downloaded): open a spectrum, auto-fit, drag a frequency range out, lock an exponent, refit,
/// save to the manifest, fit the temperature series, reload and find the decisions kept. Screenshots at 1400 px
/// go to the test output (screenshots/).
/// </summary>
public sealed class WorkbenchBrowserTests
{
    private const string Evil = "<img src=x onerror=alert(1)>.csv";

    private static ChromeDriver StartChrome()
    {
        var o = new ChromeOptions { BinaryLocation = HeadlessBrowser.Executable! };
        o.AddArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1700",
            "--disable-background-networking", "--disable-component-update", "--no-first-run");
        var driverDir = File.Exists("/usr/bin/chromedriver") ? "/usr/bin" : Path.GetDirectoryName(HeadlessBrowser.Executable!)!;
        var service = ChromeDriverService.CreateDefaultService(driverDir, "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, o, TimeSpan.FromSeconds(120));
    }

    private static string Shot(ChromeDriver d, string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        d.GetScreenshot().SaveAsFile(path);
        return path;
    }

    private static T Js<T>(IWebDriver d, string script) => (T)((IJavaScriptExecutor)d).ExecuteScript(script)!;

    [BrowserFact]
    public async Task Fit_mask_lock_refit_save_series_and_reload_in_a_real_browser()
    {
        using var atThird = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        // the series job is held at its third spectrum until the page has shown the progress of the first two
        await using var h = new WorkbenchHost(seriesProgressHook: m =>
        {
            if (!m.StartsWith("fitted 3/", StringComparison.Ordinal)) return;
            atThird.Set();
            release.Wait(TimeSpan.FromSeconds(60));
        });
        File.Copy(Path.Combine(h.Folder, "synthetic.csv"), Path.Combine(h.Folder, Evil));
        using var d = StartChrome();
        var wait = new WebDriverWait(d, TimeSpan.FromSeconds(90));
        d.Navigate().GoToUrl(h.BaseUrl + "/");
        wait.Until(x => x.FindElement(By.TagName("body")).GetAttribute("data-ready") == "1");

        // a file name with markup shows as text, and creates no element
        var rows = d.FindElements(By.CssSelector("#files tbody tr"));
        Assert.Contains(rows, r => r.FindElements(By.TagName("td"))[1].Text == Evil);
        Assert.Empty(d.FindElements(By.CssSelector("#files img")));

        d.FindElement(By.CssSelector("#files tr[data-path='hot_pressed_30C.csv']")).Click();
        wait.Until(x => x.FindElement(By.Id("current")).Text.StartsWith("hot_pressed_30C.csv"));
        wait.Until(x => x.FindElements(By.CssSelector("#params tbody tr")).Count == 6);
        d.FindElement(By.Id("autofit")).Click();
        wait.Until(x => Js<bool>(x, "return !!(window.workbench.fit)"));
        Assert.Equal(64L, Js<long>(d, "return window.workbench.fit.n_points"));
        var r1Before = Js<double>(d, "return window.workbench.fit.parameters.find(p => p.name === 'R1').value");

        // drag over the low-frequency end of the Bode plot: a frequency range is masked, the fit becomes stale
        var drag = d.FindElement(By.CssSelector("#bode .nsewdrag"));
        int w = drag.Size.Width;
        new Actions(d).MoveToElement(drag, -w / 2 + 4, 0).ClickAndHold().MoveByOffset(w / 5, 10).MoveByOffset(w / 10, 10).Release().Perform();
        wait.Until(x => Js<long>(x, "return window.workbench.ranges.length") >= 1);
        Assert.True(d.FindElement(By.Id("stale")).Displayed);
        var maskedCount = Js<long>(d, "let n = 0; for (let i = 0; i < workbench.spec.n_points; i++) { const f = workbench.spec.frequencies_hz[i]; if (workbench.ranges.some(r => f >= r[0] && f <= r[1])) n++; } return n;");
        Assert.InRange(maskedCount, 3, 40);

        // lock CPE2_1 at 0.85 and refit from the current values
        var row = d.FindElement(By.CssSelector("#params tr[data-name='CPE2_1']"));
        var value = row.FindElement(By.CssSelector("input.value"));
        value.Clear(); value.SendKeys("0.85"); value.SendKeys(Keys.Tab);
        d.FindElement(By.CssSelector("#params tr[data-name='CPE2_1'] input.lock")).Click();
        d.FindElement(By.Id("refit")).Click();
        wait.Until(x => Js<long>(x, "return window.workbench.fit.n_points") == 64 - maskedCount);
        row = d.FindElement(By.CssSelector("#params tr[data-name='CPE2_1']"));
        Assert.Equal("0.85", row.FindElement(By.CssSelector("input.value")).GetAttribute("value"));
        Assert.Equal("fixed", row.FindElements(By.TagName("td"))[5].Text);
        Assert.Equal(5L, Js<long>(d, "return window.workbench.fit.free_parameters"));
        Assert.NotEqual(r1Before, Js<double>(d, "return window.workbench.fit.parameters.find(p => p.name === 'R1').value"));
        Assert.False(d.FindElement(By.Id("stale")).Displayed);
        Shot(d, "workbench_fit.png");

        // save the decisions: the manifest item of the file now carries them
        d.FindElement(By.Id("save")).Click();
        wait.Until(x => x.FindElement(By.Id("status")).Text.StartsWith("save decisions done") || x.FindElement(By.Id("status")).GetAttribute("class") == "error");
        Assert.Equal("", d.FindElement(By.Id("status")).GetAttribute("class"));
        var item = Manifest.Load(Path.Combine(h.Folder, "manifest.yaml")).Data.First(e => e.Files.Any(f => f.EndsWith("hot_pressed_30C.csv")));
        Assert.Equal(0.85, item.Options["fixed"]!["CPE2_1"]!.GetValue<double>());
        Assert.Single(item.Options["exclude"]!.AsArray());

        // compare two circuits
        d.FindElement(By.CssSelector("#tabs button[data-tab='compare']")).Click();
        d.FindElement(By.Id("compare-run")).Click();
        wait.Until(x => x.FindElements(By.CssSelector("#compare-table tbody tr")).Count == 2);

        // the temperature series of the hot-pressed pellet, geometry from the manifest
        d.FindElement(By.CssSelector("#tabs button[data-tab='series']")).Click();
        foreach (var t in new[] { 30, 50, 70, 90, 110 })
            d.FindElement(By.CssSelector($"#files tr[data-path='hot_pressed_{t}C.csv'] input.series-pick")).Click();
        Assert.Equal("1.5", d.FindElement(By.Id("g-thickness")).GetAttribute("value"));
        d.FindElement(By.Id("series-run")).Click();
        // a background job: the page shows its progress and offers Cancel while it runs
        Assert.True(atThird.Wait(TimeSpan.FromSeconds(120)), "the series job did not reach the third spectrum");
        try
        {
            wait.Until(x => x.FindElement(By.Id("series-state")).Text.Contains("fitted 3/5: hot_pressed_70C.csv"));
            Assert.StartsWith("running", d.FindElement(By.Id("series-state")).Text);
            Assert.True(d.FindElement(By.Id("series-cancel")).Enabled);
            Assert.False(d.FindElement(By.Id("series-run")).Enabled);
        }
        finally { release.Set(); }
        wait.Until(x => x.FindElements(By.CssSelector("#series-table tbody tr")).Count == 5 || x.FindElement(By.Id("status")).GetAttribute("class") == "error");
        Assert.StartsWith("done", d.FindElement(By.Id("series-state")).Text);
        Assert.Contains("fitted 5/5: hot_pressed_110C.csv", d.FindElement(By.Id("series-state")).Text);
        Assert.False(d.FindElement(By.Id("series-cancel")).Enabled);
        Assert.Equal("", d.FindElement(By.Id("status")).GetAttribute("class"));
        Assert.StartsWith("total: Ea = ", d.FindElement(By.Id("series-ea")).Text);
        Assert.True(Js<long>(d, "return document.querySelectorAll('#arrhenius .scatterlayer .trace').length") >= 2);
        Shot(d, "workbench_series.png");
        // the Arrhenius figure exports as SVG through plotly's own renderer
        var svg = (string)((IJavaScriptExecutor)d).ExecuteAsyncScript("const done = arguments[arguments.length - 1]; Plotly.toImage('arrhenius', { format: 'svg', width: 800, height: 500 }).then(done, e => done('error ' + e));");
        Assert.StartsWith("data:image/svg+xml", svg);

        // reload: the decisions come back from the manifest
        d.Navigate().Refresh();
        wait.Until(x => x.FindElement(By.TagName("body")).GetAttribute("data-ready") == "1");
        d.FindElement(By.CssSelector("#files tr[data-path='hot_pressed_30C.csv']")).Click();
        wait.Until(x => x.FindElements(By.CssSelector("#params tbody tr")).Count == 6 && Js<bool>(x, "return window.workbench.file === 'hot_pressed_30C.csv'"));
        wait.Until(x => x.FindElement(By.CssSelector("#params tr[data-name='CPE2_1'] input.lock")).Selected);
        Assert.Equal(1L, Js<long>(d, "return window.workbench.ranges.length"));
    }
}
