using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Library;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Library;

/// <summary>The `library` command through the CLI (in-process), always on a temporary store.</summary>
public class LibraryCliTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples");

    private static readonly string[] ContractKeys =
        ["name", "formula", "family", "space_group", "sigma_s_per_cm", "temperature_c", "extrapolated", "ea_ev", "synthesis", "source"];

    [Fact]
    public void ListJsonHasTheContractKeysForEveryRow()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("library", "list", "--json", "--store", tmp.File("lib.db"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var arr = r.Json().AsArray();
        Assert.Equal(LiteratureDataFile.LoadEmbedded().Entries.Count, arr.Count);
        foreach (var item in arr)
        {
            var o = item!.AsObject();
            foreach (var k in ContractKeys) Assert.True(o.ContainsKey(k), $"missing key {k}");
            Assert.Equal("bool", JsonValueKind(o["extrapolated"]));
        }
        var vr = arr.Single(x => x!["name"]!.GetValue<string>() == "Vacancy-rich Li9N2Cl3")!;
        Assert.Equal(4.3e-5, vr["sigma_s_per_cm"]!.GetValue<double>());
        Assert.Equal(0.378, vr["ea_ev"]!.GetValue<double>());
        Assert.Equal("Fm-3m", vr["space_group"]!.GetValue<string>());
        Assert.Equal(25, vr["temperature_c"]!.GetValue<double>());
    }

    private static string JsonValueKind(JsonNode? n) => n is JsonValue v && v.TryGetValue<bool>(out _) ? "bool" : "other";

    [Fact]
    public void ListFilters()
    {
        using var tmp = new TempDir();
        var store = tmp.File("lib.db");
        var halides = CliHarness.Run("library", "list", "--family", "Nitride-Halide", "--json", "--store", store).Json().AsArray();
        Assert.Equal(11, halides.Count);
        Assert.All(halides, h => Assert.Equal("nitride-halide", h!["family"]!.GetValue<string>()));

        var fast = CliHarness.Run("library", "list", "--min-sigma", "1e-3", "--json", "--store", store).Json().AsArray();
        Assert.Equal(["α-Li3N single crystal (⊥c)", "α-Li3N sinter", "H-doped α-Li3N single crystal (⊥c)", "Vacancy-rich β-Li3N", "Li2NH (hot pressed)",
                "Li3InCl6", "Li10GeP2S12 (LGPS)", "Li6PS5Cl (argyrodite)", "Li7P3S11 glass-ceramic"], // reference electrolytes of issue 14
            fast.Select(x => x!["name"]!.GetValue<string>()));

        var band = CliHarness.Run("library", "list", "--min-sigma", "1e-7", "--max-sigma", "1e-6", "--family", "nitridophosphate", "--json", "--store", store).Json().AsArray();
        Assert.Equal(["li7pn4", "beta-li10p4n10"], band.Select(x => x!["id"]!.GetValue<string>()));

        var human = CliHarness.Run("library", "list", "--family", "imide", "--store", store);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("li2nh-hot-pressed", human.Stdout);

        var bad = CliHarness.Run("library", "list", "--family", "oxides", "--store", store);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("nitride-halide", bad.Stderr);   // lists the known families
        Assert.Equal(2, CliHarness.Run("library", "list", "--min-sigma", "1", "--max-sigma", "0.1", "--store", store).ExitCode);
        Assert.Equal(2, CliHarness.Run("library", "list", "--min-sigma", "lots", "--store", store).ExitCode);
    }

    [Fact]
    public void ShowAndCompare()
    {
        using var tmp = new TempDir();
        var store = tmp.File("lib.db");
        var show = CliHarness.Run("library", "show", "Li2.5N0.5S0.5", "--json", "--store", store);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Equal(27, show.Json()["temperature_c"]!.GetValue<double>());
        Assert.Contains("seed 003", show.Json()["source"]!.GetValue<string>());
        Assert.Equal(0, CliHarness.Run("library", "show", "li13n4br", "--store", store).ExitCode);

        var html = tmp.File("plot.html");
        var cmp = CliHarness.Run("library", "compare", "vacancy-rich-li9n2cl3", "Li2.5N0.5S0.5", "li2nh-hot-pressed", "--out", html, "--json", "--store", store);
        Assert.True(cmp.ExitCode == 0, cmp.Stderr);
        var j = cmp.Json();
        Assert.Equal(3, j["materials"]!.AsArray().Count);
        Assert.Equal(html, j["plot_html"]!.GetValue<string>());
        var page = File.ReadAllText(html);
        Assert.Contains("Arrhenius comparison", page);
        Assert.Contains("nitrolytePlot(", page);
        Assert.Contains("Li2NH (hot pressed): 0.44 eV", page);
        // σ(25 °C) of the 30 °C Li2NH value moved along σT with 0.44 eV
        double expected = 1.0e-3 * 303.15 / 298.15 * Math.Exp(-0.44 / PhysicalConstants.BoltzmannEVPerK * (1 / 298.15 - 1 / 303.15));
        Assert.Equal(expected, j["sigma_25c_s_per_cm"]!["li2nh-hot-pressed"]!.GetValue<double>(), 1e-15);

        var human = CliHarness.Run("library", "compare", "li5ni2", "li7n2i", "--store", store);
        Assert.Equal(0, human.ExitCode);
        Assert.Contains("Li7N2I", human.Stdout);
    }

    [Fact]
    public void AddAnEvaluatedReportToTheStore()
    {
        using var tmp = new TempDir();
        var store = tmp.File("lib.db");
        var eval = CliHarness.Run("evaluate", Path.Combine(Examples, "li2nh"), "--out", tmp.File("out"), "--json");
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var report = eval.Json();
        double sigma25 = report["scorecard"]!.AsArray().First(s => s!["target"]!.GetValue<string>().StartsWith("Ionic conductivity"))!["value"]!.GetValue<double>();
        var hot = report["analyses"]!.AsObject().First(kv => kv.Key.Contains("hot pressed")).Value!;

        var add = CliHarness.Run("library", "add", tmp.File("out/report.json"), "--json", "--store", store);
        Assert.True(add.ExitCode == 0, add.Stderr);
        var added = add.Json();
        Assert.Equal("Li2NH", added["name"]!.GetValue<string>());
        Assert.Equal("Li2NH", added["formula"]!.GetValue<string>());
        Assert.Equal("user", added["origin"]!.GetValue<string>());
        Assert.Equal(sigma25, added["sigma_s_per_cm"]!.GetValue<double>(), 1e-15);
        Assert.Equal(hot["ea_ev"]!.GetValue<double>(), added["ea_ev"]!.GetValue<double>(), 12);
        Assert.Equal(25, added["temperature_c"]!.GetValue<double>());
        Assert.True(added["extrapolated"]!.GetValue<bool>());   // the example spans 30-110 °C

        // again, with a family: replaced, not duplicated; literature rows untouched
        Assert.Equal(0, CliHarness.Run("library", "add", tmp.File("out/report.json"), "--family", "imide", "--store", store).ExitCode);
        var all = CliHarness.Run("library", "list", "--json", "--store", store).Json().AsArray();
        Assert.Equal(LiteratureDataFile.LoadEmbedded().Entries.Count + 1, all.Count);
        var mine = CliHarness.Run("library", "list", "--family", "imide", "--json", "--store", store).Json().AsArray();
        Assert.Equal(4, mine.Count);
        Assert.Equal("user", mine.Last()!["origin"]!.GetValue<string>());

        // the folder evaluate wrote works too; `library path` counts the rows
        Assert.Equal(0, CliHarness.Run("library", "add", tmp.File("out"), "--family", "imide", "--store", store).ExitCode);
        var info = CliHarness.Run("library", "path", "--json", "--store", store).Json();
        Assert.Equal(1, info["user_rows"]!.GetValue<int>());
        Assert.Equal(LiteratureDataFile.LoadEmbedded().Entries.Count, info["literature_rows"]!.GetValue<int>());
        Assert.Equal(0, CliHarness.Run("library", "remove", "user-li2nh", "--store", store).ExitCode);
        Assert.Equal(1, CliHarness.Run("library", "remove", "li2nh-hot-pressed", "--store", store).ExitCode);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not-json")]
    [InlineData("not-a-report")]
    [InlineData("no-conductivity")]
    public void BadReportsAreOneLineErrors(string kind)
    {
        using var tmp = new TempDir();
        var path = tmp.File("report.json");
        switch (kind)
        {
            case "not-json": File.WriteAllText(path, "material: Li3N\n"); break;
            case "not-a-report": File.WriteAllText(path, """{"name": "x", "sigma": 1}"""); break;
            case "no-conductivity": File.WriteAllText(path, """{"material": "X", "formula": "Li3N", "analyses": {"xrd": {"peaks": 3}}, "scorecard": []}"""); break;
        }
        var r = CliHarness.Run("library", "add", path, "--store", tmp.File("lib.db"));
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.StartsWith("error:", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Contains(path, r.Stderr);
    }

    [Fact]
    public void UnknownMaterialsAndBadStoresAreOneLineErrors()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("library", "show", "unobtainium", "--store", tmp.File("lib.db"));
        Assert.Equal(1, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        var c = CliHarness.Run("library", "compare", "li7n2i", "Li9N2Cl3", "--store", tmp.File("lib.db"));
        Assert.Equal(1, c.ExitCode);
        Assert.Contains("vacancy-rich-li9n2cl3", c.Stderr);   // the ambiguity names the candidates
        File.WriteAllText(tmp.File("junk.db"), "this is not sqlite, just text long enough to have a header........................................");
        var j = CliHarness.Run("library", "list", "--store", tmp.File("junk.db"));
        Assert.Equal(1, j.ExitCode);
        Assert.Single(j.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public void EvaluateComparesWithTheLiteratureOfTheSameFamily()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, "li9n2cl3"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lit = r.Json()["analyses"]!["literature"]!;
        Assert.Equal("nitride-halide", lit["family"]!.GetValue<string>());
        Assert.Equal(11, lit["same_family"]!.AsArray().Count);
        Assert.Equal("vacancy-rich-li9n2cl3", lit["nearest"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("li7p3s11", lit["field_best"]!["id"]!.GetValue<string>()); // beyond nitrides (issue 14): the field's best is Li7P3S11
        var html = File.ReadAllText(Path.Combine(tmp.Path, "report.html"));
        Assert.Contains("Comparison with the literature", html);
        Assert.Contains("Nearest library materials", html);
    }
}
