using Nitrolyte.Chemistry;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Volumetric;

namespace Nitrolyte.Reports;

/// <summary>
/// Gaussian cube text (lengths in Bohr as the format requires; the origin at the cell corner): a scalar field on
/// an nA×nB×nC grid along the lattice vectors (point (i,j,k) at fraction (i/nA, j/nB, k/nC)), with atoms.
/// The MD probability density as cube text (a Dynamics result written with the Formats cube writer; here so that
/// Formats does not depend on Dynamics). Values are written as given (for a probability density: Å⁻³, stated in the comment line).
/// </summary>
public static class CubeFile
{
    /// <summary>A probability density (Å⁻³) with the time-averaged structure (all atoms, wrapped into the cell).</summary>
    public static string FromDensity(ProbabilityDensityResult pd, DisplacementSet set, string species)
    {
        var lat = pd.Lattice;
        var atoms = Enumerable.Range(0, set.Species.Length).Select(i =>
        {
            var (fa, fb, fc) = lat.ToFractional(set.MeanCartesianAll[3 * i], set.MeanCartesianAll[3 * i + 1], set.MeanCartesianAll[3 * i + 2]);
            var (x, y, z) = lat.ToCartesian(fa - Math.Floor(fa), fb - Math.Floor(fb), fc - Math.Floor(fc));
            int zNum = Element.TryGet(set.Species[i], out var e) ? e.Z : 0;
            return (zNum, (double)zNum, x, y, z);
        }).ToList();
        return CubeWriter.Build("Nitrolyte cube", $"{species} probability density (1/A^3), time-averaged structure; Nitrolyte md density",
            lat, pd.NA, pd.NB, pd.NC, pd.At, atoms);
    }
}
