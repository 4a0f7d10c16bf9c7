using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Formats.Columns;

/// <summary>
/// The user's statement of which column holds what, from <c>--columns</c> or a manifest's <c>columns</c> option:
/// <c>"f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm"</c> (by header name, with the unit) or <c>"f=1/kHz, re=2, im=-3"</c>
/// (by 1-based position). A leading minus says the column holds the negative of the quantity (−Z''); the unit after
/// '/' (or in brackets) overrides whatever the header says.
/// </summary>
public sealed class ColumnSpec
{
    /// <summary>One statement: the key as written, the column by position or by name, the unit if given, the sign.</summary>
    public sealed record Choice(string Key, int? Position, string Reference, string? Name, string? Unit, bool Negated);

    public IReadOnlyList<Choice> Choices { get; }
    public string Text { get; }

    private ColumnSpec(string text, IReadOnlyList<Choice> choices) { Text = text; Choices = choices; }

    public static ColumnSpec? ParseOrNull(string? text) => string.IsNullOrWhiteSpace(text) ? null : Parse(text);

    public static ColumnSpec Parse(string text)
    {
        var choices = new List<Choice>();
        foreach (var rawItem in SplitItems(text))
        {
            var item = rawItem.Trim();
            if (item.Length == 0) continue;
            int eq = item.IndexOf('=');
            if (eq <= 0 || eq == item.Length - 1)
                throw new NitrolyteInputException($"--columns: '{item}' is not KEY=COLUMN (e.g. \"f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm\" or \"f=1, re=2, im=-3\")");
            var key = item[..eq].Trim();
            var reference = item[(eq + 1)..].Trim().Trim('"').Trim();
            bool neg = reference.StartsWith('-') || reference.StartsWith('\u2212');
            var body = neg ? reference[1..].Trim() : reference;
            int digits = 0;
            while (digits < body.Length && char.IsDigit(body[digits])) digits++;
            if (digits > 0 && (digits == body.Length || body[digits] is '/' or ' ' or '(' or '['))
            {
                int pos = int.Parse(body[..digits], CultureInfo.InvariantCulture);
                if (pos < 1) throw new NitrolyteInputException($"--columns: column positions start at 1 (got '{item}')");
                var unit = body[digits..].Trim().TrimStart('/').Trim();
                choices.Add(new Choice(key, pos, reference, null, unit.Length == 0 ? null : Units.Fold(unit) == "" ? null : unit, neg));
                continue;
            }
            // by name: "Zre/kOhm", "Zre (kOhm)", "Zre"
            var cell = new HeaderCell(body);
            var withUnit = cell.Splits.FirstOrDefault(s => s.Unit is not null && Units.IsAnyUnit(s.Unit));
            if (withUnit.Name is not null)
                choices.Add(new Choice(key, null, reference, withUnit.Name, withUnit.Unit, neg));
            else
                choices.Add(new Choice(key, null, reference, HeaderCell.NormaliseName(body), null, neg));
        }
        if (choices.Count == 0) throw new NitrolyteInputException("--columns is empty (e.g. \"f=Freq/kHz, re=Zre/kOhm, im=-Zim/kOhm\")");
        var dup = choices.GroupBy(c => c.Key.ToLowerInvariant()).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new NitrolyteInputException($"--columns names '{dup.Key}' twice");
        return new ColumnSpec(text, choices);
    }

    /// <summary>Items are separated by ',' or ';' outside brackets and quotes ("sigma=cond (S/cm)" keeps its '/').</summary>
    private static IEnumerable<string> SplitItems(string text)
    {
        int depth = 0, start = 0;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '"') quoted = !quoted;
            else if (!quoted && c is '(' or '[') depth++;
            else if (!quoted && c is ')' or ']') depth--;
            else if (!quoted && depth == 0 && c is ',' or ';')
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }
}
