using Nitrolyte.Screening;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

public class ScreeningWorkerTests
{
    private const string RulesYamlText = """
        parent: Li2S
        rules:
          - name: n-for-s
            substitute: {from: S, to: N}
            x: [0, 0.25, 0.5]
            compensate: {by: interstitial, element: Li, site: {label: Li24e, position: [0.28, 0, 0]}}
            lattice_a: [5.554, 5.719]
          - name: mg-li3n
            substitute: {from: Li, to: Mg, sites: [Li2]}
            x: [0.5]
            compensate: {by: vacancy, element: Li, sites: [Li1]}
        """;

    /// <summary>A small campaign: six Li2+xNxS1-x candidates (done) plus Mg-doped Li3N ones whose BVSE data are missing (failed).</summary>
    private static List<CandidateRecord> Candidates(TempDir tmp)
    {
        File.WriteAllText(tmp.File("li2s.yaml"), RulesYamlText.Replace("  - name: mg-li3n", "#").Split("#")[0]);
        File.WriteAllText(tmp.File("li3n.yaml"), "parent: alpha-Li3N\nrules:\n  - name: mg-li3n" + RulesYamlText.Split("  - name: mg-li3n")[1]);
        var list = new List<CandidateRecord>();
        foreach (var f in new[] { "li2s.yaml", "li3n.yaml" })
            foreach (var g in RuleGenerator.Expand(RulesYaml.Read(tmp.File(f))))
                list.Add(CandidateSources.FromStructure(g.Structure, f, g.RuleText));
        return list;
    }

    private static CampaignConfig Config => new() { BvseGridA = 0.5, Descriptors = DescriptorSet.Default };

    private static SqliteCampaignStore Store(TempDir tmp, string name, IEnumerable<CandidateRecord> candidates)
    {
        var s = SqliteCampaignStore.Open(tmp.File(name));
        s.AddCandidates(candidates);
        return s;
    }

    [Fact]
    public void OneAndTwoJobsGiveBitIdenticalDescriptors()
    {
        using var tmp = new TempDir();
        var cands = Candidates(tmp);
        using var a = Store(tmp, "a.db", cands);
        using var b = Store(tmp, "b.db", cands);
        new ScreeningWorker(a, Config, "w1").Run(WorkerMode.Claim, 1);
        new ScreeningWorker(b, Config, "w2").Run(WorkerMode.Claim, 2);
        var ra = a.Results();
        var rb = b.Results();
        Assert.Equal(cands.Count, ra.Count);
        Assert.Equal(ra.Select(r => r.Id), rb.Select(r => r.Id));
        foreach (var (x, y) in ra.Zip(rb))
        {
            Assert.Equal(x.Status, y.Status);
            Assert.Equal(x.DescriptorsJson, y.DescriptorsJson);
            Assert.Equal(x.ErrorReason, y.ErrorReason);
        }
        Assert.Equal(6, ra.Count(r => r.Status == CandidateStatus.Done));
        Assert.All(ra.Where(r => r.Status == CandidateStatus.Failed), r => Assert.Equal("missing_bv_parameter", r.ErrorReason));
        var counts = a.Counts();
        Assert.Equal(cands.Count - 6, counts.FailuresByReason["missing_bv_parameter"]);
        Assert.Equal(0, counts.Pending);
    }

