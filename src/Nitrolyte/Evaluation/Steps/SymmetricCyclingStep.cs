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
    /// <summary>Keys read from the data item's options (parsed once into <see cref="SymmetricCyclingStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => SymmetricCyclingStepOptions.Keys;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var file = SingleFile(entry);
        var a = entry.Sample.ElectrodeAreaCm2 ?? throw new NitrolyteInputException($"{entry.DisplayName}: symmetric cycling needs sample diameter_mm or area_cm2");
        var opt = SymmetricCyclingStepOptions.Parse(entry);
        var o = opt.ToAnalysis(a, entry.Sample.ThicknessCm);
        var ts = TimeSeriesReader.Read(file, keepExtras: false, opt.Columns);
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
                    $"{hs.Average(h => h.OverpotentialV) * 1000:0.##}",
                    // a shorted half cycle has no interface ASR (its resistance is the short's): averaged over the others
                    hs.Any(h => !h.Shorted) ? $"{hs.Where(h => !h.Shorted).Average(h => h.AsrOhmCm2):0.###}" : "— (shorted)", s.Completed ? "yes" : "no"];
            }).ToList()));
        if (r.Events.Count > 0)
            section.Tables.Add(new ReportTable("Failure events", ["type", "time (h)", "half cycle", "reason"],
                r.Events.Select(e => (IReadOnlyList<string>)[e.Type, $"{e.TimeS / 3600:0.###}", e.HalfCycle.ToString(), e.Detail]).ToList()));
        foreach (var w in r.Warnings) section.Warnings.Add(w);
        // After a short the cell resistance collapses and removing the bulk leaves a negative number: those half cycles are
        // the short's. A negative ASR in a healthy half cycle, or from the very first one on (the detector then takes the
        // whole run for shorted), means the bulk removed is too large.
        bool fromStart = r.HalfCycles.Count > 0 && r.HalfCycles[0].Shorted;
        var negative = r.HalfCycles.Where(h => h.AsrOhmCm2 < 0 && (!h.Shorted || fromStart)).ToList();
        if (negative.Count > 0)
            section.Warnings.Add($"ASR is negative in {negative.Count} of {r.HalfCycles.Count} half cycles{(fromStart ? " (from the first one on, so the short detection is meaningless too)" : " before any short")} (lowest {negative.Min(h => h.AsrOhmCm2):0.##} Ω cm²), which is not physical: " +
                                 (r.BulkResistanceOhm is { } rbulk ? $"the bulk resistance removed, L/(σA) = {rbulk:0.###} Ω, is larger than the measured one; check sigma_s_per_cm and the sample thickness_mm"
                                                                   : "check the sign of the current and voltage columns"));
        section.Figures.AddRange(Figures(r, ts));
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

    /// <summary>Voltage profile, overpotential/ASR per half cycle and the current-density staircase: the report's and `cycle symmetric --figure`'s.</summary>
    public static List<PlotFigure> Figures(SymmetricResult r, TimeSeries ts)
    {
        var figs = new List<PlotFigure>();
        var th = ts.TimeS.Select(t => t / 3600).ToArray();
        var (vx, vy) = MinMax(th, ts.VoltageV, 6000);
        figs.Add(new PlotFigure
        {
            Title = "Voltage profile", XTitle = "time (h)", YTitle = "voltage (V)", Caption = "Cell voltage (min/max preserved when thinned); detected events marked.",
            ExtraLayout = Markers(r.Events.Select(e => (e.TimeS / 3600, e.Type.Replace('_', ' '), e.Type == "hard_short" ? "#d62728" : "#ff7f0e"))),
        }.Add(PlotFigure.Line("V", vx, vy)));
        var idx = r.HalfCycles.Select(h => (double)h.Index).ToArray();
        figs.Add(new PlotFigure { Title = "Overpotential per half cycle", XTitle = "half cycle", YTitle = "overpotential (mV)", ExtraLayout = SecondAxis("ASR per interface (Ω cm²)", fromZero: true), Caption = "Plateau mean, maximum and end overpotential; ASR on the right axis (from zero; not drawn for shorted half cycles)." }
            .Add(PlotFigure.Markers("plateau", idx, r.HalfCycles.Select(h => h.OverpotentialV * 1000)))
            .Add(PlotFigure.Markers("max", idx, r.HalfCycles.Select(h => h.MaxOverpotentialV * 1000)))
            .Add(PlotFigure.Markers("end", idx, r.HalfCycles.Select(h => h.EndOverpotentialV * 1000)))
            .Add(PlotFigure.Line("ASR", idx, r.HalfCycles.Select(h => h.Shorted ? double.NaN : h.AsrOhmCm2), dash: "dot", yaxis: "y2")));
        // staircase: current density per half cycle vs time, with the CCD marked
        var sx = new List<double>(); var sy = new List<double>();
        foreach (var h in r.HalfCycles) { sx.Add(h.StartS / 3600); sy.Add(h.CurrentDensityMaPerCm2); sx.Add(h.EndS / 3600); sy.Add(h.CurrentDensityMaPerCm2); }
        var stair = new PlotFigure
        {
            Title = "Current-density staircase", XTitle = "time (h)", YTitle = "current density (mA/cm²)", Caption = "Current density of each half cycle; shorts (hard red, soft orange) and the CCD (dashed green) marked.",
            ExtraLayout = Markers(r.Events.Select(e => (e.TimeS / 3600, e.Type.Replace('_', ' '), e.Type == "hard_short" ? "#d62728" : "#ff7f0e"))),
        }.Add(PlotFigure.Line("j", sx, sy));
        if (r.CcdMaPerCm2 is { } ccd) stair.Add(PlotFigure.Line(r.CcdIsLowerBound ? $"CCD ≥ {ccd:0.###} mA/cm² (no failure)" : $"CCD {ccd:0.###} mA/cm²", [0, th[^1]], [ccd, ccd], dash: "dash", color: "#2ca02c"));
        figs.Add(stair);
        return figs;
    }
}
