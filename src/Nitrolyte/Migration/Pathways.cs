using System.Runtime.CompilerServices;

namespace Nitrolyte.Migration;

/// <summary>A local minimum of the landscape (a site the mobile ion can occupy).</summary>
/// <summary>A local minimum of the landscape. <see cref="DepthEV"/>: lowest saddle to any other site (or periodic image) minus its energy;
/// grid-scale wiggles and cutoff artefacts give depths of a few meV.</summary>
public sealed record BvseSite(int Id, int GridIndex, double FracA, double FracB, double FracC, double EnergyEV, double RelativeEnergyEV, double DepthEV);

/// <summary>The lowest saddle between two neighbouring minima: site B sits at lattice image <paramref name="Image"/> seen from site A.</summary>
public sealed record BvseSaddle(int SiteA, int SiteB, int[] Image, double EnergyEV, double RelativeEnergyEV, double FracA, double FracB, double FracC);

/// <summary>One point of a path: unwrapped fractional position (may lie outside 0..1), energy, cumulative distance.</summary>
public sealed record PathPoint(double FracA, double FracB, double FracC, double EnergyEV, double DistanceA);

/// <summary>A site visited along a path (unwrapped position) and the saddle energy to the next site.</summary>
public sealed record PathSite(int SiteId, double FracA, double FracB, double FracC, double EnergyEV, double? SaddleToNextEV);

/// <summary>
/// The minimax loop that first makes the landscape percolate in <see cref="Dimension"/> dimensions: a closed walk
/// through sites and saddles whose end is the start translated by <see cref="Winding"/> (lattice units).
/// <see cref="BarrierEV"/> = highest saddle on it − global minimum (equals the percolation threshold).
/// <see cref="Profile"/>: the grid path (steepest-descent lines from each saddle down to its two sites) with energies,
/// usable as NEB start images.
/// </summary>
public sealed record BvsePath(int Dimension, double BarrierEV, int[] Winding, IReadOnlyList<PathSite> Sites, IReadOnlyList<PathPoint> Profile);

/// <summary>Basins, saddles and minimax paths of a landscape.</summary>
public sealed record PathwayResult(IReadOnlyList<BvseSite> Sites, IReadOnlyList<BvseSaddle> Saddles, IReadOnlyList<BvsePath> Paths, double?[] BarriersEV);

