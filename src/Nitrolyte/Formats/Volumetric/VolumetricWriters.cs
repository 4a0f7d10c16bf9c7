using System.Globalization;
using System.Text;
using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Volumetric;

/// <summary>
/// Gaussian cube file of a periodic scalar grid. Lengths in bohr (0.529177210903 Å) as the format requires;
/// voxel vectors = lattice vectors / N; one atom line per site (Z of its majority species, the "charge" column
/// holds the site's total occupancy); values in the grid's unit (Nitrolyte writes BVSE energies in eV,
/// optionally shifted, as the comment line says), six per line, last index fastest (i, j, k loops).
/// </summary>
public static class CubeWriter
{
    public const double BohrA = 0.529177210903;

    public static string ToText(ScalarGrid g, Structure? structure, string comment, double shiftEV = 0)
    {
        var atoms = (structure?.Sites.Where(s => s.Species.Count > 0) ?? []).Select(s =>
        {
            var major = s.Species.OrderByDescending(x => x.Occupancy).First();
            int z = Chemistry.Element.TryGet(major.Element, out var el) ? el.Z : 0;
            var c = g.Lattice.ToCartesian(s.FracA, s.FracB, s.FracC);
            return (z, s.TotalOccupancy, c.X, c.Y, c.Z);
        }).ToList();
        return Build(structure?.Title ?? "Nitrolyte grid", comment, g.Lattice, g.Na, g.Nb, g.Nc,
            (i, j, k) => g[i, j, k] + shiftEV, atoms);
    }

    /// <summary>
    /// Any periodic scalar field as cube text: point (i, j, k) at fraction (i/nA, j/nB, k/nC), atoms as
    /// (Z, charge column, Cartesian Å). Shared by the BVSE landscape and the MD probability density.
    /// </summary>
    public static string Build(string title, string comment, Lattice lattice, int na, int nb, int nc,
        Func<int, int, int, double> value, IReadOnlyList<(int AtomicNumber, double Charge, double X, double Y, double Z)> atoms)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(na * nb * nc * 14 + 4096);
        sb.Append(OneLine(title)).Append('\n');
        sb.Append(OneLine(comment)).Append('\n');
        sb.Append(string.Format(ci, "{0,5}{1,12:F6}{2,12:F6}{3,12:F6}\n", atoms.Count, 0.0, 0.0, 0.0));
        var m = lattice.Matrix;
        int[] n = [na, nb, nc];
        for (int r = 0; r < 3; r++)
            sb.Append(string.Format(ci, "{0,5}{1,12:F6}{2,12:F6}{3,12:F6}\n", n[r], m[r, 0] / n[r] / BohrA, m[r, 1] / n[r] / BohrA, m[r, 2] / n[r] / BohrA));
        foreach (var (z, charge, x, y, zc) in atoms)
            sb.Append(string.Format(ci, "{0,5}{1,12:F6}{2,12:F6}{3,12:F6}{4,12:F6}\n", z, charge, x / BohrA, y / BohrA, zc / BohrA));
        for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            for (int k = 0; k < nc; k++)
            {
                sb.Append(' ').Append(value(i, j, k).ToString("0.00000E+00", ci));
                if (k % 6 == 5 || k == nc - 1) sb.Append('\n');
            }
        return sb.ToString();
    }

    public static void Write(string path, ScalarGrid g, Structure? structure, string comment, double shiftEV = 0) =>
        AtomicFile.WriteAllText(path, ToText(g, structure, comment, shiftEV));

    private static string OneLine(string s) => s.Replace('\n', ' ').Replace('\r', ' ');
}

/// <summary>
/// VESTA general grid (.grd): a title line, the cell "a b c alpha beta gamma" (Å, degrees), the grid
/// "Na Nb Nc", then the values with the last (c) index fastest (loops over a, then b, then c, as VESTA-targeted
/// writers such as mlyzed's do), six per line.
/// </summary>
public static class GrdWriter
{
    public static string ToText(ScalarGrid g, string title, double shiftEV = 0)
    {
        var ci = CultureInfo.InvariantCulture;
        var l = g.Lattice;
        var sb = new StringBuilder(g.Count * 14 + 256);
        sb.Append(title.Replace('\n', ' ')).Append('\n');
        sb.Append(string.Format(ci, "{0:F6} {1:F6} {2:F6} {3:F4} {4:F4} {5:F4}\n", l.A, l.B, l.C, l.AlphaDeg, l.BetaDeg, l.GammaDeg));
        sb.Append(string.Format(ci, "{0} {1} {2}\n", g.Na, g.Nb, g.Nc));
        int count = 0;
        foreach (var v in g.Values) // index (i·Nb + j)·Nc + k: c fastest
        {
            sb.Append((v + shiftEV).ToString("0.00000E+00", ci));
            sb.Append(++count % 6 == 0 ? '\n' : ' ');
        }
        if (count % 6 != 0) sb.Append('\n');
        return sb.ToString();
    }

    public static void Write(string path, ScalarGrid g, string title, double shiftEV = 0) => AtomicFile.WriteAllText(path, ToText(g, title, shiftEV));
}
