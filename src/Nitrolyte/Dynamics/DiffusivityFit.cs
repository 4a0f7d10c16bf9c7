using MathNet.Numerics.LinearAlgebra;
using Nitrolyte.Core;

namespace Nitrolyte.Dynamics;

/// <summary>The fitted part of an MSD curve.</summary>
public sealed record FitWindow(int StartLag, int EndLag, double StartPs, double EndPs);

/// <summary>
/// A diffusion coefficient from the slope of an MSD: D = slope / (2 d), with its standard error from generalised
/// least squares (GLS) whose covariance matrix models the correlation between overlapping time windows.
/// </summary>
public sealed record DiffusivityResult(
    double DCm2PerS, double DStdErrCm2PerS,
    double SlopeA2PerPs, double InterceptA2,
    FitWindow Window, int Dimensions, int FitPoints, int Walkers,
    double EffectiveObservations, double ReducedChiSquared,
    double OlsStdErrCm2PerS, string Method,
    double ModelStdErrCm2PerS = double.NaN, bool StdErrScaledByChiSquared = false);

/// <summary>
/// Fits D to an all-origin MSD.
/// <para>Model: MSD(t) = 2 d D t + c over the window (c absorbs the ballistic/vibrational offset).</para>
/// <para>Covariance: for independent walkers whose displacement increments are Gaussian with per-direction
/// variance s² per frame (s² = 2 D Δt), the all-origin estimators at lags m and m′ over N frames satisfy, per
/// direction and walker, Cov = 2 s⁴ Σ_δ c(δ) o(δ)² / ((N−m)(N−m′)), where o(δ) is the overlap (in frames)
/// of two windows whose origins differ by δ and c(δ) the number of origin pairs with that offset
/// (Cov(X², Y²) = 2 Cov(X, Y)² for jointly Gaussian X, Y). The total over d directions and n walkers is
/// d·(…)/n. s² is taken from an ordinary least squares slope, then the GLS is repeated once with the GLS slope.
/// The model standard error is the square root of (Xᵀ Σ⁻¹ X)⁻¹ for the slope. When the reduced χ² of the GLS
/// residuals exceeds the 95 % quantile of χ²(n−2)/(n−2) — the data scatter more than the random-walk model
/// allows (correlated ions, few hops, vibrations) — the standard error is multiplied by √χ²_red and flagged,
/// so a misspecified model does not yield optimistic error bars. Under the model this happens in 5 % of cases.</para>
/// <para>Effective independent observations: walkers × (N − 1) / (last fitted lag), the number of
/// non-overlapping windows of the longest lag used.</para>
/// </summary>
public static class DiffusivityFitter
{
    /// <summary>Default window as fractions of the trajectory length: skip the first 10 % (ballistic and
    /// vibrational regime) and stop at 50 % (beyond it few independent windows remain and the MSD is noisy).</summary>
    public const double DefaultStartFraction = 0.10, DefaultEndFraction = 0.50;
    public const int DefaultMaxFitPoints = 80;

    /// <summary>Å²/fs → cm²/s.</summary>
    public const double A2PerFsToCm2PerS = 0.1;

    public static FitWindow Window(int frameCount, double frameIntervalFs, double? startPs, double? endPs)
    {
        double totalPs = (frameCount - 1) * frameIntervalFs / 1000.0;
        double s = startPs ?? DefaultStartFraction * totalPs;
        double e = endPs ?? DefaultEndFraction * totalPs;
        int ls = Math.Max(1, (int)Math.Round(s * 1000.0 / frameIntervalFs));
        int le = Math.Min(frameCount - 1, (int)Math.Round(e * 1000.0 / frameIntervalFs));
        if (le - ls < 2)
            throw new NitrolyteInputException($"the fit window {s:0.###}–{e:0.###} ps holds fewer than 3 lags of the {totalPs:0.###} ps trajectory (frame interval {frameIntervalFs} fs)");
        return new FitWindow(ls, le, ls * frameIntervalFs / 1000.0, le * frameIntervalFs / 1000.0);
    }

    /// <summary>Fit lags: every lag of the window, or <paramref name="maxPoints"/> evenly spaced ones.</summary>
    public static int[] FitLags(FitWindow w, int maxPoints = DefaultMaxFitPoints)
    {
        int count = w.EndLag - w.StartLag + 1;
        if (count <= maxPoints) return Enumerable.Range(w.StartLag, count).ToArray();
        return Enumerable.Range(0, maxPoints).Select(k => w.StartLag + (int)Math.Round((double)k * (count - 1) / (maxPoints - 1))).Distinct().ToArray();
    }

