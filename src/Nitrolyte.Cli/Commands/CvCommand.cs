using System.CommandLine;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Formats;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class CvCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Cyclic voltammetry trace (any readable format)." };
        var mass = new Option<double?>("--pellet-mass-mg") { Description = "Pellet mass (mg), for net_li_pct." };
        var formula = new Option<string?>("--formula") { Description = "Electrolyte formula (e.g. Li2NH), for net_li_pct." };
        var vertices = new Option<bool>("--find-cycles") { Description = "Segment cycles from the sweep vertices even when the file has a cycle column." };
        var columns = ColumnsOption.Create("t=time/s, v=Ewe/V, i=I/mA");
        var json = CommandRunner.JsonOption();
        var cmd = new Command("cv", "Cyclic voltammetry: cycles, anodic (stripping) and cathodic (plating) charge per cycle, their ratio, peaks, growth of the stripping charge, and the net Li plated as % of the Li in the pellet. Example: nitrolyte cv examples/li2nh/cv_li_li2nh_steel_generated.csv --pellet-mass-mg 133 --formula Li2NH. Guide: docs/electrochemistry.md.")
        {
            file, mass, formula, vertices, columns, json,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var ts = ColumnsOption.Read(() => TimeSeriesReader.Read(path, keepExtras: false, ColumnsOption.Parse(p, columns)));
            var r = CyclicVoltammetry.Analyse(ts,
                new CvOptions { PelletMassMg = p.GetValue(mass), Formula = p.GetValue(formula), UseRecordedCycles = !p.GetValue(vertices) });
            if (figures.Wanted(p)) figures.Write(p, Evaluation.Steps.CyclicVoltammetryStep.Figures(r, ts));
            if (p.GetValue(json)) { CommandRunner.PrintJson(Reports.ColumnsJson.AddTo(ElectrochemistryJson.Cv(r, path), ts.Columns)); return 0; }
            ColumnsOption.Print(ts.Columns);
            var t = new Table().AddColumn("cycle").AddColumn("anodic (C)").AddColumn("cathodic (C)").AddColumn("ratio").AddColumn("I_pa @ V").AddColumn("I_pc @ V");
            foreach (var c in r.Cycles)
                t.AddEscapedRow(c.Index.ToString(), $"{c.AnodicChargeC:0.000e+0}", $"{c.CathodicChargeC:0.000e+0}", $"{c.Ratio:0.0000}", $"{c.AnodicPeakA:0.00e+0} @ {c.AnodicPeakV:0.###}", $"{c.CathodicPeakA:0.00e+0} @ {c.CathodicPeakV:0.###}");
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"Cycles from the {r.CycleSource}. Net plated: {r.NetPlatedC:0.000e+0} C" + (r.NetLiPct is { } pct ? $" = {pct:0.####} % of the Li in the pellet" : " (give --pellet-mass-mg and --formula for net_li_pct)"));
            if (r.StrippingGrowth is { } g)
                AnsiConsole.WriteLine(g.TwoRegimes ? $"Stripping charge grows in two regimes: {g.EarlySlopeCPerCycle:0.00e+0} C/cycle, then {g.LateSlopeCPerCycle:0.00e+0} C/cycle after cycle {g.BreakCycle:0}." : $"Stripping charge grows by {g.SlopeCPerCycle:0.00e+0} C/cycle.");
            foreach (var w in r.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            return 0;
        });
        return cmd;
    }
}
