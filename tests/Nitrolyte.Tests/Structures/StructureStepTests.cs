using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Structures;

public class StructureStepTests
{
    [Fact]
    public void Li9N2Cl3_example_has_structure_analysis()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = r.Json()["analyses"]!.AsObject();
        var s = a.First(kv => kv.Key.Contains("structure")).Value!;
        Assert.False((bool)s["ordered"]!);
        Assert.Equal(5.3506, (double)s["lattice"]!["a"]!, 9);
        var first = s["xrd"]!.AsArray()[0]!;
        Assert.Equal([1, 1, 1], first["hkl"]!.AsArray().Select(x => (int)x!).ToArray());
        Assert.Equal(5.3506 * Math.Sqrt(3) / 4, (double)s["pdf_first_peak_a"]!["Li-Cl"]!, 2);
        Assert.Equal("Li54N12Cl18", (string)s["ordering_preview"]!["formula"]!);
        var html = File.ReadAllText(Path.Combine(tmp.Path, "report.html"));
        Assert.Contains("Powder patterns", html);
    }

    [Fact]
    public void Ordered_structure_gets_an_ewald_energy()
    {
        using var tmp = new TempDir();
        var dir = Path.Combine(tmp.Path, "licl");
        Directory.CreateDirectory(dir);
        Assert.Equal(0, CliHarness.Run("structure", "convert", "LiCl", Path.Combine(dir, "LiCl.cif")).ExitCode);
        File.WriteAllText(Path.Combine(dir, "manifest.yaml"), "material: LiCl\ndata:\n  - technique: structure\n    file: LiCl.cif\n");
        var r = CliHarness.Run("evaluate", dir, "--out", Path.Combine(tmp.Path, "out"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var s = r.Json()["analyses"]!.AsObject().First(kv => kv.Key.Contains("structure")).Value!;
        Assert.Equal(-39.2464148371, (double)s["ewald"]!["total_ev"]!, 5);   // pymatgen, bench/scripts/ewald_reference.py
    }
}
