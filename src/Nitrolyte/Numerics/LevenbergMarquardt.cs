using MathNet.Numerics.LinearAlgebra;

namespace Nitrolyte.Numerics;

/// <summary>Computes residuals r(x) (length m) for parameters x.</summary>
public delegate void ResidualFunction(ReadOnlySpan<double> x, Span<double> residuals);

/// <summary>Computes residuals r(x) and the Jacobian dr/dx (row-major, m × n: jacobian[i * n + k] = d r_i / d x_k).</summary>
public delegate void ResidualJacobianFunction(ReadOnlySpan<double> x, Span<double> residuals, Span<double> jacobian);

public sealed class LevenbergMarquardtOptions
{
    public int MaxIterations { get; init; } = 300;
    /// <summary>Stop when an accepted step reduces the sum of squares by less than this fraction.</summary>
    public double FunctionTolerance { get; init; } = 1e-12;
    /// <summary>Stop when the step in the (transformed) parameters is below this relative size.</summary>
    public double StepTolerance { get; init; } = 1e-10;
    /// <summary>Stop when the largest gradient component (scaled) is below this.</summary>
    public double GradientTolerance { get; init; } = 1e-14;
    public double InitialDamping { get; init; } = 1e-3;
    /// <summary>Skip the covariance (intermediate runs of a multi-start).</summary>
    public bool SkipCovariance { get; init; }
}

/// <summary>The solution of a least-squares problem with its statistics (in the original parameter space).</summary>
public sealed class LevenbergMarquardtResult
{
    public required double[] X { get; init; }
    /// <summary>Sum of squared residuals at the solution.</summary>
    public required double SumOfSquares { get; init; }
    public required double[] Residuals { get; init; }
    public required int Iterations { get; init; }
    public required int Evaluations { get; init; }
    public required bool Converged { get; init; }
    public required string StopReason { get; init; }
    /// <summary>Covariance s² (JᵀJ)⁻¹ with s² = SSR / (m − n); NaN rows/columns for parameters that are not identifiable.</summary>
    public required double[,] Covariance { get; init; }
    public required int DegreesOfFreedom { get; init; }
    /// <summary>Condition number of JᵀJ scaled to unit diagonal (large = some combination of parameters is not determined).</summary>
    public required double ScaledConditionNumber { get; init; }

    public double[] StdErrors => Enumerable.Range(0, X.Length).Select(i => Math.Sqrt(Covariance[i, i])).ToArray();

    public double[,] Correlation
    {
        get
        {
            int n = X.Length;
            var c = new double[n, n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    c[i, j] = Covariance[i, j] / Math.Sqrt(Covariance[i, i] * Covariance[j, j]);
            return c;
        }
    }
}

/// <summary>
/// Levenberg-Marquardt for nonlinear least squares, min Σ r_i(x)², for small parameter counts (up to a few
/// dozen): Marquardt's diagonal scaling, Nielsen's damping update, Cholesky solves. Bounds are enforced by
/// transforms (x = lo + e^u, x = hi − e^u, x = lo + (hi − lo)/(1 + e^−u)), so every trial point is feasible;
/// positive parameters can be fitted in log space. Analytic Jacobians are used when given, otherwise central
/// differences with steps relative to each parameter. Reusable by any domain (impedance, kinetics, diffraction).
/// </summary>
public static class LevenbergMarquardt
{
    private enum Tf { None, Lower, Upper, Both }


    public static LevenbergMarquardtResult Minimize(int residualCount, double[] x0, ResidualFunction residuals,
        double[]? lower = null, double[]? upper = null, LevenbergMarquardtOptions? options = null) =>
        Minimize(residualCount, x0, NumericJacobian(residuals, residualCount), lower, upper, options);

