using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;

namespace Nitrolyte.Screening;

/// <summary>The report of a campaign as JSON (the contract of issue 17), CSV and one self-contained HTML page
/// (sortable table, barrier vs composition, barrier vs E_hull with the Pareto front, links to structure files).</summary>
public static class ScreeningReportWriter
{
    /// <summary>Columns of the CSV and the HTML table after id/rank/formula/status/score.</summary>
    public static readonly string[] Columns =
    [
        "x", "strain", "lattice_a", "ordering_rank", "bvse_1d_ev", "bvse_2d_ev", "bvse_3d_ev", "bvse_dim", "ewald_ev_per_atom", "ewald_rank",
        "ewald_above_min_mev", "li_fraction", "li_per_cell", "density_g_per_cm3", "li_bvs_mean", "li_bvs_gii", "e_hull_mev", "window_low_v", "window_high_v",
        "bottleneck_radius_a",
    ];

    public static JsonObject ToJson(ScreeningReportData d, string campaign, IReadOnlyDictionary<string, string>? structureFiles = null)
    {
        var c = d.Counts;
        var list = new JsonArray();
        foreach (var r in d.Rows)
        {
            var o = new JsonObject
            {
                ["id"] = r.Candidate.Id, ["formula"] = r.Texts.GetValueOrDefault("formula", r.Candidate.Formula), ["source"] = r.Candidate.Source,
                ["status"] = r.Status, ["rule"] = ScreeningReportData.RuleName(r.Candidate.RuleDescription), ["rank"] = r.Rank, ["score"] = Json.Number(r.Score),
                ["bvse_barriers_ev"] = new JsonObject { ["1d"] = Json.Number(r.Value("bvse_1d_ev")), ["2d"] = Json.Number(r.Value("bvse_2d_ev")), ["3d"] = Json.Number(r.Value("bvse_3d_ev")) },
            };
            foreach (var (k, v) in r.Values.OrderBy(kv => Array.IndexOf(Columns, kv.Key) is var i && i < 0 ? 999 : i).ThenBy(kv => kv.Key, StringComparer.Ordinal))
                if (k is not ("bvse_1d_ev" or "bvse_2d_ev" or "bvse_3d_ev")) o[k] = Json.Number(v);
            foreach (var (k, v) in r.Texts) if (k != "formula") o[k] = v;
            if (r.Result is { } res)
            {
                o["error_reason"] = res.ErrorReason;
                o["error_message"] = res.ErrorMessage;
                o["worker_id"] = res.WorkerId;
                o["descriptor_versions"] = JsonNode.Parse(res.DescriptorVersions);
            }
            if (structureFiles is not null && structureFiles.TryGetValue(r.Candidate.Id, out var f)) o["structure_file"] = f;
            list.Add(o);
        }
        return new JsonObject
        {
            ["campaign"] = campaign,
            ["done"] = c.Done, ["failed"] = c.Failed, ["pending"] = c.Pending, ["running"] = c.Running, ["cancelled"] = c.Cancelled,
            ["score"] = d.ScoreExpression, ["score_order"] = "ascending (lower is better)", ["filter"] = d.FilterExpression,
            ["descriptors"] = new JsonArray(d.Config.Descriptors.Select(x => (JsonNode)x).ToArray()), ["bvse_grid_a"] = d.Config.BvseGridA,
            ["candidates"] = list,
        };
    }

