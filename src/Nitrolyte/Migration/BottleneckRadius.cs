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
/// bottleneck is min_s r(s). The path is the grid polyline of <see cref="BvsePath.Profile"/>, which follows the valley
/// only to within a grid cell (a diagonal valley becomes a staircase that passes closer to the ions than the valley
/// does); so at each grid point of the path r is maximised over the cross-section normal to the local direction
/// (points two steps before and after) within half the grid-cell diagonal, and the bottleneck is the smallest of these
/// maxima over the path's grid points. A window centred on a grid point is exact; one between grid points is
/// overestimated by at most about (h/2)²/(2 d), h the step between path points (up to √3 × the grid spacing on a
/// diagonal) and d the ion distance: 7 mÅ for a 0.2 Å grid and d = 2.3 Å (3 mÅ measured on Li2S). Radii: Shannon effective ionic radii (<see cref="IonicRadii"/>). Pure.
/// </summary>
public static class BottleneckRadius
{
    /// <summary>The bottleneck of <paramref name="path"/> in <paramref name="structure"/> (the structure the BVSE
    /// landscape was built on, with oxidation states on its framework species or elements with one tabulated valence).</summary>
    /// <param name="grid">Grid spacing along a, b, c (Å) of the landscape the path was found on; null: the path's points are taken as exact.</param>
    public static Bottleneck Along(Structure structure, string mobileIon, BvsePath path, (double A, double B, double C)? grid = null)
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
        // the grid path zigzags around the true valley line by up to half a grid cell: at every grid point of the path the
        // free radius is maximised over the cross-section (the plane normal to the local path direction) within half
        // the grid-cell diagonal; the bottleneck is the smallest of these cross-section maxima
        double rho = grid is { } gs ? 0.5 * Math.Sqrt(gs.A * gs.A + gs.B * gs.B + gs.C * gs.C) : 0;
        double bestR = double.PositiveInfinity;
        (double, double, double) bestAt = (pts[0].FracA, pts[0].FracB, pts[0].FracC);
        string bestIon = ions[0].Label;
        double bestIonR = ions[0].R;
        for (int s = 0; s < pts.Count; s++)
        {
            var p = pts[s];
            double sa = Math.Floor(p.FracA), sb = Math.Floor(p.FracB), sc = Math.Floor(p.FracC);
            var (px, py, pz) = lat.ToCartesian(p.FracA - sa, p.FracB - sb, p.FracC - sc);
            // ions (all images) that can be the nearest anywhere within rho of this point
            var near = new List<(double X, double Y, double Z, double R, string Label)>();
            double raw = double.PositiveInfinity;
            foreach (var ion in ions)
                for (int ia = -span[0]; ia <= span[0]; ia++)
                for (int ib = -span[1]; ib <= span[1]; ib++)
                for (int ic = -span[2]; ic <= span[2]; ic++)
                {
                    var (x, y, z) = lat.ToCartesian(ion.Fa + ia, ion.Fb + ib, ion.Fc + ic);
                    double free = Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py) + (z - pz) * (z - pz)) - ion.R;
                    raw = Math.Min(raw, free);
                    near.Add((x, y, z, ion.R, ion.Label));
                }
            near = near.Where(q => Math.Sqrt((q.X - px) * (q.X - px) + (q.Y - py) * (q.Y - py) + (q.Z - pz) * (q.Z - pz)) - q.R <= raw + 2 * rho + 1e-9).ToList();
            if (raw - rho > bestR) continue; // cannot beat the current bottleneck even after the cross-section search
            double Free(double x, double y, double z, out int arg)
            {
                double m = double.PositiveInfinity; arg = 0;
                for (int j = 0; j < near.Count; j++)
                {
                    var q = near[j];
                    double f = Math.Sqrt((q.X - x) * (q.X - x) + (q.Y - y) * (q.Y - y) + (q.Z - z) * (q.Z - z)) - q.R;
                    if (f < m) { m = f; arg = j; }
                }
                return m;
            }
            double cx = px, cy = py, cz = pz;
            double cur = Free(cx, cy, cz, out int argIon);
            if (rho > 0 && pts.Count > 2)
            {
                // local direction from the points two steps before and after (a grid zigzag averages out)
                var a0 = pts[Math.Max(0, s - 2)];
                var a1 = pts[Math.Min(pts.Count - 1, s + 2)];
                var (tx, ty, tz) = lat.ToCartesian(a1.FracA - a0.FracA, a1.FracB - a0.FracB, a1.FracC - a0.FracC);
                double tn = Math.Sqrt(tx * tx + ty * ty + tz * tz);
                if (tn > 0)
                {
                    tx /= tn; ty /= tn; tz /= tn;
                    // u, v: an orthonormal basis of the cross-section
                    double ux, uy, uz;
                    if (Math.Abs(tx) < 0.9) { ux = 0; uy = tz; uz = -ty; } else { ux = -tz; uy = 0; uz = tx; }
                    double un = Math.Sqrt(ux * ux + uy * uy + uz * uz); ux /= un; uy /= un; uz /= un;
                    double vx = ty * uz - tz * uy, vy = tz * ux - tx * uz, vz = tx * uy - ty * ux;
                    double du = 0, dv = 0, step = rho / 2;
                    const int Dirs = 16;
                    while (step > 1e-5)
                    {
                        bool moved = false;
                        for (int d = 0; d < Dirs; d++)
                        {
                            double ang = 2 * Math.PI * d / Dirs;
                            double nu = du + step * Math.Cos(ang), nv = dv + step * Math.Sin(ang);
                            if (nu * nu + nv * nv > rho * rho) continue;
                            double x = px + nu * ux + nv * vx, y = py + nu * uy + nv * vy, z = pz + nu * uz + nv * vz;
                            double f = Free(x, y, z, out int arg);
                            if (f > cur + 1e-12) { cur = f; argIon = arg; du = nu; dv = nv; cx = x; cy = y; cz = z; moved = true; }
                        }
                        if (!moved) step /= 2;
                    }
                }
            }
            if (cur < bestR)
            {
                bestR = cur;
                var (fa, fb, fc) = lat.ToFractional(cx, cy, cz);
                bestAt = (fa + sa, fb + sb, fc + sc);
                bestIon = near[argIon].Label; bestIonR = near[argIon].R;
            }
        }
        return new Bottleneck(path.Dimension, bestR, bestAt.Item1, bestAt.Item2, bestAt.Item3, bestIon, bestIonR);
    }

    /// <summary>The bottleneck of the lowest-dimension percolating path of a BVSE run (null when none percolates).</summary>
    public static Bottleneck? OfLowestPath(BvseResult result)
    {
        var path = result.Pathways.Paths.OrderBy(p => p.Dimension).FirstOrDefault();
        return path is null ? null : Along(result.Model.Structure, result.Model.Options.MobileIon, path, result.GridSpacingA);
    }
}
