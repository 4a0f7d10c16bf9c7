using System.Numerics;
using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// Impedance spectra of one sample (one temperature or a temperature/time series) -> circuit fits, Lin-KK, DRT,
/// conductivities and, over temperature, Arrhenius fits. Options: circuit (default R0-p(R1,CPE1)-p(R2,CPE2)-CPE3
/// for blocking cells, R0-p(R1,CPE1) for symmetric ones), temperatures_c (one per spectrum; otherwise read from
/// file names or temperature_c), cell: blocking|symmetric, weighting, fmin_hz, fmax_hz, form (sigma-t|sigma), columns
/// (as --columns: which text-table column holds f, Z', Z''; docs/file-formats.md),
/// exclude ("0.01:0.1,1e6:" or a list of such ranges, Hz) and exclude_points ("3,17" or [3, 17], 1-based per spectrum).
/// </summary>
public sealed class ImpedanceStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["eis", "impedance", "peis", "geis"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="ImpedanceStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => ImpedanceStepOptions.Keys;
    public string Name => "eis";

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = ImpedanceStepOptions.Parse(entry);
        var (cellName, cell, circuit, weighting, form) = (opt.CellName, opt.Cell, opt.Circuit, opt.Weighting, opt.Form);
        var (fmin, fmax, exclusion) = (opt.FminHz, opt.FmaxHz, opt.Exclusion);
        var spectra = new List<ImpedanceSpectrum>();
        int excludedPoints = 0;
        foreach (var f in entry.Files)
            foreach (var s in ImpedanceReader.ReadAll(f, opt.Columns))
            {
                var sel = SpectrumSelection.Make(s, exclusion, i => (fmin is { } lo && s.FrequenciesHz[i] < lo) || (fmax is { } hi && s.FrequenciesHz[i] > hi));
                excludedPoints += exclusion.IsEmpty ? 0 : exclusion.Mask(s).Count(x => x);
                spectra.Add(sel.Kept);
            }
        var (temps, labels, single) = (opt.TemperaturesC, opt.Labels, opt.TemperatureC);
        if (temps is not null && temps.Count != spectra.Count)
            throw new NitrolyteInputException($"{entry.DisplayName}: temperatures_c has {temps.Count} values for {spectra.Count} spectra");
        spectra = spectra.Select((s, i) => s with
        {
            TemperatureC = temps?[i] ?? (temps is null ? FileNameTemperature.Parse(s.SourceFile ?? "") : null) ?? single,
            Label = labels is not null && i < labels.Count ? labels[i] : s.Label,
        }).ToList();

        var sample = entry.Sample.Over(context.Manifest.Sample);
        PelletGeometry? geometry = sample.ThicknessMm is { } t && sample.ElectrodeAreaCm2 is { } a ? new PelletGeometry(t / 10, a, sample.RelativeDensity) : null;
        var fitOptions = new CircuitFitOptions
        {
            Weighting = weighting, MultiStart = 12,
            Fixed = opt.Fixed, Initial = opt.Initial, Bounds = opt.Bounds,
        };
        var res = SeriesFitter.Fit(spectra, circuit, fitOptions, geometry, cell, form);

        // representative spectrum for KK, DRT, Bode and residuals: the one nearest 25 °C (or the first)
        var rep = res.Fits.OrderBy(f => Math.Abs((f.TemperatureC ?? 25) - 25)).First();
        // complex fit: the real-part fit with the µ criterion can stop at too few RC elements on spectra with few, sharp arcs
        var (kk, kkCap) = KramersKronig.LinKKAuto(rep.Spectrum, fitType: KkFitType.Complex);
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
        if (!exclusion.IsEmpty) results["excluded"] = new JsonObject { ["rule"] = exclusion.Describe(), ["points"] = excludedPoints };
        results["jumps"] = new JsonArray(res.Jumps.Select(j => (JsonNode)new JsonObject
        {
            ["spectrum"] = Describe(res.Fits[j.FitIndex].Spectrum), ["previous_spectrum"] = Describe(res.Fits[j.PreviousFitIndex].Spectrum),
            ["parameter"] = j.Parameter, ["from"] = Json.Number(j.From), ["to"] = Json.Number(j.To), ["change"] = j.Measure,
        }).ToArray());
        var seriesJson = SeriesJsonCompact(res);
        results["fits"] = seriesJson["fits"]!.DeepClone();
        // the total-conductivity Arrhenius summary at the top level (what the scorecard and the library read);
        // bulk and grain boundary in an array, so readers looking for one σ(25 °C) per analysis find the total
        if (res.Arrhenius?.Total is { } totalFit)
            foreach (var (k, v) in ArrheniusJson.Summary(totalFit)) results[k] = v?.DeepClone();
        if (res.Arrhenius is { } ar)
            results["arrhenius"] = new JsonArray(new[] { ("total", ar.Total), ("bulk", ar.Bulk), ("grain_boundary", ar.GrainBoundary) }
                .Where(x => x.Item2 is not null)
                .Select(x => { var node = ArrheniusJson.Summary(x.Item2!); node["component"] = x.Item1; return (JsonNode?)node; }).ToArray());
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
        int warmKept = res.Fits.Count(f => f.Start == "warm"), freshKept = res.Fits.Count(f => f.Start == "fresh" && double.IsFinite(f.WarmChiSquare));
        section.Paragraphs.Add($"{spectra.Count} spectr{(spectra.Count == 1 ? "um" : "a")} fitted with {circuit.Text} ({weighting.ToName()} weighting, automatic starting values" +
            (spectra.Count > 1 ? $"; each spectrum after the first fitted both from its neighbour's parameters and afresh, the lower χ² kept: warm start {warmKept}, fresh fit {freshKept}" : "") + "). " +
            (exclusion.IsEmpty ? "" : $"Excluded from the fits: {exclusion.Describe()} ({excludedPoints} points). ") +
            (cell == CellType.Blocking
                ? "Arcs are assigned by effective capacitance (Irvine-Sinclair-West): bulk < 1e-11 F, grain boundary 1e-11 to 1e-8 F, electrode > 1e-7 F."
                : "Symmetric Li cell: the series resistance is the electrolyte, the arc is the two Li|electrolyte interfaces (ASR = R A / 2 per interface)."));
        if (geometry is null) section.Warnings.Add("No sample thickness and area in the manifest: resistances only, no conductivities.");
        if (results["assumptions"] is JsonArray assumed && assumed.Count > 0)
            section.Paragraphs.Add("Columns read with assumptions: " + string.Join("; ", assumed.Select(a => a?.ToString())) + ".");
        foreach (var j in res.Jumps)
            section.Warnings.Add($"{j.Parameter} jumps from {j.From:G3} to {j.To:G3} between {Describe(res.Fits[j.PreviousFitIndex].Spectrum)} and {Describe(res.Fits[j.FitIndex].Spectrum)} ({j.Measure}): check that the arcs keep their identity.");
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

        section.Figures.Add(ImpedancePlots.Nyquist(res, entry.DisplayName));
        section.Figures.Add(ImpedancePlots.Bode(rep));
        section.Figures.Add(ImpedancePlots.Residuals(rep, kk));
        if (drt is not null) section.Figures.Add(ImpedancePlots.DrtPlot(drt, rep.Spectrum));
        if (drt is { InductiveTail: true }) section.Warnings.Add($"{Describe(rep.Spectrum)}: inductive tail ({drt.InductivePoints} points with Z'' > 0); an inductance was added to the DRT model.");
        section.Paragraphs.Add($"Lin-KK on {Describe(rep.Spectrum)}: M = {kk.M}, µ = {kk.Mu:0.000}, largest residual {kk.MaxResidualPct:0.00} % of |Z|" +
                               (kkCap ? " (with a series capacitance for the low-frequency spike) " : " ") +
                               (kk.MaxResidualPct < 1 ? "(consistent with Kramers-Kronig)." : "(check for drift or non-linearity)."));

        var outcome = new StepOutcome { Results = results, Section = section };
        var arr = res.Arrhenius;
        if (arr is not null && geometry is not null && cell == CellType.Blocking)
        {
            var pts = res.Fits.Where(f => f.TemperatureC is not null && f.Conductivity is not null).ToList();
            if (ImpedancePlots.SeriesArrhenius(res, entry.DisplayName) is { } arrFig) section.Figures.Add(arrFig);
            var arows = new List<IReadOnlyList<string>>();
            foreach (var (n, r) in new[] { ("total", arr.Total), ("bulk", arr.Bulk), ("grain boundary", arr.GrainBoundary) })
                if (r is not null) arows.Add([n, $"{r.EaEV:0.000} ± {r.EaStdErrEV:0.000}", $"{r.ValueAt(PhysicalConstants.RoomTemperatureK):0.00e+0}", $"{r.RSquared:0.0000}"]);
            section.Tables.Add(new ReportTable($"Arrhenius fits ({form.ToCli()} form)", ["", "Ea (eV)", "σ(25 °C) (S/cm)", "R²"], arows));
            if (arr.Total is { } tot)
            {
                var sum = ArrheniusSummary.From(tot);
                outcome.Metrics.Add(new MetricValue(MetricKeys.Sigma25C, sum.Sigma25CSPerCm, "S/cm", entry.DisplayName,
                    $"total conductivity from {pts.Count} impedance spectra, {(sum.Sigma25CExtrapolated ? "extrapolated" : "interpolated")} by Arrhenius",
                    tot.StdErrAt(PhysicalConstants.RoomTemperatureK), Extrapolated: sum.Sigma25CExtrapolated));
                outcome.Metrics.Add(new MetricValue(MetricKeys.ActivationEnergy, tot.EaEV, "eV", entry.DisplayName, "total conductivity from impedance spectra", tot.EaStdErrEV));
            }
        }
        else if (geometry is not null && cell == CellType.Blocking && rep.Conductivity is { } rc && rep.TemperatureC is { } tc && Math.Abs(tc - 25) <= 5)
        {
            outcome.Metrics.Add(new MetricValue(MetricKeys.Sigma25C, rc.TotalSPerCm, "S/cm", entry.DisplayName, $"total conductivity measured at {tc:0.#} °C"));
        }
        if (cell == CellType.Symmetric && geometry is not null)
        {
            foreach (var f in res.Fits)
                if (f.Conductivity is { } c && c.AsrOhmCm2 < 0)
                    // a negative interface resistance is not physical: flag it and keep it away from cell design
                    section.Warnings.Add($"{Describe(f.Spectrum)}: ASR {c.AsrOhmCm2:0.##} Ω cm² is negative, which is not physical: the fitted interface " +
                                         "resistance is below zero (check the circuit, the sign of Z'' and the frequency range); it is not used for the cell design");
                else if (f.Conductivity is { } c2 && double.IsFinite(c2.AsrOhmCm2))
                    outcome.Metrics.Add(new MetricValue(MetricKeys.InterfaceAsr, c2.AsrOhmCm2, "Ohm cm2", $"{entry.DisplayName}: {Describe(f.Spectrum)}", "one Li|electrolyte interface, R A / 2 from the circuit fit"));
        }
        return outcome;
    }

    private static string Describe(ImpedanceSpectrum s) => ImpedancePlots.Describe(s);

    private static JsonObject SeriesJsonCompact(SeriesResult res)
    {
        var fits = new JsonArray();
        foreach (var f in res.Fits)
            fits.Add(new JsonObject
            {
                ["file"] = Path.GetFileName(f.Spectrum.SourceFile ?? ""),
                ["label"] = f.Spectrum.Label,
                ["temperature_c"] = f.TemperatureC is { } t ? t : null,
                ["parameters"] = new JsonArray(f.Fit.Parameters.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["value"] = Json.Number(p.Value), ["stderr"] = Json.Number(p.StdErr), ["unit"] = p.Unit, ["fixed"] = p.Fixed }).ToArray()),
                ["chi_square"] = Json.Number(f.Fit.ChiSquare), ["reduced_chi_square"] = Json.Number(f.Fit.ReducedChiSquare), ["aic"] = Json.Number(f.Fit.Aic),
                ["n_points"] = f.Fit.NPoints,
                ["start"] = f.Start,
                ["quality"] = f.Fit.Quality is { } q ? new JsonObject { ["converged_to_good_minimum"] = q.ConvergedToGoodMinimum, ["chi_square_over_noise_floor"] = Json.Number(q.ChiSquareOverNoiseFloor) } : null,
                ["conductivity"] = f.Conductivity is null ? null : ImpedanceJson.Conductivity(f.Conductivity),
            });
        JsonNode? Arr(ArrheniusResult? r) => r is null ? null : ArrheniusJson.Summary(r);
        return new JsonObject
        {
            ["fits"] = fits,
            ["arrhenius"] = res.Arrhenius is { } a ? new JsonObject { ["bulk"] = Arr(a.Bulk), ["grain_boundary"] = Arr(a.GrainBoundary), ["total"] = Arr(a.Total) } : null,
        };
    }

    /// <summary>Z' where the arcs end (see <see cref="ImpedancePlots.ArcEndReal"/>).</summary>
    internal static double ArcEndReal(ImpedanceSpectrum s) => ImpedancePlots.ArcEndReal(s);

    /// <summary>The residual figure's caption (see <see cref="ImpedancePlots.ResidualCaption"/>).</summary>
    internal static string ResidualCaption(IReadOnlyList<double> fitRe, IReadOnlyList<double> fitIm, LinKKResult kk) => ImpedancePlots.ResidualCaption(fitRe, fitIm, kk);
}