    public static string ToCsv(ScreeningReportData d)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("rank,id,formula,status,rule,score," + string.Join(",", Columns) + ",error_reason,source");
        foreach (var r in d.Rows)
        {
            var cells = new List<string>
            {
                r.Rank?.ToString(inv) ?? "", r.Candidate.Id, Csv(r.Texts.GetValueOrDefault("formula", r.Candidate.Formula)), r.Status,
                Csv(ScreeningReportData.RuleName(r.Candidate.RuleDescription)), r.Score?.ToString("R", inv) ?? "",
            };
            cells.AddRange(Columns.Select(k => r.Value(k) is { } v ? v.ToString("R", inv) : ""));
            cells.Add(r.Result?.ErrorReason ?? "");
            cells.Add(Csv(r.Candidate.Source));
            sb.AppendLine(string.Join(",", cells));
        }
        return sb.ToString();
    }

    private static string Csv(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;

    /// <summary>Writes each candidate's structure as &lt;id&gt;.json (exact: the file 'nitrolyte bvse' reproduces the
    /// barriers from) and &lt;id&gt;.cif into <paramref name="folder"/>; returns id → the .cif path relative to
    /// <paramref name="relativeTo"/>.</summary>
    public static Dictionary<string, string> WriteStructures(IEnumerable<ReportRow> rows, string folder, string relativeTo)
    {
        Directory.CreateDirectory(folder);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in rows)
        {
            if (r.Candidate.StructureJson.Length == 0) continue;
            var s = CandidateStructureJson.FromJson(r.Candidate.StructureJson, r.Candidate.Source);
            AtomicFile.WriteAllText(Path.Combine(folder, r.Candidate.Id + ".json"), r.Candidate.StructureJson);
            var cif = Path.Combine(folder, r.Candidate.Id + ".cif");
            CifWriter.Write(cif, s, r.Candidate.Id);
            map[r.Candidate.Id] = Path.GetRelativePath(relativeTo, cif).Replace('\\', '/');
        }
        return map;
    }

    /// <summary>Default and largest number of candidate pages <c>screen report --html</c> writes (each recomputes one BVSE landscape).</summary>
    public const int DefaultPages = 20, MaxPages = 200;

    /// <summary>Writes &lt;id&gt;.html (<see cref="CandidatePage"/>: 3D structure with the BVSE isosurface) for the first
    /// <paramref name="count"/> done candidates of the ranking into <paramref name="folder"/>; returns id → the page path
    /// relative to <paramref name="relativeTo"/>.</summary>
    public static Dictionary<string, string> WriteCandidatePages(IEnumerable<ReportRow> rows, CampaignConfig config, int count, string folder, string relativeTo, List<string> missingAssets)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in rows.Where(x => x.Status == CandidateStatus.Done && x.Candidate.StructureJson.Length > 0).Take(count))
        {
            Directory.CreateDirectory(folder);
            var page = Path.Combine(folder, r.Candidate.Id + ".html");
            HtmlReportWriter.Write(CandidatePage.Build(r, config), page, out var missing);
            foreach (var m in missing) if (!missingAssets.Contains(m)) missingAssets.Add(m);
            map[r.Candidate.Id] = Path.GetRelativePath(relativeTo, page).Replace('\\', '/');
        }
        return map;
    }

    /// <summary>Indices of the rows on the Pareto front of (a, b), both minimised: no other row is at least as good in
    /// both and better in one.</summary>
    public static IReadOnlyList<int> ParetoFront(IReadOnlyList<(double A, double B)> points)
    {
        var front = new List<int>();
        for (int i = 0; i < points.Count; i++)
        {
            bool dominated = false;
            for (int j = 0; j < points.Count && !dominated; j++)
                if (j != i && points[j].A <= points[i].A && points[j].B <= points[i].B && (points[j].A < points[i].A || points[j].B < points[i].B)) dominated = true;
            if (!dominated) front.Add(i);
        }
        return front.OrderBy(i => points[i].A).ThenBy(i => points[i].B).ToList();
    }

    public static string ToHtml(ScreeningReportData d, string campaign, IReadOnlyDictionary<string, string> structureFiles, out List<string> missingAssets,
        IReadOnlyDictionary<string, string>? pages = null)
    {
        missingAssets = [];
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(1 << 16);
        string Enc(string s) => WebUtility.HtmlEncode(s);
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"Nitrolyte\">\n");
        sb.Append($"<title>Nitrolyte screening: {Enc(Path.GetFileName(campaign))}</title>\n<style>{Css}</style>\n");
        var plotly = RepositoryPaths.NodeModuleFile(HtmlReportWriter.PlotlyBundle);
        if (plotly is null) missingAssets.Add(HtmlReportWriter.PlotlyBundle);
        else sb.Append("<script>").Append(File.ReadAllText(plotly).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)).Append("</script>\n");
        sb.Append("</head><body>\n");
        var c = d.Counts;
        sb.Append($"<header><h1>Screening campaign {Enc(Path.GetFileName(campaign))}</h1><p class=\"meta\">{c.Done} done, {c.Failed} failed, {c.Pending} pending, {c.Running} running{(c.Cancelled > 0 ? $", {c.Cancelled} cancelled" : "")}. ");
        sb.Append($"Descriptors {Enc(string.Join(", ", d.Config.Descriptors))}; BVSE grid {d.Config.BvseGridA.ToString(inv)} Å; ranked by <code>{Enc(d.ScoreExpression)}</code> (lower first)");
        if (d.FilterExpression is not null) sb.Append($"; filter <code>{Enc(d.FilterExpression)}</code>");
        sb.Append($". Generated {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.</p></header>\n");
        if (missingAssets.Count > 0) sb.Append($"<div class=\"warning\">Plots are not shown: {Enc(string.Join(", ", missingAssets))} not found. Run <code>npm ci</code> in the Nitrolyte folder.</div>\n");
        if (c.FailuresByReason.Count > 0)
            sb.Append("<p>Failures by reason: ").Append(Enc(string.Join(", ", c.FailuresByReason.Select(kv => $"{kv.Key} {kv.Value}")))).Append(".</p>\n");

        var done = d.Rows.Where(r => r.Status == CandidateStatus.Done && r.Value("bvse_3d_ev") is not null).ToList();
        bool haveHull = done.Any(r => r.Value("e_hull_mev") is not null);
        string yName = haveHull ? "e_hull_mev" : "ewald_above_min_mev";
        string yLabel = haveHull ? "E above hull (meV/atom)" : "Ewald energy above the lowest of its composition (meV/atom; no DFT entries given)";
        var scatter = new StringBuilder();
        if (done.Count > 0)
        {
            // one quantity on the axis for every point: the rule's x when all candidates have one, else the Li fraction
            bool allX = done.All(r => r.Value("x") is not null);
            var xs = done.Select(r => allX ? r.Value("x") : r.Value("li_fraction")).ToList();
            string xLabel = allX ? "x (substituted fraction)" : "Li fraction of atoms";
            var tr1 = new JsonObject
            {
                ["type"] = "scatter", ["mode"] = "markers", ["name"] = "3D barrier",
                ["x"] = new JsonArray(xs.Select(v => Json.Number(v)).ToArray()),
                ["y"] = new JsonArray(done.Select(r => Json.Number(r.Value("bvse_3d_ev"))).ToArray()),
                ["text"] = new JsonArray(done.Select(r => (JsonNode)$"{r.Candidate.Id} {r.Texts.GetValueOrDefault("formula", r.Candidate.Formula)}").ToArray()),
            };
            var lay1 = new JsonObject { ["title"] = new JsonObject { ["text"] = "BVSE 3D barrier vs composition" }, ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = xLabel } }, ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "3D barrier (eV)" } } };
            scatter.Append($"Plotly.newPlot('plot-comp',{new JsonArray(tr1).ToJsonString()},{lay1.ToJsonString()});\n");
            var pts = done.Where(r => r.Value(yName) is not null).ToList();
            var pairs = pts.Select(r => (A: r.Value("bvse_3d_ev")!.Value, B: r.Value(yName)!.Value)).ToList();
            var front = ParetoFront(pairs);
            var tr2 = new JsonObject
            {
                ["type"] = "scatter", ["mode"] = "markers", ["name"] = "candidates",
                ["x"] = new JsonArray(pts.Select(r => Json.Number(r.Value(yName))).ToArray()),
                ["y"] = new JsonArray(pts.Select(r => Json.Number(r.Value("bvse_3d_ev"))).ToArray()),
                ["text"] = new JsonArray(pts.Select(r => (JsonNode)$"{r.Candidate.Id} {r.Texts.GetValueOrDefault("formula", r.Candidate.Formula)}").ToArray()),
            };
            var tr3 = new JsonObject
            {
                ["type"] = "scatter", ["mode"] = "lines+markers", ["name"] = "Pareto front", ["line"] = new JsonObject { ["color"] = "#c0392b" },
                ["marker"] = new JsonObject { ["color"] = "#c0392b", ["size"] = 10, ["symbol"] = "diamond-open" },
                ["x"] = new JsonArray(front.Select(i => Json.Number(pairs[i].B)).ToArray()),
                ["y"] = new JsonArray(front.Select(i => Json.Number(pairs[i].A)).ToArray()),
                ["text"] = new JsonArray(front.Select(i => (JsonNode)pts[i].Candidate.Id).ToArray()),
            };
            var lay2 = new JsonObject { ["title"] = new JsonObject { ["text"] = "BVSE 3D barrier vs " + (haveHull ? "energy above hull" : "Ewald energy above the lowest ordering") + " (Pareto front: both minimised)" }, ["xaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = yLabel } }, ["yaxis"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "3D barrier (eV)" } } };
            scatter.Append($"Plotly.newPlot('plot-pareto',{new JsonArray(tr2, tr3).ToJsonString()},{lay2.ToJsonString()});\n");
            sb.Append("<section><h2>Plots</h2><div class=\"plot\" id=\"plot-comp\"></div><div class=\"plot\" id=\"plot-pareto\"></div>");
            sb.Append($"<p>Pareto front ({front.Count}): {Enc(string.Join(", ", front.Select(i => pts[i].Candidate.Id)))}.</p></section>\n");
        }
        else sb.Append("<p>No candidate with a 3D BVSE barrier yet: no plots.</p>\n");

        sb.Append("<section><h2>Ranking</h2><p>Click a column header to sort.");
        if (pages is { Count: > 0 }) sb.Append($" The {pages.Count} best-ranked done candidates link to a page with the 3D structure and the BVSE isosurface (<em>BVSE 3D</em>; <code>--pages N</code> for more).");
        sb.Append("</p><table id=\"ranking\"><thead><tr>");
        string[] head = ["rank", "id", "formula", "status", "rule", "score", .. Columns, "error", "structure"];
        for (int i = 0; i < head.Length; i++) sb.Append($"<th onclick=\"sortBy({i})\">{Enc(head[i])}</th>");
        sb.Append("</tr></thead><tbody>\n");
        foreach (var r in d.Rows)
        {
            sb.Append("<tr>");
            sb.Append($"<td>{r.Rank?.ToString(inv) ?? ""}</td><td><code>{Enc(r.Candidate.Id)}</code></td><td>{Enc(r.Texts.GetValueOrDefault("formula", r.Candidate.Formula))}</td>");
            sb.Append($"<td>{Enc(r.Status)}</td><td>{Enc(ScreeningReportData.RuleName(r.Candidate.RuleDescription))}</td><td>{Num(r.Score)}</td>");
            foreach (var k in Columns) sb.Append($"<td>{Num(r.Value(k))}</td>");
            sb.Append($"<td title=\"{Enc(r.Result?.ErrorMessage ?? "")}\">{Enc(r.Result?.ErrorReason ?? "")}</td>");
            sb.Append("<td>");
            if (structureFiles.TryGetValue(r.Candidate.Id, out var f)) sb.Append($"<a href=\"{Enc(f)}\">CIF</a> <a href=\"{Enc(Path.ChangeExtension(f, ".json"))}\">JSON</a>");
            if (pages is not null && pages.TryGetValue(r.Candidate.Id, out var pg)) sb.Append($" <a class=\"bvse-page\" href=\"{Enc(pg)}\">BVSE 3D</a>");
            sb.Append("</td>");
            sb.Append("</tr>\n");
        }
        sb.Append("</tbody></table></section>\n");
        sb.Append("<script>\n").Append(SortScript);
        if (plotly is not null) sb.Append(scatter);
        sb.Append("</script>\n</body></html>\n");
        return sb.ToString();

        static string Num(double? v) => v is { } x && double.IsFinite(x) ? HtmlReportWriter.FormatNumber(x) : "";
    }

    private const string Css = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;padding:1em 2em;color:#222;max-width:1400px}
        h1{font-size:1.5em} .meta{color:#555} table{border-collapse:collapse;font-size:.85em} th,td{border:1px solid #ddd;padding:.25em .5em}
        th{background:#f4f4f4;cursor:pointer;position:sticky;top:0} .plot{width:100%;min-height:420px}
        .warning{background:#fff4e5;border-left:4px solid #f0a020;padding:.5em .8em}
        """;

    private const string SortScript = """
        var sortState={};
        function sortBy(col){var t=document.getElementById('ranking'),b=t.tBodies[0],rows=Array.from(b.rows);
          var asc=!(sortState[col]);sortState={};sortState[col]=asc;
          rows.sort(function(p,q){var a=p.cells[col].textContent,c=q.cells[col].textContent;
            var x=parseFloat(a),y=parseFloat(c);
            if(a===''&&c!=='')return 1; if(c===''&&a!=='')return -1;
            var r=(!isNaN(x)&&!isNaN(y))?x-y:a.localeCompare(c);return asc?r:-r;});
          rows.forEach(function(r){b.appendChild(r);});}

        """;
}
