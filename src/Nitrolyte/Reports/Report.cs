using System.Text.Json.Nodes;

namespace Nitrolyte.Reports;

public enum TargetStatus { Pass, Fail, NotMeasured }

/// <summary>One line of the scorecard: a field target, the material's value and the verdict.</summary>
public sealed record ScorecardEntry(string Target, double? Value, string Unit, TargetStatus Status, string Requirement, string? Source = null, string? Note = null, string? Id = null);

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
    /// <summary>Inputs listed in the manifest that no analysis handles yet, each with the reason.</summary>
    public List<string> NotAnalysed { get; } = [];
    /// <summary>Machine-readable results per analysis key (what report.json carries under "analyses").</summary>
    public JsonObject Analyses { get; } = [];
    public JsonObject? Manifest { get; set; }
}
