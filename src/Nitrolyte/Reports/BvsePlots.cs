using Nitrolyte.Migration;

namespace Nitrolyte.Reports;

/// <summary>The BVSE figures shared by the evaluate report and <c>bvse --figure</c>.</summary>
public static class BvsePlots
{
    /// <summary>Energy along the minimax path of the highest percolating dimension, with the barrier; null without a path.</summary>
    public static PlotFigure? MinimaxProfile(BvseResult r, string mobileIon)
    {
        var path = r.Pathways.Paths.OrderByDescending(p => p.Dimension).FirstOrDefault();
        if (path is null || path.Profile.Count <= 1) return null;
        var fig = new PlotFigure
        {
            Title = $"{mobileIon}+ energy along the {path.Dimension}D minimax path (winding [{string.Join(", ", path.Winding)}])",
            XTitle = "distance along the path (Å)", YTitle = "E − E_min (eV)",
            Caption = "Steepest-descent grid path from each site over the lowest saddle to the next site; the dashed line is the percolation barrier. Points along it can seed NEB images.",
        };
        fig.Add(PlotFigure.Line("BVSE", path.Profile.Select(p => p.DistanceA), path.Profile.Select(p => p.EnergyEV - r.MinimumEV), color: "#1f77b4"));
        double total = path.Profile[^1].DistanceA;
        fig.Add(PlotFigure.Line($"barrier {path.BarrierEV:0.000} eV", [0, total], [path.BarrierEV, path.BarrierEV], dash: "dash", color: "#d62728"));
        return fig;
    }
}
