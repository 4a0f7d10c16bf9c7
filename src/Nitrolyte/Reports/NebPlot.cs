using System.Globalization;
using Nitrolyte.Migration;

namespace Nitrolyte.Reports;

/// <summary>The BVSE energy along a resampled hop: the fine profile (line), the NEB images (markers, numbered as the
/// VASP folders) and the grid saddle (marked), energies relative to the start site.</summary>
public static class NebPlot
{
    public static PlotFigure Profile(NebPath p, string ion, string? title = null)
    {
        double e0 = p.Hop.From.EnergyEV;
        var fig = new PlotFigure
        {
            Title = title ?? $"{ion}+ BVSE energy along hop {p.Hop.Number} (site {p.Hop.From.SiteId} → site {p.Hop.To.SiteId}), {p.Images.Count - 2} NEB images",
            XTitle = "distance along the path (Å)", YTitle = "E − E(start) (eV)",
            Caption = $"Line: BVSE energy along the steepest-descent grid path (the model evaluated at every grid point and in between); markers: the NEB images at equal arc length " +
                      $"(00 = start, {p.Images.Count - 1:00} = end); star: the grid saddle, barrier {p.BarrierEV.ToString("0.000", CultureInfo.InvariantCulture)} eV " +
                      $"(reverse {p.Hop.ReverseBarrierEV.ToString("0.000", CultureInfo.InvariantCulture)} eV). BVSE barriers are usually lower than NEB ones (seed 003: 0.176 eV BVSE, 0.38 eV NEB).",
        };
        fig.Add(PlotFigure.Line("BVSE profile", p.Fine.Select(x => x.DistanceA), p.Fine.Select(x => x.EnergyEV - e0), color: "#1f77b4"));
        fig.Add(PlotFigure.Markers("NEB images", p.Images.Select(x => x.DistanceA), p.Images.Select(x => x.EnergyEV - e0), color: "#ff7f0e",
            text: p.Images.Select((x, k) => $"image {k:00}")));
        var saddle = PlotFigure.Markers($"saddle {p.BarrierEV.ToString("0.000", CultureInfo.InvariantCulture)} eV", [p.SaddleDistanceA], [p.BarrierEV], color: "#d62728");
        saddle["marker"]!["symbol"] = "star";
        saddle["marker"]!["size"] = 14;
        fig.Add(saddle);
        return fig;
    }
}
