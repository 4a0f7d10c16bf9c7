namespace Nitrolyte.Numerics;

/// <summary>Solves small symmetric positive-definite systems A x = b (normal equations) by Cholesky, after
/// scaling A to unit diagonal (so columns of very different magnitude do not lose the factorisation).</summary>
public static class Cholesky
{
    /// <summary>The solution, or null when A is not positive definite (singular normal equations).</summary>
    public static double[]? Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[i, i] > 0 ? 1 / Math.Sqrt(a[i, i]) : 1;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j] * d[i] * d[j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (!(s > 1e-14)) return null;
                    l[i, i] = Math.Sqrt(s);
                }
                else l[i, j] = s / l[j, j];
            }
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = b[i] * d[i];
            for (int k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        for (int i = 0; i < n; i++) x[i] *= d[i];
        return x;
    }
}
