using System.CommandLine;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Screening;
using Nitrolyte.Screening.Slurm;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>`nitrolyte screen submit <campaign> --slurm`: writes and submits a Slurm job array of `screen worker` tasks
/// (library: Screening/Slurm/SlurmSubmitter).</summary>
public static class ScreenSubmitCommand
{
    public static Command Create()
    {
        var campaign = new Argument<string>("campaign") { Description = "The campaign folder (made by `nitrolyte screen init`)." };
        var slurm = new Option<bool>("--slurm") { Description = "Submit to Slurm with sbatch (the scheduler supported today; required)." };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (sbatch --partition); default: the cluster's default." };
        var time = new Option<string?>("--time") { Description = "Time limit per array task (sbatch --time: minutes, HH:MM:SS, D-HH:MM:SS)." };
        var tasks = new Option<int?>("--tasks") { Description = $"Number of array tasks (at most {SlurmSubmitOptions.MaxTasks}; with SQLite at most one per pending candidate)." };
        var perTask = new Option<int?>("--per-task") { Description = $"Candidates per array task, to choose the number of tasks instead of --tasks (default {SlurmSubmitter.DefaultPerTask})." };
        var cpus = new Option<int>("--cpus-per-task") { Description = $"CPUs per task (sbatch --cpus-per-task; the worker runs --jobs this many; at most {SlurmSubmitOptions.MaxCpusPerTask}).", DefaultValueFactory = _ => 1 };
        var extra = new Option<string[]>("--sbatch") { Description = "An extra sbatch option written as an #SBATCH line, e.g. --sbatch=--account=chem (repeatable)." };
        var dry = new Option<bool>("--dry-run") { Description = "Write the job scripts into <campaign>/slurm/ but do not submit them." };
        var worker = new Option<string?>("--worker-command") { Description = "How compute nodes start nitrolyte (words separated by spaces), e.g. \"/opt/nitrolyte/nitrolyte\"; default: this very CLI." };
        var resume = new Option<bool>("--include-cancelled") { Description = "Make candidates cancelled by `screen cancel` pending again before submitting." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("submit", "Send a campaign's pending candidates to Slurm as a job array of workers. SQLite campaign: each task " +
            "computes a fixed shard into <campaign>/shards/ and a final job (after the array) merges them; PostgreSQL campaign: " +
            "the tasks claim pending candidates from the database. The job ids are recorded for `screen status` and `screen cancel`.")
        {
            campaign, slurm, partition, time, tasks, perTask, cpus, extra, dry, worker, resume, json,
        };
        cmd.SetHandler(p =>
        {
            if (!p.GetValue(slurm)) throw new UsageException("screen submit needs --slurm (Slurm is the scheduler supported; `screen run` runs locally)");
            using var c = Campaign.Open(p.GetValue(campaign)!);
            var (folder, config) = (c.Folder, c.Config);
            var workerCommand = p.GetValue(worker) is { } w ? SplitWords(w) : WorkerCommand.Default();
            if (p.GetValue(tasks) is not null && p.GetValue(perTask) is not null) throw new UsageException("give --tasks or --per-task, not both");
            bool dryRun = p.GetValue(dry);
            if (p.GetValue(resume) && !dryRun)
            {
                int back = c.Store switch { SqliteCampaignStore q => q.ResumeCancelled(), PostgresCampaignStore q => q.ResumeCancelled(), _ => 0 };
                if (back > 0) Console.Error.WriteLine($"note: {back} cancelled candidate(s) are pending again");
            }
            var client = new SlurmClient();
            // A new submission means go: the stop flag of an earlier `screen cancel` would stop the new tasks at once.
            if (!dryRun && client.Available && c.StopRequested) { File.Delete(c.StopFlagPath); Console.Error.WriteLine("note: removed the stop flag of an earlier 'screen cancel'"); }
            var r = SlurmSubmitter.Submit(folder, config, c.Store, workerCommand,
                    pending => new SlurmSubmitOptions
                    {
                        Tasks = SlurmSubmitter.ChooseTasks(pending, p.GetValue(tasks), p.GetValue(perTask)),
                        CpusPerTask = p.GetValue(cpus),
                        Partition = p.GetValue(partition),
                        Time = p.GetValue(time),
                        ExtraSbatch = p.GetValue(extra) ?? [],
                    },
                    dryRun, client);
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["mode"] = r.Mode, ["tasks"] = r.Tasks, ["pending"] = r.Pending, ["dry_run"] = r.DryRun,
                    ["array_script"] = r.ArrayScript, ["merge_script"] = r.MergeScript,
                    ["array_job_id"] = r.ArrayJobId, ["merge_job_id"] = r.MergeJobId,
                    ["merged_before"] = r.MergedBefore is { } m ? new JsonObject { ["shards"] = m.ShardsRead, ["written"] = m.Written, ["already_present"] = m.AlreadyPresent } : null,
                    ["worker_command"] = new JsonArray(workerCommand.Select(x => (JsonNode)x).ToArray()),
                });
                return 0;
            }
            if (r.MergedBefore is { Written: > 0 } mb) Console.WriteLine($"merged {mb.Written} results from {mb.ShardsRead} shard files of earlier tasks first");
            if (r.Pending == 0) { Console.WriteLine($"{folder}: nothing pending; nothing submitted"); return 0; }
            string how = r.Mode == "sqlite-shards" ? "SQLite store: one fixed shard per task into shards/, then a merge job" : "PostgreSQL store: the tasks claim candidates";
            Console.WriteLine($"{r.Pending} pending candidates -> {r.Tasks} array tasks ({how})");
            Console.WriteLine($"wrote {Path.GetRelativePath(Environment.CurrentDirectory, r.ArrayScript!)}" +
                (r.MergeScript is null ? "" : $" and {Path.GetRelativePath(Environment.CurrentDirectory, r.MergeScript)}"));
            if (r.DryRun) { Console.WriteLine("dry run: not submitted (sbatch <script> submits it by hand)"); return 0; }
            Console.WriteLine($"submitted array job {r.ArrayJobId} ({r.Tasks} tasks)" + (r.MergeJobId is { } mj ? $" and merge job {mj} (runs after the array)" : ""));
            Console.WriteLine($"follow with: nitrolyte screen status {p.GetValue(campaign)}");
            return 0;
        });
        return cmd;
    }

    /// <summary>Words separated by white space; "double quotes" keep spaces inside a word.</summary>
    public static IReadOnlyList<string> SplitWords(string text)
    {
        var words = System.Text.RegularExpressions.Regex.Matches(text, "\"([^\"]*)\"|(\\S+)").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToList();
        return words.Count > 0 ? words : throw new UsageException("--worker-command is empty");
    }
}

