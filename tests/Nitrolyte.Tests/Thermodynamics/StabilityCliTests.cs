using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Thermodynamics;

public class StabilityCliTests
{
    private static string Example => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3", "synthetic_entries.csv");

    [Fact]
    public void HullJsonFollowsTheContract()
    {
        var r = CliHarness.Run("stability", "hull", Example, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(3, j["elements"]!.AsArray().Count);
        Assert.Equal(6, j["stable"]!.AsArray().Count);
        var entries = j["entries"]!.AsArray();
        Assert.Equal(11, entries.Count);
        var li4ncl = entries.Single(e => e!["name"]!.ToString() == "Li4NCl")!;
        foreach (var key in new[] { "name", "formula", "energy_per_atom_ev", "formation_energy_per_atom_ev", "e_above_hull_ev_per_atom", "decomposition" })
            Assert.NotNull(li4ncl[key]);
        Assert.Equal(0.005, li4ncl["e_above_hull_ev_per_atom"]!.GetValue<double>(), 1e-9);
        Assert.Equal(1.0, li4ncl["decomposition"]!.AsObject().Sum(kv => kv.Value!.GetValue<double>()), 1e-9);
    }

    [Fact]
    public void WindowJsonOfLi9N2Cl3()
    {
        var r = CliHarness.Run("stability", "window", Example, "--formula", "Li9N2Cl3", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal("Li9N2Cl3", j["formula"]!.ToString());
        Assert.Equal(0, j["e_above_hull_ev_per_atom"]!.GetValue<double>(), 1e-12);
        var w = j["window_v"]!.AsArray();
        Assert.Equal(0.0, w[0]!.GetValue<double>(), 1e-9);
        Assert.Equal(0.50, w[1]!.GetValue<double>(), 1e-9);
        var prof = j["profile"]!.AsArray();
        Assert.Equal(3, prof.Count);
        Assert.Equal(-6, prof[1]!["delta_li_per_formula"]!.GetValue<double>(), 1e-9);
        Assert.Contains("N2", prof[1]!["phases"]!.AsArray().Select(x => x!.ToString()));
        Assert.NotNull(prof[1]!["mu_ev"]);
        Assert.NotNull(prof[1]!["voltage_v"]);
    }

    [Fact]
    public void WindowOfAMetastablePhaseSaysSo()
    {
        var r = CliHarness.Run("stability", "window", Example, "--formula", "Li5NCl2", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(0.0175, j["e_above_hull_ev_per_atom"]!.GetValue<double>(), 1e-9);
        Assert.Contains("above the hull", j["note"]!.ToString());
    }

    [Fact]
    public void WindowWithAGivenEnergy()
    {
        // Li2.5N0.5S0.5-like check in Li-N-Cl: a Li4NCl energy passed on the command line, 22 meV/f.u. above the hull.
        var r = CliHarness.Run("stability", "window", Example, "--formula", "Li4NCl", "--energy-ev", "-18.944", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(0.022 / 6, r.Json()["e_above_hull_ev_per_atom"]!.GetValue<double>(), 1e-9); // hull at Li4NCl: -18.966 eV
    }

    [Fact]
    public void InterfaceJsonFollowsTheContract()
    {
        var r = CliHarness.Run("stability", "interface", Example, "--a", "Li3N", "--b", "Cl2", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.True(j["min_reaction_energy_ev_per_atom"]!.GetValue<double>() < -1);
        Assert.NotNull(j["mixing_ratio"]);
        Assert.NotEmpty(j["products"]!.AsArray());
        var kinks = j["kinks"]!.AsArray();
        Assert.True(kinks.Count >= 3);
        Assert.NotNull(kinks[1]!["x"]);
        Assert.NotNull(kinks[1]!["energy_ev_per_atom"]);
        Assert.NotNull(kinks[1]!["products"]);
    }

    [Fact]
    public void InterfaceWithOpenLithium()
    {
        var r = CliHarness.Run("stability", "interface", Example, "--a", "Li3N", "--b", "LiCl", "--open", "Li", "--voltage-v", "1.0", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal("Li", j["open_element"]!.ToString());
        Assert.Equal(-1.909 - 1.0, j["mu_ev"]!.GetValue<double>(), 1e-9);
    }

    [Fact]
    public void VacancyJson()
    {
        var r = CliHarness.Run("stability", "vacancy", "--host-ev", "-100", "--reference-ev", "-1.9", "--defect-ev", "-96.79,-96.2", "--labels", "4f,2b", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(1.31, j["min_ev"]!.GetValue<double>(), 1e-9);
        Assert.Equal("4f", j["min_site"]!.ToString());
        Assert.Equal((1.31 + 1.9) / 2, j["mean_ev"]!.GetValue<double>(), 1e-9);
        Assert.Equal(2, j["sites"]!.AsArray().Count);
    }

    [Fact]
    public void VacancyFromCsv()
    {
        using var tmp = new TempDir();
        var p = tmp.File("vac.csv");
        File.WriteAllText(p, "site,energy_ev\nhost,-100\nreference,-1.9\nLi1,-96.79\n");
        var r = CliHarness.Run("stability", "vacancy", "--csv", p, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(1.31, r.Json()["mean_ev"]!.GetValue<double>(), 1e-9);
        var r2 = CliHarness.Run("stability", "vacancy", p, "--json");
        Assert.True(r2.ExitCode == 0, r2.Stderr);
        Assert.Equal(1.31, r2.Json()["mean_ev"]!.GetValue<double>(), 1e-9);
    }

    [Theory]
    [InlineData(1, "stability", "hull", "/nonexistent/entries.csv")]
    [InlineData(1, "stability", "window", "EXAMPLE", "--formula", "Li9N2Cl3Xx")]
    [InlineData(1, "stability", "window", "EXAMPLE", "--formula", "Li2O")]
    [InlineData(2, "stability", "interface", "EXAMPLE", "--a", "Li3N", "--b", "LiCl", "--open", "Li")]
    [InlineData(2, "stability", "vacancy", "--host-ev", "-100", "--defect-ev", "-96")]
    public void BadInputGivesOneLineAndExitCode(int code, params string[] args)
    {
        var a = args.Select(x => x == "EXAMPLE" ? Example : x).ToArray();
        var r = CliHarness.Run(a);
        Assert.Equal(code, r.ExitCode);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    [Fact]
    public void HtmlWithThePlotIsWritten()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("stability", "window", Example, "--formula", "Li9N2Cl3", "--html", tmp.File("w.html"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("Equilibrium voltage profile", File.ReadAllText(tmp.File("w.html")));
    }

    [Fact]
    public void EvaluatePublishesStabilityMetrics()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        var s = j["analyses"]!["entries"]!;
        Assert.Equal(0.5, s["window_v"]!.AsArray()[1]!.GetValue<double>(), 1e-9);
        Assert.Equal(0, s["reaction_with_li"]!["min_reaction_energy_ev_per_atom"]!.GetValue<double>(), 1e-12);
        var card = j["scorecard"]!.AsArray();
        var li = card.First(c => c!["target"]!.ToString().Contains("Li metal"))!;
        Assert.Equal("pass", li["status"]!.ToString());
    }

    [SharedDataFact]
    public void EvaluateWithAPartnerOnLiFeO()
    {
        using var tmp = new TempDir();
        var csv = SharedData.TestData("dft_entries/pymatgen/pd_entries_test.csv");
        File.WriteAllText(tmp.File("manifest.yaml"), $"material: LiFeO2\nformula: LiFeO2\ndata:\n  - technique: dft_entries\n    file: {csv}\n    options:\n      partner: Fe2O3\n");
        var r = CliHarness.Run("evaluate", tmp.File("manifest.yaml"), "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["analyses"]!["dft_entries"]!;
        // LiFeO2 window 1.712-3.493 V (pymatgen profile), reaction with Li -675.1 meV/atom (InterfacialReactivity), none with Fe2O3.
        Assert.Equal(-1.91301487 + 3.6250022625000016, s["window_v"]!.AsArray()[0]!.GetValue<double>(), 1e-9);
        Assert.Equal(-0.6751222028571428, s["reaction_with_li"]!["min_reaction_energy_ev_per_atom"]!.GetValue<double>(), 1e-9);
        Assert.Equal(0, s["reaction_with_partner"]!["min_reaction_energy_ev_per_atom"]!.GetValue<double>(), 1e-9);
    }

    [Fact]
    public void EvaluateOfAMetastablePhaseUsesHullEnergiesForTheReactionWithLi()
    {
        using var tmp = new TempDir();
        File.Copy(Example, tmp.File("entries.csv"));
        File.WriteAllText(tmp.File("manifest.yaml"), "material: Li5NCl2\nformula: Li5NCl2\ndata:\n  - technique: entries\n    file: entries.csv\n");
        var r = CliHarness.Run("evaluate", tmp.File("manifest.yaml"), "--out", tmp.File("out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["analyses"]!["entries"]!;
        Assert.Equal(0.0175, s["e_above_hull_ev_per_atom"]!.GetValue<double>(), 1e-9);
        Assert.Equal(0, s["reaction_with_li"]!["min_reaction_energy_ev_per_atom"]!.GetValue<double>(), 1e-12);
        Assert.Contains("above the hull", s["window_note"]!.ToString());
        // issue 15: one window shape; "note" as documented (and as the CLI writes it), "window_note" kept as its alias
        Assert.Equal(s["window_note"]!.ToString(), s["note"]!.ToString());
        Assert.NotNull(s["window_mu_ev"]);
        // The CLI keeps pymatgen's default (own entry energy): the material decomposes by its e_above_hull at x = 1.
        var cli = CliHarness.Run("stability", "interface", Example, "--a", "Li5NCl2", "--b", "Li", "--json");
        Assert.Equal(-0.0175, cli.Json()["min_reaction_energy_ev_per_atom"]!.GetValue<double>(), 1e-9);
    }
}
