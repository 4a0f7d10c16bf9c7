using Nitrolyte.Formats.Structures;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Nitrolyte.Cli.Commands;
using Nitrolyte.Screening;
using Nitrolyte.Screening.Slurm;
using Nitrolyte.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

/// <summary>One worker code path in three modes (issue 17): the same candidates give the same descriptors, to the
/// bit, run locally with 1 or 2 jobs, as a Slurm array on SQLite shards, and as Slurm workers on PostgreSQL; a
/// worker killed with SIGKILL and an array task cancelled midway end, after a resubmission, with every candidate
/// done exactly once. Runs on the one-node cluster and the PostgreSQL server of .ci/services.sh.</summary>
public sealed class DistributedScreeningTests : IDisposable
{
    private const string Grid = "0.3";
    private static readonly double[] Strains = [0.97, 1.0, 1.02, 1.04];
    private static readonly Lazy<(string Dir, string Structures, IReadOnlyDictionary<string, string> Reference)> Local = new(BuildLocalReference);
    private readonly string _dir = Directory.CreateTempSubdirectory("nitrolyte-dist-").FullName;

    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    /// <summary>The eight prototypes, each at four lattice scalings: 32 small candidates.</summary>
    private static string WriteStructures(string dir)
    {
        var folder = Path.Combine(dir, "structures");
        Directory.CreateDirectory(folder);
        foreach (var p in Prototypes.All)
            foreach (var k in Strains)
            {
                var text = Regex.Replace(p.CifText, @"(?m)^(\s*_cell_length_[abc]\s+)([0-9.]+)", m =>
                    m.Groups[1].Value + (double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * k).ToString("0.000000", CultureInfo.InvariantCulture));
                File.WriteAllText(Path.Combine(folder, $"{p.Name}_x{k.ToString("0.00", CultureInfo.InvariantCulture)}.cif"), text);
            }
        return folder;
    }

    /// <summary>Reference: a local run with --jobs 1; a second local run with --jobs 2 must agree to the bit.</summary>
    private static (string, string, IReadOnlyDictionary<string, string>) BuildLocalReference()
    {
        var dir = Directory.CreateTempSubdirectory("nitrolyte-dist-local-").FullName;
        var structures = WriteStructures(dir);
        var one = Results(InitAndRunLocal(dir, structures, "local1", 1));
        var two = Results(InitAndRunLocal(dir, structures, "local2", 2));
        Assert.Equal(Strains.Length * Prototypes.All.Count, one.Count);
        Assert.Equal(one, two);
        return (dir, structures, one);
    }

    private static string InitAndRunLocal(string dir, string structures, string name, int jobs)
    {
        var c = Path.Combine(dir, name);
        Ok(CliHarness.Run("screen", "init", c, "--structures", structures, "--bvse-grid", Grid, "--json"));
        var run = Ok(CliHarness.Run("screen", "run", c, "--jobs", jobs.ToString(CultureInfo.InvariantCulture), "--json")).Json();
        Assert.Equal(0, (int)run["pending"]!);
        return c;
    }

    private static IReadOnlyDictionary<string, string> Results(string campaign)
    {
        using var c = Campaign.Open(campaign);
        return Results(c.Store);
    }

    /// <summary>id -> descriptors JSON exactly as stored (done) or "failed:reason"; each id at most once.</summary>
    private static IReadOnlyDictionary<string, string> Results(ICampaignStore store)
    {
        var rs = store.Results();
        Assert.Equal(rs.Count, rs.Select(r => r.Id).Distinct().Count());
        return rs.ToDictionary(r => r.Id, r => r.Status == CandidateStatus.Done ? r.DescriptorsJson : "failed:" + r.ErrorReason);
    }

