using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

public class CircuitTests
{
    [Theory]
    [InlineData("R0-p(R1,CPE1)-Wo1", "R0,R1,CPE1_0,CPE1_1,Wo1_0,Wo1_1")]
    [InlineData("R(RQ)(RQ)Q", "R1,R2,Q1_0,Q1_1,R3,Q2_0,Q2_1,Q3_0,Q3_1")]
    [InlineData("(R1|Q1)+(R2|Q2)+Q3", "R1,Q1_0,Q1_1,R2,Q2_0,Q2_1,Q3_0,Q3_1")]
    [InlineData("R0-p(R1,C1)-p(R2-Wo1,C2)", "R0,R1,C1,R2,Wo1_0,Wo1_1,C2")]
    [InlineData("L1-R0-p(R1,G1)-La1-Ws1-W1", "L1,R0,R1,G1_0,G1_1,La1_0,La1_1,Ws1_0,Ws1_1,W1")]
    [InlineData("R(C[R(RQ)])", "R1,C1,R2,R3,Q1_0,Q1_1")]
    public void ParsesThreeNotations(string text, string names)
    {
        var c = Circuit.Parse(text);
        Assert.Equal(names, string.Join(",", c.Parameters.Select(p => p.Name)));
    }

    [Fact]
    public void BoukampAndDashNotationsAgree()
    {
        var a = Circuit.Parse("R(RQ)(RQ)Q");
        var b = Circuit.Parse("R1-p(R2,Q1)-p(R3,Q2)-Q3");
        var c = Circuit.Parse("R1+(R2|Q1)+(R3|Q2)+Q3");
        double[] p = [10, 100, 1e-9, 0.9, 1000, 1e-7, 0.8, 1e-5, 0.7];
        foreach (var f in new[] { 1e6, 1e3, 1, 1e-2 })
        {
            Assert.Equal(a.Impedance(f, p), b.Impedance(f, p));
            Assert.Equal(a.Impedance(f, p), c.Impedance(f, p));
        }
    }

    [Theory]
    [InlineData("R0-p(R1,", "position 9")]
    [InlineData("R0-X1", "position 4")]
    [InlineData("R0-p(R1)", "two branches")]
    [InlineData("R0-R0", "used twice")]
    [InlineData("(R1|Q1", "expected ')'")]
    [InlineData("", "empty")]
    public void ParseErrorsSayWhere(string text, string expected)
    {
        var e = Assert.Throws<NitrolyteInputException>(() => Circuit.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void PyimpspecCircuit1IsReproducedAnalytically()
    {
        // pyimpspec W{Y}: Z = 1/(Y sqrt(jω)); ours A_W (1-j)/sqrt(ω) = A_W sqrt(2)/sqrt(jω), so A_W = 1/(Y sqrt 2)
        var c = Circuit.Parse("R0-p(R1,C1)-p(R2,W1)");
        double[] p = [100, 200, 0.8e-6, 500, 1 / (4e-4 * Math.Sqrt(2))];
        foreach (var f in new[] { 1e4, 1e3, 37.3, 1 })
            Assert.True((c.Impedance(f, p) - ImpedanceReaderTests.Circuit1(f)).Magnitude < 1e-10);
    }

    [Fact]
    public void AnalyticJacobianMatchesFiniteDifferences()
    {
        var c = Circuit.Parse("L1-R0-p(R1,CPE1)-p(R2-Wo1,C2)-p(G1,R3)-La1-Ws1-W1");
        double[] p = [1e-7, 5, 100, 2e-6, 0.85, 50, 30, 0.5, 1e-4, 40, 0.01, 20, 1e-6, 0.7, 10, 2, 3];
        double[] w = [1e5, 300, 2, 0.01];
        var z = new Complex[w.Length];
        var jac = new Complex[w.Length * p.Length];
        c.Evaluate(w, p, z, jac);
        for (int k = 0; k < p.Length; k++)
        {
            var pp = p.ToArray(); var pm = p.ToArray();
            double h = 1e-6 * Math.Abs(p[k]);
            pp[k] += h; pm[k] -= h;
            for (int i = 0; i < w.Length; i++)
            {
                var num = (c.Impedance(w[i] / (2 * Math.PI), pp) - c.Impedance(w[i] / (2 * Math.PI), pm)) / (2 * h);
                var ana = jac[i * p.Length + k];
                Assert.True((num - ana).Magnitude <= 1e-5 * Math.Max(ana.Magnitude, 1e-12) + 1e-9 * z[i].Magnitude / Math.Abs(p[k]),
                    $"{c.Parameters[k].Name} at w={w[i]}: {num} vs {ana}");
            }
        }
    }

    [Fact]
    public void FiniteWarburgIsSafeAtExtremeArguments()
    {
        var wo = Circuit.Parse("Wo1");
        var ws = Circuit.Parse("Ws1");
        double[] p = [10, 1e3];
        // ω τ huge: coth -> 1, both tend to Z0/sqrt(jωτ)
        var zo = wo.Impedance(1e9, p); var zs = ws.Impedance(1e9, p);
        Assert.True(double.IsFinite(zo.Real) && double.IsFinite(zs.Real));
        Assert.True((zo - zs).Magnitude < 1e-12);
        // ω τ tiny: Ws -> Z0 (short), Wo -> Z0/3 + capacitive 1/(jω τ/Z0)
        var z = ws.Impedance(1e-12, [10, 1]);
        Assert.Equal(10, z.Real, 9);
        var zo2 = wo.Impedance(1e-12, [10, 1]);
        Assert.Equal(10.0 / 3, zo2.Real, 6);
    }

    [Fact]
    public void LaIsLTimesJOmegaToTheA()
    {
        var c = Circuit.Parse("La1");
        double f = 1000, w = 2 * Math.PI * f;
        var z = c.Impedance(f, [2e-6, 0.8]);
        var expected = 2e-6 * Complex.Pow(new Complex(0, w), 0.8);
        Assert.True((z - expected).Magnitude < 1e-12 * expected.Magnitude);
        // a = 1 is an ideal inductor
        Assert.True((c.Impedance(f, [2e-6, 1]) - new Complex(0, w * 2e-6)).Magnitude < 1e-15);
    }
}
