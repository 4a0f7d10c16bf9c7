using Nitrolyte.Core;

namespace Nitrolyte.Evaluation;

/// <summary>
/// Shared checks for the steps' option records (<c>ImpedanceStepOptions.Parse(entry)</c> and the like): a step parses
/// a data item's <c>options:</c> once into a record with typed fields and reads the fields, never the strings again.
/// </summary>
public static class StepOptions
{
    /// <summary>Refuses a key outside <paramref name="keys"/> with the message the pipeline gives (the key, the closest
    /// valid one, all valid ones), so a record parsed outside evaluate (the workbench) refuses it the same way.</summary>
    public static void RejectUnknown(DataEntry entry, IReadOnlyCollection<string> keys)
    {
        var valid = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var (k, _) in entry.Options)
            if (!valid.Contains(k, StringComparer.Ordinal))
                throw new NitrolyteInputException(EvaluationPipeline.UnknownOptionMessage(entry, k, valid));
    }

    /// <summary>The keys valid for an item of <paramref name="technique"/> when several steps share it (a structure item
    /// feeds the structure analyses and BVSE): <paramref name="own"/> and the keys of every step in
    /// <see cref="EvaluationSteps.All"/> that handles the technique, the union <see cref="EvaluationPipeline.CheckOptionKeys"/> accepts.</summary>
    public static IReadOnlyCollection<string> KeysOfTechnique(string technique, IReadOnlyCollection<string> own) =>
        own.Concat(EvaluationSteps.All.Where(s => s.Techniques.Contains(technique)).SelectMany(s => s.OptionKeys)).Distinct(StringComparer.Ordinal).ToList();
}