/// <summary>
/// Pathways from the landscape: every grid point is assigned to the minimum its steepest-descent line reaches
/// (26 neighbours, ties broken by index), carrying the lattice image of that minimum. Between two basins the
/// saddle is the lowest max(E_p, E_q) over adjacent grid pairs p, q that belong to them (one saddle per pair of
/// basins and relative image). The minimum spanning forest of this site graph (Kruskal, union-find with images)
/// reproduces the grid percolation thresholds exactly, and the loop that closes each new winding is the minimax
/// path for that dimension. Only points up to the ceiling passed in are assigned (a point's descent line only
/// visits lower points), so sites above it are not listed.
/// </summary>
public static class Pathways
{
    private readonly record struct EdgeKey(int A, int B, int Ta, int Tb, int Tc);
    private struct EdgeVal { public double E; public int P, Q, Sa, Sb, Sc; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the basin walk runs once over the whole grid: optimised code from the start
    public static PathwayResult Find(EnergyGrid g, double ceilingEV, int? maxThreads = null)
    {
        var e = g.Values;
        int n = e.Length, na = g.Na, nb = g.Nb, nc = g.Nc;
        double emin = e.Min(), top = emin + ceilingEV;
        var steps = Percolation.Steps26;
        // 1. steepest descent pointer (down neighbour, packed step index) for every point
        var down = new int[n];
        var downStep = new byte[n];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxThreads ?? Environment.ProcessorCount };
        Parallel.For(0, na, po, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i) =>
        {
            for (int j = 0; j < nb; j++)
            for (int k = 0; k < nc; k++)
            {
                int p = (i * nb + j) * nc + k, best = p, bestStep = 255;
                double be = e[p];
                if (be > top) { down[p] = -1; continue; } // above the ceiling: on no descent line of a lower point
                for (int s = 0; s < steps.Length; s++)
                {
                    var (di, dj, dk) = steps[s];
                    int q = (Mod(i + di, na) * nb + Mod(j + dj, nb)) * nc + Mod(k + dk, nc);
                    if (e[q] < be || (e[q] == be && q < best)) { be = e[q]; best = q; bestStep = s; }
                }
                down[p] = best; downStep[p] = (byte)bestStep;
            }
        });
        // 2. basin of every point and the image of its minimum seen from the point
        var basin = new int[n];
        Array.Fill(basin, -1);
        var img = new int[3 * n];
        var minima = new List<int>();
        var stack = new List<int>();
        for (int p0 = 0; p0 < n; p0++)
        {
            if (basin[p0] >= 0 || down[p0] < 0) continue;
            stack.Clear();
            int p = p0;
            while (basin[p] < 0 && down[p] != p) { stack.Add(p); p = down[p]; }
            if (basin[p] < 0) { basin[p] = minima.Count; minima.Add(p); }
            for (int t = stack.Count - 1; t >= 0; t--)
            {
                int x = stack[t], y = down[x];
                var (sa, sb, sc) = StepImage(g, x, downStep[x]);
                basin[x] = basin[y];
                img[3 * x] = sa + img[3 * y]; img[3 * x + 1] = sb + img[3 * y + 1]; img[3 * x + 2] = sc + img[3 * y + 2];
            }
        }
        // 3. lowest saddle per pair of basins and relative image (13 forward steps count each pair once)
        var edges = new Dictionary<EdgeKey, EdgeVal>();
        var locks = new object();
        Parallel.For(0, na, po, () => new Dictionary<EdgeKey, EdgeVal>(), [MethodImpl(MethodImplOptions.AggressiveOptimization)] (i, _, local) =>
        {
            for (int j = 0; j < nb; j++)
            for (int k = 0; k < nc; k++)
            {
                int p = (i * nb + j) * nc + k;
                if (e[p] > top) continue;
                for (int s = 13; s < steps.Length; s++)
                {
                    var (di, dj, dk) = steps[s];
                    int ni = i + di, nj = j + dj, nk = k + dk;
                    int sa = ni >= na ? 1 : ni < 0 ? -1 : 0, sb = nj >= nb ? 1 : nj < 0 ? -1 : 0, sc = nk >= nc ? 1 : nk < 0 ? -1 : 0;
                    int q = (Mod(ni, na) * nb + Mod(nj, nb)) * nc + Mod(nk, nc);
                    double se = Math.Max(e[p], e[q]);
                    if (se > top) continue;
                    int bp = basin[p], bq = basin[q];
                    int ta = sa + img[3 * q] - img[3 * p], tb = sb + img[3 * q + 1] - img[3 * p + 1], tc = sc + img[3 * q + 2] - img[3 * p + 2];
                    if (bp == bq && ta == 0 && tb == 0 && tc == 0) continue;
                    EdgeKey key;
                    EdgeVal val;
                    if (bp < bq || (bp == bq && (ta > 0 || (ta == 0 && (tb > 0 || (tb == 0 && tc > 0))))))
                    { key = new EdgeKey(bp, bq, ta, tb, tc); val = new EdgeVal { E = se, P = p, Q = q, Sa = sa, Sb = sb, Sc = sc }; }
                    else
                    { key = new EdgeKey(bq, bp, -ta, -tb, -tc); val = new EdgeVal { E = se, P = q, Q = p, Sa = -sa, Sb = -sb, Sc = -sc }; }
                    if (!local.TryGetValue(key, out var old) || se < old.E || (se == old.E && val.P < old.P)) local[key] = val; // ties: lowest P, whatever the thread split
                }
            }
            return local;
        }, local =>
        {
            lock (locks)
                foreach (var (k, v) in local)
                    if (!edges.TryGetValue(k, out var old) || v.E < old.E || (v.E == old.E && v.P < old.P)) edges[k] = v;
        });

        var sites = minima.Select((p, id) =>
        {
            var f = g.Frac(p);
            return new BvseSite(id, p, f.A, f.B, f.C, e[p], e[p] - emin, top - e[p]);
        }).ToList();
        var edgeList = edges.OrderBy(kv => kv.Value.E).ThenBy(kv => kv.Key.A).ThenBy(kv => kv.Key.B)
            .ThenBy(kv => kv.Key.Ta).ThenBy(kv => kv.Key.Tb).ThenBy(kv => kv.Key.Tc).ToList(); // a total order: the same for any thread count
        foreach (var (k, v) in edgeList)
            foreach (var id in new[] { k.A, k.B })
                if (v.E - e[minima[id]] < sites[id].DepthEV) sites[id] = sites[id] with { DepthEV = v.E - e[minima[id]] };
        var saddles = edgeList.Select(kv =>
        {
            var hi = e[kv.Value.P] >= e[kv.Value.Q] ? kv.Value.P : kv.Value.Q;
            var f = g.Frac(hi);
            return new BvseSaddle(kv.Key.A, kv.Key.B, [kv.Key.Ta, kv.Key.Tb, kv.Key.Tc], kv.Value.E, kv.Value.E - emin, f.A, f.B, f.C);
        }).ToList();