    [Fact]
    public void AKilledRunResumesWithEveryCandidateDoneExactlyOnce()
    {
        using var tmp = new TempDir();
        var cands = Candidates(tmp);
        using var reference = Store(tmp, "ref.db", cands);
        new ScreeningWorker(reference, Config, "ref").Run(WorkerMode.Claim, 1);

        using var store = Store(tmp, "kill.db", cands);
        // the "kill": the worker stops after 3 candidates, leaving the rest of its claimed batch 'running'
        // (one thread claims a batch of ClaimBatchPerThread: after the third result, the rest of that batch is claimed
        // and never written)
        var first = new ScreeningWorker(store, Config, "dead") { MaxCandidates = 3 }.Run(WorkerMode.Claim, 1);
        Assert.True(first.Stopped);
        var mid = store.Counts();
        Assert.Equal(3, mid.Done + mid.Failed);
        Assert.True(cands.Count > 3);
        Assert.Equal(Math.Min(cands.Count, ScreeningWorker.ClaimBatchPerThread) - 3, mid.Running);
        // a worker that does not reset sees nothing claimable while the leases run
        var blocked = new ScreeningWorker(store, Config, "other").Run(WorkerMode.Claim, 1);
        Assert.Equal(mid.Pending, blocked.Done + blocked.Failed);
        Assert.True(store.Counts().Running > 0);
        // the local resume: stale 'running' back to pending, then finish
        Assert.Equal(store.Counts().Running, store.ResetStaleRunning());
        new ScreeningWorker(store, Config, "resume").Run(WorkerMode.Claim, 2);
        var results = store.Results();
        Assert.Equal(cands.Count, results.Count);
        Assert.Equal(results.Count, results.Select(r => r.Id).Distinct().Count());
        Assert.Equal(reference.Results().Select(r => (r.Id, r.DescriptorsJson)), results.Select(r => (r.Id, r.DescriptorsJson)));
        var c = store.Counts();
        Assert.Equal(0, c.Pending + c.Running);
    }

    [Fact]
    public void AnExpiredLeaseIsClaimedAgainAndAFreshOneIsNot()
    {
        using var tmp = new TempDir();
        var cands = Candidates(tmp).Take(3).ToList();
        using var store = Store(tmp, "lease.db", cands);
        store.ForceRunning(cands[0].Id, "killed-long-ago", DateTime.UtcNow.AddMinutes(-1));
        store.ForceRunning(cands[1].Id, "still-alive", DateTime.UtcNow.AddHours(1));
        var s = new ScreeningWorker(store, Config, "w").Run(WorkerMode.Claim, 1);
        Assert.Equal(2, s.Done + s.Failed);
        var ids = store.Results().Select(r => r.Id).ToHashSet();
        Assert.Contains(cands[0].Id, ids);
        Assert.DoesNotContain(cands[1].Id, ids);
        Assert.Equal(1, store.Counts().Running);
    }

    [Fact]
    public void ShardsPartitionTheCandidatesAndGiveTheSameResults()
    {
        using var tmp = new TempDir();
        var cands = Candidates(tmp);
        using var store = Store(tmp, "shard.db", cands);
        var shards = Enumerable.Range(0, 3).Select(i => store.PendingInShard(i, 3).Select(c => c.Id).ToList()).ToList();
        Assert.Equal(cands.Select(c => c.Id).Order(StringComparer.Ordinal), shards.SelectMany(x => x).Order(StringComparer.Ordinal));
        for (int i = 0; i < 3; i++) new ScreeningWorker(store, Config, $"shard{i}").Run(WorkerMode.Shard(i, 3), 1);
        // a rerun of a finished shard finds nothing
        Assert.Empty(store.PendingInShard(1, 3));
        using var reference = Store(tmp, "ref.db", cands);
        new ScreeningWorker(reference, Config, "ref").Run(WorkerMode.Claim, 2);
        Assert.Equal(reference.Results().Select(r => (r.Id, r.DescriptorsJson)), store.Results().Select(r => (r.Id, r.DescriptorsJson)));
    }

    [Fact]
    public void AResultIsWrittenOnceAndCandidatesAreAddedOnce()
    {
        using var tmp = new TempDir();
        var cands = Candidates(tmp).Take(2).ToList();
        using var store = Store(tmp, "once.db", cands);
        Assert.Equal(0, store.AddCandidates(cands));
        var t = DateTime.UtcNow;
        Assert.True(store.WriteResult(new CandidateResult(cands[0].Id, CandidateStatus.Done, "{\"a\":1}", null, null, t, t, "w", "{}")));
        Assert.False(store.WriteResult(new CandidateResult(cands[0].Id, CandidateStatus.Done, "{\"a\":2}", null, null, t, t, "w2", "{}")));
        var r = Assert.Single(store.Results());
        Assert.Equal("{\"a\":1}", r.DescriptorsJson);
        Assert.Equal(1, store.Counts().Done);
        Assert.Equal(1, store.Counts().Pending);
    }
}
