using Nitrolyte.Migration;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Migration;

public class BvseLandscapeTests(ITestOutputHelper output)
{
    [Fact]
    public void SingleAnionInABigCellGivesHalfTheMorsePair()
    {
        // one N in a 20 Å cube: only one image is inside the 6 Å cutoff of any grid point near it
        var s = new Structure(Lattice.Cubic(20), [Site.Ordered("N", 0, 0, 0, -3)]);
        var pair = BvseParameters.Pair("Li", "N");
        foreach (var half in new[] { true, false })
        {
            var model = BvseModel.Build(s, new BvseOptions { GridSpacingA = 0.5, MorseHalf = half });
            var g = BvseLandscape.Compute(model);
            Assert.Equal(40, g.Na);
            // grid point (4, 0, 0) is 2.0 Å from N along a; (3, 2, 1) is sqrt(9+4+1)/2 Å
            Assert.Equal((half ? 0.5 : 1) * pair.Energy(2.0), g.Values[g.Index(4, 0, 0)], 12);
            Assert.Equal((half ? 0.5 : 1) * pair.Energy(Math.Sqrt(14) / 2), g.Values[g.Index(3, 2, 1)], 12);
            Assert.Equal(0, g.Values[g.Index(20, 20, 20)]); // 17 Å away: outside every cutoff
        }
    }

    [Fact]
    public void GridEqualsDirectSumWithMixedAnionsPartialOccupancyAndCoulomb()
    {
        // Li9N2Cl3 (mixed N/Cl, vacancies) plus a toy P5+ on 4b (occupancy 0.25) for the screened Coulomb term
        var baseS = ReferenceStructures.Li9N2Cl3();
        var sites = baseS.Sites.ToList();
        foreach (var (x, y, z) in new[] { (0.5, 0.5, 0.5), (0.5, 0, 0), (0, 0.5, 0), (0, 0, 0.5) })
            sites.Add(new Site("P4b", x, y, z, [new SiteSpecies("P", 0.25, 5)]));
        var s = new Structure(baseS.Lattice, sites);
        var model = BvseModel.Build(s, new BvseOptions { GridSpacingA = 0.4 });
        Assert.Equal(4 * 2 + 4, model.Terms.Count);
        var g = BvseLandscape.Compute(model);
        var rng = new Random(3);
        for (int t = 0; t < 25; t++)
        {
            int p = rng.Next(g.Count);
            var f = g.Frac(p);
            var c = s.Lattice.ToCartesian(f.A, f.B, f.C);
            Assert.Equal(model.EnergyAt(c.X, c.Y, c.Z), g.Values[p], 9);
        }
    }

    [Fact]
    public void TriclinicCellMatchesDirectSum()
    {
        var lat = Lattice.FromParameters(5.1, 6.3, 7.2, 78, 95, 112);
        var s = new Structure(lat, [Site.Ordered("S", 0.1, 0.2, 0.3, -2), Site.Ordered("N", 0.6, 0.7, 0.2, -3), Site.Ordered("Ge", 0.4, 0.1, 0.8, 4), Site.Ordered("Li", 0.9, 0.5, 0.5, 1)]);
        var model = BvseModel.Build(s, new BvseOptions { GridSpacingA = 0.5 });
        var g = BvseLandscape.Compute(model);
        var rng = new Random(5);
        for (int t = 0; t < 25; t++)
        {
            int p = rng.Next(g.Count);
            var f = g.Frac(p);
            var c = lat.ToCartesian(f.A, f.B, f.C);
            Assert.Equal(model.EnergyAt(c.X, c.Y, c.Z), g.Values[p], 9);
        }
    }

    [Fact]
    public void ErfcIsAccurate()
    {
        foreach (var (x, v) in new[] { (0.0, 1.0), (0.5, 0.4795001221869535), (1.0, 0.15729920705028513), (2.0, 0.004677734981047266), (3.0, 2.209049699858544e-05) })
            Assert.Equal(v, BvseModel.Erfc(x), v * 2e-7 + 1e-15);
    }

    [Fact]
    public void SeedThreeOrderingAndValues()
    {
        var a = BvseAnalysis.Run(ReferenceStructures.Li2S(5.719));
        var b = BvseAnalysis.Run(ReferenceStructures.Li2S(5.554));
        var c = BvseAnalysis.Run(ReferenceStructures.Li25N05S05());
        foreach (var (name, r) in new[] { ("Li2S 5.719", a), ("Li2S 5.554", b), ("Li2.5N0.5S0.5", c) })
            output.WriteLine($"{name}: grid {r.Grid.Na}x{r.Grid.Nb}x{r.Grid.Nc} min {r.MinimumEV:0.0000} 1D {r.Barrier1DEV:0.0000} 2D {r.Barrier2DEV:0.0000} 3D {r.Barrier3DEV:0.0000} sites {r.Pathways.Sites.Count} " +
                             $"t {r.LandscapeTime.TotalMilliseconds:0}/{r.PathwayTime.TotalMilliseconds:0}/{r.PercolationTime.TotalMilliseconds:0} ms");
        // published (seed 003, softBV): 0.254 (a = 5.719), 0.400 (a = 5.554), 0.176 eV (Li2.5N0.5S0.5)
        Assert.True(c.Barrier3DEV < a.Barrier3DEV);
        Assert.True(b.Barrier3DEV > a.Barrier3DEV);
        Assert.InRange(a.Barrier3DEV!.Value, 0.254 - 0.03, 0.254 + 0.03);
        Assert.InRange(b.Barrier3DEV!.Value, 0.400 - 0.03, 0.400 + 0.03);
        Assert.InRange(c.Barrier3DEV!.Value, 0.176 - 0.03, 0.176 + 0.03);
        // cubic: 1D = 2D = 3D
        Assert.Equal(a.Barrier1DEV!.Value, a.Barrier3DEV.Value, 9);
    }

    [Fact]
    public void AlphaLi3NConductsInPlaneMoreEasilyThanAlongC()
    {
        var r = BvseAnalysis.Run(ReferenceStructures.AlphaLi3N());
        var ax = r.Percolation.AxisBarriersEV;
        output.WriteLine($"Li3N: 1D {r.Barrier1DEV:0.0000} 2D {r.Barrier2DEV:0.0000} 3D {r.Barrier3DEV:0.0000}; axes a {ax[0]:0.0000} b {ax[1]:0.0000} c {ax[2]:0.0000}; sites {r.Pathways.Sites.Count}");
        Assert.True(ax[0] < ax[2]);
        Assert.Equal(ax[0]!.Value, ax[1]!.Value, 9);
        Assert.Equal(r.Barrier2DEV!.Value, ax[0]!.Value, 9);
        Assert.Equal(r.Barrier3DEV!.Value, ax[2]!.Value, 9);
    }
}
