using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;

namespace Nitrolyte.Reports;

/// <summary>
/// Renders a <see cref="Report"/> as one self-contained HTML file: the plotly.js and 3Dmol.js bundles
/// installed by npm are inlined, so the report opens offline and can be mailed as one file.
/// </summary>
public static class HtmlReportWriter
{
    public const string PlotlyBundle = "plotly.js-dist-min/plotly.min.js";
    public const string ThreeDmolBundle = "3dmol/build/3Dmol-min.js";

    /// <summary>Renders the report. Missing script bundles (npm not run) are reported in the page and in
    /// <paramref name="missingAssets"/>, never silently dropped.</summary>
    public static string Render(Report report, out List<string> missingAssets)
    {
        missingAssets = [];
        var sb = new StringBuilder(1 << 20);
        var title = Enc($"Nitrolyte report: {report.Material}");
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append("<meta name=\"generator\" content=\"Nitrolyte\">\n");
        sb.Append($"<meta name=\"nitrolyte-run-id\" content=\"{Enc(report.RunId)}\">\n");
        sb.Append($"<title>{title}</title>\n<style>{Css}</style>\n");
        bool needsPlotly = report.Sections.Any(s => s.Figures.Count > 0);
        bool needs3d = report.Sections.Any(s => s.Views.Count > 0);
        if (needsPlotly) InlineScript(sb, PlotlyBundle, missingAssets);
        if (needs3d) InlineScript(sb, ThreeDmolBundle, missingAssets);
        sb.Append("</head><body>\n");
        sb.Append($"<header><h1>{title}</h1>");
        if (report.Formula is not null) sb.Append($"<p class=\"formula\">{Enc(report.Formula)}</p>");
        if (report.Description is not null) sb.Append($"<p>{Enc(report.Description)}</p>");
        sb.Append($"<p class=\"meta\">Generated {report.GeneratedUtc:yyyy-MM-dd HH:mm} UTC by Nitrolyte {Enc(report.ToolVersion)}</p></header>\n");
        if (missingAssets.Count > 0)
            sb.Append($"<div class=\"warning\" id=\"missing-assets\">Plots are not shown: {Enc(string.Join(", ", missingAssets))} not found. Run <code>npm ci</code> in the Nitrolyte folder and evaluate again.</div>\n");

        if (report.NotAnalysed.Count > 0)
        {
            // at the top: a reader must see that the scorecard below is missing these inputs
            sb.Append("<section id=\"not-analysed\" class=\"warning\"><h2>Inputs not analysed</h2><ul>");
            foreach (var n in report.NotAnalysed) sb.Append($"<li>{Enc(n.Message)}</li>");
            sb.Append("</ul><p>Every other input was analysed; the scorecard does not include these.</p></section>\n");
        }
        WriteScorecard(sb, report);
        sb.Append("<nav><h2>Contents</h2><ol>");
        foreach (var s in report.Sections) sb.Append($"<li><a href=\"#{Id(s.Key)}\">{Enc(s.Title)}</a></li>");
        sb.Append("</ol></nav>\n");

        int figureNo = 0, viewNo = 0;
        var scripts = new StringBuilder();
        foreach (var s in report.Sections)
        {
            sb.Append($"<section id=\"{Id(s.Key)}\" class=\"analysis\"><h2>{Enc(s.Title)}</h2>\n");
            foreach (var w in s.Warnings) sb.Append($"<div class=\"warning\">{Enc(w)}</div>\n");
            foreach (var p in s.Paragraphs) sb.Append($"<p>{Enc(p)}</p>\n");
            foreach (var t in s.Tables) WriteTable(sb, t);
            foreach (var f in s.Figures)
            {
                var id = $"fig{++figureNo}";
                sb.Append($"<figure><div class=\"plot\" id=\"{id}\"></div>");
                if (f.Caption is not null) sb.Append($"<figcaption>{Enc(f.Caption)}</figcaption>");
                sb.Append("</figure>\n");
                var data = new JsonArray(f.Traces.Select(t => PlotText.Plain(t.DeepClone())).ToArray());
                scripts.Append($"nitrolytePlot('{id}',{data.ToJsonString()},{PlotText.Plain(f.Layout()).ToJsonString()});\n");
            }
            foreach (var v in s.Views)
            {
                var id = $"view{++viewNo}";
                sb.Append($"<figure><div class=\"view3d\" id=\"{id}\"></div>");
                if (v.Caption is not null) sb.Append($"<figcaption>{Enc(v.Caption)}</figcaption>");
                sb.Append("</figure>\n");
                scripts.Append($"nitrolyteView('{id}',{JsonValue.Create(v.ModelFormat)!.ToJsonString()},{JsonValue.Create(v.ModelText)!.ToJsonString()},")
                       .Append(v.CubeText is null ? "null" : JsonValue.Create(v.CubeText)!.ToJsonString()).Append(',')
                       .Append(v.IsoValue is { } iso ? iso.ToString("R", CultureInfo.InvariantCulture) : "null").Append(',')
                       .Append(JsonValue.Create(v.IsoColor)!.ToJsonString()).Append(");\n");
            }
            sb.Append("</section>\n");
        }
        sb.Append("<script>\n").Append(HelperScript).Append(scripts).Append("</script>\n");
        sb.Append("</body></html>\n");
        return sb.ToString();
    }

    public static void Write(Report report, string path, out List<string> missingAssets)
    {
        var html = Render(report, out missingAssets);
        AtomicFile.WriteAllText(path, html);
    }

