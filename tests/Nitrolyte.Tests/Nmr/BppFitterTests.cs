using Nitrolyte.Core;
using Nitrolyte.Nmr;

namespace Nitrolyte.Tests.Nmr;

public class BppFitterTests
{
    private const double Larmor = 116.6e6;
    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    /// <summary>R1(T) from known parameters: peak at peakK, R1 there = 50 /s.</summary>
    private static List<RatePoint> Rates(double ea, double alpha, double peakK, double noisePct, int seed, double[] temps, bool withSe = false)
    {
        double om = 2 * Math.PI * Larmor, kB = PhysicalConstants.BoltzmannEVPerK;
        double x = BppModel.OmegaTauAtPeak(alpha);
        double tau0 = x / om * Math.Exp(-ea / (kB * peakK));
        double c = 50 / BppModel.Spectral(x / om, om, alpha);
        var rng = new Random(seed);
        return temps.Select(t =>
        {
            double r = c * BppModel.Spectral(tau0 * Math.Exp(ea / (kB * t)), om, alpha);
            return new RatePoint(t, r * Math.Exp(noisePct / 100 * Gauss(rng)), withSe ? r * noisePct / 100 : double.NaN, Larmor);
        }).ToList();
    }

    private static readonly double[] Temps = Enumerable.Range(0, 16).Select(i => 250.0 + 20 * i).ToArray();

    [Fact]
    public void SymmetricPeakPositionIsOmegaTauPoint616()
    {
        // d/dx [x/(1+x²) + 4x/(1+4x²)] = 0 at x = 0.6158 (the classic BPP result ω0τc ≈ 0.62)
        Assert.Equal(0.6158, BppModel.OmegaTauAtPeak(2), 3);
    }

    [Fact]
    public void RecoversASymmetricBppPeak()
    {
        var r = BppFitter.Fit(Rates(0.30, 2, 380, 2, 7, Temps));
        Assert.Equal("bpp", r.Chosen.ModelName);
        var c = r.Chosen;
        Assert.True(Math.Abs(c.EaHighTEV - 0.30) < 3 * c.EaHighTStdErrEV, $"Ea {c.EaHighTEV} ± {c.EaHighTStdErrEV}");
        Assert.True(Math.Abs(c.PeakTemperatureK - 380) < 3 * c.PeakTemperatureStdErrK, $"peak {c.PeakTemperatureK} ± {c.PeakTemperatureStdErrK}");
        Assert.True(c.PeakInsideData);
        // the jump rate at the peak is ω0/0.616
        Assert.Equal(1, c.JumpRateAtPeakPerS / (2 * Math.PI * Larmor / 0.6158), 3);
    }

    [Fact]
    public void RecoversAnAsymmetricPeakWithASeparateLowTSlope()
    {
        // seed 000-like: long-range Ea 0.46 eV, local (low-T flank) 0.13 eV: α = 1 + 0.13/0.46
        double alpha = 1 + 0.13 / 0.46;
        var r = BppFitter.Fit(Rates(0.46, alpha, 420, 2, 11, Temps, withSe: true));
        Assert.Equal("asymmetric_bpp", r.Chosen.ModelName);
        var c = r.Chosen;
        Assert.True(Math.Abs(c.EaHighTEV - 0.46) < 3 * c.EaHighTStdErrEV, $"Ea high {c.EaHighTEV} ± {c.EaHighTStdErrEV}");
        Assert.True(Math.Abs(c.EaLowTEV - 0.13) < 3 * c.EaLowTStdErrEV, $"Ea low {c.EaLowTEV} ± {c.EaLowTStdErrEV}");
        Assert.True(Math.Abs(c.Alpha - alpha) < 3 * c.AlphaStdErr);
        Assert.True(Math.Abs(c.PeakTemperatureK - 420) < 3 * c.PeakTemperatureStdErrK);
        // the low-T flank Arrhenius cross-check sees the local Ea
        Assert.NotNull(r.LowTFlank);
        Assert.InRange(r.LowTFlank!.EaEV, 0.10, 0.16);
    }

    [Fact]
    public void ActivationEnergyErrorsAreCalibratedOver200Seeds()
    {
        int within = 0, peakWithin = 0, n = 200;
        double[] temps = Enumerable.Range(0, 12).Select(i => 260.0 + 25 * i).ToArray();
        for (int s = 0; s < n; s++)
        {
            var f = BppFitter.Fit(Rates(0.30, 2, 380, 3, 2000 + s, temps)).Symmetric;
            if (Math.Abs(f.EaHighTEV - 0.30) <= f.EaHighTStdErrEV) within++;
            if (Math.Abs(f.PeakTemperatureK - 380) <= f.PeakTemperatureStdErrK) peakWithin++;
        }
        Assert.InRange(within / (double)n, 0.60, 0.77);
        Assert.InRange(peakWithin / (double)n, 0.60, 0.77);
    }

    [Fact]
    public void OneFlankOnlyIsWarned()
    {
        var r = BppFitter.Fit(Rates(0.30, 2, 450, 2, 3, [250, 270, 290, 310, 330, 350]));
        Assert.Contains(r.Warnings, w => w.Contains("outside the measured"));
    }

    [Fact]
    public void MissingLarmorFrequencyIsRefused()
    {
        var pts = Rates(0.3, 2, 380, 0, 0, Temps).Select(p => p with { LarmorHz = 0 }).ToList();
        Assert.Throws<NitrolyteInputException>(() => BppFitter.Fit(pts));
    }
}
