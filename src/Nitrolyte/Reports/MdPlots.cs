using System.Globalization;
using Nitrolyte.Arrhenius;
using Nitrolyte.Dynamics;

namespace Nitrolyte.Reports;

/// <summary>The MD figures shared by the evaluate report and the <c>md</c> commands' <c>--figure</c>.</summary>
public static class MdPlots
{
    /// <summary>Tracer MSD of each trajectory with its GLS fit over the fit window.</summary>
    public static PlotFigure Msd(IReadOnlyList<(string File, MdAnalysisResult R)> results, string species)
    {
        var fig = new PlotFigure { Title = $"{species} mean squared displacement", XTitle = "t (ps)", YTitle = "MSD (Å²)",
            Caption = "Solid: MSD (all time origins); dashed: the GLS fit over its window (the segment drawn)." };
        int c = 0;
        foreach (var (file, r) in results)
        {
            var color = PlotColors.At(c++);
            var lags = Thin(r.FrameCount, 300);
            string label = r.Options.TemperatureK is { } tk ? $"{tk:0} K" : Path.GetFileName(file);
            fig.Add(PlotFigure.Line(label, lags.Select(r.Msd.TimePs), lags.Select(l => r.Msd.Total[l]), color: color));
            var w = r.Tracer.Window;
            fig.Add(PlotFigure.Line($"{label} fit: D = {r.Tracer.DCm2PerS:0.00e+0} cm²/s", [w.StartPs, w.EndPs],
                [r.Tracer.InterceptA2 + r.Tracer.SlopeA2PerPs * w.StartPs, r.Tracer.InterceptA2 + r.Tracer.SlopeA2PerPs * w.EndPs], "dash", color));
        }
        return fig;
    }

    /// <summary>Per-direction and collective MSD of one trajectory.</summary>
    public static PlotFigure Directions(MdAnalysisResult hot, string file)
    {
        var fig = new PlotFigure { Title = $"Per-direction MSD ({(hot.Options.TemperatureK is { } th ? $"{th:0} K" : Path.GetFileName(file))})", XTitle = "t (ps)", YTitle = "MSD (Å²)",
            Caption = $"D x / y / z = {string.Join(" / ", hot.Directional.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.DCm2PerS:0.00e+0} ± {d.DStdErrCm2PerS:0.0e+0}")))} cm²/s (± SE). " +
                      "Slopes that differ by much more than their SEs mean anisotropic (1D/2D) diffusion; smaller differences are noise. " +
                      "Dotted: collective (centre-of-charge) MSD per direction, N·MSD_com / 3." };
        var hl = Thin(hot.FrameCount, 300);
        string[] axes = ["x", "y", "z"];
        for (int d = 0; d < 3; d++) fig.Add(PlotFigure.Line(axes[d], hl.Select(hot.Msd.TimePs), hl.Select(l => hot.Msd.Directional[d][l]), color: PlotColors.At(d)));
        fig.Add(PlotFigure.Line("collective / 3", hl.Select(hot.Msd.TimePs), hl.Select(l => hot.Msd.Collective[l] / 3), "dot", "#555555"));
        return fig;
    }

    /// <summary>D(T) with error bars and the Arrhenius fit.</summary>
    public static PlotFigure Arrhenius(IReadOnlyList<MdTemperaturePoint> pts, ArrheniusResult fit) =>
        ArrheniusPlot.Build("MD diffusivity vs temperature",
            [new ArrheniusPlot.Series("D (MD)", pts.Select(p => new ArrheniusPoint(p.TemperatureK, p.DCm2PerS, p.DStdErrCm2PerS)).ToList(), fit, ExtendTo25C: true)],
            yTitle: "D (cm²/s)", caption: "Points: D ± SE from the GLS fits; dashed: Arrhenius fit over the simulated range, dotted to room temperature.");

    private static int[] Thin(int n, int max)
    {
        int step = Math.Max(1, (int)Math.Ceiling(n / (double)max));
        return Enumerable.Range(0, (n + step - 1) / step).Select(k => k * step).Where(l => l < n).ToArray();
    }
}
