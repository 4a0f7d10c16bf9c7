using Nitrolyte.Core;
using Nitrolyte.Screening;
using Nitrolyte.Screening.Slurm;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

/// <summary>The Slurm scripts (pure text), the parsing of Slurm's output, and the client against the CI cluster.</summary>
public sealed class DistributedSlurmClientTests
{
    private static readonly string[] Cli = ["dotnet", "/opt/my nitrolyte/Nitrolyte.Cli.dll"];

    [Fact]
    public void The_array_script_runs_one_shard_per_task_and_the_merge_runs_after()
    {
        var o = new SlurmSubmitOptions { Tasks = 20, CpusPerTask = 2, Partition = "short", Time = "00:30:00", ExtraSbatch = ["--account=chem"] };
        o.Validate();
        var s = SlurmScripts.ArrayScript("Li3N doping", "/data/c1", Cli, o, sharded: true);
        Assert.StartsWith("#!/bin/bash\n", s);
        Assert.Contains("#SBATCH --array=0-19\n", s);
        Assert.Contains("#SBATCH --cpus-per-task=2\n", s);
        Assert.Contains("#SBATCH --partition=short\n", s);
        Assert.Contains("#SBATCH --time=00:30:00\n", s);
        Assert.Contains("#SBATCH --account=chem\n", s);
        Assert.Contains("#SBATCH --job-name=nitrolyte-Li3N_doping\n", s);
        Assert.Contains("#SBATCH --output=/data/c1/slurm/%A_%a.out\n", s);
        Assert.Contains("exec dotnet '/opt/my nitrolyte/Nitrolyte.Cli.dll' screen worker /data/c1 --shard \"${SLURM_ARRAY_TASK_ID}/20\" --jobs 2\n", s);
        var pg = SlurmScripts.ArrayScript("c", "/data/c1", Cli, o, sharded: false);
        Assert.Contains(" screen worker /data/c1 --claim --jobs 2\n", pg);
        var m = SlurmScripts.MergeScript("c", "/data/c1", Cli, o);
        Assert.Contains(" screen merge /data/c1\n", m);
        Assert.DoesNotContain("--array", m);
        Assert.Contains("#SBATCH --cpus-per-task=1\n", m);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(10001, null, null)]
    [InlineData(2, "a b", null)]
    [InlineData(2, null, "1 hour")]
    public void Bad_submit_options_are_refused(int tasks, string? partition, string? time)
    {
        var o = new SlurmSubmitOptions { Tasks = tasks, Partition = partition, Time = time };
        Assert.Throws<NitrolyteInputException>(o.Validate);
    }

    [Fact]
    public void Tasks_follow_the_candidates_per_task()
    {
        Assert.Equal(3, SlurmSubmitter.ChooseTasks(101, null, 50));
        Assert.Equal(7, SlurmSubmitter.ChooseTasks(101, 7, null));
        Assert.Equal(1, SlurmSubmitter.ChooseTasks(3, null, null));
        Assert.Throws<NitrolyteInputException>(() => SlurmSubmitter.ChooseTasks(10, 2, 5));
    }

    [Fact]
    public void Slurm_output_is_parsed()
    {
        Assert.Equal(1234, SlurmClient.ParseJobId("1234\n"));
        Assert.Equal(77, SlurmClient.ParseJobId("77;cluster\n"));
        Assert.Null(SlurmClient.ParseJobId("sbatch: error: oops"));
        Assert.Equal(15, SlurmClient.CountTasks("5-19"));
        Assert.Equal(4, SlurmClient.CountTasks("1,3-5%2"));
        var sc = SlurmClient.ParseScontrol(
            "JobId=12 ArrayJobId=10 ArrayTaskId=2 JobName=x JobState=RUNNING Reason=None\n" +
            "JobId=13 ArrayJobId=10 ArrayTaskId=3 JobName=x JobState=COMPLETED Reason=None\n" +
            "JobId=10 ArrayJobId=10 ArrayTaskId=4-19%5 JobName=x JobState=PENDING Reason=JobArrayTaskLimit\n");
        Assert.Equal(1, sc["RUNNING"]);
        Assert.Equal(1, sc["COMPLETED"]);
        Assert.Equal(16, sc["PENDING"]);
        var sa = SlurmClient.ParseSacct("10_0|COMPLETED\n10_1|CANCELLED by 0\n10_[2-5]|PENDING\n");
        Assert.Equal((1, 1, 4), (sa["COMPLETED"], sa["CANCELLED"], sa["PENDING"]));
        Assert.True(new SlurmJobState(10, sa, true).Active);
        Assert.False(new SlurmJobState(10, new Dictionary<string, int> { ["COMPLETED"] = 3 }, true).Active);
    }

