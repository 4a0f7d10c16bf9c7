using System.Numerics;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

public class KkDrtTests
{
    [SharedDataFact]
    public void LinKKReproducesImpedancePyOnCircuit3()
    {
        // impedance.py test_validation.py: linKK(f, Z, c=0.69) -> M = 10, mu = 0.6843821117885378
        var s = ImpedanceReader.Read(SharedData.TestData("eis/impedance.py/Circuit3_EIS_1.z"));
        var r = KramersKronig.LinKK(s, c: 0.69);
        Assert.Equal(10, r.M);
        Assert.Equal(0.6843821117885378, r.Mu, 1e-6);
    }

    [Fact]
    public void LinKKPassesValidDataWithSmallResiduals()
    {
        var c = Circuit.Parse("R0-p(R1,C1)-p(R2,C2)");
        var f = Enumerable.Range(0, 50).Select(i => Math.Pow(10, 6 - 7.0 * i / 49)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [10, 100, 1e-7, 300, 1e-4]));
        // with enough RC elements a KK-compliant spectrum is reproduced to well under 1 %
        Assert.True(KramersKronig.FitM(s, 20, 0.85, KkFitType.Real).MaxResidualPct < 1);
        Assert.True(KramersKronig.FitM(s, 20, 0.85, KkFitType.Complex).MaxResidualPct < 1);
        // a spectrum that drifts (Z' grows in time, i.e. towards low frequency, with no matching Z'') is not
        var drift = new ImpedanceSpectrum(f, s.Z.Select((z, i) => z + new Complex(0.3 * i, 0)).ToArray());
        Assert.True(KramersKronig.FitM(drift, 20, 0.85, KkFitType.Complex).MaxResidualPct > 3);
    }

    [Fact]
    public void DrtFindsTwoKnownTimeConstants()
    {
        // R0 + (R1 || C1) + (R2 || C2): tau1 = 1e-4 s, tau2 = 0.1 s
        var c = Circuit.Parse("R0-p(R1,C1)-p(R2,C2)");
        double r1 = 100, tau1 = 1e-4, r2 = 200, tau2 = 0.1;
        var f = Enumerable.Range(0, 71).Select(i => Math.Pow(10, 6 - 8.0 * i / 70)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [10, r1, tau1 / r1, r2, tau2 / r2]));
        var d = Drt.Compute(s);
        Assert.False(d.InductiveTail);
        Assert.Equal(2, d.Peaks.Count);
        var p = d.Peaks.OrderBy(x => x.TauS).ToList();
        Assert.Equal(Math.Log10(tau1), Math.Log10(p[0].TauS), 0.1);
        Assert.Equal(Math.Log10(tau2), Math.Log10(p[1].TauS), 0.1);
        Assert.Equal(r1, p[0].ResistanceOhm, 0.1 * r1);
        Assert.Equal(r2, p[1].ResistanceOhm, 0.1 * r2);
        Assert.Equal(10, d.ROhmicOhm, 1.5);
    }

    [Fact]
    public void DrtFlagsInductiveTail()
    {
        var c = Circuit.Parse("L0-R0-p(R1,C1)");
        var f = Enumerable.Range(0, 50).Select(i => Math.Pow(10, 6 - 6.0 * i / 49)).ToArray();
        var s = new ImpedanceSpectrum(f, c.Simulate(f, [1e-6, 5, 100, 1e-6]));
        var d = Drt.Compute(s);
        Assert.True(d.InductiveTail);
        Assert.True(d.InductanceH > 0.5e-6 && d.InductanceH < 2e-6, $"L = {d.InductanceH}");
        Assert.Single(d.Peaks);
    }
}

public class LongSpectrumLinearAlgebraTests
{
    /// <summary>Tall least-squares problems go through a thin QR (QA: the SVD with vectors built an N × N matrix,
    /// 11 GB for a 10⁵-point spectrum); the answer is the same as the exact solution.</summary>
    [Fact]
    public void ThinQrPathGivesTheLeastSquaresSolution()
    {
        var rng = new Random(3);
        int n = 3000, p = 6;
        var a = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, p, (i, j) => Math.Pow(i / (double)n, j) + 0.01 * rng.NextDouble());
        var xTrue = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(p, j => j + 1.0);
        var b = a * xTrue;
        var x = Nitrolyte.Impedance.KramersKronig.PseudoInverseSolve(a, b);
        for (int j = 0; j < p; j++) Assert.Equal(j + 1.0, x[j], 1e-6);
    }
}
