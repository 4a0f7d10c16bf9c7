namespace Nitrolyte.Electrochemistry;

/// <summary>Result of a nonlinear least-squares fit: parameters, standard errors (from the covariance scaled by the
/// residual variance), the residual sum of squares and the number of points.</summary>
public sealed record CurveFitResult(double[] Parameters, double[] StdErrors, double[,] Covariance, double Rss, int N, bool Converged);

/// <summary>
/// A small Levenberg-Marquardt least-squares solver (numerical Jacobian by central differences, Marquardt scaling),
/// used for the relaxation fits of DC polarisation. Written from the textbook algorithm (Madsen, Nielsen &amp;
/// Tingleff, "Methods for non-linear least squares problems", 2004).
/// </summary>
public static class CurveFit
{
    public static CurveFitResult LevenbergMarquardt(Func<double[], double, double> model, double[] x, double[] y, double[] start, double[]? weights = null, int maxIter = 200)
    {
        int n = x.Length, p = start.Length;
        var beta = (double[])start.Clone();
        var w = weights ?? Enumerable.Repeat(1.0, n).ToArray();
        double Rss(double[] b)
        {
            double s = 0;
            for (int i = 0; i < n; i++) { double r = y[i] - model(b, x[i]); s += w[i] * r * r; }
            return s;
        }
        double[,] Jacobian(double[] b)
        {
            var j = new double[n, p];
            for (int k = 0; k < p; k++)
            {
                double h = 1e-6 * Math.Max(Math.Abs(b[k]), 1e-12);
                var bp = (double[])b.Clone(); var bm = (double[])b.Clone();
                bp[k] += h; bm[k] -= h;
                for (int i = 0; i < n; i++) j[i, k] = (model(bp, x[i]) - model(bm, x[i])) / (2 * h);
            }
            return j;
        }
        double rss = Rss(beta);
        double lambda = 1e-3;
        bool converged = false;
        for (int iter = 0; iter < maxIter; iter++)
        {
            var J = Jacobian(beta);
            var jtj = new double[p, p]; var jtr = new double[p];
            for (int i = 0; i < n; i++)
            {
                double r = y[i] - model(beta, x[i]);
                for (int a = 0; a < p; a++)
                {
                    jtr[a] += w[i] * J[i, a] * r;
                    for (int b = a; b < p; b++) jtj[a, b] += w[i] * J[i, a] * J[i, b];
                }
            }
            for (int a = 0; a < p; a++) for (int b = 0; b < a; b++) jtj[a, b] = jtj[b, a];
            bool improved = false;
            for (int attempt = 0; attempt < 30; attempt++)
            {
                var m = new double[p, p];
                for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) m[a, b] = jtj[a, b] + (a == b ? lambda * Math.Max(jtj[a, a], 1e-300) : 0);
                var step = Solve(m, jtr);
                if (step is null) { lambda *= 10; continue; }
                var trial = new double[p];
                for (int a = 0; a < p; a++) trial[a] = beta[a] + step[a];
                double trss = Rss(trial);
                if (double.IsFinite(trss) && trss < rss)
                {
                    double rel = (rss - trss) / Math.Max(rss, 1e-300);
                    double stepRel = 0;
                    for (int a = 0; a < p; a++) stepRel = Math.Max(stepRel, Math.Abs(step[a]) / Math.Max(Math.Abs(beta[a]), 1e-300));
                    beta = trial; rss = trss; lambda = Math.Max(lambda / 10, 1e-12); improved = true;
                    if (rel < 1e-12 || stepRel < 1e-10) converged = true;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) { converged = true; break; }
            if (converged) break;
        }
        // covariance = s^2 (J^T W J)^-1
        var Jf = Jacobian(beta);
        var A = new double[p, p];
        for (int i = 0; i < n; i++) for (int a = 0; a < p; a++) for (int b = 0; b < p; b++) A[a, b] += w[i] * Jf[i, a] * Jf[i, b];
        var inv = Invert(A);
        double s2 = n > p ? rss / (n - p) : double.NaN;
        var cov = new double[p, p];
        var se = new double[p];
        for (int a = 0; a < p; a++)
        {
            for (int b = 0; b < p; b++) cov[a, b] = inv is null ? double.NaN : inv[a, b] * s2;
            se[a] = Math.Sqrt(Math.Max(0, cov[a, a]));
        }
        return new CurveFitResult(beta, se, cov, rss, n, converged);
    }

    private static double[]? Solve(double[,] a, double[] b)
    {
        var inv = Invert(a);
        if (inv is null) return null;
        int p = b.Length;
        var x = new double[p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) x[i] += inv[i, j] * b[j];
        return x;
    }

    /// <summary>Gauss-Jordan inverse with partial pivoting (small matrices), with row/column equilibration.</summary>
    internal static double[,]? Invert(double[,] m)
    {
        int p = m.GetLength(0);
        var d = new double[p];
        for (int i = 0; i < p; i++) d[i] = m[i, i] > 0 ? 1 / Math.Sqrt(m[i, i]) : 1;
        var a = new double[p, 2 * p];
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < p; j++) a[i, j] = m[i, j] * d[i] * d[j];
            a[i, p + i] = 1;
        }
        for (int c = 0; c < p; c++)
        {
            int piv = c;
            for (int r = c + 1; r < p; r++) if (Math.Abs(a[r, c]) > Math.Abs(a[piv, c])) piv = r;
            if (Math.Abs(a[piv, c]) < 1e-300) return null;
            if (piv != c) for (int j = 0; j < 2 * p; j++) (a[c, j], a[piv, j]) = (a[piv, j], a[c, j]);
            double div = a[c, c];
            for (int j = 0; j < 2 * p; j++) a[c, j] /= div;
            for (int r = 0; r < p; r++)
            {
                if (r == c) continue;
                double f = a[r, c];
                if (f == 0) continue;
                for (int j = 0; j < 2 * p; j++) a[r, j] -= f * a[c, j];
            }
        }
        var inv = new double[p, p];
        for (int i = 0; i < p; i++) for (int j = 0; j < p; j++) inv[i, j] = a[i, p + j] * d[i] * d[j];
        return inv;
    }
}
