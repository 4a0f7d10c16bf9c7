using System.Numerics;
using System.Text.Json.Nodes;
using Nitrolyte.Impedance;

namespace Nitrolyte.Reports;

/// <summary>Impedance figures (Nyquist, Bode, residuals with Lin-KK, DRT) shared by the evaluate step and `eis fit --html`.</summary>
public static class ImpedancePlots
{
    public static string Describe(ImpedanceSpectrum s) =>
        s.Label ?? (s.TemperatureC is { } t ? $"{Path.GetFileName(s.SourceFile ?? "")} ({t:0.#} °C)" : Path.GetFileName(s.SourceFile ?? "spectrum"));

    /// <summary>Z' where the arcs end: walking up from the lowest frequency while −Z'' falls (a blocking spike falls
    /// steeply towards higher frequencies; 3 % tolerance for noise), the valley between spike and arcs; without a
    /// spike, the lowest-frequency point. Never below the largest Z' of the points above the valley.</summary>
    public static double ArcEndReal(ImpedanceSpectrum s)
    {
        var order = Enumerable.Range(0, s.Count).OrderBy(i => s.FrequenciesHz[i]).ToArray();
        int k = 0;
        while (k + 1 < order.Length && -s.Z[order[k + 1]].Imaginary < -s.Z[order[k]].Imaginary * 1.03 && -s.Z[order[k]].Imaginary > 0) k++;
        double end = s.Z[order[k]].Real;
        for (int j = k; j < order.Length; j++) end = Math.Max(end, s.Z[order[j]].Real);
        return end > 0 ? end : Math.Max(1e-300, s.Z.Max(z => z.Real));
    }

