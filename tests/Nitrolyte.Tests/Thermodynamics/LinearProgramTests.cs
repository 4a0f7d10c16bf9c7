using Nitrolyte.Numerics;

namespace Nitrolyte.Tests.Thermodynamics;

public class LinearProgramTests
{
    [Fact]
    public void PhaseOneFindsTheOptimumOfASmallLp()
    {
        // min -x1 - 2 x2  s.t. x1 + x2 + s1 = 4, x1 + 3 x2 + s2 = 6 (x, s >= 0): optimum x = (3, 1), objective -5.
        double[] a = [1, 1, 1, 3, 1, 0, 0, 1]; // columns x1, x2, s1, s2 (m = 2)
        var r = LinearProgram.Minimize(a, 2, [-1, -2, 0, 0], [4, 6]);
        Assert.Equal(LpStatus.Optimal, r.Status);
        Assert.Equal(-5, r.Objective, 1e-12);
        var x = new double[4];
        for (int i = 0; i < 2; i++) if (r.Basis[i] >= 0) x[r.Basis[i]] = r.BasisValues[i];
        Assert.Equal(3, x[0], 1e-12);
        Assert.Equal(1, x[1], 1e-12);
        // Duals: reduced costs of basic columns vanish.
        Assert.Equal(-1, r.Duals[0] + r.Duals[1], 1e-12);
    }

    [Fact]
    public void InfeasibleAndUnboundedAreReported()
    {
        // x1 + x2 = -1 with x >= 0: infeasible.
        Assert.Equal(LpStatus.Infeasible, LinearProgram.Minimize(new double[] { 1, 1 }, 1, [1, 1], [-1]).Status);
        // min -x1 s.t. x1 - x2 = 1: unbounded.
        Assert.Equal(LpStatus.Unbounded, LinearProgram.Minimize(new double[] { 1, -1 }, 1, [-1, 0], [1]).Status);
    }

    [Fact]
    public void DegenerateProblemDoesNotCycle()
    {
        // Many identical columns and a degenerate right-hand side (zeros), as in a phase diagram with duplicates.
        int m = 3, n = 60;
        var a = new double[n * m];
        var c = new double[n];
        var rng = new Random(3);
        for (int j = 0; j < n; j++)
        {
            double[] col = j < m ? [j == 0 ? 1 : 0, j == 1 ? 1 : 0, j == 2 ? 1 : 0] : [rng.Next(0, 2), rng.Next(0, 2), 1];
            double s = col.Sum();
            for (int i = 0; i < m; i++) a[j * m + i] = col[i] / s;
            c[j] = j < m ? 0 : -Math.Round(rng.NextDouble(), 1);
        }
        var r = LinearProgram.Minimize(a, m, c, [0.5, 0, 0.5], [0, 1, 2]);
        Assert.Equal(LpStatus.Optimal, r.Status);
    }
}
