using System.CommandLine;
using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Screening;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>screen init</c>: create a campaign from structure files and/or generation rules, or add new candidates to it.</summary>
public static class ScreenInitCommand
{
    public static Command Create()
    {
        var campaign = ScreenCommand.CampaignArgument();
        var structures = new Option<string?>("--structures") { Description = "Candidates from files: a folder, a glob such as 'dir/*.cif', one structure file, or a .jsonl file (one pymatgen structure per line)." };
        var rules = new Option<string?>("--rules") { Description = "Generate candidates from a parent structure by the rules of this YAML file (substitution, doping with vacancies or interstitials, strain, orderings; see docs/screening.md)." };
        var descriptors = new Option<string?>("--descriptors") { Description = $"Comma-separated descriptors (default {string.Join(",", DescriptorSet.Default)}; all: {string.Join(",", DescriptorSet.All)}). 'hull' needs --entries." };
        var grid = new Option<double>("--bvse-grid") { Description = "BVSE grid spacing, Å (0.05-2; coarse grids are fast, barriers move by a few 10 meV from 0.2 to 0.1).", DefaultValueFactory = _ => 0.2 };
        var ion = new Option<string>("--ion") { Description = "Mobile ion.", DefaultValueFactory = _ => "Li" };
        var entries = new Option<string?>("--entries") { Description = "DFT entries (JSON/CSV/vasprun.xml) of the chemical system: adds 'hull' (energy above hull of the candidate's composition, electrochemical window)." };
        var store = new Option<string?>("--store") { Description = "postgresql://user@host:port/db to keep the results in a shared PostgreSQL (workers on many nodes); default: SQLite in the campaign folder." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("init", $"Create a campaign (or add new candidates to it: ids are stable hashes of structure and rule, so a rerun finds them again). At most {ScreenCommand.MaxCandidatesPerInit:N0} candidates per call.")
        {
            campaign, structures, rules, descriptors, grid, ion, entries, store, json,
        };
        cmd.SetHandler(p =>
        {
            var folder = p.GetValue(campaign)!;
            var sPath = p.GetValue(structures);
            var rPath = p.GetValue(rules);
            if (sPath is null && rPath is null) throw new UsageException("screen init needs --structures and/or --rules");
            double g = p.GetValue(grid);
            if (!(g >= 0.05 && g <= 2)) throw new UsageException($"--bvse-grid {g}: the spacing must be between 0.05 and 2 Å");
            var names = p.GetValue(descriptors) is { } d ? d.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() : DescriptorSet.Default.ToList();
            foreach (var n in names)
                if (!DescriptorSet.All.Contains(n)) throw new UsageException($"--descriptors: unknown '{n}' (known: {string.Join(", ", DescriptorSet.All)})");
            var entriesPath = p.GetValue(entries) is { } e ? Path.GetFullPath(e) : null;
            if (entriesPath is not null && !names.Contains(DescriptorSet.Hull)) names.Add(DescriptorSet.Hull);
            if (names.Contains(DescriptorSet.Hull) && entriesPath is null) throw new UsageException("--descriptors hull needs --entries (DFT entries of the chemical system)");
            if (entriesPath is not null && !File.Exists(entriesPath)) throw new NitrolyteInputException($"{entriesPath}: entries file not found");
            var storeText = p.GetValue(store) ?? "sqlite";
            if (storeText != "sqlite" && !storeText.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
                throw new UsageException($"--store {CampaignStores.Redact(storeText)}: expected postgresql://... (or leave it out for SQLite)");

            var candidates = new List<CandidateRecord>();
            var sources = new List<string>();
            int unreadable = 0;
            if (sPath is not null)
            {
                var read = CandidateSources.Read(sPath);
                unreadable = read.Count(c => c.StructureJson.Length == 0);
                candidates.AddRange(read);
                sources.Add(Path.GetFullPath(sPath));
            }
            if (rPath is not null)
            {
                var set = RulesYaml.Read(rPath);
                foreach (var gcand in RuleGenerator.Expand(set))
                    candidates.Add(CandidateSources.FromStructure(gcand.Structure, $"{Path.GetFileName(rPath)}:{gcand.RuleName}", gcand.RuleText));
                sources.Add(Path.GetFullPath(rPath));
            }
            if (candidates.Count > ScreenCommand.MaxCandidatesPerInit) throw new UsageException($"{candidates.Count:N0} candidates: more than the cap of {ScreenCommand.MaxCandidatesPerInit:N0} per init; split the input");
            int distinct = candidates.Select(c => c.Id).Distinct().Count();
            var config = new CampaignConfig
            {
                Name = Path.GetFileName(Path.GetFullPath(folder)), Store = storeText, Descriptors = names, BvseGridA = g, MobileIon = p.GetValue(ion)!,
                EntriesPath = entriesPath, DescriptorVersions = names.ToDictionary(n => n, n => DescriptorSet.Versions[n]), Sources = sources,
                CreatedUtc = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            };
            var (c, added) = Campaign.Create(folder, config, candidates);
            using (c)
            {
                var counts = c.Store.Counts();
                if (unreadable > 0) Console.Error.WriteLine($"warning: {unreadable} file(s) or line(s) could not be read; they are recorded and will be reported as failed (bad_structure_file)");
                if (p.GetValue(json))
                {
                    CommandRunner.PrintJson(CampaignJson.Init(c.Folder, distinct, added, unreadable, counts, names, g, storeText));
                    return 0;
                }
                Console.WriteLine($"{c.Folder}: {distinct} candidates ({added} new, {counts.Total} in the campaign, {counts.Pending} pending); descriptors {string.Join(",", names)}, BVSE grid {g} Å, store {CampaignStores.Redact(storeText)}");
                Console.WriteLine($"next: nitrolyte screen run {folder}");
            }
            return 0;
        });
        return cmd;
    }
}
