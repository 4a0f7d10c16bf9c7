using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Reports;

namespace Nitrolyte.Web;

/// <summary>
/// `evaluate` on the workspace manifest from the page, as a background job: the page starts it, polls its progress
/// (the pipeline's own progress messages) and may cancel it. The run is the CLI's: <see cref="EvaluationPipeline"/>,
/// <see cref="HtmlReportWriter"/>, <see cref="JsonReportWriter"/>, written through a staging folder that replaces
/// <c>reports/</c> in the workspace as a whole (as `nitrolyte evaluate FOLDER --out FOLDER/reports` does). One run at a
/// time per server. Cancellation takes effect at the next progress message (between analyses, and before the BVSE
/// grid): the analysis under way finishes first, and a cancelled run leaves the previous report untouched.
/// </summary>
public sealed class EvaluateJobs(Workspace workspace, ILogger log, IReadOnlyList<IEvaluationStep>? steps = null)
{
    public const string OutputFolder = "reports";
    public const int MaxKeptJobs = 20;

    public sealed class Job
    {
        public required string Id { get; init; }
        public required string Manifest { get; init; }
        public DateTimeOffset StartedUtc { get; } = DateTimeOffset.UtcNow;
        public DateTimeOffset? EndedUtc { get; set; }
        public string State { get; set; } = "running"; // running, done, failed, cancelled
        public string? Error { get; set; }
        public JsonObject? Result { get; set; }
        public List<string> Messages { get; } = [];
        public CancellationTokenSource Cancel { get; } = new();
        public Task? Task { get; set; }
    }

    private readonly ConcurrentDictionary<string, Job> jobs = new();
    private readonly Lock startLock = new();

    /// <summary>Starts a run; refused (409) while another is under way.</summary>
    public Job Start()
    {
        var manifestPath = workspace.ManifestPath ?? throw new BadRequestException("the workspace has no manifest.yaml: evaluate needs one (see docs/evaluate.md)");
        lock (startLock)
        {
            if (jobs.Values.FirstOrDefault(j => j.State == "running") is { } busy)
                throw new WorkspacePathException($"an evaluate run is already under way ({busy.Id}); wait for it or cancel it", 409);
            var job = new Job { Id = Guid.NewGuid().ToString("N")[..12], Manifest = workspace.Relative(manifestPath) };
            foreach (var old in jobs.Values.Where(j => j.State != "running").OrderBy(j => j.StartedUtc).SkipLast(MaxKeptJobs - 1).ToList())
                jobs.TryRemove(old.Id, out _);
            jobs[job.Id] = job;
            job.Task = Task.Run(() => Run(job, manifestPath));
            log.LogInformation("evaluate {Id} started on {Manifest}", job.Id, job.Manifest);
            return job;
        }
    }

    /// <summary>The most recent run, or null.</summary>
    public Job? Latest() => jobs.Values.OrderByDescending(j => j.StartedUtc).FirstOrDefault();

    public Job Get(string id) => jobs.TryGetValue(id, out var j) ? j : throw new WorkspacePathException($"no evaluate run {id}", 404);

    public Job CancelJob(string id)
    {
        var j = Get(id);
        if (j.State == "running") { j.Cancel.Cancel(); log.LogInformation("evaluate {Id}: cancel requested", id); }
        return j;
    }

