using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Screening;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>screen init|run|worker|status|cancel|report</c>: screening campaigns over many candidate structures (issue 17).</summary>
public static class ScreenCommand
{
    public const int MaxCandidatesPerInit = 1_000_000;

    public static Command Create()
    {
        var cmd = new Command("screen", "Screening campaigns: generate or read thousands of candidate structures, compute descriptors (BVSE barriers, Ewald energy, bond-valence sums, E_hull) locally or on a cluster, rank them.");
        cmd.Add(Init());
        cmd.Add(Run());
        cmd.Add(Worker());
        cmd.Add(Status());
        cmd.Add(Cancel());
        cmd.Add(ScreenReportCommand.Create());
        cmd.Add(ScreenSubmitCommand.Create()); // Slurm (screen-dist)
        cmd.Add(ScreenMergeCommand.Create());
        return cmd;
    }

    private static Argument<string> CampaignArgument() => new("campaign") { Description = "Campaign folder (holds campaign.json and, for SQLite, campaign.db)." };

    private static Command Init()
    {
        var campaign = CampaignArgument();
        var structures = new Option<string?>("--structures") { Description = "Candidates from files: a folder, a glob such as 'dir/*.cif', one structure file, or a .jsonl file (one pymatgen structure per line)." };
        var rules = new Option<string?>("--rules") { Description = "Generate candidates from a parent structure by the rules of this YAML file (substitution, doping with vacancies or interstitials, strain, orderings; see docs/screening.md)." };
        var descriptors = new Option<string?>("--descriptors") { Description = $"Comma-separated descriptors (default {string.Join(",", DescriptorSet.Default)}; all: {string.Join(",", DescriptorSet.All)}). 'hull' needs --entries." };
        var grid = new Option<double>("--bvse-grid") { Description = "BVSE grid spacing, Å (0.05-2; coarse grids are fast, barriers move by a few 10 meV from 0.2 to 0.1).", DefaultValueFactory = _ => 0.2 };
        var ion = new Option<string>("--ion") { Description = "Mobile ion.", DefaultValueFactory = _ => "Li" };
        var entries = new Option<string?>("--entries") { Description = "DFT entries (JSON/CSV/vasprun.xml) of the chemical system: adds 'hull' (energy above hull of the candidate's composition, electrochemical window)." };
        var store = new Option<string?>("--store") { Description = "postgresql://user@host:port/db to keep the results in a shared PostgreSQL (workers on many nodes); default: SQLite in the campaign folder." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("init", $"Create a campaign (or add new candidates to it: ids are stable hashes of structure and rule, so a rerun finds them again). At most {MaxCandidatesPerInit:N0} candidates per call.")
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
            if (candidates.Count > MaxCandidatesPerInit) throw new UsageException($"{candidates.Count:N0} candidates: more than the cap of {MaxCandidatesPerInit:N0} per init; split the input");
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
                    CommandRunner.PrintJson(new JsonObject
                    {
                        ["campaign"] = c.Folder, ["candidates"] = distinct, ["added"] = added, ["unreadable"] = unreadable,
                        ["pending"] = counts.Pending, ["total"] = counts.Total, ["descriptors"] = new JsonArray(names.Select(n => (JsonNode)n).ToArray()),
                        ["bvse_grid_a"] = g, ["store"] = CampaignStores.Redact(storeText),
                    });
                    return 0;
                }
                Console.WriteLine($"{c.Folder}: {distinct} candidates ({added} new, {counts.Total} in the campaign, {counts.Pending} pending); descriptors {string.Join(",", names)}, BVSE grid {g} Å, store {CampaignStores.Redact(storeText)}");
                Console.WriteLine($"next: nitrolyte screen run {folder}");
            }
            return 0;
        });
        return cmd;
    }

    private static Option<int?> JobsOption() => new("--jobs") { Description = "Candidates computed at once (threads; default all cores, at most 256)." };

    private static Command Run()
    {
        var campaign = CampaignArgument();
        var jobs = JobsOption();
        var limit = new Option<int?>("--limit") { Description = "Stop after this many candidates (the rest stay pending for the next run)." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("run", "Compute every pending candidate here on --jobs threads, with progress (done/failed/ETA) on stderr. Resumes after Ctrl+C or a crash: finished candidates are never recomputed.")
        {
            campaign, jobs, limit, json,
        };
        cmd.SetHandler(p =>
        {
            int n = Jobs(p.GetValue(jobs));
            using var c = Campaign.Open(p.GetValue(campaign)!);
            if (c.StopRequested) { File.Delete(c.StopFlagPath); Console.Error.WriteLine("note: removed the stop flag of an earlier 'screen cancel'"); }
            // A local run owns the campaign: anything left 'running' is from a run that was killed.
            if (!c.Config.IsPostgreSql && c.Store.ResetStaleRunning() is var reset and > 0) Console.Error.WriteLine($"resumed: {reset} candidate(s) left running by an interrupted run are pending again");
            var summary = Execute(c, WorkerMode.Claim, n, p.GetValue(limit), $"local-{Environment.MachineName}-{Environment.ProcessId}");
            // claimed but not started when the run stopped (Ctrl+C, --limit, stop flag): pending again at once
            if (!c.Config.IsPostgreSql) c.Store.ResetStaleRunning();
            return Finish(c, summary, p.GetValue(json));
        });
        return cmd;
    }

    private static Command Worker()
    {
        var campaign = CampaignArgument();
        var jobs = JobsOption();
        var shard = new Option<string?>("--shard") { Description = "Take the fixed shard i/n (candidate k of the sorted ids belongs to shard k mod n; i from 0): SQLite array tasks." };
        var claim = new Option<bool>("--claim") { Description = "Claim pending candidates in batches with a lease until none is left (PostgreSQL workers; a killed worker's claims are taken again when the lease ends)." };
        var lease = new Option<double>("--lease-minutes") { Description = "Lease of claimed candidates, minutes.", DefaultValueFactory = _ => ScreeningWorker.DefaultLease.TotalMinutes };
        var limit = new Option<int?>("--limit") { Description = "Stop after this many candidates." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("worker", "One worker of a campaign (what the Slurm array tasks run): the same code path as 'screen run', without resetting other workers' claims.")
        {
            campaign, jobs, shard, claim, lease, limit, json,
        };
        cmd.SetHandler(p =>
        {
            int n = Jobs(p.GetValue(jobs));
            var shardText = p.GetValue(shard);
            if (shardText is not null && p.GetValue(claim)) throw new UsageException("give --shard i/n or --claim, not both");
            if (shardText is null && !p.GetValue(claim)) throw new UsageException("screen worker needs --shard i/n or --claim");
            var mode = WorkerMode.Claim;
            int shardIndex = 0, shardCount = 0;
            if (shardText is not null)
            {
                var parts = shardText.Split('/');
                if (parts.Length != 2 || !int.TryParse(parts[0], out var i) || !int.TryParse(parts[1], out var cnt) || cnt < 1 || i < 0 || i >= cnt)
                    throw new UsageException($"--shard {shardText}: expected i/n with 0 <= i < n (e.g. 3/20)");
                mode = WorkerMode.Shard(i, cnt);
                (shardIndex, shardCount) = (i, cnt);
            }
            double minutes = p.GetValue(lease);
            if (!(minutes > 0 && minutes <= 7 * 24 * 60)) throw new UsageException($"--lease-minutes {minutes}: must be in (0, 10080]");
            using var c = Campaign.Open(p.GetValue(campaign)!);
            var id = $"{Environment.MachineName}-{Environment.ProcessId}" + (Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { } job ? $"-slurm{job}" + (Environment.GetEnvironmentVariable("SLURM_ARRAY_TASK_ID") is { } t ? $"_{t}" : "") : "");
            // SQLite array tasks write their own shard file (shards/shard-NNN.sqlite), merged later by `screen merge`.
            using var shardStore = mode.IsShard && !c.Config.IsPostgreSql ? new ShardCampaignStore(c.Folder, c.Store, shardIndex, shardCount) : null;
            var summary = Execute(c, mode, n, p.GetValue(limit), id, TimeSpan.FromMinutes(minutes), shardStore);
            return Finish(c, summary, p.GetValue(json), shardStore);
        });
        return cmd;
    }

    private static int Jobs(int? value)
    {
        int n = value ?? Environment.ProcessorCount;
        if (n < 1 || n > 256) throw new UsageException($"--jobs {n}: must be 1..256");
        return n;
    }

    private static WorkerSummary Execute(Campaign c, WorkerMode mode, int jobs, int? limit, string workerId, TimeSpan? lease = null, ICampaignStore? store = null)
    {
        if (limit is < 1) throw new UsageException("--limit must be at least 1");
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cts.Cancel(); Console.Error.WriteLine("\nstopping after the candidates in progress (Ctrl+C again to kill) ..."); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var worker = new ScreeningWorker(store ?? c.Store, c.Config, workerId, c.LoadEntries())
            {
                MaxCandidates = limit, StopRequested = () => c.StopRequested, Lease = lease ?? ScreeningWorker.DefaultLease,
            };
            var last = DateTime.MinValue;
            bool tty = !Console.IsErrorRedirected;
            var progress = new SyncProgress<WorkerProgress>(w =>
            {
                var now = DateTime.UtcNow;
                if ((now - last).TotalSeconds < (tty ? 0.5 : 10)) return;
                last = now;
                int finished = w.Done + w.Failed;
                var eta = finished > 0 && w.Total > finished ? TimeSpan.FromSeconds(w.Elapsed.TotalSeconds / finished * (w.Total - finished)) : TimeSpan.Zero;
                var line = $"{finished}/{w.Total}: {w.Done} done, {w.Failed} failed, {finished / Math.Max(w.Elapsed.TotalSeconds, 1e-9):0.0} candidates/s, ETA {eta:hh\\:mm\\:ss}";
                if (tty) Console.Error.Write("\r" + line.PadRight(78)); else Console.Error.WriteLine(line);
            });
            var summary = worker.Run(mode, jobs, cts.Token, progress);
            if (tty && summary.Done + summary.Failed > 0) Console.Error.WriteLine();
            return summary;
        }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    private static int Finish(Campaign c, WorkerSummary s, bool json, ICampaignStore? store = null)
    {
        var counts = (store ?? c.Store).Counts();
        if (json)
        {
            CommandRunner.PrintJson(new JsonObject
            {
                ["done"] = counts.Done, ["failed"] = counts.Failed, ["pending"] = counts.Pending, ["running"] = counts.Running, ["cancelled"] = counts.Cancelled,
                ["this_run"] = new JsonObject { ["done"] = s.Done, ["failed"] = s.Failed, ["already_written"] = s.Skipped, ["stopped"] = s.Stopped, ["seconds"] = Math.Round(s.Elapsed.TotalSeconds, 3) },
            });
            return 0;
        }
        Console.WriteLine($"this run: {s.Done} done, {s.Failed} failed in {s.Elapsed.TotalSeconds:0.0} s{(s.Stopped ? " (stopped early)" : "")}");
        Console.WriteLine($"campaign: {counts.Done} done, {counts.Failed} failed, {counts.Pending} pending, {counts.Running} running{(counts.Cancelled > 0 ? $", {counts.Cancelled} cancelled" : "")}");
        if (counts.FailuresByReason.Count > 0) Console.WriteLine("failures: " + string.Join(", ", counts.FailuresByReason.Select(kv => $"{kv.Key} {kv.Value}")));
        return 0;
    }

    private static Command Status()
    {
        var campaign = CampaignArgument();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("status", "Counts (done, failed, pending, running), throughput and failures by reason.") { campaign, json };
        cmd.SetHandler(p =>
        {
            using var c = Campaign.Open(p.GetValue(campaign)!);
            var counts = c.Store.Counts();
            var results = c.Store.Results();
            double? perSecond = null, cpuSecondsPer = null;
            if (results.Count > 0)
            {
                var first = results.Min(r => r.StartedUtc);
                var lastT = results.Max(r => r.FinishedUtc);
                var span = (lastT - first).TotalSeconds;
                if (span > 0) perSecond = results.Count / span;
                cpuSecondsPer = results.Average(r => (r.FinishedUtc - r.StartedUtc).TotalSeconds);
            }
            var reasons = new JsonObject();
            foreach (var (k, v) in counts.FailuresByReason) reasons[k] = v;
            if (p.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["done"] = counts.Done, ["failed"] = counts.Failed, ["pending"] = counts.Pending, ["running"] = counts.Running, ["cancelled"] = counts.Cancelled,
                    ["total"] = counts.Total, ["failures_by_reason"] = reasons,
                    ["throughput_per_s"] = perSecond is { } ps ? Math.Round(ps, 4) : null,
                    ["mean_seconds_per_candidate"] = cpuSecondsPer is { } cs ? Math.Round(cs, 5) : null,
                    ["workers"] = results.Select(r => r.WorkerId).Distinct().Count(),
                    ["stop_requested"] = c.StopRequested, ["store"] = CampaignStores.Redact(c.Config.Store),
                };
                ScreenSlurmStatus.AddJson(o, c.Folder, c.Store); // Slurm jobs and unmerged shards (screen-dist)
                CommandRunner.PrintJson(o);
                return 0;
            }
            var t = new Table().AddColumn("quantity").AddColumn("value");
            t.AddEscapedRow("campaign", c.Folder);
            t.AddEscapedRow("candidates", $"{counts.Total}: {counts.Done} done, {counts.Failed} failed, {counts.Pending} pending, {counts.Running} running, {counts.Cancelled} cancelled");
            t.AddEscapedRow("failures by reason", counts.FailuresByReason.Count == 0 ? "none" : string.Join(", ", counts.FailuresByReason.Select(kv => $"{kv.Key} {kv.Value}")));
            t.AddEscapedRow("throughput", perSecond is { } x ? $"{x:0.00} candidates/s (first start to last finish, all workers)" : "-");
            t.AddEscapedRow("time per candidate", cpuSecondsPer is { } y ? $"{y:0.000} s (mean, one thread)" : "-");
            t.AddEscapedRow("descriptors", $"{string.Join(",", c.Config.Descriptors)} (BVSE grid {c.Config.BvseGridA} Å)");
            t.AddEscapedRow("store", CampaignStores.Redact(c.Config.Store));
            if (c.StopRequested) t.AddEscapedRow("stop flag", "set by 'screen cancel': workers stop after their current candidates");
            AnsiConsole.Write(t);
            ScreenSlurmStatus.Print(c.Folder, c.Store);
            return 0;
        });
        return cmd;
    }

    private static Command Cancel()
    {
        var campaign = CampaignArgument();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("cancel", "Stop a campaign: writes the stop flag (running workers stop after their current candidates) and marks every pending candidate cancelled. Done results are kept; 'screen run' later removes the flag but cancelled candidates stay cancelled.")
        {
            campaign, json,
        };
        cmd.SetHandler(p =>
        {
            using var c = Campaign.Open(p.GetValue(campaign)!);
            AtomicFile.WriteAllText(c.StopFlagPath, $"cancelled {DateTime.UtcNow:O}\n");
            int n = c.Store.CancelPending();
            var scancelled = ScreenSlurmStatus.Cancel(c.Folder); // scancel of the recorded Slurm jobs still active (screen-dist)
            var counts = c.Store.Counts();
            if (p.GetValue(json))
                CommandRunner.PrintJson(new JsonObject { ["cancelled_now"] = n, ["done"] = counts.Done, ["failed"] = counts.Failed, ["pending"] = counts.Pending, ["running"] = counts.Running, ["cancelled"] = counts.Cancelled,
                    ["slurm_jobs_cancelled"] = new JsonArray(scancelled.Select(j => (JsonNode)j).ToArray()) });
            else
            {
                Console.WriteLine($"{c.Folder}: {n} pending candidate(s) cancelled, stop flag written; {counts.Done} done, {counts.Failed} failed, {counts.Running} still running");
                if (scancelled.Count > 0) Console.WriteLine($"scancel: Slurm job(s) {string.Join(", ", scancelled)}");
            }
            return 0;
        });
        return cmd;
    }

    /// <summary>Progress reported synchronously on the reporting thread, serialised (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
    {
        private readonly object _lock = new();
        public void Report(T value) { lock (_lock) action(value); }
    }
}
