using Nitrolyte.Dynamics;

namespace Nitrolyte.Tests.Dynamics;

/// <summary>The summed MSD is the same bit for bit for any thread count and across runs (issue 20: `--jobs` results
/// byte-identical to the serial run; before, D differed in the 13th digit between two runs).</summary>
public class MsdDeterminismTests
{
    [Fact]
    public void SumMsdDoesNotDependOnTheThreadCount()
    {
        var rng = new Random(7);
        const int n = 3000, ions = 37; // odd: the last pair has one series
        var series = Enumerable.Range(0, ions).Select(_ =>
        {
            var x = new double[n];
            for (int t = 1; t < n; t++) x[t] = x[t - 1] + (rng.NextDouble() - 0.5);
            return x;
        }).ToList();
        var serial = MsdCalculator.SumMsd(series, n, 1);
        foreach (var threads in new[] { 2, 3, 8, -1 })
        {
            var parallel = MsdCalculator.SumMsd(series, n, threads);
            for (int m = 0; m < n; m++) Assert.Equal(BitConverter.DoubleToInt64Bits(serial[m]), BitConverter.DoubleToInt64Bits(parallel[m]));
        }
        var again = MsdCalculator.SumMsd(series, n, -1);
        Assert.Equal(serial, again);
        // and it is the MSD: lag 1 of a ±0.5 uniform walk has E[step²] = 1/12 per series
        Assert.InRange(serial[1] / ions, 1 / 12.0 * 0.95, 1 / 12.0 * 1.05);
    }
}
