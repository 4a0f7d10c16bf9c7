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
                ["value_is_lower_bound"] = e.IsLowerBound,
                ["verdict"] = e.VerdictText,
                ["margin_se"] = e.MarginSe is { } m ? Json.Number(m) : null,
            }).ToArray()),
            ["key_figures"] = new JsonArray(report.KeyFigures.Select(k => (JsonNode?)new JsonObject { ["name"] = k.Name, ["value"] = k.Value, ["source"] = k.Source }).ToArray()),
            // one object per item not analysed: label, technique, file, reason, and kind ("unsupported" = no
            // analysis for this technique, "failed" = the analysis of this item failed); every other item is analysed
            ["not_analysed"] = new JsonArray(report.NotAnalysed.Select(n => (JsonNode?)new JsonObject
            {
                ["label"] = n.Label, ["technique"] = n.Technique, ["file"] = n.File, ["reason"] = n.Reason,
                ["kind"] = n.Failed ? "failed" : "unsupported",
            }).ToArray()),
            ["run_id"] = report.RunId,
            ["outputs"] = new JsonArray(report.OutputFiles.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            ["report_html"] = reportHtmlPath,
        };
        if (report.Manifest is not null) o["manifest"] = report.Manifest.DeepClone();
        return o;
    }

    public static void Write(Report report, string path, string? reportHtmlPath = null) =>
        AtomicFile.WriteAllText(path, ToJson(report, reportHtmlPath).ToJsonString(Json.Options));
}
