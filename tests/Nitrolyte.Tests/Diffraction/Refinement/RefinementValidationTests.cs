using Nitrolyte.Formats.Structures;
using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>
/// Refinement validated on patterns simulated with PowderRefinement.Simulate from known structures, profile,
/// background and Poisson noise: parameters recovered within their stated errors, error bars calibrated over seeds.
/// </summary>
public class RefinementValidationTests(ITestOutputHelper output)
{
    private static Structure WithOccupancy(Structure s, string label, double total, double? a = null) =>
        new(a is null ? s.Lattice : Lattice.Cubic(a.Value), s.Sites.Select(x => x.Label != label ? x : x with { Species = x.Species.Select(sp => sp with { Occupancy = sp.Occupancy / x.TotalOccupancy * total }).ToList() }))
        { Title = s.Title, SpaceGroup = s.SpaceGroup };

    private static Structure Rescaled(Structure s, double factor) =>
        new(Lattice.FromParameters(s.Lattice.A * factor, s.Lattice.B * factor, s.Lattice.C * factor, s.Lattice.AlphaDeg, s.Lattice.BetaDeg, s.Lattice.GammaDeg), s.Sites) { Title = s.Title, SpaceGroup = s.SpaceGroup };

    [Fact]
    public void Forward_model_matches_PowderPattern_positions_and_intensities()
    {
        // the refinement's |F|² · LP per peak against the existing, pymatgen-validated PowderPattern (same Biso per site)
        var s = Prototypes.Get("Li9N2Cl3");
        var b = new Dictionary<string, double> { ["Li"] = 1.5, ["N"] = 0.8, ["Cl"] = 0.8 };
        var pat = PowderPattern.Compute(s, new DiffractionOptions { WavelengthA = 1.54056, TwoThetaMinDeg = 10, TwoThetaMaxDeg = 120, DebyeWallerB = b, Scaled = false });
        var opt = new RefinementOptions { Wavelength1A = 1.54056, StartZeroDeg = 0, StartBisoBySite = new Dictionary<string, double> { ["Li1"] = 1.5, ["X1"] = 0.8 } };
        var m = PowderModel.Build(Enumerable.Range(0, 5501).Select(i => 10 + i * 0.02).ToArray(), new double[5501], Enumerable.Repeat(1.0, 5501).ToArray(), [new RefinementPhase("x", s)], opt);
        var p = m.Params.Select(q => q.Value).ToArray();
        var peaks = new List<PowderModel.PeakInfo>();
        m.Calculate(p, new double[5501], null, peaks);
        var inRange = peaks.Where(pk => pk.CentreDeg is > 10 and < 120).OrderBy(pk => pk.CentreDeg).ToList();
        Assert.Equal(pat.Peaks.Count, inRange.Count);
        double ratio = pat.Peaks[0].Intensity / inRange[0].Area;
        for (int i = 0; i < inRange.Count; i++)
        {
            Assert.Equal(pat.Peaks[i].TwoThetaDeg, inRange[i].CentreDeg, 9);
            Assert.Equal(1, pat.Peaks[i].Intensity / inRange[i].Area / ratio, 9);
        }
        Assert.Equal(1, ratio, 9);
    }

    [Fact]
    public void Cell_constraints_follow_the_crystal_system()
    {
        Assert.Equal("cubic", new CellConstraints(Lattice.Cubic(5)).CrystalSystem);
        Assert.Equal(["a", "c"], new CellConstraints(Lattice.Hexagonal(3.5, 6.3)).FreeNames);
        Assert.Equal("hexagonal", new CellConstraints(Lattice.Hexagonal(3.5, 6.3)).CrystalSystem);
        Assert.Equal("tetragonal", new CellConstraints(Lattice.FromParameters(4, 4, 7, 90, 90, 90)).CrystalSystem);
        Assert.Equal(["a", "b", "c"], new CellConstraints(Lattice.FromParameters(4, 5, 7, 90, 90, 90)).FreeNames);
        Assert.Equal(["a", "b", "c", "beta"], new CellConstraints(Lattice.FromParameters(4, 5, 7, 90, 101, 90)).FreeNames);
        Assert.Equal(6, new CellConstraints(Lattice.FromParameters(4, 5, 7, 80, 101, 95)).FreeNames.Length);
        Assert.Equal(["a", "alpha"], new CellConstraints(Lattice.FromParameters(5, 5, 5, 70, 70, 70)).FreeNames);
    }

