using System.Text.Json.Nodes;

namespace Nitrolyte.Reports;

public enum TargetStatus { Pass, Fail, NotMeasured }

/// <summary>One line of the scorecard: a field target, the material's value and the verdict.</summary>
public sealed record ScorecardEntry(string Target, double? Value, string Unit, TargetStatus Status, string Requirement, string? Source = null, string? Note = null, string? Id = null)
{
    /// <summary>The value is a lower bound (a CCD staircase that never failed): shown as "≥ value".</summary>
    public bool IsLowerBound { get; init; }
    /// <summary>Verdict wording when it differs from the status ("not reached" for a bound below the target).</summary>
    public string? Verdict { get; init; }
    /// <summary>How many standard errors the value lies beyond the threshold, signed so that positive means on the passing
    /// side ("passes by 2.1 SE", "fails by 3.0 SE"); null when the metric has no standard error.</summary>
    public double? MarginSe { get; init; }

    /// <summary>"passes by 2.1 SE" / "fails by 3.0 SE", or null.</summary>
    public string? MarginText => MarginSe is { } m && double.IsFinite(m) ? $"{(m >= 0 ? "passes" : "fails")} by {Math.Abs(m).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} SE" : null;

    /// <summary>Value with unit as shown in the scorecard ("≥ 0.08 mA/cm²", "—").</summary>
    public string ValueText(Func<double, string> format) => Value is { } v ? $"{(IsLowerBound ? "≥ " : "")}{format(v)} {Unit}".TrimEnd() : "—";

    public string VerdictText => Verdict ?? Status switch { TargetStatus.Pass => "pass", TargetStatus.Fail => "fail", _ => "not measured" };
}

/// <summary>A number shown beside the scorecard that no target judges (e.g. the activation energy).</summary>
public sealed record KeyFigure(string Name, string Value, string? Source);

/// <summary>A simple table in a report section.</summary>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>One analysis' part of the report: text, tables, plots and 3D views.</summary>
public sealed class ReportSection
{
    public required string Key { get; init; }
    public required string Title { get; init; }
    public List<string> Paragraphs { get; } = [];
    public List<ReportTable> Tables { get; } = [];
    public List<PlotFigure> Figures { get; } = [];
    public List<StructureView> Views { get; } = [];
    public List<string> Warnings { get; } = [];
}

/// <summary>One manifest data item that was not analysed. <see cref="Failed"/> is false when Nitrolyte simply has
/// no analysis for the technique, true when the item was read and its analysis failed (bad file, missing file).</summary>
public sealed record NotAnalysedItem(string? Label, string Technique, string? File, string Reason, bool Failed)
{
    /// <summary>One line for the terminal and the HTML report.</summary>
    public string Message => Label is not null
        ? $"{Label} ({Technique}{(File is null ? "" : $", {System.IO.Path.GetFileName(File)}")}): {Reason}"
        : $"{(File is null ? Technique : System.IO.Path.GetFileName(File))}{(File is null ? "" : $" ({Technique})")}: {Reason}";
}

/// <summary>The whole evaluation of one material; written as report.json and report.html.</summary>
public sealed class Report
{
    public required string Material { get; init; }
    public string? Formula { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset GeneratedUtc { get; init; } = DateTimeOffset.UtcNow;
    public string ToolVersion { get; init; } = typeof(Report).Assembly.GetName().Version?.ToString() ?? "0";
    public List<ReportSection> Sections { get; } = [];
    public List<ScorecardEntry> Scorecard { get; } = [];
    /// <summary>Figures shown with the scorecard without a target (activation energies).</summary>
    public List<KeyFigure> KeyFigures { get; } = [];
    /// <summary>Data items (and material-level analyses) that were not analysed: no analysis exists for the
    /// technique, a file is missing, or the analysis failed. Every other item is still analysed.</summary>
    public List<NotAnalysedItem> NotAnalysed { get; } = [];
    /// <summary>Identifies the run that wrote this report: report.json and report.html carry the same id.</summary>
    public string RunId { get; init; } = Guid.NewGuid().ToString("N");
    /// <summary>Extra files the analyses wrote beside the report (cube files...), by name, so a later run into the
    /// same folder knows which files are its own.</summary>
    public List<string> OutputFiles { get; } = [];
    /// <summary>Machine-readable results per analysis key (what report.json carries under "analyses").</summary>
    public JsonObject Analyses { get; } = [];
    public JsonObject? Manifest { get; set; }
}
