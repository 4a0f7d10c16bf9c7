namespace Nitrolyte.Screening;

/// <summary>What one Slurm array task sees of a SQLite campaign: the candidates of its fixed shard
/// (<see cref="ICampaignStore.PendingInShard"/> of the main store, read once at the start) that its own shard
/// database (<c>shards/shard-007.sqlite</c>) has no result for yet. Results go to the shard database only, so that
/// array tasks never write the same SQLite file; <see cref="ShardMerge"/> copies them into the main store later.
/// The worker runs on this store exactly as on the main one (one worker code path). One task owns a shard at a time.</summary>
public sealed class ShardCampaignStore : ICampaignStore
{
    public const string FolderName = "shards";

    private readonly ICampaignStore _main;
    private readonly SqliteCampaignStore _shard;
    private readonly Queue<CandidateRecord> _todo;
    private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    public int ShardIndex { get; }
    public int ShardCount { get; }
    public string ShardPath => _shard.Path;

    /// <summary>Opens shard <paramref name="index"/> of <paramref name="count"/> of the campaign in
    /// <paramref name="campaignFolder"/> whose main store is <paramref name="main"/> (which stays the caller's to dispose).</summary>
    public ShardCampaignStore(string campaignFolder, ICampaignStore main, int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
            throw new Core.NitrolyteInputException($"shard {index}/{count}: the index must be in 0..{count - 1}");
        _main = main;
        ShardIndex = index;
        ShardCount = count;
        var dir = Path.Combine(campaignFolder, FolderName);
        Directory.CreateDirectory(dir);
        _shard = SqliteCampaignStore.Open(PathFor(campaignFolder, index, count));
        var finished = new HashSet<string>(_shard.Results().Select(r => r.Id), StringComparer.Ordinal);
        var todo = main.PendingInShard(index, count).Where(c => !finished.Contains(c.Id)).ToList();
        _shard.AddCandidates(todo);
        _todo = new Queue<CandidateRecord>(todo);
    }

    /// <summary>shards/shard-003.sqlite (at least three digits, as many as the largest index needs).</summary>
    public static string PathFor(string campaignFolder, int index, int count)
    {
        int width = Math.Max(3, (count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
        return Path.Combine(campaignFolder, FolderName, $"shard-{index.ToString("D" + width, System.Globalization.CultureInfo.InvariantCulture)}.sqlite");
    }

    public int AddCandidates(IEnumerable<CandidateRecord> candidates) =>
        throw new InvalidOperationException("candidates are added to the campaign's main store, not to a shard");

    public IReadOnlyList<CandidateRecord> ClaimPending(string workerId, int max, TimeSpan lease)
    {
        lock (_lock)
        {
            var list = new List<CandidateRecord>();
            while (list.Count < max && _todo.Count > 0)
            {
                var c = _todo.Dequeue();
                _claimed.Add(c.Id);
                list.Add(c);
            }
            return list;
        }
    }

    /// <summary>This shard's remaining candidates, all handed out to the caller (they count as running until written).</summary>
    public IReadOnlyList<CandidateRecord> PendingInShard(int shardIndex, int shardCount) =>
        shardIndex == ShardIndex && shardCount == ShardCount
            ? Snapshot()
            : throw new InvalidOperationException($"this is shard {ShardIndex}/{ShardCount}, not {shardIndex}/{shardCount}");

    /// <summary>The whole queue, handed out at once (the worker's shard mode takes its list in one call).</summary>
    private IReadOnlyList<CandidateRecord> Snapshot()
    {
        lock (_lock)
        {
            var list = _todo.ToList();
            _todo.Clear();
            foreach (var c in list) _claimed.Add(c.Id);
            return list;
        }
    }

    public bool WriteResult(CandidateResult result)
    {
        bool wrote = _shard.WriteResult(result);
        lock (_lock) _claimed.Remove(result.Id);
        return wrote;
    }

    /// <summary>This shard's counts: done/failed in the shard database, pending = not yet claimed in this run,
    /// running = claimed and not yet written.</summary>
    public CampaignCounts Counts()
    {
        var n = _shard.Counts();
        lock (_lock)
            return new CampaignCounts(n.Done, n.Failed, _todo.Count, _claimed.Count, n.FailuresByReason);
    }

    public IReadOnlyList<CandidateResult> Results() => _shard.Results();
    public IReadOnlyList<CandidateRecord> Candidates() => _shard.Candidates();
    public string? GetConfig() => _main.GetConfig();
    public void SetConfig(string configJson) => throw new InvalidOperationException("a shard does not change the campaign's configuration");

    /// <summary>Nothing is held between runs (claims live in memory), so nothing is stale.</summary>
    public int ResetStaleRunning() => 0;

    /// <summary>Empties this run's queue (the worker stops after its current candidates).</summary>
    public int CancelPending() { lock (_lock) { int n = _todo.Count; _todo.Clear(); return n; } }

    public void Dispose() => _shard.Dispose();
}
