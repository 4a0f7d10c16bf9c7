using Nitrolyte.Nmr;

namespace Nitrolyte.Tests.Nmr;

public class MotionalNarrowingTests
{
    [Fact]
    public void RecoversTheOnsetAndTheWaughFedinEstimate()
    {
        // logistic with midpoint 260 K and width 10 K: onset (tangent at inflection meets plateau) 240 K
        var rng = new Random(4);
        var pts = Enumerable.Range(0, 20).Select(i =>
        {
            double t = 150 + 10 * i;
            double w = 800 + (9000 - 800) / (1 + Math.Exp((t - 260) / 10.0));
            return new LinewidthPoint(t, w * (1 + 0.01 * (rng.NextDouble() - 0.5)));
        }).ToList();
        var r = MotionalNarrowing.Fit(pts);
        Assert.True(Math.Abs(r.OnsetK - 240) < 3 * r.OnsetStdErrK + 0.5, $"onset {r.OnsetK} ± {r.OnsetStdErrK}");
        Assert.Equal(1.617e-3 * r.OnsetK, r.WaughFedinEaEV, 12);
        Assert.Equal(0.388, r.WaughFedinEaEV, 2); // 1.617e-3 × 240 K = 0.388 eV
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void ALineThatDoesNotNarrowIsRefused()
    {
        var pts = Enumerable.Range(0, 6).Select(i => new LinewidthPoint(200 + 20 * i, 1000)).ToList();
        Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => MotionalNarrowing.Fit(pts));
    }
}
