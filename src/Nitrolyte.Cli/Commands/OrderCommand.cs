using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Electrostatics;
using Nitrolyte.Formats.Structures;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

public static class OrderCommand
{
    public static Command Create()
    {
        var file = StructureSource.FileArgument();
        var supercell = new Option<string>("--supercell") { Description = "Supercell 'na,nb,nc' or nine integers (rows of the matrix); seed 002 uses 2,2,2. Occupancies times supercell sites should be near whole numbers (rounding is reported). At most 1000 cells.", DefaultValueFactory = _ => "1,1,1" };
        var samples = new Option<int>("--samples") { Description = "Random decorations to sample and rank by Ewald energy (at most 1,000,000).", DefaultValueFactory = _ => 3000 };
        var keep = new Option<int>("--keep") { Description = "Keep (write) this many lowest-energy decorations, lowest first (--keep + --random at most 10,000).", DefaultValueFactory = _ => 30 };
        var random = new Option<int>("--random") { Description = "Also write this many randomly picked decorations from the rest (file names end in _random), as an unbiased comparison set.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Random seed (reported; same seed, same result).", DefaultValueFactory = _ => 42 };
        var improve = new Option<int>("--improve") { Description = "Simulated-annealing pair-swap steps applied to each kept lowest decoration (0 = off; at most 1,000,000).", DefaultValueFactory = _ => 0 };
        var format = new Option<string>("--format") { Description = "Output format of the written structures: poscar (.vasp) or cif.", DefaultValueFactory = _ => "poscar" };
        var outDir = new Option<string>("--out") { Description = "Folder for the ordered structures (created if needed).", Required = true };
        var ox = EwaldCommand.OxidationOption();
        var json = CommandRunner.JsonOption();
        var jobs = JobsOption.Create("the sampled energies");
        var cmd = new Command("order", "Order a partially occupied structure: supercell, exact atom counts, random decorations ranked by Ewald energy, keep the lowest plus random ones (seed 002).")
        {
            file, supercell, samples, keep, random, seed, improve, format, outDir, ox, json, jobs,
        };
        cmd.SetHandler(p =>
        {
            var fmt = p.GetValue(format)!.ToLowerInvariant();
            if (fmt is not ("poscar" or "cif")) throw new UsageException($"--format: '{fmt}' must be poscar or cif");
            if (p.GetValue(samples) < 1) throw new UsageException("--samples must be at least 1");
            if (p.GetValue(keep) < 0 || p.GetValue(random) < 0) throw new UsageException("--keep and --random must not be negative");
            var matrix = StructureCommand.ParseSupercell(p.GetValue(supercell)!);
            var dir = p.GetValue(outDir)!;
            // The folder's own outputs (ordered_*.vasp / ordered_*.cif) are written and replaced: never over the input.
            Core.OutputGuard.EnsureFolderHoldsNoInput(dir, "--out", [p.GetValue(file)], IsOrderOutput);
            var s = EwaldCommand.WithOxidation(StructureSource.Load(p.GetValue(file)!), p.GetValue(ox));
            // Check the output folder before the (possibly long) sampling, not after it.
            if (File.Exists(dir)) throw new IOException($"--out {dir}: is a file, not a folder");
            bool createdDir = !Directory.Exists(dir);
            try { Directory.CreateDirectory(dir); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new IOException($"--out {dir}: cannot create the folder ({e.Message})", e); }
            var opt = new OrderingOptions
            {
                Samples = p.GetValue(samples), KeepLowest = p.GetValue(keep), KeepRandom = p.GetValue(random),
                Seed = p.GetValue(seed), ImproveSteps = Math.Max(0, p.GetValue(improve)), Jobs = JobsOption.Get(p, jobs),
            };
            // The header goes out with the first progress report, so that a refusal (too many sites, bad charges) stays one line.
            bool started = false;
            OrderingResult res;
            try
            {
                res = Orderer.Run(s, matrix, opt, new SyncProgress(x =>
                {
                    if (!started) Console.Error.WriteLine($"ordering {s.Composition.Formula} in a {p.GetValue(supercell)} supercell: {opt.Samples} samples, seed {opt.Seed}");
                    started = true;
                    Console.Error.WriteLine($"  sampled {x.Done}/{x.Total}");
                }));
            }
            catch
            {
                // leave no empty output folder behind when the run is refused
                if (createdDir && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any()) Directory.Delete(dir);
                throw;
            }
            // Outputs of an earlier run into this folder (another seed, a larger --keep) would sit beside the new
            // ones as if they belonged to this run: remove them, and only them (ordered_NNN[_random].vasp|cif).
            foreach (var stale in Directory.GetFiles(dir).Where(f => System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(f), @"^ordered_\d{3,}(_random)?\.(vasp|cif)$")))
                File.Delete(stale);
            var written = new List<(string File, OrderedConfiguration C)>();
            int idx = 0;
            foreach (var c in res.Configurations)
            {
                idx++;
                var name = $"ordered_{idx:000}{(c.Random ? "_random" : "")}" + (fmt == "cif" ? ".cif" : ".vasp");
                var path = Path.Combine(dir, name);
                var comment = $"{c.Structure.Composition.Formula} Ewald {c.EwaldEV:0.000000} eV (sample {c.SampleIndex}, seed {res.Seed}{(c.Random ? ", random pick" : "")})";
                if (fmt == "cif") CifWriter.Write(path, c.Structure, $"ordered_{idx:000}");
                else PoscarWriter.Write(path, c.Structure, comment);
                written.Add((name, c));
            }
            var formula = res.Configurations.Count > 0 ? res.Configurations[0].Structure.Composition.Formula : "";
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["evaluated"] = res.Evaluated,
                    ["seed"] = res.Seed,
                    ["formula"] = formula,
                    ["supercell_sites"] = res.Supercell.Sites.Count,
                    ["counts"] = new JsonArray(res.Counts.Select(c => (JsonNode)new JsonObject
                    {
                        ["site_group"] = c.Group, ["element"] = c.Element, ["oxidation_state"] = c.OxidationState, ["sites"] = c.Sites, ["ideal"] = c.Ideal, ["chosen"] = c.Chosen,
                    }).ToArray()),
                    ["rounding"] = new JsonArray(res.RoundingNotes.Select(x => (JsonNode)x).ToArray()),
                    ["sampled_min_ev"] = res.MinSampledEV, ["sampled_mean_ev"] = res.MeanSampledEV, ["sampled_max_ev"] = res.MaxSampledEV,
                    ["out"] = Path.GetFullPath(dir),
                    ["configurations"] = new JsonArray(written.Select(w => (JsonNode)new JsonObject
                    {
                        ["file"] = w.File, ["ewald_ev"] = w.C.EwaldEV, ["random"] = w.C.Random, ["sample"] = w.C.SampleIndex, ["improved"] = w.C.Improved,
                    }).ToArray()),
                });
                return 0;
            }
            AnsiConsole.WriteLine($"Supercell {res.Supercell.Sites.Count} sites -> {formula}; seed {res.Seed}; {res.Evaluated} decorations evaluated");
            foreach (var n in res.RoundingNotes) AnsiConsole.WriteLine("  " + n);
            AnsiConsole.WriteLine($"Sampled Ewald energies: min {res.MinSampledEV:0.0000}, mean {res.MeanSampledEV:0.0000}, max {res.MaxSampledEV:0.0000} eV");
            var t = new Table().AddColumn("file").AddColumn("Ewald (eV)").AddColumn("kind");
            foreach (var (f, c) in written) t.AddEscapedRow(f, $"{c.EwaldEV:0.000000}", c.Random ? "random" : c.Improved ? "lowest, annealed" : "lowest");
            AnsiConsole.Write(t);
            AnsiConsole.WriteLine($"Wrote {written.Count} structures to {dir}");
            return 0;
        });
        return cmd;
    }

    /// <summary>A file name `order` writes (and may replace) in its output folder.</summary>
    internal static bool IsOrderOutput(string fileName) =>
        fileName.StartsWith("ordered_", StringComparison.OrdinalIgnoreCase)
        && (fileName.EndsWith(".vasp", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".cif", StringComparison.OrdinalIgnoreCase));

    private sealed class SyncProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
