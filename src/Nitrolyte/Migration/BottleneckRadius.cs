using Nitrolyte.Core;
using Nitrolyte.Structures;

namespace Nitrolyte.Migration;

/// <summary>The bottleneck of one percolating path: the smallest free radius along it, where it is, and which
/// framework ion limits it.</summary>
public sealed record Bottleneck(int Dimension, double RadiusA, double FracA, double FracB, double FracC, string LimitingIon, double LimitingIonRadiusA);

/// <summary>
/// Geometric bottleneck along a BVSE minimax path: at each point x(s) of the path the free radius is
/// r(s) = min_j (|x(s) − x_j| − r_ion(j)) over the framework ions j (every site holding a species other than the
/// mobile ion, all periodic images; a mixed site counts with the largest radius among its non-mobile species) and the
/// bottleneck is min_s r(s). The path is the grid polyline of <see cref="BvsePath.Profile"/>; the minimum over each
/// straight segment is exact (closest point of the segment to each ion), so it does not depend on sampling. Radii:
/// Shannon effective ionic radii (<see cref="IonicRadii"/>). Pure.
/// </summary>
public static class BottleneckRadius
{
    /// <summary>The bottleneck of <paramref name="path"/> in <paramref name="structure"/> (the structure the BVSE
    /// landscape was built on, with oxidation states on its framework species or elements with one tabulated valence).</summary>
    public static Bottleneck Along(Structure structure, string mobileIon, BvsePath path)
    {
        var lat = structure.Lattice;
        var ions = new List<(double Fa, double Fb, double Fc, double R, string Label)>();
        foreach (var site in structure.Sites)
        {
            IonicRadius? best = null;
            foreach (var sp in site.Species)
            {
                if (sp.Element == mobileIon || sp.Occupancy <= 0) continue;
                var r = IonicRadii.Of(sp.Element, sp.OxidationState);
                if (best is null || r.RadiusA > best.RadiusA) best = r;
            }
            if (best is not null)
                ions.Add((site.FracA, site.FracB, site.FracC, best.RadiusA, BvseParameters.IonLabel(best.Element, best.Valence)));
        }
        if (ions.Count == 0) throw new NitrolyteInputException($"no framework ion (species other than {mobileIon}) in the structure");
        if (path.Profile.Count == 0) throw new NitrolyteInputException("the path has no points");

        // images: enough lattice translations around a segment's cell to cover 5 Å beyond it in every direction
        var rec = lat.ReciprocalMatrix2Pi();
        int[] span = new int[3];
        for (int i = 0; i < 3; i++)
        {
            double width = 2 * Math.PI / Math.Sqrt(rec[i, 0] * rec[i, 0] + rec[i, 1] * rec[i, 1] + rec[i, 2] * rec[i, 2]);
            span[i] = (int)Math.Ceiling(5.0 / width) + 1;
        }
        var pts = path.Profile;
        double bestR = double.PositiveInfinity;
        (double, double, double) bestAt = (pts[0].FracA, pts[0].FracB, pts[0].FracC);
        string bestIon = ions[0].Label;
        double bestIonR = ions[0].R;
        int nseg = Math.Max(1, pts.Count - 1);
        for (int s = 0; s < nseg; s++)
        {
            var p = pts[s];
            var q = pts[Math.Min(s + 1, pts.Count - 1)];
            // shift the segment so that its first point lies in the home cell
            double sa = Math.Floor(p.FracA), sb = Math.Floor(p.FracB), sc = Math.Floor(p.FracC);
            var (px, py, pz) = lat.ToCartesian(p.FracA - sa, p.FracB - sb, p.FracC - sc);
            var (qx, qy, qz) = lat.ToCartesian(q.FracA - sa, q.FracB - sb, q.FracC - sc);
            double dx = qx - px, dy = qy - py, dz = qz - pz, len2 = dx * dx + dy * dy + dz * dz;
            foreach (var ion in ions)
                for (int ia = -span[0]; ia <= span[0]; ia++)
                for (int ib = -span[1]; ib <= span[1]; ib++)
                for (int ic = -span[2]; ic <= span[2]; ic++)
                {
                    var (x, y, z) = lat.ToCartesian(ion.Fa + ia, ion.Fb + ib, ion.Fc + ic);
                    double t = len2 > 0 ? Math.Clamp(((x - px) * dx + (y - py) * dy + (z - pz) * dz) / len2, 0, 1) : 0;
                    double cx = px + t * dx - x, cy = py + t * dy - y, cz = pz + t * dz - z;
                    double free = Math.Sqrt(cx * cx + cy * cy + cz * cz) - ion.R;
                    if (free < bestR)
                    {
                        bestR = free;
                        bestAt = (p.FracA + t * (q.FracA - p.FracA), p.FracB + t * (q.FracB - p.FracB), p.FracC + t * (q.FracC - p.FracC));
                        bestIon = ion.Label; bestIonR = ion.R;
                    }
                }
        }
        return new Bottleneck(path.Dimension, bestR, bestAt.Item1, bestAt.Item2, bestAt.Item3, bestIon, bestIonR);
    }

    /// <summary>The bottleneck of the lowest-dimension percolating path of a BVSE run (null when none percolates).</summary>
    public static Bottleneck? OfLowestPath(BvseResult result)
    {
        var path = result.Pathways.Paths.OrderBy(p => p.Dimension).FirstOrDefault();
        return path is null ? null : Along(result.Model.Structure, result.Model.Options.MobileIon, path);
    }
}