    /// <summary>Wraps a residual function with a central-difference Jacobian.</summary>
    public static ResidualJacobianFunction NumericJacobian(ResidualFunction f, int m) => (x, r, jac) =>
    {
        int n = x.Length;
        f(x, r);
        var xp = x.ToArray();
        var rp = new double[m];
        var rm = new double[m];
        double h0 = Math.Cbrt(2.2e-16);
        for (int k = 0; k < n; k++)
        {
            double xk = xp[k];
            double h = h0 * (xk != 0 ? Math.Abs(xk) : 1);
            xp[k] = xk + h; f(xp, rp);
            xp[k] = xk - h; f(xp, rm);
            xp[k] = xk;
            for (int i = 0; i < m; i++) jac[i * n + k] = (rp[i] - rm[i]) / (2 * h);
        }
    };

    public static LevenbergMarquardtResult Minimize(int m, double[] x0, ResidualJacobianFunction fn,
        double[]? lower = null, double[]? upper = null, LevenbergMarquardtOptions? options = null)
    {
        options ??= new LevenbergMarquardtOptions();
        int n = x0.Length;
        if (m < n) throw new Core.NitrolyteInputException($"more parameters ({n}) than residuals ({m}): the fit is underdetermined");
        var lo = lower ?? Enumerable.Repeat(double.NegativeInfinity, n).ToArray();
        var hi = upper ?? Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var tf = new Tf[n];
        var u = new double[n];
        for (int k = 0; k < n; k++)
        {
            bool l = double.IsFinite(lo[k]), h = double.IsFinite(hi[k]);
            tf[k] = l && h ? Tf.Both : l ? Tf.Lower : h ? Tf.Upper : Tf.None;
            u[k] = ToU(tf[k], x0[k], lo[k], hi[k]);
        }

        var x = new double[n];
        var dxdu = new double[n];
        var r = new double[m];
        var jac = new double[m * n];
        var a = new double[n * n];
        var g = new double[n];
        var delta = new double[n];
        var uNew = new double[n];
        var xNew = new double[n];
        var rNew = new double[m];
        var jacNew = new double[m * n];
        int evals = 0;

        void Eval(double[] uu, double[] xx, double[] rr, double[] jj)
        {
            for (int k = 0; k < n; k++) xx[k] = FromU(tf[k], uu[k], lo[k], hi[k]);
            fn(xx, rr, jj);
            evals++;
        }
        static double Ssq(double[] v) { double s = 0; foreach (var e in v) s += e * e; return s; }

        Eval(u, x, r, jac);
        double f = Ssq(r);
        if (!double.IsFinite(f)) throw new Core.NitrolyteInputException("the model is not finite at the starting parameters");
        double lambda = -1, nu = 2;
        int iter = 0;
        string reason = "maximum iterations reached";
        bool converged = false;
        bool needNormal = true;
        while (iter < options.MaxIterations)
        {
            if (needNormal)
            {
                for (int k = 0; k < n; k++) dxdu[k] = DxDu(tf[k], u[k], x[k], lo[k], hi[k]);
                Normal(jac, r, dxdu, m, n, a, g);
                needNormal = false;
                double gmax = 0;
                for (int k = 0; k < n; k++) gmax = Math.Max(gmax, Math.Abs(g[k]) / Math.Sqrt(Math.Max(a[k * n + k], 1e-300)));
                if (gmax <= options.GradientTolerance * Math.Sqrt(Math.Max(f, 1e-300))) { reason = "gradient below tolerance"; converged = true; break; }
                if (lambda < 0)
                {
                    double maxDiag = 0;
                    for (int k = 0; k < n; k++) maxDiag = Math.Max(maxDiag, a[k * n + k]);
                    lambda = options.InitialDamping;
                }
            }
            iter++;
            if (!SolveDamped(a, g, lambda, n, delta)) { lambda *= nu; nu *= 2; if (lambda > 1e16) { reason = "damping diverged"; break; } continue; }
            double stepNorm = 0, uNorm = 0;
            for (int k = 0; k < n; k++) { uNew[k] = u[k] + delta[k]; stepNorm += delta[k] * delta[k]; uNorm += u[k] * u[k]; }
            Eval(uNew, xNew, rNew, jacNew);
            double fNew = Ssq(rNew);
            // predicted reduction of ½‖r‖²: ½ δᵀ(λ D δ − g), D = diag(A)
            double pred = 0;
            for (int k = 0; k < n; k++) pred += delta[k] * (lambda * Math.Max(a[k * n + k], 1e-300) * delta[k] - g[k]);
            pred *= 0.5;
            double actual = 0.5 * (f - fNew);
            if (double.IsFinite(fNew) && actual > 0 && pred > 0)
            {
                double rho = actual / pred;
                lambda *= Math.Max(1.0 / 3, 1 - Math.Pow(2 * rho - 1, 3));
                nu = 2;
                (u, uNew) = (uNew, u); (x, xNew) = (xNew, x); (r, rNew) = (rNew, r); (jac, jacNew) = (jacNew, jac);
                double fOld = f;
                f = fNew;
                needNormal = true;
                if (fOld - fNew <= options.FunctionTolerance * fOld) { reason = "relative reduction below tolerance"; converged = true; break; }
                if (Math.Sqrt(stepNorm) <= options.StepTolerance * (Math.Sqrt(uNorm) + options.StepTolerance)) { reason = "step below tolerance"; converged = true; break; }
                if (f == 0) { reason = "exact fit"; converged = true; break; }
            }
            else
            {
                lambda *= nu; nu *= 2;
                if (Math.Sqrt(stepNorm) <= options.StepTolerance * (Math.Sqrt(uNorm) + options.StepTolerance)) { reason = "step below tolerance"; converged = true; break; }
                if (lambda > 1e16) { reason = "no further decrease possible"; converged = true; break; }
            }
        }

        // statistics in x space
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        Normal(jac, r, ones, m, n, a, g);
        int dof = m - n;
        double s2 = dof > 0 ? f / dof : double.NaN;
        var (cov, cond) = options.SkipCovariance ? (new double[n, n], double.NaN) : Covariance(a, n, s2);
        return new LevenbergMarquardtResult
        {
            X = x.ToArray(), SumOfSquares = f, Residuals = r.ToArray(), Iterations = iter, Evaluations = evals,
            Converged = converged, StopReason = reason, Covariance = cov, DegreesOfFreedom = dof, ScaledConditionNumber = cond,
        };
    }

