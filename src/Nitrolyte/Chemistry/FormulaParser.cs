using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Chemistry;

/// <summary>
/// Chemical formula parser for the notations the solid-electrolyte literature uses:
/// <list type="bullet">
/// <item>integer or decimal counts: <c>Li9N2Cl3</c>, <c>Li2.5N0.5S0.5</c>, <c>Li1.35Si0.79P0.21O1.96N0.96</c>;</item>
/// <item>LaTeX-style subscripts: <c>Li_{2.94}PO_{3.5}N_{0.31}</c>, <c>Li_3N</c>; Unicode subscripts <c>Li₉N₂Cl₃</c>;</item>
/// <item>nested groups in (), [] or {}: <c>Li(C6N4)</c>, <c>Li[N(CN)2]</c>, <c>Li4(OH)3Cl</c>;</item>
/// <item>hydrates/adducts joined by <c>·</c> (also <c>•</c>, <c>*</c>, or <c>.</c> when the dot cannot be a decimal
///   point, i.e. it is not between two digits), each part with an optional leading multiplier: <c>LiCl·2H2O</c>,
///   <c>LiCl.H2O</c>, <c>Li3N*LiCl</c>;</item>
/// <item>mixtures joined by <c>-</c> or <c>+</c> (the sum of the parts, a leading coefficient multiplies its part):
///   <c>Li7N2I-0.5LiOH</c>, <c>1Li3N-2LiI-0.77LiOH</c>.</item>
/// </list>
/// Numbers must start with a digit (write 0.5, not .5). A dot between two digits is a decimal point, so
/// <c>LiCl2.5H2O</c> reads as LiCl<sub>2.5</sub>H<sub>2</sub>O; write <c>LiCl2·5H2O</c> for the adduct.
/// Element symbols are case-sensitive (<c>Co</c> is cobalt; <c>CO</c> is carbon + oxygen). Whitespace around
/// separators is ignored. Errors throw <see cref="NitrolyteInputException"/> naming the formula and the 1-based position.
/// </summary>
public static class FormulaParser
{
    private const string AdductSeparators = "·•⋅∙*.";
    private const string MixtureSeparators = "-+–";

    public static Composition Parse(string formula)
    {
        if (formula is null || string.IsNullOrWhiteSpace(formula)) throw new NitrolyteInputException("empty formula");
        var s = NormaliseSubscripts(formula);
        int pos = 0;
        var amounts = new List<KeyValuePair<string, double>>();
        SkipSpaces(s, ref pos);
        while (true)
        {
            ParseAdductChain(formula, s, ref pos, amounts);
            SkipSpaces(s, ref pos);
            if (pos >= s.Length) break;
            if (MixtureSeparators.Contains(s[pos]))
            {
                pos++;
                SkipSpaces(s, ref pos);
                if (pos >= s.Length) throw Error(formula, pos, $"expected a formula after '{s[pos - 1]}'");
                continue;
            }
            throw Error(formula, pos, $"unexpected character '{s[pos]}'");
        }
        if (amounts.Count == 0) throw Error(formula, 0, "no elements");
        var composition = new Composition(amounts);
        if (!(composition.TotalAtoms > 0)) throw new NitrolyteInputException($"formula '{formula}': every amount is zero (no atoms)");
        return composition;
    }

    /// <summary>True when the formula parses (no exception); the problem otherwise.</summary>
    public static bool TryParse(string formula, out Composition? composition, out string? problem)
    {
        try
        {
            composition = Parse(formula);
            problem = null;
            return true;
        }
        catch (NitrolyteInputException e)
        {
            composition = null;
            problem = e.Message;
            return false;
        }
    }

    // part (sep part)* where sep is an adduct separator; each part: [coefficient] sequence
    private static void ParseAdductChain(string original, string s, ref int pos, List<KeyValuePair<string, double>> into)
    {
        while (true)
        {
            SkipSpaces(s, ref pos);
            int start = pos;
            double coefficient = ReadNumber(original, s, ref pos) ?? 1;
            if (coefficient <= 0) throw Error(original, start, "a coefficient must be positive");
            SkipSpaces(s, ref pos);
            var part = ParseSequence(original, s, ref pos, closing: null);
            if (part.Count == 0)
                throw Error(original, pos, pos < s.Length ? $"expected an element symbol or '(' at '{s[pos]}'" : "expected an element symbol or '(' at the end");
            into.AddRange(part.Select(kv => new KeyValuePair<string, double>(kv.Key, kv.Value * coefficient)));
            int save = pos;
            SkipSpaces(s, ref pos);
            if (pos < s.Length && AdductSeparators.Contains(s[pos]))
            {
                pos++;
                SkipSpaces(s, ref pos);
                if (pos >= s.Length) throw Error(original, pos - 1, $"expected a formula after '{s[pos - 1]}'");
                continue;
            }
            pos = save;
            return;
        }
    }

