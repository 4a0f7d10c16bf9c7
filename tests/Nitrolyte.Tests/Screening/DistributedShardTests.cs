using Nitrolyte.Screening;

namespace Nitrolyte.Tests.Screening;

/// <summary>SQLite shards of Slurm array tasks: a task sees its fixed shard minus what its shard file already holds,
/// writes only its shard file, and merging copies each result into the main store once.</summary>
public sealed class DistributedShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nitrolyte-shards-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    private static CandidateRecord Cand(int k) => new($"c{k * 37 % 101:d3}-{k:d3}", "Li3N", $"t:{k}", "{}", "");
    private static CandidateResult Result(string id, string w) =>
        new(id, CandidateStatus.Done, $"{{\"len\":{id.Length}}}", null, null, DateTime.UtcNow, DateTime.UtcNow, w, "{}");

    [Fact]
    public void Shards_partition_the_pending_candidates_and_a_rerun_does_only_what_is_missing()
    {
        using var main = SqliteCampaignStore.Open(Path.Combine(_dir, "campaign.db"));
        main.AddCandidates(Enumerable.Range(0, 23).Select(Cand));
        var seen = new List<string>();
        for (int i = 0; i < 4; i++)
        {
            using var shard = new ShardCampaignStore(_dir, main, i, 4);
            var todo = shard.PendingInShard(i, 4);
            Assert.Equal(main.PendingInShard(i, 4).Select(c => c.Id), todo.Select(c => c.Id));
            // Shard 1 is "killed" after two results; the others finish.
            foreach (var c in i == 1 ? todo.Take(2) : todo) Assert.True(shard.WriteResult(Result(c.Id, $"task{i}")));
            seen.AddRange(todo.Select(c => c.Id));
            Assert.True(File.Exists(ShardCampaignStore.PathFor(_dir, i, 4)));
        }
        Assert.Equal(23, seen.Distinct().Count());
        Assert.Equal(0, main.Counts().Done); // tasks never write the main store

        var m = ShardMerge.Merge(_dir, main);
        Assert.Equal(4, m.ShardsRead);
        int missing = main.PendingInShard(1, 4).Count;
        Assert.Equal(23 - missing, m.Written);
        Assert.Equal(23 - missing, main.Counts().Done);
        Assert.True(missing > 0);
        Assert.Equal(0, ShardMerge.Unmerged(_dir, main));

        // The rerun of shard 1 sees only its missing candidates (its file already has the two).
        using (var rerun = new ShardCampaignStore(_dir, main, 1, 4))
        {
            Assert.Equal(missing, rerun.Counts().Pending);
            var claimed = rerun.ClaimPending("x", 100, TimeSpan.FromHours(1));
            Assert.Equal(missing, claimed.Count);
            Assert.Equal(main.PendingInShard(1, 4).Where(c => claimed.Any(k => k.Id == c.Id)).Select(c => c.Id), claimed.Select(c => c.Id));
            Assert.Empty(rerun.ClaimPending("x", 100, TimeSpan.FromHours(1)));
            Assert.Empty(rerun.PendingInShard(1, 4));
            Assert.Equal((0, missing), (rerun.Counts().Pending, rerun.Counts().Running));
            foreach (var c in claimed) rerun.WriteResult(Result(c.Id, "task1-again"));
            Assert.Equal(missing, ShardMerge.Unmerged(_dir, main));
        }
        var again = ShardMerge.Merge(_dir, main);
        Assert.Equal(missing, again.Written);
        Assert.Equal(23 - missing, again.AlreadyPresent);
        var n = main.Counts();
        Assert.Equal((23, 0, 0), (n.Done, n.Pending, n.Running));
        Assert.Equal(23, main.Results().Select(r => r.Id).Distinct().Count());
        Assert.Equal(0, ShardMerge.Merge(_dir, main).Written); // idempotent
    }

    [Fact]
    public void Shard_file_names_sort_in_index_order()
    {
        Assert.EndsWith(Path.Combine("shards", "shard-007.sqlite"), ShardCampaignStore.PathFor(_dir, 7, 20));
        Assert.EndsWith(Path.Combine("shards", "shard-0042.sqlite"), ShardCampaignStore.PathFor(_dir, 42, 5000));
        Assert.Throws<Nitrolyte.Core.NitrolyteInputException>(() => new ShardCampaignStore(_dir, SqliteCampaignStore.Open(Path.Combine(_dir, "x.db")), 4, 4));
    }
}