    private static void Normal(double[] jac, double[] r, double[] scale, int m, int n, double[] a, double[] g)
    {
        Array.Clear(a); Array.Clear(g);
        for (int i = 0; i < m; i++)
        {
            int row = i * n;
            double ri = r[i];
            for (int k = 0; k < n; k++)
            {
                double jk = jac[row + k] * scale[k];
                // a non-finite derivative (a parameter driven to an extreme of its transform) is a flat direction
                if (jk == 0 || !double.IsFinite(jk)) continue;
                g[k] += jk * ri;
                for (int l = 0; l <= k; l++)
                {
                    double jl = jac[row + l] * scale[l];
                    if (double.IsFinite(jl)) a[k * n + l] += jk * jl;
                }
            }
        }
        for (int k = 0; k < n; k++) for (int l = 0; l < k; l++) a[l * n + k] = a[k * n + l];
    }

    /// <summary>Solves (A + λ diag(A)) δ = −g by Cholesky; false when not positive definite.</summary>
    private static bool SolveDamped(double[] a, double[] g, double lambda, int n, double[] delta)
    {
        Span<double> l = n <= 32 ? stackalloc double[n * n] : new double[n * n];
        double maxDiag = 0;
        for (int k = 0; k < n; k++) maxDiag = Math.Max(maxDiag, a[k * n + k]);
        double floor = Math.Max(maxDiag, 1e-300) * 1e-15;
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i * n + j];
                if (i == j) s += lambda * Math.Max(a[i * n + i], floor) + floor;
                for (int k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
                if (i == j)
                {
                    if (!(s > 0)) return false;
                    l[i * n + i] = Math.Sqrt(s);
                }
                else l[i * n + j] = s / l[j * n + j];
            }
        Span<double> y = stackalloc double[n];
        for (int i = 0; i < n; i++)
        {
            double s = -g[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * y[k];
            y[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * delta[k];
            delta[i] = s / l[i * n + i];
        }
        for (int i = 0; i < n; i++) if (!double.IsFinite(delta[i])) return false;
        return true;
    }

    /// <summary>s² (JᵀJ)⁻¹ via the eigen-decomposition of the unit-diagonal scaled matrix; directions with
    /// eigenvalues below 1e-13 of the largest make the parameters involved NaN (not identifiable).</summary>
    private static (double[,] Cov, double Cond) Covariance(double[] a, int n, double s2)
    {
        var cov = new double[n, n];
        if (a.Any(v => !double.IsFinite(v)))
        {
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cov[i, j] = double.NaN;
            return (cov, double.NaN);
        }
        var d = new double[n];
        for (int k = 0; k < n; k++) d[k] = Math.Sqrt(Math.Max(a[k * n + k], 0));
        var mat = Matrix<double>.Build.Dense(n, n, (i, j) => d[i] > 0 && d[j] > 0 ? a[i * n + j] / (d[i] * d[j]) : (i == j ? 0 : 0));
        MathNet.Numerics.LinearAlgebra.Factorization.Evd<double> evd;
        try { evd = mat.Evd(Symmetricity.Symmetric); }
        catch (MathNet.Numerics.NonConvergenceException)
        {
            // no covariance from a degenerate curvature matrix: report NaN uncertainties (the fit itself stands)
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) cov[i, j] = double.NaN;
            return (cov, double.NaN);
        }
        var ev = evd.EigenValues.Select(c => c.Real).ToArray();
        double max = ev.Max(), min = ev.Min();
        double cond = min > 0 ? max / min : double.PositiveInfinity;
        var bad = new bool[n];
        var inv = Matrix<double>.Build.Dense(n, n);
        for (int e = 0; e < n; e++)
        {
            var v = evd.EigenVectors.Column(e);
            if (ev[e] <= 1e-13 * max)
            {
                for (int k = 0; k < n; k++) if (Math.Abs(v[k]) > 0.1) bad[k] = true;
                continue;
            }
            inv += v.OuterProduct(v) / ev[e];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                cov[i, j] = bad[i] || bad[j] || d[i] == 0 || d[j] == 0 ? double.NaN : inv[i, j] / (d[i] * d[j]) * s2;
        return (cov, cond);
    }

    private static double ToU(Tf t, double x, double lo, double hi)
    {
        switch (t)
        {
            case Tf.Lower: return Math.Log(Math.Max(x - lo, 1e-300 + Math.Abs(lo) * 1e-12));
            case Tf.Upper: return Math.Log(Math.Max(hi - x, 1e-300 + Math.Abs(hi) * 1e-12));
            case Tf.Both:
            {
                double s = (x - lo) / (hi - lo);
                s = Math.Clamp(s, 1e-9, 1 - 1e-9);
                return Math.Log(s / (1 - s));
            }
            default: return x;
        }
    }

    private static double FromU(Tf t, double u, double lo, double hi) => t switch
    {
        Tf.Lower => lo + Math.Exp(Math.Clamp(u, -700, 700)),
        Tf.Upper => hi - Math.Exp(Math.Clamp(u, -700, 700)),
        Tf.Both => lo + (hi - lo) / (1 + Math.Exp(-Math.Clamp(u, -700, 700))),
        _ => u,
    };

    private static double DxDu(Tf t, double u, double x, double lo, double hi) => t switch
    {
        Tf.Lower => x - lo,
        Tf.Upper => x - hi,
        Tf.Both => (x - lo) * (hi - x) / (hi - lo),
        _ => 1,
    };
}
