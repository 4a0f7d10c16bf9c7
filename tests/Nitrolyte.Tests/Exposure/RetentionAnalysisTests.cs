using Nitrolyte.Exposure;

namespace Nitrolyte.Tests.Exposure;

public class RetentionAnalysisTests
{
    private static readonly double[] Times = [0, 12, 24, 48, 72, 96, 120, 144, 168, 200];

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static List<ExposurePoint> Exponential(double s0, double k, double noisePct, int seed, bool withSe, double? dew = -55, double[]? times = null)
    {
        var rng = new Random(seed);
        return (times ?? Times).Select(t =>
        {
            double s = s0 * Math.Exp(-k * t);
            double m = s * (1 + noisePct / 100 * Gauss(rng));
            return new ExposurePoint(t, m, withSe ? s * noisePct / 100 : double.NaN, "dry room", dew);
        }).ToList();
    }

    [Fact]
    public void RecoversAKnownExponentialDecayAndItsEightyPercentTime()
    {
        double k = 8e-4; // per hour: t80 = ln(1.25)/k = 278.9 h
        var r = RetentionAnalysis.AnalyseSeries("dry room", Exponential(4.3e-5, k, 0.3, 5, withSe: true));
        Assert.NotNull(r.Exponential);
        var e = r.Exponential!;
        Assert.True(Math.Abs(e.Rate - k) < 3 * e.RateStdErr, $"k {e.Rate} ± {e.RateStdErr}");
        Assert.NotNull(r.T80H);
        double t80 = Math.Log(1.25) / k;
        Assert.InRange(t80, r.T80CiLowH!.Value, r.T80CiHighH!.Value);
        Assert.StartsWith("extrapolated", r.T80Method);
        Assert.Equal(200, r.DurationH);
    }

    [Fact]
    public void DecayRateErrorsAreCalibratedOver200Seeds()
    {
        double k = 5e-4;
        int within1 = 0, ciCovers = 0, n = 200;
        double t80 = Math.Log(1.25) / k;
        for (int seed = 0; seed < n; seed++)
        {
            var f = DecayFitter.FitExponential(Exponential(4.3e-5, k, 0.5, 1000 + seed, withSe: false))!;
            if (Math.Abs(f.Rate - k) <= f.RateStdErr) within1++;
            if (f.T80H is not null && t80 >= f.T80CiLowH && t80 <= f.T80CiHighH) ciCovers++;
        }
        // ~68 % within 1 SE, ~95 % of the 95 % intervals cover the true t80
        Assert.InRange(within1 / (double)n, 0.60, 0.77);
        Assert.InRange(ciCovers / (double)n, 0.89, 0.99);
    }

    [Fact]
    public void PowerLawDataChooseThePowerLaw()
    {
        // σ = σ0 (1 − A √t): diffusion-limited loss, 25 % after 200 h (80 % reached at 128 h)
        int chosen = 0, n = 40;
        double[] times = [0, 1, 2, 4, 8, 16, 32, 64, 100, 150, 200];
        for (int seed = 0; seed < n; seed++)
        {
            var rng = new Random(seed);
            var pts = times.Select(t => new ExposurePoint(t, 4.3e-5 * (1 - 0.25 * Math.Sqrt(t / 200)) * (1 + 0.002 * Gauss(rng)), double.NaN, "air")).ToList();
            var r = RetentionAnalysis.AnalyseSeries("air", pts);
            if (r.Chosen?.Model == DecayModel.PowerLaw) chosen++;
            if (seed == 0)
            {
                Assert.Equal("interpolated", r.T80Method);
                Assert.InRange(r.T80H!.Value, 110, 150);
                Assert.InRange(r.PowerLaw!.Exponent, 0.4, 0.6);
            }
        }
        Assert.True(chosen >= 0.85 * n, $"power law chosen in {chosen}/{n}");
    }

    [Fact]
    public void ExponentialDataChooseTheExponentialMostOfTheTime()
    {
        int chosen = 0, n = 40;
        for (int seed = 0; seed < n; seed++)
        {
            var r = RetentionAnalysis.AnalyseSeries("x", Exponential(4.3e-5, 3e-3, 0.3, seed, false));
            if (r.Chosen?.Model == DecayModel.Exponential) chosen++;
        }
        Assert.True(chosen >= 0.7 * n, $"exponential chosen in {chosen}/{n}");
    }

    [Fact]
    public void NoDecayGivesANullEightyPercentTimeWithAReason()
    {
        var r = RetentionAnalysis.AnalyseSeries("argon", Exponential(4.3e-5, 0, 0.5, 3, withSe: true));
        Assert.Null(r.T80H);
        Assert.Equal("none", r.T80Method);
        Assert.Contains("cannot be predicted", r.T80Reason);
        Assert.InRange(r.RetentionAtEnd, 0.97, 1.03);
    }

    [Fact]
    public void EightyPercentReachedInTheDataIsInterpolated()
    {
        // exact exponential with t80 = 100 h, sampled to 300 h
        double k = Math.Log(1.25) / 100;
        var r = RetentionAnalysis.AnalyseSeries("humid", Exponential(1e-4, k, 0, 0, false, null, [0, 50, 90, 110, 200, 300]));
        Assert.Equal("interpolated", r.T80Method);
        // linear interpolation between 90 and 110 h of an exponential: within 0.1 h of 100 h
        Assert.Equal(100, r.T80H!.Value, 0);
    }

    [Fact]
    public void RetentionErrorsArePropagatedFromGivenStandardErrors()
    {
        var pts = new List<ExposurePoint> { new(0, 1e-4, 1e-6, "a"), new(10, 0.9e-4, 1e-6, "a") };
        var r = RetentionAnalysis.AnalyseSeries("a", pts);
        Assert.Equal(0.9, r.RetentionAtEnd, 12);
        // r √((1/90)² + (1/100)²) = 0.9 × 0.014948 = 0.013454
        Assert.Equal(0.013454, r.RetentionAtEndStdErr, 5);
        Assert.Null(r.T80H); // two points: no fit, 80 % not reached
        Assert.Contains("too few", r.T80Reason);
    }

    [Fact]
    public void AtmospheresGivenByDewPointOrRhAreDescribedBoth()
    {
        var dry = AtmosphereSummary.From("dry", [new ExposurePoint(0, 1, 0, "dry", DewPointC: -50), new ExposurePoint(1, 1, 0, "dry", DewPointC: -60)]);
        Assert.Equal(-50, dry.DewPointMaxC);
        Assert.InRange(dry.RelativeHumidityPct!.Value, 0.02, 0.13);
        Assert.StartsWith("dew point", dry.Describe());
        var humid = AtmosphereSummary.From("humid", [new ExposurePoint(0, 1, 0, "humid", RelativeHumidityPct: 4)]);
        Assert.Contains("RH", humid.Describe());
        Assert.True(humid.AirTemperatureAssumed);
        Assert.Equal(Humidity.DewPointFromRelativeHumidityC(4, 25), humid.DewPointC!.Value, 9);
    }
}
