using System.Net;
using System.Net.Sockets;
using Nitrolyte.Core;
using Nitrolyte.Screening;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Screening;

/// <summary>The PostgreSQL campaign store against the test server (.ci/services.sh), each test in its own schema,
/// and its parity with the SQLite store.</summary>
public sealed class DistributedStoreTests
{
    private static CandidateRecord Cand(int k) =>
        new($"{k:x4}{k * 7919 % 65536:x4}", $"Li{k % 5 + 1}N", $"test:{k}", $"{{\"k\":{k}}}", k % 2 == 0 ? "" : "rule-odd");

    private static CandidateResult Done(string id, string worker = "w") =>
        new(id, CandidateStatus.Done, $"{{\"id_len\":{id.Length}}}", null, null, DateTime.UtcNow, DateTime.UtcNow, worker, "{\"ewald\":\"1\"}");

    private static CandidateResult Failed(string id, string reason) =>
        new(id, CandidateStatus.Failed, "{}", reason, $"{id}: {reason}", DateTime.UtcNow, DateTime.UtcNow, "w", "{}");

    private static PostgresCampaignStore OpenFresh() => PostgresCampaignStore.Open(TestServices.PostgresUrl(), "unused");

    [PostgresFact]
    public void Candidates_are_idempotent_by_id_and_results_are_written_once()
    {
        using var s = OpenFresh();
        try
        {
            Assert.Equal(10, s.AddCandidates(Enumerable.Range(0, 10).Select(Cand)));
            Assert.Equal(2, s.AddCandidates(Enumerable.Range(8, 4).Select(Cand)));
            Assert.Equal(12, s.Candidates().Count);
            Assert.Equal(s.Candidates().Select(c => c.Id).OrderBy(x => x, StringComparer.Ordinal), s.Candidates().Select(c => c.Id));
            Assert.Equal(Cand(0) with { }, s.Candidates().Single(c => c.Id == Cand(0).Id));

            var claimed = s.ClaimPending("w1", 5, TimeSpan.FromHours(1));
            Assert.Equal(5, claimed.Count);
            Assert.Equal(claimed.Select(c => c.Id).OrderBy(x => x, StringComparer.Ordinal), claimed.Select(c => c.Id));
            Assert.True(s.WriteResult(Done(claimed[0].Id)));
            Assert.False(s.WriteResult(Failed(claimed[0].Id, "bad_structure")));      // second write ignored
            Assert.True(s.WriteResult(Failed(claimed[1].Id, "missing_bv_parameter")));
            Assert.True(s.WriteResult(Failed(claimed[2].Id, "missing_bv_parameter")));
            Assert.True(s.WriteResult(Failed(claimed[3].Id, "bad_structure")));
            Assert.False(s.WriteResult(Done("no-such-candidate")));

            var n = s.Counts();
            Assert.Equal((1, 3, 7, 1), (n.Done, n.Failed, n.Pending, n.Running));
            Assert.Equal(12, n.Total);
            Assert.Equal(2, n.FailuresByReason["missing_bv_parameter"]);
            Assert.Equal(1, n.FailuresByReason["bad_structure"]);
            var results = s.Results();
            Assert.Equal(4, results.Count);
            Assert.Equal(CandidateStatus.Done, results.Single(r => r.Id == claimed[0].Id).Status);
            Assert.Equal($"{{\"id_len\":{claimed[0].Id.Length}}}", results.Single(r => r.Id == claimed[0].Id).DescriptorsJson);

            Assert.Null(s.GetConfig());
            s.SetConfig("{\"a\":1}");
            s.SetConfig("{\"a\":2}");
            Assert.Equal("{\"a\":2}", s.GetConfig());

            Assert.Equal(7, s.CancelPending());
            Assert.Empty(s.ClaimPending("w2", 100, TimeSpan.FromHours(1)));
            Assert.Equal(7, s.Counts().Cancelled);
            Assert.Equal(7, s.ResumeCancelled());
            Assert.Equal(1, s.ResetStaleRunning());
            Assert.Equal(8, s.Counts().Pending);
        }
        finally { s.DropSchema(); }
    }

