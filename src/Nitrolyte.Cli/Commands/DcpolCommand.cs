using System.CommandLine;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Formats;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class DcpolCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "Chronoamperometry trace (any readable format) of a cell with ion-blocking electrodes under one or several constant voltages." };
        var thickness = new Option<double>("--thickness-mm") { Description = "Pellet thickness L (mm).", Required = true };
        var area = new Option<double?>("--area-cm2") { Description = "Electrode area A (cm2)." };
        var diameter = new Option<double?>("--diameter-mm") { Description = "Electrode diameter (mm), instead of --area-cm2." };
        var voltage = new Option<double?>("--voltage") { Description = "Applied voltage V (default: the measured hold voltage). With several holds, picks the hold for t_ion and tau." };
        var window = new Option<double>("--window-s") { Description = "I_f = mean current over this last part of the hold (default 1800 s: the last half hour).", DefaultValueFactory = _ => 1800 };
        var model = new Option<string>("--fit") { Description = "Relaxation fit: single (default), double or none.", DefaultValueFactory = _ => "single" };
        var initial = new Option<string>("--initial") { Description = "I_t: first (default: the first row of the hold, i.e. the row at the step change, which carries the charging current, or else the first row at the hold voltage) or extrapolated (alias fit: the relaxation fitted to the rows at the hold voltage, extrapolated back to the step start; the fit is stated in the output).", DefaultValueFactory = _ => "first" };
        var columns = ColumnsOption.Create("t=time/s, v=Ewe/V, i=I/mA");
        var json = CommandRunner.JsonOption();
        var cmd = new Command("dcpol", "DC polarisation (Hebb-Wagner): electronic conductivity sigma_e = (L/A)(I_f/V), transference numbers t_e = I_f/I_t and t_ion = 1 - t_e, relaxation time constant; several voltages give a linear I-V fit. Example: nitrolyte dcpol examples/li2nh/dcpol_au_li2nh_au_0.5V_generated.csv --thickness-mm 1.5 --diameter-mm 10. Guide: docs/electrochemistry.md. Memory: the trace is held as float64/int32 columns, about 8 bytes x the ~10 instrument columns read + 44 bytes per row (a 1.1 GB, 2.6 M-row .mpt: 0.42 GB peak; docs/performance.md).")
        {
            file, thickness, area, diameter, voltage, window, model, initial, columns, json,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            figures.Validate(p, p.GetValue(file)!);
            if (p.GetValue(area) is not null && p.GetValue(diameter) is not null) throw new UsageException("give --area-cm2 or --diameter-mm, not both");
            var a = p.GetValue(area) ?? (p.GetValue(diameter) is { } d ? Math.PI * Math.Pow(d / 20, 2) : throw new UsageException("give --area-cm2 or --diameter-mm"));
            var o = new DcPolarisationOptions
            {
                ThicknessCm = p.GetValue(thickness) / 10, AreaCm2 = a, VoltageV = p.GetValue(voltage), SteadyWindowS = p.GetValue(window),
                Model = p.GetValue(model)!.ToLowerInvariant() switch { "single" => RelaxationModel.Single, "double" => RelaxationModel.Double, "none" => RelaxationModel.None, var x => throw new UsageException($"--fit {x}: use single, double or none") },
                Initial = p.GetValue(initial)!.ToLowerInvariant() switch { "first" => InitialCurrentMode.FirstPoint, "fit" or "extrapolated" => InitialCurrentMode.Fit, var x => throw new UsageException($"--initial {x}: use first or extrapolated") },
            };
            var path = p.GetValue(file)!;
            var ts = ColumnsOption.Read(() => TimeSeriesReader.Read(path, keepExtras: false, ColumnsOption.Parse(p, columns)));
            var r = DcPolarisation.Analyse(ts, o);
            if (figures.Wanted(p)) figures.Write(p, Evaluation.Steps.DcPolarisationStep.Figures(r, ts));
            if (p.GetValue(json)) { CommandRunner.PrintJson(Reports.ColumnsJson.AddTo(ElectrochemistryJson.Dc(r, path), ts.Columns)); return 0; }
            ColumnsOption.Print(ts.Columns);
            var t = new Table().AddColumn("quantity").AddColumn("value");
            t.AddEscapedRow("sigma_e", $"{r.ElectronicConductivitySPerCm:0.000e+0} S/cm" + (r.ElectronicConductivityStdErrSPerCm is { } se ? $" ± {se:0.0e+0}" : "") + $" ({r.ConductivitySource})");
            t.AddEscapedRow("t_ion / t_e", $"{r.TIon:0.0000} / {r.TElectronic:0.0000}");
            t.AddEscapedRow("I_initial", $"{r.IInitialA:0.000e+0} A: {r.InitialCurrentSource}");
            t.AddEscapedRow("I_final", $"{r.IFinalA:0.000e+0} A (time-weighted mean of the last {r.Holds[r.SelectedHold].WindowS:0} s)");
            t.AddEscapedRow("tau", r.TauS is { } tau ? $"{tau:0.###} ± {r.TauStdErrS:0.###} s" : "not fitted");
            t.AddEscapedRow("holds", string.Join("; ", r.Holds.Select(h => $"{h.VoltageV:0.###} V: I_f {h.IFinalA:0.00e+0} A")));
            AnsiConsole.Write(t);
            foreach (var w in r.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            return 0;
        });
        return cmd;
    }
}
