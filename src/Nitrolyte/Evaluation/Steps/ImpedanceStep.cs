using System.Numerics;
using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// Impedance spectra of one sample (one temperature or a temperature/time series) -> circuit fits, Lin-KK, DRT,
/// conductivities and, over temperature, Arrhenius fits. Options: circuit (default R0-p(R1,CPE1)-p(R2,CPE2)-CPE3
/// for blocking cells, R0-p(R1,CPE1) for symmetric ones), temperatures_c (one per spectrum; otherwise read from
/// file names or temperature_c), cell: blocking|symmetric, weighting, fmin_hz, fmax_hz, form (sigma-t|sigma), columns
/// (as --columns: which text-table column holds f, Z', Z''; docs/file-formats.md).
/// </summary>
public sealed class ImpedanceStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["eis", "impedance", "peis", "geis"];
    public string Name => "eis";

    private static readonly string[] Palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var o = entry.Options;
        var cellName = (ManifestValues.String(o, "cell") ?? "blocking").Trim().ToLowerInvariant();
        var cell = cellName switch
        {
            "blocking" => CellType.Blocking,
            "symmetric" => CellType.Symmetric,
            _ => throw new NitrolyteInputException($"{entry.DisplayName}: cell '{cellName}' is not blocking or symmetric"),
        };
        var circuit = Circuit.Parse(ManifestValues.String(o, "circuit") ?? (cell == CellType.Blocking ? "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3" : "R0-p(R1,CPE1)"));
        var weighting = WeightingNames.Parse(ManifestValues.String(o, "weighting") ?? "modulus");
        var form = ManifestValues.String(o, "form") is { } fs ? ArrheniusFormNames.Parse(fs) : ArrheniusForm.SigmaT;
        double? fmin = ManifestValues.Double(o, "fmin_hz"), fmax = ManifestValues.Double(o, "fmax_hz");

        var columns = Formats.Columns.ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns"));
        var spectra = new List<ImpedanceSpectrum>();
        foreach (var f in entry.Files)
            foreach (var s in ImpedanceReader.ReadAll(f, columns))
                spectra.Add(fmin is not null || fmax is not null ? s.WithFrequencyRange(fmin, fmax) : s);
        var temps = ManifestValues.DoubleArray(o, "temperatures_c");
        var labels = o["labels"] is JsonArray la ? la.Select(x => x?.ToString()).ToArray() : null;
        if (temps is not null && temps.Length != spectra.Count)
            throw new NitrolyteInputException($"{entry.DisplayName}: temperatures_c has {temps.Length} values for {spectra.Count} spectra");
        double? single = ManifestValues.Double(o, "temperature_c");
        spectra = spectra.Select((s, i) => s with
        {
            TemperatureC = temps?[i] ?? SeriesFitter.TemperatureFromName(s.SourceFile ?? "") ?? single,
            Label = labels is not null && i < labels.Length ? labels[i] : s.Label,
        }).ToList();

        var sample = entry.Sample.Over(context.Manifest.Sample);
        PelletGeometry? geometry = sample.ThicknessMm is { } t && sample.ElectrodeAreaCm2 is { } a ? new PelletGeometry(t / 10, a, sample.RelativeDensity) : null;
        var res = SeriesFitter.Fit(spectra, circuit, new CircuitFitOptions { Weighting = weighting, MultiStart = 12 }, geometry, cell, form);

        // representative spectrum for KK, DRT, Bode and residuals: the one nearest 25 °C (or the first)
        var rep = res.Fits.OrderBy(f => Math.Abs((f.TemperatureC ?? 25) - 25)).First();
        // complex fit: the real-part fit with the µ criterion can stop at too few RC elements on spectra with few, sharp arcs
        var kk = KramersKronig.LinKK(rep.Spectrum, fitType: KkFitType.Complex, addCapacitance: KramersKronig.NeedsSeriesCapacitance(rep.Spectrum));
        DrtResult? drt = rep.Spectrum.Count >= 5 ? Drt.Compute(rep.Spectrum) : null;

        // ---- results JSON
        var results = new JsonObject
        {
            ["circuit"] = circuit.Text,
            ["cell"] = cellName,
            ["weighting"] = weighting.ToName(),
            ["spectra"] = spectra.Count,
        };
        var read = spectra.Select(x => (x.SourceFile ?? "", x.Columns)).DistinctBy(x => x.Item1).ToList();
        ColumnsJson.AddTo(results, read);
        var seriesJson = SeriesJsonCompact(res);
        results["fits"] = seriesJson["fits"]!.DeepClone();
        // the total-conductivity Arrhenius summary at the top level (what the scorecard and the library read);
        // bulk and grain boundary in an array, so readers looking for one σ(25 °C) per analysis find the total
        if (res.Arrhenius?.Total is { } totalFit)
            foreach (var (k, v) in Json.ToNode(ArrheniusSummary.From(totalFit))!.AsObject()) results[k] = v?.DeepClone();
        if (res.Arrhenius is { } ar)
            results["arrhenius"] = new JsonArray(new[] { ("total", ar.Total), ("bulk", ar.Bulk), ("grain_boundary", ar.GrainBoundary) }
                .Where(x => x.Item2 is not null)
                .Select(x => { var node = Json.ToNode(ArrheniusSummary.From(x.Item2!))!.AsObject(); node["component"] = x.Item1; return (JsonNode?)node; }).ToArray());
        results["kk"] = new JsonObject
        {
            ["spectrum"] = Describe(rep.Spectrum), ["m"] = kk.M, ["mu"] = Json.Number(kk.Mu), ["max_residual_pct"] = Json.Number(kk.MaxResidualPct),
        };
        if (drt is not null)
            results["drt"] = new JsonObject
            {
                ["spectrum"] = Describe(rep.Spectrum), ["lambda"] = drt.Lambda, ["inductive_tail"] = drt.InductiveTail,
                ["peaks"] = new JsonArray(drt.Peaks.Select(p => (JsonNode)new JsonObject { ["tau_s"] = p.TauS, ["r_ohm"] = p.ResistanceOhm, ["c_f"] = p.CapacitanceF }).ToArray()),
            };

        // ---- report section
        var section = new ReportSection { Key = $"eis-{entry.Index}", Title = $"Impedance: {entry.DisplayName}" };
        section.Paragraphs.Add($"{spectra.Count} spectr{(spectra.Count == 1 ? "um" : "a")} fitted with {circuit.Text} ({weighting.ToName()} weighting, automatic starting values, warm starts along the series). " +
            (cell == CellType.Blocking
                ? "Arcs are assigned by effective capacitance (Irvine-Sinclair-West): bulk < 1e-11 F, grain boundary 1e-11 to 1e-8 F, electrode > 1e-7 F."
                : "Symmetric Li cell: the series resistance is the electrolyte, the arc is the two Li|electrolyte interfaces (ASR = R A / 2 per interface)."));
        if (geometry is null) section.Warnings.Add("No sample thickness and area in the manifest: resistances only, no conductivities.");
        if (results["assumptions"] is JsonArray assumed && assumed.Count > 0)
            section.Paragraphs.Add("Columns read with assumptions: " + string.Join("; ", assumed.Select(a => a?.ToString())) + ".");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var f in res.Fits.OrderBy(x => x.TemperatureC ?? 0))
        {
            var c = f.Conductivity;
            rows.Add([
                Describe(f.Spectrum), f.TemperatureC?.ToString("0.#") ?? "–",
                string.Join(", ", (c?.Arcs ?? PelletConductivity.Arcs(f.Fit)).Select(x => $"{x.Role}: {x.ResistanceOhm:G3} Ω, {x.EffectiveCapacitanceF:0.0e+0} F")),
                c is null ? "–" : cell == CellType.Symmetric ? $"ASR {c.AsrOhmCm2:G4} Ω cm²" : $"{c.BulkSPerCm:0.00e+0} / {c.GrainBoundarySPerCm:0.00e+0} / {c.TotalSPerCm:0.00e+0}",
                f.Fit.ReducedChiSquare.ToString("0.0e+0"),
            ]);
            foreach (var w in f.Fit.Warnings.Where(w => !w.Contains("correlated"))) section.Warnings.Add($"{Describe(f.Spectrum)}: {w}");
        }
        section.Tables.Add(new ReportTable("Circuit fits", ["spectrum", "T (°C)", "arcs", cell == CellType.Symmetric ? "interface" : "σ bulk / gb / total (S/cm)", "reduced χ²"], rows));

        section.Figures.Add(Nyquist(res, entry.DisplayName));
        section.Figures.Add(Bode(rep));
        section.Figures.Add(Residuals(rep, kk));
        if (drt is not null) section.Figures.Add(DrtPlot(drt, rep.Spectrum));
        if (drt is { InductiveTail: true }) section.Warnings.Add($"{Describe(rep.Spectrum)}: inductive tail ({drt.InductivePoints} points with Z'' > 0); an inductance was added to the DRT model.");
        section.Paragraphs.Add($"Lin-KK on {Describe(rep.Spectrum)}: M = {kk.M}, µ = {kk.Mu:0.000}, largest residual {kk.MaxResidualPct:0.00} % of |Z| " +
                               (kk.MaxResidualPct < 1 ? "(consistent with Kramers-Kronig)." : "(check for drift or non-linearity)."));

        var outcome = new StepOutcome { Results = results, Section = section };
        var arr = res.Arrhenius;
        if (arr is not null && geometry is not null && cell == CellType.Blocking)
        {
            var series = new List<ArrheniusPlot.Series>();
            var pts = res.Fits.Where(f => f.TemperatureC is not null && f.Conductivity is not null).ToList();
            List<ArrheniusPoint> P(Func<ConductivityResult, double> s) =>
                pts.Select(f => new ArrheniusPoint(f.TemperatureC!.Value + PhysicalConstants.ZeroCelsiusK, s(f.Conductivity!))).Where(p => p.Value > 0 && double.IsFinite(p.Value)).ToList();
            if (arr.Total is not null) series.Add(new($"{entry.DisplayName} total", P(c => c.TotalSPerCm), arr.Total));
            if (arr.Bulk is not null) series.Add(new("bulk", P(c => c.BulkSPerCm), arr.Bulk));
            if (arr.GrainBoundary is not null) series.Add(new("grain boundary", P(c => c.GrainBoundarySPerCm), arr.GrainBoundary));
            section.Figures.Add(ArrheniusPlot.Build($"Arrhenius plot from spectra: {entry.DisplayName}", series, caption: "Conductivities from the circuit fits; dashed: Arrhenius fits extended to 25 °C."));
            var arows = new List<IReadOnlyList<string>>();
            foreach (var (n, r) in new[] { ("total", arr.Total), ("bulk", arr.Bulk), ("grain boundary", arr.GrainBoundary) })
                if (r is not null) arows.Add([n, $"{r.EaEV:0.000} ± {r.EaStdErrEV:0.000}", $"{r.ValueAt(PhysicalConstants.RoomTemperatureK):0.00e+0}", $"{r.RSquared:0.0000}"]);
            section.Tables.Add(new ReportTable($"Arrhenius fits ({form.ToCli()} form)", ["", "Ea (eV)", "σ(25 °C) (S/cm)", "R²"], arows));
            if (arr.Total is { } tot)
            {
                var sum = ArrheniusSummary.From(tot);
                outcome.Metrics.Add(new MetricValue(MetricKeys.Sigma25C, sum.Sigma25CSPerCm, "S/cm", entry.DisplayName,
                    $"total conductivity from {pts.Count} impedance spectra, {(sum.Sigma25CExtrapolated ? "extrapolated" : "interpolated")} by Arrhenius"));
                outcome.Metrics.Add(new MetricValue(MetricKeys.ActivationEnergy, tot.EaEV, "eV", entry.DisplayName, "total conductivity from impedance spectra"));
            }
        }
        else if (geometry is not null && cell == CellType.Blocking && rep.Conductivity is { } rc && rep.TemperatureC is { } tc && Math.Abs(tc - 25) <= 5)
        {
            outcome.Metrics.Add(new MetricValue(MetricKeys.Sigma25C, rc.TotalSPerCm, "S/cm", entry.DisplayName, $"total conductivity measured at {tc:0.#} °C"));
        }
        if (cell == CellType.Symmetric && geometry is not null)
        {
            foreach (var f in res.Fits)
                if (f.Conductivity is { } c && double.IsFinite(c.AsrOhmCm2))
                    outcome.Metrics.Add(new MetricValue(MetricKeys.InterfaceAsr, c.AsrOhmCm2, "Ohm cm2", $"{entry.DisplayName}: {Describe(f.Spectrum)}", "one Li|electrolyte interface, R A / 2 from the circuit fit"));
        }
        return outcome;
    }

    private static string Describe(ImpedanceSpectrum s) =>
        s.Label ?? (s.TemperatureC is { } t ? $"{Path.GetFileName(s.SourceFile ?? "")} ({t:0.#} °C)" : Path.GetFileName(s.SourceFile ?? "spectrum"));

    private static JsonObject SeriesJsonCompact(SeriesResult res)
    {
        var fits = new JsonArray();
        foreach (var f in res.Fits)
            fits.Add(new JsonObject
            {
                ["file"] = Path.GetFileName(f.Spectrum.SourceFile ?? ""),
                ["label"] = f.Spectrum.Label,
                ["temperature_c"] = f.TemperatureC is { } t ? t : null,
                ["parameters"] = new JsonArray(f.Fit.Parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = Json.Number(p.Value), ["stderr"] = Json.Number(p.StdErr), ["unit"] = p.Unit }).ToArray()),
                ["chi_square"] = Json.Number(f.Fit.ChiSquare), ["reduced_chi_square"] = Json.Number(f.Fit.ReducedChiSquare), ["aic"] = Json.Number(f.Fit.Aic),
                ["n_points"] = f.Fit.NPoints,
                ["conductivity"] = f.Conductivity is null ? null : Json.ToNode(f.Conductivity),
            });
        JsonNode? Arr(ArrheniusResult? r) => r is null ? null : Json.ToNode(ArrheniusSummary.From(r));
        return new JsonObject
        {
            ["fits"] = fits,
            ["arrhenius"] = res.Arrhenius is { } a ? new JsonObject { ["bulk"] = Arr(a.Bulk), ["grain_boundary"] = Arr(a.GrainBoundary), ["total"] = Arr(a.Total) } : null,
        };
    }

    /// <summary>Z' where the arcs end: walking up from the lowest frequency while −Z'' falls (a blocking spike falls
    /// steeply towards higher frequencies; 3 % tolerance for noise), the valley between spike and arcs; without a
    /// spike, the lowest-frequency point. Never below the largest Z' of the points above the valley.</summary>
    internal static double ArcEndReal(ImpedanceSpectrum s)
    {
        var order = Enumerable.Range(0, s.Count).OrderBy(i => s.FrequenciesHz[i]).ToArray();
        int k = 0;
        while (k + 1 < order.Length && -s.Z[order[k + 1]].Imaginary < -s.Z[order[k]].Imaginary * 1.03 && -s.Z[order[k]].Imaginary > 0) k++;
        double end = s.Z[order[k]].Real;
        for (int j = k; j < order.Length; j++) end = Math.Max(end, s.Z[order[j]].Real);
        return end > 0 ? end : Math.Max(1e-300, s.Z.Max(z => z.Real));
    }

    private static PlotFigure Nyquist(SeriesResult res, string name)
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
            var color = Palette[i++ % Palette.Length];
            var s = f.Spectrum;
            fig.Add(PlotFigure.Markers(Describe(s), s.Z.Select(z => z.Real), s.Z.Select(z => -z.Imaginary), color: color,
                text: s.FrequenciesHz.Select(v => $"{v:G3} Hz")));
            var (ff, zz) = Dense(f.Fit, s);
            fig.Add(PlotFigure.Line($"fit {Describe(s)}", zz.Select(z => z.Real), zz.Select(z => -z.Imaginary), color: color));
        }
        return fig;
    }

    private static (double[] F, Complex[] Z) Dense(CircuitFit fit, ImpedanceSpectrum s)
    {
        double lo = Math.Log10(s.FrequenciesHz.Min()), hi = Math.Log10(s.FrequenciesHz.Max());
        var f = Enumerable.Range(0, 121).Select(k => Math.Pow(10, hi - (hi - lo) * k / 120.0)).ToArray();
        return (f, fit.Circuit.Simulate(f, fit.Values));
    }

    private static PlotFigure Bode(SeriesPointFit rep)
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

    private static PlotFigure Residuals(SeriesPointFit rep, LinKKResult kk)
    {
        var s = rep.Spectrum;
        var (re, im) = rep.Fit.RelativeResidualsPct();
        var fig = new PlotFigure
        {
            Title = $"Residuals: {Describe(s)}", XTitle = "f (Hz)", YTitle = "residual (% of |Z|)", LogX = true,
            Caption = $"Circuit-fit residuals and Lin-KK residuals (M = {kk.M}, µ = {kk.Mu:0.00}); KK residuals well below 1 % mean the spectrum is causal, linear and stable.",
        };
        fig.Add(PlotFigure.Line("fit, real", s.FrequenciesHz, re, color: "#1f77b4"));
        fig.Add(PlotFigure.Line("fit, imaginary", s.FrequenciesHz, im, dash: "dash", color: "#1f77b4"));
        fig.Add(PlotFigure.Markers("Lin-KK, real", s.FrequenciesHz, kk.ResidualRealPct, color: "#2ca02c"));
        fig.Add(PlotFigure.Markers("Lin-KK, imaginary", s.FrequenciesHz, kk.ResidualImagPct, color: "#ff7f0e"));
        return fig;
    }

    private static PlotFigure DrtPlot(DrtResult d, ImpedanceSpectrum s)
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
