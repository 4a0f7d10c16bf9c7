using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Reports;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>Li|SE|Li stripping/plating: overpotential, ASR, protocol, CCD and shorts, with the voltage profile (events
/// marked), overpotential vs half cycle and the CCD staircase. Options: sigma_s_per_cm (with sample thickness_mm),
/// rest_current_a, hard_short_v, drop_fraction, noise_threshold; area from sample diameter_mm/area_cm2.</summary>
public sealed class SymmetricCyclingStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["symmetric_cycling", "stripping_plating", "ccd", "symmetric"];

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var file = SingleFile(entry);
        var a = entry.Sample.ElectrodeAreaCm2 ?? throw new NitrolyteInputException($"{entry.DisplayName}: symmetric cycling needs sample diameter_mm or area_cm2");
        var sigma = Opt(entry, "sigma_s_per_cm");
        var o = new SymmetricOptions
        {
            AreaCm2 = a, ThicknessCm = sigma is null ? null : entry.Sample.ThicknessCm, SigmaSPerCm = sigma, RestCurrentA = Opt(entry, "rest_current_a"),
            HardShortVoltageV = Opt(entry, "hard_short_v") ?? 0.005, SuddenDropFraction = Opt(entry, "drop_fraction") ?? 0.5, NoiseThreshold = Opt(entry, "noise_threshold") ?? 0.05,
        };
        var ts = TimeSeriesReader.Read(file, keepExtras: false, Formats.Columns.ColumnSpec.ParseOrNull(ManifestValues.String(entry.Options, "columns")));
        var r = SymmetricCell.Analyse(ts, o);
        var section = new ReportSection { Key = $"symmetric-{entry.Index}", Title = $"Li stripping/plating: {entry.DisplayName}" };
        foreach (var assumed in ts.Columns?.Assumptions ?? []) section.Paragraphs.Add($"Assumed: {assumed}.");
        section.Paragraphs.Add($"{r.HalfCycles.Count} half cycles, protocol {r.Protocol.Replace('_', ' ')}, {r.Steps.Count} current step(s). " +
            (r.CcdMaPerCm2 is { } c ? $"Critical current density {c:0.###} mA/cm² at {r.CcdArealCapacityMahPerCm2:0.###} mAh/cm²{(r.CcdIsLowerBound ? " (lower bound: no failure)" : "")}: {r.CcdReason}." : $"No critical current density: {r.CcdReason}.") +
            (r.BulkResistanceOhm is { } rb ? $" Bulk resistance L/(σA) = {rb:0.###} Ω is removed from the ASR." : " ASR includes the bulk (no thickness/σ given)."));
        section.Tables.Add(new ReportTable("Current steps", ["step", "j (mA/cm²)", "half cycles", "t (s)", "Q (mAh/cm²)", "η plateau (mV)", "ASR (Ω cm²)", "completed"],
            r.Steps.Select(s =>
            {
                var hs = r.HalfCycles.Where(h => h.Index >= s.FirstHalfCycle && h.Index <= s.LastHalfCycle).ToList();
                return (IReadOnlyList<string>)[s.Index.ToString(), $"{s.CurrentDensityMaPerCm2:0.####}", s.HalfCycles.ToString(), $"{s.HalfCycleS:0}", $"{s.ArealCapacityMahPerCm2:0.####}",
                    $"{hs.Average(h => h.OverpotentialV) * 1000:0.##}", $"{hs.Average(h => h.AsrOhmCm2):0.###}", s.Completed ? "yes" : "no"];
            }).ToList()));
        if (r.Events.Count > 0)
            section.Tables.Add(new ReportTable("Failure events", ["type", "time (h)", "half cycle", "reason"],
                r.Events.Select(e => (IReadOnlyList<string>)[e.Type, $"{e.TimeS / 3600:0.###}", e.HalfCycle.ToString(), e.Detail]).ToList()));
        foreach (var w in r.Warnings) section.Warnings.Add(w);
        var th = ts.TimeS.Select(t => t / 3600).ToArray();
        var (vx, vy) = MinMax(th, ts.VoltageV, 6000);
        section.Figures.Add(new PlotFigure
        {
            Title = "Voltage profile", XTitle = "time (h)", YTitle = "voltage (V)", Caption = "Cell voltage (min/max preserved when thinned); detected events marked.",
            ExtraLayout = Markers(r.Events.Select(e => (e.TimeS / 3600, e.Type.Replace('_', ' '), e.Type == "hard_short" ? "#d62728" : "#ff7f0e"))),
        }.Add(PlotFigure.Line("V", vx, vy)));
        var idx = r.HalfCycles.Select(h => (double)h.Index).ToArray();
        section.Figures.Add(new PlotFigure { Title = "Overpotential per half cycle", XTitle = "half cycle", YTitle = "overpotential (mV)", ExtraLayout = SecondAxis("ASR per interface (Ω cm²)", fromZero: true), Caption = "Plateau mean, maximum and end overpotential; ASR on the right axis (from zero)." }
            .Add(PlotFigure.Markers("plateau", idx, r.HalfCycles.Select(h => h.OverpotentialV * 1000)))
            .Add(PlotFigure.Markers("max", idx, r.HalfCycles.Select(h => h.MaxOverpotentialV * 1000)))
            .Add(PlotFigure.Markers("end", idx, r.HalfCycles.Select(h => h.EndOverpotentialV * 1000)))
            .Add(PlotFigure.Line("ASR", idx, r.HalfCycles.Select(h => h.AsrOhmCm2), dash: "dot", yaxis: "y2")));
        // staircase: current density per half cycle vs time, with the CCD marked
        var sx = new List<double>(); var sy = new List<double>();
        foreach (var h in r.HalfCycles) { sx.Add(h.StartS / 3600); sy.Add(h.CurrentDensityMaPerCm2); sx.Add(h.EndS / 3600); sy.Add(h.CurrentDensityMaPerCm2); }
        var stair = new PlotFigure
        {
            Title = "Current-density staircase", XTitle = "time (h)", YTitle = "current density (mA/cm²)", Caption = "Current density of each half cycle; shorts (hard red, soft orange) and the CCD (dashed green) marked.",
            ExtraLayout = Markers(r.Events.Select(e => (e.TimeS / 3600, e.Type.Replace('_', ' '), e.Type == "hard_short" ? "#d62728" : "#ff7f0e"))),
        }.Add(PlotFigure.Line("j", sx, sy));
        if (r.CcdMaPerCm2 is { } ccd) stair.Add(PlotFigure.Line(r.CcdIsLowerBound ? $"CCD ≥ {ccd:0.###} mA/cm² (no failure)" : $"CCD {ccd:0.###} mA/cm²", [0, th[^1]], [ccd, ccd], dash: "dash", color: "#2ca02c"));
        section.Figures.Add(stair);
        var outcome = new StepOutcome { Results = ColumnsJson.AddTo(ElectrochemistryJson.Symmetric(r, Path.GetFileName(file)), ts.Columns), Section = section };
        if (r.CcdMaPerCm2 is { } v && (r.Steps.Count > 1 || !r.CcdIsLowerBound))
        {
            string note = r.CcdIsLowerBound ? "lower bound: no failure up to this current density" : r.CcdReason;
            // A staircase that never failed only bounds the CCD from below; the scorecard must not call that a failure.
            outcome.Metrics.Add(new MetricValue(r.CcdIsLowerBound ? MetricKeys.CriticalCurrentDensityLowerBound : MetricKeys.CriticalCurrentDensity,
                v, "mA/cm2", entry.DisplayName, note));
            if (r.CcdArealCapacityMahPerCm2 is { } q) outcome.Metrics.Add(new MetricValue(MetricKeys.CcdArealCapacity, q, "mAh/cm2", entry.DisplayName));
        }
        return outcome;
    }
}
