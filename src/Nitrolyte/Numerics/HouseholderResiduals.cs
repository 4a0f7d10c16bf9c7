namespace Nitrolyte.Numerics;

/// <summary>
/// Residual sums of squares of a linear least-squares problem min ‖A x − b‖² for growing column sets, from one
/// Householder QR of A (column-major, m × n): after the first k reflections, Qᵀb's entries k…m−1 are the part of
/// b outside the span of the first k columns, so ‖r_k‖² is their sum of squares. Orthogonal transforms only (no
/// normal equations), so ill-conditioned bases such as the Lin-KK RC set keep their accuracy; a column whose
/// remainder is below 1e-15 of its norm is dependent on the earlier ones and adds nothing (as an SVD cut-off would).
/// </summary>
public static class HouseholderResiduals
{
    /// <summary>‖r‖² after the first <c>counts[j]</c> columns, for each j (counts ascending, each ≤ n). A and b are overwritten.</summary>
    public static double[] Compute(double[] a, int m, int n, double[] b, ReadOnlySpan<int> counts)
    {
        var result = new double[counts.Length];
        int next = 0;
        for (int k = 0; k <= n && next < counts.Length; k++)
        {
            while (next < counts.Length && counts[next] == k)
            {
                double ss = 0;
                for (int i = k; i < m; i++) ss += b[i] * b[i];
                result[next++] = ss;
            }
            if (k == n || k >= m) continue;
            var col = a.AsSpan(k * m, m);
            double norm0 = 0;
            for (int i = 0; i < m; i++) norm0 += col[i] * col[i];
            double norm = 0;
            for (int i = k; i < m; i++) norm += col[i] * col[i];
            if (!(norm > 1e-30 * norm0) || norm == 0) continue;
            norm = Math.Sqrt(norm);
            double alpha = col[k] > 0 ? -norm : norm;
            // v = x − alpha e_k stored in col[k..], H = I − 2 v vᵀ / (vᵀv)
            col[k] -= alpha;
            double vtv = 0;
            for (int i = k; i < m; i++) vtv += col[i] * col[i];
            if (vtv == 0) continue;
            double inv = 2 / vtv;
            for (int j = k + 1; j < n; j++)
            {
                var cj = a.AsSpan(j * m, m);
                double d = 0;
                for (int i = k; i < m; i++) d += col[i] * cj[i];
                d *= inv;
                if (d != 0) for (int i = k; i < m; i++) cj[i] -= d * col[i];
            }
            {
                double d = 0;
                for (int i = k; i < m; i++) d += col[i] * b[i];
                d *= inv;
                for (int i = k; i < m; i++) b[i] -= d * col[i];
            }
        }
        return result;
    }
}
