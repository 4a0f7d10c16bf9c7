using Nitrolyte.Arrhenius;

namespace Nitrolyte.Reports;

/// <summary>The Arrhenius plot every domain shares: log σ (or D) against 1000/T, points with error bars and fitted lines.</summary>
public static class ArrheniusPlot
{
    public sealed record Series(string Label, IReadOnlyList<ArrheniusPoint> Points, ArrheniusResult? Fit, bool ExtendTo25C = true);

    public static PlotFigure Build(string title, IEnumerable<Series> series, string yTitle = "σ (S/cm)", string? caption = null)
    {
        var fig = new PlotFigure
        {
            Title = title, XTitle = "1000/T (1/K)", YTitle = yTitle, LogY = true, Caption = caption,
        };
        int i = 0;
        foreach (var s in series)
        {
            var color = PlotColors.At(i++);
            var x = s.Points.Select(p => 1000 / p.TemperatureK).ToArray();
            var y = s.Points.Select(p => p.Value).ToArray();
            var err = s.Points.All(p => double.IsFinite(p.StdErr)) ? s.Points.Select(p => p.StdErr) : null;
            fig.Add(PlotFigure.Markers(s.Label, x, y, err, color, s.Points.Select(p => $"{p.TemperatureK - 273.15:0.#} °C")));
            if (s.Fit is { } f)
            {
                // the fitted line covers the measured range; σ(25 °C) outside it is an extrapolation, drawn as a
                // dotted extension to a marked point rather than as more fitted line
                double tLow = f.TMinK, tHigh = f.TMaxK;
                var ts = Enumerable.Range(0, 41).Select(k => 1 / (1 / tLow + (1 / tHigh - 1 / tLow) * k / 40.0)).ToArray();
                fig.Add(PlotFigure.Line($"{s.Label}: Ea = {f.EaEV:0.000} ± {f.EaStdErrEV:0.000} eV", ts.Select(t => 1000 / t), ts.Select(f.ValueAt), "dash", color));
                const double t25 = 298.15;
                if (s.ExtendTo25C && (t25 < tLow || t25 > tHigh))
                {
                    double edge = t25 < tLow ? tLow : tHigh;
                    var ext = PlotFigure.Line("", new[] { 1000 / edge, 1000 / t25 }, new[] { f.ValueAt(edge), f.ValueAt(t25) }, "dot", color);
                    ext["showlegend"] = false;
                    fig.Add(ext);
                    var symbol = yTitle.Split(' ')[0];
                    var mark = PlotFigure.Markers($"{s.Label}: {symbol}(25 °C) = {f.ValueAt(t25):0.00e+0} (extrapolated)", new[] { 1000 / t25 }, new[] { f.ValueAt(t25) }, color: color);
                    ((System.Text.Json.Nodes.JsonObject)mark["marker"]!)["symbol"] = "diamond-open";
                    ((System.Text.Json.Nodes.JsonObject)mark["marker"]!)["size"] = 10;
                    fig.Add(mark);
                }
            }
        }
        return fig;
    }
}