    [Fact]
    public void Without_sbatch_submission_says_slurm_is_absent_and_a_dry_run_still_writes_the_scripts()
    {
        var dir = Directory.CreateTempSubdirectory("nitrolyte-noslurm-").FullName;
        try
        {
            var empty = Directory.CreateTempSubdirectory("nitrolyte-empty-path-").FullName;
            var client = new SlurmClient(searchPath: empty);
            Assert.False(client.Available);
            using var store = SqliteCampaignStore.Open(Path.Combine(dir, "campaign.db"));
            store.AddCandidates(Enumerable.Range(0, 5).Select(k => new CandidateRecord($"id{k}", "Li3N", "t", "{}", "")));
            var config = new CampaignConfig { Name = "t" };
            var e = Assert.Throws<NitrolyteInputException>(() =>
                SlurmSubmitter.Submit(dir, config, store, Cli, n => new SlurmSubmitOptions { Tasks = 2 }, dryRun: false, client));
            Assert.Contains("no sbatch on PATH", e.Message);
            Assert.False(Directory.Exists(Path.Combine(dir, "slurm")));
            var r = SlurmSubmitter.Submit(dir, config, store, Cli, n => new SlurmSubmitOptions { Tasks = 2 }, dryRun: true, client);
            Assert.Equal((2, 5, true), (r.Tasks, r.Pending, r.DryRun));
            Assert.Null(r.ArrayJobId);
            Assert.Contains("--array=0-1", File.ReadAllText(r.ArrayScript!));
            Assert.True(File.Exists(r.MergeScript));
            Directory.Delete(empty);
        }
        finally { Directory.Delete(dir, true); }
    }

    [SlurmFact]
    public void A_job_array_submitted_through_the_client_runs_to_completion_on_the_cluster()
    {
        TestServices.RequireSlurm();
        var dir = Directory.CreateTempSubdirectory("nitrolyte-slurm-client-").FullName;
        try
        {
            var script = Path.Combine(dir, "a.sh");
            File.WriteAllText(script, $"#!/bin/bash\n#SBATCH --array=0-3\n#SBATCH --output={dir}/%a.out\necho task $SLURM_ARRAY_TASK_ID > {dir}/done-$SLURM_ARRAY_TASK_ID\n");
            var client = new SlurmClient();
            long id = client.Submit(script);
            long after = client.Submit(script, afterAny: id);
            Assert.True(after > id);
            var deadline = DateTime.UtcNow.AddMinutes(5);
            IReadOnlyList<SlurmJobState> st;
            do { Thread.Sleep(500); st = client.States([id, after]); } while (st.Any(s => s.Active) && DateTime.UtcNow < deadline);
            Assert.All(st, s => Assert.False(s.Active, s.Summary));
            Assert.Equal(4, st[0].TasksByState.GetValueOrDefault("COMPLETED"));
            Assert.Equal(4, st[1].TasksByState.GetValueOrDefault("COMPLETED"));
            for (int k = 0; k < 4; k++) Assert.Equal($"task {k}\n", File.ReadAllText(Path.Combine(dir, $"done-{k}")));
            client.Cancel([id]); // finished: harmless
        }
        finally { Directory.Delete(dir, true); }
    }
}
