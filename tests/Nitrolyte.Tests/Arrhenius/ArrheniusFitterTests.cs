using Nitrolyte.Arrhenius;
using Nitrolyte.Core;

namespace Nitrolyte.Tests.Arrhenius;

public class ArrheniusFitterTests
{
    private static List<ArrheniusPoint> Synthetic(double eaEV, double sigma25, ArrheniusForm form, double noiseRel, int seed, params double[] tempsC)
    {
        var rng = new Random(seed);
        const double tRef = 298.15;
        return tempsC.Select(tc =>
        {
            double t = tc + 273.15;
            double s = (form == ArrheniusForm.SigmaT ? sigma25 * tRef / t : sigma25) * Math.Exp(-eaEV / PhysicalConstants.BoltzmannEVPerK * (1 / t - 1 / tRef));
            double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return new ArrheniusPoint(t, s * Math.Exp(noiseRel * z));
        }).ToList();
    }

    [Theory]
    [InlineData(ArrheniusForm.SigmaT)]
    [InlineData(ArrheniusForm.Sigma)]
    public void ExactDataRecoversParameters(ArrheniusForm form)
    {
        var pts = Synthetic(0.378, 4.3e-5, form, 0, 1, 25, 40, 60, 80, 100);
        var fit = ArrheniusFitter.Fit(pts, form);
        Assert.Equal(0.378, fit.EaEV, 10);
        Assert.Equal(4.3e-5, fit.ValueAt(298.15), 12);
        Assert.Equal(1.0, fit.RSquared, 10);
    }

    [Fact]
    public void NoisyDataRecoversEaWithinStatedErrorMostOfTheTime()
    {
        // Calibration: with 3 % noise the true Ea must fall inside Ea ± 1 SE about 68 % of the time
        // and inside the 95 % CI of sigma(25 C) about 95 % of the time.
        int within1Se = 0, withinCi = 0, trials = 400;
        for (int seed = 0; seed < trials; seed++)
        {
            var pts = Synthetic(0.44, 1e-3, ArrheniusForm.SigmaT, 0.03, seed, 30, 40, 50, 60, 70, 80, 90, 100, 110);
            var fit = ArrheniusFitter.Fit(pts);
            if (Math.Abs(fit.EaEV - 0.44) <= fit.EaStdErrEV) within1Se++;
            var (lo, hi) = fit.ConfidenceIntervalAt(298.15);
            if (lo <= 1e-3 && 1e-3 <= hi) withinCi++;
        }
        Assert.InRange(within1Se / (double)trials, 0.60, 0.76);
        Assert.InRange(withinCi / (double)trials, 0.91, 0.99);
    }

    [Fact]
    public void FormsDifferByAboutKbT()
    {
        var pts = Synthetic(0.40, 1e-4, ArrheniusForm.SigmaT, 0, 1, 25, 50, 75, 100);
        var st = ArrheniusFitter.Fit(pts, ArrheniusForm.SigmaT);
        var s = ArrheniusFitter.Fit(pts, ArrheniusForm.Sigma);
        double kT = PhysicalConstants.BoltzmannEVPerK * 335; // mid-range temperature
        Assert.InRange(st.EaEV - s.EaEV, 0.8 * kT, 1.2 * kT);
    }

    [Fact]
    public void TwoRegimesAreFoundAtAPhaseTransition()
    {
        // Li5NI2-like: 0.50 eV below and 0.44 eV above a transition at 100 C (continuous at the break).
        var low = Synthetic(0.50, 1e-5, ArrheniusForm.SigmaT, 0.01, 3, 25, 40, 55, 70, 85, 100);
        double sAt100 = ArrheniusFitter.Fit(low).ValueAt(373.15);
        var high = new List<ArrheniusPoint>();
        foreach (var tc in new[] { 115.0, 130, 145, 160, 175, 190 })
        {
            double t = tc + 273.15;
            high.Add(new ArrheniusPoint(t, sAt100 * 373.15 / t * Math.Exp(-0.30 / PhysicalConstants.BoltzmannEVPerK * (1 / t - 1 / 373.15))));
        }
        var two = ArrheniusFitter.FitTwoRegimes(low.Concat(high).ToList());
        Assert.NotNull(two);
        Assert.True(two!.TwoRegimesPreferred);
        // the 100 °C point lies on both lines, so the split falls on either side of it
        Assert.InRange(two.BreakpointK - 273.15, 85, 115);
        Assert.Equal(0.50, two.Low.EaEV, 1);
        Assert.Equal(0.30, two.High.EaEV, 2);
    }

    [Fact]
    public void SingleRegimeDataIsNotSplit()
    {
        var pts = Synthetic(0.44, 1e-3, ArrheniusForm.SigmaT, 0.03, 13, 30, 40, 50, 60, 70, 80, 90, 100, 110);
        var two = ArrheniusFitter.FitTwoRegimes(pts);
        Assert.NotNull(two);
        Assert.False(two!.TwoRegimesPreferred);
    }

    [Fact]
    public void SingleRegimeNoiseRarelyProducesTwoRegimes()
    {
        int falsePositives = 0, trials = 300;
        for (int seed = 0; seed < trials; seed++)
        {
            var pts = Synthetic(0.52, 3.4e-4, ArrheniusForm.SigmaT, 0.03, 1000 + seed, 30, 40, 50, 60, 70, 80, 90, 100, 110);
            if (ArrheniusFitter.FitTwoRegimes(pts) is { TwoRegimesPreferred: true }) falsePositives++;
        }
        Assert.True(falsePositives <= trials * 0.05, $"{falsePositives} of {trials} single-regime series were split");
    }

    [Fact]
    public void NonPositiveConductivityIsRejected()
    {
        var e = Assert.Throws<NitrolyteInputException>(() => ArrheniusFitter.Fit([new(300, 1e-3), new(350, -1)]));
        Assert.Contains("not positive", e.Message);
    }
}
