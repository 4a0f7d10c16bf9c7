using Complex = System.Numerics.Complex;
using MathNet.Numerics.LinearAlgebra;
using SimdD = System.Numerics.Vector<double>;
using Nitrolyte.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>
/// The DRT least-squares problem without its 2N × nc design matrix. Row pair i of A (Z' and Z'' of point i, both
/// divided by |Zᵢ|) is γ-kernel Δln τ/(1 + jωᵢτₖ), then R∞ (real part), L (jω, if inductive) and 1/C (−j/ω, if
/// blocking). <see cref="Build"/> accumulates AᵀA, Aᵀb, bᵀb and the column sums of |A| in one pass over the
/// points; <see cref="ResidualSquares"/> evaluates ‖A x − b‖² of several x in one more pass. Points are processed in
/// fixed chunks of <see cref="ChunkPoints"/> whose partial sums are added in chunk order, so the numbers depend on
/// the data only, never on the number of threads.
/// </summary>
public static class DrtNormalEquations
{
    public const int ChunkPoints = 2048;

    public sealed record Sums(Matrix<double> AtA, MathNet.Numerics.LinearAlgebra.Vector<double> AtB, double BtB, double[] ColumnAbsSums);

    private static void Rows(Complex z, double w, double[] taus, double dln, bool inductive, bool blocking, double[] re, double[] im, out double bRe, out double bIm)
    {
        int m = taus.Length;
        double mod = z.Magnitude;
        for (int k = 0; k < m; k++)
        {
            var kk = dln / new Complex(1, w * taus[k]);
            re[k] = kk.Real / mod;
            im[k] = kk.Imaginary / mod;
        }
        re[m] = 1 / mod; im[m] = 0;
        int c = m + 1;
        if (inductive) { re[c] = 0; im[c] = w / mod; c++; }
        if (blocking) { re[c] = 0; im[c] = -1 / (w * mod); }
        bRe = z.Real / mod;
        bIm = z.Imaginary / mod;
    }

    private static int Columns(int m, bool inductive, bool blocking) => m + 1 + (inductive ? 1 : 0) + (blocking ? 1 : 0);

    public static Sums Build(IReadOnlyList<Complex> z, double[] w, double[] taus, double dln, bool inductive, bool blocking)
    {
        int n = w.Length, nc = Columns(taus.Length, inductive, blocking);
        int chunks = (n + ChunkPoints - 1) / ChunkPoints;
        var gs = new double[chunks][];
        var cs = new double[chunks][];
        var abs = new double[chunks][];
        var bbs = new double[chunks];
        Parallel.For(0, chunks, ch =>
        {
            var g = new double[nc * nc];
            var c = new double[nc];
            var a = new double[nc];
            var re = new double[nc];
            var im = new double[nc];
            double bb = 0;
            int end = Math.Min(n, (ch + 1) * ChunkPoints);
            for (int i = ch * ChunkPoints; i < end; i++)
            {
                Rows(z[i], w[i], taus, dln, inductive, blocking, re, im, out double bRe, out double bIm);
                bb += bRe * bRe + bIm * bIm;
                for (int j = 0; j < nc; j++)
                {
                    double rj = re[j], ij = im[j];
                    c[j] += rj * bRe + ij * bIm;
                    a[j] += Math.Abs(rj) + Math.Abs(ij);
                    if (rj == 0 && ij == 0) continue;
                    // upper triangle of row j: g[j, k] += rj re[k] + ij im[k], k ≥ j
                    var row = g.AsSpan(j * nc + j, nc - j);
                    var rs = re.AsSpan(j, nc - j);
                    var ims = im.AsSpan(j, nc - j);
                    int k = 0;
                    if (System.Numerics.Vector.IsHardwareAccelerated)
                    {
                        var vr = new SimdD(rj);
                        var vi = new SimdD(ij);
                        int vn = SimdD.Count;
                        for (; k + vn <= row.Length; k += vn)
                        {
                            var acc = new SimdD(row.Slice(k)) + vr * new SimdD(rs.Slice(k)) + vi * new SimdD(ims.Slice(k));
                            acc.CopyTo(row.Slice(k));
                        }
                    }
                    for (; k < row.Length; k++) row[k] += rj * rs[k] + ij * ims[k];
                }
            }
            gs[ch] = g; cs[ch] = c; abs[ch] = a; bbs[ch] = bb;
        });
        var ata = Matrix<double>.Build.Dense(nc, nc);
        var atb = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(nc);
        var colAbs = new double[nc];
        double btb = 0;
        for (int ch = 0; ch < chunks; ch++)
        {
            var g = gs[ch];
            for (int j = 0; j < nc; j++)
            {
                for (int k = j; k < nc; k++) ata[j, k] += g[j * nc + k];
                atb[j] += cs[ch][j];
                colAbs[j] += abs[ch][j];
            }
            btb += bbs[ch];
        }
        for (int j = 0; j < nc; j++) for (int k = 0; k < j; k++) ata[j, k] = ata[k, j];
        return new Sums(ata, atb, btb, colAbs);
    }

