using System.Globalization;
using System.Text;

namespace Nitrolyte.Chemistry;

/// <summary>
/// Amounts of elements (fractional allowed), in the order first seen. Immutable. Molar mass in g/mol of the
/// formula unit as written.
/// </summary>
public sealed class Composition : IEquatable<Composition>
{
    private readonly List<KeyValuePair<string, double>> _amounts;

    public Composition(IEnumerable<KeyValuePair<string, double>> amounts)
    {
        _amounts = [];
        foreach (var (el, n) in amounts)
        {
            Element.FromSymbol(el);
            int i = _amounts.FindIndex(kv => kv.Key == el);
            if (i >= 0) _amounts[i] = new(el, _amounts[i].Value + n);
            else _amounts.Add(new(el, n));
        }
        _amounts.RemoveAll(kv => Math.Abs(kv.Value) < 1e-12);
    }

    public Composition(IReadOnlyDictionary<string, double> amounts) : this((IEnumerable<KeyValuePair<string, double>>)amounts) { }

    /// <summary>Element symbol -> amount, in order of appearance.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> Amounts => _amounts;

    public IEnumerable<string> Elements => _amounts.Select(kv => kv.Key);

    public double this[string element] => _amounts.FirstOrDefault(kv => kv.Key == element).Value;

    public double TotalAtoms => _amounts.Sum(kv => kv.Value);

    public double MolarMassGPerMol => _amounts.Sum(kv => kv.Value * Element.FromSymbol(kv.Key).AtomicWeightGPerMol);

    public IReadOnlyDictionary<string, double> WeightFractions
    {
        get
        {
            var m = MolarMassGPerMol;
            return _amounts.ToDictionary(kv => kv.Key, kv => kv.Value * Element.FromSymbol(kv.Key).AtomicWeightGPerMol / m);
        }
    }

    /// <summary>Amounts divided by the total (atomic fractions).</summary>
    public Composition FractionalComposition() => Scale(1.0 / TotalAtoms);

    public Composition Scale(double factor) => new(_amounts.Select(kv => new KeyValuePair<string, double>(kv.Key, kv.Value * factor)));

    public static Composition operator +(Composition a, Composition b) => new(a._amounts.Concat(b._amounts));
    public static Composition operator *(double f, Composition c) => c.Scale(f);

    /// <summary>Parses a formula. The full notation (brackets, subscripts in braces, adducts, mixtures) is handled by <see cref="FormulaParser"/>.</summary>
    public static Composition Parse(string formula) => FormulaParser.Parse(formula);

    /// <summary>The formula as written from the amounts (e.g. Li2.5N0.5S0.5).</summary>
    public string Formula => FormatAmounts(_amounts);

    public static string FormatAmounts(IEnumerable<KeyValuePair<string, double>> amounts)
    {
        var sb = new StringBuilder();
        foreach (var (el, n) in amounts)
        {
            sb.Append(el);
            if (Math.Abs(n - 1) > 1e-9) sb.Append(FormatNumber(n));
        }
        return sb.ToString();
    }

    public static string FormatNumber(double n)
    {
        var r = Math.Round(n);
        if (Math.Abs(n - r) < 1e-9) return r.ToString(CultureInfo.InvariantCulture);
        return Math.Round(n, 6).ToString("0.######", CultureInfo.InvariantCulture);
    }

    public bool AlmostEquals(Composition other, double tolerance = 1e-8) =>
        Elements.Union(other.Elements).All(e => Math.Abs(this[e] - other[e]) <= tolerance);

    public bool Equals(Composition? other) => other is not null && AlmostEquals(other);
    public override bool Equals(object? obj) => obj is Composition c && Equals(c);
    public override int GetHashCode() => string.Join(",", _amounts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key)).GetHashCode();
    public override string ToString() => Formula;
}
