using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Nitrolyte.Evaluation;

/// <summary>
/// Reads a manifest's YAML into JSON from the parser's event stream, with an explicit stack (no recursion in our
/// code) and bounds that hostile files cannot get around: nesting depth, number of aliases, size after alias
/// expansion (an "alias bomb" of a few hundred bytes would otherwise expand to gigabytes), self-referencing
/// anchors, non-scalar or duplicate keys and non-finite numbers are each refused with one line naming the place.
/// </summary>
public static class ManifestYaml
{
    /// <summary>Deepest nesting of mappings and sequences accepted (a real manifest uses about 5).</summary>
    public const int MaxDepth = 64;
    /// <summary>Most aliases (*name) accepted in one manifest.</summary>
    public const int MaxAliases = 1_000;
    /// <summary>Most values (scalars, mappings, sequences) after alias expansion (a real manifest has a few hundred).</summary>
    public const int MaxNodes = 100_000;
    /// <summary>Largest manifest file read, bytes.</summary>
    public const long MaxBytes = 16L << 20;

    private sealed class Frame(JsonNode node, string? anchor, string path)
    {
        public JsonNode Node { get; } = node;
        public string? Anchor { get; } = anchor;
        public string Path { get; } = path;
        public string? PendingKey { get; set; }
        public int Count { get; set; } = 1;
    }

    /// <summary>The first YAML document of <paramref name="text"/> as JSON; null when there is no document.</summary>
    public static JsonNode? Parse(string path, TextReader text)
    {
        var parser = new Parser(text);
        var anchors = new Dictionary<string, (JsonNode? Node, int Count)>(StringComparer.Ordinal);
        var open = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<Frame>();
        int nodes = 0, aliases = 0;
        JsonNode? root = null;
        bool haveRoot = false, inDocument = false;

        long lastLine = 1;
        bool More()
        {
            // YamlDotNet reports some malformed input (e.g. an unterminated quote inside a flow mapping) as an
            // InvalidOperationException from its state machine rather than a YamlException.
            try { return parser.MoveNext(); }
            catch (InvalidOperationException e) { throw new NitrolyteFormatException(path, $"invalid YAML after this line (the parser stopped: {e.Message})", lastLine, inner: e); }
        }

        try
        {
            while (More())
            {
                var ev = parser.Current!;
                lastLine = ev.End.Line;
                long line = ev.Start.Line;
                switch (ev)
                {
                    case DocumentStart:
                        if (haveRoot) return root; // only the first document is read
                        inDocument = true;
                        continue;
                    case DocumentEnd:
                        if (inDocument && !haveRoot) { haveRoot = true; root = null; }
                        return root;
                    case StreamStart or StreamEnd:
                        continue;
                    case Comment:
                        continue;
                }

                string where = stack.Count == 0 ? "" : Describe(stack.Peek());
                // A key must be a plain value: a mapping or list as a key has no meaning in a manifest.
                if (stack.Count > 0 && stack.Peek().Node is JsonObject && stack.Peek().PendingKey is null)
                {
                    switch (ev)
                    {
                        case Scalar sk:
                            var key = sk.Value;
                            var obj = (JsonObject)stack.Peek().Node;
                            if (obj.ContainsKey(key))
                                throw new NitrolyteFormatException(path, $"duplicate key '{key}'{At(stack.Peek())}", line);
                            stack.Peek().PendingKey = key;
                            continue;
                        case MappingEnd:
                            break;
                        case AnchorAlias:
                            throw new NitrolyteFormatException(path, $"an alias (*name) cannot be a key{At(stack.Peek())}; write the key itself", line);
                        default:
                            throw new NitrolyteFormatException(path, $"a key must be a plain name, not a {(ev is MappingStart ? "mapping" : "list")}{At(stack.Peek())}", line);
                    }
                }

                JsonNode? value;
                int valueCount;
                switch (ev)
                {
                    case Scalar s:
                        value = ScalarValue(path, s, where, line);
                        valueCount = 1;
                        if (!s.Anchor.IsEmpty) anchors[s.Anchor.Value] = (value, 1);
                        break;
                    case AnchorAlias a:
                        if (++aliases > MaxAliases)
                            throw new NitrolyteFormatException(path, $"more than {MaxAliases} aliases (*name): refused (a manifest needs a few at most)", line);
                        var name = a.Value.Value;
                        if (open.Contains(name))
                            throw new NitrolyteFormatException(path, $"the alias *{name} refers to its own anchor &{name} (a self-referencing value has no end): refused", line);
                        if (!anchors.TryGetValue(name, out var target))
                            throw new NitrolyteFormatException(path, $"the alias *{name} has no anchor &{name} before it", line);
                        if ((long)nodes + target.Count > MaxNodes)
                            throw new NitrolyteFormatException(path, $"aliases expand the manifest beyond {MaxNodes:N0} values (an alias bomb?): refused", line);
                        value = target.Node?.DeepClone();
                        valueCount = target.Count;
                        break;
                    case MappingStart ms:
                        Push(path, stack, open, new JsonObject(), ms.Anchor, line, ref nodes);
                        continue;
                    case SequenceStart ss:
                        Push(path, stack, open, new JsonArray(), ss.Anchor, line, ref nodes);
                        continue;
                    case MappingEnd or SequenceEnd:
                        var done = stack.Pop();
                        if (done.Anchor is not null)
                        {
                            open.Remove(done.Anchor);
                            anchors[done.Anchor] = (done.Node, done.Count); // complete from here on; aliases clone it
                        }
                        value = done.Node;
                        valueCount = done.Count;
                        nodes -= done.Count; // added again below, together with its parent's count
                        break;
                    default:
                        continue;
                }

                nodes += valueCount;
                if (nodes > MaxNodes)
                    throw new NitrolyteFormatException(path, $"the manifest has more than {MaxNodes:N0} values after expanding aliases: refused", line);
                if (stack.Count == 0)
                {
                    root = value;
                    haveRoot = true;
                    continue;
                }
                var parent = stack.Peek();
                parent.Count += valueCount;
                if (parent.Node is JsonObject o)
                {
                    o[parent.PendingKey!] = value;
                    parent.PendingKey = null;
                }
                else ((JsonArray)parent.Node).Add(value);
            }
        }
        catch (YamlException e)
        {
            throw new NitrolyteFormatException(path, $"invalid YAML: {e.Message}", e.Start.Line);
        }
        return root;
    }

