using Nitrolyte.Structures;

namespace Nitrolyte.Migration;

/// <summary>Everything a BVSE run produces.</summary>
public sealed class BvseResult
{
    public required BvseModel Model { get; init; }
    public required EnergyGrid Grid { get; init; }
    public required PercolationResult Percolation { get; init; }
    public required PathwayResult Pathways { get; init; }
    public double MinimumEV => Percolation.MinimumEV;
    /// <summary>Percolation barriers (eV above the global minimum) for 1D, 2D, 3D; null when not below the ceiling.</summary>
    public double? Barrier1DEV => Percolation.BarriersEV[0];
    public double? Barrier2DEV => Percolation.BarriersEV[1];
    public double? Barrier3DEV => Percolation.BarriersEV[2];
    /// <summary>Actual grid spacing along a, b, c (Å).</summary>
    public (double A, double B, double C) GridSpacingA => (Grid.Lattice.A / Grid.Na, Grid.Lattice.B / Grid.Nb, Grid.Lattice.C / Grid.Nc);
    private List<BvseSite>? _reported;

    /// <summary>
    /// Sites for reports: minima joined into one site when the saddle between them is less than
    /// <see cref="BvseOptions.MinSiteDepthEV"/> above the higher of the two (a flat cage with grid-scale wiggles is one
    /// site); each listed site is the lowest minimum of its group, with its depth to the next group. The percolation
    /// analysis itself always uses every minimum.
    /// </summary>
    public IReadOnlyList<BvseSite> ReportedSites => _reported ??= GroupSites();

    private List<BvseSite> GroupSites()
    {
        var sites = Pathways.Sites;
        double d = Model.Options.MinSiteDepthEV;
        var parent = Enumerable.Range(0, sites.Count).ToArray();
        int Root(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        foreach (var sd in Pathways.Saddles) // ascending energy
        {
            int a = Root(sd.SiteA), b = Root(sd.SiteB);
            if (a == b) continue;
            if (sd.EnergyEV - Math.Max(sites[sd.SiteA].EnergyEV, sites[sd.SiteB].EnergyEV) < d)
            {
                if (sites[a].EnergyEV <= sites[b].EnergyEV) parent[b] = a; else parent[a] = b;
            }
        }
        var depth = new Dictionary<int, double>();
        foreach (var sd in Pathways.Saddles)
        {
            int a = Root(sd.SiteA), b = Root(sd.SiteB);
            if (a == b) continue; // inside one group, or a group and its own periodic image (a cage across the cell boundary)
            foreach (var r in new[] { a, b })
            {
                double v = sd.EnergyEV - sites[r].EnergyEV;
                if (!depth.TryGetValue(r, out var old) || v < old) depth[r] = v;
            }
        }
        return sites.Where(x => Root(x.Id) == x.Id && x.RelativeEnergyEV <= Model.Options.CeilingEV)
            .Select(x => x with { DepthEV = depth.TryGetValue(x.Id, out var v) ? v : x.DepthEV })
            .OrderBy(x => x.EnergyEV).ThenBy(x => x.Id).ToList();
    }

    /// <summary>A path's sites without the shallow intermediate minima (energy within MinSiteDepthEV of an adjacent saddle
    /// on the path); the saddle across a removed site is the higher of its two. The barrier is unchanged.</summary>
    public IReadOnlyList<PathSite> ReportedPathSites(BvsePath path)
    {
        var list = path.Sites.ToList();
        double d = Model.Options.MinSiteDepthEV;
        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = 1; i < list.Count - 1; i++)
            {
                double before = list[i - 1].SaddleToNextEV!.Value, after = list[i].SaddleToNextEV!.Value;
                if (Math.Min(before, after) - list[i].EnergyEV < d)
                {
                    list[i - 1] = list[i - 1] with { SaddleToNextEV = Math.Max(before, after) };
                    list.RemoveAt(i);
                    changed = true;
                    break;
                }
            }
        }
        return list;
    }

    public TimeSpan LandscapeTime { get; init; }
    public TimeSpan PercolationTime { get; init; }
    public TimeSpan PathwayTime { get; init; }
}

/// <summary>
/// Bond-valence site energy analysis of a structure: landscape on a periodic grid, exact percolation barriers in
/// 1, 2 and 3 dimensions, sites, saddles and minimax paths. Pure: no file I/O.
/// </summary>
public static class BvseAnalysis
{
    public static BvseResult Run(Structure structure, BvseOptions? options = null, IProgress<string>? progress = null)
    {
        var (model, grid, perc, tLand, tPerc) = Percolate(structure, options, progress);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        // saddles are collected up to a little above the highest barrier found (all of them when none percolates)
        double? highest = perc.BarriersEV[2] ?? perc.BarriersEV[1] ?? perc.BarriersEV[0];
        double pathCeiling = highest is double h ? Math.Min(model.Options.CeilingEV, h + 0.25) : model.Options.CeilingEV;
        var pre = Pathways.Find(grid, pathCeiling, model.Options.MaxThreads);
        var tPath = sw.Elapsed;
        return new BvseResult
        {
            Model = model, Grid = grid, Percolation = perc, Pathways = pre,
            LandscapeTime = tLand, PercolationTime = tPerc, PathwayTime = tPath,
        };
    }

    /// <summary>The landscape and the percolation barriers only (what <see cref="Run"/> computes before the pathways):
    /// the screening descriptors use this, so their barriers are those of <c>nitrolyte bvse</c> by construction.</summary>
    public static (BvseModel Model, EnergyGrid Grid, PercolationResult Percolation, TimeSpan LandscapeTime, TimeSpan PercolationTime) Percolate(
        Structure structure, BvseOptions? options = null, IProgress<string>? progress = null)
    {
        var model = BvseModel.Build(structure, options);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (na, nb, nc) = BvseLandscape.GridShape(structure.Lattice, model.Options.GridSpacingA);
        progress?.Report($"BVSE landscape for {model.Options.MobileIon}+ on a {na}x{nb}x{nc} grid ({model.Terms.Count} terms)");
        var grid = BvseLandscape.Compute(model, na, nb, nc);
        var tLand = sw.Elapsed;
        sw.Restart();
        var perc = Percolation.Sweep(grid, model.Options.CeilingEV);
        return (model, grid, perc, tLand, sw.Elapsed);
    }
}
