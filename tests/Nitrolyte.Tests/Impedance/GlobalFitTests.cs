using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

/// <summary>Issue 12 item 2: fits without starting values reach the global minimum on hard spectra, or say so.</summary>
public class GlobalFitTests
{
    private static (int Ok, int Flagged, int GoodButFlagged, int Count) Run(int arcs, int first, int count)
    {
        var c = Circuit.Parse(arcs == 2 ? HardSpectra.TwoArcCircuit : HardSpectra.ThreeArcCircuit);
        var ok = new bool[count];
        var flagged = new bool[count];
        Parallel.For(0, count, i =>
        {
            var cs = HardSpectra.Make(arcs, first + i);
            var fit = CnlsFitter.Fit(cs.Spectrum, c);
            ok[i] = fit.ChiSquare <= 1.05 * cs.ChiSquareTrue;
            flagged[i] = fit.Quality is { ConvergedToGoodMinimum: false };
        });
        return (ok.Count(x => x), flagged.Count(x => x), Enumerable.Range(0, count).Count(i => ok[i] && flagged[i]), count);
    }

    [Fact]
    public void TwoArcHardSpectraReachTheGlobalMinimumInAtLeast99Percent()
    {
        // 240 seeded spectra, 8 points per decade from 1 MHz to 10 mHz (81 points), 0.3 % noise
        var (ok, _, goodButFlagged, n) = Run(2, 1000, 240);
        Assert.True(ok >= 0.99 * n, $"{ok}/{n} fits reach chi2 <= 1.05 x chi2(true)");
        Assert.True(goodButFlagged <= 0.01 * n, $"{goodButFlagged} good fits flagged as not converged");
    }

    [Fact]
    public void ThreeArcHardSpectraReachTheGlobalMinimum()
    {
        // 40 seeded spectra p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)-CPE4, 10 MHz to 1 mHz at 8 points per decade (three-arc
        // fits take ~5x as long, so fewer seeds: 39 of 40 is the resolution here; 139/140 over seeds 0-99 and 2000-2039
        // is recorded in docs/performance.md; seed 2005 ends 1.10 x chi2(true), just above the 1.05 criterion)
        var (ok, _, goodButFlagged, n) = Run(3, 2000, 40);
        Assert.True(ok >= n - 1, $"{ok}/{n} fits reach chi2 <= 1.05 x chi2(true)");
        Assert.Equal(0, goodButFlagged);
    }

    [Theory]
    // seeds whose fit used to end in a collapsed or runaway arc (before the rescue starts existed)
    [InlineData(33)]
    [InlineData(87)]
    [InlineData(129)]
    [InlineData(182)]
    [InlineData(44)]
    public void FormerlyDegenerateSeedsAreRescued(int seed)
    {
        var c = Circuit.Parse(HardSpectra.TwoArcCircuit);
        var cs = HardSpectra.Make(2, seed);
        var fit = CnlsFitter.Fit(cs.Spectrum, c);
        Assert.True(fit.ChiSquare <= 1.05 * cs.ChiSquareTrue, $"ratio {fit.ChiSquare / cs.ChiSquareTrue}");
        Assert.True(fit.Quality!.ConvergedToGoodMinimum);
        Assert.Empty(FitRescue.Degeneracies(c, fit.Values, cs.Spectrum));
    }

    [Fact]
    public void DegenerateSolutionsAreDetected()
    {
        var c = Circuit.Parse(HardSpectra.TwoArcCircuit);
        var s = HardSpectra.Make(2, 129).Spectrum;
        // R2 ran off to 4.8e24 Ohm, CPE1 exponent at its bound 1 (the old result for seed 129)
        var runaway = FitRescue.Degeneracies(c, [759, 3.68e-10, 1, 4.77e24, 2.9e-6, 0.94, 5.89e-6, 0.37], s);
        Assert.Contains(runaway, r => r.StartsWith("R2 ") && r.Contains("absurd"));
        Assert.Contains(runaway, r => r.StartsWith("CPE1_1") && r.Contains("bound"));
        // Q1 = 1e304 (seed 182): the arc's CPE shorts the whole band
        var shorted = FitRescue.Degeneracies(c, [150, 1.01e304, 0.146, 6.87e3, 9.97e-6, 0.419, 3.94e-5, 0.658], s);
        Assert.Contains(shorted, r => r.StartsWith("CPE1_0") && r.Contains("absurd"));
        // an arc relaxing at 1 mHz, below the measured band (10 mHz - 1 MHz)
        double tau = 1 / (2 * Math.PI * 1e-3);
        var slow = FitRescue.Degeneracies(c, [1e3, Math.Pow(1e-6, 0.9) / 1e3, 0.9, 1e4, Math.Pow(tau, 0.8) / 1e4, 0.8, 1e-5, 0.8], s);
        Assert.Contains(slow, r => r.Contains("outside the measured band"));
        // the truth is not degenerate
        Assert.Empty(FitRescue.Degeneracies(c, HardSpectra.Make(2, 129).Truth, s));
    }

    [Fact]
    public void AFitFarAboveTheNoiseFloorSaysSo()
    {
        // one arc fitted to a two-arc spectrum: the best one-arc fit is far above the noise floor
        var cs = HardSpectra.Make(2, 5);
        var fit = CnlsFitter.Fit(cs.Spectrum, Circuit.Parse("p(R1,CPE1)-CPE2"));
        Assert.False(fit.Quality!.ConvergedToGoodMinimum);
        Assert.True(fit.Quality.ChiSquareOverNoiseFloor > 5, $"{fit.Quality.ChiSquareOverNoiseFloor}");
        Assert.Contains(fit.Warnings, w => w.StartsWith("fit did not converge to a good minimum") && w.Contains("noise floor"));
        // the right circuit on the same spectrum sits at the floor
        var good = CnlsFitter.Fit(cs.Spectrum, Circuit.Parse(HardSpectra.TwoArcCircuit));
        Assert.True(good.Quality!.ConvergedToGoodMinimum);
        Assert.InRange(good.Quality.ChiSquareOverNoiseFloor, 0.5, 1.5);
    }
}
