using Nitrolyte.Core;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>
/// Free fractional coordinates under the site symmetry: the allowed subspace from the stabiliser (null space of the
/// stacked R − I), refinement of the subspace coordinates on simulated patterns (recovered within the stated errors,
/// error bars calibrated over seeds), special positions kept exactly, sites without a free coordinate refused.
/// </summary>
public class FreeCoordinateTests(ITestOutputHelper output)
{
    private static IReadOnlyList<SymmetryOperation> Ops(string prototype) => SymmetrySource.For(prototype)!;

    private static FreeCoordinates Analyse(string prototype, string label, double[] at)
    {
        var ops = Ops(prototype);
        var orbit = new List<double[]> { at };
        foreach (var op in ops)
        {
            var (a, b, c) = op.Apply(at[0], at[1], at[2]);
            var y = new[] { SymmetryOperation.Wrap(a), SymmetryOperation.Wrap(b), SymmetryOperation.Wrap(c) };
            if (!orbit.Any(q => Enumerable.Range(0, 3).All(i => Math.Abs(q[i] - y[i] - Math.Round(q[i] - y[i])) < 1e-6))) orbit.Add(y);
        }
        return SiteSymmetry.Analyse("t", label, orbit, ops)!;
    }

    /// <summary>The structure with the positions of <paramref name="label"/> replaced by the orbit of <paramref name="xyz"/> under the prototype's space group
    /// (a new site of that element and occupancy when the label is absent).</summary>
    private static Structure WithSite(Structure s, string prototype, string label, double[] xyz, string element = "Li", double occ = 1)
    {
        var ops = Ops(prototype);
        var template = s.Sites.FirstOrDefault(x => x.Label == label) ?? new Site(label, 0, 0, 0, [new SiteSpecies(element, occ)]);
        var sites = s.Sites.Where(x => x.Label != label).ToList();
        var orbit = new List<(double, double, double)>();
        foreach (var op in ops)
        {
            var (a, b, c) = op.Apply(xyz[0], xyz[1], xyz[2]);
            var y = (SymmetryOperation.Wrap(a), SymmetryOperation.Wrap(b), SymmetryOperation.Wrap(c));
            if (!orbit.Any(q => Near(q.Item1, y.Item1) && Near(q.Item2, y.Item2) && Near(q.Item3, y.Item3))) orbit.Add(y);
        }
        sites.AddRange(orbit.Select(p => template with { FracA = p.Item1, FracB = p.Item2, FracC = p.Item3 }));
        return new Structure(s.Lattice, sites) { Title = s.Title, SpaceGroup = s.SpaceGroup };
        static bool Near(double u, double v) => Math.Abs(u - v - Math.Round(u - v)) < 1e-6;
    }

    /// <summary>beta-Li3N with the 4f z of Li1 set to <paramref name="z"/>.</summary>
    private static Structure BetaLi3N(double z) => WithSite(Prototypes.Get("beta-Li3N"), "beta-Li3N", "Li1", [1.0 / 3, 2.0 / 3, z]);

    [Fact]
    public void Free_subspace_follows_the_site_symmetry()
    {
        // Fm-3m 24e (x,0,0): x free, site symmetry 4m.m (order 8); 4f of P6_3/mmc (1/3,2/3,z): z free, 3m. (order 6)
        var e24 = Analyse("Li2.5N0.5S0.5", "Li2", [0.28, 0, 0]);
        Assert.Equal([0], e24.Axes);
        Assert.Equal(8, e24.StabiliserOrder);
        Assert.Equal(24, e24.OrbitRotation.Length);
        var f4 = Analyse("beta-Li3N", "Li1", [1.0 / 3, 2.0 / 3, 0.59096]);
        Assert.Equal([2], f4.Axes);
        Assert.Equal(6, f4.StabiliserOrder);
        // 12k (x, 2x, z) of P6_3/mmc: x and z free, y tied to 2x (site symmetry .m., order 2)
        var k12 = Analyse("beta-Li3N", "K", [0.17, 0.34, 0.07]);
        Assert.Equal([0, 2], k12.Axes);
        Assert.Equal(2, k12.StabiliserOrder);
        Assert.Equal(12, k12.OrbitRotation.Length);
        var r = k12.Representative([0.18, 0.08]);
        Assert.Equal(0.36, r[1], 12);
        // 6h (x, 2x, 1/4): x only
        var h6 = Analyse("beta-Li3N", "H", [0.21, 0.42, 0.25]);
        Assert.Equal([0], h6.Axes);
        Assert.Equal(0.25, h6.Representative([0.3])[2], 15);
        // general position 24l: all three
        Assert.Equal([0, 1, 2], Analyse("beta-Li3N", "G", [0.11, 0.37, 0.07]).Axes);
    }

