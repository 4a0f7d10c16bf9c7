using System.CommandLine;
using Nitrolyte.Cli.Printing;
using Nitrolyte.Core;
using Nitrolyte.Screening;

namespace Nitrolyte.Cli.Commands;

/// <summary><c>screen init|run|worker|status|cancel|report</c>: screening campaigns over many candidate structures (issue 17).</summary>
public static class ScreenCommand
{
    public const int MaxCandidatesPerInit = 1_000_000;

    public static Command Create()
    {
        var cmd = new Command("screen", "Screening campaigns: generate or read thousands of candidate structures, compute descriptors (BVSE barriers, Ewald energy, bond-valence sums, E_hull) locally or on a cluster, rank them.");
        cmd.Add(ScreenInitCommand.Create());
        cmd.Add(ScreenRunCommand.Run());
        cmd.Add(ScreenRunCommand.Worker());
        cmd.Add(Status());
        cmd.Add(Cancel());
        cmd.Add(ScreenReportCommand.Create());
        cmd.Add(ScreenSubmitCommand.Create()); // Slurm (screen-dist)
        cmd.Add(ScreenMergeCommand.Create());
        return cmd;
    }

    internal static Argument<string> CampaignArgument() => new("campaign") { Description = "Campaign folder (holds campaign.json and, for SQLite, campaign.db)." };

    private static Command Status()
    {
        var campaign = CampaignArgument();
        var json = CommandRunner.JsonOption();
        var cmd = new Command("status", "Counts (done, failed, pending, running), throughput and failures by reason.") { campaign, json };
        cmd.SetHandler(p =>
        {
            using var c = Campaign.Open(p.GetValue(campaign)!);
            var counts = c.Store.Counts();
            var speed = CampaignThroughput.Of(c.Store.Results());
            if (p.GetValue(json))
            {
                var o = CampaignJson.Status(counts, speed, c.StopRequested, c.Config.Store);
                ScreenSlurmStatus.AddJson(o, c.Folder, c.Store); // Slurm jobs and unmerged shards (screen-dist)
                CommandRunner.PrintJson(o);
                return 0;
            }
            ScreenPrinter.Status(c, counts, speed);
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
                CommandRunner.PrintJson(CampaignJson.Cancel(n, counts, scancelled));
            else
            {
                Console.WriteLine($"{c.Folder}: {n} pending candidate(s) cancelled, stop flag written; {counts.Done} done, {counts.Failed} failed, {counts.Running} still running");
                if (scancelled.Count > 0) Console.WriteLine($"scancel: Slurm job(s) {string.Join(", ", scancelled)}");
            }
            return 0;
        });
        return cmd;
    }
}
