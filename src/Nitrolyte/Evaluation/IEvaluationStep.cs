using System.Text.Json.Nodes;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation;

/// <summary>
/// An analysis the evaluate pipeline can run on one manifest data entry. Implementations live next to their
/// domain (e.g. Evaluation/Steps/ImpedanceStep.cs) and are listed in <see cref="EvaluationSteps.All"/>.
/// A step reads its files through the Formats readers, calls the pure analyses, and returns results,
/// a report section and metrics; it never prints.
/// </summary>
public interface IEvaluationStep
{
    /// <summary>Technique names (lower case) this step handles in a manifest's data: list. Several steps may
    /// handle the same technique (a structure feeds diffraction, Ewald and BVSE): each one runs.</summary>
    IReadOnlyList<string> Techniques { get; }

    /// <summary>Short analysis name used in report keys when several steps share a technique (e.g. "xrd", "bvse").</summary>
    string Name => GetType().Name.Replace("Step", "").ToLowerInvariant();

    /// <summary>The keys this step reads from a data item's <c>options:</c>. Any other key is refused before the run
    /// (naming it and listing these), so a mistyped option is never ignored silently. Adding an option = adding its
    /// key here (one line). Several steps on one technique: the union of their keys is valid.</summary>
    IReadOnlyCollection<string> OptionKeys { get; }

    StepOutcome Run(DataEntry entry, EvaluationContext context);
}

/// <summary>
/// An analysis that runs once per material after all data entries (cell design from the measured
/// conductivity, comparison with the literature). Return null when there is nothing to say.
/// </summary>
public interface IMaterialStep
{
    string Key { get; }
    StepOutcome? Run(EvaluationContext context);
}

/// <summary>What a step produced.</summary>
public sealed class StepOutcome
{
    public required JsonNode Results { get; init; }
    public required ReportSection Section { get; init; }
    public List<MetricValue> Metrics { get; } = [];
    /// <summary>The step's results as typed records (e.g. <see cref="MdTemperatureSeries"/>), for later steps: they read
    /// <see cref="EvaluationContext.Results"/> instead of parsing another step's JSON.</summary>
    public List<object> Typed { get; } = [];
}

/// <summary>The MD temperatures one entry analysed (typed result of the md step); <see cref="FittedOwnArrhenius"/> when the
/// entry already fitted its own Arrhenius series.</summary>
public sealed record MdTemperatureSeries(string Key, IReadOnlyList<Dynamics.MdTemperaturePoint> Points, bool FittedOwnArrhenius);

/// <summary>Everything a step may use besides its data entry.</summary>
public sealed class EvaluationContext
{
    public required Manifest Manifest { get; init; }
    /// <summary>Folder where the report is written; steps may write extra files there (cube files, CSVs).</summary>
    public required string OutputDirectory { get; init; }
    public MetricBoard Metrics { get; } = new();
    /// <summary>Results of steps that already ran, by analysis key, so later steps can build on them.</summary>
    public Dictionary<string, StepOutcome> Completed { get; } = [];
    /// <summary>Typed results of the steps that already ran, in order: <c>context.Results.OfType&lt;MdTemperatureSeries&gt;()</c>.</summary>
    public IEnumerable<object> Results => Completed.Values.SelectMany(o => o.Typed);
    public IProgress<string>? Progress { get; init; }
    /// <summary>Names of the files steps wrote into <see cref="OutputDirectory"/> besides the report; add each one, so
    /// that a later run into the same folder recognises (and replaces) them as outputs of evaluate.</summary>
    public List<string> OutputFiles { get; } = [];
}
