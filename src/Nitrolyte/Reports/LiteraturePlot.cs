using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Library;

namespace Nitrolyte.Reports;

/// <summary>
/// Arrhenius comparison plots as in Fig. 3E/5E of the review: each material drawn as a line through its stated σ(T0)
/// with slope −Ea (σT form unless the source states σ), a marker at the stated point, and a dotted band edge at 25 °C.
/// </summary>
public static class LiteraturePlot
{
    /// <summary>A line (and marker) per entry with σ and Ea; entries without them are listed in the caption.</summary>
    public static PlotFigure Build(string title, IEnumerable<LiteratureEntry> entries, double tMinC = LiteratureComparison.DefaultTMinC, double tMaxC = LiteratureComparison.DefaultTMaxC,
        IReadOnlyCollection<string>? highlightIds = null)
    {
        var list = entries.ToList();
        var drawable = list.Where(e => e.HasArrheniusLine).ToList();
        var skipped = list.Where(e => !e.HasArrheniusLine).Select(e => e.Name).ToList();
        var caption = "Lines: σ from each material's stated σ(T) and Ea (σT = A exp(−Ea/kBT) unless the source states the σ form; " +
                      "the slope changes at a reported phase transition). Markers: the stated values (open = extrapolated by the source). " +
                      "Dotted vertical line: 25 °C; dashed horizontal line: the 1 mS/cm target.";
        if (skipped.Count > 0) caption += $" Not drawn (no σ or Ea): {string.Join(", ", skipped)}.";
        double x25 = 1000 / PhysicalConstants.RoomTemperatureK;
        var fig = new PlotFigure
        {
            Title = title, XTitle = "1000/T (1/K)", YTitle = "σ (S/cm)", LogY = true, Caption = caption,
            ExtraLayout = new System.Text.Json.Nodes.JsonObject
            {
                ["shapes"] = new System.Text.Json.Nodes.JsonArray(
                    new System.Text.Json.Nodes.JsonObject
                    {
                        ["type"] = "line", ["xref"] = "x", ["yref"] = "paper", ["x0"] = x25, ["x1"] = x25, ["y0"] = 0, ["y1"] = 1,
                        ["line"] = new System.Text.Json.Nodes.JsonObject { ["dash"] = "dot", ["color"] = "#888", ["width"] = 1 },
                    },
                    new System.Text.Json.Nodes.JsonObject
                    {
                        ["type"] = "line", ["xref"] = "paper", ["yref"] = "y", ["x0"] = 0, ["x1"] = 1, ["y0"] = 1e-3, ["y1"] = 1e-3,
                        ["line"] = new System.Text.Json.Nodes.JsonObject { ["dash"] = "dash", ["color"] = "#0a7a2f", ["width"] = 1 },
                    }),
                ["legend"] = new System.Text.Json.Nodes.JsonObject { ["orientation"] = "v", ["x"] = 1.02, ["y"] = 1 },
                ["margin"] = new System.Text.Json.Nodes.JsonObject { ["l"] = 70, ["r"] = 260, ["t"] = 50, ["b"] = 60 },
                ["height"] = Math.Max(480, 24 * drawable.Count + 120),
            },
        };
        int i = 0;
        foreach (var e in drawable)
        {
            var color = PlotColors.At(i++);
            bool highlight = highlightIds?.Contains(e.Id) == true;
            var ts = Enumerable.Range(0, 61).Select(k => 1 / (1 / (tMaxC + 273.15) + (1 / (tMinC + 273.15) - 1 / (tMaxC + 273.15)) * k / 60.0)).ToArray();
            var label = $"{e.Name}: {e.EaEV:0.###} eV" + (e.EaHighTEV is { } h ? $" / {h:0.###} eV above {e.TransitionC:0} °C" : "");
            var line = PlotFigure.Line(label, ts.Select(t => 1000 / t), ts.Select(t => e.SigmaAt(t)!.Value), highlight ? "solid" : null, color);
            line["legendgroup"] = e.Id;
            if (highlight) ((System.Text.Json.Nodes.JsonObject)line["line"]!)["width"] = 4;
            fig.Add(line);
            double tk = e.TemperatureC!.Value + PhysicalConstants.ZeroCelsiusK;
            var marker = PlotFigure.Markers(e.Name, [1000 / tk], [e.SigmaSPerCm!.Value], color: color,
                text: [$"{e.Name}: {e.SigmaSPerCm:0.###e+0} S/cm at {e.TemperatureC:0.##} °C{(e.Extrapolated ? " (extrapolated)" : "")}, Ea {e.EaEV:0.###} eV; {e.Source}"]);
            marker["legendgroup"] = e.Id;
            marker["showlegend"] = false;
            ((System.Text.Json.Nodes.JsonObject)marker["marker"]!)["symbol"] = e.Extrapolated ? "circle-open" : "circle";
            ((System.Text.Json.Nodes.JsonObject)marker["marker"]!)["size"] = highlight ? 12 : 8;
            fig.Add(marker);
        }
        return fig;
    }

    /// <summary>The page of `library compare --html`: the materials table and the Arrhenius comparison plot.</summary>
    public static Report CompareReport(IReadOnlyList<LiteratureEntry> picked, double tMinC = LiteratureComparison.DefaultTMinC, double tMaxC = LiteratureComparison.DefaultTMaxC)
    {
        var report = new Report { Material = "Literature comparison", Description = string.Join(" vs ", picked.Select(e => e.Name)) };
        var section = new ReportSection { Key = "library-compare", Title = "Arrhenius comparison" };
        section.Paragraphs.Add("Each line runs through the material's stated conductivity at its stated temperature with the slope of its activation energy " +
                               "(σT = A exp(−Ea/kBT) unless the source states the σ form), as in Fig. 3E/5E of the review (seed 001). " +
                               "Lines are drawn from the two published numbers, not from the original data points.");
        section.Tables.Add(new ReportTable("Materials", ["material", "family", "space group", "σ (S/cm)", "T (°C)", "σ(25 °C) (S/cm)", "Ea (eV)", "synthesis", "source"],
            picked.Select(r => (IReadOnlyList<string>)[r.Name, r.Family, r.SpaceGroup ?? "—", SigmaText(r), r.TemperatureC?.ToString("0.##", CultureInfo.InvariantCulture) ?? "—",
                r.Sigma25C is { } v ? v.ToString("0.0##e+0", CultureInfo.InvariantCulture) : "—", EaText(r), r.Synthesis ?? "—", r.Source]).ToList()));
        section.Figures.Add(LiteraturePlot.Build("Arrhenius comparison", picked, tMinC, tMaxC));
        report.Sections.Add(section);
        return report;
    }

    /// <summary>"4.3e-5*" (* = extrapolated by the source) or "—".</summary>
    public static string SigmaText(LiteratureEntry r) =>
        r.SigmaSPerCm is { } s ? s.ToString("0.0##e+0", CultureInfo.InvariantCulture) + (r.Extrapolated ? "*" : "") : "—";

    /// <summary>"0.378" or "0.53 / 0.42 (HT)" or "—".</summary>
    public static string EaText(LiteratureEntry r) =>
        r.EaEV is { } e ? e.ToString("0.00#", CultureInfo.InvariantCulture) + (r.EaHighTEV is { } h ? $" / {h.ToString("0.00#", CultureInfo.InvariantCulture)} (HT)" : "") : "—";
}
