using Nitrolyte.Migration;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Migration;

public class PercolationTests(ITestOutputHelper output)
{
    /// <summary>E = −(A cos 2πx + B cos 2πy + C cos 2πz): crossing along x costs 2A (over x = ½ at y = z = 0), so the
    /// 1D/2D/3D thresholds are 2·(sorted A, B, C), exactly on a grid that contains ½.</summary>
    private static EnergyGrid Cosines(Lattice lat, int n, double a, double b, double c)
    {
        var v = new double[n * n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
            v[(i * n + j) * n + k] = -(a * Math.Cos(2 * Math.PI * i / n) + b * Math.Cos(2 * Math.PI * j / n) + c * Math.Cos(2 * Math.PI * k / n));
        return new EnergyGrid(lat, n, n, n, v);
    }

    [Theory]
    [InlineData(0.1, 0.2, 0.3)]
    [InlineData(0.3, 0.05, 0.2)]
    public void SeparableCosineLandscapeHasExactThresholds(double a, double b, double c)
    {
        var g = Cosines(Lattice.Cubic(5), 20, a, b, c);
        var r = Percolation.Sweep(g, 5);
        var sorted = new[] { a, b, c }.OrderBy(x => x).ToArray();
        for (int d = 0; d < 3; d++) Assert.Equal(2 * sorted[d], r.BarriersEV[d]!.Value, 12);
        Assert.Equal(2 * a, r.AxisBarriersEV[0]!.Value, 12);
        Assert.Equal(2 * b, r.AxisBarriersEV[1]!.Value, 12);
        Assert.Equal(2 * c, r.AxisBarriersEV[2]!.Value, 12);
        Assert.Equal(-(a + b + c), r.MinimumEV, 12);
        // the basin graph gives the same thresholds and one minimax loop per dimension
        var p = Pathways.Find(g, 5);
        for (int d = 0; d < 3; d++) Assert.Equal(r.BarriersEV[d], p.BarriersEV[d]);
        Assert.Single(p.Sites);
        Assert.Equal(3, p.Paths.Count);
        Assert.Equal(1, p.Paths[0].Winding.Select(Math.Abs).Sum());
    }

    [Fact]
    public void BelowTheCeilingNothingPercolatesAndBarriersAreNull()
    {
        var g = Cosines(Lattice.Cubic(5), 16, 0.1, 1.0, 2.0);
        var r = Percolation.Sweep(g, 1.0);
        Assert.Equal(0.2, r.BarriersEV[0]!.Value, 12);
        Assert.Null(r.BarriersEV[1]);
        Assert.Null(r.BarriersEV[2]);
        Assert.Null(r.AxisBarriersEV[1]);
    }

    [Fact]
    public void DiagonalChannelPercolatesOnlyInOneDimensionWithAWindingAlongTheDiagonal()
    {
        // a tube along [1,1,0]: energy low near the line x = y (mod 1), z = 0.5
        int n = 24;
        var v = new double[n * n * n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        for (int k = 0; k < n; k++)
        {
            double dx = (i - j + n) % n; dx = Math.Min(dx, n - dx) / n;
            double dz = Math.Abs(k - n / 2.0) / n;
            v[(i * n + j) * n + k] = dx * dx + dz * dz < 0.01 ? 0 : 1;
        }
        var r = Percolation.Sweep(new EnergyGrid(Lattice.Cubic(5), n, n, n, v), 0.5);
        Assert.Equal(0, r.BarriersEV[0]);
        Assert.Null(r.BarriersEV[1]);
        Assert.Null(r.AxisBarriersEV[0]);
        var w = r.Windings[0]!;
        Assert.Equal(Math.Abs(w[0]), Math.Abs(w[1]));
        Assert.Equal(0, w[2]);
    }

    [Fact]
    public void GridSweepAndBasinGraphAgreeOnRealLandscapes()
    {
        foreach (var s in new[] { ReferenceStructures.AlphaLi3N(), ReferenceStructures.Li9N2Cl3() })
        {
            var model = BvseModel.Build(s, new BvseOptions { GridSpacingA = 0.2 });
            var g = BvseLandscape.Compute(model);
            var sweep = Percolation.Sweep(g, 5);
            var basins = Pathways.Find(g, 5);
            for (int d = 0; d < 3; d++) Assert.Equal(sweep.BarriersEV[d], basins.BarriersEV[d]);
            foreach (var path in basins.Paths)
            {
                // the loop's highest saddle is its barrier; it ends at the start translated by its winding
                Assert.Equal(path.BarrierEV + sweep.MinimumEV, path.Sites.Max(x => x.SaddleToNextEV ?? double.MinValue), 9);
                var first = path.Sites[0];
                var last = path.Sites[^1];
                Assert.Equal(first.FracA + path.Winding[0], last.FracA, 9);
                Assert.Equal(first.FracB + path.Winding[1], last.FracB, 9);
                Assert.Equal(first.FracC + path.Winding[2], last.FracC, 9);
                // the grid profile is continuous (neighbour steps) and never above the barrier
                Assert.True(path.Profile.Max(x => x.EnergyEV) <= path.BarrierEV + sweep.MinimumEV + 1e-12);
                for (int t = 1; t < path.Profile.Count; t++)
                {
                    var p0 = path.Profile[t - 1];
                    var p1 = path.Profile[t];
                    Assert.True(Math.Abs(p1.FracA - p0.FracA) * g.Na < 1.0001 && Math.Abs(p1.FracB - p0.FracB) * g.Nb < 1.0001 && Math.Abs(p1.FracC - p0.FracC) * g.Nc < 1.0001);
                }
            }
            output.WriteLine($"{s.Title}: {string.Join(" ", sweep.BarriersEV.Select(x => x?.ToString("0.0000") ?? "null"))}, {basins.Sites.Count} sites, {basins.Saddles.Count} saddles");
        }
    }

    /// <summary>Barriers must not depend on the cell choice, the origin, or the grid beyond the grid error.
    /// Tolerance: 0.015 eV (a 0.1 Å grid samples a saddle to within ~0.05 Å; the landscape curvature there
    /// is ≲ 6 eV/Å², giving ≲ 0.01 eV).</summary>
    [Fact]
    public void BarriersAreInvariantUnderSupercellOriginShiftAndGridRefinement()
    {
        const double tol = 0.015;
        var li2s = ReferenceStructures.Li2S();
        var li3n = ReferenceStructures.AlphaLi3N();
        double Bar(Structure s, double grid, int d = 3) => BvseAnalysis.Run(s, new BvseOptions { GridSpacingA = grid }).Percolation.BarriersEV[d - 1]!.Value;
        double b0 = Bar(li2s, 0.1);
        var variants = new (string, double)[]
        {
            ("2x1x1 supercell", Bar(ReferenceStructures.Supercell(li2s, 2, 1, 1), 0.1)),
            ("origin shift (0.123, 0.311, 0.057)", Bar(ReferenceStructures.Shifted(li2s, 0.123, 0.311, 0.057), 0.1)),
            ("grid 0.07 Å", Bar(li2s, 0.07)),
        };
        foreach (var (name, v) in variants)
        {
            output.WriteLine($"Li2S 3D barrier {b0:0.0000} eV; {name}: {v:0.0000} eV");
            Assert.InRange(v, b0 - tol, b0 + tol);
        }
        double c0 = Bar(li3n, 0.1), c2 = Bar(li3n, 0.1, 2);
        var l3 = new (string, double, double)[]
        {
            ("1x1x2 supercell", Bar(ReferenceStructures.Supercell(li3n, 1, 1, 2), 0.1), Bar(ReferenceStructures.Supercell(li3n, 1, 1, 2), 0.1, 2)),
            ("origin shift", Bar(ReferenceStructures.Shifted(li3n, 0.21, 0.07, 0.33), 0.1), Bar(ReferenceStructures.Shifted(li3n, 0.21, 0.07, 0.33), 0.1, 2)),
            ("grid 0.06 Å", Bar(li3n, 0.06), Bar(li3n, 0.06, 2)),
        };
        foreach (var (name, v3, v2) in l3)
        {
            output.WriteLine($"Li3N 2D/3D {c2:0.0000}/{c0:0.0000} eV; {name}: {v2:0.0000}/{v3:0.0000} eV");
            Assert.InRange(v3, c0 - tol, c0 + tol);
            Assert.InRange(v2, c2 - tol, c2 + tol);
        }
    }
}
