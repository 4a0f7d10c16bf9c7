using System.Text.Json.Nodes;

namespace Nitrolyte.Reports;

/// <summary>
/// Plotly renders a subset of HTML in trace names, titles, annotations and hover text (&lt;b&gt;, &lt;a href&gt;,
/// &lt;br&gt;, &lt;sub&gt;): a manifest label such as "&lt;b&gt;LLZO&lt;/b&gt;" would be drawn bold or as a link. Every such
/// text is passed as plain text: &amp;, &lt; and &gt; become entities, which plotly decodes after splitting tags, so
/// the characters are shown as typed.
/// </summary>
public static class PlotText
{
    private static readonly HashSet<string> TextKeys = new(StringComparer.Ordinal) { "name", "text", "hovertext", "title", "legendgrouptitle" };

    public static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary>Escapes, in place, every text value plotly would interpret (returns the node).</summary>
    public static JsonNode Plain(JsonNode node)
    {
        Walk(node, inText: false);
        return node;
    }

    private static void Walk(JsonNode? node, bool inText)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    var v = o[key];
                    bool text = TextKeys.Contains(key) || (inText && key == "text");
                    if (text && v is JsonValue jv && jv.TryGetValue<string>(out var str)) o[key] = Escape(str);
                    else Walk(v, text);
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                    if (inText && a[i] is JsonValue jv && jv.TryGetValue<string>(out var str)) a[i] = Escape(str);
                    else Walk(a[i], inText && a[i] is not JsonObject);
                break;
        }
    }
}
