using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Structures;

/// <summary>A neighbour of a site: its index, distance and the lattice translation of the image.</summary>
public readonly record struct Neighbour(int Index, double DistanceA, int ImageA, int ImageB, int ImageC);

/// <summary>
/// Periodic neighbour lists with cell lists that work for any cell shape: the cell is cut into bins along each
/// lattice vector no thinner (perpendicular width) than the cutoff, and each bin is compared with enough
/// neighbouring bins (with periodic images) to cover the cutoff sphere. O(N) for a fixed density.
/// </summary>
public static class NeighbourList
{
    /// <summary>All neighbours within <paramref name="cutoffA"/> of every site (images included, the site itself at zero distance excluded).</summary>
    public static List<Neighbour>[] Build(Structure s, double cutoffA) => Build(s.Lattice, s.Sites.Select(x => (x.FracA, x.FracB, x.FracC)).ToArray(), cutoffA);

    public static List<Neighbour>[] Build(Lattice lattice, IReadOnlyList<(double A, double B, double C)> frac, double cutoffA)
    {
        if (cutoffA <= 0) throw new NitrolyteInputException("neighbour cutoff must be positive");
        int n = frac.Count;
        var widths = PerpendicularWidths(lattice);
        var nb = new int[3];
        var reach = new int[3];
        for (int k = 0; k < 3; k++)
        {
            nb[k] = Math.Max(1, Math.Min((int)Math.Floor(widths[k] / cutoffA), 64));
            reach[k] = (int)Math.Ceiling(cutoffA / (widths[k] / nb[k]));
        }
        var wrapped = new (double A, double B, double C)[n];
        var bins = new List<int>[nb[0] * nb[1] * nb[2]];
        for (int i = 0; i < bins.Length; i++) bins[i] = [];
        var binOf = new (int, int, int)[n];
        for (int i = 0; i < n; i++)
        {
            var f = (SymmetryOperation.Wrap(frac[i].A), SymmetryOperation.Wrap(frac[i].B), SymmetryOperation.Wrap(frac[i].C));
            wrapped[i] = f;
            int ba = Math.Min((int)(f.Item1 * nb[0]), nb[0] - 1), bb = Math.Min((int)(f.Item2 * nb[1]), nb[1] - 1), bc = Math.Min((int)(f.Item3 * nb[2]), nb[2] - 1);
            binOf[i] = (ba, bb, bc);
            bins[(ba * nb[1] + bb) * nb[2] + bc].Add(i);
        }
        var m = lattice.Matrix;
        double cut2 = cutoffA * cutoffA;
        var result = new List<Neighbour>[n];
        for (int i = 0; i < n; i++)
        {
            var list = new List<Neighbour>();
            var (ba, bb, bc) = binOf[i];
            for (int da = -reach[0]; da <= reach[0]; da++)
            for (int db = -reach[1]; db <= reach[1]; db++)
            for (int dc = -reach[2]; dc <= reach[2]; dc++)
            {
                int ta = ba + da, tb = bb + db, tc = bc + dc;
                int ia = FloorDiv(ta, nb[0]), ib = FloorDiv(tb, nb[1]), ic = FloorDiv(tc, nb[2]);
                var bin = bins[((ta - ia * nb[0]) * nb[1] + (tb - ib * nb[1])) * nb[2] + (tc - ic * nb[2])];
                foreach (var j in bin)
                {
                    double fa = wrapped[j].A + ia - wrapped[i].A, fb = wrapped[j].B + ib - wrapped[i].B, fc = wrapped[j].C + ic - wrapped[i].C;
                    double x = fa * m[0, 0] + fb * m[1, 0] + fc * m[2, 0];
                    double y = fa * m[0, 1] + fb * m[1, 1] + fc * m[2, 1];
                    double z = fa * m[0, 2] + fb * m[1, 2] + fc * m[2, 2];
                    double d2 = x * x + y * y + z * z;
                    if (d2 > cut2 || d2 < 1e-16) continue;
                    // image translation relative to the original (unwrapped) coordinates
                    int sa = ia + (int)Math.Round(frac[i].A - wrapped[i].A) - (int)Math.Round(frac[j].A - wrapped[j].A);
                    int sb = ib + (int)Math.Round(frac[i].B - wrapped[i].B) - (int)Math.Round(frac[j].B - wrapped[j].B);
                    int sc = ic + (int)Math.Round(frac[i].C - wrapped[i].C) - (int)Math.Round(frac[j].C - wrapped[j].C);
                    list.Add(new Neighbour(j, Math.Sqrt(d2), sa, sb, sc));
                }
            }
            list.Sort((p, q) => p.DistanceA.CompareTo(q.DistanceA));
            result[i] = list;
        }
        return result;
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    /// <summary>Distances between opposite faces of the cell (Å): V / |b×c|, V / |c×a|, V / |a×b|.</summary>
    public static double[] PerpendicularWidths(Lattice l)
    {
        var m = l.Matrix;
        double[] Row(int i) => [m[i, 0], m[i, 1], m[i, 2]];
        double Cross(double[] u, double[] v) => Math.Sqrt(Math.Pow(u[1] * v[2] - u[2] * v[1], 2) + Math.Pow(u[2] * v[0] - u[0] * v[2], 2) + Math.Pow(u[0] * v[1] - u[1] * v[0], 2));
        var v = l.VolumeA3;
        return [v / Cross(Row(1), Row(2)), v / Cross(Row(2), Row(0)), v / Cross(Row(0), Row(1))];
    }
}