    /// <param name="msd">all-origin MSD at every lag (Å²), summed over <paramref name="dimensions"/> directions</param>
    /// <param name="walkers">independent walkers averaged in the MSD (ions for the tracer MSD, 1 for the collective one)</param>
    public static DiffusivityResult Fit(IReadOnlyList<double> msd, double frameIntervalFs, int walkers, int dimensions,
        FitWindow window, int maxPoints = DefaultMaxFitPoints)
    {
        int n = msd.Count;
        var lags = FitLags(window, maxPoints);
        int p = lags.Length;
        var x = lags.Select(l => (double)l).ToArray();
        var y = lags.Select(l => msd[l]).ToArray();
        var ols = Numerics.LinearFit.Fit(x, y);
        double slope = ols.Slope; // Å² per frame
        Matrix<double>? covB = null;
        double intercept = ols.Intercept, chi2 = double.NaN;
        for (int iter = 0; iter < 2; iter++)
        {
            // per-direction variance per frame; the absolute floor keeps s2² representable when an ion set does not move
            // at all along a direction (frozen atoms, a 2D conductor): 1e-300 squared underflowed to 0 and the
            // all-zero covariance crashed the Cholesky factorisation
            double s2 = Math.Max(slope, Math.Max(1e-20, 1e-12 * y.Max() / Math.Max(1, x.Max()))) / dimensions;
            var cov = Matrix<double>.Build.Dense(p, p);
            for (int a = 0; a < p; a++)
                for (int b = a; b < p; b++)
                {
                    double v = dimensions * 2 * s2 * s2 * OverlapSum(n, lags[a], lags[b]) / ((double)(n - lags[a]) * (n - lags[b])) / walkers;
                    cov[a, b] = v; cov[b, a] = v;
                }
            // a tiny ridge keeps the Cholesky factorisation stable for nearly collinear neighbouring lags
            double ridge = 1e-10 * cov.Diagonal().Maximum();
            for (int a = 0; a < p; a++) cov[a, a] += ridge;
            var X = Matrix<double>.Build.Dense(p, 2, (i, j) => j == 0 ? 1.0 : x[i]);
            var Y = Vector<double>.Build.Dense(y);
            MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> chol;
            try { chol = cov.Cholesky(); }
            catch (ArgumentException) { throw new NitrolyteInputException($"the MSD covariance of the fit window (lags {window.StartLag}–{window.EndLag}) is numerically singular; choose another window with --fit-start-ps/--fit-end-ps"); }
            var ciX = chol.Solve(X);
            var ciY = chol.Solve(Y);
            var xtx = X.TransposeThisAndMultiply(ciX);
            covB = xtx.Inverse();
            var beta = covB * X.TransposeThisAndMultiply(ciY);
            intercept = beta[0]; slope = beta[1];
            var r = Y - X * beta;
            chi2 = r.DotProduct(chol.Solve(r)) / Math.Max(1, p - 2);
        }
        double slopeSe = Math.Sqrt(Math.Max(0, covB![1, 1]));
        double toD = A2PerFsToCm2PerS / (2.0 * dimensions * frameIntervalFs);
        int dof = Math.Max(1, p - 2);
        double limit = MathNet.Numerics.Distributions.ChiSquared.InvCDF(dof, 0.95) / dof;
        bool scale = chi2 > limit;
        double se = slopeSe * (scale ? Math.Sqrt(chi2) : 1);
        return new DiffusivityResult(slope * toD, se * toD, slope * 1000.0 / frameIntervalFs, intercept,
            window, dimensions, p, walkers, walkers * (n - 1.0) / window.EndLag, chi2, ols.SlopeStdErr * toD, "gls-random-walk-covariance",
            slopeSe * toD, scale);
    }

    /// <summary>Σ_δ c(δ) o(δ)² for windows of m and m′ increments among N frames (see the class summary);
    /// evaluated in closed form on the segments where c and o are linear in δ (O(1) per pair).</summary>
    public static double OverlapSum(int n, int m, int mp)
    {
        long dmin = Math.Max(-mp + 1, -(n - m - 1)), dmax = Math.Min(m - 1, n - mp - 1);
        if (dmin > dmax) return 0;
        var cuts = new SortedSet<long> { dmin, dmax + 1 };
        foreach (var b in new long[] { 0, m - mp, 1, m - mp + 1 })
            if (b > dmin && b <= dmax) cuts.Add(b);
        var pts = cuts.ToArray();
        double sum = 0;
        for (int i = 0; i + 1 < pts.Length; i++)
        {
            long d1 = pts[i], d2 = pts[i + 1] - 1; // inclusive segment
            if (d2 < d1) continue;
            long len = d2 - d1;
            double c0 = C(n, m, mp, d1), o0 = O(m, mp, d1);
            if (len == 0) { sum += c0 * o0 * o0; continue; }
            double c1 = (C(n, m, mp, d2) - c0) / len, o1 = (O(m, mp, d2) - o0) / len;
            // Σ_{u=0}^{L} (c0 + c1 u)(o0 + o1 u)²
            double L = len;
            double s0 = L + 1, s1 = L * (L + 1) / 2, s2 = L * (L + 1) * (2 * L + 1) / 6, s3 = s1 * s1;
            sum += c0 * o0 * o0 * s0 + (c0 * 2 * o0 * o1 + c1 * o0 * o0) * s1 + (c0 * o1 * o1 + c1 * 2 * o0 * o1) * s2 + c1 * o1 * o1 * s3;
        }
        return sum;
    }

    private static double O(int m, int mp, long delta) => Math.Max(0, Math.Min(m, delta + mp) - Math.Max(0, delta));
    private static double C(int n, int m, int mp, long delta) => Math.Max(0, Math.Min(n - m - 1, n - mp - 1 - delta) - Math.Max(0, -delta) + 1);

    /// <summary>The same sum by direct summation over δ (for tests).</summary>
    public static double OverlapSumDirect(int n, int m, int mp)
    {
        double sum = 0;
        for (int delta = -mp + 1; delta <= m - 1; delta++)
        {
            double o = O(m, mp, delta), c = C(n, m, mp, delta);
            sum += c * o * o;
        }
        return sum;
    }
}