    public static PlotFigure Nyquist(SeriesResult res, string name)
    {
        // a blocking spike can reach 100× the arcs: frame the arcs (up to 1.2× the Z' where the low-frequency spike
        // starts, the largest over the spectra), with equal scales on both axes. The x axis keeps its range and the
        // plot narrows instead (constrain = domain): otherwise plotly widens the x range to match the plot's aspect.
        double xMax = 1.2 * res.Fits.Max(f => ArcEndReal(f.Spectrum));
        double xMin = Math.Min(0, res.Fits.Min(f => f.Spectrum.Z.Min(z => z.Real)));
        double span = xMax - xMin;
        var fig = new PlotFigure
        {
            Title = $"Nyquist plot: {name}", XTitle = "Z' (Ω)", YTitle = "−Z'' (Ω)", EqualAxes = true,
            Caption = "Points: measured spectra; lines: circuit fits (equal axis scales, so arcs look like arcs; framed on the arcs, zoom out for the electrode spike).",
            ExtraLayout = new JsonObject
            {
                ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "Z' (Ω)" }, ["range"] = new JsonArray(xMin, xMax), ["zeroline"] = false, ["constrain"] = "domain" },
                ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "−Z'' (Ω)" }, ["range"] = new JsonArray(-0.03 * span, 0.5 * span), ["scaleanchor"] = "x", ["scaleratio"] = 1, ["zeroline"] = false, ["constrain"] = "domain" },
            },
        };
        int i = 0;
        foreach (var f in res.Fits.OrderBy(x => x.TemperatureC ?? 0))
        {
            var color = PlotColors.At(i++);
            var s = f.Spectrum;
            fig.Add(PlotFigure.Markers(Describe(s), s.Z.Select(z => z.Real), s.Z.Select(z => -z.Imaginary), color: color,
                text: s.FrequenciesHz.Select(v => $"{v:G3} Hz")));
            var (ff, zz) = Dense(f.Fit, s);
            fig.Add(PlotFigure.Line($"fit {Describe(s)}", zz.Select(z => z.Real), zz.Select(z => -z.Imaginary), color: color));
        }
        return fig;
    }

    public static (double[] F, Complex[] Z) Dense(CircuitFit fit, ImpedanceSpectrum s)
    {
        double lo = Math.Log10(s.FrequenciesHz.Min()), hi = Math.Log10(s.FrequenciesHz.Max());
        var f = Enumerable.Range(0, 121).Select(k => Math.Pow(10, hi - (hi - lo) * k / 120.0)).ToArray();
        return (f, fit.Circuit.Simulate(f, fit.Values));
    }

    /// <summary>σ(T) of a series' fits (total, bulk, grain boundary) with their Arrhenius fits; null without any.</summary>
    public static PlotFigure? SeriesArrhenius(SeriesResult res, string name)
    {
        if (res.Arrhenius is not { } arr) return null;
        var series = new List<ArrheniusPlot.Series>();
        var pts = res.Fits.Where(f => f.TemperatureC is not null && f.Conductivity is not null).ToList();
        List<Arrhenius.ArrheniusPoint> P(Func<ConductivityResult, double> s) =>
            pts.Select(f => new Arrhenius.ArrheniusPoint(f.TemperatureC!.Value + Core.PhysicalConstants.ZeroCelsiusK, s(f.Conductivity!))).Where(p => p.Value > 0 && double.IsFinite(p.Value)).ToList();
        if (arr.Total is not null) series.Add(new($"{name} total", P(c => c.TotalSPerCm), arr.Total));
        if (arr.Bulk is not null) series.Add(new("bulk", P(c => c.BulkSPerCm), arr.Bulk));
        if (arr.GrainBoundary is not null) series.Add(new("grain boundary", P(c => c.GrainBoundarySPerCm), arr.GrainBoundary));
        return series.Count == 0 ? null : ArrheniusPlot.Build($"Arrhenius plot from spectra: {name}", series,
            caption: "Conductivities from the circuit fits; dashed: Arrhenius fits over the measured range, dotted to a marked 25 °C point when that is outside it.");
    }

    public static PlotFigure Bode(SeriesPointFit rep)
    {
        var s = rep.Spectrum;
        var (f, z) = Dense(rep.Fit, s);
        var fig = new PlotFigure
        {
            Title = $"Bode plot: {Describe(s)}", XTitle = "f (Hz)", YTitle = "|Z| (Ω)", LogX = true, LogY = true,
            Caption = "Modulus (left axis) and −phase (right axis; positive = capacitive); points measured, lines fitted.",
            ExtraLayout = new JsonObject
            {
                ["yaxis2"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "−phase (°)" }, ["overlaying"] = "y", ["side"] = "right", ["tickmode"] = "auto", ["showgrid"] = false },
                ["margin"] = new JsonObject { ["l"] = 70, ["r"] = 70, ["t"] = 50, ["b"] = 60 },
            },
        };
        fig.Add(PlotFigure.Markers("|Z|", s.FrequenciesHz, s.Z.Select(v => v.Magnitude), color: "#1f77b4"));
        fig.Add(PlotFigure.Line("|Z| fit", f, z.Select(v => v.Magnitude), color: "#1f77b4"));
        fig.Add(PlotFigure.Markers("−phase", s.FrequenciesHz, s.Z.Select(v => -v.Phase * 180 / Math.PI), color: "#d62728", yaxis: "y2"));
        fig.Add(PlotFigure.Line("−phase fit", f, z.Select(v => -v.Phase * 180 / Math.PI), color: "#d62728", yaxis: "y2"));
        return fig;
    }

    public static PlotFigure Residuals(SeriesPointFit rep, LinKKResult kk)
    {
        var s = rep.Spectrum;
        var (re, im) = rep.Fit.RelativeResidualsPct();
        var fig = new PlotFigure
        {
            Title = $"Residuals: {Describe(s)}", XTitle = "f (Hz)", YTitle = "residual (% of |Z|)", LogX = true,
            Caption = ResidualCaption(re, im, kk),
        };
        fig.Add(PlotFigure.Line("fit, real", s.FrequenciesHz, re, color: "#1f77b4"));
        fig.Add(PlotFigure.Line("fit, imaginary", s.FrequenciesHz, im, dash: "dash", color: "#1f77b4"));
        fig.Add(PlotFigure.Markers("Lin-KK, real", s.FrequenciesHz, kk.ResidualRealPct, color: "#2ca02c"));
        fig.Add(PlotFigure.Markers("Lin-KK, imaginary", s.FrequenciesHz, kk.ResidualImagPct, color: "#ff7f0e"));
        return fig;
    }

    /// <summary>The residual figure's caption: what the fit and Lin-KK residuals of this spectrum are, not what good residuals would mean.</summary>
    public static string ResidualCaption(IReadOnlyList<double> fitRe, IReadOnlyList<double> fitIm, LinKKResult kk)
    {
        static double MaxAbs(IEnumerable<double> v) => v.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(double.NaN).Max();
        double kkMax = Math.Max(MaxAbs(kk.ResidualRealPct), MaxAbs(kk.ResidualImagPct));
        double fitMax = Math.Max(MaxAbs(fitRe), MaxAbs(fitIm));
        string kkVerdict = !double.IsFinite(kkMax) ? "not available"
            : kkMax <= 1 ? $"at most {kkMax:0.##} %: within 1 %, consistent with a causal, linear and stable spectrum"
            : $"up to {kkMax:0.##} %: above 1 %, so part of the spectrum is not Kramers-Kronig consistent (drift, non-linearity or noise; check the points with large residuals)";
        return $"Circuit-fit residuals (largest {fitMax:0.##} % of |Z|) and Lin-KK residuals (M = {kk.M}, µ = {kk.Mu:0.00}{(double.IsFinite(kk.SeriesCapacitanceF) ? $", series capacitance {kk.SeriesCapacitanceF:0.0e+0} F" : "")}), {kkVerdict}.";
    }

    /// <summary>What this Lin-KK result says, in numbers (the Lin-KK view's caption).</summary>
    public static string LinKKCaption(LinKKResult kk)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string head = string.Create(inv, $"Circuit-fit residuals (lines) and Lin-KK residuals (points; M = {kk.M}, µ = {kk.Mu:0.00}{(double.IsFinite(kk.SeriesCapacitanceF) ? $", series capacitance {kk.SeriesCapacitanceF:0.0e+0} F" : "")}): ");
        string body = string.Create(inv, $"largest Lin-KK residual {kk.MaxResidualPct:0.00} %, mean {kk.MeanAbsResidualPct:0.000} % of |Z|");
        string verdict = kk.MaxResidualPct < 1
            ? ", so this spectrum is consistent with Kramers-Kronig (causal, linear, stable) at the 1 % level."
            : kk.MeanAbsResidualPct < 1
                ? ": mostly consistent, with a few points above 1 % (look for drift or noise at those frequencies)."
                : ": this spectrum is not Kramers-Kronig consistent at the 1 % level (drift, non-linearity, or a low-frequency feature the test cannot follow).";
        return head + body + verdict;
    }

    public static PlotFigure DrtPlot(DrtResult d, ImpedanceSpectrum s)
    {
        var fig = new PlotFigure
        {
            Title = $"Distribution of relaxation times: {Describe(s)}", XTitle = "τ (s)", YTitle = "γ (Ω)", LogX = true,
            Caption = $"Tikhonov-regularised NNLS, λ = {d.Lambda:G2} by generalised cross-validation; peaks: " +
                      string.Join("; ", d.Peaks.Select(p => $"τ = {p.TauS:0.0e+0} s, R = {p.ResistanceOhm:G3} Ω, C = {p.CapacitanceF:0.0e+0} F")),
        };
        fig.Add(PlotFigure.Line("γ(τ)", d.TausS, d.GammaOhm, color: "#9467bd"));
        return fig;
    }
}
