using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Reports;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>DC polarisation (Hebb-Wagner) of a blocking-electrode cell: sigma_e, t_ion, tau; plot of the relaxation with its fit.
/// Options: voltage_v, window_s, fit (single|double|none), initial (first|extrapolated, alias fit); geometry from sample: thickness_mm, diameter_mm/area_cm2.</summary>
public sealed class DcPolarisationStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["dc_polarisation", "dc_polarization", "dcpol", "hebb_wagner"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="DcPolarisationStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => DcPolarisationStepOptions.Keys;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var file = SingleFile(entry);
        var l = entry.Sample.ThicknessCm ?? throw new NitrolyteInputException($"{entry.DisplayName}: DC polarisation needs sample thickness_mm");
        var a = entry.Sample.ElectrodeAreaCm2 ?? throw new NitrolyteInputException($"{entry.DisplayName}: DC polarisation needs sample diameter_mm or area_cm2");
        var opt = DcPolarisationStepOptions.Parse(entry);
        var o = opt.ToAnalysis(l, a);
        var ts = TimeSeriesReader.Read(file, keepExtras: false, opt.Columns);
        var r = DcPolarisation.Analyse(ts, o);
        var results = ColumnsJson.AddTo(ElectrochemistryJson.Dc(r, Path.GetFileName(file)), ts.Columns);
        var section = new ReportSection { Key = $"dcpol-{entry.Index}", Title = $"DC polarisation: {entry.DisplayName}" };
        foreach (var assumed in ts.Columns?.Assumptions ?? []) section.Paragraphs.Add($"Assumed: {assumed}.");
        section.Paragraphs.Add($"Hebb-Wagner analysis with blocking electrodes (L = {l * 10:0.###} mm, A = {a:0.####} cm²): σ_e = (L/A)(I_f/V), I_f the time-weighted mean current of the last {r.Holds[r.SelectedHold].WindowS:0} s, t_e = I_f/I_t.");
        section.Tables.Add(new ReportTable("Results", ["quantity", "value"],
        [
            ["σ_e", Sci(r.ElectronicConductivitySPerCm, "S/cm") + (r.ElectronicConductivityStdErrSPerCm is { } se ? $" ± {se:0.0e+0}" : "") + $" ({r.ConductivitySource})"],
            ["t_ion", $"{r.TIon:0.0000}"],
            ["t_e", $"{r.TElectronic:0.0000}"],
            ["I_initial / I_final", $"{Sci(r.IInitialA, "A")} / {Sci(r.IFinalA, "A")}"],
            ["I_initial from", r.InitialCurrentSource],
            ["τ (relaxation)", r.TauS is { } tau ? $"{tau:0.###} ± {r.TauStdErrS:0.###} s" : "not fitted"],
        ]));
        foreach (var w in r.Warnings) section.Warnings.Add(w);
        section.Figures.AddRange(Figures(r, ts));
        var outcome = new StepOutcome { Results = results, Section = section };
        outcome.Metrics.Add(new MetricValue(MetricKeys.ElectronicConductivity, r.ElectronicConductivitySPerCm, "S/cm", entry.DisplayName, r.ConductivitySource));
        outcome.Metrics.Add(new MetricValue(MetricKeys.IonicTransferenceNumber, r.TIon, "", entry.DisplayName));
        return outcome;
    }

    /// <summary>The relaxation plot of every hold (and the I-V fit with several holds): the report's and `dcpol --figure`'s.</summary>
    public static List<PlotFigure> Figures(DcPolarisationResult r, TimeSeries ts)
    {
        var figs = new List<PlotFigure>();
        // relaxation plot: measured |I| vs time from each hold start, with the fit and the steady window
        var fig = new PlotFigure
        {
            // Log time: the relaxation (tau of seconds) and the steady tail (hours) are both visible; on a linear axis
            // the decay was squashed into the y axis.
            Title = "Current relaxation", XTitle = "time since the voltage step (s)", YTitle = "|current| (A)", LogY = true, LogX = true,
            Caption = "Measured current (lines), single/double exponential fit (dashed) and the steady-state window (shaded) of each hold; log-log axes.",
            // shapes on a log axis take log10 coordinates
            ExtraLayout = new JsonObject { ["shapes"] = new JsonArray(r.Holds.Select(h => (JsonNode?)new JsonObject
            {
                ["type"] = "rect", ["xref"] = "x", ["yref"] = "paper", ["x0"] = Math.Log10(Math.Max(1e-3, h.EndS - h.StartS - h.WindowS)), ["x1"] = Math.Log10(Math.Max(1e-3, h.EndS - h.StartS)), ["y0"] = 0, ["y1"] = 1,
                ["fillcolor"] = "rgba(150,150,150,0.15)", ["line"] = new JsonObject { ["width"] = 0 },
            }).ToArray()) },
        };
        foreach (var h in r.Holds)
        {
            int from = h.FirstPoint, n = h.Points;
            var t = new double[n]; var i = new double[n];
            double sign = h.VoltageV >= 0 ? 1 : -1;
            for (int k = 0; k < n; k++) { t[k] = ts.TimeS[from + k] - h.StartS; i[k] = Math.Max(1e-15, sign * ts.CurrentA[from + k]); }
            // keep the first points (the decay, dense on a log axis) as they are; thin the long tail
            int head = Math.Min(n, 400);
            var (tx, ty) = MinMax(t[head..], i[head..], 2000);
            fig.Add(PlotFigure.Line($"{h.VoltageV:0.###} V", [.. t[..head], .. tx], [.. i[..head], .. ty]));
            if (h.Fit is { } f)
            {
                double t0 = t.FirstOrDefault(x => x > 0, 1e-3), t1 = Math.Max(t[^1], 2 * t0);
                var ft = Enumerable.Range(0, 200).Select(k => t0 * Math.Pow(t1 / t0, k / 199.0)).ToArray();
                fig.Add(PlotFigure.Line($"fit {h.VoltageV:0.###} V (τ = {f.TauS:0.##} s)", ft, ft.Select(f.Evaluate), dash: "dash"));
            }
        }
        figs.Add(fig);
        if (r.IvFit is { } iv)
        {
            var vs = r.Holds.Select(h => Math.Abs(h.VoltageV)).ToArray();
            figs.Add(new PlotFigure { Title = "Steady current vs voltage", XTitle = "V (V)", YTitle = "I_f (A)", Caption = $"Linear fit: slope {iv.Slope:0.###e+0} S → σ_e = {r.ElectronicConductivitySPerCm:0.###e+0} S/cm." }
                .Add(PlotFigure.Markers("I_f", vs, r.Holds.Select(h => h.IFinalA)))
                .Add(PlotFigure.Line("fit", [0, vs.Max()], [iv.Intercept, iv.Predict(vs.Max())], dash: "dash")));
        }
        return figs;
    }
}
