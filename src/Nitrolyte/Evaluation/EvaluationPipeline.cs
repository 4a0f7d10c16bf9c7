using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation;

/// <summary>Runs every analysis that exists for a manifest's data and assembles the report and scorecard.</summary>
public static class EvaluationPipeline
{
    public static Report Evaluate(Manifest manifest, string outputDirectory, IProgress<string>? progress = null,
        IReadOnlyList<IEvaluationStep>? steps = null, IReadOnlyList<IMaterialStep>? materialSteps = null)
    {
        steps ??= EvaluationSteps.All;
        materialSteps ??= EvaluationSteps.MaterialSteps;
        var ctx = new EvaluationContext { Manifest = manifest, OutputDirectory = outputDirectory, Progress = progress };
        var report = new Report
        {
            Material = manifest.Material,
            Formula = manifest.Formula,
            Description = manifest.Description,
            Manifest = (JsonObject)manifest.Raw.DeepClone(),
        };
        var keyCounts = manifest.Data.GroupBy(d => d.Technique).ToDictionary(g => g.Key, g => g.Count());
        foreach (var entry in manifest.Data)
        {
            var handlers = steps.Where(s => s.Techniques.Contains(entry.Technique)).ToList();
            var key = keyCounts[entry.Technique] == 1 ? entry.Technique : $"{entry.Technique}:{entry.Label ?? (entry.Index + 1).ToString()}";
            if (handlers.Count == 0)
            {
                report.NotAnalysed.Add($"{entry.DisplayName} (technique '{entry.Technique}'): Nitrolyte has no analysis for this technique yet");
                continue;
            }
            var missing = entry.Files.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0)
                throw new NitrolyteFormatException(missing[0], $"listed in {manifest.ManifestPath} but not found");
            foreach (var step in handlers)
            {
                progress?.Report($"{manifest.Material}: {entry.Technique}{(handlers.Count > 1 ? $" ({step.Name})" : "")} — {entry.DisplayName}");
                StepOutcome outcome;
                try { outcome = step.Run(entry, ctx); }
                catch (NitrolyteInputException e)
                {
                    // A bad option or value in the manifest: say which manifest and which data item.
                    throw new NitrolyteInputException($"{manifest.ManifestPath}: data item '{entry.DisplayName}' ({entry.Technique}): {e.Message}", e);
                }
                Record(report, ctx, handlers.Count == 1 ? key : $"{key}/{step.Name}", outcome);
            }
        }
        foreach (var ms in materialSteps)
        {
            progress?.Report($"{manifest.Material}: {ms.Key}");
            var outcome = ms.Run(ctx);
            if (outcome is not null) Record(report, ctx, ms.Key, outcome);
        }
        report.Scorecard.AddRange(Targets.Score(ctx.Metrics, manifest.Targets));
        return report;
    }

    private static void Record(Report report, EvaluationContext ctx, string key, StepOutcome outcome)
    {
        report.Analyses[key] = outcome.Results.DeepClone();
        report.Sections.Add(outcome.Section);
        foreach (var m in outcome.Metrics) ctx.Metrics.Add(m);
        ctx.Completed[key] = outcome;
    }
}
