using System.Globalization;
using System.Text;
using Nitrolyte.Chemistry;
using Nitrolyte.Structures;

namespace Nitrolyte.Formats.Trajectories;

/// <summary>
/// Gaussian cube text (lengths in Bohr as the format requires; the origin at the cell corner): a scalar field on
/// an nA×nB×nC grid along the lattice vectors (point (i,j,k) at fraction (i/nA, j/nB, k/nC)), with atoms.
/// Values are written as given (for a probability density: Å⁻³, stated in the comment line).
/// </summary>
public static class CubeFile
{
    public const double BohrA = 0.529177210903;

    /// <summary>A probability density (Å⁻³) with the time-averaged structure (all atoms, wrapped into the cell).</summary>
    public static string FromDensity(Dynamics.ProbabilityDensityResult pd, Dynamics.DisplacementSet set, string species)
    {
        var lat = pd.Lattice;
        var atoms = Enumerable.Range(0, set.Species.Length).Select(i =>
        {
            var (fa, fb, fc) = lat.ToFractional(set.MeanCartesianAll[3 * i], set.MeanCartesianAll[3 * i + 1], set.MeanCartesianAll[3 * i + 2]);
            var (x, y, z) = lat.ToCartesian(fa - Math.Floor(fa), fb - Math.Floor(fb), fc - Math.Floor(fc));
            return (set.Species[i], x, y, z);
        }).ToList();
        return Build($"{species} probability density (1/A^3), time-averaged structure; Nitrolyte md density", lat, pd.NA, pd.NB, pd.NC, pd.At, atoms);
    }

    public static string Build(string comment, Lattice lattice, int na, int nb, int nc, Func<int, int, int, double> value,
        IReadOnlyList<(string Element, double X, double Y, double Z)> atoms)
    {
        var sb = new StringBuilder();
        var ic = CultureInfo.InvariantCulture;
        sb.Append("Nitrolyte cube\n").Append(comment.ReplaceLineEndings(" ")).Append('\n');
        sb.Append(string.Create(ic, $"{atoms.Count,5} {0.0,12:F6} {0.0,12:F6} {0.0,12:F6}\n"));
        int[] n = [na, nb, nc];
        for (int i = 0; i < 3; i++)
            sb.Append(string.Create(ic, $"{n[i],5} {lattice.Matrix[i, 0] / n[i] / BohrA,12:F6} {lattice.Matrix[i, 1] / n[i] / BohrA,12:F6} {lattice.Matrix[i, 2] / n[i] / BohrA,12:F6}\n"));
        foreach (var (el, x, y, z) in atoms)
        {
            int zNum = Element.TryGet(el, out var e) ? e.Z : 0;
            sb.Append(string.Create(ic, $"{zNum,5} {zNum,12:F6} {x / BohrA,12:F6} {y / BohrA,12:F6} {z / BohrA,12:F6}\n"));
        }
        for (int a = 0; a < na; a++)
            for (int b = 0; b < nb; b++)
            {
                for (int c = 0; c < nc; c++)
                {
                    sb.Append(value(a, b, c).ToString(" 0.00000E+00;-0.00000E+00", ic));
                    if (c % 6 == 5) sb.Append('\n');
                }
                if (nc % 6 != 0) sb.Append('\n');
            }
        return sb.ToString();
    }
}
