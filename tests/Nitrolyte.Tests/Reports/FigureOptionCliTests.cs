using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Reports;

/// <summary>`--figure` / `--export-data` through the commands (issue 13): the figures are written, JSON on stdout stays
/// clean, bad options are usage errors and an input is never overwritten.</summary>
public class FigureOptionCliTests
{
    private static string Example(params string[] parts) =>
        Path.Combine([Nitrolyte.Core.RepositoryPaths.RepositoryRoot ?? "", "examples", .. parts]);

    [Fact]
    public void DcpolWritesItsFigureAndDataBesideTheJson()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("dcpol", Example("li2nh", "dcpol_au_li2nh_au_0.5V_generated.csv"), "--thickness-mm", "1.5", "--diameter-mm", "10",
            "--figure", tmp.File("relax.svg"), "--export-data", tmp.File("relax.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.NotNull(r.Json()["electronic_conductivity_s_per_cm"]); // stdout is still one JSON object
        var svg = File.ReadAllText(tmp.File("relax.svg"));
        Assert.Contains("|current| (A)", svg);
        Assert.Contains("time since the voltage step (s)", svg);
        var header = File.ReadLines(tmp.File("relax.csv")).First();
        Assert.StartsWith("0.5 V: time since the voltage step (s),0.5 V: |current| (A)", header);
        Assert.Contains("wrote figure", r.Stderr);
    }

    [Fact]
    public void SeveralPlotsAreNumbered()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("cycle", "symmetric", Example("li9n2cl3", "ccd_staircase_generated.csv"), "--area-cm2", "0.785",
            "--figure", tmp.File("sym.png"), "--dpi", "100", "--size", "60x45mm");
        Assert.True(r.ExitCode == 0, r.Stderr);
        foreach (var name in new[] { "sym.png", "sym_2.png", "sym_3.png" })
        {
            var png = File.ReadAllBytes(tmp.File(name));
            Assert.Equal(0x89, png[0]);
            int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            Assert.Equal(60 / 25.4 * 100, width, 2.0);
        }
    }

    [Theory]
    [InlineData("--figure", "x.pdf", "must end in .svg or .png")]
    [InlineData("--size", "5x5", "between 20 and 500 mm")]
    [InlineData("--dpi", "10", "--dpi must be between 72 and 1200")]
    public void BadFigureOptionsAreUsageErrors(string option, string value, string expected)
    {
        using var tmp = new TempDir();
        var v = option == "--figure" ? tmp.File(value) : value;
        var args = new List<string> { "arrhenius", Example("li2nh", "hot_pressed_sigma_t.csv"), option, v };
        if (option != "--figure") args.AddRange(["--figure", tmp.File("a.svg")]);
        var r = CliHarness.Run([.. args]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Stderr);
        Assert.Empty(Directory.GetFiles(tmp.Path));
    }

    [Fact]
    public void AFigurePathThatIsTheInputIsRefused()
    {
        using var tmp = new TempDir();
        var input = tmp.File("sigma.svg");
        File.Copy(Example("li2nh", "hot_pressed_sigma_t.csv"), input);
        var before = File.ReadAllBytes(input);
        var r = CliHarness.Run("arrhenius", input, "--figure", input);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is an input of this command", r.Stderr);
        Assert.Equal(before, File.ReadAllBytes(input));
    }
}
