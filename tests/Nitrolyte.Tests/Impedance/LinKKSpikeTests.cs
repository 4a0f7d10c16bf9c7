using Nitrolyte.Impedance;
using Nitrolyte.Reports;

namespace Nitrolyte.Tests.Impedance;

/// <summary>Issue 12 item 5: the automatic Lin-KK series capacitance recognises a CPE spike with n down to 0.5.</summary>
public class LinKKSpikeTests
{
    private static ImpedanceSpectrum Spike(double n, double arcN = 0.85)
    {
        var c = Circuit.Parse("R0-p(R1,CPE1)-CPE2");
        double r1 = 5000, w1 = 2 * Math.PI * 1e4, w2 = 2 * Math.PI * 0.1;
        double q1 = 1 / (r1 * Math.Pow(w1, arcN));
        double q2 = 1 / (2 * r1 * Math.Pow(w2, n));
        var f = Enumerable.Range(0, 81).Select(i => Math.Pow(10, 6 - i / 10.0)).ToArray();
        return new ImpedanceSpectrum(f, c.Simulate(f, [50, r1, q1, arcN, q2, n]));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.55)]
    [InlineData(0.7)]
    [InlineData(0.9)]
    public void AutomaticCapacitanceHandlesACpeSpike(double n)
    {
        var s = Spike(n);
        Assert.True(KramersKronig.HasLowFrequencySpike(s));
        var (auto, cap) = KramersKronig.LinKKAuto(s);
        var with = KramersKronig.LinKK(s, addCapacitance: true);
        Assert.True(cap, $"n = {n}: the automatic choice left out the capacitance");
        Assert.Equal(with.MaxResidualPct, auto.MaxResidualPct, 1e-9);
        Assert.True(auto.MaxResidualPct < 2, $"n = {n}: {auto.MaxResidualPct:0.00} %");
    }

    [Fact]
    public void NoCapacitanceWithoutASpike()
    {
        // an arc that closes on the real axis at low frequency
        var c = Circuit.Parse("R0-p(R1,CPE1)-p(R2,CPE2)");
        var f = Enumerable.Range(0, 81).Select(i => Math.Pow(10, 6 - i / 10.0)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [50, 5000, 1e-10, 0.85, 8000, 1e-6, 0.8]));
        Assert.False(KramersKronig.HasLowFrequencySpike(s));
        Assert.False(KramersKronig.LinKKAuto(s).Capacitance);
    }

    [Fact]
    public void CaptionStatesTheResultShown()
    {
        var s = Spike(0.55);
        var (good, _) = KramersKronig.LinKKAuto(s);
        var bad = KramersKronig.LinKK(s, addCapacitance: false);
        var cg = ImpedancePlots.LinKKCaption(good);
        var cb = ImpedancePlots.LinKKCaption(bad);
        Assert.Contains($"M = {good.M}", cg);
        Assert.Contains(good.MaxResidualPct.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " %", cg);
        Assert.Contains("consistent with Kramers-Kronig", cg);
        Assert.Contains("series capacitance", cg);
        Assert.True(bad.MaxResidualPct > 1);
        Assert.Contains("not Kramers-Kronig consistent", cb);
        Assert.NotEqual(cg, cb);
    }
}
