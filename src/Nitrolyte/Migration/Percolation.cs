using System.Runtime.CompilerServices;

namespace Nitrolyte.Migration;

/// <summary>Percolation thresholds of an energy landscape.</summary>
/// <param name="MinimumEV">Global minimum of the grid, eV.</param>
/// <param name="BarriersEV">Index d−1: lowest threshold above the minimum at which some component percolates in d dimensions (null: not below the ceiling).</param>
/// <param name="AxisBarriersEV">Index 0..2: lowest threshold at which the lattice vector a, b or c lies in the span of a component's windings (long-range transport along that axis).</param>
/// <param name="Windings">Index d−1: the winding vector (lattice units) whose closure raised the rank to d, or null.</param>
public sealed record PercolationResult(double MinimumEV, double?[] BarriersEV, double?[] AxisBarriersEV, int[]?[] Windings, double CeilingEV, int PointsVisited);

/// <summary>
/// Exact percolation thresholds on a periodic 26-connected grid: points are added in increasing energy; a
/// union-find joins each new point with its already-added neighbours and carries, for every node, the integer
/// lattice image of the node relative to its root. An edge between two nodes of one component closes a loop whose
/// winding is the difference of images; a component percolates in d dimensions when its windings span d dimensions
/// (rank kept exactly with integer cross products). The threshold for d is the energy of the point whose addition
/// first raises any component's rank to d.
/// </summary>
public static class Percolation
{
    internal static readonly (int Di, int Dj, int Dk)[] Steps26 = BuildSteps();

    private static (int, int, int)[] BuildSteps()
    {
        var s = new List<(int, int, int)>();
        for (int a = -1; a <= 1; a++)
        for (int b = -1; b <= 1; b++)
        for (int c = -1; c <= 1; c++)
            if (a != 0 || b != 0 || c != 0) s.Add((a, b, c));
        return s.ToArray();
    }

    /// <summary>Sorted sweep over the threshold, up to <paramref name="ceilingEV"/> above the minimum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per process over the whole grid
    public static PercolationResult Sweep(EnergyGrid g, double ceilingEV)
    {
        var e = g.Values;
        int n = e.Length, na = g.Na, nb = g.Nb, nc = g.Nc;
        if (na < 3 || nb < 3 || nc < 3) throw new ArgumentException("percolation needs at least 3 grid points per axis");
        double emin = double.PositiveInfinity;
        foreach (var v in e) if (v < emin) emin = v;
        double top = emin + ceilingEV;
        var parent = new int[n];
        Array.Fill(parent, -1);
        var size = new int[n];
        var off = new int[3 * n];
        var basisOf = new Dictionary<int, Basis>();
        var barriers = new double?[3];
        var axis = new double?[3];
        var windings = new int[]?[3];
        int rankFound = 0, visited = 0;

        // bucket the points below the ceiling by energy (counting sort), then sort each bucket only when reached:
        // the visiting order is exactly the sorted order, and buckets above the 3D threshold are never sorted
        const int nbins = 4096;
        double width = ceilingEV / nbins;
        var counts = new int[nbins + 1];
        for (int p = 0; p < n; p++)
            if (e[p] <= top) counts[Math.Min(nbins - 1, (int)((e[p] - emin) / width)) + 1]++;
        for (int bq = 0; bq < nbins; bq++) counts[bq + 1] += counts[bq];
        var ia = new int[counts[nbins]];
        var ka = new double[ia.Length];
        var fill = (int[])counts.Clone();
        for (int p = 0; p < n; p++)
            if (e[p] <= top)
            {
                int pos = fill[Math.Min(nbins - 1, (int)((e[p] - emin) / width))]++;
                ia[pos] = p; ka[pos] = e[p];
            }
        for (int bin = 0; bin < nbins && rankFound < 3; bin++)
        {
            int from = counts[bin], len = counts[bin + 1] - counts[bin];
            if (len == 0) continue;
            Array.Sort(ka, ia, from, len);
            for (int t = from; t < from + len && rankFound < 3; t++)
            {
                int p = ia[t];
                visited++;
                parent[p] = p; size[p] = 1;
                int i = p / (nb * nc), j = p / nc % nb, k = p % nc;
                foreach (var (di, dj, dk) in Steps26)
                {
                    int ni = i + di, nj = j + dj, nk = k + dk, sa = 0, sb = 0, sc = 0;
                    if (ni < 0) { ni += na; sa = -1; } else if (ni >= na) { ni -= na; sa = 1; }
                    if (nj < 0) { nj += nb; sb = -1; } else if (nj >= nb) { nj -= nb; sb = 1; }
                    if (nk < 0) { nk += nc; sc = -1; } else if (nk >= nc) { nk -= nc; sc = 1; }
                    int q = (ni * nb + nj) * nc + nk;
                    if (parent[q] < 0) continue;
                    int rp = Find(p, parent, off, out int opa, out int opb, out int opc);
                    int rq = Find(q, parent, off, out int oqa, out int oqb, out int oqc);
                    int ta = opa + sa - oqa, tb = opb + sb - oqb, tc = opc + sc - oqc;
                    Basis? changed = null;
                    if (rp == rq)
                    {
                        if (ta == 0 && tb == 0 && tc == 0) continue;
                        if (!basisOf.TryGetValue(rp, out var bs)) basisOf[rp] = bs = new Basis();
                        if (bs.Add(ta, tb, tc)) changed = bs;
                    }
                    else
                    {
                        // attach the smaller tree; image of rq in rp's frame is (ta, tb, tc)
                        int root = rp, child = rq, ca = ta, cb = tb, cc = tc;
                        if (size[rp] < size[rq]) { root = rq; child = rp; ca = -ta; cb = -tb; cc = -tc; }
                        parent[child] = root; size[root] += size[child];
                        off[3 * child] = ca; off[3 * child + 1] = cb; off[3 * child + 2] = cc;
                        if (basisOf.Remove(child, out var cbs))
                        {
                            if (!basisOf.TryGetValue(root, out var rbs)) basisOf[root] = rbs = new Basis();
                            foreach (var w in cbs.Vectors) if (rbs.Add(w[0], w[1], w[2])) changed = rbs;
                        }
                    }
                    if (changed is null) continue;
                    double thr = e[p] - emin;
                    while (rankFound < changed.Rank)
                    {
                        barriers[rankFound] = thr;
                        windings[rankFound] = changed.Vectors[rankFound];
                        rankFound++;
                    }
                    for (int d = 0; d < 3; d++)
                        if (axis[d] is null && changed.Contains(d == 0 ? 1 : 0, d == 1 ? 1 : 0, d == 2 ? 1 : 0)) axis[d] = thr;
                    if (rankFound == 3) break;
                }
            }
        }
        return new PercolationResult(emin, barriers, axis, windings, ceilingEV, visited);
    }