    [Fact]
    public void LeBail_recovers_hexagonal_cell_and_zero_with_Ka_doublet()
    {
        var s = Prototypes.Get("beta-Li3N");
        var opt = new RefinementOptions { Wavelength1A = 1.54056, Wavelength2A = 1.54439, Ka2Ratio = 0.5 };
        var sim = PowderRefinement.Simulate([new RefinementPhase("b", s)], opt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 110, StepDeg = 0.02, Scales = [2.0], Background = [150, -20, 5], ZeroDeg = -0.04, Seed = 7 });
        var start = new Structure(Lattice.Hexagonal(3.552 * 1.003, 6.311 * 0.997), s.Sites) { Title = "b" };
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("b", start)], opt with { Mode = RefinementMode.LeBail });
        var ph = r.Phases[0];
        output.WriteLine($"a {ph.Cell[0]} ± {ph.CellStdErr[0]}, c {ph.Cell[2]} ± {ph.CellStdErr[2]}, zero {r.ZeroShiftDeg} ± {r.ZeroShiftStdErrDeg}, Rwp {r.Rwp}, chi2 {r.ChiSquare}");
        Assert.Equal("hexagonal", ph.CrystalSystem);
        Assert.True(Math.Abs(ph.Cell[0] - 3.552) < 4 * ph.CellStdErr[0], $"a {ph.Cell[0]} ± {ph.CellStdErr[0]}");
        Assert.True(Math.Abs(ph.Cell[2] - 6.311) < 4 * ph.CellStdErr[2], $"c {ph.Cell[2]} ± {ph.CellStdErr[2]}");
        Assert.Equal(ph.Cell[0], ph.Cell[1], 12);
        Assert.True(Math.Abs(r.ZeroShiftDeg + 0.04) < 4 * r.ZeroShiftStdErrDeg);
        Assert.InRange(r.ChiSquare, 0.9, 1.15);
        Assert.True(ph.CellStdErr[0] is > 0 and < 1e-3);
    }

    [Fact]
    public void LeBail_cell_error_bars_are_calibrated_over_60_seeds()
    {
        // coarse cubic pattern (Li2S, Cu Kα1, 20-100°, 0.04° steps, 2001 points); 60 seeds to keep the test fast
        var s = Prototypes.Get("Li2S");
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVWX", Mode = RefinementMode.LeBail };
        int within = 0, withinZero = 0, n = 60;
        for (int seed = 1; seed <= n; seed++)
        {
            var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt, new PowderRefinement.SimulationSettings
            { TwoThetaMinDeg = 20, TwoThetaMaxDeg = 100, StepDeg = 0.04, Scales = [0.5], Background = [100, -10, 3], ZeroDeg = 0.02, Seed = seed,
              Profile = new PeakProfile(0.01, -0.005, 0.01, 0.03, 0) });
            var r = PowderRefinement.Refine(sim, [new RefinementPhase("s", Rescaled(s, 1.002))], opt with { StartProfile = new PeakProfile(0.012, -0.004, 0.008, 0.02, 0) });
            if (Math.Abs(r.Phases[0].Cell[0] - 5.719) < r.Phases[0].CellStdErr[0]) within++;
            if (Math.Abs(r.ZeroShiftDeg - 0.02) < r.ZeroShiftStdErrDeg) withinZero++;
        }
        output.WriteLine($"a within 1 SE: {within}/{n}; zero within 1 SE: {withinZero}/{n}");
        Assert.InRange(within / (double)n, 0.50, 0.85);
        Assert.InRange(withinZero / (double)n, 0.50, 0.85);
    }

    [Fact]
    public void Rietveld_error_bars_are_calibrated_over_100_seeds()
    {
        // Li2S with 10 % Li vacancies, Cu Kα1, 20-110°, 0.05° steps (1801 points): a, zero, Li occupancy (S fixed at 1) and Biso
        var s = WithOccupancy(Prototypes.Get("Li2S"), "Li1", 0.9);
        var truthB = new Dictionary<string, double> { ["Li1"] = 1.8, ["S1"] = 0.9 };
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVW", RefineOccupancy = ["Li1"] };
        int n = 100;
        var hits = new int[5];
        for (int seed = 1; seed <= n; seed++)
        {
            var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt, new PowderRefinement.SimulationSettings
            { TwoThetaMinDeg = 20, TwoThetaMaxDeg = 110, StepDeg = 0.05, Scales = [0.2], Background = [100, -10, 3], ZeroDeg = 0.02, Seed = seed, BisoBySite = truthB });
            var start = WithOccupancy(Rescaled(s, 1.002), "Li1", 1.0);
            var r = PowderRefinement.Refine(sim, [new RefinementPhase("s", start)], opt);
            var ph = r.Phases[0];
            var li = ph.Occupancies.Single(o => o.Site == "Li1");
            var bLi = ph.Biso.Single(b => b.Site == "Li1");
            var bS = ph.Biso.Single(b => b.Site == "S1");
            if (Math.Abs(ph.Cell[0] - 5.719) < ph.CellStdErr[0]) hits[0]++;
            if (Math.Abs(r.ZeroShiftDeg - 0.02) < r.ZeroShiftStdErrDeg) hits[1]++;
            if (Math.Abs(li.Value - 0.9) < li.StdErr) hits[2]++;
            if (Math.Abs(bLi.ValueA2 - 1.8) < bLi.StdErrA2) hits[3]++;
            if (Math.Abs(bS.ValueA2 - 0.9) < bS.StdErrA2) hits[4]++;
        }
        output.WriteLine($"within 1 SE of {n}: a {hits[0]}, zero {hits[1]}, occ(Li) {hits[2]}, Biso(Li) {hits[3]}, Biso(S) {hits[4]}");
        foreach (var h in hits) Assert.InRange(h / (double)n, 0.55, 0.80);
    }

    /// <summary>
    /// Seed 002 vacancy model: Li9N2Cl3 with 4.5 % anion and 14 % Li vacancies, synchrotron X-ray (0.824042 Å, no
    /// polarisation factor) and constant-wavelength neutron (1.622 Å), both to sinθ/λ = 0.6 Å⁻¹ with 5,000 points and
    /// the same total net counts (10⁸), refined from 0 % vacancies on Li and a 1.003 × a start.
    /// </summary>
    private static (PowderRefinementResult X, PowderRefinementResult N) Seed002(IReadOnlyList<string> refine, bool fixScale, double sMin = 0)
    {
        var truth = Prototypes.Get("Li9N2Cl3");
        var b = new Dictionary<string, double> { ["Li1"] = 1.5, ["X1"] = 0.8 };
        PowderRefinementResult Run(RefinementOptions opt)
        {
            double ttMax = 2 * Math.Asin(0.6 * opt.Wavelength1A) * 180 / Math.PI;
            var settings = new PowderRefinement.SimulationSettings { TwoThetaMinDeg = 5, TwoThetaMaxDeg = ttMax, StepDeg = (ttMax - 5) / 4999, Scales = [1], Background = [200, -20, 5], Seed = 2, BisoBySite = b };
            var unit = PowderRefinement.Simulate([new RefinementPhase("t", truth)], opt, settings with { Seed = null, Background = [0] });
            double scale = 1e8 / unit.Intensity.Sum();
            var sim = PowderRefinement.Simulate([new RefinementPhase("t", truth)], opt, settings with { Scales = [scale] });
            var start = WithOccupancy(Rescaled(truth, 1.003), "Li1", refine.Contains("Li1") ? 1.0 : 0.86);
            if (refine.Contains("X1")) start = WithOccupancy(start, "X1", 1.0);
            double? ttMin = sMin > 0 ? 2 * Math.Asin(sMin * opt.Wavelength1A) * 180 / Math.PI : null;
            return PowderRefinement.Refine(sim, [new RefinementPhase("Li9N2Cl3", start)], opt with { RefineOccupancy = refine, FixedScales = fixScale ? [scale] : null, TwoThetaMinDeg = ttMin });
        }
        return (Run(new RefinementOptions { Wavelength1A = 0.824042, XrayPolarisation = false }), Run(new RefinementOptions { Wavelength1A = 1.622, Neutron = true }));
    }

    [Fact]
    public void Seed002_Li_vacancy_recovered_from_xray_and_neutron_at_equal_counts()
    {
        var (x, n) = Seed002(["Li1"], false);
        var lx = x.Phases[0].Occupancies.Single(o => o.Site == "Li1");
        var ln = n.Phases[0].Occupancies.Single(o => o.Site == "Li1");
        output.WriteLine($"X-ray Li {lx.Value:0.0000} ± {lx.StdErr:0.00000}, neutron Li {ln.Value:0.0000} ± {ln.StdErr:0.00000}; a X {x.Phases[0].Cell[0]:0.000000}({x.Phases[0].CellStdErr[0]:0.0e0}) N {n.Phases[0].Cell[0]:0.000000}({n.Phases[0].CellStdErr[0]:0.0e0})");
        output.WriteLine($"corr(occ_Li, Biso_Li) X {Corr(x, "occ_Li1", "Biso_Li1"):0.00}, N {Corr(n, "occ_Li1", "Biso_Li1"):0.00}; Rwp X {x.Rwp:0.0000} N {n.Rwp:0.0000}");
        Assert.InRange(lx.Value, 0.85, 0.87);
        Assert.InRange(ln.Value, 0.85, 0.87);
        Assert.True(Math.Abs(lx.Value - 0.86) < 3 * lx.StdErr && Math.Abs(ln.Value - 0.86) < 3 * ln.StdErr);
        Assert.Equal(5.3506, x.Phases[0].Cell[0], 4);
        Assert.Equal(5.3506, n.Phases[0].Cell[0], 4);
        // Over the whole range at equal net counts the two standard errors are comparable for Li9N2Cl3 with
        // neutral-atom form factors (X-ray 0.00031, neutron 0.00037 here): the low-angle X-ray contrast
        // 2·t·f(Li)/f(anion) ≈ 0.42 is as large as the neutron 2·t·|b(Li)|/b(anion) ≈ 0.36.
        Assert.InRange(ln.StdErr / lx.StdErr, 0.5, 2.0);
    }

    [Fact]
    public void Seed002_neutron_pins_Li_better_where_the_Li_form_factor_has_faded()
    {
        // the X-ray Li contrast f(Li)/f(anion) falls with sinθ/λ (0.23 at 0 → 0.18 at 0.6 Å⁻¹: f(Li) 3 → 0.82 e,
        // f(0.4 N + 0.6 Cl) 13 → 4.6 e) while the neutron one |b(Li)|/b(anion) = 0.20 is constant: X-rays see Li
        // relatively better at low angle, neutrons at high angle; on the high-angle part (sinθ/λ 0.3-0.6 Å⁻¹) the
        // neutron Li error is the smaller
        double fLi0 = ScatteringFactors.XrayFor("Li").F0(0), fLi6 = ScatteringFactors.XrayFor("Li").F0(0.36);
        double fX0 = 0.4 * ScatteringFactors.XrayFor("N").F0(0) + 0.6 * ScatteringFactors.XrayFor("Cl").F0(0);
        double fX6 = 0.4 * ScatteringFactors.XrayFor("N").F0(0.36) + 0.6 * ScatteringFactors.XrayFor("Cl").F0(0.36);
        double nContrast = Math.Abs(ScatteringFactors.NeutronLengthFm("Li")) / (0.4 * ScatteringFactors.NeutronLengthFm("N") + 0.6 * ScatteringFactors.NeutronLengthFm("Cl"));
        Assert.True(fLi0 / fX0 > nContrast && fLi6 / fX6 < nContrast, $"X-ray {fLi0 / fX0:0.000} → {fLi6 / fX6:0.000}, neutron {nContrast:0.000}");
        var (x, n) = Seed002(["Li1"], false, 0.3);
        var lx = x.Phases[0].Occupancies.Single(o => o.Site == "Li1");
        var ln = n.Phases[0].Occupancies.Single(o => o.Site == "Li1");
        output.WriteLine($"sinθ/λ 0.3-0.6 only: X-ray Li {lx.Value:0.0000} ± {lx.StdErr:0.00000}, neutron Li {ln.Value:0.0000} ± {ln.StdErr:0.00000}");
        Assert.True(ln.StdErr < lx.StdErr, $"neutron SE {ln.StdErr} vs X-ray {lx.StdErr}");
        Assert.InRange(lx.Value, 0.85, 0.87);
        Assert.InRange(ln.Value, 0.85, 0.87);
    }

    [Fact]
    public void Seed002_both_vacancies_recovered_with_a_calibrated_scale()
    {
        var (x, n) = Seed002(["Li1", "X1"], true);
        foreach (var r in new[] { x, n })
        {
            var li = r.Phases[0].Occupancies.Single(o => o.Site == "Li1");
            var xs = r.Phases[0].Occupancies.Where(o => o.Site == "X1").ToList();
            double anion = xs.Sum(o => o.Value);
            output.WriteLine($"Li {li.Value:0.0000} ± {li.StdErr:0.0000}, anion site total {anion:0.0000} ± {xs.Sum(o => o.StdErr):0.0000}");
            Assert.InRange(li.Value, 0.85, 0.87);
            Assert.InRange(anion, 0.945, 0.965);
            Assert.Equal(0.4, xs.Single(o => o.Element == "N").Value / anion, 9);   // N:Cl tied at 2:3
        }
    }

    [Fact]
    public void Scale_and_all_occupancies_together_are_reported_as_not_separable()
    {
        var (x, _) = Seed002(["Li1", "X1"], false);
        Assert.Contains(x.Warnings, w => w.Contains("not separable", StringComparison.Ordinal));
        Assert.True(double.IsNaN(x.Phases[0].Occupancies.Single(o => o.Site == "Li1").StdErr));
    }

    [Fact]
    public void Charge_neutrality_ties_the_dependent_site()
    {
        var truth = Prototypes.Get("Li9N2Cl3");
        var opt = new RefinementOptions { Wavelength1A = 1.622, Neutron = true };
        var sim = PowderRefinement.Simulate([new RefinementPhase("t", truth)], opt, new PowderRefinement.SimulationSettings { TwoThetaMinDeg = 10, TwoThetaMaxDeg = 140, StepDeg = 0.05, Scales = [3], Background = [200], Seed = 3 });
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("t", WithOccupancy(truth, "Li1", 0.9))], opt with { RefineOccupancy = ["X1", "Li1"], ChargeNeutral = true, FixedScales = [3] });
        var ph = r.Phases[0];
        double charge = ph.Occupancies.Sum(o => o.Value * (o.Element == "Li" ? 8 * 1 : o.Element == "N" ? 4 * -3 : 4 * -1));
        Assert.Equal(0, charge, 9);
        var li = ph.Occupancies.Single(o => o.Site == "Li1");
        Assert.True(li.Constrained);
        Assert.InRange(li.Value, 0.85, 0.87);
        Assert.True(li.StdErr > 0);
    }

    [Fact]
    public void Mixture_weight_fractions_from_scale_factors()
    {
        var a = Prototypes.Get("Li2S");
        var b = Prototypes.Get("LiCl");
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVW" };
        double sa = 0.2, sb = 0.1;
        var sim = PowderRefinement.Simulate([new RefinementPhase("Li2S", a), new RefinementPhase("LiCl", b)], opt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 20, TwoThetaMaxDeg = 110, StepDeg = 0.02, Scales = [sa, sb], Background = [100], Seed = 5 });
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("Li2S", Rescaled(a, 1.001)), new RefinementPhase("LiCl", Rescaled(b, 0.999))], opt);
        double za = a.Composition.MolarMassGPerMol * a.VolumeA3, zb = b.Composition.MolarMassGPerMol * b.VolumeA3;
        double wa = sa * za / (sa * za + sb * zb);
        var pa = r.Phases[0];
        output.WriteLine($"W(Li2S) {pa.WeightFraction} ± {pa.WeightFractionStdErr} (truth {wa})");
        Assert.True(Math.Abs(pa.WeightFraction!.Value - wa) < 4 * pa.WeightFractionStdErr!.Value);
        Assert.Equal(1, pa.WeightFraction.Value + r.Phases[1].WeightFraction!.Value, 12);
        Assert.InRange(pa.WeightFractionStdErr.Value, 1e-5, 0.02);
    }

    private static double Corr(PowderRefinementResult r, string a, string b)
    {
        int i = r.RefinedNames.ToList().IndexOf(a), j = r.RefinedNames.ToList().IndexOf(b);
        return r.Correlation[i, j];
    }
}