    private static void WriteScorecard(StringBuilder sb, Report report)
    {
        if (report.Scorecard.Count == 0) return; // e.g. a comparison page, not an evaluation
        sb.Append("<section id=\"scorecard\"><h2>Scorecard against the field's targets</h2>\n");
        sb.Append("<table class=\"scorecard\"><thead><tr><th>Target</th><th>Requirement</th><th>Value</th><th>Verdict</th><th>From</th></tr></thead><tbody>\n");
        foreach (var e in report.Scorecard)
        {
            var cls = e.Status switch { TargetStatus.Pass => "pass", TargetStatus.Fail => "fail", _ => "nm" };
            var verdict = Enc(e.VerdictText) + (e.MarginText is { } margin ? $" <span class=\"margin\">({Enc(margin)})</span>" : "");
            var value = e.ValueText(FormatNumber);
            sb.Append($"<tr class=\"{cls}\"><td>{Enc(e.Target)}</td><td>{Enc(e.Requirement)}</td><td>{Enc(value)}</td><td class=\"verdict\">{verdict}</td><td>{Enc(e.Source ?? "")}{(e.Note is null ? "" : " — " + Enc(e.Note))}</td></tr>\n");
        }
        sb.Append("</tbody></table>\n");
        if (report.KeyFigures.Count > 0)
        {
            sb.Append("<ul class=\"key-figures\">");
            foreach (var k in report.KeyFigures) sb.Append($"<li>{Enc(k.Name)}: {Enc(k.Value)}{(k.Source is null ? "" : $" ({Enc(k.Source)})")}</li>");
            sb.Append("</ul>\n");
        }
        sb.Append("</section>\n");
    }

    private static void WriteTable(StringBuilder sb, ReportTable t)
    {
        sb.Append("<table><caption>").Append(Enc(t.Caption)).Append("</caption><thead><tr>");
        foreach (var h in t.Header) sb.Append("<th>").Append(Enc(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var r in t.Rows)
        {
            sb.Append("<tr>");
            foreach (var c in r) sb.Append("<td>").Append(Enc(c)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>\n");
    }

    /// <summary>Four significant figures, plain for everyday magnitudes, scientific otherwise.</summary>
    public static string FormatNumber(double v)
    {
        if (v == 0) return "0";
        var a = Math.Abs(v);
        if (a >= 1e-3 && a < 1e5)
        {
            // Four significant figures (399.4 Wh/kg, 15.87 min, 0.001235), not four decimals (399.4409).
            var digits = Math.Max(0, 3 - (int)Math.Floor(Math.Log10(a)));
            return Math.Round(v, Math.Min(digits, 15)).ToString("0.##########", CultureInfo.InvariantCulture);
        }
        return v.ToString("0.###e+0", CultureInfo.InvariantCulture);
    }

    // The bundles are several MB; read and escape each once per process (evaluate writes one report per material).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> ScriptCache = new();

    private static void InlineScript(StringBuilder sb, string bundle, List<string> missing)
    {
        var path = RepositoryPaths.NodeModuleFile(bundle);
        if (path is null) { missing.Add(bundle); return; }
        // "</script" inside a bundle would end the tag early; split it.
        var js = ScriptCache.GetOrAdd(path, p => File.ReadAllText(p).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase));
        sb.Append("<script>").Append(js).Append("</script>\n");
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
    private static string Id(string key) => "sec-" + new string(key.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());

    private const string Css = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:0 auto;padding:1em 2em;color:#222}
        h1{font-size:1.6em;margin-bottom:.2em} h2{border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
        .formula{font-size:1.2em;color:#444}.meta{color:#777;font-size:.9em}
        table{border-collapse:collapse;margin:.8em 0;font-size:.92em} th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left}
        th{background:#f4f4f4} caption{text-align:left;font-weight:600;padding:.3em 0}
        tr.pass .verdict{color:#0a7a2f;font-weight:700} tr.fail .verdict{color:#b00020;font-weight:700} tr.nm .verdict{color:#777}
        .warning{background:#fff4e5;border-left:4px solid #f0a020;padding:.5em .8em;margin:.6em 0}
        .plot{width:100%;min-height:420px} .view3d{width:100%;height:480px;position:relative;border:1px solid #ddd}
        figure{margin:1em 0} figcaption{color:#555;font-size:.9em}
        """;

    private const string HelperScript = """
        function nitrolytePlot(id,data,layout){
          var el=document.getElementById(id);
          if(typeof Plotly==='undefined'){el.textContent='(plot unavailable: plotly.js was not embedded)';return;}
          Plotly.newPlot(el,data,layout,{responsive:true,displaylogo:false});
          el.setAttribute('data-rendered','true');
        }
        function nitrolyteView(id,fmt,model,cube,iso,color){
          var el=document.getElementById(id);
          if(typeof $3Dmol==='undefined'){el.textContent='(3D view unavailable: 3Dmol.js was not embedded)';return;}
          var v=$3Dmol.createViewer(el,{backgroundColor:'white'});
          var m=v.addModel(model,fmt);
          v.setStyle({},{sphere:{scale:0.3},stick:{radius:0.08}});
          if(fmt==='cif'){v.addUnitCell(m);}
          if(cube!==null&&iso!==null){v.addVolumetricData(cube,'cube',{isoval:iso,color:color,opacity:0.6});}
          v.zoomTo();v.render();
          el.setAttribute('data-rendered','true');
        }
        """;
}