    [Fact]
    public void A_special_position_without_free_coordinate_is_refused_by_name()
    {
        var ex = Assert.Throws<NitrolyteInputException>(() => Analyse("Li2S", "Li1", [0.25, 0.25, 0.25]));
        Assert.Contains("site Li1", ex.Message);
        Assert.Contains("no free coordinate", ex.Message);
        // through the refinement: the 8c Li of antifluorite named in RefineCoordinates
        var s = Prototypes.Get("Li2S");
        var opt = new RefinementOptions { Wavelength1A = 1.54056, RefineCoordinates = ["Li1"] };
        var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt with { RefineCoordinates = [] }, new PowderRefinement.SimulationSettings { TwoThetaMinDeg = 20, TwoThetaMaxDeg = 100, StepDeg = 0.05 });
        var ex2 = Assert.Throws<NitrolyteInputException>(() => PowderRefinement.Refine(sim, [new RefinementPhase("Li2S", s) { Operations = Ops("Li2S") }], opt));
        Assert.Contains("site Li1", ex2.Message);
        var ex3 = Assert.Throws<NitrolyteInputException>(() => PowderRefinement.Refine(sim, [new RefinementPhase("Li2S", s)], opt with { RefineCoordinates = ["Q9"] }));
        Assert.Contains("--refine-xyz Q9", ex3.Message);
    }

    [Fact]
    public void Operations_derived_from_the_expanded_structure_match_the_space_group()
    {
        // beta-Li3N in P6_3/mmc: 24 operations; Fm-3m antifluorite Li2S: 192 (48 rotations x 4 centring translations)
        Assert.Equal(24, SiteSymmetry.FromStructure(Prototypes.Get("beta-Li3N")).Count);
        Assert.Equal(192, SiteSymmetry.FromStructure(Prototypes.Get("Li2S")).Count);
        var ops = SiteSymmetry.FromStructure(Prototypes.Get("beta-Li3N"));
        var cif = Ops("beta-Li3N");
        Assert.All(ops, o => Assert.Contains(cif, c => c.EquivalentTo(o)));
    }

    private static RefinementOptions NeutronOptions => new()
    {
        Wavelength1A = 1.622, Neutron = true, BackgroundTerms = 3, RefinedProfile = "UVW", RefineCoordinates = ["Li1"],
    };

    private static readonly PowderRefinement.SimulationSettings NeutronSim = new()
    {
        TwoThetaMinDeg = 15, TwoThetaMaxDeg = 150, StepDeg = 0.05, Scales = [0.05], Background = [200, -20], ZeroDeg = 0.01,
        Profile = new PeakProfile(0.05, -0.04, 0.03, 0.02, 0), BisoBySite = new Dictionary<string, double> { ["Li1"] = 1.2, ["Li2"] = 0.9, ["N1"] = 0.6 },
    };

    private (PowderRefinementResult R, RefinedCoordinate Z) RefineBeta(double zTrue, double zStart, int seed, bool withOps = true)
    {
        var opt = NeutronOptions with { StartProfile = NeutronSim.Profile };
        var sim = PowderRefinement.Simulate([new RefinementPhase("t", BetaLi3N(zTrue))], opt with { RefineCoordinates = [] }, NeutronSim with { Seed = seed });
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("beta-Li3N", BetaLi3N(zStart)) { Operations = withOps ? Ops("beta-Li3N") : null, AsymmetricUnit = SymmetrySource.AsymmetricUnit("beta-Li3N") }], opt);
        return (r, r.Phases[0].Coordinates.Single(c => c.Site == "Li1"));
    }

    [Fact]
    public void Displaced_z_of_4f_is_recovered_and_special_positions_stay_exact()
    {
        var (r, z) = RefineBeta(0.5830, 0.5960, 1);
        output.WriteLine($"z = {z.Z:0.######} ± {z.ZStdErr:0.######} (truth 0.5830), Rwp {r.Rwp:0.####}, chi2 {r.ChiSquare:0.###}");
        Assert.Equal("z", z.Free);
        Assert.InRange(Math.Abs(z.Z - 0.5830), 0, 3 * z.ZStdErr);
        Assert.InRange(z.ZStdErr, 1e-5, 2e-3);
        Assert.Equal(0, z.XStdErr);
        Assert.Equal(0, z.YStdErr);
        // the 4f x, y stay 1/3, 2/3 exactly as symmetrised; the other sites do not move at all
        var refined = r.Phases[0].Refined;
        foreach (var st in refined.Sites.Where(x => x.Label == "Li1"))
        {
            Assert.True(Math.Abs(st.FracA * 3 - Math.Round(st.FracA * 3)) < 1e-7, $"4f x {st.FracA}");
            Assert.True(Math.Abs(st.FracB * 3 - Math.Round(st.FracB * 3)) < 1e-7, $"4f y {st.FracB}");
            double dz = Math.Min(Math.Abs(st.FracC - z.Z), Math.Min(Math.Abs(st.FracC - (1 - z.Z)), Math.Min(Math.Abs(st.FracC - (z.Z - 0.5)), Math.Abs(st.FracC - (1.5 - z.Z)))));
            Assert.True(dz < 1e-12, $"4f z {st.FracC} not in the orbit of {z.Z}");
        }
        var start = Prototypes.Get("beta-Li3N");
        foreach (var st in refined.Sites.Where(x => x.Label != "Li1"))
            Assert.Contains(start.Sites, q => q.Label == st.Label && q.FracA == st.FracA && q.FracB == st.FracB && q.FracC == st.FracC);
        // the same with operations derived from the structure
        var (_, z2) = RefineBeta(0.5830, 0.5960, 1, withOps: false);
        Assert.Equal(z.Z, z2.Z, 6);
    }

    [Fact]
    public void Error_bars_of_a_free_coordinate_are_calibrated_over_200_seeds()
    {
        int n = 200, within = 0, within2 = 0;
        double sumSe = 0;
        for (int seed = 1; seed <= n; seed++)
        {
            var (_, z) = RefineBeta(0.5830, 0.5900, 1000 + seed);
            double dev = Math.Abs(z.Z - 0.5830);
            if (dev < z.ZStdErr) within++;
            if (dev < 2 * z.ZStdErr) within2++;
            sumSe += z.ZStdErr;
        }
        output.WriteLine($"z within 1 SE: {within}/{n}, within 2 SE: {within2}/{n}, mean SE {sumSe / n:0.######}");
        Assert.InRange(within / (double)n, 0.58, 0.78);
        Assert.InRange(within2 / (double)n, 0.90, 0.99);
    }

    [Fact]
    public void Displaced_x_of_24e_in_antifluorite_is_recovered_by_neutrons()
    {
        // seed 003's Li2.5N0.5S0.5: extra Li (occupancy 1/12) on 24e (x,0,0); truth x = 0.300, start 0.280 (the prototype's)
        var proto = Prototypes.Get("Li2.5N0.5S0.5");
        var truth = WithSite(proto, "Li2.5N0.5S0.5", "Li2", [0.300, 0, 0]);
        var opt = NeutronOptions with { RefineCoordinates = ["Li2"], StartProfile = NeutronSim.Profile };
        var settings = NeutronSim with { Seed = 7, Scales = [0.02], BisoBySite = new Dictionary<string, double> { ["Li1"] = 1.2, ["Li2"] = 1.5, ["X1"] = 0.7 } };
        var sim = PowderRefinement.Simulate([new RefinementPhase("t", truth)], opt with { RefineCoordinates = [] }, settings);
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("Li2.5N0.5S0.5", proto) { Operations = Ops("Li2.5N0.5S0.5"), AsymmetricUnit = SymmetrySource.AsymmetricUnit("Li2.5N0.5S0.5") }], opt);
        var c = r.Phases[0].Coordinates.Single();
        output.WriteLine($"24e x = {c.X:0.#####} ± {c.XStdErr:0.#####} (truth 0.300), y {c.Y}, z {c.Z}, chi2 {r.ChiSquare:0.###}");
        Assert.Equal("x", c.Free);
        Assert.Equal(8, c.SiteSymmetryOrder);
        Assert.Equal(24, c.Multiplicity);
        Assert.InRange(Math.Abs(c.X - 0.300), 0, 3 * c.XStdErr);
        Assert.InRange(c.XStdErr, 1e-5, 0.01);
        Assert.Equal(0, c.Y);
        Assert.Equal(0, c.Z);
        // every 24e position has two coordinates exactly 0 or 1/2 (special), one at ±x (mod the F centring)
        foreach (var st in r.Phases[0].Refined.Sites.Where(x => x.Label == "Li2"))
            Assert.Equal(2, new[] { st.FracA, st.FracB, st.FracC }.Count(v => v == 0 || v == 0.5));
    }

    [Fact]
    public void Two_free_coordinates_of_12k_with_a_tied_y_are_recovered()
    {
        // fictitious test phase in P6_3/mmc (the beta-Li3N cell and operations) with Cl at 12k (x, 2x, z), occupancy 1/6:
        // x and z are refined, y = 2x follows with twice the s.u. of x; X-ray, Cu Kα1
        var baseS = Prototypes.Get("beta-Li3N");
        Structure Phase(double x, double z) => WithSite(baseS, "beta-Li3N", "Cl1", [x, 2 * x, z], "Cl", 1.0 / 6);
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVW", RefineCoordinates = ["Cl1"] };
        var sim = PowderRefinement.Simulate([new RefinementPhase("t", Phase(0.170, 0.070))], opt with { RefineCoordinates = [] }, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 130, StepDeg = 0.03, Scales = [0.5], Background = [150, -10], Seed = 11 });
        var start = Phase(0.160, 0.080);
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("k", start) { Operations = Ops("beta-Li3N"), AsymmetricUnit = new Dictionary<string, double[]> { ["Cl1"] = [0.16, 0.32, 0.08] } }], opt);
        var c = r.Phases[0].Coordinates.Single();
        output.WriteLine($"12k x = {c.X:0.#####} ± {c.XStdErr:0.#####}, y = {c.Y:0.#####} ± {c.YStdErr:0.#####}, z = {c.Z:0.#####} ± {c.ZStdErr:0.#####}, chi2 {r.ChiSquare:0.###}");
        Assert.Equal("xz", c.Free);
        Assert.InRange(Math.Abs(c.X - 0.170), 0, 3 * c.XStdErr);
        Assert.InRange(Math.Abs(c.Z - 0.070), 0, 3 * c.ZStdErr);
        Assert.Equal(2 * c.X, c.Y, 12);
        Assert.Equal(2 * c.XStdErr, c.YStdErr, 12);
        Assert.True(c.XStdErr > 0 && c.ZStdErr > 0);
    }
}
