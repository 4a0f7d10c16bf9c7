using System.CommandLine;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Screening;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>screen run</c> (every pending candidate here) and <c>screen worker</c> (one worker of a campaign, what the
/// Slurm array tasks run): the one code path of <see cref="ScreeningWorker"/>, with progress on stderr.</summary>
public static class ScreenRunCommand
{
    /// <summary>`--jobs` of run and worker: candidate threads up to 256 (not the shared <see cref="Commands.JobsOption"/>,
    /// whose cap is <see cref="Core.Jobs.Max"/>; the help text and the refusal are kept as they were).</summary>
    private static Option<int?> CandidateJobsOption() => new("--jobs") { Description = "Candidates computed at once (threads; default all cores, at most 256)." };

    public static Command Run()
    {
        var campaign = ScreenCommand.CampaignArgument();
        var jobs = CandidateJobsOption();
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

    public static Command Worker()
    {
        var campaign = ScreenCommand.CampaignArgument();
        var jobs = CandidateJobsOption();
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
            CommandRunner.PrintJson(CampaignJson.Run(counts, s));
            return 0;
        }
        ScreenPrinter.Run(s, counts);
        return 0;
    }
}
