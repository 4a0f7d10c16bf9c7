using Nitrolyte.Nmr;

namespace Nitrolyte.Tests.Nmr;

/// <summary>The generator behind `nmr simulate`: rates with the peak where it was asked for, recovered by the BPP fit.</summary>
public class BppSimulatorTests
{
    [Theory]
    [InlineData(0.30, 2.0, 380, 40, 116.6e6)]
    [InlineData(0.46, 1.2826, 420, 50, 116.6e6)]
    public void PeakIsAtTheRequestedTemperatureWithTheRequestedRate(double ea, double alpha, double peakK, double r1Max, double larmorHz)
    {
        var sim = new BppSimulator(ea, alpha, peakK, r1Max, larmorHz);
        Assert.Equal(r1Max, sim.R1PerS(peakK), r1Max * 1e-9);
        // every other temperature on a fine grid relaxes more slowly
        for (double t = peakK - 100; t <= peakK + 100; t += 0.5)
            Assert.True(sim.R1PerS(t) <= r1Max * (1 + 1e-9), $"R1({t} K) = {sim.R1PerS(t)} above the peak {r1Max}");
        Assert.True(sim.R1PerS(peakK - 20) < 0.99 * r1Max && sim.R1PerS(peakK + 20) < 0.99 * r1Max);
        Assert.Equal(ea * (alpha - 1), sim.EaLowTEV, 12);
    }

    [Fact]
    public void NoiseFreeRatesAreRecoveredByTheBppFit()
    {
        var sim = new BppSimulator(0.30, 2.0, 380, 40, 116.6e6);
        var rng = new Random(1);
        var points = Enumerable.Range(0, 17).Select(i => 280.0 + 12.5 * i)
            .Select(t => new RatePoint(t, BppSimulator.Noisy(sim.R1PerS(t), 0, rng), double.NaN, 116.6e6)).ToList();
        var fit = BppFitter.Fit(points);
        Assert.Equal(0.30, fit.Symmetric.EaHighTEV, 3);
        Assert.Equal(380, fit.Symmetric.PeakTemperatureK, 1);
        Assert.Equal(sim.Tau0S, fit.Symmetric.Tau0S, sim.Tau0S * 1e-2);
    }

    [Fact]
    public void RecoveryCurveSpansThreeDecadesAndIsExactWithoutNoise()
    {
        const double t1 = 0.25;
        var curve = BppSimulator.RecoveryCurve(t1, 0, new Random(1));
        Assert.Equal(BppSimulator.RecoveryDelays, curve.Count);
        Assert.Equal(0.01 * t1, curve[0].DelayS, 12);
        Assert.Equal(10 * t1, curve[^1].DelayS, 9);
        foreach (var (d, m) in curve) Assert.Equal(1 - Math.Exp(-d / t1), m, 12);
    }

    [Fact]
    public void RelativeNoiseHasTheRequestedSpread()
    {
        var rng = new Random(7);
        var ratios = Enumerable.Range(0, 4000).Select(_ => BppSimulator.Noisy(10, 5, rng) / 10 - 1).ToArray();
        double mean = ratios.Average(), sd = Math.Sqrt(ratios.Select(x => (x - mean) * (x - mean)).Sum() / (ratios.Length - 1));
        Assert.InRange(mean, -0.0025, 0.0025); // 3 SE of the mean: 3 × 0.05 / √4000 ≈ 0.0024
        Assert.InRange(sd, 0.05 * 0.965, 0.05 * 1.035); // SE of the SD ≈ 0.05 / √8000 ≈ 1.1 %
    }
}
