using Nitrolyte.Core;
using Nitrolyte.Tests.Support;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace Nitrolyte.Tests.Web;

/// <summary>
/// The cycling, structure and evaluate views in headless Chromium (Selenium, Debian's chromium-driver): each test opens
/// its view on examples/li9n2cl3, checks that real content is drawn (plots with data, 3D viewers rendered, the report
/// loaded) and takes a 1400 px screenshot into the test output (screenshots/); with NITROLYTE_UPDATE_SCREENSHOTS=1 the
/// screenshot is also copied to docs/images/workbench_&lt;view&gt;.png.
/// </summary>
public sealed class WorkbenchViewsBrowserTests
{
    private static ChromeDriver StartChrome(int height = 1500)
    {
        var o = new ChromeOptions { BinaryLocation = HeadlessBrowser.Executable! };
        o.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", $"--window-size=1400,{height}", "--use-gl=swiftshader", "--enable-unsafe-swiftshader",
            "--disable-background-networking", "--disable-component-update", "--no-first-run");
        var driverDir = File.Exists("/usr/bin/chromedriver") ? "/usr/bin" : Path.GetDirectoryName(HeadlessBrowser.Executable!)!;
        var service = ChromeDriverService.CreateDefaultService(driverDir, "chromedriver");
        service.HideCommandPromptWindow = true;
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, o, TimeSpan.FromSeconds(120));
    }

    private static void Shot(ChromeDriver d, string view)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"workbench_{view}.png");
        d.GetScreenshot().SaveAsFile(path);
        if (Environment.GetEnvironmentVariable("NITROLYTE_UPDATE_SCREENSHOTS") == "1" && RepositoryPaths.RepositoryRoot is { } root)
            File.Copy(path, Path.Combine(root, "docs", "images", $"workbench_{view}.png"), overwrite: true);
    }

    private static T Js<T>(IWebDriver d, string script) => (T)((IJavaScriptExecutor)d).ExecuteScript(script)!;

    private static (ChromeDriver, WebDriverWait) Open(WorkbenchHost h, int height = 1500)
    {
        var d = StartChrome(height);
        var wait = new WebDriverWait(d, TimeSpan.FromSeconds(90));
        d.Navigate().GoToUrl(h.BaseUrl + "/");
        wait.Until(x => x.FindElement(By.TagName("body")).GetAttribute("data-ready") == "1");
        return (d, wait);
    }

    /// <summary>Number of data points in the plotly figures inside a container.</summary>
    private static long PlottedPoints(IWebDriver d, string container) =>
        Js<long>(d, $"let n = 0; for (const p of document.querySelectorAll('#{container} .js-plotly-plot')) for (const t of p.data) n += (t.x || []).length; return n;");

    [BrowserFact]
    public async Task Cycling_view_shows_a_full_cell_with_chosen_cycles_and_escapes_the_manifest_label()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        const string label = "<img src=x onerror=alert(1)> NCM83 full cell";
        var mp = Path.Combine(h.Folder, "manifest.yaml");
        File.WriteAllText(mp, File.ReadAllText(mp).Replace("label: NCM83|Li9N2Cl3|Li full cell, 0.1 C formation + 0.5 C (generated)", $"label: \"{label}\""));
        var (d, wait) = Open(h, 1800);
        using var _ = d;
        d.FindElement(By.CssSelector("#files tr[data-path='full_cell_ncm83_generated.csv']")).Click();
        wait.Until(x => x.FindElements(By.CssSelector("#cyc-figs .js-plotly-plot")).Count >= 4);
        Assert.Contains(label, d.FindElement(By.Id("current")).Text);
        Assert.Empty(d.FindElements(By.CssSelector("#view img")));
        var titles = Js<string>(d, "return [...document.querySelectorAll('#cyc-figs .js-plotly-plot')].map(p => p.layout.title.text).join('|')");
        Assert.Contains("Voltage vs time", titles);
        Assert.Contains("Capacity and coulombic efficiency", titles);
        Assert.Contains("Capacity retention", titles);
        // choose cycles 1, 20 and 40: the profile figure redraws with those
        var cycles = d.FindElement(By.Id("cyc-cycles"));
        cycles.Clear(); cycles.SendKeys("1, 20, 40");
        d.FindElement(By.Id("cyc-run")).Click();
        wait.Until(x => Js<string>(x, "const p = [...document.querySelectorAll('#cyc-figs .js-plotly-plot')].find(p => p.layout.title.text === 'Voltage profiles' && p.data.some(t => t.name === 'cycle 20 charge')); return p ? 'yes' : ''") == "yes");
        Assert.True(PlottedPoints(d, "cyc-figs") > 1000);
        Shot(d, "cycling");

        // a symmetric cell: staircase with the CCD, events
        d.FindElement(By.CssSelector("#files tr[data-path='ccd_staircase_generated.csv']")).Click();
        wait.Until(x => Js<string>(x, "return [...document.querySelectorAll('#cyc-figs .js-plotly-plot')].map(p => p.layout.title.text).join('|')").Contains("Current-density staircase"));
        Assert.Contains("Critical current density", d.FindElement(By.Id("cyc-summary")).Text);
        Shot(d, "cycling_symmetric");
    }

    [BrowserFact]
    public async Task Structure_view_draws_the_cell_the_bvse_isosurface_and_the_xrd_pattern()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (d, wait) = Open(h, 1700);
        using var _ = d;
        d.FindElement(By.CssSelector("#files tr[data-path='Li9N2Cl3.cif']")).Click();
        wait.Until(x => x.FindElement(By.Id("st-view")).GetAttribute("data-rendered") == "true");
        Assert.Contains("partly occupied", d.FindElement(By.Id("st-caption")).Text);
        Assert.True(Js<bool>(d, "return !!document.querySelector('#st-view canvas')"));
        wait.Until(x => x.FindElements(By.CssSelector("#st-figs .js-plotly-plot")).Count >= 1);
        Assert.Contains("Powder patterns", Js<string>(d, "return document.querySelector('#st-figs .js-plotly-plot').layout.title.text"));
        d.FindElement(By.Id("bvse-run")).Click();
        wait.Until(x => x.FindElement(By.Id("bvse-view")).GetAttribute("data-rendered") == "true");
        var caption = d.FindElement(By.Id("bvse-caption")).Text;
        Assert.Contains("Percolation barriers", caption);
        Assert.Contains("3D", caption);
        // move the energy: the isosurface is redrawn at the new value
        Js<object?>(d, "const r = document.getElementById('bvse-energy'); r.value = '0.9'; r.dispatchEvent(new Event('input')); return null;");
        wait.Until(x => x.FindElement(By.Id("bvse-view")).GetAttribute("data-iso") == "0.9");
        Js<object?>(d, "const r = document.getElementById('bvse-energy'); r.value = String(window.workbench.bvse.outcomes[0].section.views[0].iso_value.toFixed(2)); r.dispatchEvent(new Event('input')); return null;");
        await Task.Delay(500);
        Shot(d, "structure");
    }

    [BrowserFact]
    public async Task Evaluate_view_runs_evaluate_shows_the_report_and_opens_an_analysis_in_its_view()
    {
        await using var h = new WorkbenchHost("li9n2cl3");
        var (d, wait) = Open(h, 1600);
        using var _ = d;
        d.FindElement(By.CssSelector("#tabs button[data-tab='evaluate']")).Click();
        d.FindElement(By.Id("eval-run")).Click();
        wait.Until(x => x.FindElement(By.Id("tab-evaluate")).GetAttribute("data-state") == "done");
        Assert.True(d.FindElements(By.CssSelector("#eval-scorecard tbody tr")).Count >= 3);
        Assert.True(d.FindElements(By.CssSelector("#eval-messages li")).Count >= 8);
        // the report (report.html from the workspace's reports/) is loaded in the page
        wait.Until(x => Js<bool>(x, "const f = document.getElementById('eval-report'); return !!(f.contentDocument && f.contentDocument.querySelector('#scorecard'))"));
        Shot(d, "evaluate");
        // open the full-cell analysis: the cycling view shows it
        d.FindElement(By.CssSelector("#eval-analyses button[data-key='full_cell']")).Click();
        wait.Until(x => x.FindElements(By.CssSelector("#cyc-figs .js-plotly-plot")).Count >= 4);
        Assert.False(d.FindElement(By.Id("tab-cycling")).GetAttribute("hidden") is "true" or "");
        // a reload finds the run again
        d.Navigate().Refresh();
        wait.Until(x => x.FindElement(By.TagName("body")).GetAttribute("data-ready") == "1");
        wait.Until(x => x.FindElement(By.Id("tab-evaluate")).GetAttribute("data-state") == "done");
    }

    [BrowserFact]
    public async Task Compare_shows_the_f_test_and_the_nyquist_switches_to_ohm_cm()
    {
        await using var h = new WorkbenchHost();
        var (d, wait) = Open(h, 1300);
        using var _ = d;
        d.FindElement(By.CssSelector("#files tr[data-path='hot_pressed_30C.csv']")).Click();
        wait.Until(x => x.FindElements(By.CssSelector("#params tbody tr")).Count == 6);
        // the manifest's geometry (1.5 mm, ⌀10 mm) is in the inputs: Ω·cm scales the Nyquist by A/L
        var xBefore = Js<double>(d, "return document.getElementById('nyquist').data[0].x[0]");
        d.FindElement(By.Id("norm")).Click();
        wait.Until(x => Js<string>(x, "return document.getElementById('nyquist').layout.xaxis.title.text").Contains("Ω·cm"));
        var xAfter = Js<double>(d, "return document.getElementById('nyquist').data[0].x[0]");
        Assert.Equal(Math.PI * 0.25 / 0.15, xAfter / xBefore, 1e-9);
        Assert.Contains("A/L", d.FindElement(By.Id("norm-msg")).Text);

        d.FindElement(By.CssSelector("#tabs button[data-tab='compare']")).Click();
        var box = d.FindElement(By.Id("compare-circuits"));
        box.Clear(); box.SendKeys("R0-p(R1,CPE1)\nR0-p(R1,CPE1)-CPE2\nR0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
        d.FindElement(By.Id("compare-run")).Click();
        wait.Until(x => x.FindElements(By.CssSelector("#ftest-table tbody tr td")).Count >= 6);
        var rows = d.FindElements(By.CssSelector("#ftest-table tbody tr"));
        Assert.Equal(3, rows.Count); // every nested pair of the three
        Assert.Contains(rows, r => r.FindElements(By.TagName("td"))[0].Text == "R0-p(R1,CPE1)" && r.FindElements(By.TagName("td"))[1].Text == "R0-p(R1,CPE1)-CPE2");
        Assert.StartsWith("preferred: ", d.FindElement(By.Id("compare-preferred")).Text);
        Shot(d, "compare");
    }
}
