using System.Diagnostics;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Screening;

/// <summary>Which candidates a worker takes: claimed from the store in batches with a lease (local runs and
/// PostgreSQL workers), or a fixed shard i of n by id (SQLite array tasks).</summary>
public sealed record WorkerMode
{
    public int? ShardIndex { get; init; }
    public int? ShardCount { get; init; }
    public bool IsShard => ShardCount is not null;
    public static WorkerMode Claim { get; } = new();
    public static WorkerMode Shard(int index, int count) => new() { ShardIndex = index, ShardCount = count };
    public override string ToString() => IsShard ? $"shard {ShardIndex}/{ShardCount}" : "claim";
}

/// <summary>Progress of a worker: candidates finished by this worker so far (done, failed) and the number it had to do
/// when it started (claim mode: the pending count at start).</summary>
public readonly record struct WorkerProgress(int Done, int Failed, int Total, TimeSpan Elapsed);

/// <summary>What one worker run did.</summary>
public sealed record WorkerSummary(int Done, int Failed, int Skipped, bool Stopped, TimeSpan Elapsed);

/// <summary>
/// The one worker code path of a campaign (issue 17): takes candidates from an <see cref="ICampaignStore"/> (claim or
/// shard), computes their descriptors on up to <c>jobs</c> threads, and writes each result once. A per-candidate
/// failure is written as a failed result with its reason and never stops the others. Cancellation (Ctrl+C, the
/// stop flag, or a limit) is checked between candidates: a candidate is either written completely or not at all, and
/// claimed but unwritten ones return to pending (local reset or lease expiry).
/// </summary>
public sealed class ScreeningWorker
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(30);
    private readonly ICampaignStore _store;
    private readonly CampaignConfig _config;
    private readonly string _workerId;
    private readonly IReadOnlyList<Entry>? _entries;
    private readonly string _versionsJson;

    public ScreeningWorker(ICampaignStore store, CampaignConfig config, string workerId, IReadOnlyList<Entry>? entries = null)
    {
        _store = store;
        _config = config;
        _workerId = workerId;
        _entries = entries;
        var v = new JsonObject();
        foreach (var d in config.Descriptors) v[d] = config.DescriptorVersions.TryGetValue(d, out var ver) ? ver : DescriptorSet.Versions.GetValueOrDefault(d, "?");
        v["bvse_grid_a"] = config.BvseGridA;
        v["mobile_ion"] = config.MobileIon;
        _versionsJson = v.ToJsonString();
    }

    public TimeSpan Lease { get; init; } = DefaultLease;
    /// <summary>Stop after this many candidates have been written by this worker (tests: a kill midway).</summary>
    public int? MaxCandidates { get; init; }
    /// <summary>Checked between candidates (the stop flag of 'screen cancel').</summary>
    public Func<bool>? StopRequested { get; init; }

    /// <summary>Candidates claimed per worker thread at a time: a claim per few candidates keeps the store out of the
    /// way (with 2 per thread, small candidates on 2 threads ran slower than on 1); a killed worker leaves at most this
    /// many per thread 'running' until their lease ends.</summary>
    public const int ClaimBatchPerThread = 8;

    public WorkerSummary Run(WorkerMode mode, int jobs, CancellationToken cancel = default, IProgress<WorkerProgress>? progress = null)
    {
        if (jobs < 1) throw new ArgumentOutOfRangeException(nameof(jobs));
        var sw = Stopwatch.StartNew();
        int done = 0, failed = 0, skipped = 0, written = 0;
        bool stopped = false;
        int total = mode.IsShard ? 0 : _store.Counts().Pending;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        bool ShouldStop() => limit.IsCancellationRequested || (StopRequested?.Invoke() ?? false);

        void Process(CandidateRecord c)
        {
            if (ShouldStop()) { stopped = true; return; }
            var r = Describe(c);
            if (_store.WriteResult(r))
            {
                if (r.Status == CandidateStatus.Done) Interlocked.Increment(ref done); else Interlocked.Increment(ref failed);
                if (MaxCandidates is { } max && Interlocked.Increment(ref written) >= max) limit.Cancel();
            }
            else Interlocked.Increment(ref skipped);
            progress?.Report(new WorkerProgress(Volatile.Read(ref done), Volatile.Read(ref failed), total, sw.Elapsed));
        }

        var po = new ParallelOptions { MaxDegreeOfParallelism = jobs };
        if (mode.IsShard)
        {
            var list = _store.PendingInShard(mode.ShardIndex!.Value, mode.ShardCount!.Value);
            total = list.Count;
            Parallel.ForEach(list, po, (c, state) => { Process(c); if (ShouldStop()) { stopped = true; state.Stop(); } });
        }
        else
        {
            int batch = Math.Max(1, jobs * ClaimBatchPerThread);
            while (!ShouldStop())
            {
                var claimed = _store.ClaimPending(_workerId, batch, Lease);
                if (claimed.Count == 0) break;
                Parallel.ForEach(claimed, po, (c, state) => { Process(c); if (ShouldStop()) { stopped = true; state.Stop(); } });
            }
        }
        stopped |= ShouldStop();
        return new WorkerSummary(done, failed, skipped, stopped, sw.Elapsed);
    }

    /// <summary>The result of one candidate (never throws for bad input: a failure is a failed result).</summary>
    public CandidateResult Describe(CandidateRecord c)
    {
        var started = DateTime.UtcNow;
        string status = CandidateStatus.Done, descriptors = "{}";
        string? reason = null, message = null;
        try
        {
            if (c.StructureJson.Length == 0)
                throw new CandidateFailure("bad_structure_file", c.RuleDescription.StartsWith(CandidateSources.UnreadablePrefix, StringComparison.Ordinal)
                    ? c.RuleDescription[CandidateSources.UnreadablePrefix.Length..] : $"{c.Source}: no structure");
            Structures.Structure s;
            try { s = CandidateStructureJson.FromJson(c.StructureJson, c.Source); }
            catch (NitrolyteFormatException e) { throw new CandidateFailure("bad_structure", e.Message, e); }
            descriptors = CandidateDescriptors.Compute(s, _config, _entries).ToJsonString();
        }
        catch (CandidateFailure f) { status = CandidateStatus.Failed; reason = f.Reason; message = f.Message; }
        catch (NitrolyteInputException e) { status = CandidateStatus.Failed; reason = CandidateDescriptors.Classify(e.Message); message = e.Message; }
        catch (NitrolyteFormatException e) { status = CandidateStatus.Failed; reason = "bad_structure"; message = e.Message; }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException or IndexOutOfRangeException or OutOfMemoryException)
        {
            status = CandidateStatus.Failed; reason = "internal_error"; message = $"{e.GetType().Name}: {e.Message}";
        }
        if (status == CandidateStatus.Failed) descriptors = "{}";
        return new CandidateResult(c.Id, status, descriptors, reason, message?.ReplaceLineEndings(" "), started, DateTime.UtcNow, _workerId, _versionsJson);
    }
}
