using System.Text.Json.Nodes;
using Nitrolyte.Diffraction.Refinement;

namespace Nitrolyte.Reports;

/// <summary>Figures of a powder refinement: observed, calculated, difference (offset below) and reflection ticks per phase.</summary>
public static class DiffractionPlots
{
    public static PlotFigure ObsCalcDiff(PowderRefinementResult r, string title)
    {
        var fig = new PlotFigure
        {
            Title = title, XTitle = "2θ (°)", YTitle = "intensity (counts)",
            Caption = $"{(r.Mode == RefinementMode.Rietveld ? "Rietveld" : "Le Bail")} fit: Rwp = {r.Rwp * 100:0.##} %, Rp = {r.Rp * 100:0.##} %, χ² = {r.ChiSquare:0.###}; difference (obs − calc) drawn below the pattern, reflection positions as ticks.",
        };
        double min = r.Observed.Min(), max = r.Observed.Max();
        var diff = r.Observed.Zip(r.Calculated, (o, c) => o - c).ToArray();
        double offset = min - diff.Max() - 0.05 * (max - min);
        fig.Add(PlotFigure.Markers("observed", r.TwoThetaDeg, r.Observed, color: "#1f77b4"));
        ((JsonObject)fig.Traces[^1]["marker"]!)["size"] = 3;
        fig.Add(PlotFigure.Line("calculated", r.TwoThetaDeg, r.Calculated, color: "#d62728"));
        fig.Add(PlotFigure.Line("background", r.TwoThetaDeg, r.Background, dash: "dot", color: "#7f7f7f"));
        fig.Add(PlotFigure.Line("obs − calc", r.TwoThetaDeg, diff.Select(d => d + offset), color: "#2ca02c"));
        string[] colours = ["#9467bd", "#ff7f0e", "#8c564b", "#e377c2"];
        double tickY = offset - 0.04 * (max - min);
        for (int k = 0; k < r.Phases.Count; k++)
        {
            var ph = r.Phases[k];
            var t = PlotFigure.Markers($"{ph.Name} reflections", ph.Reflections.Select(x => x.TwoThetaDeg), ph.Reflections.Select(_ => tickY - k * 0.03 * (max - min)),
                color: colours[k % colours.Length], text: ph.Reflections.Select(x => $"({string.Join(" ", x.Hkl)}) d = {x.DA:0.0000} Å"));
            ((JsonObject)t["marker"]!)["symbol"] = "line-ns-open";
            ((JsonObject)t["marker"]!)["size"] = 10;
            fig.Add(t);
        }
        return fig;
    }
}
