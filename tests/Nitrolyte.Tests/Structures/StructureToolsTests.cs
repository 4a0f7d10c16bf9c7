using Nitrolyte.Formats.Structures;
using Nitrolyte.Chemistry;
using Nitrolyte.Structures;

namespace Nitrolyte.Tests.Structures;

public class StructureToolsTests
{
    [Fact]
    public void Prototypes_have_the_seed_compositions_and_cells()
    {
        Assert.Equal(8, Prototypes.All.Count);
        var li9 = Prototypes.Get("Li9N2Cl3");
        Assert.Equal(5.3506, li9.Lattice.A, 10);
        Assert.Equal(12, li9.Sites.Count);
        Assert.Equal(8 * 0.86, li9.Composition["Li"], 9);
        Assert.Equal(4 * 0.382, li9.Composition["N"], 9);
        Assert.Equal(4 * 0.573, li9.Composition["Cl"], 9);
        var lns = Prototypes.Get("Li2.5N0.5S0.5");
        Assert.True(lns.Composition.AlmostEquals(Composition.Parse("Li10N2S2"), 1e-6), lns.Composition.Formula);
        Assert.Equal(4 + 8 + 24, lns.Sites.Count);
        Assert.Equal("Li6N2", Prototypes.Get("beta-Li3N").Composition.Formula);
        Assert.Equal("Li3N", Prototypes.Get("Li3N").Composition.Formula);
        Assert.Equal(5.719, Prototypes.Get("Li2S").Lattice.A, 10);
        Assert.Equal(5.554, Prototypes.Get("Li2S_a5.554").Lattice.A, 10);
        Assert.Equal("Li8O4", Prototypes.Get("Li2O").Composition.Formula);
        Assert.Equal(8, Prototypes.Get("LiCl").Sites.Count);
    }

    [Fact]
    public void Supercell_by_matrix_keeps_density_and_multiplies_sites()
    {
        var s = Prototypes.Get("Li9N2Cl3");
        var sc = s.Supercell(2, 2, 2);
        Assert.Equal(96, sc.Sites.Count);
        Assert.Equal(8 * s.VolumeA3, sc.VolumeA3, 8);
        Assert.Equal(s.DensityGPerCm3, sc.DensityGPerCm3, 10);
        // primitive fcc -> conventional: non-diagonal matrix
        var hex = Prototypes.Get("alpha-Li3N").Supercell(new[,] { { 1, 1, 0 }, { -1, 1, 0 }, { 0, 0, 1 } });
        Assert.Equal(8, hex.Sites.Count);
        Assert.Equal("Li6N2", hex.Composition.Formula);
    }

    [Fact]
    public void Neighbour_list_finds_antifluorite_shells_in_any_cell_shape()
    {
        var li2s = Prototypes.Get("Li2S");
        double a = li2s.Lattice.A;
        var nl = NeighbourList.Build(li2s, 0.5 * a);
        int s0 = li2s.Sites.ToList().FindIndex(x => x.Element == "S");
        // S: 8 Li at a√3/4, then 12 S at a/√2 (beyond 0.5a) -> 8 within 0.5a
        Assert.Equal(8, nl[s0].Count);
        Assert.All(nl[s0], n => Assert.Equal(a * Math.Sqrt(3) / 4, n.DistanceA, 9));
        // the same in a skewed (sheared) but equivalent cell: brute force comparison
        var skew = li2s.Supercell(new[,] { { 1, 0, 0 }, { 2, 1, 0 }, { -1, 2, 1 } });
        var nl2 = NeighbourList.Build(skew, 6.0);
        var w = NeighbourList.PerpendicularWidths(skew.Lattice);
        int[] k = w.Select(x => (int)Math.Ceiling(6.0 / x) + 1).ToArray();
        for (int i = 0; i < skew.Sites.Count; i += 3)
        {
            int brute = 0;
            for (int j = 0; j < skew.Sites.Count; j++)
                for (int p = -k[0]; p <= k[0]; p++) for (int q = -k[1]; q <= k[1]; q++) for (int r = -k[2]; r <= k[2]; r++)
                {
                    var (x, y, z) = skew.Lattice.ToCartesian(skew.Sites[j].FracA - skew.Sites[i].FracA + p, skew.Sites[j].FracB - skew.Sites[i].FracB + q, skew.Sites[j].FracC - skew.Sites[i].FracC + r);
                    var d = Math.Sqrt(x * x + y * y + z * z);
                    if (d > 1e-8 && d <= 6.0) brute++;
                }
            Assert.Equal(brute, nl2[i].Count);
        }
    }

    [Fact]
    public void Oxidation_rule_assigns_common_ions_and_solves_one_unknown()
    {
        var s = OxidationStates.Assign(Prototypes.Get("Li9N2Cl3"));
        Assert.Equal(0, OxidationStates.NetCharge(s), 2);
        var li3p = new Structure(Lattice.Cubic(5), [Site.Ordered("Li", 0, 0, 0), Site.Ordered("Li", 0.5, 0.5, 0), Site.Ordered("Li", 0.5, 0, 0.5), Site.Ordered("P", 0.25, 0.25, 0.25)]);
        Assert.Equal(-3, OxidationStates.Assign(li3p).Sites[3].Species[0].OxidationState);
        var limno = new Structure(Lattice.Cubic(5), [Site.Ordered("Li", 0, 0, 0), Site.Ordered("Mn", 0.5, 0.5, 0), Site.Ordered("O", 0.5, 0, 0.5), Site.Ordered("O", 0, 0.5, 0.5), Site.Ordered("Li", 0.5, 0.5, 0.5), Site.Ordered("O", 0.25, 0.25, 0.25)]);
        Assert.Equal(4, OxidationStates.Assign(limno).Sites[1].Species[0].OxidationState);   // Li2MnO3
        Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => OxidationStates.ParseOverrides("Li=one"));
    }
}
