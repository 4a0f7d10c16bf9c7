using Nitrolyte.Core;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>
/// Sample displacement (Bragg-Brentano D·cosθ) refined with the zero shift, and the instrument profile determined on a
/// standard, saved and reused: synthetic patterns from known parameters, recovered within their stated errors.
/// </summary>
public class DisplacementInstrumentTests(ITestOutputHelper output)
{
    private static Structure LaB6()
    {
        var path = Path.Combine(RepositoryPaths.RepositoryRoot ?? throw new InvalidOperationException("repository root not found"), "examples", "xrd", "LaB6.cif");
        return CifReader.Read(path);
    }

    private static readonly PeakProfile Instrument = new(0.006, -0.003, 0.003, 0.025, 0.005);

    [Fact]
    public void Standard_zero_and_displacement_error_bars_are_calibrated_over_80_seeds()
    {
        // LaB6 (cell held at its certified value), Cu Kα1, 20-130°, 0.04° steps; zero +0.03°, D = −0.08° (≈ 0.17 mm on R = 240 mm)
        var s = LaB6();
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVWX", RefineDisplacement = true, RefineCell = false, StartProfile = new PeakProfile(0.004, -0.002, 0.004, 0.02, 0.005) };
        int n = 80, hz = 0, hd = 0;
        double sumD = 0;
        for (int seed = 1; seed <= n; seed++)
        {
            var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt, new PowderRefinement.SimulationSettings
            { TwoThetaMinDeg = 20, TwoThetaMaxDeg = 130, StepDeg = 0.04, Scales = [0.01], Background = [150, -20, 4], ZeroDeg = 0.03, DisplacementDeg = -0.08, Seed = seed, Profile = Instrument });
            var r = PowderRefinement.Refine(sim, [new RefinementPhase("s", s)], opt);
            Assert.True(r.DisplacementRefined);
            if (Math.Abs(r.ZeroShiftDeg - 0.03) < r.ZeroShiftStdErrDeg) hz++;
            if (Math.Abs(r.DisplacementDeg + 0.08) < r.DisplacementStdErrDeg) hd++;
            sumD += r.DisplacementDeg;
        }
        output.WriteLine($"within 1 SE of {n}: zero {hz}, displacement {hd}; mean D {sumD / n:0.00000}");
        Assert.InRange(hz / (double)n, 0.55, 0.82);
        Assert.InRange(hd / (double)n, 0.55, 0.82);
        Assert.Equal(-0.08, sumD / n, 3);
    }

    [Fact]
    public void Instrument_profile_error_bars_are_calibrated_over_60_seeds()
    {
        // the s.u. written to an instrument file: LaB6 (cell held), Cu Kα1, 20-130°, 0.04° steps, U V W X Y + zero + D refined
        var s = LaB6();
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefineDisplacement = true, RefineCell = false, StartProfile = new PeakProfile(0.004, -0.002, 0.004, 0.02, 0.003) };
        int n = 60;
        var hits = new int[5];
        double[] truth = [Instrument.U, Instrument.V, Instrument.W, Instrument.X, Instrument.Y];
        for (int seed = 1; seed <= n; seed++)
        {
            var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt, new PowderRefinement.SimulationSettings
            { TwoThetaMinDeg = 20, TwoThetaMaxDeg = 130, StepDeg = 0.04, Scales = [0.01], Background = [150, -20, 4], ZeroDeg = 0.03, DisplacementDeg = -0.08, Seed = 500 + seed, Profile = Instrument });
            var r = PowderRefinement.Refine(sim, [new RefinementPhase("s", s)], opt);
            var inst = InstrumentProfile.FromRefinement(r, opt, null);
            double[] got = [inst.Profile.U, inst.Profile.V, inst.Profile.W, inst.Profile.X, inst.Profile.Y];
            for (int i = 0; i < 5; i++) if (Math.Abs(got[i] - truth[i]) < inst.ProfileStdErr[i]) hits[i]++;
            if (seed <= 6) output.WriteLine(string.Join(" ", Enumerable.Range(0, 5).Select(i => ((got[i] - truth[i]) / inst.ProfileStdErr[i]).ToString("0.00"))));
        }
        output.WriteLine($"within 1 SE of {n}: U {hits[0]}, V {hits[1]}, W {hits[2]}, X {hits[3]}, Y {hits[4]}");
        foreach (var h in hits) Assert.InRange(h / (double)n, 0.50, 0.85);
    }

    [Fact]
    public void Cell_zero_and_displacement_refined_together_recover_the_truth()
    {
        // all three peak-position terms free (1, cosθ and the cell's tanθ): strongly correlated but determined over 15-140°
        var s = LaB6();
        var opt = new RefinementOptions { Wavelength1A = 1.54056, Wavelength2A = 1.54439, BackgroundTerms = 3, RefineDisplacement = true };
        var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 140, StepDeg = 0.02, Scales = [0.02], Background = [200, -30], ZeroDeg = 0.03, DisplacementDeg = -0.08, Seed = 3, Profile = Instrument });
        var start = new Structure(Lattice.Cubic(4.156826 * 1.002), s.Sites) { Title = "LaB6" };
        var r = PowderRefinement.Refine(sim, [new RefinementPhase("LaB6", start)], opt);
        var ph = r.Phases[0];
        output.WriteLine($"a {ph.Cell[0]} ± {ph.CellStdErr[0]}, zero {r.ZeroShiftDeg} ± {r.ZeroShiftStdErrDeg}, D {r.DisplacementDeg} ± {r.DisplacementStdErrDeg}, chi2 {r.ChiSquare}");
        Assert.True(Math.Abs(ph.Cell[0] - 4.156826) < 3 * ph.CellStdErr[0]);
        Assert.True(Math.Abs(r.ZeroShiftDeg - 0.03) < 3 * r.ZeroShiftStdErrDeg);
        Assert.True(Math.Abs(r.DisplacementDeg + 0.08) < 3 * r.DisplacementStdErrDeg);
        Assert.InRange(r.DisplacementStdErrDeg, 1e-4, 0.02);
        Assert.Contains(r.StrongCorrelations(0.8), c => c.A == "zero_deg" && c.B == "displacement_deg" || c.B == "zero_deg" && c.A == "displacement_deg");
        Assert.InRange(r.ChiSquare, 0.85, 1.2);
    }

    [Fact]
    public void Without_displacement_refined_a_displaced_specimen_biases_the_cell()
    {
        // the reason to refine it: D = −0.08° read as zero + cell gives a cell off by many s.u.
        var s = LaB6();
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3 };
        var sim = PowderRefinement.Simulate([new RefinementPhase("s", s)], opt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 140, StepDeg = 0.02, Scales = [0.02], Background = [200, -30], DisplacementDeg = -0.08, Seed = 5, Profile = Instrument });
        var without = PowderRefinement.Refine(sim, [new RefinementPhase("s", s)], opt);
        var with = PowderRefinement.Refine(sim, [new RefinementPhase("s", s)], opt with { RefineDisplacement = true });
        output.WriteLine($"without: a {without.Phases[0].Cell[0]} ± {without.Phases[0].CellStdErr[0]}, chi2 {without.ChiSquare}; with: a {with.Phases[0].Cell[0]} ± {with.Phases[0].CellStdErr[0]}, chi2 {with.ChiSquare}");
        Assert.True(Math.Abs(without.Phases[0].Cell[0] - 4.156826) > 5 * without.Phases[0].CellStdErr[0]);
        Assert.True(Math.Abs(with.Phases[0].Cell[0] - 4.156826) < 3 * with.Phases[0].CellStdErr[0]);
        Assert.True(with.ChiSquare < without.ChiSquare);
    }

    [Fact]
    public void Instrument_file_round_trips_and_fixes_the_profile_of_a_sample_refinement()
    {
        using var t = new TempDir();
        var std = LaB6();
        var opt = new RefinementOptions { Wavelength1A = 1.54056, Wavelength2A = 1.54439, BackgroundTerms = 3, RefineDisplacement = true, RefineCell = false };
        var simStd = PowderRefinement.Simulate([new RefinementPhase("s", std)], opt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 140, StepDeg = 0.02, Scales = [0.03], Background = [200, -30], ZeroDeg = 0.03, DisplacementDeg = -0.05, Seed = 11, Profile = Instrument });
        var rStd = PowderRefinement.Refine(simStd, [new RefinementPhase("LaB6", std)], opt);
        var inst = InstrumentProfile.FromRefinement(rStd, opt, "lab6.xye");
        File.WriteAllText(t.File("inst.json"), InstrumentFile.ToText(inst));
        var back = InstrumentFile.Read(t.File("inst.json"));
        Assert.Equal(inst.Profile, back.Profile);
        Assert.Equal(inst.ZeroDeg, back.ZeroDeg);
        Assert.Equal(1.54439, back.Wavelength2A);
        Assert.Equal(-0.05, back.StandardDisplacementDeg!.Value, 2);
        // the profile terms recovered from the standard within 3 s.u.
        double[] truth = [Instrument.U, Instrument.V, Instrument.W, Instrument.X, Instrument.Y];
        double[] got = [back.Profile.U, back.Profile.V, back.Profile.W, back.Profile.X, back.Profile.Y];
        for (int i = 0; i < 5; i++) Assert.True(Math.Abs(got[i] - truth[i]) < 3 * back.ProfileStdErr[i], $"profile term {i}: {got[i]} ± {back.ProfileStdErr[i]} vs {truth[i]}");
        Assert.True(Math.Abs(back.ZeroDeg - 0.03) < 3 * back.ZeroStdErrDeg);
        // a sample measured on the same instrument (zero 0.03, its own displacement +0.04): profile and zero held at the file's values
        var sample = Prototypes.Get("Li9N2Cl3");
        var sOpt = new RefinementOptions { Wavelength1A = back.Wavelength1A, Wavelength2A = back.Wavelength2A, BackgroundTerms = 3, RefineDisplacement = true, StartProfile = back.Profile, RefinedProfile = "", StartZeroDeg = back.ZeroDeg, RefineZero = false };
        var simS = PowderRefinement.Simulate([new RefinementPhase("x", sample)], sOpt, new PowderRefinement.SimulationSettings
        { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 120, StepDeg = 0.02, Scales = [0.05], Background = [300, -30], ZeroDeg = 0.03, DisplacementDeg = 0.04, Seed = 12, Profile = Instrument, BisoBySite = new Dictionary<string, double> { ["Li1"] = 1, ["X1"] = 1 } });
        var start = new Structure(Lattice.Cubic(sample.Lattice.A * 1.002), sample.Sites) { Title = "x" };
        var r = PowderRefinement.Refine(simS, [new RefinementPhase("x", start)], sOpt);
        output.WriteLine($"sample a {r.Phases[0].Cell[0]} ± {r.Phases[0].CellStdErr[0]}, D {r.DisplacementDeg} ± {r.DisplacementStdErrDeg}, chi2 {r.ChiSquare}, refined {string.Join(",", r.RefinedNames)}");
        Assert.Equal(back.Profile, r.Profile);
        Assert.Equal(back.ZeroDeg, r.ZeroShiftDeg);
        Assert.DoesNotContain("U", r.RefinedNames);
        Assert.DoesNotContain("zero_deg", r.RefinedNames);
        Assert.True(Math.Abs(r.Phases[0].Cell[0] - sample.Lattice.A) < 4 * r.Phases[0].CellStdErr[0] + 2e-5);
        Assert.True(Math.Abs(r.DisplacementDeg - 0.04) < 4 * r.DisplacementStdErrDeg + 2e-3);
        Assert.InRange(r.ChiSquare, 0.85, 1.25);
    }

    [Fact]
    public void Instrument_file_refuses_missing_keys_and_other_formats()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("a.json"), """{"format":"nitrolyte-instrument","u_deg2":0.01,"v_deg2":0,"w_deg2":0.01,"x_deg":0.02,"y_deg":0,"wavelength1_a":1.54056}""");
        var e = Assert.Throws<NitrolyteFormatException>(() => InstrumentFile.Read(t.File("a.json")));
        Assert.Contains("zero_deg", e.Message);
        File.WriteAllText(t.File("b.json"), """{"format":"something-else"}""");
        Assert.Throws<NitrolyteFormatException>(() => InstrumentFile.Read(t.File("b.json")));
        File.WriteAllText(t.File("c.json"), "not json");
        Assert.Throws<NitrolyteFormatException>(() => InstrumentFile.Read(t.File("c.json")));
    }
}