    private static void Push(string path, Stack<Frame> stack, HashSet<string> open, JsonNode node, AnchorName anchor, long line, ref int nodes)
    {
        if (stack.Count >= MaxDepth)
            throw new NitrolyteFormatException(path, $"nesting deeper than {MaxDepth} levels: refused (a manifest needs about 5)", line);
        string p = stack.Count == 0 ? "" : Describe(stack.Peek());
        string? a = anchor.IsEmpty ? null : anchor.Value;
        if (a is not null) open.Add(a);
        stack.Push(new Frame(node, a, p));
        nodes++;
        if (nodes > MaxNodes)
            throw new NitrolyteFormatException(path, $"the manifest has more than {MaxNodes:N0} values: refused", line);
    }

    /// <summary>"data[2].options" style description of where the next value goes.</summary>
    private static string Describe(Frame f) => f.Node switch
    {
        JsonObject when f.PendingKey is not null => f.Path.Length == 0 ? f.PendingKey : $"{f.Path}.{f.PendingKey}",
        JsonArray a => $"{f.Path}[{a.Count + 1}]",
        _ => f.Path,
    };

    private static string At(Frame f) => f.Path.Length == 0 ? "" : $" (in {f.Path})";

    private static JsonNode? ScalarValue(string path, Scalar s, string where, long line)
    {
        var v = s.Value;
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded) return JsonValue.Create(v);
        if (v is "null" or "~" or "" or "Null" or "NULL") return null;
        if (v is "true" or "True" or "TRUE" or "yes") return JsonValue.Create(true);
        if (v is "false" or "False" or "FALSE" or "no") return JsonValue.Create(false);
        var lower = v.ToLowerInvariant();
        if (lower is ".nan" or "nan" or ".inf" or "+.inf" or "-.inf" or "inf" or "+inf" or "-inf" or "infinity" or "+infinity" or "-infinity")
            throw new NitrolyteFormatException(path, $"{(where.Length > 0 ? where : "value")}: '{v}' is not a finite number; give a number (or quote it to mean text)", line);
        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            if (!double.IsFinite(d))
                throw new NitrolyteFormatException(path, $"{(where.Length > 0 ? where : "value")}: '{v}' overflows (not a finite number)", line);
            return JsonValue.Create(d);
        }
        return JsonValue.Create(v);
    }
}
