using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Numerics;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

public class FittingTests
{
    [Fact]
    public void LevenbergMarquardtSolvesRosenbrockWithBounds()
    {
        // residuals (1 - x, 10 (y - x^2)); minimum at (1, 1); bound y <= 0.5 moves it to the boundary
        var free = LevenbergMarquardt.Minimize(2, [-1.2, 1.0], (x, r) => { r[0] = 1 - x[0]; r[1] = 10 * (x[1] - x[0] * x[0]); });
        Assert.Equal(1, free.X[0], 6);
        Assert.Equal(1, free.X[1], 6);
        var bounded = LevenbergMarquardt.Minimize(3, [0.2, 0.1], (x, r) => { r[0] = 1 - x[0]; r[1] = 10 * (x[1] - x[0] * x[0]); r[2] = 0; },
            [double.NegativeInfinity, 0], [double.PositiveInfinity, 0.5]);
        Assert.True(bounded.X[1] <= 0.5);
        Assert.True(bounded.X[0] > 0.6);
    }

    [Fact]
    public void LevenbergMarquardtGivesLinearRegressionStandardErrors()
    {
        double[] xs = [0, 1, 2, 3, 4, 5];
        double[] ys = [1.1, 2.9, 5.2, 7.1, 8.8, 11.2];
        var res = LevenbergMarquardt.Minimize(6, [0, 0], (p, r) => { for (int i = 0; i < 6; i++) r[i] = p[0] + p[1] * xs[i] - ys[i]; });
        var line = LinearFit.Fit(xs, ys);
        Assert.Equal(line.Slope, res.X[1], 9);
        Assert.Equal(line.SlopeStdErr, res.StdErrors[1], 6);
        Assert.Equal(line.InterceptStdErr, res.StdErrors[0], 6);
    }

    [Fact]
    public void RecoversKnownParametersFromSimulatedSpectrum()
    {
        var c = Circuit.Parse("R0-p(R1,CPE1)-p(R2,CPE2)-CPE3");
        double[] truth = [50, 20000, 1e-10, 0.9, 50000, 2e-9, 0.8, 2e-6, 0.75];
        var f = Enumerable.Range(0, 61).Select(i => Math.Pow(10, 6 - 7.0 * i / 60)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, truth));
        var fit = CnlsFitter.Fit(s, c);
        for (int k = 0; k < truth.Length; k++)
            Assert.True(Math.Abs(fit.Values[k] / truth[k] - 1) < 1e-4, $"{c.Parameters[k].Name}: {string.Join(", ", fit.Values.Select(v => v.ToString("G4")))} chi2 {fit.ChiSquare}");
    }

    [SharedDataFact]
    public void ExampleDataReachesDocumentedResidualWithoutInitialGuess()
    {
        var s = ImpedanceReader.Read(SharedData.TestData("eis/impedance.py/exampleData.csv")).CapacitiveOnly();
        var c = Circuit.Parse("R0-p(R1,C1)-p(R2-Wo1,C2)");
        // impedance.py getting-started fit (MANIFEST 1a), unweighted least squares
        double[] documented = [1.65e-2, 8.68e-3, 3.32, 5.39e-3, 6.31e-2, 2.33e2, 2.20e-1];
        var zDoc = c.Simulate(s.FrequenciesHz, documented);
        double ssrDoc = Enumerable.Range(0, s.Count).Sum(i => Math.Pow((zDoc[i] - s.Z[i]).Magnitude, 2));
        var fit = CnlsFitter.Fit(s, c, new CircuitFitOptions { Weighting = Weighting.Unit });
        Assert.True(fit.ChiSquare <= ssrDoc, $"ours {fit.ChiSquare:G6} vs documented {ssrDoc:G6}: {string.Join(", ", fit.Values.Select(v => v.ToString("G4")))}");
        Assert.Equal(57, fit.NPoints);
    }

    [SharedDataFact]
    public void PyimpspecCircuit1IsRecoveredByFitting()
    {
        var s = ImpedanceReader.Read(SharedData.TestData("other_formats/pyimpspec/data.z"));
        var fit = CnlsFitter.Fit(s, Circuit.Parse("R0-p(R1,C1)-p(R2,W1)"));
        Assert.Equal(100, fit["R0"], 1e-3);
        Assert.Equal(200, fit["R1"], 1e-3);
        Assert.Equal(0.8e-6, fit["C1"], 1e-11);
        Assert.Equal(500, fit["R2"], 1e-2);
        Assert.Equal(1 / (4e-4 * Math.Sqrt(2)), fit["W1"], 1e-2);
    }

    [SharedDataFact]
    public void EisFitpythonExample2ModulusWeighting()
    {
        // LAGP Example2b, 5.43 Hz - 1 MHz (44 points), (R1|Q1)+(R2|Q2)+Q3, modulus weighting:
        // reference chi2 = 4.311e-3 (reference_outputs/Example2/EIS_fit_report.txt), no initial guess here
        var s = ImpedanceReader.Read(SharedData.TestData("eis/EISFitpython/EIS_Data/Example-2/Example2b.txt")).WithFrequencyRange(5.4, null);
        Assert.Equal(44, s.Count);
        var fit = CnlsFitter.Fit(s, Circuit.Parse("(R1|Q1)+(R2|Q2)+Q3"), new CircuitFitOptions { Weighting = Weighting.Modulus });
        Assert.True(fit.ChiSquare <= 4.311e-3 * 1.001, $"chi2 {fit.ChiSquare}");
        Assert.Equal(4.471e4, fit["R1"], 0.02 * 4.471e4);
        Assert.Equal(4.712e4, fit["R2"], 0.02 * 4.712e4);
        Assert.Equal(0.8824, fit["Q3_1"], 0.01);
        Assert.Equal(80, 2 * fit.NPoints - fit.FreeParameters);
    }

    [Fact]
    public void MoreParametersThanPointsIsAnError()
    {
        var s = new ImpedanceSpectrum([1000, 100], [new Complex(10, -1), new Complex(12, -3)]);
        var e = Assert.Throws<NitrolyteInputException>(() => CnlsFitter.Fit(s, Circuit.Parse("R0-p(R1,CPE1)-p(R2,CPE2)")));
        Assert.Contains("more parameters", e.Message);
    }

    [Fact]
    public void FixedParametersStayFixedAndUnknownNamesAreRejected()
    {
        var c = Circuit.Parse("R0-p(R1,C1)");
        var f = Enumerable.Range(0, 30).Select(i => Math.Pow(10, 5 - 6.0 * i / 29)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [10, 100, 1e-6]));
        var fit = CnlsFitter.Fit(s, c, new CircuitFitOptions { Fixed = new Dictionary<string, double> { ["R0"] = 12 } });
        Assert.Equal(12, fit["R0"]);
        Assert.True(fit.Parameters[0].Fixed);
        Assert.Throws<NitrolyteInputException>(() => CnlsFitter.Fit(s, c, new CircuitFitOptions { Fixed = new Dictionary<string, double> { ["R9"] = 1 } }));
    }
}

