using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nitrolyte.Core;

namespace Nitrolyte.Web;

/// <summary>
/// Long work started from the page as background jobs (the series fit, an evaluate run): the page starts one, polls
/// its progress (the library's own progress messages, e.g. SeriesFitter's "fitted 3/7: file") and may cancel it. One
/// running job of a kind per server (= per workspace); a second start is refused with 409. Cancellation takes effect
/// at the next progress message: the step under way finishes first. The work itself decides what a cancelled job
/// leaves behind (a fit writes nothing; evaluate writes through a staging folder it deletes).
/// </summary>
/// <param name="kind">short name in the JSON and the log ("series", "evaluate")</param>
/// <param name="noun">what one job is called in messages ("series fit", "evaluate run")</param>
public sealed class BackgroundJobs(string kind, string noun, ILogger log, Action<string>? progressHook = null)
{
    public const int MaxKeptJobs = 20;

    public sealed class Job
    {
        public required string Id { get; init; }
        public required string Kind { get; init; }
        /// <summary>Extra keys shown with the job (e.g. the manifest an evaluate run reads).</summary>
        public JsonObject Info { get; init; } = [];
        public DateTimeOffset StartedUtc { get; } = DateTimeOffset.UtcNow;
        public DateTimeOffset? EndedUtc { get; set; }
        public volatile string State = "running"; // running, done, failed, cancelled
        public string? Error { get; set; }
        public JsonObject? Result { get; set; }
        public List<string> Messages { get; } = [];
        public CancellationTokenSource Cancel { get; } = new();
        public Task? Task { get; set; }

        /// <summary>Adds a message without a cancellation check (e.g. a warning after the work is complete).</summary>
        public void Note(string message) { lock (Messages) Messages.Add(message); }
    }

    private readonly ConcurrentDictionary<string, Job> jobs = new();
    private readonly Lock startLock = new();

    /// <summary>Starts <paramref name="work"/> (which reports progress to the given sink, and may add notes to its
    /// job); refused (409) while a job of this kind runs.</summary>
    public Job Start(Func<Job, IProgress<string>, JsonObject> work, JsonObject? info = null)
    {
        lock (startLock)
        {
            if (jobs.Values.FirstOrDefault(j => j.State == "running") is { } busy)
                throw new WorkspacePathException($"{("aeiou".Contains(noun[0]) ? "an" : "a")} {noun} is already under way ({busy.Id}); wait for it or cancel it", 409);
            var job = new Job { Id = Guid.NewGuid().ToString("N")[..12], Kind = kind, Info = info ?? [] };
            foreach (var old in jobs.Values.Where(j => j.State != "running").OrderBy(j => j.StartedUtc).SkipLast(MaxKeptJobs - 1).ToList())
                jobs.TryRemove(old.Id, out _);
            jobs[job.Id] = job;
            job.Task = Task.Run(() => Run(job, work));
            log.LogInformation("{Kind} job {Id} started", kind, job.Id);
            return job;
        }
    }

    /// <summary>The most recent job of this kind, or null.</summary>
    public Job? Latest() => jobs.Values.OrderByDescending(j => j.StartedUtc).FirstOrDefault();

    public Job Get(string id) => jobs.TryGetValue(id, out var j) ? j : throw new WorkspacePathException($"no {noun} {id}", 404);

    public Job CancelJob(string id)
    {
        var j = Get(id);
        if (j.State == "running") { j.Cancel.Cancel(); log.LogInformation("{Kind} job {Id}: cancel requested", kind, id); }
        return j;
    }

    private void Run(Job job, Func<Job, IProgress<string>, JsonObject> work)
    {
        var token = job.Cancel.Token;
        try
        {
            var progress = new SyncProgress(msg =>
            {
                job.Note(msg);
                progressHook?.Invoke(msg);
                token.ThrowIfCancellationRequested();
            });
            token.ThrowIfCancellationRequested();
            var result = work(job, progress);
            job.Result = result;
            job.State = "done";
            log.LogInformation("{Kind} job {Id} done", kind, job.Id);
        }
        catch (OperationCanceledException)
        {
            job.State = "cancelled";
            log.LogInformation("{Kind} job {Id} cancelled", kind, job.Id);
        }
        catch (Exception e)
        {
            bool known = e is NitrolyteFormatException or NitrolyteInputException or BadRequestException or IOException or WorkspacePathException;
            job.Error = known ? e.Message : $"internal error: {e.GetType().Name}: {e.Message}";
            if (known) log.LogWarning("{Kind} job {Id} failed: {Message}", kind, job.Id, e.Message);
            else log.LogError(e, "{Kind} job {Id} failed", kind, job.Id);
            job.State = "failed";
        }
        finally { job.EndedUtc = DateTimeOffset.UtcNow; }
    }

    public static JsonObject ToJson(Job j)
    {
        string[] msgs;
        lock (j.Messages) msgs = [.. j.Messages];
        var state = j.State; // read once: result and state agree
        var o = new JsonObject
        {
            ["id"] = j.Id, ["kind"] = j.Kind, ["state"] = state, ["started_utc"] = j.StartedUtc.ToString("O"),
            ["elapsed_s"] = Math.Round(((j.EndedUtc ?? DateTimeOffset.UtcNow) - j.StartedUtc).TotalSeconds, 2),
            ["steps_done"] = msgs.Length, ["messages"] = new JsonArray(msgs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            ["error"] = j.Error, ["result"] = state == "done" ? j.Result?.DeepClone() : null,
        };
        foreach (var (k, v) in j.Info) o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>Reports synchronously on the worker thread, so that a cancellation thrown here stops the work.</summary>
    private sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