    private static CliHarness.Result Ok(CliHarness.Result r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [SlurmFact]
    public void A_slurm_array_on_sqlite_shards_gives_the_local_results_after_a_killed_worker_and_a_cancelled_task()
    {
        TestServices.RequireSlurm();
        var (_, structures, reference) = Local.Value;
        var c = Path.Combine(_dir, "shards");
        Ok(CliHarness.Run("screen", "init", c, "--structures", structures, "--bvse-grid", Grid, "--json"));

        // A shard worker killed with SIGKILL midway: what it wrote stays in its shard file.
        var shardFile = ShardCampaignStore.PathFor(c, 1, 4);
        Assert.True(KillMidway(["screen", "worker", c, "--shard", "1/4", "--jobs", "1"], () => File.Exists(shardFile) && CountResults(shardFile) >= 1));
        int shard1;
        using (var camp = Campaign.Open(c)) shard1 = camp.Store.PendingInShard(1, 4).Count;
        Assert.InRange(CountResults(shardFile), 1, shard1 - 1); // killed midway

        // The array is submitted held so that one task can be cancelled before it runs.
        var sub = Ok(CliHarness.Run("screen", "submit", c, "--slurm", "--tasks", "4", "--sbatch=--hold", "--json")).Json();
        Assert.Equal("sqlite-shards", (string)sub["mode"]!);
        long array = (long)sub["array_job_id"]!, merge = (long)sub["merge_job_id"]!;
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/4\"", File.ReadAllText((string)sub["array_script"]!));
        Scontrol("scancel", $"{array}_2");
        Scontrol("scontrol", "release", array.ToString(CultureInfo.InvariantCulture));
        Scontrol("scontrol", "release", merge.ToString(CultureInfo.InvariantCulture));
        WaitFor([array, merge]);

        var status = Ok(CliHarness.Run("screen", "status", c, "--json")).Json();
        int shard2;
        using (var camp = Campaign.Open(c)) shard2 = camp.Store.PendingInShard(2, 4).Count;
        Assert.True(shard2 > 0);
        Assert.Equal(shard2, (int)status["pending"]!);                   // only the cancelled task's shard is left
        Assert.Equal(0, (int)status["unmerged_shard_results"]!);          // the merge job ran after the array
        var jobs = status["slurm_jobs"]!.AsArray();
        Assert.Equal(3, (int)jobs[0]!["tasks_by_state"]!["completed"]!);
        var cancelled = jobs[0]!["tasks_by_state"]!["cancelled"] is { } x ? (int)x : (int)jobs[0]!["tasks_not_listed"]!; // Slurm may drop it
        Assert.Equal(1, cancelled);

        // Resubmitted: the missing shard is computed, nothing twice.
        var again = Ok(CliHarness.Run("screen", "submit", c, "--slurm", "--tasks", "4", "--json")).Json();
        Assert.Equal(shard2, (int)again["pending"]!);
        WaitFor([(long)again["array_job_id"]!, (long)again["merge_job_id"]!]);
        var done = Ok(CliHarness.Run("screen", "status", c, "--json")).Json();
        Assert.Equal(0, (int)done["pending"]! + (int)done["running"]!);
        Assert.Equal(reference, Results(c));
        Assert.Equal(4, done["slurm_jobs"]!.AsArray().Count);
    }

    [SlurmPostgresFact]
    public void Slurm_workers_on_postgresql_give_the_local_results_and_reclaim_a_killed_workers_candidates()
    {
        TestServices.RequireSlurm();
        var (_, structures, reference) = Local.Value;
        var url = TestServices.PostgresUrl("slurm");
        var c = Path.Combine(_dir, "pg");
        Ok(CliHarness.Run("screen", "init", c, "--structures", structures, "--bvse-grid", Grid, "--store", url, "--json"));
        using var camp = Campaign.Open(c);
        var store = (PostgresCampaignStore)camp.Store;
        try
        {
            // A claiming worker with a 1.2 s lease, killed with SIGKILL while it holds candidates.
            Assert.True(KillMidway(["screen", "worker", c, "--claim", "--jobs", "1", "--lease-minutes", "0.02"],
                () => store.Counts() is { Done: >= 2, Running: > 0 }));
            var afterKill = store.Counts();
            Assert.InRange(afterKill.Done, 2, reference.Count - 1);
            Assert.True(afterKill.Running > 0); // claimed by the dead worker: only the lease frees them

            // Slurm workers claim the rest; the killed worker's candidates come back when their lease has ended
            // (a second submission if the workers had finished before it did).
            var submitted = new List<long>();
            for (int round = 0; round < 3; round++)
            {
                var n = store.Counts();
                if (n.Pending + n.Running == 0) break;
                if (n.Pending == 0) Thread.Sleep(1500); // only leased candidates left: let the lease end
                var sub = Ok(CliHarness.Run("screen", "submit", c, "--slurm", "--tasks", "3", "--json")).Json();
                Assert.Equal("postgresql-claim", (string)sub["mode"]!);
                Assert.Null(sub["merge_job_id"]);
                long id = (long)sub["array_job_id"]!;
                submitted.Add(id);
                WaitFor([id]);
            }
            var end = store.Counts();
            Assert.Equal((reference.Count, 0, 0), (end.Done + end.Failed, end.Pending, end.Running));
            Assert.Equal(reference, Results(store));
            Assert.Contains(store.Results(), r => r.WorkerId.Contains("-slurm", StringComparison.Ordinal));
            var status = Ok(CliHarness.Run("screen", "status", c, "--json")).Json();
            Assert.Equal(submitted.Count, status["slurm_jobs"]!.AsArray().Count);
        }
        finally { store.DropSchema(); }
    }

