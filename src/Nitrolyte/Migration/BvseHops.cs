namespace Nitrolyte.Migration;

/// <summary>
/// A stretch of a minimax path between two of its reported sites (<see cref="HopCount"/> consecutive hops), with the
/// grid points of the path profile that belong to it (<see cref="ProfileStart"/>..<see cref="ProfileEnd"/>, inclusive).
/// Energies are absolute BVSE energies (eV); <see cref="SaddleEV"/> is the highest grid point on the stretch, so
/// <see cref="BarrierEV"/> = saddle − start site and <see cref="ReverseBarrierEV"/> = saddle − end site. <see cref="Reversed"/>:
/// walked from the listed end to the listed start (From and To are then already swapped).
/// </summary>
public sealed record BvseHop(
    int Number, int PathIndex, int Dimension, int FromIndex, int HopCount, PathSite From, PathSite To,
    int ProfileStart, int ProfileEnd, double SaddleEV, double StraightLengthA, double PathLengthA, IReadOnlyList<int> Dimensions, bool Reversed = false)
{
    public double BarrierEV => SaddleEV - From.EnergyEV;
    public double ReverseBarrierEV => SaddleEV - To.EnergyEV;
}

/// <summary>
/// The hops of the minimax paths, numbered for NEB set-up: the 1D, 2D, 3D paths are walked in that order, each
/// consecutive pair of reported sites (shallow intermediate minima dropped, <see cref="BvseResult.ReportedPathSites"/>)
/// is one hop, and a hop equivalent to one listed before (same start and end energies, saddle energy and straight
/// length, either direction, to 0.1 meV and 0.01 Å) is not listed again. Numbers start at 1.
/// </summary>
public static class BvseHops
{
    public static IReadOnlyList<BvseHop> List(BvseResult r)
    {
        var list = new List<BvseHop>();
        var seen = new Dictionary<(long, long, long, long), int>();
        for (int pi = 0; pi < r.Pathways.Paths.Count; pi++)
        {
            var sites = r.ReportedPathSites(r.Pathways.Paths[pi]);
            for (int i = 0; i + 1 < sites.Count; i++)
            {
                var h = Span(r, pi, i, 1, list.Count + 1);
                var key = Key(h);
                if (seen.TryGetValue(key, out var idx))
                {
                    var old = list[idx];
                    if (!old.Dimensions.Contains(h.Dimension)) list[idx] = old with { Dimensions = [.. old.Dimensions, h.Dimension] };
                    continue;
                }
                seen[key] = list.Count;
                var rev = (key.Item2, key.Item1, key.Item3, key.Item4);
                seen.TryAdd(rev, list.Count);
                list.Add(h);
            }
        }
        return list;
    }

    /// <summary><paramref name="count"/> consecutive hops of path <paramref name="pathIndex"/> starting at its reported site <paramref name="fromIndex"/>.</summary>
    public static BvseHop Span(BvseResult r, int pathIndex, int fromIndex, int count, int number = 0)
    {
        var path = r.Pathways.Paths[pathIndex];
        var sites = r.ReportedPathSites(path);
        if (count < 1 || fromIndex < 0 || fromIndex + count >= sites.Count)
            throw new Core.NitrolyteInputException($"the {path.Dimension}D path has {sites.Count - 1} hops: {count} hop(s) from its site {fromIndex + 1} run past its end");
        int start = -1, end = -1, cursor = 0;
        for (int i = 0; i <= fromIndex + count; i++)
        {
            int at = Locate(path.Profile, sites[i], cursor);
            if (i == fromIndex) start = at;
            if (i == fromIndex + count) end = at;
            cursor = at;
        }
        double saddle = double.NegativeInfinity;
        for (int k = start; k <= end; k++) saddle = Math.Max(saddle, path.Profile[k].EnergyEV);
        var a = sites[fromIndex];
        var b = sites[fromIndex + count];
        var d = r.Grid.Lattice.ToCartesian(b.FracA - a.FracA, b.FracB - a.FracB, b.FracC - a.FracC);
        return new BvseHop(number, pathIndex, path.Dimension, fromIndex, count, a, b, start, end, saddle,
            Math.Sqrt(d.X * d.X + d.Y * d.Y + d.Z * d.Z), path.Profile[end].DistanceA - path.Profile[start].DistanceA, [path.Dimension]);
    }

    /// <summary>Index of the profile point at a path site (its grid point), searching forward from <paramref name="from"/>.</summary>
    private static int Locate(IReadOnlyList<PathPoint> profile, PathSite s, int from)
    {
        for (int k = from; k < profile.Count; k++)
        {
            var p = profile[k];
            if (Math.Abs(p.FracA - s.FracA) < 1e-9 && Math.Abs(p.FracB - s.FracB) < 1e-9 && Math.Abs(p.FracC - s.FracC) < 1e-9) return k;
        }
        throw new InvalidOperationException($"path site {s.SiteId} is not on the path profile");
    }

    private static (long, long, long, long) Key(BvseHop h) =>
        (R(h.From.EnergyEV, 1e4), R(h.To.EnergyEV, 1e4), R(h.SaddleEV, 1e4), R(h.StraightLengthA, 1e2));

    private static long R(double v, double scale) => (long)Math.Round(v * scale);
}
