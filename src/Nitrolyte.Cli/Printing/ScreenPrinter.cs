using Nitrolyte.Screening;
using Spectre.Console;

namespace Nitrolyte.Cli.Printing;

/// <summary>The human output of `screen run|worker|status` (their JSON is Screening/CampaignJson).</summary>
internal static class ScreenPrinter
{
    /// <summary>`screen run|worker`: what this run did, then the campaign's counts and failures by reason.</summary>
    public static void Run(WorkerSummary s, CampaignCounts counts)
    {
        Console.WriteLine($"this run: {s.Done} done, {s.Failed} failed in {s.Elapsed.TotalSeconds:0.0} s{(s.Stopped ? " (stopped early)" : "")}");
        Console.WriteLine($"campaign: {counts.Done} done, {counts.Failed} failed, {counts.Pending} pending, {counts.Running} running{(counts.Cancelled > 0 ? $", {counts.Cancelled} cancelled" : "")}");
        if (counts.FailuresByReason.Count > 0) Console.WriteLine("failures: " + string.Join(", ", counts.FailuresByReason.Select(kv => $"{kv.Key} {kv.Value}")));
    }

    public static void Status(Campaign c, CampaignCounts counts, CampaignThroughput speed)
    {
        var t = new Table().AddColumn("quantity").AddColumn("value");
        t.AddEscapedRow("campaign", c.Folder);
        t.AddEscapedRow("candidates", $"{counts.Total}: {counts.Done} done, {counts.Failed} failed, {counts.Pending} pending, {counts.Running} running, {counts.Cancelled} cancelled");
        t.AddEscapedRow("failures by reason", counts.FailuresByReason.Count == 0 ? "none" : string.Join(", ", counts.FailuresByReason.Select(kv => $"{kv.Key} {kv.Value}")));
        t.AddEscapedRow("throughput", speed.PerSecond is { } x ? $"{x:0.00} candidates/s (first start to last finish, all workers)" : "-");
        t.AddEscapedRow("time per candidate", speed.MeanSecondsPerCandidate is { } y ? $"{y:0.000} s (mean, one thread)" : "-");
        t.AddEscapedRow("descriptors", $"{string.Join(",", c.Config.Descriptors)} (BVSE grid {c.Config.BvseGridA} Å)");
        t.AddEscapedRow("store", CampaignStores.Redact(c.Config.Store));
        if (c.StopRequested) t.AddEscapedRow("stop flag", "set by 'screen cancel': workers stop after their current candidates");
        AnsiConsole.Write(t);
    }
}
