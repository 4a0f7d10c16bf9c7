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
        return cmd;
    }

    // ------------------------------------------------------------------ shared options

    private sealed class Common
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
        public Option<int> MultiStart = new("--multistart") { Description = "Random starts around the automatic guess (default 24).", DefaultValueFactory = _ => 24 };
        public Option<int> Seed = new("--seed") { Description = "Seed of the multi-start (default 1).", DefaultValueFactory = _ => 1 };
        public Option<string?> Columns = ColumnsOption.Create(ColumnsExample);

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Circuit, Weighting, FMin, FMax, Capacitive, ThicknessMm, DiameterMm, AreaCm2, Density, Cell, Initial, Fixed, Bounds, MultiStart, Seed, Columns }) c.Add(o);
        }

        public Impedance.Circuit ParseCircuit(ParseResult p) => Impedance.Circuit.Parse(p.GetValue(Circuit)!);

        public CircuitFitOptions FitOptions(ParseResult p) => new()
        {
            Weighting = WeightingNames.Parse(p.GetValue(Weighting)!),
            Initial = ParseAssignments(p.GetValue(Initial), "--initial"),
            Fixed = ParseAssignments(p.GetValue(Fixed), "--fixed"),
            Bounds = ParseBounds(p.GetValue(Bounds)),
            MultiStart = p.GetValue(MultiStart),
            Seed = p.GetValue(Seed),
        };

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

        public ImpedanceSpectrum Prepare(ImpedanceSpectrum s, ParseResult p)
        {
            var fmin = p.GetValue(FMin); var fmax = p.GetValue(FMax);
            if (fmin is { } lo && fmax is { } hi && lo > hi) throw new UsageException($"--fmin {lo.ToString(Inv)} Hz is above --fmax {hi.ToString(Inv)} Hz");
            if (fmin is < 0 || fmax is <= 0) throw new UsageException("--fmin and --fmax are frequencies in Hz and must be positive");
            if (fmin is not null || fmax is not null) s = s.WithFrequencyRange(fmin, fmax);
            if (p.GetValue(Capacitive)) s = s.CapacitiveOnly();
            return s;
        }
    }

    private static Dictionary<string, double>? ParseAssignments(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var d = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, Inv, out var v))
                throw new UsageException($"{option}: '{part}' is not name=value");
            d[kv[0].Trim()] = v;
        }
        return d;
    }

    private static Dictionary<string, (double, double)>? ParseBounds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var d = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            var lh = kv.Length == 2 ? kv[1].Split(':') : [];
            if (lh.Length != 2 || !double.TryParse(lh[0], NumberStyles.Float, Inv, out var lo) || !double.TryParse(lh[1], NumberStyles.Float, Inv, out var hi))
                throw new UsageException($"--bounds: '{part}' is not name=low:high");
            d[kv[0].Trim()] = (lo, hi);
        }
        return d;
    }

    private const string ColumnsExample = "f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm";

    private static ImpedanceSpectrum ReadOne(string path, int index, Formats.Columns.ColumnSpec? columns)
    {
        var all = ColumnsOption.Read(() => ImpedanceReader.ReadAll(path, columns));
        if (index < 1 || index > all.Count) throw new UsageException($"--spectrum {index}: {path} holds {all.Count} spectra");
        return all[index - 1];
    }

    // ------------------------------------------------------------------ JSON shapes

    public static JsonObject FitJson(CircuitFit fit, ConductivityResult? cond)
    {
        var o = new JsonObject
        {
            ["circuit"] = fit.Circuit.Text,
            ["parameters"] = new JsonArray(fit.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["value"] = Json.Number(p.Value), ["stderr"] = Json.Number(p.StdErr), ["unit"] = p.Unit, ["fixed"] = p.Fixed,
            }).ToArray()),
            ["chi_square"] = Json.Number(fit.ChiSquare),
            ["reduced_chi_square"] = Json.Number(fit.ReducedChiSquare),
            ["aic"] = Json.Number(fit.Aic),
            ["weighting"] = fit.Weighting.ToName(),
            ["n_points"] = fit.NPoints,
            ["free_parameters"] = fit.FreeParameters,
            ["converged"] = fit.Converged,
            ["starts"] = fit.Starts,
            ["seed"] = fit.Seed,
            ["warnings"] = new JsonArray(fit.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
            ["correlation"] = new JsonObject
            {
                ["names"] = new JsonArray(fit.FreeNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
                ["matrix"] = new JsonArray(Enumerable.Range(0, fit.FreeParameters).Select(i => (JsonNode?)Json.Array(Enumerable.Range(0, fit.FreeParameters).Select(j => fit.Correlation[i, j]))).ToArray()),
            },
        };
        if (fit.Spectrum.SourceFile is not null) o["file"] = fit.Spectrum.SourceFile;
        if (cond is not null) o["conductivity"] = Json.ToNode(cond);
        ColumnsJson.AddTo(o, fit.Spectrum.Columns);
        return o;
    }

    // ------------------------------------------------------------------ fit

    private static Command CreateFit()
    {
        var file = new Argument<string>("file") { Description = FileHelp };
        var index = new Option<int>("--spectrum") { Description = "Which spectrum of a multi-spectrum file (1-based, default 1).", DefaultValueFactory = _ => 1 };
        var common = new Common();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("fit", "Fit an equivalent circuit by complex nonlinear least squares (no starting values needed); with geometry, conductivities.\n"
            + "Example: nitrolyte eis fit pellet_30C.csv --circuit \"R0-p(R1,CPE1)-CPE2\" --thickness-mm 1.5 --diameter-mm 10") { file, index, json };
        common.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var circuit = common.ParseCircuit(p);
            var s = common.Prepare(ReadOne(p.GetValue(file)!, p.GetValue(index), ColumnsOption.Parse(p, common.Columns)), p);
            var fit = CnlsFitter.Fit(s, circuit, common.FitOptions(p));
            var g = common.Geometry(p);
            var cond = g is null ? null : PelletConductivity.Analyse(fit, g, common.CellType(p));
            if (p.GetValue(json)) { CommandRunner.PrintJson(FitJson(fit, cond)); return 0; }
            PrintFit(fit, cond);
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
        var addCap = new Option<string>("--add-cap") { Description = "Series capacitance in the KK model: auto (default: when the low-frequency end is capacitive, e.g. blocking electrodes), yes or no.", DefaultValueFactory = _ => "auto" };
        var columns = ColumnsOption.Create(ColumnsExample);
        var json = CommandRunner.JsonOption();
        var cmd = new Command("kk", "Lin-KK validity test (Schönleber 2014): number of RC elements M, µ, residuals in % of |Z|.") { file, c, maxM, type, index, addCap, columns, json };
        cmd.SetHandler(p =>
        {
            var s = ReadOne(p.GetValue(file)!, p.GetValue(index), ColumnsOption.Parse(p, columns));
            var ft = p.GetValue(type)!.ToLowerInvariant() switch { "real" => KkFitType.Real, "complex" => KkFitType.Complex, var x => throw new UsageException($"--fit-type: '{x}' is not real or complex") };
            bool cap = p.GetValue(addCap)!.ToLowerInvariant() switch
            {
                "auto" => KramersKronig.NeedsSeriesCapacitance(s), "yes" or "true" => true, "no" or "false" => false,
                var x => throw new UsageException($"--add-cap: '{x}' is not auto, yes or no"),
            };
            var r = KramersKronig.LinKK(s, p.GetValue(c), p.GetValue(maxM), ft, cap);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(ColumnsJson.AddTo(new JsonObject
                {
                    ["m"] = r.M, ["mu"] = Json.Number(r.Mu), ["max_residual_pct"] = Json.Number(r.MaxResidualPct),
                    ["mean_abs_residual_pct"] = Json.Number(r.MeanAbsResidualPct), ["c"] = r.C, ["fit_type"] = ft.ToString().ToLowerInvariant(), ["series_capacitance"] = cap,
                    ["n_points"] = s.Count, ["r_ohmic_ohm"] = Json.Number(r.ROhmicOhm), ["inductance_h"] = Json.Number(r.InductanceH),
                    ["frequencies_hz"] = Json.Array(s.FrequenciesHz), ["residual_real_pct"] = Json.Array(r.ResidualRealPct), ["residual_imag_pct"] = Json.Array(r.ResidualImagPct),
                }, s.Columns));
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
        cmd.SetHandler(p =>
        {
            var s = ReadOne(p.GetValue(file)!, p.GetValue(index), ColumnsOption.Parse(p, columns));
            var d = Drt.Compute(s, p.GetValue(lambda));
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(ColumnsJson.AddTo(new JsonObject
                {
                    ["lambda"] = d.Lambda, ["lambda_method"] = d.LambdaMethod,
                    ["peaks"] = new JsonArray(d.Peaks.Select(k => (JsonNode)new JsonObject { ["tau_s"] = k.TauS, ["r_ohm"] = k.ResistanceOhm, ["c_f"] = k.CapacitanceF, ["f_hz"] = k.FrequencyHz }).ToArray()),
                    ["r_ohmic_ohm"] = d.ROhmicOhm, ["inductance_h"] = d.InductanceH, ["inductive_tail"] = d.InductiveTail, ["inductive_points"] = d.InductivePoints,
                    ["tau_s"] = Json.Array(d.TausS), ["gamma_ohm"] = Json.Array(d.GammaOhm),
                }, s.Columns));
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
        var fromNames = new Option<bool>("--temperatures-from-names") { Description = "Read temperatures from file names (e.g. s04147-140deg.txt, LLZO_25C.csv, run_413K.z)." };
        var tCsv = new Option<string?>("--temperatures-csv") { Description = "CSV with columns file,temperature_c (file names as given or their base names)." };
        var form = new Option<string>("--form") { Description = "Arrhenius form: sigma-t (default) or sigma.", DefaultValueFactory = _ => "sigma-t" };
        var common = new Common();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("series", "Fit one circuit to many spectra (warm starts), then Arrhenius fits of bulk, grain-boundary and total conductivity (needs geometry and temperatures).\n"
            + "Example: nitrolyte eis series pellet_*C.csv --circuit \"R0-p(R1,CPE1)-CPE2\" --temperatures-from-names --thickness-mm 1.5 --diameter-mm 10") { files, temps, fromNames, tCsv, form, json };
        common.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var circuit = common.ParseCircuit(p);
            var paths = p.GetValue(files)!;
            var spectra = new List<ImpedanceSpectrum>();
            var columnSpec = ColumnsOption.Parse(p, common.Columns);
            foreach (var f in paths)
                foreach (var s in ColumnsOption.Read(() => ImpedanceReader.ReadAll(f, columnSpec))) spectra.Add(common.Prepare(s, p));
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
                    var t = SeriesFitter.TemperatureFromName(s.SourceFile ?? "") ?? throw new NitrolyteInputException($"{s.SourceFile}: no temperature in the file name (expected e.g. 140deg, 25C or 413K)");
                    return s with { TemperatureC = t };
                }).ToList();
            }
            var g = common.Geometry(p);
            var res = SeriesFitter.Fit(spectra, circuit, common.FitOptions(p), g, common.CellType(p), ArrheniusFormNames.Parse(p.GetValue(form)!),
                p.GetValue(json) ? null : new SyncProgress(m => Console.Error.WriteLine(m)));
            var o = SeriesJson(res);
            if (p.GetValue(json)) { CommandRunner.PrintJson(o); return 0; }
            var t = new Table().AddColumn("spectrum").AddColumn("T (°C)").AddColumn("chi²").AddColumn("σ bulk (S/cm)").AddColumn("σ gb (S/cm)").AddColumn("σ total (S/cm)");
            foreach (var f in res.Fits)
                t.AddEscapedRow(Path.GetFileName(f.Spectrum.SourceFile ?? "") + (f.Spectrum.Label is null ? "" : " " + f.Spectrum.Label), f.TemperatureC?.ToString("0.#", Inv) ?? "-",
                    f.Fit.ChiSquare.ToString("G4", Inv), f.Conductivity?.BulkSPerCm.ToString("0.000e+0", Inv) ?? "-",
                    f.Conductivity?.GrainBoundarySPerCm.ToString("0.000e+0", Inv) ?? "-", f.Conductivity?.TotalSPerCm.ToString("0.000e+0", Inv) ?? "-");
            AnsiConsole.Write(t);
            foreach (var note in res.Fits.SelectMany(x => x.Spectrum.Columns?.Assumptions.Select(s => $"{Path.GetFileName(x.Spectrum.SourceFile ?? "")}: {s}") ?? []).Distinct())
                AnsiConsole.WriteLine("assumed: " + note);
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

    public static JsonObject SeriesJson(SeriesResult res)
    {
        var fits = new JsonArray();
        foreach (var f in res.Fits)
        {
            var o = FitJson(f.Fit, f.Conductivity);
            o["temperature_c"] = f.TemperatureC is { } t ? t : null;
            if (f.Spectrum.Label is not null) o["label"] = f.Spectrum.Label;
            if (f.Spectrum.TimeS is { } ts) o["time_s"] = ts;
            if (f.Spectrum.Timestamp is { } stamp) o["timestamp"] = stamp.ToString("o", Inv);
            o.Remove("correlation");
            fits.Add(o);
        }
        JsonNode? Arr(ArrheniusResult? r)
        {
            if (r is null) return null;
            var s = ArrheniusSummary.From(r);
            return new JsonObject
            {
                ["ea_ev"] = r.EaEV, ["ea_stderr_ev"] = Json.Number(r.EaStdErrEV), ["sigma_25c_s_per_cm"] = s.Sigma25CSPerCm,
                ["sigma_25c_ci95_s_per_cm"] = Json.Array(s.Sigma25CCi95SPerCm), ["log10_prefactor"] = r.Log10Prefactor, ["r_squared"] = r.RSquared,
                ["n_points"] = r.NPoints, ["form"] = r.Form.ToCli(),
            };
        }
        return new JsonObject
        {
            ["fits"] = fits,
            ["arrhenius"] = res.Arrhenius is { } a ? new JsonObject { ["bulk"] = Arr(a.Bulk), ["grain_boundary"] = Arr(a.GrainBoundary), ["total"] = Arr(a.Total) } : null,
        };
    }

    // ------------------------------------------------------------------ simulate

    private static Command CreateSimulate()
    {
        var circuit = new Option<string>("--circuit") { Description = CircuitHelp, Required = true };
        var pars = new Option<string>("--params") { Description = "All parameters, name=value,... (names as in the circuit: R0, CPE1_0, CPE1_1, ...).", Required = true };
        var fmin = new Option<double>("--fmin") { Description = "Lowest frequency (Hz), default 0.1.", DefaultValueFactory = _ => 0.1 };
        var fmax = new Option<double>("--fmax") { Description = "Highest frequency (Hz), default 1e6.", DefaultValueFactory = _ => 1e6 };
        var ppd = new Option<int>("--points-per-decade") { Description = "Points per decade (default 10).", DefaultValueFactory = _ => 10 };
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