    [PostgresFact]
    public void Concurrent_claims_from_many_connections_take_each_candidate_exactly_once()
    {
        var url = TestServices.PostgresUrl();
        using var setup = PostgresCampaignStore.Open(url, "unused");
        try
        {
            setup.AddCandidates(Enumerable.Range(0, 300).Select(Cand));
            var taken = new System.Collections.Concurrent.ConcurrentBag<(string Worker, string Id)>();
            // Six workers, each with its own store (own pool), claim small batches until nothing is left.
            Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, w =>
            {
                using var s = PostgresCampaignStore.Open(url, "unused");
                while (true)
                {
                    var batch = s.ClaimPending($"w{w}", 7, TimeSpan.FromHours(1));
                    if (batch.Count == 0) break;
                    foreach (var c in batch) { taken.Add(($"w{w}", c.Id)); s.WriteResult(Done(c.Id, $"w{w}")); }
                }
            });
            Assert.Equal(300, taken.Count);
            Assert.Equal(300, taken.Select(t => t.Id).Distinct().Count());
            var n = setup.Counts();
            Assert.Equal((300, 0, 0, 0), (n.Done, n.Failed, n.Pending, n.Running));
            // Each result names the worker that claimed the candidate.
            var byId = taken.ToDictionary(t => t.Id, t => t.Worker);
            Assert.All(setup.Results(), r => Assert.Equal(byId[r.Id], r.WorkerId));
        }
        finally { setup.DropSchema(); }
    }

    [PostgresFact]
    public void A_killed_workers_running_candidates_are_claimable_once_the_lease_has_expired()
    {
        using var s = OpenFresh();
        try
        {
            s.AddCandidates(Enumerable.Range(0, 6).Select(Cand));
            var all = s.Candidates();
            // Worker A "died" holding two candidates: one lease ended an hour ago, one ends in an hour.
            s.ForceRunning(all[0].Id, "dead", DateTime.UtcNow.AddHours(-1));
            s.ForceRunning(all[1].Id, "alive", DateTime.UtcNow.AddHours(1));
            var got = s.ClaimPending("b", 100, TimeSpan.FromHours(1));
            Assert.Equal(5, got.Count);
            Assert.Contains(got, c => c.Id == all[0].Id);
            Assert.DoesNotContain(got, c => c.Id == all[1].Id);
            // Held with a live lease, nothing is claimable now.
            Assert.Empty(s.ClaimPending("c", 100, TimeSpan.FromHours(1)));
            // The expired one is also in its shard's pending list; the live one is not.
            Assert.Equal(6, s.Counts().Running);
        }
        finally { s.DropSchema(); }
    }

    [PostgresFact]
    public void Shards_and_results_agree_with_the_sqlite_store()
    {
        var dir = Directory.CreateTempSubdirectory("nitrolyte-pg-parity-").FullName;
        using var pg = OpenFresh();
        using var lite = SqliteCampaignStore.Open(Path.Combine(dir, "campaign.db"));
        try
        {
            var cands = Enumerable.Range(0, 23).Select(Cand).ToList();
            foreach (ICampaignStore s in new ICampaignStore[] { pg, lite })
            {
                s.AddCandidates(cands);
                foreach (var c in cands.Where((_, k) => k % 4 == 0)) s.WriteResult(Done(c.Id));
                foreach (var c in cands.Where((_, k) => k % 9 == 1)) s.WriteResult(Failed(c.Id, "bad_structure"));
            }
            for (int i = 0; i < 5; i++)
                Assert.Equal(lite.PendingInShard(i, 5).Select(c => c.Id), pg.PendingInShard(i, 5).Select(c => c.Id));
            Assert.Equal(cands.Count(c => true) - 6 - 3, Enumerable.Range(0, 5).Sum(i => pg.PendingInShard(i, 5).Count));
            Assert.Equal(lite.Candidates(), pg.Candidates());
            Assert.Equal(lite.Results().Select(r => (r.Id, r.Status, r.DescriptorsJson, r.ErrorReason)),
                         pg.Results().Select(r => (r.Id, r.Status, r.DescriptorsJson, r.ErrorReason)));
            var (a, b) = (lite.Counts(), pg.Counts());
            Assert.Equal((a.Done, a.Failed, a.Pending), (b.Done, b.Failed, b.Pending));
            Assert.Equal(a.FailuresByReason, b.FailuresByReason);
            Assert.Throws<NitrolyteInputException>(() => pg.PendingInShard(5, 5));
        }
        finally { pg.DropSchema(); Directory.Delete(dir, true); }
    }

    [Fact]
    public void An_unreachable_server_is_one_line_naming_host_and_port()
    {
        int port = FreePort();
        var e = Assert.Throws<NitrolyteInputException>(() =>
            PostgresCampaignStore.Open($"postgresql://nobody:secret@127.0.0.1:{port}/nodb?connect_timeout=3", "c"));
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("cannot connect", e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("postgresql://u@h:5433/db?schema=abc", "h", 5433, "db", "abc")]
    [InlineData("postgres://u:p%40ss@h/db", "h", 5432, "db", "nitrolyte_li3n_doping")]
    [InlineData("postgresql://u@[::1]:6000/db", "::1", 6000, "db", "nitrolyte_li3n_doping")]
    public void Urls_are_read_like_libpq(string url, string host, int port, string db, string schema)
    {
        var l = PostgresLocation.Parse(url, "Li3N-doping");
        Assert.Equal((host, port, db, schema), (l.Host, l.Port, l.Database, l.Schema));
        Assert.DoesNotContain("p@ss", l.Display);
    }

    [Theory]
    [InlineData("postgresql://u@h/db?schema=Bad-Name")]
    [InlineData("postgresql://u@h/db?frobnicate=1")]
    [InlineData("postgresql://u@h/db?sslmode=sometimes")]
    [InlineData("postgresql://u@h:port/db")]
    public void Bad_urls_are_refused_with_a_message(string url)
    {
        var e = Assert.Throws<NitrolyteInputException>(() => PostgresLocation.Parse(url, "c"));
        Assert.StartsWith("postgresql://", e.Message);
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