    /// <summary>‖A x − b‖² for each x (null entries give NaN), one pass over the points.</summary>
    public static double[] ResidualSquares(IReadOnlyList<Complex> z, double[] w, double[] taus, double dln, bool inductive, bool blocking,
        IReadOnlyList<MathNet.Numerics.LinearAlgebra.Vector<double>?> xs)
    {
        int n = w.Length, nc = Columns(taus.Length, inductive, blocking), nx = xs.Count;
        var x = xs.Select(v => v?.ToArray()).ToArray();
        int chunks = (n + ChunkPoints - 1) / ChunkPoints;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, ch =>
        {
            var sums = new double[nx];
            var re = new double[nc];
            var im = new double[nc];
            int end = Math.Min(n, (ch + 1) * ChunkPoints);
            for (int i = ch * ChunkPoints; i < end; i++)
            {
                Rows(z[i], w[i], taus, dln, inductive, blocking, re, im, out double bRe, out double bIm);
                for (int g = 0; g < nx; g++)
                {
                    if (x[g] is not { } xv) continue;
                    double rRe = Dot(re, xv) - bRe, rIm = Dot(im, xv) - bIm;
                    sums[g] += rRe * rRe + rIm * rIm;
                }
            }
            partial[ch] = sums;
        });
        var total = new double[nx];
        for (int ch = 0; ch < chunks; ch++) for (int g = 0; g < nx; g++) total[g] += partial[ch][g];
        for (int g = 0; g < nx; g++) if (x[g] is null) total[g] = double.NaN;
        return total;
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int k = 0; k < a.Length; k++) s += a[k] * b[k];
        return s;
    }

    /// <summary>
    /// min ‖[A; √μ D] x − [b; 0]‖² with x ≥ 0, from the normal equations: H = AᵀA + μ DᵀD = L Lᵀ (Cholesky; an
    /// eigen-decomposition square root if H is only semi-definite) turns it into the nc × nc problem
    /// ‖Lᵀx − L⁻¹Aᵀb‖², which has the same minimiser and the same NNLS gradient Aᵀ(b − Ax). The NNLS stopping
    /// tolerance is that of the full problem (its column sums of |A| and ‖b‖).
    /// </summary>
    public static double[] SolveNonNegative(Matrix<double> ata, MathNet.Numerics.LinearAlgebra.Vector<double> atb, double btb, double[] colAbs, Matrix<double> d, double mu)
    {
        int nc = ata.ColumnCount;
        var h = ata + mu * d.TransposeThisAndMultiply(d);
        double sqrtMu = Math.Sqrt(mu), l1 = 0;
        for (int j = 0; j < nc; j++)
        {
            double sum = colAbs[j];
            for (int k = 0; k < d.RowCount; k++) sum += sqrtMu * Math.Abs(d[k, j]);
            l1 = Math.Max(l1, sum);
        }
        double tol = 1e-12 * l1 * Math.Max(1, Math.Sqrt(btb));
        Matrix<double> r;
        MathNet.Numerics.LinearAlgebra.Vector<double> y;
        try
        {
            var lower = h.Cholesky().Factor;
            r = lower.Transpose();
            y = lower.SolveLowerTriangular(atb);
        }
        catch (ArgumentException)
        {
            var evd = h.Evd(Symmetricity.Symmetric);
            var e = evd.EigenValues.Real();
            double emax = e.AbsoluteMaximum();
            var keep = Enumerable.Range(0, nc).Where(j => e[j] > 1e-14 * emax).ToArray();
            r = Matrix<double>.Build.Dense(keep.Length, nc, (i, j) => Math.Sqrt(e[keep[i]]) * evd.EigenVectors[j, keep[i]]);
            var vtb = evd.EigenVectors.TransposeThisAndMultiply(atb);
            y = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(keep.Length, i => vtb[keep[i]] / Math.Sqrt(e[keep[i]]));
        }
        return Nnls.Solve(r, y, tolerance: tol);
    }

    private static MathNet.Numerics.LinearAlgebra.Vector<double> SolveLowerTriangular(this Matrix<double> lower, MathNet.Numerics.LinearAlgebra.Vector<double> b)
    {
        int n = b.Count;
        var y = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n);
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= lower[i, k] * y[k];
            y[i] = s / lower[i, i];
        }
        return y;
    }
}
