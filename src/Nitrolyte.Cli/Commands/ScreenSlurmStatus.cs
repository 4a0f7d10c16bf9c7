using System.Text.Json.Nodes;
using Nitrolyte.Screening;
using Nitrolyte.Screening.Slurm;
using Spectre.Console;

namespace Nitrolyte.Cli.Commands;

/// <summary>The Slurm part of `screen status` and `screen cancel`: the jobs recorded by `screen submit`
/// (slurm/jobs.json) and their state from scontrol/sacct; shard results not merged yet.</summary>
public static class ScreenSlurmStatus
{
    /// <summary>Adds "slurm_jobs" and "unmerged_shard_results" to a status JSON object (nothing when no job was submitted).</summary>
    public static void AddJson(JsonObject o, string folder, ICampaignStore store)
    {
        var jobs = SlurmJobLog.Read(folder);
        if (jobs.Count == 0 && ShardMerge.ShardFiles(folder).Count == 0) return;
        o["unmerged_shard_results"] = ShardMerge.Unmerged(folder, store);
        if (jobs.Count == 0) return;
        var states = States(jobs);
        o["slurm_jobs"] = new JsonArray(jobs.Select((j, k) => (JsonNode)new JsonObject
        {
            ["job_id"] = j.JobId, ["kind"] = j.Kind, ["tasks"] = j.Tasks, ["mode"] = j.Mode, ["submitted_utc"] = j.SubmittedUtc,
            ["known"] = states?[k].Known, ["active"] = states?[k].Active,
            ["tasks_by_state"] = states is null ? null : new JsonObject(states[k].TasksByState.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => KeyValuePair.Create(kv.Key.ToLowerInvariant(), (JsonNode?)kv.Value))),
            // Slurm drops an array task cancelled while pending from its listing (and purges old jobs).
            ["tasks_not_listed"] = states is null ? null : NotListed(j, states[k]),
        }).ToArray());
        if (states is null) o["slurm_note"] = SlurmClient.AbsentMessage;
    }

    /// <summary>Prints the recorded jobs' states (human status output).</summary>
    public static void Print(string folder, ICampaignStore store)
    {
        var jobs = SlurmJobLog.Read(folder);
        if (jobs.Count == 0 && ShardMerge.ShardFiles(folder).Count == 0) return;
        int unmerged = ShardMerge.Unmerged(folder, store);
        if (unmerged > 0) Console.WriteLine($"{unmerged} results in shards/ not merged yet (the merge job does it; or `nitrolyte screen merge`)");
        if (jobs.Count == 0) return;
        var states = States(jobs);
        var t = new Table().AddColumn("Slurm job").AddColumn("kind").AddColumn("tasks").AddColumn("state");
        for (int k = 0; k < jobs.Count; k++)
            t.AddEscapedRow(jobs[k].JobId.ToString(System.Globalization.CultureInfo.InvariantCulture), jobs[k].Kind,
                jobs[k].Tasks.ToString(System.Globalization.CultureInfo.InvariantCulture), states is null ? "unknown (no Slurm here)"
                    : states[k].Summary + (states[k].Known && NotListed(jobs[k], states[k]) is > 0 and var nl ? $", {nl} not listed (cancelled before they ran)" : ""));
        AnsiConsole.Write(t);
    }

    /// <summary>scancel of the recorded jobs still active; returns their ids (none when Slurm is absent or nothing runs).</summary>
    public static IReadOnlyList<long> Cancel(string folder)
    {
        var jobs = SlurmJobLog.Read(folder);
        if (jobs.Count == 0) return [];
        var client = new SlurmClient();
        if (!client.Available)
        {
            Console.Error.WriteLine($"warning: Slurm jobs {string.Join(", ", jobs.Select(j => j.JobId))} are recorded but {SlurmClient.AbsentMessage}; scancel them where Slurm runs (the stop flag stops their workers anyway)");
            return [];
        }
        var active = client.States(jobs.Select(j => j.JobId)).Where(s => s.Active).Select(s => s.JobId).ToList();
        client.Cancel(active);
        return active;
    }

    private static int NotListed(SlurmJobRecord j, SlurmJobState s) => s.Known ? Math.Max(0, j.Tasks - s.TasksByState.Values.Sum()) : 0;

    private static IReadOnlyList<SlurmJobState>? States(IReadOnlyList<SlurmJobRecord> jobs)
    {
        var client = new SlurmClient();
        return client.Available ? client.States(jobs.Select(j => j.JobId)) : null;
    }
}
