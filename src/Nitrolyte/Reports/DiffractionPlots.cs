using Nitrolyte.Diffraction;
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

    /// <summary>Profiles of one or two patterns (X-ray solid, neutron dotted) with the X-ray peak positions marked.</summary>
    public static PlotFigure Patterns(string name, double twoThetaMinDeg, double twoThetaMaxDeg, DiffractionPattern? xray, DiffractionPattern? neutron,
        double u = 0.004, double v = -0.002, double w = 0.004, double eta = 0.5)
    {
        double lambda = (xray ?? neutron)!.WavelengthA;
        var fig = new PlotFigure
        {
            Title = $"Powder patterns, λ = {lambda:0.#####} Å: {name}", XTitle = "2θ (°)", YTitle = "intensity (strongest = 100)",
            Caption = $"Calculated patterns (pseudo-Voigt, Caglioti U,V,W = {u:0.###}, {v:0.###}, {w:0.###} deg²); X-ray with International Tables form factors, neutron with coherent scattering lengths (Li negative). Markers: peak positions and hkl.",
        };
        if (xray is not null)
        {
            var (x1, y1) = PowderPattern.Profile(xray, twoThetaMinDeg, twoThetaMaxDeg, 0.02, u, v, w, eta);
            fig.Add(PlotFigure.Line("X-ray", x1, y1, color: "#1f77b4"));
        }
        if (neutron is not null)
        {
            var (x2, y2) = PowderPattern.Profile(neutron, twoThetaMinDeg, twoThetaMaxDeg, 0.02, u, v, w, eta);
            fig.Add(PlotFigure.Line("neutron", x2, y2, color: "#d62728", dash: xray is null ? null : "dot"));
        }
        var marked = xray ?? neutron!;
        var strong = marked.Peaks.Where(p => p.Intensity >= 2).ToList();
        fig.Add(PlotFigure.Markers(xray is null ? "neutron peaks" : "X-ray peaks", strong.Select(p => p.TwoThetaDeg), strong.Select(p => p.Intensity),
            color: xray is null ? "#d62728" : "#1f77b4", text: strong.Select(p => $"({string.Join(" ", p.Hkl)}) d = {p.DA:0.###} Å")));
        return fig;
    }

    /// <summary>Total G(r) and the weighted partials.</summary>
    public static PlotFigure Pdf(PdfResult pdf, string name, double sigmaA = 0.05)
    {
        var fig = new PlotFigure
        {
            Title = $"Pair distribution function ({(pdf.Neutron ? "neutron" : "X-ray")} weights): {name}", XTitle = "r (Å)", YTitle = "G(r) (Å⁻²)",
            Caption = $"Total G(r) = 4πrρ0[g(r) − 1] with {(pdf.Neutron ? "scattering-length" : "Z")} weights, σ = {sigmaA:0.###} Å; dashed: weighted partials.",
        };
        fig.Add(PlotFigure.Line("total", pdf.RA, pdf.G, color: "#000000"));
        foreach (var (k, v) in pdf.Partials)
        {
            double wk = pdf.Weights[k];
            fig.Add(PlotFigure.Line($"{k} (×{wk:0.###})", pdf.RA, v.Select(y => y * wk), dash: "dash"));
        }
        return fig;
    }
}
