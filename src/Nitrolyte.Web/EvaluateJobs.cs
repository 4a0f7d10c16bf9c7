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

    private readonly BackgroundJobs jobs = new("evaluate", "evaluate run", log);

    /// <summary>Starts a run; refused (409) while another is under way.</summary>
    public BackgroundJobs.Job Start()
    {
        var manifestPath = workspace.ManifestPath ?? throw new BadRequestException("the workspace has no manifest.yaml: evaluate needs one (see docs/evaluate.md)");
        return jobs.Start((job, progress) => Run(job, progress, manifestPath), new JsonObject { ["manifest"] = workspace.Relative(manifestPath) });
    }

    /// <summary>The most recent run, or null.</summary>
    public BackgroundJobs.Job? Latest() => jobs.Latest();

    public BackgroundJobs.Job Get(string id) => jobs.Get(id);

    public BackgroundJobs.Job CancelJob(string id) => jobs.CancelJob(id);

    private JsonObject Run(BackgroundJobs.Job job, IProgress<string> progress, string manifestPath)
    {
        var token = job.Cancel.Token;
        string? staging = null;
        try
        {
            var m = Manifest.Load(manifestPath);
            var dir = Path.Combine(workspace.Root, OutputFolder);
            OutputGuard.EnsureFolderHoldsNoInput(dir, "reports folder", m.InputFiles);
            staging = ReportFolder.CreateStaging(dir);
            var report = EvaluationPipeline.Evaluate(m, staging, progress, steps);
            token.ThrowIfCancellationRequested();
            var htmlPath = Path.Combine(dir, ReportFolder.HtmlName);
            HtmlReportWriter.Write(report, Path.Combine(staging, ReportFolder.HtmlName), out var missing);
            JsonReportWriter.Write(report, Path.Combine(staging, ReportFolder.JsonName), htmlPath);
            token.ThrowIfCancellationRequested();
            ReportFolder.Replace(staging, dir);
            foreach (var a in missing) job.Note($"warning: {a} not found: plots are missing from the report (run npm ci)");
            log.LogInformation("evaluate {Id}: {Sections} analyses, {NotAnalysed} not analysed", job.Id, report.Analyses.Count, report.NotAnalysed.Count);
            return Summary(report, m);
        }
        finally
        {
            // a cancelled or failed run leaves the previous report untouched and no staging folder
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
}
