using System.Globalization;
using System.Text;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Structures;

/// <summary>One CIF value with the 1-based line it was read from.</summary>
public readonly record struct CifValue(string Text, int Line, bool Quoted)
{
    /// <summary>'?' (unknown) and '.' (not applicable) when not quoted.</summary>
    public bool IsMissing => !Quoted && (Text == "?" || Text == ".");
}

/// <summary>A loop_: tag names and rows of values.</summary>
public sealed class CifLoop
{
    public required IReadOnlyList<string> Tags { get; init; }
    public List<CifValue[]> Rows { get; } = [];
    public int Line { get; init; }
    public int IndexOf(string tag) => Tags.ToList().FindIndex(t => string.Equals(t, tag, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One data_ block: single-valued tags and loops (tags compared case-insensitively, as CIF requires).</summary>
public sealed class CifBlock
{
    public required string Name { get; init; }
    public int Line { get; init; }
    public Dictionary<string, CifValue> Items { get; } = new(StringComparer.OrdinalIgnoreCase);
    public List<CifLoop> Loops { get; } = [];

    public CifValue? Item(params string[] tags)
    {
        foreach (var t in tags) if (Items.TryGetValue(t, out var v)) return v;
        return null;
    }

    public CifLoop? LoopWith(params string[] tags) => Loops.FirstOrDefault(l => tags.Any(t => l.IndexOf(t) >= 0));
}

/// <summary>
/// CIF 1.1 syntax: comments, data_ blocks, loop_, tags, bare / quoted ('...', "...") values and semicolon text
/// fields. Numbers may carry a standard uncertainty in brackets, "5.3506(3)": <see cref="ParseNumber"/> drops it.
/// </summary>
public static class CifSyntax
{
    private readonly record struct Token(string Text, int Line, bool Quoted);

    public static List<CifBlock> Parse(string path, string text)
    {
        var tokens = Tokenize(path, text);
        var blocks = new List<CifBlock>();
        CifBlock? block = null;
        int i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (!t.Quoted && t.Text.StartsWith("data_", StringComparison.OrdinalIgnoreCase))
            {
                block = new CifBlock { Name = t.Text[5..], Line = t.Line };
                blocks.Add(block);
                i++;
                continue;
            }
            if (block is null)
            {
                if (!t.Quoted && (t.Text.StartsWith("global_", StringComparison.OrdinalIgnoreCase))) { i++; continue; }
                throw new NitrolyteFormatException(path, $"expected 'data_' before '{Short(t.Text)}'", t.Line);
            }
            if (!t.Quoted && t.Text.Equals("loop_", StringComparison.OrdinalIgnoreCase))
            {
                int loopLine = t.Line;
                i++;
                var tags = new List<string>();
                while (i < tokens.Count && !tokens[i].Quoted && tokens[i].Text.StartsWith('_')) tags.Add(NormaliseTag(tokens[i++].Text));
                if (tags.Count == 0) throw new NitrolyteFormatException(path, "loop_ without tags", loopLine);
                var values = new List<CifValue>();
                while (i < tokens.Count && !IsReserved(tokens[i]))
                {
                    values.Add(new CifValue(tokens[i].Text, tokens[i].Line, tokens[i].Quoted));
                    i++;
                }
                if (values.Count % tags.Count != 0)
                    throw new NitrolyteFormatException(path,
                        $"loop of {tags.Count} tags ({tags[0]} ...) has {values.Count} values, not a multiple of {tags.Count}",
                        values.Count > 0 ? values[^1].Line : loopLine);
                var loop = new CifLoop { Tags = tags, Line = loopLine };
                for (int r = 0; r < values.Count; r += tags.Count) loop.Rows.Add(values.GetRange(r, tags.Count).ToArray());
                block.Loops.Add(loop);
                continue;
            }
            if (!t.Quoted && t.Text.StartsWith('_'))
            {
                if (i + 1 >= tokens.Count || IsReserved(tokens[i + 1]))
                    throw new NitrolyteFormatException(path, $"tag {t.Text} has no value", t.Line);
                var v = tokens[i + 1];
                block.Items[NormaliseTag(t.Text)] = new CifValue(v.Text, v.Line, v.Quoted);
                i += 2;
                continue;
            }
            if (!t.Quoted && (t.Text.StartsWith("save_", StringComparison.OrdinalIgnoreCase))) { i++; continue; }
            throw new NitrolyteFormatException(path, $"unexpected value '{Short(t.Text)}' outside a loop", t.Line);
        }
        if (blocks.Count == 0) throw new NitrolyteFormatException(path, "no data_ block (is this a CIF file?)", 1);
        return blocks;
    }

    /// <summary>DDL2/mmCIF-style tags ("_atom_site.fract_x", "_cell.length_a") read as their DDL1 names.</summary>
    public static string NormaliseTag(string tag) => tag.Replace('.', '_');

    private static string Short(string s) => s.Length > 40 ? s[..40] + "..." : s;

    private static bool IsReserved(Token t) => !t.Quoted && (t.Text.StartsWith('_')
        || t.Text.StartsWith("data_", StringComparison.OrdinalIgnoreCase)
        || t.Text.Equals("loop_", StringComparison.OrdinalIgnoreCase)
        || t.Text.StartsWith("save_", StringComparison.OrdinalIgnoreCase)
        || t.Text.StartsWith("global_", StringComparison.OrdinalIgnoreCase));

    private static List<Token> Tokenize(string path, string text)
    {
        var tokens = new List<Token>();
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');
        for (int li = 0; li < lines.Length; li++)
        {
            var line = lines[li];
            int lineNo = li + 1;
            if (line.StartsWith(';'))
            {
                var sb = new StringBuilder(line[1..]);
                int start = lineNo;
                li++;
                while (li < lines.Length && !lines[li].StartsWith(';')) { sb.Append('\n').Append(lines[li]); li++; }
                if (li >= lines.Length) throw new NitrolyteFormatException(path, "unterminated ';' text field", start);
                tokens.Add(new Token(sb.ToString().Trim(), start, true));
                // anything after the closing ';' on the same line
                var rest = lines[li][1..];
                TokenizeLine(path, rest, li + 1, tokens);
                continue;
            }
            TokenizeLine(path, line, lineNo, tokens);
        }
        return tokens;
    }

    private static void TokenizeLine(string path, string line, int lineNo, List<Token> tokens)
    {
        int p = 0;
        while (p < line.Length)
        {
            char c = line[p];
            if (char.IsWhiteSpace(c)) { p++; continue; }
            if (c == '#') return;
            if (c is '\'' or '"')
            {
                // a quote ends at the same quote character followed by whitespace or end of line
                int q = p + 1;
                while (q < line.Length && !(line[q] == c && (q + 1 == line.Length || char.IsWhiteSpace(line[q + 1])))) q++;
                if (q >= line.Length) throw new NitrolyteFormatException(path, $"unterminated quoted string starting with {c}", lineNo);
                tokens.Add(new Token(line[(p + 1)..q], lineNo, true));
                p = q + 1;
                continue;
            }
            int s = p;
            while (p < line.Length && !char.IsWhiteSpace(line[p])) p++;
            tokens.Add(new Token(line[s..p], lineNo, false));
        }
    }

    /// <summary>Parses a CIF number, dropping a standard uncertainty "(3)". Returns null for '?' and '.'.</summary>
    public static double? ParseNumber(CifValue v, string path, string tag)
    {
        if (v.IsMissing) return null;
        var (value, _) = ParseWithUncertainty(v.Text) ?? throw new NitrolyteFormatException(path, $"{tag}: '{v.Text}' is not a number", v.Line);
        return value;
    }

    /// <summary>"5.3506(3)" -> (5.3506, 0.0003); "0.5" -> (0.5, null). Null if not a number.</summary>
    public static (double Value, double? Uncertainty)? ParseWithUncertainty(string text)
    {
        var t = text.Trim();
        double? su = null;
        int open = t.IndexOf('(');
        string num = t;
        if (open >= 0)
        {
            if (!t.EndsWith(')')) return null;
            num = t[..open];
            var digits = t[(open + 1)..^1];
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var u)) return null;
            int dot = num.IndexOf('.');
            int epos = num.IndexOfAny(['e', 'E']);
            int decimals = dot < 0 ? 0 : (epos < 0 ? num.Length : epos) - dot - 1;
            int exp = 0;
            if (epos >= 0 && !int.TryParse(num[(epos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp)) return null;
            su = u * Math.Pow(10, -decimals + exp);
        }
        if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || double.IsInfinity(value)) return null;
        return (value, su);
    }
}
