using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Structures;

/// <summary>Supercells, element substitutions and other whole-structure operations.</summary>
public static class StructureTools
{
    /// <summary>Diagonal supercell na x nb x nc.</summary>
    public static Structure Supercell(this Structure s, int na, int nb, int nc) => s.Supercell(new[,] { { na, 0, 0 }, { 0, nb, 0 }, { 0, 0, nc } });

    /// <summary>
    /// Supercell by an integer matrix M (new lattice vectors = M · old, rows). det(M) must be positive; the
    /// result holds det(M) copies of every site. Labels are kept.
    /// </summary>
    public static Structure Supercell(this Structure s, int[,] m)
    {
        if (m.GetLength(0) != 3 || m.GetLength(1) != 3) throw new NitrolyteInputException("supercell matrix must be 3x3");
        var md = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) md[i, j] = m[i, j];
        double det = Lattice.Determinant(md);
        if (det < 0.5) throw new NitrolyteInputException($"supercell matrix must have a positive determinant (got {det})");
        var L = s.Lattice.Matrix;
        var newM = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 3; k++) newM[i, j] += m[i, k] * L[k, j];
        var newLattice = new Lattice(newM);
        // fractional in new cell: f_new = f_old · M^{-1}
        var inv = Lattice.Invert(md);
        // range of old-cell translations: corners of the new cell in old fractional coordinates
        int[] lo = [int.MaxValue, int.MaxValue, int.MaxValue], hi = [int.MinValue, int.MinValue, int.MinValue];
        for (int c = 0; c < 8; c++)
        {
            int[] corner = [c & 1, (c >> 1) & 1, (c >> 2) & 1];
            for (int j = 0; j < 3; j++)
            {
                int v = corner[0] * m[0, j] + corner[1] * m[1, j] + corner[2] * m[2, j];
                lo[j] = Math.Min(lo[j], v); hi[j] = Math.Max(hi[j], v);
            }
        }
        var sites = new List<Site>();
        const double eps = 1e-8;
        for (int ta = lo[0]; ta <= hi[0]; ta++)
        for (int tb = lo[1]; tb <= hi[1]; tb++)
        for (int tc = lo[2]; tc <= hi[2]; tc++)
            foreach (var site in s.Sites)
            {
                double a = SymmetryOperation.Wrap(site.FracA) + ta, b = SymmetryOperation.Wrap(site.FracB) + tb, c = SymmetryOperation.Wrap(site.FracC) + tc;
                double na = a * inv[0, 0] + b * inv[1, 0] + c * inv[2, 0];
                double nb = a * inv[0, 1] + b * inv[1, 1] + c * inv[2, 1];
                double nc = a * inv[0, 2] + b * inv[1, 2] + c * inv[2, 2];
                if (na < -eps || na >= 1 - eps || nb < -eps || nb >= 1 - eps || nc < -eps || nc >= 1 - eps) continue;
                sites.Add(site with { FracA = Math.Max(0, na), FracB = Math.Max(0, nb), FracC = Math.Max(0, nc) });
            }
        int expected = (int)Math.Round(det) * s.Sites.Count;
        if (sites.Count != expected) throw new InvalidOperationException($"supercell built {sites.Count} sites, expected {expected}");
        return new Structure(newLattice, sites) { Title = s.Title, SpaceGroup = null };
    }

    /// <summary>The same lattice with other sites.</summary>
    public static Structure WithSites(this Structure s, IEnumerable<Site> sites) => new(s.Lattice, sites) { Title = s.Title, SpaceGroup = s.SpaceGroup };

    /// <summary>Positions folded into [0, 1).</summary>
    public static Structure Wrapped(this Structure s) => s.WithSites(s.Sites.Select(x => x with
    {
        FracA = SymmetryOperation.Wrap(x.FracA), FracB = SymmetryOperation.Wrap(x.FracB), FracC = SymmetryOperation.Wrap(x.FracC),
    }));

    /// <summary>Minimum-image distance (Å) between two sites (checks the 27 neighbouring images; exact for reduced cells).</summary>
    public static double Distance(this Structure s, int i, int j)
    {
        var p = s.Sites[i];
        var q = s.Sites[j];
        double da = q.FracA - p.FracA, db = q.FracB - p.FracB, dc = q.FracC - p.FracC;
        da -= Math.Round(da); db -= Math.Round(db); dc -= Math.Round(dc);
        double best = double.MaxValue;
        for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) for (int c = -1; c <= 1; c++)
        {
            var (x, y, z) = s.Lattice.ToCartesian(da + a, db + b, dc + c);
            best = Math.Min(best, x * x + y * y + z * z);
        }
        return Math.Sqrt(best);
    }

    /// <summary>Number of formula units Z of the reduced formula in the cell and the reduced formula (integer amounts only; else Z = 1).</summary>
    public static (string Formula, int Z) ReducedFormula(this Structure s)
    {
        var comp = s.Composition;
        return comp.DivideByIntegerGcd(1e-6) is (Composition reduced, long g) ? (reduced.Formula, (int)g) : (comp.Formula, 1);
    }
}
