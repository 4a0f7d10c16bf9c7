using Nitrolyte.Formats.Structures;
using Nitrolyte.Diffraction;
using Nitrolyte.Diffraction.Refinement;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Diffraction.Refinement;

/// <summary>
/// Sequential refinement: a series simulated with a known lattice parameter drift and a by-product (Li2O, not in the
/// refinement) growing in; every step's cell recovered within its s.u., the by-product's peaks found as new and their
/// residual area growing with its amount.
/// </summary>
public class SeriesRefinementTests(ITestOutputHelper output)
{
    private static Structure Scaled(Structure s, double a) =>
        new(Lattice.Cubic(a), s.Sites) { Title = s.Title, SpaceGroup = s.SpaceGroup };

    internal static List<MeasuredPattern> Simulated(int count, Func<int, double> aOf, Func<int, double> byProductScale, RefinementOptions opt, int seed0 = 100)
    {
        var main = Prototypes.Get("Li9N2Cl3");
        var by = Prototypes.Get("Li2O");
        var list = new List<MeasuredPattern>();
        for (int k = 0; k < count; k++)
        {
            var sim = PowderRefinement.Simulate([new RefinementPhase("m", Scaled(main, aOf(k))), new RefinementPhase("b", by)], opt, new PowderRefinement.SimulationSettings
            {
                TwoThetaMinDeg = 15, TwoThetaMaxDeg = 100, StepDeg = 0.03, Scales = [0.05, byProductScale(k)], Background = [300, -30, 5], ZeroDeg = 0.02, Seed = seed0 + k,
                BisoBySite = new Dictionary<string, double> { ["Li1"] = 1.5, ["X1"] = 0.8, ["O1"] = 0.7 },
            });
            list.Add(sim with { Source = $"t{k}.xye" });
        }
        return list;
    }

    [Fact]
    public void Series_follows_the_cell_and_tracks_a_growing_by_product()
    {
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVW" };
        double A(int k) => 5.3506 * (1 + 2e-4 * k);
        double By(int k) => 0.004 * k;
        var pats = Simulated(5, A, By, opt);
        var res = SeriesRefinement.Refine(pats.Select(p => new SeriesInput(p, opt, null)).ToList(), [new RefinementPhase("Li9N2Cl3", Prototypes.Get("Li9N2Cl3"))]);
        Assert.Equal(5, res.Steps.Count);
        for (int k = 0; k < 5; k++)
        {
            var ph = res.Steps[k].Result.Phases[0];
            output.WriteLine($"#{k}: a {ph.Cell[0]:0.000000} ± {ph.CellStdErr[0]:0.0e0} (truth {A(k):0.000000}), Rwp {res.Steps[k].Result.Rwp:0.0000}, new {string.Join(" ", res.Steps[k].UnexplainedPeaksDeg.Select(x => x.ToString("0.00")))}");
            Assert.True(Math.Abs(ph.Cell[0] - A(k)) < 4 * ph.CellStdErr[0] + 2e-5, $"step {k}: a {ph.Cell[0]} ± {ph.CellStdErr[0]} vs {A(k)}");
        }
        // no by-product in the first pattern: nothing new there
        Assert.Empty(res.Steps[0].UnexplainedPeaksDeg);
        Assert.NotEmpty(res.NewPeaks);
        // every new peak is a reflection of the by-product (Li2O, Cu Kα1, + the zero shift)
        var li2o = PowderPattern.Compute(Prototypes.Get("Li2O"), new DiffractionOptions { WavelengthA = 1.54056, TwoThetaMinDeg = 15, TwoThetaMaxDeg = 100 });
        foreach (var t in res.NewPeaks) output.WriteLine($"new peak {t.TwoThetaDeg:0.000}: first #{t.FirstDetectedIndex}, in {t.DetectedCount}; areas {string.Join(", ", t.NetArea.Select((a, i) => $"{a:0}±{t.NetAreaStdErr[i]:0}"))}");
        Assert.All(res.NewPeaks, t => Assert.Contains(li2o.Peaks, pk => Math.Abs(pk.TwoThetaDeg + 0.02 - t.TwoThetaDeg) < 0.1));
        var p111 = res.NewPeaks.MaxBy(t => t.NetArea[^1])!;
        Assert.True(p111.FirstDetectedIndex >= 1);
        // its area grows with the by-product's amount: zero within 3 s.u. at the start, then increasing
        Assert.True(Math.Abs(p111.NetArea[0]) < 3 * p111.NetAreaStdErr[0] + 1e-9);
        for (int k = 2; k < 5; k++) Assert.True(p111.NetArea[k] > p111.NetArea[k - 1], $"area at {k} {p111.NetArea[k]} ≤ at {k - 1} {p111.NetArea[k - 1]}");
        // the area is proportional to the by-product scale (within 25 %: part of the peak is absorbed by the background and the refined main phase)
        double ratio = p111.NetArea[4] / p111.NetArea[2];
        Assert.InRange(ratio, 2 * 0.75, 2 * 1.25);
    }

    [Fact]
    public void Refining_both_phases_gives_the_weight_fraction_vs_index()
    {
        var opt = new RefinementOptions { Wavelength1A = 1.54056, BackgroundTerms = 3, RefinedProfile = "UVW" };
        var pats = Simulated(3, _ => 5.3506, k => 0.02 + 0.04 * k, opt, 200);
        var phases = new List<RefinementPhase> { new("Li9N2Cl3", Prototypes.Get("Li9N2Cl3")), new("Li2O", Prototypes.Get("Li2O")) };
        var res = SeriesRefinement.Refine(pats.Select(p => new SeriesInput(p, opt, null)).ToList(), phases);
        var w = res.Steps.Select(s => s.Result.Phases[1].WeightFraction!.Value).ToArray();
        output.WriteLine($"Li2O weight fraction {string.Join(", ", w.Select(x => x.ToString("0.0000")))}");
        Assert.True(w[0] < w[1] && w[1] < w[2]);
        // truth from the scale factors (Hill & Howard) with the refinement's own masses and volumes: W ∝ S·ZM·V
        var first = res.Steps[0].Result;
        foreach (var (s, k) in res.Steps.Select((s, k) => (s, k)))
        {
            double truthRatio = (0.02 + 0.04 * k) / 0.05;
            double got = s.Result.Phases[1].Scale!.Value / s.Result.Phases[0].Scale!.Value;
            Assert.True(Math.Abs(got - truthRatio) < 0.05 * truthRatio, $"scale ratio {got} vs {truthRatio}");
        }
        Assert.All(res.Steps, s => Assert.Empty(s.UnexplainedPeaksDeg));
        Assert.Empty(res.NewPeaks);
    }
}
