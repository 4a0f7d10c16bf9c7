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
                var known = steps.SelectMany(s => s.Techniques).Distinct().ToList();
                var close = known.Where(k => EditDistance(k, entry.Technique) <= 2).OrderBy(k => EditDistance(k, entry.Technique)).FirstOrDefault();
                report.NotAnalysed.Add(close is not null
                    ? $"{entry.DisplayName} (technique '{entry.Technique}'): not a technique Nitrolyte knows; did you mean '{close}'?"
                    : $"{entry.DisplayName} (technique '{entry.Technique}'): Nitrolyte has no analysis for this technique yet (known: {string.Join(", ", known)})");
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

    /// <summary>Levenshtein distance, to suggest the technique a user probably meant.</summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