        // 4. Kruskal with images on the site graph
        int m = minima.Count;
        var parent = Enumerable.Range(0, m).ToArray();
        var off = new int[m][];
        for (int t = 0; t < m; t++) off[t] = [0, 0, 0];
        var basis = new Dictionary<int, Percolation.Basis>();
        var tree = new List<(int To, int[] Image, int Edge)>[m];
        for (int t = 0; t < m; t++) tree[t] = [];
        var barriers = new double?[3];
        var paths = new List<BvsePath>();
        int rank = 0;
        for (int ei = 0; ei < edgeList.Count && rank < 3; ei++)
        {
            var (key, val) = (edgeList[ei].Key, edgeList[ei].Value);
            int[] t = [key.Ta, key.Tb, key.Tc];
            int ra = Root(key.A, parent, off, out var oa), rb = Root(key.B, parent, off, out var ob);
            // image of B's copy adjacent to A's copy: oa + t in the root frame
            int[] w = [oa[0] + t[0] - ob[0], oa[1] + t[1] - ob[1], oa[2] + t[2] - ob[2]];
            if (ra != rb)
            {
                parent[rb] = ra; off[rb] = w;
                if (basis.Remove(rb, out var bb))
                {
                    if (!basis.TryGetValue(ra, out var rbs)) basis[ra] = rbs = new Percolation.Basis();
                    foreach (var v in bb.Vectors) rbs.Add(v[0], v[1], v[2]);
                    // merging two already-periodic components can only happen below their own thresholds; rank checked below
                    CheckRank(rbs, null, null, ei);
                }
                tree[key.A].Add((key.B, t, ei));
                tree[key.B].Add((key.A, [-t[0], -t[1], -t[2]], ei));
                continue;
            }
            if (w[0] == 0 && w[1] == 0 && w[2] == 0) continue;
            if (!basis.TryGetValue(ra, out var bs)) basis[ra] = bs = new Percolation.Basis();
            if (bs.Add(w[0], w[1], w[2])) CheckRank(bs, key, t, ei);
        }
        return new PathwayResult(sites, saddles, paths, barriers);

        void CheckRank(Percolation.Basis bs, EdgeKey? closing = null, int[]? t = null, int ei = -1)
        {
            while (rank < bs.Rank)
            {
                double thr = edgeList[ei].Value.E - emin;
                barriers[rank] = thr;
                rank++;
                // a rank raised by joining two already-periodic components has no single closing loop: no path listed
                if (closing is EdgeKey ck) paths.Add(BuildPath(rank, thr, ck, t!, ei));
            }
        }

