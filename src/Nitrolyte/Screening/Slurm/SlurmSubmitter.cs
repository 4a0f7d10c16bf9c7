using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Screening.Slurm;

/// <summary>What <see cref="SlurmSubmitter.Submit"/> did. Job ids are null for a dry run or when nothing was pending.</summary>
public sealed record SlurmSubmitResult(
    string Mode, int Tasks, int Pending, string? ArrayScript, string? MergeScript, long? ArrayJobId, long? MergeJobId,
    bool DryRun, ShardMergeSummary? MergedBefore);

/// <summary>Sends a campaign's pending candidates to Slurm as a job array of workers (the same `screen worker` code
/// path as a local run). SQLite campaign: shard results already on disk are merged first, each task takes a fixed
/// shard, and a merge job (afterany) copies the shards into the main store. PostgreSQL campaign: each task claims
/// pending candidates until none is left. The jobs are recorded in slurm/jobs.json.</summary>
public static class SlurmSubmitter
{
    /// <summary>Array tasks when neither --tasks nor --per-task is given: about this many candidates per task.</summary>
    public const int DefaultPerTask = 200;

    public static int ChooseTasks(int pending, int? tasks, int? perTask)
    {
        if (tasks is not null && perTask is not null) throw new NitrolyteInputException("give --tasks or --per-task, not both");
        if (perTask is < 1) throw new NitrolyteInputException($"--per-task {perTask}: must be at least 1");
        if (tasks is { } t) return t;
        int k = perTask ?? DefaultPerTask;
        return Math.Clamp((pending + k - 1) / k, 1, SlurmSubmitOptions.MaxTasks);
    }

    public static SlurmSubmitResult Submit(
        string campaignFolder, CampaignConfig config, ICampaignStore store, IReadOnlyList<string> workerCommand,
        Func<int, SlurmSubmitOptions> optionsForPending, bool dryRun, SlurmClient client)
    {
        var folder = Path.GetFullPath(campaignFolder);
        bool sharded = !config.IsPostgreSql;
        string mode = sharded ? "sqlite-shards" : "postgresql-claim";
        if (!dryRun && !client.Available) throw new NitrolyteInputException(SlurmClient.AbsentMessage);

        if (!dryRun && sharded)
        {
            // Two tasks must never write one shard file: refuse while an earlier submission still runs.
            var recorded = SlurmJobLog.Read(folder);
            if (recorded.Count > 0)
            {
                var active = client.States(recorded.Select(j => j.JobId)).Where(s => s.Active).ToList();
                if (active.Count > 0)
                    throw new NitrolyteInputException($"{folder}: Slurm job(s) {string.Join(", ", active.Select(a => a.JobId))} of this campaign are still active ({active[0].Summary}); wait for them or run `nitrolyte screen cancel {campaignFolder}` first");
            }
        }

        ShardMergeSummary? merged = sharded ? ShardMerge.Merge(folder, store) : null;
        var counts = store.Counts();
        int pending = counts.Pending + counts.Running;
        if (pending == 0) return new SlurmSubmitResult(mode, 0, 0, null, null, null, null, dryRun, merged);

        var o = optionsForPending(pending);
        if (sharded && o.Tasks > pending) o = o with { Tasks = pending }; // no empty shards
        o.Validate();

        var dir = Path.Combine(folder, SlurmScripts.FolderName);
        Directory.CreateDirectory(dir);
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var stem = Path.Combine(dir, $"submit-{stamp}");
        for (int k = 2; File.Exists(stem + "-array.sh"); k++) stem = Path.Combine(dir, $"submit-{stamp}-{k}");
        var arrayScript = stem + "-array.sh";
        AtomicFile.WriteAllText(arrayScript, SlurmScripts.ArrayScript(config.Name, folder, workerCommand, o, sharded));
        string? mergeScript = null;
        if (sharded)
        {
            mergeScript = stem + "-merge.sh";
            AtomicFile.WriteAllText(mergeScript, SlurmScripts.MergeScript(config.Name, folder, workerCommand, o));
        }
        if (dryRun) return new SlurmSubmitResult(mode, o.Tasks, pending, arrayScript, mergeScript, null, null, true, merged);

        long arrayId = client.Submit(arrayScript);
        var now = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture);
        var records = new List<SlurmJobRecord> { new(arrayId, "array", o.Tasks, mode, Path.GetRelativePath(folder, arrayScript), now) };
        long? mergeId = null;
        try
        {
            if (mergeScript is not null)
            {
                mergeId = client.Submit(mergeScript, afterAny: arrayId);
                records.Add(new SlurmJobRecord(mergeId.Value, "merge", 1, mode, Path.GetRelativePath(folder, mergeScript), now));
            }
        }
        finally { SlurmJobLog.Append(folder, records); } // the array is recorded even if the merge job was refused
        return new SlurmSubmitResult(mode, o.Tasks, pending, arrayScript, mergeScript, arrayId, mergeId, false, merged);
    }
}
