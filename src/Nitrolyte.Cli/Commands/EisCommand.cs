using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte eis fit|kk|drt|series|simulate`: impedance spectra to circuits, validity, DRT and conductivity.</summary>
public static partial class EisCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    internal const string CircuitHelp = "Equivalent circuit: '-' joins in series, p(a,b) in parallel, e.g. R0-p(R1,CPE1)-Wo1; also (R1|Q1)+(R2|Q2)+Q3 "
        + "or Boukamp R(RQ)(RQ)Q. Elements, each with a number: R, C, L, CPE or Q (Q, n), W, Wo and Ws (Z0, τ), G (R, t), La (L, a). "
        + "Parameter names: R0, C1, CPE1_0 (Q), CPE1_1 (n), Wo1_0, Wo1_1, ... (see docs/impedance.md).";

    private const string FileHelp = "Impedance file: BioLogic .mpt/.mpr, Gamry .DTA, ZView .z, Autolab .dfr, Ivium .idf/.ids, VersaStudio .par, "
        + "or CSV/TXT with a header naming frequency and Z'/Z'' (or -Z'', or |Z| and phase); without a header the columns are f, Z', Z''.";

    public static Command Create()
    {
        var cmd = new Command("eis", "Impedance spectroscopy: fit equivalent circuits (CNLS), Lin-KK validity test, DRT, pellet conductivity, temperature/time series, simulate spectra.");
        cmd.Add(CreateFit());
        cmd.Add(CreateKk());
        cmd.Add(CreateDrt());
        cmd.Add(CreateSeries());
        cmd.Add(EisSimulateCommand.Create());
        cmd.Add(EisCompareCommand.Create());
        return cmd;
    }


    internal static ImpedanceSpectrum ReadOne(string path, int index, Formats.Columns.ColumnSpec? columns = null)
    {
        var all = ColumnsOption.Read(() => ImpedanceReader.ReadAll(path, columns));
        if (index < 1 || index > all.Count) throw new UsageException($"--spectrum {index}: {path} holds {all.Count} spectra");
        return all[index - 1];
    }

    // ------------------------------------------------------------------ fit

    private static Command CreateFit()
    {
        var file = new Argument<string>("file") { Description = FileHelp };
        var index = new Option<int>("--spectrum") { Description = "Which spectrum of a multi-spectrum file (1-based, default 1).", DefaultValueFactory = _ => 1 };
        var common = new Common();
        var json = CommandRunner.JsonOption();
        var outCsv = new Option<string?>("--out") { Description = "Write a CSV of every point: frequency_hz, data, model, residuals (data − model)/|Z| and an excluded flag." };
        var html = new Option<string?>("--html") { Description = "Write an HTML page with the Nyquist, Bode and residual (with Lin-KK) plots of this fit." };
        var cmd = new Command("fit", "Fit an equivalent circuit by complex nonlinear least squares (no starting values needed); with geometry, conductivities.\n"
            + "Example: nitrolyte eis fit pellet_30C.csv --circuit \"R0-p(R1,CPE1)-CPE2\" --thickness-mm 1.5 --diameter-mm 10") { file, index, json, outCsv, html };
        common.AddTo(cmd);
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var circuit = common.ParseCircuit(p);
            var input = p.GetValue(file)!;
            figures.Validate(p, input);
            foreach (var (opt, path) in new[] { ("--out", p.GetValue(outCsv)), ("--html", p.GetValue(html)) })
                if (path is not null && OutputGuard.IsSameFile(path, input))
                    throw new UsageException($"{opt} {path} is the input file; choose another name");
            var options = common.FitOptions(p, circuit);
            var sel = common.Select(ReadOne(input, p.GetValue(index), ColumnsOption.Parse(p, common.Columns)), p);
            var fit = CnlsFitter.Fit(sel.Kept, circuit, options);
            var g = common.Geometry(p);
            var cond = g is null ? null : PelletConductivity.Analyse(fit, g, common.CellType(p));
            if (p.GetValue(outCsv) is { } csvPath)
            {
                AtomicFile.WriteAllText(csvPath, ImpedanceFitExport.Csv(sel, fit));
                Console.Error.WriteLine($"wrote {sel.Original.Count} points ({sel.ExcludedCount} excluded) to {csvPath}");
            }
            if (figures.Wanted(p)) figures.Write(p, ImpedanceFitExport.Section(sel, fit).Figures);
            if (p.GetValue(html) is { } htmlPath)
            {
                var report = new Report { Material = Path.GetFileName(input), Description = $"eis fit --circuit {circuit.Text}" };
                report.Sections.Add(ImpedanceFitExport.Section(sel, fit));
                HtmlReportWriter.Write(report, htmlPath, out var missing);
                Console.Error.WriteLine($"wrote {htmlPath}{(missing.Count > 0 ? $" (plots missing: {string.Join(", ", missing)})" : "")}");
            }
            if (p.GetValue(json))
            {
                var o = ImpedanceJson.Fit(fit, cond);
                o["n_points_read"] = sel.Original.Count;
                o["excluded"] = ImpedanceJson.Excluded(sel);
                CommandRunner.PrintJson(o);
                return 0;
            }
            ImpedancePrinter.Fit(fit, cond);
            if (sel.ExcludedCount > 0) AnsiConsole.WriteLine($"{sel.ExcludedCount} of {sel.Original.Count} points excluded from the fit (points {string.Join(",", Enumerable.Range(0, sel.Original.Count).Where(i => sel.Excluded[i]).Select(i => i + 1))})");
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ kk / drt

    private static Command CreateKk()
    {
        var file = new Argument<string>("file") { Description = FileHelp };
        var c = new Option<double>("--c") { Description = "µ cut-off (default 0.85).", DefaultValueFactory = _ => 0.85 };
        var maxM = new Option<int>("--max-m") { Description = "Largest number of RC elements (default 50).", DefaultValueFactory = _ => 50 };
        var type = new Option<string>("--fit-type") { Description = "real (default, Schönleber) or complex.", DefaultValueFactory = _ => "real" };
        var index = new Option<int>("--spectrum") { Description = "Which spectrum (1-based).", DefaultValueFactory = _ => 1 };
        var addCap = new Option<string>("--add-cap") { Description = "Series capacitance in the KK model: auto (default: tried when the low-frequency end rises like a blocking-electrode spike, CPE n down to 0.4, and kept when it lowers the residuals), yes or no.", DefaultValueFactory = _ => "auto" };
        var columns = ColumnsOption.Create(ColumnsExample);
        var json = CommandRunner.JsonOption();
        var cmd = new Command("kk", "Lin-KK validity test (Schönleber 2014): number of RC elements M, µ, residuals in % of |Z|.") { file, c, maxM, type, index, addCap, columns, json };
        var kkExclude = new Exclusion();
        kkExclude.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var kkSel = kkExclude.Select(ReadOne(p.GetValue(file)!, p.GetValue(index), ColumnsOption.Parse(p, columns)), p);
            var s = kkSel.Kept;
            var ft = p.GetValue(type)!.ToLowerInvariant() switch { "real" => KkFitType.Real, "complex" => KkFitType.Complex, var x => throw new UsageException($"--fit-type: '{x}' is not real or complex") };
            bool? capChoice = p.GetValue(addCap)!.ToLowerInvariant() switch
            {
                "auto" => null, "yes" or "true" => true, "no" or "false" => false,
                var x => throw new UsageException($"--add-cap: '{x}' is not auto, yes or no"),
            };
            var (r, cap) = capChoice is { } given ? (KramersKronig.LinKK(s, p.GetValue(c), p.GetValue(maxM), ft, given), given) : KramersKronig.LinKKAuto(s, p.GetValue(c), p.GetValue(maxM), ft);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(ImpedanceJson.LinKK(r, s, cap, kkSel));
                return 0;
            }
            ColumnsOption.Print(s.Columns);
            AnsiConsole.WriteLine($"Lin-KK ({ft.ToString().ToLowerInvariant()} fit): M = {r.M}, µ = {r.Mu:0.00000} (c = {r.C}), max |residual| = {r.MaxResidualPct:0.###} %, mean = {r.MeanAbsResidualPct:0.###} %");
            AnsiConsole.WriteLine(r.MaxResidualPct < 1 ? "The spectrum is consistent with Kramers-Kronig (residuals below 1 %)." : "Residuals above 1 %: check drift, non-linearity or noise at the frequencies with large residuals.");
            return 0;
        });
        return cmd;
    }

    private static Command CreateDrt()
    {
        var file = new Argument<string>("file") { Description = FileHelp };
        var lambda = new Option<double?>("--lambda") { Description = "Regularisation parameter (default: chosen by generalised cross-validation)." };
        var index = new Option<int>("--spectrum") { Description = "Which spectrum (1-based).", DefaultValueFactory = _ => 1 };
        var columns = ColumnsOption.Create(ColumnsExample);
        var json = CommandRunner.JsonOption();
        var cmd = new Command("drt", "Distribution of relaxation times (Tikhonov NNLS, λ by GCV); peaks as (τ, R, C).") { file, lambda, index, columns, json };
        var drtExclude = new Exclusion();
        drtExclude.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var drtSel = drtExclude.Select(ReadOne(p.GetValue(file)!, p.GetValue(index), ColumnsOption.Parse(p, columns)), p);
            var s = drtSel.Kept;
            var d = Drt.Compute(s, p.GetValue(lambda));
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(ImpedanceJson.Drt(d, s, drtSel));
                return 0;
            }
            ColumnsOption.Print(s.Columns);
            var t = new Table().AddColumn("τ (s)").AddColumn("f (Hz)").AddColumn("R (Ω)").AddColumn("C (F)");
            foreach (var k in d.Peaks) t.AddEscapedRow(k.TauS.ToString("0.000e+0", Inv), k.FrequencyHz.ToString("G3", Inv), k.ResistanceOhm.ToString("G4", Inv), k.CapacitanceF.ToString("0.00e+0", Inv));
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"λ = {d.Lambda:G3} ({d.LambdaMethod}), R∞ = {d.ROhmicOhm:G4} Ω");
            if (d.InductiveTail) AnsiConsole.WriteLine($"warning: inductive tail ({d.InductivePoints} points with Z'' > 0): a series inductance L = {d.InductanceH:G3} H was added to the DRT model");
            return 0;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ series

    private static Command CreateSeries()
    {
        var files = new Argument<string[]>("files") { Description = "Impedance files, any format of `eis fit` (a file may hold several spectra: time series).", Arity = ArgumentArity.OneOrMore };
        var temps = new Option<string?>("--temperatures-c") { Description = "Comma-separated temperatures (°C), one per spectrum in the order given." };
        var fromNames = new Option<bool>("--temperatures-from-names") { Description = "Read temperatures from file names (e.g. s04147-140deg.txt, LLZO_25C.csv, LLZO_-20C.csv or LLZO_m20C.csv = -20 °C, run_413K.z, 25degC). 2C-rate and 0.5C are C-rates, not temperatures; a name with two different temperatures is refused, listing them." };
        var tCsv = new Option<string?>("--temperatures-csv") { Description = "CSV with columns file,temperature_c (file names as given or their base names)." };
        var form = new Option<string>("--form") { Description = "Arrhenius form: sigma-t (default) or sigma.", DefaultValueFactory = _ => "sigma-t" };
        var common = new Common();
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
                if (!(tc > -273.15)) throw new UsageException($"--temperatures-c: {tc.ToString(Inv)} °C is not above absolute zero");
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
                p.GetValue(json) ? null : new SyncProgress(m => Console.Error.WriteLine(m)), JobsOption.Get(p, jobs));
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

    /// <summary>Reports progress synchronously (System.Progress posts to the thread pool, which reorders lines).</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    internal static JsonArray JumpsJson(SeriesResult res) => ImpedanceJson.Jumps(res);
}