    [PostgresFact]
    public void Local_runs_on_postgresql_give_the_same_results_as_on_sqlite()
    {
        var (_, structures, reference) = Local.Value;
        var url = TestServices.PostgresUrl("local");
        var c = Path.Combine(_dir, "pglocal");
        Ok(CliHarness.Run("screen", "init", c, "--structures", structures, "--bvse-grid", Grid, "--store", url, "--json"));
        using var camp = Campaign.Open(c);
        try
        {
            var run = Ok(CliHarness.Run("screen", "run", c, "--jobs", "2", "--json")).Json();
            Assert.Equal(0, (int)run["pending"]!);
            Assert.Equal(reference, Results(camp.Store));
        }
        finally { ((PostgresCampaignStore)camp.Store).DropSchema(); }
    }

    [Fact]
    public void An_unreachable_postgresql_is_one_line_naming_the_server_and_exit_1()
    {
        var structures = Path.Combine(_dir, "s");
        Directory.CreateDirectory(structures);
        File.WriteAllText(Path.Combine(structures, "Li3N.cif"), Prototypes.Find("alpha-Li3N")!.CifText);
        int port = FreePort();
        var c = Path.Combine(_dir, "dead");
        var r = CliHarness.Run("screen", "init", c, "--structures", structures, "--store", $"postgresql://me:hunter2@127.0.0.1:{port}/db?connect_timeout=3");
        Assert.Equal(1, r.ExitCode);
        var line = r.Stderr.Trim();
        Assert.DoesNotContain('\n', line);
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains("cannot connect", line);
        Assert.DoesNotContain("hunter2", line);
        Assert.False(File.Exists(Path.Combine(c, CampaignConfig.FileName))); // no half-made campaign
    }

    [Fact]
    public void Without_slurm_submit_says_so_and_exits_1_and_the_campaign_is_untouched()
    {
        var structures = Path.Combine(_dir, "s");
        Directory.CreateDirectory(structures);
        File.WriteAllText(Path.Combine(structures, "Li3N.cif"), Prototypes.Find("alpha-Li3N")!.CifText);
        var c = Path.Combine(_dir, "noslurm");
        Ok(CliHarness.Run("screen", "init", c, "--structures", structures, "--bvse-grid", "0.5"));
        // A real process whose PATH holds dotnet and nothing else (sbatch lives in /usr/bin here).
        var bin = Path.Combine(_dir, "bin");
        Directory.CreateDirectory(bin);
        var cmd = WorkerCommand.Default();
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), ResolveOnPath(cmd[0]));
        var psi = Start([.. cmd.Skip(1), "screen", "submit", c, "--slurm"]);
        psi.Environment["PATH"] = bin;
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(120_000));
        Assert.Equal(1, p.ExitCode);
        Assert.Contains("no sbatch on PATH", err);
        Assert.Single(err.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(c, SlurmScripts.FolderName)));
        // A dry run writes the scripts without Slurm.
        var dry = Ok(CliHarness.Run("screen", "submit", c, "--slurm", "--dry-run", "--json")).Json();
        Assert.True((bool)dry["dry_run"]!);
        Assert.True(File.Exists((string)dry["array_script"]!));
    }

    // ---- helpers ----

    private static int CountResults(string sqlite)
    {
        try { using var s = SqliteCampaignStore.Open(sqlite); return s.Results().Count; }
        catch (Nitrolyte.Core.NitrolyteInputException) { return 0; }
    }

    /// <summary>Starts the CLI as a real process, waits until <paramref name="ready"/>, then SIGKILLs it; true when
    /// it was killed (false: it ended by itself first).</summary>
    private static bool KillMidway(string[] args, Func<bool> ready)
    {
        var cmd = WorkerCommand.Default();
        var psi = Start([.. cmd.Skip(1), .. args]);
        psi.FileName = cmd[0];
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!p.HasExited && !ready() && DateTime.UtcNow < deadline) Thread.Sleep(20);
        if (p.HasExited) return false;
        p.Kill(entireProcessTree: true); // SIGKILL
        p.WaitForExit();
        return true;
    }

    private static ProcessStartInfo Start(IEnumerable<string> args)
    {
        var cmd = WorkerCommand.Default();
        var psi = new ProcessStartInfo(cmd[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static string ResolveOnPath(string program) =>
        Path.IsPathRooted(program) ? program
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, program)).First(File.Exists);

    private static void Scontrol(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)}: {err}");
    }

    private static void WaitFor(long[] jobs)
    {
        var client = new SlurmClient();
        var deadline = DateTime.UtcNow.AddMinutes(8);
        IReadOnlyList<SlurmJobState> st;
        do { Thread.Sleep(500); st = client.States(jobs); } while (st.Any(s => s.Active) && DateTime.UtcNow < deadline);
        Assert.All(st, s => Assert.False(s.Active, $"job {s.JobId} still active: {s.Summary}"));
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
