using System.Diagnostics;

namespace Nitrolyte.Tests.Support;

/// <summary>Headless Chromium (Debian's package, installed by .ci/run) for tests that open reports as a user would.</summary>
public static class HeadlessBrowser
{
    public static string? Executable =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    public static bool ShouldSkip => Executable is null && Environment.GetEnvironmentVariable("CI") != "true";

    private static string[] BaseArgs(string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        $"--user-data-dir={profile}", "--virtual-time-budget=15000",
    ];

    /// <summary>Loads the page, lets its scripts run, and returns the DOM as serialised HTML.</summary>
    public static string DumpDom(string htmlPath) => Run([.. BaseArgs(NewProfile()), "--dump-dom", new Uri(htmlPath).AbsoluteUri]);

    public static void Screenshot(string htmlPath, string pngPath, int width = 1200, int height = 3000) =>
        Run([.. BaseArgs(NewProfile()), $"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri]);

    private static string NewProfile() => Path.Combine(Path.GetTempPath(), "nitrolyte-chromium-" + Guid.NewGuid().ToString("N"));

    private static string Run(string[] args)
    {
        var exe = Executable ?? throw new InvalidOperationException("chromium is not installed (apt-get install chromium)");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish"); }
        return stdout.Result;
    }
}

public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (HeadlessBrowser.ShouldSkip) Skip = "chromium not installed; the CI installs it (apt-get install chromium)";
        else if (NodeAssets.ShouldSkip) Skip = NodeAssets.SkipReason; // the pages draw with plotly/3Dmol from node_modules
    }
}
