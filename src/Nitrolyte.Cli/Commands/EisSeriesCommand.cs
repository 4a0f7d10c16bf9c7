using System.CommandLine;
using System.Globalization;
using Nitrolyte.Arrhenius;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>eis series</c>: one circuit fitted to many spectra (warm starts), then Arrhenius fits of the conductivities.</summary>
public static class EisSeriesCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Impedance files, any format of `eis fit` (a file may hold several spectra: time series).", Arity = ArgumentArity.OneOrMore };
        var temps = new Option<string?>("--temperatures-c") { Description = "Comma-separated temperatures (°C), one per spectrum in the order given." };
        var fromNames = new Option<bool>("--temperatures-from-names") { Description = "Read temperatures from file names (e.g. s04147-140deg.txt, LLZO_25C.csv, LLZO_-20C.csv or LLZO_m20C.csv = -20 °C, run_413K.z, 25degC). 2C-rate and 0.5C are C-rates, not temperatures; a name with two different temperatures is refused, listing them." };
        var tCsv = new Option<string?>("--temperatures-csv") { Description = "CSV with columns file,temperature_c (file names as given or their base names)." };
        var form = new Option<string>("--form") { Description = "Arrhenius form: sigma-t (default) or sigma.", DefaultValueFactory = _ => "sigma-t" };
        var common = new EisCommand.Common();
        var json = CommandRunner.JsonOption();
        var jobs = JobsOption.Create("the spectra's automatic fits");
        var cmd = new Command("series", "Fit one circuit to many spectra (warm starts), then Arrhenius fits of bulk, grain-boundary and total conductivity (needs geometry and temperatures).\n"
            + "Example: nitrolyte eis series pellet_*C.csv --circuit \"R0-p(R1,CPE1)-CPE2\" --temperatures-from-names --thickness-mm 1.5 --diameter-mm 10") { files, temps, fromNames, tCsv, form, json, jobs };
        common.AddTo(cmd);
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            figures.Validate(p, p.GetValue(files)!);
            var circuit = common.ParseCircuit(p);
            var paths = p.GetValue(files)!;
            var spectra = new List<ImpedanceSpectrum>();
            var columnSpec = ColumnsOption.Parse(p, common.Columns);
            var selections = new List<SpectrumSelection>();
            foreach (var f in paths)
                foreach (var s in ColumnsOption.Read(() => ImpedanceReader.ReadAll(f, columnSpec)))
                {
                    var sel = common.Select(s, p);
                    selections.Add(sel);
                    spectra.Add(sel.Kept);
                }
            var tList = CommandRunner.ParseDoubles(p.GetValue(temps), "--temperatures-c");
            foreach (var tc in tList)
                if (!(tc > -273.15)) throw new UsageException($"--temperatures-c: {tc.ToString(CultureInfo.InvariantCulture)} °C is not above absolute zero");
            var csvPath = p.GetValue(tCsv);
            if ((tList.Length > 0 ? 1 : 0) + (p.GetValue(fromNames) ? 1 : 0) + (csvPath is null ? 0 : 1) > 1)
                throw new UsageException("give only one of --temperatures-c, --temperatures-from-names, --temperatures-csv");
            if (csvPath is not null)
            {
                spectra = TemperatureTableReader.Apply(spectra, csvPath);
            }
            if (tList.Length > 0)
            {
                if (tList.Length != spectra.Count) throw new UsageException($"--temperatures-c has {tList.Length} values for {spectra.Count} spectra");
                spectra = spectra.Select((s, i) => s with { TemperatureC = tList[i] }).ToList();
            }
            else if (p.GetValue(fromNames))
            {
                spectra = TemperatureTableReader.FromFileNames(spectra);
            }
            var g = common.Geometry(p);
            var res = SeriesFitter.Fit(spectra, circuit, common.FitOptions(p), g, common.CellType(p), ArrheniusFormNames.Parse(p.GetValue(form)!),
                p.GetValue(json) ? null : new SyncProgress<string>(m => Console.Error.WriteLine(m)), JobsOption.Get(p, jobs));
            var o = ImpedanceJson.Series(res, selections);
            if (figures.Wanted(p))
            {
                var name = paths.Length == 1 ? Path.GetFileName(paths[0]) : $"{paths.Length} files";
                var figs = new List<PlotFigure> { ImpedancePlots.Nyquist(res, name) };
                if (ImpedancePlots.SeriesArrhenius(res, name) is { } arrFig) figs.Add(arrFig);
                figures.Write(p, figs);
            }
            if (p.GetValue(json)) { CommandRunner.PrintJson(o); return 0; }
            ImpedancePrinter.Series(res, g);
            return 0;
        });
        return cmd;
    }
}
