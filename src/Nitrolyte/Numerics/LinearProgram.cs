namespace Nitrolyte.Numerics;

public enum LpStatus { Optimal, Infeasible, Unbounded, IterationLimit }

/// <summary>
/// Result of <see cref="LinearProgram.Minimize"/>: the optimal basis (column indices and their values; every
/// other column is zero), the objective and the dual values y (one per row: the reduced cost of column j is
/// c_j − y·A_j). Artificial columns never appear in <see cref="Basis"/> of an optimal result except at zero
/// level for redundant rows (reported as index −1). The lists are copies behind read-only views (also through <c>with</c>).
/// </summary>
public sealed record LpResult(LpStatus Status, double Objective, IReadOnlyList<int> Basis, IReadOnlyList<double> BasisValues, IReadOnlyList<double> Duals)
{
    private readonly IReadOnlyList<int> _basis = Core.ReadOnlyCopy.Of(Basis);
    private readonly IReadOnlyList<double> _basisValues = Core.ReadOnlyCopy.Of(BasisValues);
    private readonly IReadOnlyList<double> _duals = Core.ReadOnlyCopy.Of(Duals);
    public IReadOnlyList<int> Basis { get => _basis; init => _basis = Core.ReadOnlyCopy.Of(value); }
    public IReadOnlyList<double> BasisValues { get => _basisValues; init => _basisValues = Core.ReadOnlyCopy.Of(value); }
    public IReadOnlyList<double> Duals { get => _duals; init => _duals = Core.ReadOnlyCopy.Of(value); }
}

/// <summary>
/// A small dense revised simplex for problems with few rows and many columns:
/// minimise c·x subject to A x = b, x ≥ 0. Built for the phase-diagram problems (one row per element, one column
/// per entry), where m is 2–10 and N up to 10⁵. The basis matrix is refactorised (LU with partial pivoting) at each
/// iteration, which is cheap for small m and keeps the numbers clean. Entering column: most negative reduced cost
/// (Dantzig), switching to Bland's rule after a run of degenerate pivots so that it cannot cycle.
/// Columns are given flat, column-major: column j occupies <c>a[j*m .. j*m+m-1]</c>.
/// </summary>
public static class LinearProgram
{
    /// <param name="a">Constraint matrix, column-major (length N·m).</param>
    /// <param name="m">Number of rows.</param>
    /// <param name="c">Costs (length N).</param>
    /// <param name="b">Right-hand side (length m; any sign).</param>
    /// <param name="initialBasis">Optional m column indices forming a feasible basis (B⁻¹b ≥ 0); otherwise phase 1 with artificials.</param>
    /// <param name="excluded">Optional predicate: columns for which it returns true are ignored.</param>
    /// <param name="tolerance">Reduced-cost and pivot tolerance.</param>
    public static LpResult Minimize(ReadOnlySpan<double> a, int m, ReadOnlySpan<double> c, ReadOnlySpan<double> b,
        int[]? initialBasis = null, Func<int, bool>? excluded = null, double tolerance = 1e-11)
    {
        int n = c.Length;
        if (a.Length != n * m) throw new ArgumentException("a must have N·m entries");
        if (b.Length != m) throw new ArgumentException("b must have m entries");
        var bb = b.ToArray();
        // Artificial columns are indexed n..n+m-1 and are ±unit vectors so that they start feasible.
        var artSign = new double[m];
        for (int i = 0; i < m; i++) artSign[i] = bb[i] >= 0 ? 1 : -1;
        var basis = new int[m];
        bool phase1;
        if (initialBasis is not null)
        {
            if (initialBasis.Length != m) throw new ArgumentException("initial basis must have m columns");
            Array.Copy(initialBasis, basis, m);
            phase1 = false;
        }
        else
        {
            for (int i = 0; i < m; i++) basis[i] = n + i;
            phase1 = true;
        }
        var work = new Workspace(m);
        if (phase1)
        {
            var st = Run(a, m, n, c, bb, artSign, basis, work, phase: 1, excluded, tolerance, out double obj1);
            if (st != LpStatus.Optimal) return Fail(st, m);
            if (obj1 > 1e-9 * Math.Max(1, bb.Sum(Math.Abs))) return Fail(LpStatus.Infeasible, m);
            // Drive zero-level artificials out of the basis where possible.
            for (int r = 0; r < m; r++)
            {
                if (basis[r] < n) continue;
                if (!work.Factor(a, m, n, basis, artSign)) break;
                double best = 0; int q = -1;
                var row = new double[m];
                // row r of B^-1 A_j = (B^-T e_r)·A_j
                var er = new double[m]; er[r] = 1;
                var z = work.SolveTransposed(er);
                for (int j = 0; j < n; j++)
                {
                    if (excluded?.Invoke(j) == true || Array.IndexOf(basis, j) >= 0) continue;
                    double v = 0;
                    for (int i = 0; i < m; i++) v += z[i] * a[j * m + i];
                    if (Math.Abs(v) > best + 1e-9) { best = Math.Abs(v); q = j; }
                }
                if (q >= 0 && best > 1e-9) basis[r] = q;
            }
        }
        var status = Run(a, m, n, c, bb, artSign, basis, work, phase: 2, excluded, tolerance, out double obj);
        if (status != LpStatus.Optimal) return Fail(status, m);
        work.Factor(a, m, n, basis, artSign);
        var xb = work.Solve(bb);
        var cb = new double[m];
        for (int i = 0; i < m; i++) cb[i] = basis[i] < n ? c[basis[i]] : 0;
        var y = work.SolveTransposed(cb);
        var outBasis = basis.Select(j => j < n ? j : -1).ToArray();
        for (int i = 0; i < m; i++) if (xb[i] < 0 && xb[i] > -1e-9) xb[i] = 0;
        return new LpResult(LpStatus.Optimal, obj, outBasis, xb, y);
    }

