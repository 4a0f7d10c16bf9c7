namespace Nitrolyte.Formats.Columns;

/// <summary>
/// One header cell split into the ways it can be read as "name + unit": <c>Freq(Hz)</c>, <c>Z' / kOhm</c>,
/// <c>-Z'' (Ω)</c>, <c>frequency_Hz</c>, <c>sigma_S_per_m</c>, <c>&lt;Ewe/V&gt;</c>, <c>Re(Z)/Ohm</c>, <c>T (°C)</c>.
/// A leading minus marks a negated column (−Z''). The reader tries each split against each wanted quantity.
/// </summary>
public sealed class HeaderCell
{
    /// <summary>A possible reading: the normalised name, the unit text (null when none), whether the name was negated.</summary>
    public readonly record struct Split(string Name, string? Unit, bool Negated);

    public string Raw { get; }
    public IReadOnlyList<Split> Splits { get; }

    public HeaderCell(string raw)
    {
        Raw = raw;
        Splits = MakeSplits(raw);
    }

    /// <summary>Lower case without spaces, underscores, dots or colons; primes and quotes folded to ASCII apostrophes.</summary>
    public static string NormaliseName(string name)
    {
        var s = FoldQuotes(name).ToLowerInvariant();
        s = s.Replace(" ", "").Replace("_", "").Replace(".", "").Replace(":", "").Replace("\t", "");
        return s;
    }

    private static string FoldQuotes(string s) =>
        s.Replace("\u2019", "'").Replace("\u2032", "'").Replace("\u2033", "''").Replace("\u2018", "'").Replace("\"", "''").Replace("´", "'");

    private static IReadOnlyList<Split> MakeSplits(string raw)
    {
        var s = raw.Trim();
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"') s = s[1..^1].Trim();
        s = FoldQuotes(s).Trim();
        // EC-Lab 11.50 writes the averaged potential as "<Ewe/V>": the same as "<Ewe>/V"
        if (s.Length > 2 && s[0] == '<' && s[^1] == '>' && s.IndexOf('/') is int slash and > 1 && s.IndexOf('>') == s.Length - 1)
            s = s[..slash] + ">" + s[slash..^1];
        var list = new List<Split>();
        void Add(string name, string? unit)
        {
            name = name.Trim().TrimEnd('/', '_', ',', ':').Trim();
            unit = unit?.Trim();
            if (unit is { Length: 0 }) unit = null;
            bool neg = false;
            if (name.StartsWith('-') || name.StartsWith('\u2212')) { neg = true; name = name[1..].Trim(); }
            else if (name.StartsWith("minus", StringComparison.OrdinalIgnoreCase) && name.Length > 5 && !char.IsLetter(name[5])) { neg = true; name = name[5..].Trim('_', ' '); }
            if (name.Length == 0) return;
            var split = new Split(NormaliseName(name), unit, neg);
            if (!list.Contains(split)) list.Add(split);
        }

        // 1. a trailing bracket group: "Freq(Hz)", "T (°C)", "Current [A]", "Re(Z)" (then the group may be no unit)
        if (s.EndsWith(')') || s.EndsWith(']'))
        {
            char close = s[^1], open = close == ')' ? '(' : '[';
            int depth = 0;
            for (int i = s.Length - 1; i >= 0; i--)
            {
                if (s[i] == close) depth++;
                else if (s[i] == open && --depth == 0)
                {
                    if (i > 0) Add(s[..i], s[(i + 1)..^1]);
                    break;
                }
            }
        }
        // 2. the first '/' outside brackets: "f/mHz", "Z' / kOhm", "Re(Z)/Ohm", "sigma/mS/cm"
        int b = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] is '(' or '[') b++;
            else if (s[i] is ')' or ']') b--;
            else if (s[i] == '/' && b == 0 && i > 0) { Add(s[..i], s[(i + 1)..]); break; }
        }
        // 3. a unit after the last '_' or ' ' (or the last three, for "S_per_m"): "frequency_Hz", "Z_real_Ohm", "T_C"
        var parts = s.Split(['_', ' '], StringSplitOptions.RemoveEmptyEntries);
        for (int k = 1; k <= Math.Min(3, parts.Length - 1); k++)
            Add(string.Join('_', parts[..^k]), string.Join('_', parts[^k..]));
        // 4. the whole cell as a name without unit
        Add(s, null);
        return list;
    }
}
