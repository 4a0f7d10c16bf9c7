using Nitrolyte.Screening;

namespace Nitrolyte.Tests.Screening;

/// <summary>The `screen status|run|cancel --json` contract (Screening/CampaignJson) and the throughput behind status.</summary>
public class CampaignJsonTests
{
    private static readonly DateTime T0 = new(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);

    private static CandidateResult Result(string id, double startS, double endS, string worker) =>
        new(id, "done", "{}", null, null, T0.AddSeconds(startS), T0.AddSeconds(endS), worker, "{}");

    [Fact]
    public void ThroughputIsCountOverFirstStartToLastFinish()
    {
        var results = new[] { Result("a", 0, 2, "w1"), Result("b", 1, 4, "w2"), Result("c", 4, 10, "w1") };
        var t = CampaignThroughput.Of(results);
        Assert.Equal(3 / 10.0, t.PerSecond!.Value, 12);
        Assert.Equal((2 + 3 + 6) / 3.0, t.MeanSecondsPerCandidate!.Value, 12);
        Assert.Equal(2, t.Workers);
    }

    [Fact]
    public void ThroughputOfNothingIsUnknown()
    {
        var t = CampaignThroughput.Of([]);
        Assert.Null(t.PerSecond);
        Assert.Null(t.MeanSecondsPerCandidate);
        Assert.Equal(0, t.Workers);
        var zeroSpan = CampaignThroughput.Of([Result("a", 3, 3, "w")]);
        Assert.Null(zeroSpan.PerSecond);
        Assert.Equal(0, zeroSpan.MeanSecondsPerCandidate!.Value, 12);
    }

    [Fact]
    public void KeysAndOrderAreTheContract()
    {
        var counts = new CampaignCounts(5, 1, 3, 2, new Dictionary<string, int> { ["bad_structure"] = 1 }) { Cancelled = 4 };
        var status = CampaignJson.Status(counts, new CampaignThroughput(1.234567, 0.1234567, 2), true, "postgresql://u:secret@h/db");
        Assert.Equal(["done", "failed", "pending", "running", "cancelled", "total", "failures_by_reason", "throughput_per_s", "mean_seconds_per_candidate", "workers", "stop_requested", "store"],
            status.Select(kv => kv.Key).ToArray());
        Assert.Equal(15, (int)status["total"]!);
        Assert.Equal(1.2346, (double)status["throughput_per_s"]!, 12);
        Assert.Equal(0.12346, (double)status["mean_seconds_per_candidate"]!, 12);
        Assert.Equal(1, (int)status["failures_by_reason"]!["bad_structure"]!);
        Assert.DoesNotContain("secret", (string)status["store"]!);

        var run = CampaignJson.Run(counts, new WorkerSummary(2, 1, 0, false, TimeSpan.FromSeconds(1.23456)));
        Assert.Equal(["done", "failed", "pending", "running", "cancelled", "this_run"], run.Select(kv => kv.Key).ToArray());
        Assert.Equal(1.235, (double)run["this_run"]!["seconds"]!, 12);

        var cancel = CampaignJson.Cancel(3, counts, [17L, 18L]);
        Assert.Equal(["cancelled_now", "done", "failed", "pending", "running", "cancelled", "slurm_jobs_cancelled"], cancel.Select(kv => kv.Key).ToArray());
        Assert.Equal(4, (int)cancel["cancelled"]!);
        Assert.Equal(2, cancel["slurm_jobs_cancelled"]!.AsArray().Count);
    }
}
