using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation;

/// <summary>Runs every analysis that exists for a manifest's data and assembles the report and scorecard.</summary>
public static class EvaluationPipeline
{
    public static Report Evaluate(Manifest manifest, string outputDirectory, IProgress<string>? progress = null,
        IReadOnlyList<IEvaluationStep>? steps = null, IReadOnlyList<IMaterialStep>? materialSteps = null, int? jobs = null)
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
        CheckOptionKeys(manifest, steps);
        var keyCounts = manifest.Data.GroupBy(d => d.Technique).ToDictionary(g => g.Key, g => g.Count());
        // The data items' analyses are independent of each other (a data step reads only its entry; material steps,
        // which build on all of them, run after): they run on `jobs` cores, each with a context of its own, and are
        // recorded in manifest order, so the report is the same for any number of jobs.
        var work = new List<(DataEntry Entry, IEvaluationStep Step, string Key, int Handlers)>();
        var plan = new List<(NotAnalysedItem? Skip, int First, int Count)>();
        foreach (var entry in manifest.Data)
        {
            var handlers = steps.Where(s => s.Techniques.Contains(entry.Technique)).ToList();
            var key = keyCounts[entry.Technique] == 1 ? entry.Technique : $"{entry.Technique}:{entry.Label ?? (entry.Index + 1).ToString()}";
            if (handlers.Count == 0)
            {
                var known = steps.SelectMany(s => s.Techniques).Distinct().ToList();
                var close = known.Where(k => EditDistance(k, entry.Technique) <= 2).OrderBy(k => EditDistance(k, entry.Technique)).FirstOrDefault();
                plan.Add((new NotAnalysedItem(entry.Label, entry.Technique, entry.Files.FirstOrDefault(), close is not null
                    ? $"not a technique Nitrolyte knows; did you mean '{close}'?"
                    : $"Nitrolyte has no analysis for this technique yet (known: {string.Join(", ", known)})", Failed: false), 0, 0));
                continue;
            }
            var missing = entry.Files.Where(f => !File.Exists(f)).ToList();
            if (missing.Count > 0)
            {
                plan.Add((new NotAnalysedItem(entry.Label, entry.Technique, missing[0], $"{missing[0]}: listed in {manifest.ManifestPath} but not found", Failed: true), 0, 0));
                continue;
            }
            plan.Add((null, work.Count, handlers.Count));
            foreach (var step in handlers) work.Add((entry, step, key, handlers.Count));
        }
        var progressLock = new object();
        IProgress<string>? shared = progress is null ? null : new LockedProgress(progress, progressLock);
        var done = Jobs.Map(work, (w, _) =>
        {
            var (entry, step, _, handlers) = w;
            shared?.Report($"{manifest.Material}: {entry.Technique}{(handlers > 1 ? $" ({step.Name})" : "")} — {entry.DisplayName}");
            var own = new EvaluationContext { Manifest = manifest, OutputDirectory = outputDirectory, Progress = shared };
            try { return (Outcome: step.Run(entry, own), Context: own, Error: (Exception?)null); }
            catch (Exception e) when (IsItemFailure(e))
            {
                // One bad item does not cost the others their analyses: record it and go on.
                shared?.Report($"{manifest.Material}: {entry.DisplayName} not analysed: {Reason(e)}");
                return (Outcome: (StepOutcome?)null, Context: own, Error: e);
            }
        }, jobs);
        foreach (var (skip, first, count) in plan)
        {
            if (skip is not null) { report.NotAnalysed.Add(skip); continue; }
            for (int k = first; k < first + count; k++)
            {
                var (entry, step, key, handlers) = work[k];
                var (outcome, own, error) = done[k];
                ctx.OutputFiles.AddRange(own.OutputFiles);
                if (error is not null)
                {
                    report.NotAnalysed.Add(new NotAnalysedItem(entry.Label, entry.Technique,
                        error is NitrolyteFormatException fe ? fe.FilePath : entry.Files.Count == 1 ? entry.Files[0] : null,
                        (handlers > 1 ? $"{step.Name} analysis: " : "") + Reason(error), Failed: true));
                    continue;
                }
                Record(report, ctx, handlers == 1 ? key : $"{key}/{step.Name}", outcome!);
            }
        }
        foreach (var ms in materialSteps)
        {
            progress?.Report($"{manifest.Material}: {ms.Key}");
            StepOutcome? outcome;
            try { outcome = ms.Run(ctx); }
            catch (Exception e) when (IsItemFailure(e))
            {
                report.NotAnalysed.Add(new NotAnalysedItem(ms.Key, ms.Key, null, Reason(e), Failed: true));
                continue;
            }
            if (outcome is not null) Record(report, ctx, ms.Key, outcome);
        }
        report.OutputFiles.AddRange(ctx.OutputFiles.Distinct());
        report.Scorecard.AddRange(Targets.Score(ctx.Metrics, manifest.Targets));
        foreach (var ea in ctx.Metrics.Get(MetricKeys.ActivationEnergy))
            report.KeyFigures.Add(new KeyFigure("Activation energy Ea",
                ea.StdErr is { } se && double.IsFinite(se) ? $"{ea.Value:0.000} ± {se:0.000} eV" : $"{ea.Value:0.000} eV", $"{ea.Source}{(ea.Note is null ? "" : $"; {ea.Note}")}"));
        return report;
    }

    private static void Record(Report report, EvaluationContext ctx, string key, StepOutcome outcome)
    {
        var results = outcome.Results.DeepClone();
        // every warning the report shows is also in report.json, under the analysis' "warnings"
        if (results is JsonObject ro && outcome.Section.Warnings.Count > 0)
        {
            if (ro["warnings"] is not JsonArray wa) { wa = []; if (ro["warnings"] is null) ro["warnings"] = wa; }
            var have = wa.Select(w => w?.ToString()).ToHashSet();
            if (ReferenceEquals(ro["warnings"], wa))
                foreach (var w in outcome.Section.Warnings) if (!have.Contains(w)) wa.Add(w);
        }
        report.Analyses[key] = results;
        report.Sections.Add(outcome.Section);
        foreach (var m in outcome.Metrics) ctx.Metrics.Add(m);
        ctx.Completed[key] = outcome;
    }

    /// <summary>Throws, before anything runs, when a data item's options name a key that none of the analyses of
    /// its technique reads (a mistyped key would otherwise be ignored silently), naming the key and the valid ones.</summary>
    public static void CheckOptionKeys(Manifest manifest, IReadOnlyList<IEvaluationStep> steps)
    {
        foreach (var entry in manifest.Data)
        {
            var handlers = steps.Where(s => s.Techniques.Contains(entry.Technique)).ToList();
            if (handlers.Count == 0) continue;
            var valid = handlers.SelectMany(h => h.OptionKeys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            foreach (var (k, _) in entry.Options)
                if (!valid.Contains(k, StringComparer.Ordinal))
                    throw new NitrolyteFormatException(manifest.ManifestPath, UnknownOptionMessage(entry, k, valid));
        }
    }

    /// <summary>The refusal of an option key no analysis of the item's technique reads: the key, the closest valid one
    /// and all valid ones (sorted). Shared by <see cref="CheckOptionKeys"/> and the steps' option records.</summary>
    internal static string UnknownOptionMessage(DataEntry entry, string key, IReadOnlyList<string> valid)
    {
        var close = valid.Where(v => EditDistance(v, key) <= 2).OrderBy(v => EditDistance(v, key)).FirstOrDefault();
        return $"data item {entry.Index + 1} ({entry.Technique}{(entry.Label is null ? "" : $", '{entry.Label}'")}): unknown option '{key}'" +
               (close is null ? "" : $" (did you mean '{close}'?)") +
               $"; valid options for {entry.Technique}: {(valid.Count == 0 ? "none" : string.Join(", ", valid))}";
    }

    /// <summary>Errors that concern one item (its file, its values, its analysis) rather than the whole run.</summary>
    private static bool IsItemFailure(Exception e) => e is not (OperationCanceledException or OutOfMemoryException or InsufficientExecutionStackException);

    private static string Reason(Exception e) => e switch
    {
        NitrolyteFormatException or NitrolyteInputException or IOException => OneLine(e.Message),
        _ => $"internal error ({e.GetType().Name}): {OneLine(e.Message)}",
    };

    private static string OneLine(string s) => s.Replace("\r", " ").Replace("\n", " ");

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

    private sealed class LockedProgress(IProgress<string> inner, object gate) : IProgress<string>
    {
        public void Report(string value) { lock (gate) inner.Report(value); }
    }
}