    /// <summary>Root of x with path halving (offsets kept relative to the new parent); (ia, ib, ic) = image of x relative to the root.</summary>
    private static int Find(int x, int[] parent, int[] off, out int ia, out int ib, out int ic)
    {
        ia = 0; ib = 0; ic = 0;
        while (parent[x] != x)
        {
            int p = parent[x], gp = parent[p];
            if (gp != p)
            {
                off[3 * x] += off[3 * p]; off[3 * x + 1] += off[3 * p + 1]; off[3 * x + 2] += off[3 * p + 2];
                parent[x] = gp;
            }
            ia += off[3 * x]; ib += off[3 * x + 1]; ic += off[3 * x + 2];
            x = parent[x];
        }
        return x;
    }

    /// <summary>A set of up to three linearly independent integer winding vectors.</summary>
    internal sealed class Basis
    {
        public List<int[]> Vectors { get; } = [];
        public int Rank => Vectors.Count;

        public bool Add(int a, int b, int c)
        {
            if (Rank == 3 || (a == 0 && b == 0 && c == 0) || Contains(a, b, c)) return false;
            Vectors.Add([a, b, c]);
            return true;
        }

        public bool Contains(long a, long b, long c)
        {
            switch (Rank)
            {
                case 0: return a == 0 && b == 0 && c == 0;
                case 1:
                {
                    var v = Vectors[0];
                    return v[1] * c - v[2] * b == 0 && v[2] * a - v[0] * c == 0 && v[0] * b - v[1] * a == 0;
                }
                case 2:
                {
                    var u = Vectors[0];
                    var v = Vectors[1];
                    long nx = (long)u[1] * v[2] - (long)u[2] * v[1], ny = (long)u[2] * v[0] - (long)u[0] * v[2], nz = (long)u[0] * v[1] - (long)u[1] * v[0];
                    return nx * a + ny * b + nz * c == 0;
                }
                default: return true;
            }
        }
    }
}