public class WeightingTests
{
    [Theory]
    [InlineData(Weighting.Unit)]
    [InlineData(Weighting.Proportional)]
    [InlineData(Weighting.Modulus)]
    [InlineData(Weighting.Boukamp)]
    public void EveryWeightingRecoversNoiseFreeParameters(Weighting w)
    {
        var c = Circuit.Parse("R0-p(R1,CPE1)-p(R2,G1)");
        double[] truth = [20, 500, 2e-7, 0.85, 300, 800, 1e-3];
        var f = Enumerable.Range(0, 50).Select(i => Math.Pow(10, 6 - 7.0 * i / 49)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, truth));
        var fit = CnlsFitter.Fit(s, c, new CircuitFitOptions { Weighting = w });
        Assert.True(fit.ChiSquare < 1e-12 * Math.Max(1, s.Z.Max(z => z.Magnitude * z.Magnitude)), $"{w}: chi2 {fit.ChiSquare} {string.Join(", ", fit.Values.Select(v => v.ToString("G4")))}");
        Assert.Equal(w, fit.Weighting);
    }

    [Fact]
    public void GerischerMatchesItsFormula()
    {
        var c = Circuit.Parse("G1");
        double f = 50, w = 2 * Math.PI * f;
        var z = c.Impedance(f, [100, 2e-3]);
        var expected = 100 / Complex.Sqrt(new Complex(1, w * 2e-3));
        Assert.True((z - expected).Magnitude < 1e-12 * expected.Magnitude);
    }

    [Fact]
    public void NonIdentifiableParameterIsReported()
    {
        // two resistors in series: only their sum is determined
        var c = Circuit.Parse("R0-R1-p(R2,C2)");
        var f = Enumerable.Range(0, 30).Select(i => Math.Pow(10, 5 - 6.0 * i / 29)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [10, 20, 100, 1e-6]));
        var fit = CnlsFitter.Fit(s, c);
        Assert.Contains(fit.Warnings, x => x.Contains("R0") || x.Contains("R1"));
    }
}
