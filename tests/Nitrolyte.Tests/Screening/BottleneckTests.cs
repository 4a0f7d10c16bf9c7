using Nitrolyte.Migration;
using Nitrolyte.Screening;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Screening;

public class BottleneckTests(ITestOutputHelper output)
{
    private static double RCl => IonicRadii.Of("Cl", -1).RadiusA;
    private static double RS => IonicRadii.Of("S", -2).RadiusA;

    /// <summary>CsCl-type LiCl: Li at the cube centre, Cl at the corners. Li hops between cube centres through the
    /// square face of four Cl; at the face centre the nearest Cl is a/√2 away, elsewhere on the straight path farther.</summary>
    private static Structure CsClLiCl(double a) => new(Lattice.Cubic(a),
    [
        new Site("Cl", 0, 0, 0, [new SiteSpecies("Cl", 1, -1)]),
        new Site("Li", 0.5, 0.5, 0.5, [new SiteSpecies("Li", 1, 1)]),
    ]) { Title = $"CsCl-type LiCl a={a}" };

    private static BvseResult Bvse(Structure s, int pointsPerAxis) =>
        BvseAnalysis.Run(s, new BvseOptions { GridSpacingA = s.Lattice.A / pointsPerAxis, MaxThreads = 1 });

    [Theory]
    [InlineData(3.4)]
    [InlineData(3.8)]
    public void CsClFaceWindowIsHalfTheFaceDiagonalMinusTheClRadius(double a)
    {
        var r = Bvse(CsClLiCl(a), 12);
        var b = BottleneckRadius.OfLowestPath(r)!;
        output.WriteLine($"a={a}: {b}");
        Assert.Equal(1, b.Dimension);
        Assert.Equal(a / Math.Sqrt(2) - 1.81, b.RadiusA, 9);
        Assert.Equal("Cl-", b.LimitingIon);
        // at a face centre: one fractional coordinate integer, the other two half-integers
        var f = new[] { b.FracA, b.FracB, b.FracC }.Select(x => x - Math.Floor(x)).Select(x => Math.Min(x, 1 - x)).OrderBy(x => x).ToArray();
        Assert.Equal([0, 0.5, 0.5], f, new Tol(1e-9));
    }

    /// <summary>Li2S antifluorite (S fcc, Li in the tetrahedral holes). A Li ion leaves its S4 tetrahedron through a
    /// triangular S3 face (edge a/√2), whose widest point is its centre, a/√6 from the three S; through the shared edge
    /// of two tetrahedra the window is a/(2√2). The BVSE path of the lowest dimension takes the face (tetrahedron →
    /// empty octahedral hole → tetrahedron), so the bottleneck is a/√6 − r(S2−).</summary>
    [Theory]
    [InlineData(5.554, 24)]
    [InlineData(5.719, 24)]
    [InlineData(5.719, 29)] // the default 0.2 Å grid: 1/3 is not a grid point and the path is a staircase
    [InlineData(5.633, 29)]
    public void Li2SWindowIsTheTetrahedronFaceCentre(double a, int points)
    {
        var r = Bvse(ReferenceStructures.Li2S(a), points);
        var b = BottleneckRadius.OfLowestPath(r)!;
        output.WriteLine($"a={a}: {b}; edge window would be {a / (2 * Math.Sqrt(2)) - RS:0.0000}");
        double exact = a / Math.Sqrt(6) - RS;
        if (points % 3 == 0) Assert.Equal(exact, b.RadiusA, 9); // the face centre is a grid point
        else Assert.InRange(b.RadiusA, exact - 0.001, exact + 0.007); // the stated bound (h/2)²/(2d), h = √3 × 0.2 Å
        Assert.Equal("S2-", b.LimitingIon);
    }

    [Fact]
    public void BiggerLatticeConstantGivesBiggerBottleneck()
    {
        double prev = double.NegativeInfinity;
        // on the campaign's default 0.2 Å grid (26..30 points per axis, with and without the face centre on the grid)
        foreach (var a in new[] { 5.20, 5.40, 5.554, 5.633, 5.719, 5.90 })
        {
            var s = ReferenceStructures.Li2S(a);
            var b = BottleneckRadius.OfLowestPath(BvseAnalysis.Run(s, new BvseOptions { GridSpacingA = 0.2, MaxThreads = 1 }))!;
            output.WriteLine($"a={a}: {b.RadiusA:0.0000} (a/sqrt6 - r = {a / Math.Sqrt(6) - RS:0.0000})");
            Assert.True(b.RadiusA > prev, $"a={a}: {b.RadiusA} not above {prev}");
            prev = b.RadiusA;
        }
        double small = BottleneckRadius.OfLowestPath(Bvse(CsClLiCl(3.4), 12))!.RadiusA;
        double big = BottleneckRadius.OfLowestPath(Bvse(CsClLiCl(3.6), 12))!.RadiusA;
        Assert.True(big > small);
    }

    [Fact]
    public void DescriptorIsAddedOnRequestAndLeavesTheBarriersUnchanged()
    {
        var s = ReferenceStructures.Li2S(5.719);
        var plain = CandidateDescriptors.Compute(s, new CampaignConfig { BvseGridA = 5.719 / 24, Descriptors = [DescriptorSet.Bvse] }, null);
        var with = CandidateDescriptors.Compute(s, new CampaignConfig { BvseGridA = 5.719 / 24, Descriptors = [DescriptorSet.Bvse, DescriptorSet.Bottleneck] }, null);
        var alone = CandidateDescriptors.Compute(s, new CampaignConfig { BvseGridA = 5.719 / 24, Descriptors = [DescriptorSet.Bottleneck] }, null);
        Assert.False(plain.ContainsKey("bottleneck_radius_a"));
        foreach (var k in new[] { "bvse_1d_ev", "bvse_2d_ev", "bvse_3d_ev", "bvse_dim" })
            Assert.Equal(plain[k]!.ToJsonString(), with[k]!.ToJsonString());
        Assert.Equal(Math.Round(5.719 / Math.Sqrt(6) - RS, 4), (double)with["bottleneck_radius_a"]!);
        Assert.Equal(with["bottleneck_radius_a"]!.ToJsonString(), alone["bottleneck_radius_a"]!.ToJsonString());
        Assert.Equal(1, (int)with["bottleneck_dim"]!);
        Assert.Equal("S2-", (string)with["bottleneck_ion"]!);
        Assert.False(alone.ContainsKey("bvse_3d_ev"));
    }

    [Fact]
    public void UntabulatedFrameworkIonIsRefusedByName()
    {
        var e = Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => IonicRadii.Of("Xe", 0));
        Assert.Contains("Xe", e.Message);
        Assert.Equal(1.84, RS);
        Assert.Equal(1.81, RCl);
    }

    private sealed class Tol(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;
        public int GetHashCode(double obj) => 0;
    }
}
