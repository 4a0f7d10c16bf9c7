using System.Text.Json.Nodes;
using Nitrolyte.Core;

namespace Nitrolyte.Reports;

/// <summary>report.json: the machine-readable evaluation (the same object `evaluate --json` prints).</summary>
public static class JsonReportWriter
{
    public static JsonObject ToJson(Report report, string? reportHtmlPath = null)
    {
        var o = new JsonObject
        {
            ["material"] = report.Material,
            ["formula"] = report.Formula,
            ["generated_utc"] = report.GeneratedUtc.ToString("O"),
            ["tool_version"] = report.ToolVersion,
            ["analyses"] = report.Analyses.DeepClone(),
            ["scorecard"] = new JsonArray(report.Scorecard.Select(e => (JsonNode?)new JsonObject
            {
                ["target"] = e.Target,
                ["id"] = e.Id, // stable key for scripts (sigma_25c, energy_density, ...), as in the manifest's targets:
                ["value"] = e.Value is { } v ? Json.Number(v) : null,
                ["unit"] = e.Unit,
                ["status"] = e.Status switch { TargetStatus.Pass => "pass", TargetStatus.Fail => "fail", _ => "not_measured" },
                ["requirement"] = e.Requirement,
                ["source"] = e.Source,
                ["note"] = e.Note,
            }).ToArray()),
            ["not_analysed"] = new JsonArray(report.NotAnalysed.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["report_html"] = reportHtmlPath,
        };
        if (report.Manifest is not null) o["manifest"] = report.Manifest.DeepClone();
        return o;
    }

    public static void Write(Report report, string path, string? reportHtmlPath = null) =>
        AtomicFile.WriteAllText(path, ToJson(report, reportHtmlPath).ToJsonString(Json.Options));
}
