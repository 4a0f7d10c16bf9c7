using System.Text.Json.Nodes;

namespace Nitrolyte.Screening;

/// <summary>The JSON of `screen init|run|worker|status|cancel --json` (snake_case). It lives beside the campaign types
/// rather than in Reports/Json because Screening writes its reports through Reports (a mapper there would make a cycle).</summary>
public static class CampaignJson
{
    /// <summary>done, failed, pending, running, cancelled: the counts every status-like output starts with.</summary>
    public static JsonObject Counts(CampaignCounts c) => new()
    {
        ["done"] = c.Done, ["failed"] = c.Failed, ["pending"] = c.Pending, ["running"] = c.Running, ["cancelled"] = c.Cancelled,
    };

    public static JsonObject Init(string folder, int distinct, int added, int unreadable, CampaignCounts counts, IEnumerable<string> descriptors, double bvseGridA, string store) => new()
    {
        ["campaign"] = folder, ["candidates"] = distinct, ["added"] = added, ["unreadable"] = unreadable,
        ["pending"] = counts.Pending, ["total"] = counts.Total, ["descriptors"] = new JsonArray(descriptors.Select(n => (JsonNode)n).ToArray()),
        ["bvse_grid_a"] = bvseGridA, ["store"] = CampaignStores.Redact(store),
    };

    /// <summary>`screen run|worker`: the campaign's counts and what this run did.</summary>
    public static JsonObject Run(CampaignCounts counts, WorkerSummary s)
    {
        var o = Counts(counts);
        o["this_run"] = new JsonObject { ["done"] = s.Done, ["failed"] = s.Failed, ["already_written"] = s.Skipped, ["stopped"] = s.Stopped, ["seconds"] = Math.Round(s.Elapsed.TotalSeconds, 3) };
        return o;
    }

    public static JsonObject Status(CampaignCounts counts, CampaignThroughput speed, bool stopRequested, string store)
    {
        var o = Counts(counts);
        var reasons = new JsonObject();
        foreach (var (k, v) in counts.FailuresByReason) reasons[k] = v;
        o["total"] = counts.Total;
        o["failures_by_reason"] = reasons;
        o["throughput_per_s"] = speed.PerSecond is { } ps ? Math.Round(ps, 4) : null;
        o["mean_seconds_per_candidate"] = speed.MeanSecondsPerCandidate is { } cs ? Math.Round(cs, 5) : null;
        o["workers"] = speed.Workers;
        o["stop_requested"] = stopRequested;
        o["store"] = CampaignStores.Redact(store);
        return o;
    }

    public static JsonObject Cancel(int cancelledNow, CampaignCounts counts, IEnumerable<long> slurmJobsCancelled)
    {
        var o = new JsonObject { ["cancelled_now"] = cancelledNow };
        foreach (var (k, v) in Counts(counts)) o[k] = v?.DeepClone();
        o["slurm_jobs_cancelled"] = new JsonArray(slurmJobsCancelled.Select(j => (JsonNode)j).ToArray());
        return o;
    }
}