    private static LpResult Fail(LpStatus s, int m) => new(s, double.NaN, new int[m], new double[m], new double[m]);

    private static LpStatus Run(ReadOnlySpan<double> a, int m, int n, ReadOnlySpan<double> c, double[] b, double[] artSign,
        int[] basis, Workspace work, int phase, Func<int, bool>? excluded, double tol, out double objective)
    {
        objective = double.NaN;
        var cb = new double[m];
        var col = new double[m];
        int degenerateRun = 0;
        int maxIter = 50 * (m + 10) + 20 * m * m + 2000;
        for (int iter = 0; iter < maxIter; iter++)
        {
            if (!work.Factor(a, m, n, basis, artSign)) return LpStatus.IterationLimit;
            var xb = work.Solve(b);
            for (int i = 0; i < m; i++)
                cb[i] = basis[i] >= n ? (phase == 1 ? 1 : 0) : (phase == 1 ? 0 : c[basis[i]]);
            var y = work.SolveTransposed(cb);
            bool bland = degenerateRun > 2 * m + 5;
            int q = -1; double bestD = -tol;
            for (int j = 0; j < n; j++)
            {
                if (excluded is not null && excluded(j)) continue;
                double d = phase == 1 ? 0 : c[j];
                int o = j * m;
                for (int i = 0; i < m; i++) d -= y[i] * a[o + i];
                if (d < bestD)
                {
                    q = j; bestD = d;
                    if (bland) break;
                }
            }
            if (q < 0)
            {
                double obj = 0;
                for (int i = 0; i < m; i++) obj += cb[i] * xb[i];
                objective = obj;
                return LpStatus.Optimal;
            }
            for (int i = 0; i < m; i++) col[i] = a[q * m + i];
            var w = work.Solve(col);
            int r = -1; double bestRatio = double.PositiveInfinity;
            for (int i = 0; i < m; i++)
            {
                if (w[i] <= 1e-12) continue;
                double ratio = Math.Max(xb[i], 0) / w[i];
                // Prefer artificials leaving, then the smallest column index on ties (Bland).
                if (ratio < bestRatio - 1e-14 || (Math.Abs(ratio - bestRatio) <= 1e-14 && r >= 0 && Prefer(basis[i], basis[r], n)))
                {
                    bestRatio = ratio; r = i;
                }
            }
            if (r < 0) return LpStatus.Unbounded;
            degenerateRun = bestRatio <= 1e-14 ? degenerateRun + 1 : 0;
            basis[r] = q;
        }
        return LpStatus.IterationLimit;
    }

