using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using Nitrolyte.Impedance;
using Nitrolyte.Numerics;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Impedance;

/// <summary>
/// Issue 20 item 3: the DRT is solved from its normal equations (AᵀA built in one pass over the points, Cholesky
/// reduction to an nc × nc NNLS) instead of the 2N-row augmented matrix, so a 10⁵-point spectrum is cheap.
/// </summary>
public class DrtLongSpectrumTests(ITestOutputHelper output)
{
    private static ImpedanceSpectrum Spectrum(int points, double noise, int seed)
    {
        // R0 + (R1 || C1) + ZARC (R2 || CPE2): τ1 = 1e-5 s, τ2 = (R2 Q)^(1/n) = 1e-2 s
        var c = Circuit.Parse("R0-p(R1,C1)-p(R2,CPE2)");
        double r1 = 500, tau1 = 1e-5, r2 = 2000, n2 = 0.85, q2 = Math.Pow(1e-2, n2) / r2;
        var f = Enumerable.Range(0, points).Select(i => Math.Pow(10, 6 - 8.0 * i / (points - 1))).ToArray();
        var z = c.Simulate(f, [20, r1, tau1 / r1, r2, q2, n2]);
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        var noisy = z.Select(v => v + noise * v.Magnitude * new Complex(Gauss(), Gauss())).ToArray();
        return new ImpedanceSpectrum(f, noisy);
    }

    [Fact]
    public void OversampledSpectrumGivesTheSameDrtAsTheNormalOne()
    {
        var shortD = Drt.Compute(Spectrum(100, 0, 1));
        var longD = Drt.Compute(Spectrum(20000, 0, 1));
        foreach (var d in new[] { shortD, longD })
            output.WriteLine($"λ = {d.Lambda:G3}, R∞ = {d.ROhmicOhm:G5}, peaks: " + string.Join("; ", d.Peaks.Select(p => $"τ = {p.TauS:G3} s, R = {p.ResistanceOhm:G4} Ω")));
        Assert.Equal(shortD.TausS.Length, longD.TausS.Length); // the τ grid follows the frequency band, not the point count
        var big = new[] { shortD, longD }.Select(d => d.Peaks.Where(p => p.ResistanceOhm > 100).OrderBy(p => p.TauS).ToList()).ToArray();
        Assert.Equal(2, big[0].Count);
        Assert.Equal(2, big[1].Count);
        for (int k = 0; k < 2; k++)
        {
            Assert.Equal(Math.Log10(big[0][k].TauS), Math.Log10(big[1][k].TauS), 0.05);
            Assert.Equal(big[0][k].ResistanceOhm, big[1][k].ResistanceOhm, 0.03 * big[0][k].ResistanceOhm);
        }
        Assert.Equal(Math.Log10(1e-5), Math.Log10(big[1][0].TauS), 0.1);
        Assert.Equal(Math.Log10(1e-2), Math.Log10(big[1][1].TauS), 0.15);
        Assert.Equal(shortD.ROhmicOhm, longD.ROhmicOhm, 1.0);
        double total(DrtResult d) => d.Peaks.Sum(p => p.ResistanceOhm) + d.ROhmicOhm;
        Assert.Equal(2520, total(longD), 0.02 * 2520);
        Assert.Equal(total(shortD), total(longD), 0.01 * total(shortD));
    }

    [Fact]
    public void NoisyOversampledSpectrumKeepsTheTotalResistanceAndTheMainPeaks()
    {
        var shortD = Drt.Compute(Spectrum(100, 0.002, 7));
        var longD = Drt.Compute(Spectrum(20000, 0.002, 7));
        foreach (var d in new[] { shortD, longD })
            output.WriteLine($"λ = {d.Lambda:G3}, R∞ = {d.ROhmicOhm:G5}, peaks: " + string.Join("; ", d.Peaks.Select(p => $"τ = {p.TauS:G3} s, R = {p.ResistanceOhm:G4} Ω")));
        foreach (var d in new[] { shortD, longD })
        {
            // the largest peak near each true τ
            var near1 = d.Peaks.Where(p => Math.Abs(Math.Log10(p.TauS / 1e-5)) < 0.5).ToList();
            var near2 = d.Peaks.Where(p => Math.Abs(Math.Log10(p.TauS / 1e-2)) < 0.7).ToList();
            Assert.NotEmpty(near1);
            Assert.NotEmpty(near2);
            Assert.Equal(2520, d.Peaks.Sum(p => p.ResistanceOhm) + d.ROhmicOhm, 0.03 * 2520);
        }
    }

    /// <summary>The reduced nc × nc NNLS has the same solution as the augmented 2N-row problem it replaces.</summary>
    [Fact]
    public void NormalEquationNnlsMatchesTheAugmentedProblem()
    {
        var s = Spectrum(81, 0.003, 3);
        var d = Drt.Compute(s);
        int n = s.Count, m = d.TausS.Length, nc = m + 1;
        Assert.False(d.InductiveTail);
        double dln = Math.Log(d.TausS[1] / d.TausS[0]);
        var w = s.AngularFrequencies;
        var a = Matrix<double>.Build.Dense(2 * n, nc);
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(2 * n);
        for (int i = 0; i < n; i++)
        {
            double mod = s.Z[i].Magnitude;
            for (int k = 0; k < m; k++)
            {
                var kk = dln / new Complex(1, w[i] * d.TausS[k]);
                a[2 * i, k] = kk.Real / mod;
                a[2 * i + 1, k] = kk.Imaginary / mod;
            }
            a[2 * i, m] = 1 / mod;
            b[2 * i] = s.Z[i].Real / mod;
            b[2 * i + 1] = s.Z[i].Imaginary / mod;
        }
        var ata = a.TransposeThisAndMultiply(a);
        double scale = Enumerable.Range(0, m).Average(j => ata[j, j]);
        var aug = Matrix<double>.Build.Dense(2 * n + m - 2, nc);
        aug.SetSubMatrix(0, 0, a);
        for (int k = 0; k < m - 2; k++)
        {
            double r = Math.Sqrt(d.Lambda * scale);
            aug[2 * n + k, k] = r; aug[2 * n + k, k + 1] = -2 * r; aug[2 * n + k, k + 2] = r;
        }
        var baug = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(2 * n + m - 2);
        baug.SetSubVector(0, 2 * n, b);
        var reference = Nnls.Solve(aug, baug);
        double gmax = d.GammaOhm.Max();
        for (int k = 0; k < m; k++) Assert.Equal(reference[k], d.GammaOhm[k], 1e-6 * gmax);
        Assert.Equal(reference[m], d.ROhmicOhm, 1e-6 * Math.Abs(reference[m]) + 1e-9);
    }
}
