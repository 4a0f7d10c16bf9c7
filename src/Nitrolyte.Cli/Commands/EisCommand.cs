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
public static class EisCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string CircuitHelp = "Equivalent circuit: '-' joins in series, p(a,b) in parallel, e.g. R0-p(R1,CPE1)-Wo1; also (R1|Q1)+(R2|Q2)+Q3 "
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
        cmd.Add(CreateSimulate());
        cmd.Add(EisCompareCommand.Create());
        return cmd;
    }

    // ------------------------------------------------------------------ shared options

    internal sealed class Common
    {
        public Option<string> Circuit = new("--circuit") { Description = CircuitHelp, Required = true };
        public Option<string> Weighting = new("--weighting") { Description = "Residual weighting: unit (ΔZ in Ohm), proportional (ΔZ'/|Z'|, ΔZ''/|Z''|), modulus (ΔZ/|Z_data|, default) or boukamp (ΔZ/|Z_model|).", DefaultValueFactory = _ => "modulus" };
        public Option<double?> FMin = new("--fmin") { Description = "Ignore points below this frequency (Hz)." };
        public Option<double?> FMax = new("--fmax") { Description = "Ignore points above this frequency (Hz)." };
        public Option<bool> Capacitive = new("--capacitive-only") { Description = "Drop points with Z'' > 0 (inductive tail) before fitting." };
        public Option<double?> ThicknessMm = new("--thickness-mm") { Description = "Pellet thickness L (mm). With --diameter-mm or --area-cm2: σ = L/(R A) for bulk, grain boundary and total (arcs assigned by their capacitance), or the interface ASR with --cell symmetric." };
        public Option<double?> DiameterMm = new("--diameter-mm") { Description = "Electrode diameter (mm), for the area A = π d²/4; or give --area-cm2." };
        public Option<double?> AreaCm2 = new("--area-cm2") { Description = "Electrode area (cm²)." };
        public Option<double?> Density = new("--relative-density") { Description = "Relative density of the pellet (0-1), recorded with the result." };
        public Option<string> Cell = new("--cell") { Description = "blocking (Au|SE|Au, default) or symmetric (Li|SE|Li: ASR = R A / 2).", DefaultValueFactory = _ => "blocking" };
        public Option<string?> Initial = new("--initial") { Description = "Optional starting values, e.g. R1=1e4,CPE1_1=0.9 (names as in the circuit; the others are guessed from the spectrum)." };
        public Option<string?> Fixed = new("--fixed") { Description = "Parameters held constant, e.g. CPE2_1=0.85." };
        public Option<string?> Bounds = new("--bounds") { Description = "Bounds, e.g. R1=0:1e5,CPE1_1=0.6:1 (defaults: > 0, exponents in (0, 1])." };
        public Option<int> MultiStart = new("--multistart") { Description = "Random starts around the automatic guess (default 24; at most 1000).", DefaultValueFactory = _ => 24 };
        public Option<int> Seed = new("--seed") { Description = "Seed of the multi-start (default 1).", DefaultValueFactory = _ => 1 };
        public Option<string?> Columns = ColumnsOption.Create(ColumnsExample);
        public Exclusion Exclude = new();

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Circuit, Weighting, FMin, FMax, Capacitive, ThicknessMm, DiameterMm, AreaCm2, Density, Cell, Initial, Fixed, Bounds, MultiStart, Seed, Columns }) c.Add(o);
            Exclude.AddTo(c);
        }

        public Impedance.Circuit ParseCircuit(ParseResult p) => Impedance.Circuit.Parse(p.GetValue(Circuit)!);

        public CircuitFitOptions FitOptions(ParseResult p) => FitOptions(p, ParseCircuit(p));

        public CircuitFitOptions FitOptions(ParseResult p, Impedance.Circuit circuit)
        {
            var o = new CircuitFitOptions
            {
                Weighting = WeightingNames.Parse(p.GetValue(Weighting)!),
                Initial = ParseAssignments(p.GetValue(Initial), "--initial"),
                Fixed = ParseAssignments(p.GetValue(Fixed), "--fixed"),
                Bounds = ParseBounds(p.GetValue(Bounds)),
                MultiStart = p.GetValue(MultiStart),
                Seed = p.GetValue(Seed),
            };
            try { CircuitFitOptions.CheckRanges(circuit, o); }
            catch (NitrolyteInputException e) { throw new UsageException("--" + e.Message); }
            return o;
        }

        /// <summary>The spectrum as read with the points left out by --exclude, --exclude-points, --fmin/--fmax and --capacitive-only.</summary>
        public SpectrumSelection Select(ImpedanceSpectrum s, ParseResult p)
        {
            var fmin = p.GetValue(FMin); var fmax = p.GetValue(FMax);
            if (fmin is { } lo && fmax is { } hi && lo > hi) throw new UsageException($"--fmin {lo.ToString(Inv)} Hz is above --fmax {hi.ToString(Inv)} Hz");
            if (fmin is < 0 || fmax is <= 0) throw new UsageException("--fmin and --fmax are frequencies in Hz and must be positive");
            bool cap = p.GetValue(Capacitive);
            return Exclude.Select(s, p, i => (fmin is { } a && s.FrequenciesHz[i] < a) || (fmax is { } b && s.FrequenciesHz[i] > b) || (cap && s.Z[i].Imaginary >= 0));
        }

        public PelletGeometry? Geometry(ParseResult p)
        {
            var t = p.GetValue(ThicknessMm);
            var d = p.GetValue(DiameterMm);
            var a = p.GetValue(AreaCm2);
            if (t is null && d is null && a is null) return null;
            if (t is null) throw new UsageException("--thickness-mm is needed with --diameter-mm/--area-cm2");
            if (d is null && a is null) throw new UsageException("give --diameter-mm or --area-cm2 with --thickness-mm");
            return PelletGeometry.FromMm(t.Value, d, a, p.GetValue(Density));
        }

        public CellType CellType(ParseResult p) => p.GetValue(Cell)!.Trim().ToLowerInvariant() switch
        {
            "blocking" => Impedance.CellType.Blocking,
            "symmetric" => Impedance.CellType.Symmetric,
            var x => throw new UsageException($"--cell: '{x}' is not blocking or symmetric"),
        };

        public ImpedanceSpectrum Prepare(ImpedanceSpectrum s, ParseResult p) => Select(s, p).Kept;
    }

    /// <summary>--exclude and --exclude-points (fit, kk, drt, series, compare).</summary>
    internal sealed class Exclusion
    {
        public Option<string?> Ranges = new("--exclude") { Description = "Leave out frequency ranges LOW:HIGH in Hz, comma-separated, either end open: e.g. 0.01:0.1,1e6: (excluded points stay in the outputs, flagged)." };
        public Option<string?> Points = new("--exclude-points") { Description = "Leave out points by number, 1 = first point of the spectrum as read, e.g. 3,17." };

        public void AddTo(Command c) { c.Add(Ranges); c.Add(Points); }

        public PointExclusion Parse(ParseResult p)
        {
            try { return PointExclusion.Parse(p.GetValue(Ranges), p.GetValue(Points)); }
            catch (NitrolyteInputException e) { throw new UsageException(e.Message); }
        }

        public SpectrumSelection Select(ImpedanceSpectrum s, ParseResult p, Func<int, bool>? alsoExclude = null) =>
            SpectrumSelection.Make(s, Parse(p), alsoExclude);
    }

    internal static JsonArray ExcludedJson(SpectrumSelection sel) => ImpedanceJson.Excluded(sel);

    private static Dictionary<string, double>? ParseAssignments(string? text, string option) =>
        string.IsNullOrWhiteSpace(text) ? null : ParameterAssignments.Values(text, part => new UsageException($"{option}: '{part}' is not name=value"));

    private static Dictionary<string, (double, double)>? ParseBounds(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : ParameterAssignments.Bounds(text, part => new UsageException($"--bounds: '{part}' is not name=low:high"))
            .ToDictionary(kv => kv.Key, kv => (kv.Value.Lower, kv.Value.Upper), StringComparer.OrdinalIgnoreCase);

    private const string ColumnsExample = "f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm";

    internal static ImpedanceSpectrum ReadOne(string path, int index, Formats.Columns.ColumnSpec? columns = null)
    {
        var all = ColumnsOption.Read(() => ImpedanceReader.ReadAll(path, columns));
        if (index < 1 || index > all.Count) throw new UsageException($"--spectrum {index}: {path} holds {all.Count} spectra");
        return all[index - 1];
    }

    // ------------------------------------------------------------------ JSON shapes

    public static JsonObject FitJson(CircuitFit fit, ConductivityResult? cond) => ImpedanceJson.Fit(fit, cond);

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
                var o = FitJson(fit, cond);
                o["n_points_read"] = sel.Original.Count;
                o["excluded"] = ExcludedJson(sel);
                CommandRunner.PrintJson(o);
                return 0;
            }
            PrintFit(fit, cond);
            if (sel.ExcludedCount > 0) AnsiConsole.WriteLine($"{sel.ExcludedCount} of {sel.Original.Count} points excluded from the fit (points {string.Join(",", Enumerable.Range(0, sel.Original.Count).Where(i => sel.Excluded[i]).Select(i => i + 1))})");
            return 0;
        });
        return cmd;
    }

    private static void PrintFit(CircuitFit fit, ConductivityResult? cond)
    {
        var t = new Table().AddColumn("parameter").AddColumn("value").AddColumn("std. error").AddColumn("unit");
        foreach (var p in fit.Parameters)
            t.AddEscapedRow(p.Name, p.Value.ToString("G5", Inv), p.Fixed ? "fixed" : double.IsNaN(p.StdErr) ? "n/a" : $"{p.StdErr.ToString("G3", Inv)} ({100 * p.RelativeStdErr:0.#} %)", p.Unit);
        AnsiConsole.Write(t);
        AnsiConsole.WriteLine($"circuit {fit.Circuit.Text}, {fit.NPoints} points, {fit.Weighting.ToName()} weighting, {fit.Starts} starts (seed {fit.Seed})");
        AnsiConsole.WriteLine($"chi² = {fit.ChiSquare:G5}, reduced chi² = {fit.ReducedChiSquare:G5}, AIC = {fit.Aic:0.00}");
        if (fit.Quality is { } q)
            AnsiConsole.WriteLine(q.ConvergedToGoodMinimum
                ? $"quality: chi² = {q.ChiSquareOverNoiseFloor:0.00} × the noise floor (good minimum){(fit.Rescued ? "; found by the retry from DRT-peak / split-arc starts" : "")}"
                : $"quality: FIT DID NOT CONVERGE TO A GOOD MINIMUM, chi² = {q.ChiSquareOverNoiseFloor:0.0} × the noise floor");
        foreach (var w in fit.Warnings) AnsiConsole.WriteLine("warning: " + w);
        ColumnsOption.Print(fit.Spectrum.Columns);
        if (cond is null) return;
        var c = new Table().AddColumn("arc").AddColumn("R (Ω)").AddColumn("C_eff (F)").AddColumn("f apex (Hz)").AddColumn("assigned");
        foreach (var a in cond.Arcs) c.AddEscapedRow(a.Block, a.ResistanceOhm.ToString("G4", Inv), a.EffectiveCapacitanceF.ToString("0.00e+0", Inv), a.ApexFrequencyHz.ToString("G3", Inv), a.Role);
        AnsiConsole.Write(c);
        AnsiConsole.WriteLine($"σ total {cond.TotalSPerCm:0.000e+0} S/cm, bulk {cond.BulkSPerCm:0.000e+0} S/cm, grain boundary {cond.GrainBoundarySPerCm:0.000e+0} S/cm (L = {cond.ThicknessCm:G4} cm, A = {cond.AreaCm2:G4} cm²)");
        if (double.IsFinite(cond.AsrOhmCm2)) AnsiConsole.WriteLine($"interface ASR = {cond.AsrOhmCm2:G4} Ω cm² (R_interface = {cond.RInterfaceOhm:G4} Ω)");
        foreach (var n in cond.Notes) AnsiConsole.WriteLine("note: " + n);
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
                var map = ReadTemperatureCsv(csvPath);
                spectra = spectra.Select(s =>
                {
                    var key = s.SourceFile ?? "";
                    if (!map.TryGetValue(key, out var t) && !map.TryGetValue(Path.GetFileName(key), out t))
                        throw new NitrolyteInputException($"{csvPath}: no temperature for {Path.GetFileName(key)}");
                    return s with { TemperatureC = t };
                }).ToList();
            }
            if (tList.Length > 0)
            {
                if (tList.Length != spectra.Count) throw new UsageException($"--temperatures-c has {tList.Length} values for {spectra.Count} spectra");
                spectra = spectra.Select((s, i) => s with { TemperatureC = tList[i] }).ToList();
            }
            else if (p.GetValue(fromNames))
            {
                spectra = spectra.Select(s =>
                {
                    var t = Formats.FileNameTemperature.Parse(s.SourceFile ?? "") ?? throw new NitrolyteInputException($"{s.SourceFile}: no temperature in the file name (expected e.g. 140deg, 25C, -20C, m20C or 413K; 2C-rate and 0.5C are C-rates)");
                    return s with { TemperatureC = t };
                }).ToList();
            }
            var g = common.Geometry(p);
            var res = SeriesFitter.Fit(spectra, circuit, common.FitOptions(p), g, common.CellType(p), ArrheniusFormNames.Parse(p.GetValue(form)!),
                p.GetValue(json) ? null : new SyncProgress(m => Console.Error.WriteLine(m)), JobsOption.Get(p, jobs));
            var o = SeriesJson(res, selections);
            if (figures.Wanted(p))
            {
                var name = paths.Length == 1 ? Path.GetFileName(paths[0]) : $"{paths.Length} files";
                var figs = new List<PlotFigure> { ImpedancePlots.Nyquist(res, name) };
                if (ImpedancePlots.SeriesArrhenius(res, name) is { } arrFig) figs.Add(arrFig);
                figures.Write(p, figs);
            }
            if (p.GetValue(json)) { CommandRunner.PrintJson(o); return 0; }
            var t = new Table().AddColumn("spectrum").AddColumn("T (°C)").AddColumn("chi²").AddColumn("start").AddColumn("σ bulk (S/cm)").AddColumn("σ gb (S/cm)").AddColumn("σ total (S/cm)");
            foreach (var f in res.Fits)
                t.AddEscapedRow(SpectrumName(f.Spectrum), f.TemperatureC?.ToString("0.#", Inv) ?? "-",
                    f.Fit.ChiSquare.ToString("G4", Inv) + (f.Fit.Quality is { ConvergedToGoodMinimum: false } q ? $" ({q.ChiSquareOverNoiseFloor:0.#}× floor: not a good minimum)" : ""),
                    f.Start, f.Conductivity?.BulkSPerCm.ToString("0.000e+0", Inv) ?? "-",
                    f.Conductivity?.GrainBoundarySPerCm.ToString("0.000e+0", Inv) ?? "-", f.Conductivity?.TotalSPerCm.ToString("0.000e+0", Inv) ?? "-");
            AnsiConsole.Write(t);
            foreach (var note in res.Fits.SelectMany(x => x.Spectrum.Columns?.Assumptions.Select(s => $"{Path.GetFileName(x.Spectrum.SourceFile ?? "")}: {s}") ?? []).Distinct())
                AnsiConsole.WriteLine("assumed: " + note);
            int warmWins = res.Fits.Count(f => f.Start == "warm"), freshWins = res.Fits.Count(f => f.Start == "fresh" && double.IsFinite(f.WarmChiSquare));
            AnsiConsole.WriteLine($"each spectrum after the first was fitted from the previous spectrum's parameters (warm) and afresh: warm kept {warmWins}, fresh kept {freshWins} (lower chi² wins)");
            foreach (var j in res.Jumps)
                AnsiConsole.WriteLine($"warning: {j.Parameter} jumps from {j.From.ToString("G3", Inv)} to {j.To.ToString("G3", Inv)} between {SpectrumName(res.Fits[j.PreviousFitIndex].Spectrum)} and {SpectrumName(res.Fits[j.FitIndex].Spectrum)} ({j.Measure})");
            if (res.Arrhenius is null)
                AnsiConsole.WriteLine(g is null ? "no Arrhenius fit: give the pellet geometry (--thickness-mm with --diameter-mm or --area-cm2) for conductivities"
                    : "no Arrhenius fit: it needs spectra at two or more different temperatures (--temperatures-c, --temperatures-from-names or --temperatures-csv)");
            if (res.Arrhenius is { } a)
                foreach (var (name, r) in new[] { ("bulk", a.Bulk), ("grain boundary", a.GrainBoundary), ("total", a.Total) })
                    if (r is not null)
                        AnsiConsole.WriteLine($"{name}: Ea = {r.EaEV:0.0000} ± {r.EaStdErrEV:0.0000} eV, σ(25 °C) = {r.ValueAt(298.15):0.000e+0} S/cm (extrapolated), R² = {r.RSquared:0.0000}");
            return 0;
        });
        return cmd;
    }

    private static Dictionary<string, double> ReadTemperatureCsv(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        var map = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(path);
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var cells = line.Split(',', StringSplitOptions.TrimEntries);
            if (cells.Length < 2) throw new NitrolyteFormatException(path, "expected two columns: file,temperature_c", i + 1);
            if (!double.TryParse(cells[1], NumberStyles.Float, Inv, out var t))
            {
                if (map.Count == 0) continue; // header
                throw new NitrolyteFormatException(path, $"'{cells[1]}' is not a temperature", i + 1);
            }
            map[cells[0].Trim('"')] = t;
        }
        if (map.Count == 0) throw new NitrolyteFormatException(path, "no file,temperature_c rows");
        return map;
    }

    /// <summary>Reports progress synchronously (System.Progress posts to the thread pool, which reorders lines).</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    public static JsonObject SeriesJson(SeriesResult res, IReadOnlyList<SpectrumSelection>? selections = null) => ImpedanceJson.Series(res, selections);

    internal static JsonArray JumpsJson(SeriesResult res) => ImpedanceJson.Jumps(res);

    private static string SpectrumName(ImpedanceSpectrum s) => Path.GetFileName(s.SourceFile ?? "") + (s.Label is null ? "" : " " + s.Label);

    // ------------------------------------------------------------------ simulate

    private static Command CreateSimulate()
    {
        var circuit = new Option<string>("--circuit") { Description = CircuitHelp, Required = true };
        var pars = new Option<string>("--params") { Description = "All parameters, name=value,... (names as in the circuit: R0, CPE1_0, CPE1_1, ...).", Required = true };
        var fmin = new Option<double>("--fmin") { Description = "Lowest frequency (Hz), default 0.1.", DefaultValueFactory = _ => 0.1 };
        var fmax = new Option<double>("--fmax") { Description = "Highest frequency (Hz), default 1e6.", DefaultValueFactory = _ => 1e6 };
        var ppd = new Option<int>("--points-per-decade") { Description = "Points per decade (default 10; at most 1000, and at most 100,000 points in all).", DefaultValueFactory = _ => 10 };
        var noise = new Option<double>("--noise-pct") { Description = "Gaussian noise on Z' and Z'', percent of |Z| (default 0).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Random seed of the noise (default 1).", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "CSV file to write (f/Hz, Z'/Ohm, Z''/Ohm).", Required = true };
        var cmd = new Command("simulate", "Evaluate a circuit on a log frequency grid (optionally with seeded noise) and write a CSV spectrum.\n"
            + "Example: nitrolyte eis simulate --circuit \"R0-p(R1,CPE1)\" --params R0=100,R1=1000,CPE1_0=1e-6,CPE1_1=0.9 --noise-pct 1 --out sim.csv") { circuit, pars, fmin, fmax, ppd, noise, seed, output };
        cmd.SetHandler(p =>
        {
            var c = Impedance.Circuit.Parse(p.GetValue(circuit)!);
            var given = ParseAssignments(p.GetValue(pars), "--params") ?? throw new UsageException("--params is empty");
            var values = new double[c.ParameterCount];
            foreach (var (name, v) in given)
            {
                int k = c.IndexOf(name);
                if (k < 0) throw new UsageException($"--params: circuit {c.Text} has no parameter '{name}' (it has {string.Join(", ", c.Parameters.Select(x => x.Name))})");
                values[k] = v;
            }
            var missing = c.Parameters.Where(x => !given.ContainsKey(x.Name)).Select(x => x.Name).ToList();
            if (missing.Count > 0) throw new UsageException($"--params: missing {string.Join(", ", missing)}");
            double lo = p.GetValue(fmin), hi = p.GetValue(fmax);
            int per = p.GetValue(ppd);
            if (!(lo > 0) || !(hi > lo)) throw new UsageException("need 0 < --fmin < --fmax");
            if (per < 1) throw new UsageException("--points-per-decade must be at least 1");
            if (per > 1000) throw new UsageException($"--points-per-decade {per}: at most 1000");
            if (Math.Log10(hi / lo) * per + 1 > 100_000)
                throw new UsageException($"--fmin {lo.ToString(Inv)} to --fmax {hi.ToString(Inv)} at {per} points per decade gives {Math.Log10(hi / lo) * per + 1:0} points: at most 100,000");
            if (!(p.GetValue(noise) >= 0)) throw new UsageException($"--noise-pct {p.GetValue(noise).ToString(Inv)} must be 0 or positive");
            int n = (int)Math.Round(Math.Log10(hi / lo) * per) + 1;
            var f = Enumerable.Range(0, n).Select(k => hi * Math.Pow(10, -k / (double)per)).ToArray();
            var negative = c.Parameters.Where((x, k) => (x.Positive && values[k] < 0) || !double.IsFinite(values[k])).Select(x => x.Name).ToList();
            if (negative.Count > 0) throw new NitrolyteInputException($"--params: {string.Join(", ", negative)} must be a finite number ≥ 0");
            var z = c.Simulate(f, values);
            int bad = Array.FindIndex(z, v => !double.IsFinite(v.Real) || !double.IsFinite(v.Imaginary));
            if (bad >= 0)
                throw new NitrolyteInputException($"--params: circuit {c.Text} gives no finite impedance at {f[bad].ToString("G4", Inv)} Hz with {p.GetValue(pars)} (a zero C, Q or τ?)");
            double pct = p.GetValue(noise);
            var rng = new Random(p.GetValue(seed));
            var sb = new StringBuilder();
            var generatedBy = $"nitrolyte eis simulate --circuit {c.Text} --params {p.GetValue(pars)} --fmin {lo.ToString(Inv)} --fmax {hi.ToString(Inv)} --points-per-decade {per} --noise-pct {pct.ToString(Inv)} --seed {p.GetValue(seed)}";
            sb.AppendLine("f/Hz,Z'/Ohm,Z''/Ohm");
            for (int i = 0; i < n; i++)
            {
                var zi = z[i];
                if (pct > 0)
                {
                    double s = pct / 100 * zi.Magnitude;
                    zi += new Complex(s * CnlsFitter.Gaussian(rng), s * CnlsFitter.Gaussian(rng));
                }
                sb.AppendLine(string.Create(Inv, $"{f[i]:G10},{zi.Real:G10},{zi.Imaginary:G10}"));
            }
            AtomicFile.WriteAllText(p.GetValue(output)!, sb.ToString());
            Nitrolyte.Formats.CsvMetadata.Write(p.GetValue(output)!, Nitrolyte.Formats.CsvMetadata.ForTable(p.GetValue(output)!,
                [("f/Hz", "Hz"), ("Z'/Ohm", "Ohm"), ("Z''/Ohm", "Ohm")], generatedBy));
            Console.Error.WriteLine($"wrote {n} points ({hi:G3} to {lo:G3} Hz) to {p.GetValue(output)}");
            return 0;
        });
        return cmd;
    }
}
