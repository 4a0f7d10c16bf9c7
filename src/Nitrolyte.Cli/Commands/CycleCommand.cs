using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Formats;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class CycleCommand
{
    public static Command Create()
    {
        var cmd = new Command("cycle", "Galvanostatic cycling: symmetric Li|SE|Li cells (overpotential, ASR, CCD, shorts), full cells (capacity, CE, retention), and a simulator for example data. Memory of symmetric/full: the trace is held as float64/int32 columns, about 8 bytes x the ~10 instrument columns read + 44 bytes per row, plus the results per half cycle or cycle (a 1.1 GB, 2.6 M-row .mpt with 78 000 cycles: full 0.67 GB, symmetric 1.2 GB peak; docs/performance.md).");
        cmd.Add(Symmetric());
        cmd.Add(Full());
        cmd.Add(Simulate());
        return cmd;
    }

    private static Command Symmetric()
    {
        var file = new Argument<string>("file") { Description = "Cycling trace of a Li|SE|Li cell (any readable format)." };
        var area = new Option<double?>("--area-cm2") { Description = "Electrode area (cm2); or give --diameter-mm." };
        var diameter = new Option<double?>("--diameter-mm") { Description = "Electrode (Li foil) diameter (mm), instead of --area-cm2." };
        var thickness = new Option<double?>("--thickness-mm") { Description = "Electrolyte thickness (mm): with --sigma-s-per-cm the bulk resistance is removed from the ASR and used as the soft-short floor." };
        var sigma = new Option<double?>("--sigma-s-per-cm") { Description = "Ionic conductivity of the electrolyte (S/cm)." };
        var rest = new Option<double?>("--rest-current-a") { Description = "|I| at or below this is rest (default 1e-4 of the largest current)." };
        var hard = new Option<double>("--hard-short-v") { Description = "Hard short: median |V| at the end of a half cycle below this (default 0.005 V) and it stays.", DefaultValueFactory = _ => 0.005 };
        var drop = new Option<double>("--drop-fraction") { Description = "Soft short: ASR below this fraction of the previous healthy half cycles (default 0.5).", DefaultValueFactory = _ => 0.5 };
        var noise = new Option<double>("--noise-threshold") { Description = "Soft short: plateau noise ratio above this with a flattened ASR (default 0.05).", DefaultValueFactory = _ => 0.05 };
        var columns = ColumnsOption.Create("t=time/s, v=Ewe/V, i=I/mA");
        var json = CommandRunner.JsonOption();
        var cmd = new Command("symmetric", "Li|SE|Li stripping/plating: half cycles, overpotential (plateau, max, end), ASR per interface, capacity, protocol, critical current density, hard/soft short events. Example: nitrolyte cycle symmetric examples/li9n2cl3/ccd_staircase_generated.csv --area-cm2 0.785 --thickness-mm 0.1 --sigma-s-per-cm 4.3e-5. Thresholds and their reasoning: docs/electrochemistry.md. Memory: 8 bytes x ~10 columns + 44 bytes per row, plus the half cycles (docs/performance.md).")
        {
            file, area, diameter, thickness, sigma, rest, hard, drop, noise, columns, json,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            figures.Validate(p, p.GetValue(file)!);
            if (p.GetValue(thickness) is null != p.GetValue(sigma) is null) throw new UsageException("--thickness-mm and --sigma-s-per-cm go together");
            if (p.GetValue(area) is not null && p.GetValue(diameter) is not null) throw new UsageException("give --area-cm2 or --diameter-mm, not both");
            double a = p.GetValue(area) ?? (p.GetValue(diameter) is { } d ? Math.PI * Math.Pow(d / 20, 2) : throw new UsageException("give --area-cm2 or --diameter-mm"));
            var path = p.GetValue(file)!;
            var ts = ColumnsOption.Read(() => TimeSeriesReader.Read(path, keepExtras: false, ColumnsOption.Parse(p, columns)));
            var r = SymmetricCell.Analyse(ts, new SymmetricOptions
            {
                AreaCm2 = a, ThicknessCm = p.GetValue(thickness) / 10, SigmaSPerCm = p.GetValue(sigma), RestCurrentA = p.GetValue(rest),
                HardShortVoltageV = p.GetValue(hard), SuddenDropFraction = p.GetValue(drop), NoiseThreshold = p.GetValue(noise),
            });
            if (figures.Wanted(p)) figures.Write(p, Evaluation.Steps.SymmetricCyclingStep.Figures(r, ts));
            if (p.GetValue(json)) { CommandRunner.PrintJson(Reports.ColumnsJson.AddTo(ElectrochemistryJson.Symmetric(r, path), ts.Columns)); return 0; }
            ColumnsOption.Print(ts.Columns);
            var t = new Table().AddColumn("step").AddColumn("j (mA/cm2)").AddColumn("half cycles").AddColumn("t (s)").AddColumn("Q (mAh/cm2)").AddColumn("η plateau (mV)").AddColumn("ASR (Ω cm2)").AddColumn("completed");
            foreach (var s in r.Steps)
            {
                var hs = r.HalfCycles.Where(h => h.Index >= s.FirstHalfCycle && h.Index <= s.LastHalfCycle).ToList();
                t.AddEscapedRow(s.Index.ToString(), $"{s.CurrentDensityMaPerCm2:0.####}", s.HalfCycles.ToString(), $"{s.HalfCycleS:0}", $"{s.ArealCapacityMahPerCm2:0.####}",
                    $"{hs.Average(h => h.OverpotentialV) * 1000:0.##}", $"{hs.Average(h => h.AsrOhmCm2):0.###}", s.Completed ? "yes" : "no");
            }
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"Protocol: {r.Protocol}. CCD: {(r.CcdMaPerCm2 is { } c ? $"{c:0.###} mA/cm2 at {r.CcdArealCapacityMahPerCm2:0.###} mAh/cm2" : "none")}{(r.CcdIsLowerBound ? " (lower bound)" : "")}: {r.CcdReason}");
            foreach (var e in r.Events) AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Type)}[/] at {e.TimeS:0} s, half cycle {e.HalfCycle}: {Markup.Escape(e.Detail)}");
            foreach (var w in r.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            return 0;
        });
        return cmd;
    }

    private static Command Full()
    {
        var file = new Argument<string>("file") { Description = "Cycling trace of a full cell (any readable format)." };
        var mass = new Option<double>("--active-mass-mg") { Description = "Active cathode mass (mg).", Required = true };
        var area = new Option<double?>("--area-cm2") { Description = "Electrode area (cm2), for mAh/cm2." };
        var cathode = new Option<string?>("--cathode") { Description = "Preset defining 1C: NCM811 (200), NCM83 (200), LCO (140), LFP (170), TiS2 (239 mAh/g)." };
        var spec = new Option<double?>("--specific-capacity-mah-per-g") { Description = "Specific capacity defining 1C (mAh/g); overrides --cathode (default 200)." };
        var refCycle = new Option<int?>("--reference-cycle") { Description = "Reference cycle for retention (default: first cycle after formation)." };
        var formation = new Option<int?>("--formation-cycles") { Description = "Number of formation cycles (default: detected from a different C-rate at the start)." };
        var eol = new Option<double>("--end-of-life-pct") { Description = "Retention defining cycle life (default 80 %).", DefaultValueFactory = _ => 80 };
        var columns = ColumnsOption.Create("t=time/s, v=Ewe/V, i=I/mA");
        var json = CommandRunner.JsonOption();
        var cmd = new Command("full", "Full cell: charge/discharge capacity per cycle (mAh, mAh/g, mAh/cm2), coulombic efficiency, energy, mean voltages, C-rate, retention, fade per cycle, cycle life. Example: nitrolyte cycle full examples/li9n2cl3/full_cell_ncm83_generated.csv --active-mass-mg 3.501 --cathode NCM83. Guide: docs/electrochemistry.md. Memory: 8 bytes x ~10 columns + 44 bytes per row, plus the cycles (docs/performance.md).")
        {
            file, mass, area, cathode, spec, refCycle, formation, eol, columns, json,
        };
        var figures = new FigureOutput();
        figures.AddTo(cmd);
        cmd.SetHandler(p =>
        {
            var path = p.GetValue(file)!;
            figures.Validate(p, path);
            var ts = ColumnsOption.Read(() => TimeSeriesReader.Read(path, keepExtras: false, ColumnsOption.Parse(p, columns)));
            var r = FullCell.Analyse(ts, new FullCellOptions
            {
                ActiveMassMg = p.GetValue(mass), AreaCm2 = p.GetValue(area), Cathode = p.GetValue(cathode), SpecificCapacityMahPerG = p.GetValue(spec),
                ReferenceCycle = p.GetValue(refCycle), FormationCycles = p.GetValue(formation), EndOfLifePct = p.GetValue(eol),
            });
            if (figures.Wanted(p)) figures.Write(p, Evaluation.Steps.FullCellStep.Figures(r, ts, p.GetValue(mass)));
            if (p.GetValue(json)) { CommandRunner.PrintJson(Reports.ColumnsJson.AddTo(ElectrochemistryJson.Full(r, path), ts.Columns)); return 0; }
            ColumnsOption.Print(ts.Columns);
            var t = new Table().AddColumn("cycle").AddColumn("C-rate").AddColumn("charge (mAh/g)").AddColumn("discharge (mAh/g)").AddColumn("CE").AddColumn("retention");
            var show = r.Cycles.Count <= 12 ? r.Cycles : r.Cycles.Take(5).Concat(r.Cycles.Skip(r.Cycles.Count - 5)).ToList();
            foreach (var c in show)
                t.AddEscapedRow(c.Index.ToString(), $"{c.DischargeCRate:0.###}", $"{c.ChargeMahPerG:0.0}", $"{c.DischargeMahPerG:0.0}", $"{c.CoulombicEfficiency:0.0000}", c.RetentionPct is { } rp ? $"{rp:0.00} %" : "");
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"Initial CE {r.InitialCoulombicEfficiency:P2}; reference cycle {r.ReferenceCycle} ({r.FormationCycles} formation); retention {r.RetentionPct:0.00} % after {r.Cycles.Count} cycles; " +
                                  $"fade {r.FadePctPerCycle:0.####} %/cycle; cycle life to {r.EndOfLifePct} %: {(r.CycleLife is { } l ? l.ToString() : r.CycleLifeProjected is { } pj ? $"not reached (projected {pj:0})" : "not reached")}");
            foreach (var w in r.Warnings) AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
            return 0;
        });
        return cmd;
    }

    private static Command Simulate()
    {
        var preset = new Option<string>("--preset") { Description = "One of: " + string.Join(", ", SimulationPresets.Descriptions.Keys) + ".", Required = true };
        var seed = new Option<int?>("--seed") { Description = "Random seed of the noise (default: the preset's, printed)." };
        var output = new Option<string>("--out") { Description = "CSV file to write (tidy time-series layout).", Required = true };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("simulate", "Write a synthetic time series built from a seed paper's protocol and parameters (see the preset list), for examples and tests. The data are generated, not measured, and the CSV header says so.")
        {
            preset, seed, output, json,
        };
        cmd.SetHandler(p =>
        {
            var name = p.GetValue(preset)!;
            if (!SimulationPresets.Descriptions.ContainsKey(name)) throw new UsageException($"--preset {name}: use one of {string.Join(", ", SimulationPresets.Descriptions.Keys)}");
            int s = p.GetValue(seed) ?? (name.StartsWith("seed002-ccd") ? 2 : 0);
            var ts = SimulationPresets.Build(name, s);
            var outPath = p.GetValue(output)!;
            AtomicFile.Write(outPath, (Stream st) =>
            {
                using var w = new StreamWriter(st, new UTF8Encoding(false));
                TimeSeriesCsv.Write(ts, w, significantDigits: 8);
            });
            var meta = CsvMetadata.ForTimeSeries(outPath, null, ts.Format, ts.Technique, ts.StartTime, ts.HasCurrent, CsvMetadata.TimeSeriesColumns(ts.Extra.Keys), null, ts.Warnings,
                $"nitrolyte cycle simulate --preset {name} --seed {s}");
            meta["description"] = SimulationPresets.Descriptions[name];
            CsvMetadata.Write(outPath, meta);
            if (p.GetValue(json)) { CommandRunner.PrintJson(new JsonObject { ["preset"] = name, ["seed"] = s, ["rows"] = ts.Count, ["out"] = Path.GetFullPath(outPath) }); return 0; }
            AnsiConsole.MarkupLine($"Wrote {ts.Count} rows ({Markup.Escape(name)}, seed {s}) to {Markup.Escape(outPath)}");
            return 0;
        });
        return cmd;
    }
}
