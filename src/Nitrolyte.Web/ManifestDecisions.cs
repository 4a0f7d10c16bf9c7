using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Nitrolyte.Web;

/// <summary>A manifest write refused because the file changed since the page read it (HTTP 409).</summary>
public sealed class StaleManifestException(string message) : Exception(message);

/// <summary>
/// Reads and writes the decisions of the impedance view (circuit, fixed, initial, bounds, exclude, exclude_points)
/// in the `options` of the workspace manifest's item that lists the file. Only the `options` value of that item
/// is rewritten (as a YAML flow mapping; the other keys of it keep their original text); the rest of the file,
/// comments included, is kept byte for byte. A write carries the version (hash) the page read and is refused when
/// the file changed since. Written atomically.
/// </summary>
public sealed partial class ManifestDecisions(Workspace workspace)
{
    /// <summary>The impedance view's decisions and the cycling view's (a full cell's reference and formation cycles).
    /// A key is saved only into an item whose evaluate step reads it.</summary>
    public static readonly string[] DecisionKeys = ["circuit", "fixed", "initial", "bounds", "exclude", "exclude_points", "reference_cycle", "formation_cycles"];
    private static readonly Lock WriteLock = new();

    public static string Version(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();

    private string ManifestPathOrThrow() => workspace.ManifestPath ?? throw new BadRequestException("the workspace has no manifest.yaml: decisions cannot be saved (create one, see docs/evaluate.md)");

    private (Manifest M, DataEntry Entry) Find(string manifestPath, string file)
    {
        var full = workspace.Resolve(file);
        var m = Manifest.Load(manifestPath);
        var entry = m.Data.FirstOrDefault(d => d.Files.Any(f => string.Equals(Workspace.RealPath(Path.GetFullPath(f)), full, StringComparison.Ordinal)))
                    ?? throw new BadRequestException($"{file}: no item of {Path.GetFileName(manifestPath)} lists this file (add it under data: to save decisions)");
        return (m, entry);
    }

    public JsonObject Get(string? file)
    {
        var path = ManifestPathOrThrow();
        var text = File.ReadAllText(path);
        var (m, e) = Find(path, file ?? throw new BadRequestException("no file given"));
        var g = e.Sample;
        return new JsonObject
        {
            ["manifest"] = workspace.Relative(path), ["version"] = Version(text), ["item"] = e.Index, ["label"] = e.DisplayName, ["technique"] = e.Technique,
            ["files"] = new JsonArray(e.Files.Select(f => (JsonNode?)JsonValue.Create(workspace.Relative(Workspace.RealPath(Path.GetFullPath(f))))).ToArray()),
            ["options"] = e.Options.DeepClone(),
            ["geometry"] = new JsonObject { ["thickness_mm"] = g.ThicknessMm, ["diameter_mm"] = g.DiameterMm, ["area_cm2"] = g.AreaCm2, ["relative_density"] = g.RelativeDensity },
        };
    }

    /// <summary>Writes the decisions into the item's options; null decision values remove the key.</summary>
    public JsonObject Save(string? file, string? version, JsonObject decisions)
    {
        foreach (var (k, _) in decisions)
            if (!DecisionKeys.Contains(k)) throw new BadRequestException($"decisions: '{k}' is not one of {string.Join(", ", DecisionKeys)}");
        var path = ManifestPathOrThrow();
        lock (WriteLock)
        {
            var text = File.ReadAllText(path);
            var current = Version(text);
            if (version != current)
                throw new StaleManifestException($"{workspace.Relative(path)} changed since this page read it (version {version ?? "none"}, now {current}): reload to see the other changes, then save again");
            var (_, entry) = Find(path, file ?? throw new BadRequestException("no file given"));
            var valid = EvaluationSteps.All.Where(st => st.Techniques.Contains(entry.Technique)).SelectMany(st => st.OptionKeys).ToHashSet(StringComparer.Ordinal);
            foreach (var (k, v) in decisions)
                if (v is not null && !valid.Contains(k))
                    throw new BadRequestException($"decisions: '{k}' is not an option of {entry.Technique} items (evaluate would refuse it); its options are {string.Join(", ", valid.Order(StringComparer.Ordinal))}");
            var updated = Rewrite(text, entry.Index, decisions);
            // the result must still be a manifest evaluate can read, with the decisions in place
            var yaml = new YamlStream();
            try { yaml.Load(new StringReader(updated)); }
            catch (YamlException ex) { throw new InvalidOperationException($"internal error: rewritten manifest is not YAML ({ex.Message}); nothing written"); }
            AtomicFile.WriteAllText(path, updated);
            return Get(file);
        }
    }

    internal static string Rewrite(string text, int itemIndex, JsonObject decisions)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        if (yaml.Documents[0].RootNode is not YamlMappingNode root || !root.Children.TryGetValue(new YamlScalarNode("data"), out var dataNode) || dataNode is not YamlSequenceNode data)
            throw new BadRequestException("the manifest has no data: list");
        if (data.Children[itemIndex] is not YamlMappingNode item) throw new BadRequestException($"data item {itemIndex + 1} is not a mapping");
        var entries = new List<string>();
        YamlNode? optionsKey = null, optionsValue = null;
        foreach (var (k, v) in item.Children)
            if (k is YamlScalarNode { Value: "options" }) { optionsKey = k; optionsValue = v; }
        var placed = new HashSet<string>();
        if (optionsValue is YamlMappingNode old)
            foreach (var (k, v) in old.Children)
            {
                var name = ((YamlScalarNode)k).Value ?? "";
                if (decisions.ContainsKey(name))
                {
                    // a decision replaces the key where it stands (null removes it)
                    placed.Add(name);
                    if (decisions[name] is JsonNode d) entries.Add($"{name}: {Emit(d)}");
                    continue;
                }
                entries.Add($"{Span(text, k)}: {Flow(text, v)}");
            }
        else if (optionsValue is not null && optionsValue is not YamlScalarNode { Value: "" or null })
            throw new BadRequestException($"data item {itemIndex + 1}: options is not a mapping");
        foreach (var key in DecisionKeys)
            if (!placed.Contains(key) && decisions[key] is JsonNode n) entries.Add($"{key}: {Emit(n)}");
        var flow = "{ " + string.Join(", ", entries) + " }";
        if (optionsKey is not null && optionsValue is not null)
        {
            if (optionsValue is YamlMappingNode { Style: MappingStyle.Block })
            {
                // a block mapping ends where the next token starts: replace through the last entry's value
                var last = ((YamlMappingNode)optionsValue).Children.Last().Value;
                int start = (int)optionsKey.End.Index, end = EndOf(text, last);
                return text[..start] + ": " + flow + text[end..];
            }
            int s0 = (int)optionsValue.Start.Index, e0 = EndOf(text, optionsValue);
            if (optionsValue is YamlScalarNode) { s0 = (int)optionsKey.End.Index; e0 = s0; while (e0 < text.Length && text[e0] is ':' or ' ' or '\t') e0++; return text[..s0] + ": " + flow + text[e0..]; }
            return text[..s0] + flow + text[e0..];
        }
        if (item.Style == MappingStyle.Flow) throw new BadRequestException($"data item {itemIndex + 1} is a one-line {{...}} mapping: add 'options: {{}}' to it by hand once, then save again");
        var second = item.Children.Skip(1).FirstOrDefault().Key ?? item.Children.First().Key;
        int keyAt = (int)second.Start.Index;
        int lineStart = text.LastIndexOf('\n', Math.Max(0, keyAt - 1)) + 1;
        int col = keyAt - lineStart;
        return text[..lineStart] + new string(' ', col) + "options: " + flow + "\n" + text[lineStart..];
    }

