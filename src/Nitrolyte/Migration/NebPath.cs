namespace Nitrolyte.Migration;

/// <summary>A point of a resampled hop: arc length from the start (Å), unwrapped fractional position in the BVSE cell, BVSE energy (eV, absolute).</summary>
public sealed record NebPathPoint(double DistanceA, double FracA, double FracB, double FracC, double EnergyEV, bool OnGridPoint);

/// <summary>
/// A hop resampled for NEB: <see cref="Images"/> holds the start site, the intermediate images and the end site
/// (Count = intermediate images + 2) at equal arc length along the grid path; <see cref="Fine"/> is the energy
/// profile at every grid point of the path, at the images and at points at most a quarter grid step apart. Every energy is the BVSE
/// model evaluated at that point (<see cref="BvseModel.EnergyAt"/>, the same sum the grid holds), so at grid points it
/// is the grid value and the maximum of <see cref="Fine"/> is at least the hop's grid saddle; between grid points
/// the straight grid steps can cross higher ground than either end (the difference is the grid's resolution of the
/// valley floor; see docs/bvse.md for measured sizes).
/// </summary>
public sealed record NebPath(BvseHop Hop, double MinimumEV, double LengthA, IReadOnlyList<NebPathPoint> Images, IReadOnlyList<NebPathPoint> Fine)
{
    /// <summary>Forward barrier of the hop: grid saddle − start site (eV).</summary>
    public double BarrierEV => Hop.BarrierEV;
    /// <summary>Highest energy of the fine profile above the start site (eV).</summary>
    public double FineMaximumEV => Fine.Max(p => p.EnergyEV) - Hop.From.EnergyEV;
    /// <summary>Highest image energy above the start site (eV).</summary>
    public double ImageMaximumEV => Images.Max(p => p.EnergyEV) - Hop.From.EnergyEV;
    /// <summary>Arc length of the grid saddle (the first grid point at the saddle energy).</summary>
    public double SaddleDistanceA => Fine.First(p => p.OnGridPoint && p.EnergyEV == Hop.SaddleEV).DistanceA;
}

/// <summary>
/// Resamples a BVSE hop at equal arc length along its steepest-descent grid path (the polyline through the grid
/// points from the start site over the saddle to the end site; not the straight line between the sites). Pure.
/// </summary>
public static class NebPathBuilder
{
    public const int MaxImages = 30;

    /// <param name="reverse">Walk the hop from its end site to its start site (the hop's From/To are swapped in the result).</param>
    public static NebPath Build(BvseResult r, BvseHop hop, int images, bool reverse = false)
    {
        if (images < 1 || images > MaxImages) throw new Core.NitrolyteInputException($"images must be 1..{MaxImages} (got {images})");
        var prof = r.Pathways.Paths[hop.PathIndex].Profile;
        var pts = new List<PathPoint>();
        for (int k = hop.ProfileStart; k <= hop.ProfileEnd; k++) pts.Add(prof[k]);
        if (reverse)
        {
            double total = pts[^1].DistanceA;
            pts.Reverse();
            pts = pts.Select(x => x with { DistanceA = total - x.DistanceA }).ToList();
            hop = hop with { From = hop.To, To = hop.From, Reversed = !hop.Reversed };
        }
        double s0 = pts[0].DistanceA;
        double length = pts[^1].DistanceA - s0;
        var g = r.Grid;
        var model = r.Model;
        var imgs = new List<NebPathPoint>();
        for (int k = 0; k <= images + 1; k++)
        {
            if (k == 0) { imgs.Add(Vertex(pts[0], s0)); continue; }
            if (k == images + 1) { imgs.Add(Vertex(pts[^1], s0)); continue; }
            imgs.Add(At(model, pts, s0, length * k / (images + 1)));
        }
        // fine profile: every grid point plus points at most a quarter of the smallest grid step apart
        double h = Math.Min(g.Lattice.A / g.Na, Math.Min(g.Lattice.B / g.Nb, g.Lattice.C / g.Nc)) / 4;
        var fine = new List<NebPathPoint> { Vertex(pts[0], s0) };
        for (int k = 1; k < pts.Count; k++)
        {
            double a = pts[k - 1].DistanceA - s0, b = pts[k].DistanceA - s0;
            int n = Math.Max(1, (int)Math.Ceiling((b - a) / h));
            for (int q = 1; q < n; q++) fine.Add(At(model, pts, s0, a + (b - a) * q / n));
            fine.Add(Vertex(pts[k], s0));
        }
        // the images are part of the fine profile too
        foreach (var im in imgs)
            if (!fine.Any(f => Math.Abs(f.DistanceA - im.DistanceA) < 1e-9)) fine.Add(im);
        fine.Sort((x, y) => x.DistanceA.CompareTo(y.DistanceA));
        return new NebPath(hop, r.MinimumEV, length, imgs, fine);
    }

    private static NebPathPoint Vertex(PathPoint p, double s0) => new(p.DistanceA - s0, p.FracA, p.FracB, p.FracC, p.EnergyEV, true);

    /// <summary>The point at arc length s (from the start) on the polyline, linearly between its grid points.</summary>
    private static NebPathPoint At(BvseModel model, List<PathPoint> pts, double s0, double s)
    {
        int lo = 0, hi = pts.Count - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (pts[mid].DistanceA - s0 <= s) lo = mid; else hi = mid;
        }
        var p = pts[lo];
        var q = pts[hi];
        double seg = q.DistanceA - p.DistanceA;
        double t = seg > 0 ? Math.Clamp((s - (p.DistanceA - s0)) / seg, 0, 1) : 0;
        if (t == 0) return Vertex(p, s0) with { DistanceA = s };
        if (t == 1) return Vertex(q, s0) with { DistanceA = s };
        double fa = p.FracA + t * (q.FracA - p.FracA), fb = p.FracB + t * (q.FracB - p.FracB), fc = p.FracC + t * (q.FracC - p.FracC);
        var (x, y, z) = model.Structure.Lattice.ToCartesian(fa, fb, fc);
        return new NebPathPoint(s, fa, fb, fc, model.EnergyAt(x, y, z), false);
    }
}
