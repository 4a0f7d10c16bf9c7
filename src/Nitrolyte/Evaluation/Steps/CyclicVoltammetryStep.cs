using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats;
using Nitrolyte.Reports;
using static Nitrolyte.Evaluation.Steps.EchemStepHelpers;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>Cyclic voltammetry: charges per cycle, stripping/plating ratio, net Li (% of the pellet), plots of the cycles.
/// Options: pellet_mass_mg (else sample mass_mg), formula (else the manifest's formula).</summary>
public sealed class CyclicVoltammetryStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["cv", "cyclic_voltammetry"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="CyclicVoltammetryStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => CyclicVoltammetryStepOptions.Keys;

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = CyclicVoltammetryStepOptions.Parse(entry);
        var file = SingleFile(entry);
        var ts = TimeSeriesReader.Read(file, keepExtras: false, opt.Columns);
        var r = CyclicVoltammetry.Analyse(ts, new CvOptions
        {
            PelletMassMg = opt.PelletMassMg ?? entry.Sample.MassMg,
            Formula = opt.Formula ?? context.Manifest.Formula,
        });
        var section = new ReportSection { Key = $"cv-{entry.Index}", Title = $"Cyclic voltammetry: {entry.DisplayName}" };
        foreach (var assumed in ts.Columns?.Assumptions ?? []) section.Paragraphs.Add($"Assumed: {assumed}.");
        section.Paragraphs.Add($"{r.Cycles.Count} cycles (from the {r.CycleSource}). Anodic charge = Li stripping (I > 0), cathodic = plating (I < 0). " +
            $"Net plated {r.NetPlatedC:0.###e+0} C" + (r.NetLiPct is { } p ? $" = {p:0.####} % of the {r.PelletLiMol * 1000:0.###} mmol Li in the pellet." : " (pellet mass and formula needed for the % of Li)."));
        if (r.StrippingGrowth is { TwoRegimes: true } g)
            section.Paragraphs.Add($"The stripping charge grows in two regimes: {g.EarlySlopeCPerCycle:0.###e+0} C/cycle, then {g.LateSlopeCPerCycle:0.###e+0} C/cycle after cycle {g.BreakCycle:0}.");
        section.Tables.Add(new ReportTable("Charge per cycle", ["cycle", "anodic (C)", "cathodic (C)", "ratio", "I_pa (A) @ V", "I_pc (A) @ V"],
            r.Cycles.Select(c => (IReadOnlyList<string>)[c.Index.ToString(), $"{c.AnodicChargeC:0.###e+0}", $"{c.CathodicChargeC:0.###e+0}", $"{c.Ratio:0.0000}",
                $"{c.AnodicPeakA:0.##e+0} @ {c.AnodicPeakV:0.###}", $"{c.CathodicPeakA:0.##e+0} @ {c.CathodicPeakV:0.###}"]).ToList()));
        section.Figures.AddRange(Figures(r, ts));
        foreach (var w in r.Warnings) section.Warnings.Add(w);
        return new StepOutcome { Results = ColumnsJson.AddTo(ElectrochemistryJson.Cv(r, Path.GetFileName(file)), ts.Columns), Section = section };
    }

    /// <summary>The voltammograms and the charge per cycle: the report's and `cv --figure`'s.</summary>
    public static List<PlotFigure> Figures(CvResult r, TimeSeries ts)
    {
        var figs = new List<PlotFigure>();
        var fig = new PlotFigure { Title = "Voltammograms", XTitle = "potential (V)", YTitle = "current (mA)", Caption = "Each cycle as a line (first, middle and last cycles, and every cycle when there are at most eight)." };
        var show = r.Cycles.Count <= 8 ? r.Cycles : new[] { r.Cycles[0], r.Cycles[r.Cycles.Count / 4], r.Cycles[r.Cycles.Count / 2], r.Cycles[3 * r.Cycles.Count / 4], r.Cycles[^1] }.Distinct().ToList();
        foreach (var c in show)
        {
            var idx = Enumerable.Range(0, ts.Count).Where(i => ts.TimeS[i] >= c.StartS && ts.TimeS[i] <= c.EndS).ToArray();
            int stride = Math.Max(1, idx.Length / 1500);
            var sel = idx.Where((_, k) => k % stride == 0).ToArray();
            fig.Add(PlotFigure.Line($"cycle {c.Index}", sel.Select(i => ts.VoltageV[i]), sel.Select(i => ts.CurrentA[i] * 1000)));
        }
        figs.Add(fig);
        figs.Add(new PlotFigure { Title = "Stripping and plating charge per cycle", XTitle = "cycle", YTitle = "charge (C)", ExtraLayout = SecondAxis("stripping / plating"), Caption = "Anodic (stripping) and cathodic (plating) charge; their ratio on the right axis." }
            .Add(PlotFigure.Markers("anodic (stripping)", r.Cycles.Select(c => (double)c.Index), r.Cycles.Select(c => c.AnodicChargeC)))
            .Add(PlotFigure.Markers("cathodic (plating)", r.Cycles.Select(c => (double)c.Index), r.Cycles.Select(c => c.CathodicChargeC)))
            .Add(PlotFigure.Line("ratio", r.Cycles.Select(c => (double)c.Index), r.Cycles.Select(c => c.Ratio), dash: "dot", yaxis: "y2")));
        return figs;
    }
}