    // sequence := (element [count] | open sequence close [count])*
    private static List<KeyValuePair<string, double>> ParseSequence(string original, string s, ref int pos, char? closing)
    {
        var result = new List<KeyValuePair<string, double>>();
        while (pos < s.Length)
        {
            char c = s[pos];
            if (closing is not null && c == closing) return result;
            if (c is '(' or '[' or '{')
            {
                int open = pos;
                char close = c switch { '(' => ')', '[' => ']', _ => '}' };
                pos++;
                var inner = ParseSequence(original, s, ref pos, close);
                if (pos >= s.Length || s[pos] != close) throw Error(original, open, $"'{c}' is never closed (missing '{close}')");
                if (inner.Count == 0) throw Error(original, open, $"empty group '{c}{close}'");
                pos++;
                double mult = ReadCount(original, s, ref pos) ?? 1;
                result.AddRange(inner.Select(kv => new KeyValuePair<string, double>(kv.Key, kv.Value * mult)));
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                int start = pos++;
                while (pos < s.Length && char.IsAsciiLetterLower(s[pos])) pos++;
                var sym = s[start..pos];
                if (!Element.TryGet(sym, out _))
                {
                    // "Lic" or "Lix": tell the user what a valid prefix would have been
                    var hint = sym.Length > 1 && Element.TryGet(sym[..1], out _) ? $" ('{sym[..1]}' followed by lower-case letters; element symbols are case-sensitive)" : "";
                    throw Error(original, start, $"unknown element '{sym}'{hint}");
                }
                double n = ReadCount(original, s, ref pos) ?? 1;
                result.Add(new(sym, n));
            }
            else if (c is ')' or ']' or '}') throw Error(original, pos, $"unmatched '{c}'");
            else if (char.IsAsciiLetterLower(c)) throw Error(original, pos, $"element symbols start with a capital letter ('{c}')");
            else break; // separators and anything else are handled by the caller
        }
        return result;
    }

    // count := number | '_' number | '_{' number '}'
    private static double? ReadCount(string original, string s, ref int pos)
    {
        if (pos < s.Length && s[pos] == '_')
        {
            int u = pos++;
            bool braced = pos < s.Length && s[pos] == '{';
            if (braced) pos++;
            int numStart = pos;
            var v = ReadNumber(original, s, ref pos) ?? throw Error(original, numStart, "expected a number after '_'");
            if (braced)
            {
                if (pos >= s.Length || s[pos] != '}') throw Error(original, u, "subscript '_{' is never closed (missing '}')");
                pos++;
            }
            return v;
        }
        return ReadNumber(original, s, ref pos);
    }

    // number := digits ('.' digits)?  -- a dot not followed by a digit is left for the adduct separator
    private static double? ReadNumber(string original, string s, ref int pos)
    {
        int start = pos;
        while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        if (pos == start) return null;
        if (pos + 1 < s.Length && s[pos] == '.' && char.IsAsciiDigit(s[pos + 1]))
        {
            pos++;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
        }
        if (!double.TryParse(s[start..pos], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw Error(original, start, "malformed number");
        return v;
    }

    private static void SkipSpaces(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos])) pos++;
    }

    /// <summary>Unicode subscript digits and the subscript dot become ASCII (one character each, so positions are kept).</summary>
    private static string NormaliseSubscripts(string s)
    {
        var chars = s.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c >= '₀' && c <= '₉') chars[i] = (char)('0' + (c - '₀'));
            else if (c == '\u00A0') chars[i] = ' ';
        }
        return new string(chars);
    }

    private static NitrolyteInputException Error(string formula, int pos, string what) =>
        new($"formula '{formula}': {what} at position {pos + 1}");
}
