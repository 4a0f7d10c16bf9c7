using Nitrolyte.Electrochemistry;

namespace Nitrolyte.Tests.Electrochemistry;

/// <summary>Hand-built square-wave traces (one resistance per half cycle) for the soft-short rules and recovery.</summary>
public class ShortDetectionTests
{
    /// <summary>Half cycles of 600 s at ±1 mA on 1 cm² with the given cell resistance (Ω) and noise (V) per half cycle, 10 s rest between.</summary>
    private static TimeSeries Trace(double[] resistance, double[]? noise = null, int seed = 1)
    {
        var rng = new Random(seed);
        var t = new List<double>(); var v = new List<double>(); var i = new List<double>();
        double time = 0;
        for (int h = 0; h < resistance.Length; h++)
        {
            double sign = h % 2 == 0 ? 1 : -1, cur = sign * 1e-3;
            for (int k = 0; k <= 60; k++)
            {
                double n = noise?[h] ?? 0;
                t.Add(time + 10 * k); i.Add(cur);
                v.Add(cur * resistance[h] + n * (rng.NextDouble() - 0.5) * 3.46);
            }
            time += 600 + 10;
            t.Add(time); i.Add(0); v.Add(0);
            time += 10;
        }
        return new TimeSeries { Source = "square", TimeS = t.ToArray(), VoltageV = v.ToArray(), CurrentA = i.ToArray() };
    }

    [Fact]
    public void SuddenDropThenRecoveryAtRest()
    {
        var r = SymmetricCell.Analyse(Trace([100, 100, 100, 100, 100, 30, 35, 95, 100, 100]), new SymmetricOptions { AreaCm2 = 1 });
        var e = Assert.Single(r.Events);
        Assert.Equal("soft_short", e.Type);
        Assert.Equal("sudden_drop", e.Reason);
        Assert.Equal(6, e.HalfCycle);
        var rec = Assert.Single(r.Recoveries);
        Assert.Equal(8, rec.HalfCycle);
        Assert.True(r.HalfCycles[6].Shorted);
        Assert.False(r.HalfCycles[7].Shorted);
        Assert.Null(r.CcdMaPerCm2); // the failure is in the first (only) current step
        Assert.Contains("first current step", r.CcdReason);
    }

    [Fact]
    public void NoisyFlattenedProfile()
    {
        var noise = new double[10];
        noise[6] = 0.02; // 20 mV noise on a 70 mV plateau
        var r = SymmetricCell.Analyse(Trace([100, 100, 100, 100, 100, 100, 70, 100, 100, 100], noise), new SymmetricOptions { AreaCm2 = 1 });
        var e = Assert.Single(r.Events);
        Assert.Equal("noisy_profile", e.Reason);
        Assert.Equal(7, e.HalfCycle);
        // the same 30 % lower resistance without noise is not a short (gradual improvement is normal)
        var quiet = SymmetricCell.Analyse(Trace([100, 100, 100, 100, 100, 100, 70, 100, 100, 100]), new SymmetricOptions { AreaCm2 = 1 });
        Assert.Empty(quiet.Events);
    }

    [Fact]
    public void ResistanceBelowBulkNeedsThicknessAndSigma()
    {
        // bulk L/(sigma A) = 0.1 / (1e-3 * 1) = 100 ohm: a 60 ohm cell is impossible without an electronic path
        var ts = Trace([150, 150, 150, 150, 60, 60]);
        var withBulk = SymmetricCell.Analyse(ts, new SymmetricOptions { AreaCm2 = 1, ThicknessCm = 0.1, SigmaSPerCm = 1e-3 });
        Assert.Equal("resistance_below_bulk", withBulk.Events.Single().Reason);
        Assert.Equal(5, withBulk.Events.Single().HalfCycle);
        Assert.Equal((150 - 100) / 2.0, withBulk.HalfCycles[0].AsrOhmCm2, 1e-9);
    }
}
