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
        var model = BvseModel.Build(structure, options);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var (na, nb, nc) = BvseLandscape.GridShape(structure.Lattice, model.Options.GridSpacingA);
        progress?.Report($"BVSE landscape for {model.Options.MobileIon}+ on a {na}x{nb}x{nc} grid ({model.Terms.Count} terms)");
        var grid = BvseLandscape.Compute(model, na, nb, nc);
        var tLand = sw.Elapsed;
        sw.Restart();
        var perc = Percolation.Sweep(grid, model.Options.CeilingEV);
        var tPerc = sw.Elapsed;
        sw.Restart();
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
}
