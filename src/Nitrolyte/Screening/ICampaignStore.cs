namespace Nitrolyte.Screening;

/// <summary>One candidate of a campaign: its stable id (hash of canonical structure + rule), its formula, where it
/// came from (file path or rule description), its structure as pymatgen-style JSON (<see cref="CandidateStructureJson"/>)
/// and the rule that made it ("" for a read file).</summary>
public sealed record CandidateRecord(string Id, string Formula, string Source, string StructureJson, string RuleDescription);

/// <summary>Status strings used by the stores.</summary>
public static class CandidateStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>The outcome of one candidate, written once. <paramref name="Status"/> is "done" or "failed";
/// <paramref name="DescriptorsJson"/> is a JSON object of descriptor values (snake_case, unit suffixes) for done
/// ones; <paramref name="ErrorReason"/> a short machine token (missing_bv_parameter, bad_structure, ...) and
/// <paramref name="ErrorMessage"/> the one-line message for failed ones; <paramref name="DescriptorVersions"/> a JSON
/// object naming each descriptor's version (provenance).</summary>
public sealed record CandidateResult(
    string Id,
    string Status,
    string DescriptorsJson,
    string? ErrorReason,
    string? ErrorMessage,
    DateTime StartedUtc,
    DateTime FinishedUtc,
    string WorkerId,
    string DescriptorVersions);

/// <summary>Counts of a campaign's candidates by status, plus failed ones by reason.</summary>
public sealed record CampaignCounts(int Done, int Failed, int Pending, int Running, IReadOnlyDictionary<string, int> FailuresByReason)
{
    public int Cancelled { get; init; }
    public int Total => Done + Failed + Pending + Running + Cancelled;
}

/// <summary>Where a campaign's candidates and results live (SQLite in the campaign folder, or a shared PostgreSQL).
/// Every method is safe to call from several threads of one process (implementations serialise as needed) and,
/// for a server store, from several processes.</summary>
public interface ICampaignStore : IDisposable
{
    /// <summary>Adds candidates as pending; an id already present (any status) is left untouched. Returns how many were new.</summary>
    int AddCandidates(IEnumerable<CandidateRecord> candidates);

    /// <summary>Atomically takes up to <paramref name="max"/> pending candidates (or running ones whose lease expired),
    /// marks them running by <paramref name="workerId"/> with a lease ending now + <paramref name="lease"/>, and returns
    /// them ordered by id.</summary>
    IReadOnlyList<CandidateRecord> ClaimPending(string workerId, int max, TimeSpan lease);

    /// <summary>The pending (or running with expired lease) candidates of shard <paramref name="shardIndex"/> of
    /// <paramref name="shardCount"/>: candidates are sorted by id and candidate k belongs to shard k mod shardCount
    /// (deterministic, independent of status, so a rerun shard sees the same set minus finished ones). Not claimed.</summary>
    IReadOnlyList<CandidateRecord> PendingInShard(int shardIndex, int shardCount);

    /// <summary>Writes a result in one transaction. A candidate already done or failed keeps its first result
    /// (the second write is ignored, returns false). Returns true when this call wrote it.</summary>
    bool WriteResult(CandidateResult result);

    CampaignCounts Counts();

    /// <summary>All results (done and failed) ordered by id.</summary>
    IReadOnlyList<CandidateResult> Results();

    /// <summary>All candidates ordered by id.</summary>
    IReadOnlyList<CandidateRecord> Candidates();

    /// <summary>The campaign options JSON (<see cref="CampaignConfig"/> serialised), or null before the first Set.</summary>
    string? GetConfig();

    void SetConfig(string configJson);

    /// <summary>Marks every running candidate pending again (a local store at the start of a run: no other worker
    /// can hold them). Returns how many.</summary>
    int ResetStaleRunning();

    /// <summary>Marks every pending candidate cancelled (workers then find nothing to do). Returns how many.</summary>
    int CancelPending();
}
