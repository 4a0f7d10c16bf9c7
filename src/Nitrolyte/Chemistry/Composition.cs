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

    /// <summary>Amounts in the formula as written, with LaTeX-style subscripts: <c>Li_{1.8}N_{0.4}Cl_{0.6}</c>.</summary>
    public string SubscriptedFormula => FormatSubscripted(_amounts);

    public static string FormatSubscripted(IEnumerable<KeyValuePair<string, double>> amounts, int decimals = 4)
    {
        var sb = new StringBuilder();
        foreach (var (el, n) in amounts)
        {
            sb.Append(el);
            var r = Math.Round(n, decimals);
            if (Math.Abs(r - 1) > 1e-12) sb.Append("_{").Append(r.ToString("0.##########", CultureInfo.InvariantCulture)).Append('}');
        }
        return sb.ToString();
    }

    /// <summary>
    /// The smallest integer formula with the same ratios when the amounts are rational with a small denominator
    /// (amount x k within <paramref name="tolerance"/> x k of an integer for some k up to <paramref name="maxMultiplier"/>),
    /// e.g. Li2.5N0.5S0.5 -> Li5NS (factor 0.5: the reduced unit is 1/0.5 = 2 written units), Li9N2Cl3 -> Li9N2Cl3.
    /// Otherwise (LiPON-type compositions such as Li2.94PO3.5N0.31) the amounts as written, rounded to 6 decimals,
    /// with factor 1 and <c>IsInteger</c> false.
    /// </summary>
    public ReducedComposition Reduce(int maxMultiplier = 24, double tolerance = 1e-4)
    {
        if (_amounts.Count == 0) return new ReducedComposition(this, 1, true);
        for (int k = 1; k <= maxMultiplier; k++)
        {
            var scaled = _amounts.Select(kv => kv.Value * k).ToArray();
            if (scaled.Any(v => v < 0.5 || Math.Abs(v - Math.Round(v)) > tolerance * k)) continue;
            var ints = scaled.Select(v => (long)Math.Round(v)).ToArray();
            long g = ints.Aggregate(Gcd);
            var reduced = new Composition(_amounts.Select((kv, i) => new KeyValuePair<string, double>(kv.Key, ints[i] / g)));
            // factor: written amounts = factor x reduced amounts
            return new ReducedComposition(reduced, (double)g / k, true);
        }
        var rounded = new Composition(_amounts.Select(kv => new KeyValuePair<string, double>(kv.Key, Math.Round(kv.Value, 6))));
        return new ReducedComposition(rounded, 1, false);
    }

    /// <summary>See <see cref="Reduce"/>.</summary>
    public string ReducedFormula => Reduce().Composition.Formula;

    /// <summary>
    /// When every amount is an integer (within <paramref name="tolerance"/>), the composition divided by their
    /// greatest common divisor and that divisor (e.g. Li8S4 -> Li2S, 4); otherwise null. Unlike <see cref="Reduce"/>
    /// it never scales fractional amounts up.
    /// </summary>
    public (Composition Reduced, long Divisor)? DivideByIntegerGcd(double tolerance)
    {
        if (_amounts.Count == 0 || _amounts.Any(kv => Math.Abs(kv.Value - Math.Round(kv.Value)) >= tolerance)) return null;
        long g = _amounts.Select(kv => (long)Math.Round(kv.Value)).Aggregate(0L, Gcd);
        if (g < 1) return null;
        return (new Composition(_amounts.Select(kv => new KeyValuePair<string, double>(kv.Key, Math.Round(kv.Value) / g))), g);
    }

    private static long Gcd(long a, long b) { while (b != 0) (a, b) = (b, a % b); return Math.Abs(a); }

    /// <summary>Amounts divided by the total (mole fractions of atoms).</summary>
    public IReadOnlyDictionary<string, double> AtomicFractions => FractionalComposition().Amounts.ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>Oxidation states from the elements' common states, charge-balanced as closely as possible (see <see cref="OxidationStateGuesser"/>).</summary>
    public OxidationStateGuess GuessOxidationStates() => OxidationStateGuesser.Guess(this);

    /// <summary>Elements with a negative oxidation state in <see cref="GuessOxidationStates"/> (N, Cl in Li9N2Cl3; O, N in LiPON).</summary>
    public IReadOnlyList<string> Anions => GuessOxidationStates().Anions;

    /// <summary>Elements with a positive (or zero) oxidation state in <see cref="GuessOxidationStates"/>.</summary>
    public IReadOnlyList<string> Cations => GuessOxidationStates().Cations;

    /// <summary>
    /// The composition normalised to one anion in total (the antifluorite-site view used for nitride halides and
    /// chalcogenides): Li9N2Cl3 -> Li1.8N0.4Cl0.6. Throws when no element is an anion.
    /// </summary>
    public Composition PerAnion()
    {
        var anions = Anions;
        double sum = anions.Sum(a => this[a]);
        if (anions.Count == 0 || sum <= 0)
            throw new Core.NitrolyteInputException($"'{Formula}' has no anion (no element with a negative common oxidation state), so there is no per-anion view");
        return Scale(1.0 / sum);
    }

    public bool AlmostEquals(Composition other, double tolerance = 1e-8) =>
        Elements.Union(other.Elements).All(e => Math.Abs(this[e] - other[e]) <= tolerance);

    public bool Equals(Composition? other) => other is not null && AlmostEquals(other);
    public override bool Equals(object? obj) => obj is Composition c && Equals(c);
    public override int GetHashCode() => string.Join(",", _amounts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => k.Key)).GetHashCode();
    public override string ToString() => Formula;
}

/// <summary>A reduced composition and the factor with written amounts = Factor x reduced amounts.</summary>
public sealed record ReducedComposition(Composition Composition, double Factor, bool IsInteger);