    private void Run(Job job, string manifestPath)
    {
        var token = job.Cancel.Token;
        string? staging = null;
        try
        {
            var m = Manifest.Load(manifestPath);
            var dir = Path.Combine(workspace.Root, OutputFolder);
            OutputGuard.EnsureFolderHoldsNoInput(dir, "reports folder", m.InputFiles);
            staging = ReportFolder.CreateStaging(dir);
            var progress = new CancellableProgress(msg =>
            {
                lock (job.Messages) job.Messages.Add(msg);
                token.ThrowIfCancellationRequested();
            });
            token.ThrowIfCancellationRequested();
            var report = EvaluationPipeline.Evaluate(m, staging, progress, steps);
            token.ThrowIfCancellationRequested();
            var htmlPath = Path.Combine(dir, ReportFolder.HtmlName);
            HtmlReportWriter.Write(report, Path.Combine(staging, ReportFolder.HtmlName), out var missing);
            JsonReportWriter.Write(report, Path.Combine(staging, ReportFolder.JsonName), htmlPath);
            token.ThrowIfCancellationRequested();
            ReportFolder.Replace(staging, dir);
            foreach (var a in missing) lock (job.Messages) job.Messages.Add($"warning: {a} not found: plots are missing from the report (run npm ci)");
            job.Result = Summary(report, m);
            job.State = "done";
            log.LogInformation("evaluate {Id} done: {Sections} analyses, {NotAnalysed} not analysed", job.Id, report.Analyses.Count, report.NotAnalysed.Count);
        }
        catch (OperationCanceledException)
        {
            job.State = "cancelled";
            log.LogInformation("evaluate {Id} cancelled", job.Id);
        }
        catch (Exception e)
        {
            job.State = "failed";
            job.Error = e is NitrolyteFormatException or NitrolyteInputException or IOException ? e.Message : $"internal error: {e.GetType().Name}: {e.Message}";
            if (e is NitrolyteFormatException or NitrolyteInputException or IOException) log.LogWarning("evaluate {Id} failed: {Message}", job.Id, e.Message);
            else log.LogError(e, "evaluate {Id} failed", job.Id);
        }
        finally
        {
            job.EndedUtc = DateTimeOffset.UtcNow;
            try { if (staging is not null && Directory.Exists(staging)) Directory.Delete(staging, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>What the page shows: the scorecard, key figures, items not analysed and each analysis with the
    /// workspace files it read and the view that opens it (report.json's own objects, paths made workspace-relative).</summary>
    private JsonObject Summary(Report report, Manifest m)
    {
        var full = JsonReportWriter.ToJson(report, null);
        var analyses = new JsonArray();
        // report keys follow the manifest order: technique, or technique:label when a technique occurs more than once
        var keyCounts = m.Data.GroupBy(d => d.Technique).ToDictionary(g => g.Key, g => g.Count());
        foreach (var (key, value) in report.Analyses)
        {
            var baseKey = key.Split('/')[0];
            var entry = m.Data.FirstOrDefault(d => (keyCounts[d.Technique] == 1 ? d.Technique : $"{d.Technique}:{d.Label ?? (d.Index + 1).ToString()}") == baseKey);
            var files = entry?.Files.Select(f => { try { return workspace.Relative(Workspace.RealPath(Path.GetFullPath(f))); } catch (WorkspacePathException) { return null; } })
                .Where(f => f is not null && !f.StartsWith("..", StringComparison.Ordinal)).ToList() ?? [];
            analyses.Add(new JsonObject
            {
                ["key"] = key, ["technique"] = entry?.Technique, ["label"] = entry?.DisplayName,
                ["files"] = new JsonArray(files.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
                ["view"] = ViewFor(entry?.Technique),
            });
        }
        return new JsonObject
        {
            ["material"] = report.Material, ["run_id"] = report.RunId,
            ["report_url"] = $"/{OutputFolder}/{ReportFolder.HtmlName}?run={report.RunId}",
            ["report_json_url"] = $"/{OutputFolder}/{ReportFolder.JsonName}",
            ["scorecard"] = full["scorecard"]!.DeepClone(), ["key_figures"] = full["key_figures"]!.DeepClone(),
            ["not_analysed"] = new JsonArray(report.NotAnalysed.Select(x => (JsonNode?)new JsonObject { ["message"] = x.Message, ["kind"] = x.Failed ? "failed" : "unsupported" }).ToArray()),
            ["analyses"] = analyses,
        };
    }

    /// <summary>The workbench view that shows an analysis of this technique, or null when it has none yet.</summary>
    public static string? ViewFor(string? technique) => technique switch
    {
        "eis" or "impedance" or "eis_series" => "fit",
        _ when technique is not null && AnalysisApi.CyclingTechniques.Contains(technique) => "cycling",
        _ when technique is not null && AnalysisApi.StructureTechniques.Contains(technique) => "structure",
        _ => null,
    };

    public static JsonObject ToJson(Job j)
    {
        string[] msgs;
        lock (j.Messages) msgs = [.. j.Messages];
        return new JsonObject
        {
            ["id"] = j.Id, ["state"] = j.State, ["manifest"] = j.Manifest, ["started_utc"] = j.StartedUtc.ToString("O"),
            ["elapsed_s"] = Math.Round(((j.EndedUtc ?? DateTimeOffset.UtcNow) - j.StartedUtc).TotalSeconds, 2),
            ["steps_done"] = msgs.Length, ["messages"] = new JsonArray(msgs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            ["error"] = j.Error, ["result"] = j.Result?.DeepClone(),
        };
    }

    /// <summary>Reports synchronously on the worker thread (the pipeline's progress), so that a cancellation thrown here stops the run.</summary>
    private sealed class CancellableProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
