using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Structures;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Diffraction.Refinement;

public class RefinementScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Scratch()
    {
        var s = Prototypes.Get("Li9N2Cl3");
        var phases = new[] { new RefinementPhase("Li9N2Cl3", s) };
        foreach (bool neutron in new[] { false, true })
        {
            var opt = neutron ? new RefinementOptions { Wavelength1A = 1.622, Neutron = true } : new RefinementOptions { Wavelength1A = 0.824042, XrayPolarisation = false };
            double scale = neutron ? 5 : 0.05;
            var sim = PowderRefinement.Simulate(phases, opt, new PowderRefinement.SimulationSettings { TwoThetaMinDeg = 5, TwoThetaMaxDeg = neutron ? 150 : 60, StepDeg = neutron ? 0.05 : 0.01, Scales = [scale], Background = [200, -30, 10], Seed = 1, ZeroDeg = 0.03, BisoBySite = new Dictionary<string, double> { ["Li1"] = 1.5, ["X1"] = 0.8 } });
            var clean = PowderRefinement.Simulate(phases, opt, new PowderRefinement.SimulationSettings { TwoThetaMinDeg = 5, TwoThetaMaxDeg = neutron ? 150 : 60, StepDeg = neutron ? 0.05 : 0.01, Scales = [scale], Background = [200, -30, 10], Seed = null, ZeroDeg = 0.03, BisoBySite = new Dictionary<string, double> { ["Li1"] = 1.5, ["X1"] = 0.8 } });
            double c2 = 0; for (int i = 0; i < sim.Count; i++) c2 += Math.Pow((sim.Intensity[i] - clean.Intensity[i]) / sim.Esd[i], 2);
            output.WriteLine($"chi2 at truth {c2 / sim.Count}");
            output.WriteLine($"{(neutron ? "N" : "X")} max {sim.Intensity.Max()} n {sim.Count}");
            var start = new Structure(Lattice.Cubic(5.36), s.Sites.Select(x => x with { Species = x.Species.Select(sp => sp with { Occupancy = sp.Occupancy / x.TotalOccupancy * (x.Label == "X1" ? 0.955 : 0.95) }).ToList() })) { Title = "x" };
            foreach (var variant in new[] { "Li only", "both, fixed scale" })
            {
                var o = variant == "Li only" ? opt with { RefineOccupancy = ["Li1"] } : opt with { RefineOccupancy = ["Li1", "X1"], FixedScales = [scale] };
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var r = PowderRefinement.Refine(sim, [new RefinementPhase("Li9N2Cl3", start)], o);
                output.WriteLine($"  {variant}: {sw.ElapsedMilliseconds} ms evals {r.Evaluations} rwp {r.Rwp:0.0000} chi2 {r.ChiSquare:0.000} cycles {r.Cycles} a {r.Phases[0].Cell[0]:0.000000}({r.Phases[0].CellStdErr[0]:0.0e0})");
                foreach (var oc in r.Phases[0].Occupancies) output.WriteLine($"    {oc.Site} {oc.Element} {oc.Value:0.0000} ± {oc.StdErr:0.0000}");
                foreach (var b in r.Phases[0].Biso) output.WriteLine($"    B {b.Site} {b.ValueA2:0.000} ± {b.StdErrA2:0.000}");
                foreach (var w in r.Warnings) output.WriteLine("    " + w);
                foreach (var c in r.StrongCorrelations(0.8)) output.WriteLine($"    corr {c.A} {c.B} {c.R:0.00}");
            }
        }
    }
}
