using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Structures;

public class StructureCliTests
{
    [SharedDataFact]
    public void Structure_info_json_follows_the_contract()
    {
        var r = CliHarness.Run("structure", "info", SharedData.TestData("cif/OBELiX/fft.cif"), "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        Assert.Equal("Li6N2", (string)j["formula"]!);
        Assert.Equal(8, (int)j["n_sites"]!);
        Assert.Equal(3.552, (double)j["lattice"]!["a"]!, 9);
        Assert.Equal(6.311, (double)j["lattice"]!["c"]!, 9);
        Assert.Equal(120, (double)j["lattice"]!["gamma"]!, 9);
        Assert.Equal("P6_3/mmc", (string)j["space_group"]!);
        Assert.True((double)j["volume_a3"]! > 0);
        Assert.True((double)j["density_g_per_cm3"]! > 1);
    }

    [Fact]
    public void Prototypes_are_listed_and_info_accepts_a_prototype_name()
    {
        var r = CliHarness.Run("structure", "prototypes", "--json");
        Assert.Equal(0, r.ExitCode);
        var names = r.Json()["prototypes"]!.AsArray().Select(x => (string)x!["name"]!).ToList();
        Assert.Contains("Li9N2Cl3", names);
        Assert.Contains("Li2.5N0.5S0.5", names);
        Assert.Contains("beta-Li3N", names);
        var info = CliHarness.Run("structure", "info", "Li9N2Cl3", "--json").Json();
        Assert.Equal(5.3506, (double)info["lattice"]!["a"]!, 9);
        Assert.Equal("Fm-3m", (string)info["space_group"]!);
    }

    [Fact]
    public void Ewald_json_has_the_contract_keys()
    {
        var j = CliHarness.Run("ewald", "LiCl", "--oxidation", "Li=1,Cl=-1", "--json").Json();
        double total = (double)j["total_ev"]!;
        Assert.Equal(-39.2464148371, total, 5);   // pymatgen, bench/scripts/ewald_reference.py
        Assert.Equal(total, (double)j["real_ev"]! + (double)j["reciprocal_ev"]! + (double)j["self_ev"]!, 9);
    }

    [Fact]
    public void Bad_input_gives_one_line_and_exit_1()
    {
        using var dir = new TempDir();
        var p = dir.File("x.cif");
        File.WriteAllText(p, "data_x\n_cell_length_a 5\n");
        var r = CliHarness.Run("structure", "info", p);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("x.cif", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        var u = CliHarness.Run("ewald", "LiCl", "--oxidation", "Li=plus");
        Assert.Equal(1, u.ExitCode);
    }
}