/// <summary>`nitrolyte screen merge <campaign>`: copies the shard databases of Slurm array tasks into the main store.</summary>
public static class ScreenMergeCommand
{
    public static Command Create()
    {
        var campaign = new Argument<string>("campaign") { Description = "The campaign folder." };
        var json = CommandRunner.JsonOption();
        var cmd = new Command("merge", "Copy the results of the Slurm array tasks' shard databases (<campaign>/shards/shard-*.sqlite) into the " +
            "campaign store; a result already there is kept (merging twice changes nothing). The merge job of `screen submit` runs this.")
        {
            campaign, json,
        };
        cmd.SetHandler(p =>
        {
            using var c = Campaign.Open(p.GetValue(campaign)!);
            var store = c.Store;
            var m = ShardMerge.Merge(c.Folder, store);
            var n = store.Counts();
            if (p.GetValue(json))
            {
                CommandRunner.PrintJson(new JsonObject
                {
                    ["shards"] = m.ShardsRead, ["results_read"] = m.ResultsRead, ["written"] = m.Written, ["already_present"] = m.AlreadyPresent,
                    ["done"] = n.Done, ["failed"] = n.Failed, ["pending"] = n.Pending,
                });
                return 0;
            }
            Console.WriteLine($"merged {m.Written} new results from {m.ShardsRead} shard files ({m.AlreadyPresent} were already in the store)");
            Console.WriteLine($"{n.Done} done, {n.Failed} failed, {n.Pending} pending");
            return 0;
        });
        return cmd;
    }
}

/// <summary>The command line compute nodes use to start this CLI.</summary>
public static class WorkerCommand
{
    /// <summary>[dotnet, .../Nitrolyte.Cli.dll] when run through dotnet (or in-process, as in tests), [the apphost]
    /// when run as an executable.</summary>
    public static IReadOnlyList<string> Default()
    {
        var dll = typeof(CliApp).Assembly.Location;
        var process = Environment.ProcessPath;
        if (dll.Length == 0) return process is not null ? [process] : ["nitrolyte"]; // single-file publish: the executable is the CLI
        var apphost = Path.Combine(Path.GetDirectoryName(dll)!, Path.GetFileNameWithoutExtension(dll) + (OperatingSystem.IsWindows() ? ".exe" : ""));
        if (process is not null && Path.GetFullPath(process) == Path.GetFullPath(apphost)) return [process];
        string dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet" ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h
            : "dotnet";
        return [dotnet, dll];
    }
}
