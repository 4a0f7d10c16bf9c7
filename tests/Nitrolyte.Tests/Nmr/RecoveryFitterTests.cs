using Nitrolyte.Nmr;

namespace Nitrolyte.Tests.Nmr;

public class RecoveryFitterTests
{
    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static List<RecoveryPoint> Curve(double t1, double beta, double b, double noise, int seed, int n = 16)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(i =>
        {
            double d = 0.01 * t1 * Math.Pow(1000, i / (n - 1.0));
            return new RecoveryPoint(d, 2.5 * (1 - b * Math.Exp(-Math.Pow(d / t1, beta))) + noise * 2.5 * Gauss(rng));
        }).ToList();
    }

    [Fact]
    public void SaturationRecoveryGivesT1AndChoosesMono()
    {
        var r = RecoveryFitter.Fit(Curve(0.05, 1, 1, 0.005, 1));
        Assert.Equal("mono", r.Chosen.ModelName);
        Assert.True(Math.Abs(r.Chosen.T1S - 0.05) < 3 * r.Chosen.T1StdErrS, $"{r.Chosen.T1S} ± {r.Chosen.T1StdErrS}");
        Assert.Equal("saturation recovery", r.Chosen.Experiment);
        Assert.Empty(r.Warnings);
    }

    [Fact]
    public void InversionRecoveryIsRecognised()
    {
        var r = RecoveryFitter.Fit(Curve(2.0, 1, 2, 0.005, 2));
        Assert.Equal("inversion recovery", r.Chosen.Experiment);
        Assert.Equal(2, r.Chosen.B, 1);
        Assert.True(Math.Abs(r.Chosen.T1S - 2.0) < 3 * r.Chosen.T1StdErrS);
    }

    [Fact]
    public void StretchedRecoveryChoosesStretchedAndRecoversBeta()
    {
        var r = RecoveryFitter.Fit(Curve(0.3, 0.6, 1, 0.003, 3, n: 24));
        Assert.Equal("stretched", r.Chosen.ModelName);
        Assert.True(Math.Abs(r.Chosen.Beta - 0.6) < 3 * r.Chosen.BetaStdErr, $"β {r.Chosen.Beta} ± {r.Chosen.BetaStdErr}");
        Assert.True(Math.Abs(r.Chosen.T1S - 0.3) < 3 * r.Chosen.T1StdErrS);
    }

    [Fact]
    public void T1ErrorsAreCalibratedOver200Seeds()
    {
        int within = 0, n = 200;
        for (int s = 0; s < n; s++)
        {
            var r = RecoveryFitter.Fit(Curve(0.05, 1, 1, 0.01, 500 + s));
            if (Math.Abs(r.Mono.T1S - 0.05) <= r.Mono.T1StdErrS) within++;
        }
        Assert.InRange(within / (double)n, 0.60, 0.77);
    }

    [Fact]
    public void TooShortDelaysAreWarned()
    {
        var pts = Enumerable.Range(0, 8).Select(i => new RecoveryPoint(0.01 * (i + 1), 1 - Math.Exp(-0.01 * (i + 1) / 0.1))).ToList();
        var r = RecoveryFitter.Fit(pts);
        Assert.Contains(r.Warnings, w => w.Contains("shorter than 3 T1"));
    }
}

public class RecoveryModelChoiceTests
{
    [Fact]
    public void MonoExponentialCurvesRarelyChooseStretched()
    {
        int stretched = 0, n = 200;
        for (int s = 0; s < n; s++)
        {
            var rng = new Random(9000 + s);
            var pts = Enumerable.Range(0, 16).Select(i =>
            {
                double d = 0.001 * Math.Pow(1000, i / 15.0);
                return new RecoveryPoint(d, 1 - Math.Exp(-d / 0.1) + 0.01 * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble()));
            }).ToList();
            if (RecoveryFitter.Fit(pts).Chosen.Stretched) stretched++;
        }
        Assert.True(stretched <= 0.08 * n, $"stretched chosen for {stretched}/{n} mono-exponential curves");
    }
}
