using System.CommandLine;
using System.Globalization;
using Nitrolyte.Cli.Printing;
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

    internal const string FileHelp = "Impedance file: BioLogic .mpt/.mpr, Gamry .DTA, ZView .z, Autolab .dfr, Ivium .idf/.ids, VersaStudio .par, "
        + "or CSV/TXT with a header naming frequency and Z'/Z'' (or -Z'', or |Z| and phase); without a header the columns are f, Z', Z''.";

    public static Command Create()
    {
        var cmd = new Command("eis", "Impedance spectroscopy: fit equivalent circuits (CNLS), Lin-KK validity test, DRT, pellet conductivity, temperature/time series, simulate spectra.");
        cmd.Add(CreateFit());
        cmd.Add(CreateKk());
        cmd.Add(CreateDrt());
        cmd.Add(EisSeriesCommand.Create());
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
                HtmlOutput.Write(report, htmlPath);
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
            ImpedancePrinter.Excluded(sel);
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
            ImpedancePrinter.LinKK(r, ft);
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
            ImpedancePrinter.Drt(d);
            return 0;
        });
        return cmd;
    }
}
