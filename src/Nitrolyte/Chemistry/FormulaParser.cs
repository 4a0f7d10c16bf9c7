using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Chemistry;

/// <summary>
/// Chemical formula parser. Handles element symbols with integer or decimal counts and nested (), [] groups.
/// (The foundation issue extends it to the literature notations: subscripts in braces, adducts with ·,
/// and mixtures such as 1Li3N-2LiI-0.77LiOH.)
/// </summary>
public static class FormulaParser
{
    public static Composition Parse(string formula)
    {
        if (string.IsNullOrWhiteSpace(formula)) throw new NitrolyteInputException("empty formula");
        int pos = 0;
        var amounts = ParseGroup(formula, ref pos, closing: null);
        if (pos != formula.Length) throw Error(formula, pos, "unexpected character");
        return new Composition(amounts);
    }

    private static List<KeyValuePair<string, double>> ParseGroup(string s, ref int pos, char? closing)
    {
        var result = new List<KeyValuePair<string, double>>();
        while (pos < s.Length)
        {
            char c = s[pos];
            if (closing is not null && c == closing) return result;
            if (c is '(' or '[')
            {
                char close = c == '(' ? ')' : ']';
                pos++;
                var inner = ParseGroup(s, ref pos, close);
                if (pos >= s.Length || s[pos] != close) throw Error(s, pos, $"missing '{close}'");
                pos++;
                double mult = ReadNumber(s, ref pos) ?? 1;
                result.AddRange(inner.Select(kv => new KeyValuePair<string, double>(kv.Key, kv.Value * mult)));
            }
            else if (char.IsUpper(c))
            {
                int start = pos++;
                while (pos < s.Length && char.IsLower(s[pos])) pos++;
                var sym = s[start..pos];
                if (!Element.TryGet(sym, out _)) throw Error(s, start, $"unknown element '{sym}'");
                double n = ReadNumber(s, ref pos) ?? 1;
                result.Add(new(sym, n));
            }
            else throw Error(s, pos, "unexpected character");
        }
        if (closing is not null) throw Error(s, pos, $"missing '{closing}'");
        return result;
    }

    private static double? ReadNumber(string s, ref int pos)
    {
        int start = pos;
        while (pos < s.Length && (char.IsDigit(s[pos]) || s[pos] == '.')) pos++;
        if (pos == start) return null;
        if (!double.TryParse(s[start..pos], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            throw Error(s, start, "malformed number");
        return v;
    }

    private static NitrolyteInputException Error(string formula, int pos, string what) =>
        new($"formula '{formula}': {what} at position {pos + 1}");
}
