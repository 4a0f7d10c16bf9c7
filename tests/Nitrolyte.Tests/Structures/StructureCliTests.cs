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

    [Fact]
    public void Convert_builds_supercells_and_refuses_poscar_for_disordered_cells()
    {
        using var dir = new TempDir();
        var pos = dir.File("POSCAR");
        var r = CliHarness.Run("structure", "convert", "beta-Li3N", pos, "--supercell", "2,2,1");
        Assert.Equal(0, r.ExitCode);
        var info = CliHarness.Run("structure", "info", pos, "--json").Json();
        Assert.Equal(32, (int)info["n_sites"]!);
        Assert.Equal(7.104, (double)info["lattice"]!["a"]!, 9);
        var bad = CliHarness.Run("structure", "convert", "Li9N2Cl3", dir.File("x.vasp"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("ordered", bad.Stderr);
        Assert.Equal(2, CliHarness.Run("structure", "convert", "Li2S", dir.File("y.cif"), "--supercell", "2,2").ExitCode);
        var cif = CliHarness.Run("structure", "convert", "Li9N2Cl3", dir.File("li9.cif"), "--supercell", "1,1,2");
        Assert.Equal(0, cif.ExitCode);
        Assert.Equal(24, (int)CliHarness.Run("structure", "info", dir.File("li9.cif"), "--json").Json()["n_sites"]!);
    }

    [Fact]
    public void Order_writes_cif_and_rejects_bad_options()
    {
        using var dir = new TempDir();
        var r = CliHarness.Run("order", "Li9N2Cl3", "--samples", "20", "--keep", "2", "--random", "0", "--format", "cif", "--out", dir.Path, "--json");
        Assert.Equal(0, r.ExitCode);
        var f = (string)r.Json()["configurations"]!.AsArray()[0]!["file"]!;
        Assert.EndsWith(".cif", f);
        Assert.True(File.Exists(Path.Combine(dir.Path, f)));
        Assert.Equal(2, CliHarness.Run("order", "Li9N2Cl3", "--format", "xyz", "--out", dir.Path).ExitCode);
        Assert.Equal(2, CliHarness.Run("order", "Li9N2Cl3", "--samples", "0", "--out", dir.Path).ExitCode);
        Assert.Equal(2, CliHarness.Run("order", "Li9N2Cl3").ExitCode);   // --out is required
    }
}
