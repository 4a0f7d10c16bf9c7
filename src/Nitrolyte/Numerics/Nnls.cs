using MathNet.Numerics.LinearAlgebra;

namespace Nitrolyte.Numerics;

/// <summary>
/// Non-negative least squares, min ‖A x − b‖ subject to x ≥ 0 (Lawson and Hanson's active-set algorithm,
/// "Solving Least Squares Problems", 1974, ch. 23). Columns listed in <c>free</c> are unconstrained.
/// </summary>
public static class Nnls
{
    public static double[] Solve(Matrix<double> a, Vector<double> b, bool[]? free = null, int maxIterations = 0, double? tolerance = null)
    {
        int n = a.ColumnCount;
        free ??= new bool[n];
        if (maxIterations <= 0) maxIterations = 3 * n + 50;
        var x = Vector<double>.Build.Dense(n);
        var passive = new bool[n];
        // unconstrained columns start in the passive set
        for (int j = 0; j < n; j++) passive[j] = free[j];
        if (passive.Any(p => p)) x = SolvePassive(a, b, passive);
        // the stopping tolerance on the gradient Aᵀ(b − Ax); a caller solving a reduced equivalent problem passes the full problem's
        double tol = tolerance ?? 1e-12 * a.L1Norm() * Math.Max(1, b.L2Norm());
        for (int it = 0; it < maxIterations; it++)
        {
            var w = a.TransposeThisAndMultiply(b - a * x);
            int jMax = -1; double wMax = tol;
            for (int j = 0; j < n; j++) if (!passive[j] && w[j] > wMax) { wMax = w[j]; jMax = j; }
            if (jMax < 0) break;
            passive[jMax] = true;
            for (int inner = 0; inner < 3 * n; inner++)
            {
                var z = SolvePassive(a, b, passive);
                bool ok = true;
                for (int j = 0; j < n; j++) if (passive[j] && !free[j] && z[j] <= 0) { ok = false; break; }
                if (ok) { x = z; break; }
                double alpha = double.PositiveInfinity;
                for (int j = 0; j < n; j++)
                    if (passive[j] && !free[j] && z[j] <= 0)
                    {
                        double t = x[j] / (x[j] - z[j]);
                        if (t < alpha) alpha = t;
                    }
                x = x + alpha * (z - x);
                for (int j = 0; j < n; j++)
                    if (passive[j] && !free[j] && x[j] <= 1e-15 * Math.Max(1, x.AbsoluteMaximum())) { passive[j] = false; x[j] = 0; }
            }
        }
        return x.ToArray();
    }

    private static Vector<double> SolvePassive(Matrix<double> a, Vector<double> b, bool[] passive)
    {
        var idx = Enumerable.Range(0, passive.Length).Where(j => passive[j]).ToArray();
        var sub = Matrix<double>.Build.Dense(a.RowCount, idx.Length, (i, k) => a[i, idx[k]]);
        var sol = sub.QR().Solve(b);
        var z = Vector<double>.Build.Dense(passive.Length);
        for (int k = 0; k < idx.Length; k++) z[idx[k]] = sol[k];
        return z;
    }
}
