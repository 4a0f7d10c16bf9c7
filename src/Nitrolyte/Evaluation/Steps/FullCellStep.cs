using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Reports;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>Full-cell cycling: capacities, CE, retention, fade, cycle life; plots of capacity/CE vs cycle and voltage
/// profiles. Options: active_mass_mg (required), cathode (NCM811, NCM83, LCO, LFP, TiS2), specific_capacity_mah_per_g,
/// reference_cycle, formation_cycles, end_of_life_pct; area from sample diameter_mm/area_cm2 or option area_cm2.</summary>
public sealed class FullCellStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["full_cell", "full_cell_cycling"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="FullCellStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => FullCellStepOptions.Keys;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var file = SingleFile(entry);
        var opt = FullCellStepOptions.Parse(entry);
        var o = opt.Analysis;
        var ts = TimeSeriesReader.Read(file, keepExtras: false, opt.Columns);
        var r = FullCell.Analyse(ts, o);
        var section = new ReportSection { Key = $"fullcell-{entry.Index}", Title = $"Full cell: {entry.DisplayName}" };
        foreach (var assumed in ts.Columns?.Assumptions ?? []) section.Paragraphs.Add($"Assumed: {assumed}.");
        var first = r.Cycles[0];
        section.Paragraphs.Add($"{r.Cycles.Count} cycles; 1C = {r.SpecificCapacityMahPerG:0.#} mA/g on {o.ActiveMassMg:0.###} mg of active material. First cycle {first.ChargeMahPerG:0.#}/{first.DischargeMahPerG:0.#} mAh/g " +
            $"(initial CE {r.InitialCoulombicEfficiency:P1}). Retention {r.RetentionPct:0.##} % of cycle {r.ReferenceCycle} ({r.FormationCycles} formation cycles), fade {r.FadePctPerCycle:0.####} %/cycle; " +
            $"cycle life to {r.EndOfLifePct:0} %: {(r.CycleLife is { } l ? $"cycle {l}" : r.CycleLifeProjected is { } p ? $"not reached (projected ≈ {p:0} cycles)" : "not reached")}.");
        var c = r.Cycles.Where(x => x.Complete).ToList();
        section.Figures.AddRange(Figures(r, ts, o.ActiveMassMg));
        foreach (var w in r.Warnings) section.Warnings.Add(w);
        var outcome = new StepOutcome { Results = ColumnsJson.AddTo(ElectrochemistryJson.Full(r, Path.GetFileName(file)), ts.Columns), Section = section };
        if (r.RetentionPct is { } ret)
            outcome.Metrics.Add(new MetricValue(MetricKeys.CapacityRetention, ret, "%", entry.DisplayName, $"after {c.Count} cycles vs cycle {r.ReferenceCycle}"));
        return outcome;
    }

    /// <summary>The analysis options a data item gives (its options and sample area); shared with the workbench.</summary>
    public static FullCellOptions OptionsOf(DataEntry entry) => FullCellStepOptions.Parse(entry).Analysis;

    /// <summary>Cell voltage vs time (h), min/max preserved when thinned (the workbench's cycling view).</summary>
    public static PlotFigure VoltageTime(TimeSeries ts)
    {
        var (vx, vy) = MinMax(ts.TimeS.Select(t => t / 3600).ToArray(), ts.VoltageV, 6000);
        return new PlotFigure { Title = "Voltage vs time", XTitle = "time (h)", YTitle = "voltage (V)", Caption = "Cell voltage (min/max preserved when thinned)." }.Add(PlotFigure.Line("V", vx, vy));
    }

    /// <summary>Capacity/CE per cycle and the voltage profiles of the first, reference and last cycles: the report's and `cycle full --figure`'s.</summary>
    public static List<PlotFigure> Figures(FullCellResult r, TimeSeries ts, double activeMassMg)
    {
        var figs = new List<PlotFigure>();
        var c = r.Cycles.Where(x => x.Complete).ToList();
        var idx = c.Select(x => (double)x.Index).ToArray();
        figs.Add(new PlotFigure { Title = "Capacity and coulombic efficiency", XTitle = "cycle", YTitle = "capacity (mAh/g)", ExtraLayout = SecondAxis("coulombic efficiency (%)"), Caption = "Charge and discharge capacity per gram of active material; CE on the right axis." }
            .Add(PlotFigure.Markers("charge", idx, c.Select(x => x.ChargeMahPerG)))
            .Add(PlotFigure.Markers("discharge", idx, c.Select(x => x.DischargeMahPerG)))
            .Add(PlotFigure.Line("CE", idx, c.Select(x => x.CoulombicEfficiency * 100), dash: "dot", yaxis: "y2")));
        figs.Add(VoltageProfiles(r, ts, activeMassMg, new[] { c[0], c[Math.Min(r.ReferenceCycle, c.Count) - 1], c[^1] }.Select(x => x.Index).Distinct().ToList(),
            "Charge and discharge of the first, reference and last cycles."));
        return figs;
    }

    /// <summary>Voltage vs specific capacity (charge and discharge) of the given complete cycles (1-based indices).</summary>
    public static PlotFigure VoltageProfiles(FullCellResult r, TimeSeries ts, double activeMassMg, IReadOnlyList<int> cycles, string? caption = null)
    {
        var prof = new PlotFigure { Title = "Voltage profiles", XTitle = "capacity (mAh/g)", YTitle = "voltage (V)", Caption = caption ?? "Charge and discharge of the chosen cycles." };
        foreach (var cy in cycles.Select(i => r.Cycles.First(x => x.Index == i)))
        {
            var sel = Enumerable.Range(0, ts.Count).Where(i => ts.TimeS[i] >= cy.StartS && ts.TimeS[i] <= cy.EndS && ts.CurrentA[i] != 0).ToArray();
            double q = 0; int sign = 0; var xs = new List<double>(); var ys = new List<double>();
            // a long half cycle (1 s sampling over a 10 h C/10 step = 36 000 points) is thinned to ~1500 points for the browser
            int stride = Math.Max(1, sel.Length / 3000);
            for (int k = 0; k < sel.Length; k++)
            {
                int i = sel[k];
                int sg = Math.Sign(ts.CurrentA[i]);
                if (sg != sign) { if (xs.Count > 0) { prof.Add(PlotFigure.Line($"cycle {cy.Index} {(sign > 0 ? "charge" : "discharge")}", xs, ys)); xs = []; ys = []; } q = 0; sign = sg; }
                else if (k > 0) q += Math.Abs(ts.CurrentA[i]) * (ts.TimeS[i] - ts.TimeS[sel[k - 1]]) / 3.6 / (activeMassMg / 1000);
                bool edge = k == sel.Length - 1 || Math.Sign(ts.CurrentA[sel[k + 1]]) != sg || xs.Count == 0;
                if (k % stride == 0 || edge) { xs.Add(q); ys.Add(ts.VoltageV[i]); }
            }
            if (xs.Count > 0) prof.Add(PlotFigure.Line($"cycle {cy.Index} {(sign > 0 ? "charge" : "discharge")}", xs, ys));
        }
        return prof;
    }
}