    /// <summary>Where a node's text ends. YamlDotNet marks a collection only by its opening token, so flow
    /// collections are matched bracket by bracket (quotes respected) and block ones end with their last child.</summary>
    private static int EndOf(string text, YamlNode n) => n switch
    {
        YamlMappingNode { Style: MappingStyle.Block } m => m.Children.Count > 0 ? EndOf(text, m.Children.Last().Value) : (int)n.End.Index,
        YamlSequenceNode { Style: SequenceStyle.Block } q => q.Children.Count > 0 ? EndOf(text, q.Children.Last()) : (int)n.End.Index,
        YamlMappingNode or YamlSequenceNode => MatchClose(text, (int)n.Start.Index),
        _ => (int)n.End.Index,
    };

    private static bool QuoteCanStart(string text, int i)
    {
        int j = i - 1;
        while (j >= 0 && text[j] is ' ' or '\t') j--;
        return j < 0 || text[j] is '{' or '[' or ',' or ':' or '\n';
    }

    private static int MatchClose(string text, int open)
    {
        int depth = 0;
        for (int i = open; i < text.Length; i++)
        {
            char c = text[i];
            if (c is '"' or '\'' && QuoteCanStart(text, i))
            {
                for (i++; i < text.Length && text[i] != c; i++) if (c == '"' && text[i] == '\\') i++;
                continue;
            }
            if (c is '{' or '[') depth++;
            else if (c is '}' or ']' && --depth == 0) return i + 1;
        }
        throw new BadRequestException("the manifest has an unclosed { or [");
    }

    private static string Span(string text, YamlNode n) => text[(int)n.Start.Index..EndOf(text, n)];

    /// <summary>A node in flow style: scalars and flow collections keep their original text; block collections are re-emitted.</summary>
    private static string Flow(string text, YamlNode n) => n switch
    {
        YamlScalarNode { Style: ScalarStyle.Plain, Value: { } v } when v.IndexOfAny([',', '[', ']', '{', '}', '#']) >= 0 || v.Contains(": ") => System.Text.Json.JsonSerializer.Serialize(v),
        YamlScalarNode => Span(text, n),
        YamlMappingNode { Style: MappingStyle.Flow } or YamlSequenceNode { Style: SequenceStyle.Flow } => Span(text, n),
        YamlMappingNode m => "{ " + string.Join(", ", m.Children.Select(kv => $"{Span(text, kv.Key)}: {Flow(text, kv.Value)}")) + " }",
        YamlSequenceNode q => "[" + string.Join(", ", q.Children.Select(c => Flow(text, c))) + "]",
        _ => Span(text, n),
    };

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")] private static partial Regex BareKey();
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*$")] private static partial Regex BareString();

    /// <summary>JSON value to YAML flow text (strings double-quoted unless plainly safe; JSON escapes are valid YAML).</summary>
    internal static string Emit(JsonNode n) => n switch
    {
        JsonObject o => "{ " + string.Join(", ", o.Select(kv => $"{Key(kv.Key)}: {(kv.Value is null ? "null" : Emit(kv.Value))}")) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(x => x is null ? "null" : Emit(x))) + "]",
        JsonValue v when v.TryGetValue<string>(out var s) => BareString().IsMatch(s) && !IsReserved(s) ? s : System.Text.Json.JsonSerializer.Serialize(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : throw new BadRequestException("decisions: numbers must be finite"),
        _ => n.ToJsonString(),
    };

    private static string Key(string k) => BareKey().IsMatch(k) && !IsReserved(k) ? k : System.Text.Json.JsonSerializer.Serialize(k);

    private static bool IsReserved(string s) => s.ToLowerInvariant() is "true" or "false" or "null" or "yes" or "no" or "on" or "off" or "y" or "n" or "~";
}