        BvsePath BuildPath(int dim, double thr, EdgeKey ck, int[] t, int ei)
        {
            // tree path from A (image 0) to B (image uB), then the closing edge back to A at image uB − t
            var prev = new Dictionary<int, (int From, int Edge, bool Forward, int[] Image)>();
            var queue = new Queue<int>();
            queue.Enqueue(ck.A);
            prev[ck.A] = (-1, -1, true, [0, 0, 0]);
            while (queue.Count > 0 && !prev.ContainsKey(ck.B))
            {
                int u = queue.Dequeue();
                foreach (var (to, im, edge) in tree[u])
                {
                    if (prev.ContainsKey(to)) continue;
                    var iu = prev[u].Image;
                    prev[to] = (u, edge, edgeList[edge].Key.A == u && edgeList[edge].Key.B == to && SameImage(edgeList[edge].Key, im), [iu[0] + im[0], iu[1] + im[1], iu[2] + im[2]]);
                    queue.Enqueue(to);
                }
            }
            var chain = new List<int>();
            for (int x = ck.B; x != -1; x = prev[x].From) chain.Add(x);
            chain.Reverse(); // A ... B
            var uB = prev[ck.B].Image;
            int[] wind = [uB[0] - t[0], uB[1] - t[1], uB[2] - t[2]];
            var psites = new List<PathSite>();
            var profile = new List<PathPoint>();
            double dist = 0;
            for (int c = 0; c < chain.Count; c++)
            {
                int s = chain[c];
                var im = prev[s].Image;
                double? saddleNext;
                List<(int Grid, int[] Image)> seg;
                if (c + 1 < chain.Count)
                {
                    var pn = prev[chain[c + 1]];
                    saddleNext = edgeList[pn.Edge].Value.E;
                    seg = Segment(pn.Edge, pn.Forward, im);
                }
                else
                {
                    // closing edge: from B (image uB) to A (image uB − t): the edge A→B traversed backwards
                    saddleNext = edgeList[ei].Value.E;
                    seg = Segment(ei, false, im);
                }
                psites.Add(new PathSite(s, sites[s].FracA + im[0], sites[s].FracB + im[1], sites[s].FracC + im[2], sites[s].EnergyEV, saddleNext));
                foreach (var (gp, gi) in seg)
                {
                    var f = g.Frac(gp);
                    double fa = f.A + gi[0], fb = f.B + gi[1], fc = f.C + gi[2];
                    if (profile.Count > 0)
                    {
                        var last = profile[^1];
                        var d = g.Lattice.ToCartesian(fa - last.FracA, fb - last.FracB, fc - last.FracC);
                        double step = Math.Sqrt(d.X * d.X + d.Y * d.Y + d.Z * d.Z);
                        if (step < 1e-12) continue;
                        dist += step;
                    }
                    profile.Add(new PathPoint(fa, fb, fc, e[gp], dist));
                }
            }
            var a0 = sites[ck.A];
            psites.Add(new PathSite(ck.A, a0.FracA + wind[0], a0.FracB + wind[1], a0.FracC + wind[2], a0.EnergyEV, null));
            return new BvsePath(dim, thr, wind, psites, profile);
        }

        // grid points from the site at the start of the edge (at image baseImage) over the saddle to the other site
        List<(int, int[])> Segment(int edgeIndex, bool forward, int[] baseImage)
        {
            var v = edgeList[edgeIndex].Value;
            int from = forward ? v.P : v.Q, to = forward ? v.Q : v.P;
            int sa = forward ? v.Sa : -v.Sa, sb = forward ? v.Sb : -v.Sb, sc = forward ? v.Sc : -v.Sc;
            // 'from' at image baseImage − img(from); 'to' at that + s
            int[] fromImg = [baseImage[0] - img[3 * from], baseImage[1] - img[3 * from + 1], baseImage[2] - img[3 * from + 2]];
            var up = Descent(from, fromImg);
            up.Reverse();
            var downList = Descent(to, [fromImg[0] + sa, fromImg[1] + sb, fromImg[2] + sc]);
            up.AddRange(downList);
            return up;
        }

        List<(int, int[])> Descent(int p, int[] image)
        {
            var list = new List<(int, int[])> { (p, image) };
            int guard = 0;
            while (down[p] != p && guard++ < n)
            {
                var (sa, sb, sc) = StepImage(g, p, downStep[p]);
                image = [image[0] + sa, image[1] + sb, image[2] + sc];
                p = down[p];
                list.Add((p, image));
            }
            return list;
        }
    }

    private static bool SameImage(EdgeKey k, int[] im) => k.Ta == im[0] && k.Tb == im[1] && k.Tc == im[2];

    private static int Root(int x, int[] parent, int[][] off, out int[] image)
    {
        int[] acc = [0, 0, 0];
        while (parent[x] != x)
        {
            acc[0] += off[x][0]; acc[1] += off[x][1]; acc[2] += off[x][2];
            x = parent[x];
        }
        image = acc;
        return x;
    }

    /// <summary>Lattice image crossed by the step from point p to its neighbour along step s.</summary>
    private static (int, int, int) StepImage(EnergyGrid g, int p, int s)
    {
        var (i, j, k) = g.Ijk(p);
        var (di, dj, dk) = Percolation.Steps26[s];
        return (i + di >= g.Na ? 1 : i + di < 0 ? -1 : 0, j + dj >= g.Nb ? 1 : j + dj < 0 ? -1 : 0, k + dk >= g.Nc ? 1 : k + dk < 0 ? -1 : 0);
    }

    private static int Mod(int x, int n) => x < 0 ? x + n : x >= n ? x - n : x;
}