    private static bool Prefer(int candidate, int current, int n)
    {
        bool ca = candidate >= n, cu = current >= n;
        if (ca != cu) return ca;
        return candidate < current;
    }

    /// <summary>LU factors of the basis matrix (m×m, row-major) with partial pivoting.</summary>
    private sealed class Workspace(int m)
    {
        private readonly double[] _lu = new double[m * m];
        private readonly int[] _perm = new int[m];

        public bool Factor(ReadOnlySpan<double> a, int mm, int n, int[] basis, double[] artSign)
        {
            // B[i, k] = column basis[k], row i
            for (int k = 0; k < m; k++)
            {
                int j = basis[k];
                for (int i = 0; i < m; i++)
                    _lu[i * m + k] = j < n ? a[j * m + i] : (i == j - n ? artSign[i] : 0);
            }
            for (int i = 0; i < m; i++) _perm[i] = i;
            for (int k = 0; k < m; k++)
            {
                int p = k; double max = Math.Abs(_lu[k * m + k]);
                for (int i = k + 1; i < m; i++)
                {
                    double v = Math.Abs(_lu[i * m + k]);
                    if (v > max) { max = v; p = i; }
                }
                if (max < 1e-14) return false;
                if (p != k)
                {
                    for (int t = 0; t < m; t++) (_lu[k * m + t], _lu[p * m + t]) = (_lu[p * m + t], _lu[k * m + t]);
                    (_perm[k], _perm[p]) = (_perm[p], _perm[k]);
                }
                double piv = _lu[k * m + k];
                for (int i = k + 1; i < m; i++)
                {
                    double f = _lu[i * m + k] / piv;
                    _lu[i * m + k] = f;
                    if (f == 0) continue;
                    for (int t = k + 1; t < m; t++) _lu[i * m + t] -= f * _lu[k * m + t];
                }
            }
            return true;
        }

        /// <summary>Solves B x = rhs.</summary>
        public double[] Solve(ReadOnlySpan<double> rhs)
        {
            var x = new double[m];
            for (int i = 0; i < m; i++) x[i] = rhs[_perm[i]];
            for (int i = 0; i < m; i++)
                for (int k = 0; k < i; k++) x[i] -= _lu[i * m + k] * x[k];
            for (int i = m - 1; i >= 0; i--)
            {
                for (int k = i + 1; k < m; k++) x[i] -= _lu[i * m + k] * x[k];
                x[i] /= _lu[i * m + i];
            }
            return x;
        }

        /// <summary>Solves Bᵀ y = rhs.</summary>
        public double[] SolveTransposed(ReadOnlySpan<double> rhs)
        {
            // P B = L U  =>  Bᵀ = Uᵀ Lᵀ P ; solve Uᵀ z = rhs, Lᵀ w = z, y = Pᵀ w
            var z = rhs.ToArray();
            for (int i = 0; i < m; i++)
            {
                for (int k = 0; k < i; k++) z[i] -= _lu[k * m + i] * z[k];
                z[i] /= _lu[i * m + i];
            }
            for (int i = m - 1; i >= 0; i--)
                for (int k = i + 1; k < m; k++) z[i] -= _lu[k * m + i] * z[k];
            var y = new double[m];
            for (int i = 0; i < m; i++) y[_perm[i]] = z[i];
            return y;
        }
    }
}
