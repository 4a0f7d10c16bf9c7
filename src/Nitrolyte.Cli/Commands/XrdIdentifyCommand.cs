using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Diffraction;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`xrd identify`: rank candidate structures against the peaks of a measured pattern.</summary>
public static class XrdIdentifyCommand
{
    public const int MaxCandidates = 500;

    public static Command Create()
    {
        var po = new XrdPatternOptions();
        var cands = new Option<string[]>("--candidates") { Description = $"Candidate structures: a folder (its .cif, .vasp, .json files), structure files or prototype names; repeat or list (at most {MaxCandidates}).", Required = true, AllowMultipleArgumentsPerToken = true };
        var tol = new Option<double>("--tolerance") { Description = "Largest 2θ difference (°) for an observed and a calculated peak to match.", DefaultValueFactory = _ => 0.1 };
        var cellRange = new Option<double>("--cell-range") { Description = "Cell lengths of each candidate scaled by up to ± this fraction to find the best match (solid solutions, expansion).", DefaultValueFactory = _ => 0.01 };
        var snr = new Option<double>("--min-snr") { Description = "Peak search: smallest net height in units of its esd.", DefaultValueFactory = _ => 5 };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("identify", "Identify phases in a measured pattern: peak search, matching against each candidate's computed pattern, figure of merit, unexplained peaks.");
        po.AddTo(cmd);
        foreach (Option o in new Option[] { cands, tol, cellRange, snr, json }) cmd.Add(o);
        cmd.SetHandler(p =>
        {
            if (p.GetValue(tol) is var t && !(t > 0 && t < 2)) throw new UsageException($"--tolerance {t}: between 0 and 2 degrees");
            if (p.GetValue(cellRange) is var cr && !(cr >= 0 && cr <= 0.05)) throw new UsageException($"--cell-range {cr}: between 0 and 0.05");
            var files = new List<string>();
            foreach (var c in p.GetValue(cands)!)
            {
                if (Directory.Exists(c))
                    files.AddRange(Directory.EnumerateFiles(c).Where(f => Path.GetExtension(f).ToLowerInvariant() is ".cif" or ".vasp" or ".json" || Path.GetFileName(f).StartsWith("POSCAR", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
                else files.Add(c);
            }
            if (files.Count == 0) throw new UsageException("--candidates: no structure files found");
            if (files.Count > MaxCandidates) throw new UsageException($"--candidates: {files.Count} structures, at most {MaxCandidates}");
            var loaded = po.Load(p);
            var candidates = files.Select(f =>
            {
                var s = StructureSource.Load(f);
                return new PhaseCandidate(s.Title ?? Path.GetFileNameWithoutExtension(f), f, s);
            }).ToList();
            var res = PhaseIdentification.Identify(loaded.Pattern, candidates, new PhaseIdentification.Options
            {
                WavelengthA = loaded.Lambda1, Wavelength2A = loaded.Lambda2, Neutron = loaded.Neutron, ToleranceDeg = p.GetValue(tol), CellScaleRange = p.GetValue(cellRange),
                PeakSearch = new PeakSearch.PeakSearchOptions { MinSignalToNoise = p.GetValue(snr) },
            });
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["matches"] = new JsonArray(res.Matches.Select(m => (JsonNode)new JsonObject
                    {
                        ["name"] = m.Name, ["file"] = m.File, ["score"] = m.Score, ["explained_fraction"] = m.ExplainedFraction,
                        ["coverage"] = m.Coverage, ["cell_scale"] = m.CellScale, ["accepted"] = m.Accepted,
                        ["matched_peaks_deg"] = new JsonArray(m.MatchedPeaksDeg.Select(x => (JsonNode)Math.Round(x, 4)).ToArray()),
                    }).ToArray()),
                    ["unexplained_peaks_deg"] = new JsonArray(res.UnexplainedPeaksDeg.Select(x => (JsonNode)Math.Round(x, 4)).ToArray()),
                    ["observed_peaks"] = new JsonArray(res.ObservedPeaks.Select(o => (JsonNode)new JsonObject { ["two_theta_deg"] = Math.Round(o.TwoThetaDeg, 4), ["net_height"] = o.NetHeight, ["snr"] = o.SignalToNoise }).ToArray()),
                    ["wavelength_a"] = loaded.Lambda1, ["radiation"] = loaded.Neutron ? "neutron" : "xray",
                    ["provenance"] = new JsonArray(loaded.Pattern.Provenance.Concat(loaded.Notes).Concat(res.Notes).Select(x => (JsonNode)x).ToArray()),
                });
                return 0;
            }
            AnsiConsole.WriteLine($"{res.ObservedPeaks.Count} peaks in {loaded.Pattern.Source}; {candidates.Count} candidates (λ = {loaded.Lambda1:0.######} Å, tolerance {p.GetValue(tol)}°)");
            var table = new Table().AddColumn("rank").AddColumn("candidate").AddColumn("score").AddColumn("explained").AddColumn("coverage").AddColumn("cell ×").AddColumn("accepted");
            int k = 1;
            foreach (var m in res.Matches.Take(20))
                table.AddEscapedRow($"{k++}", m.Name, $"{m.Score:0.000}", $"{m.ExplainedFraction * 100:0.#} %", $"{m.Coverage * 100:0.#} %", $"{m.CellScale:0.0000}", m.Accepted ? "yes" : "");
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(res.UnexplainedPeaksDeg.Count == 0 ? "Every peak is explained by the accepted phases." : $"Unexplained peaks (2θ °): {string.Join(", ", res.UnexplainedPeaksDeg.Select(x => x.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}");
            foreach (var n in loaded.Pattern.Provenance.Concat(loaded.Notes)) AnsiConsole.WriteLine(Markup.Escape("note: " + n));
            return 0;
        });
        return cmd;
    }
}
