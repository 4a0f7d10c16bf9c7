namespace Nitrolyte.Chemistry;

/// <summary>
/// An assignment of one oxidation state per element. <see cref="ChargeImbalance"/> is sum(n_i q_i) per formula unit
/// as written; <see cref="IsBalanced"/> when it is within 1 % of the total positive charge (non-stoichiometric
/// LiPON-type formulas rarely balance exactly).
/// </summary>
public sealed record OxidationStateGuess(IReadOnlyDictionary<string, int> States, double ChargeImbalance, bool IsBalanced)
{
    public IReadOnlyList<string> Anions => States.Where(kv => kv.Value < 0).Select(kv => kv.Key).ToList();
    public IReadOnlyList<string> Cations => States.Where(kv => kv.Value >= 0).Select(kv => kv.Key).ToList();
}

/// <summary>
/// The one oxidation-state rule (formula level; the structure-level <c>Structures.OxidationStates.Assign</c> layers
/// overrides, states from the file and a refusal on top of it). Guesses oxidation states from the periodic table's
/// common oxidation states (Data/elements.csv): every combination of one common state per element is tried; the one
/// with the smallest |charge imbalance| wins, ties going to the assignment that puts negative charge on the more
/// electronegative elements (smallest sum n_i q_i chi_i, Pauling electronegativity chi). Only assignments in which
/// every anion is more electronegative than every cation are considered (when one exists). Elements without common
/// states (noble gases) count as 0. Li9N2Cl3 -> Li+1 N-3 Cl-1; Li2NH -> Li+1 N-3 H+1; LiH -> H-1;
/// Li2.94PO3.5N0.31 -> P+5 O-2 N-3 (imbalance 0.01); SnS -> Sn+2 S-2. Elements whose state is already known (given by
/// the user or the file, possibly fractional) are passed as <c>fixedStates</c>: they are not searched but count in the
/// imbalance and in the anion/cation electronegativity order.
/// </summary>
public static class OxidationStateGuesser
{
    // Pauling electronegativities (CRC Handbook) for the tie-break; metals not listed default to 1.0.
    private static readonly Dictionary<string, double> Chi = new()
    {
        ["H"] = 2.20, ["Li"] = 0.98, ["Be"] = 1.57, ["B"] = 2.04, ["C"] = 2.55, ["N"] = 3.04, ["O"] = 3.44, ["F"] = 3.98,
        ["Na"] = 0.93, ["Mg"] = 1.31, ["Al"] = 1.61, ["Si"] = 1.90, ["P"] = 2.19, ["S"] = 2.58, ["Cl"] = 3.16,
        ["K"] = 0.82, ["Ca"] = 1.00, ["Ge"] = 2.01, ["As"] = 2.18, ["Se"] = 2.55, ["Br"] = 2.96, ["Sn"] = 1.96,
        ["Sb"] = 2.05, ["Te"] = 2.10, ["I"] = 2.66, ["Ga"] = 1.81, ["In"] = 1.78, ["Zr"] = 1.33, ["La"] = 1.10,
        ["Ti"] = 1.54, ["Ta"] = 1.50, ["Nb"] = 1.60, ["Y"] = 1.22, ["Ho"] = 1.23, ["Er"] = 1.24, ["Sc"] = 1.36,
    };

    private const int MaxCombinations = 200_000;

    public static OxidationStateGuess Guess(Composition composition) => Guess(composition, null);

    /// <summary>Guesses a state for every element of <paramref name="composition"/> not in <paramref name="fixedStates"/>;
    /// <see cref="OxidationStateGuess.States"/> holds the guessed elements only, <see cref="OxidationStateGuess.ChargeImbalance"/>
    /// and <see cref="OxidationStateGuess.IsBalanced"/> count the fixed ones too.</summary>
    public static OxidationStateGuess Guess(Composition composition, IReadOnlyDictionary<string, double>? fixedStates)
    {
        var known = composition.Amounts.Where(kv => fixedStates is not null && fixedStates.ContainsKey(kv.Key)).ToList();
        var fixedPart = new FixedPart(
            known.Sum(kv => kv.Value * fixedStates![kv.Key]),
            known.Sum(kv => kv.Value * fixedStates![kv.Key] * Chi.GetValueOrDefault(kv.Key, 1.0)),
            known.Where(kv => fixedStates![kv.Key] > 0).Select(kv => Chi.GetValueOrDefault(kv.Key, 1.0)).DefaultIfEmpty(double.NegativeInfinity).Max(),
            known.Where(kv => fixedStates![kv.Key] < 0).Select(kv => Chi.GetValueOrDefault(kv.Key, 1.0)).DefaultIfEmpty(double.PositiveInfinity).Min(),
            known.Where(kv => fixedStates![kv.Key] > 0).Sum(kv => kv.Value * fixedStates![kv.Key]));
        var free = composition.Amounts.Where(kv => fixedStates is null || !fixedStates.ContainsKey(kv.Key)).ToList();
        var els = free.Select(kv => kv.Key).ToArray();
        var n = free.Select(kv => kv.Value).ToArray();
        var options = els.Select(e =>
        {
            var st = Element.FromSymbol(e).CommonOxidationStates;
            return st.Count == 0 ? new[] { 0 } : st.ToArray();
        }).ToArray();
        long combos = options.Aggregate(1L, (a, o) => a * o.Length);
        if (combos > MaxCombinations)
        {
            // Too many elements for the exhaustive search: fall back to the sign of each element's first state
            // for electronegative elements (first listed state is the lowest).
            var simple = els.Select((e, i) => options[i][0] < 0 && Chi.GetValueOrDefault(e, 1.0) >= 2.5 ? options[i][0] : options[i].Max()).ToArray();
            return Make(els, n, simple, fixedPart);
        }
        var chis = els.Select(e => Chi.GetValueOrDefault(e, 1.0)).ToArray();
        // First pass: only assignments where every anion is more electronegative than every cation; if none
        // exists (unusual formulas), any assignment.
        return Search(els, n, options, chis, fixedPart, requireConsistent: true) ?? Search(els, n, options, chis, fixedPart, requireConsistent: false)!;
    }

    /// <summary>What the fixed elements contribute: charge, charge x chi, the most electronegative cation and least
    /// electronegative anion among them, and their positive charge.</summary>
    private readonly record struct FixedPart(double Charge, double ChiScore, double MaxCationChi, double MinAnionChi, double Positive);

    private static OxidationStateGuess? Search(string[] els, double[] n, int[][] options, double[] chis, FixedPart fx, bool requireConsistent)
    {
        var idx = new int[els.Length];
        int[]? best = null;
        double bestImb = double.PositiveInfinity, bestChi = double.PositiveInfinity;
        double scale = Math.Max(1e-9, n.Sum());
        while (true)
        {
            double imb = fx.Charge, chiScore = fx.ChiScore, maxPos = fx.MaxCationChi, minNeg = fx.MinAnionChi;
            for (int i = 0; i < els.Length; i++)
            {
                int q = options[i][idx[i]];
                imb += n[i] * q;
                chiScore += n[i] * q * chis[i];
                if (q > 0) maxPos = Math.Max(maxPos, chis[i]);
                if (q < 0) minNeg = Math.Min(minNeg, chis[i]);
            }
            double a = Math.Abs(imb);
            bool better = (!requireConsistent || maxPos < minNeg) && a < bestImb - 1e-6 * scale || (Math.Abs(a - bestImb) <= 1e-6 * scale && chiScore < bestChi - 1e-9);
            if (better)
            {
                bestImb = a;
                bestChi = chiScore;
                best = els.Select((_, i) => options[i][idx[i]]).ToArray();
            }
            int k = 0;
            while (k < els.Length && ++idx[k] == options[k].Length) { idx[k] = 0; k++; }
            if (k == els.Length) break;
        }
        return best is null ? null : Make(els, n, best, fx);
    }

    private static OxidationStateGuess Make(string[] els, double[] n, int[] q, FixedPart fx)
    {
        double imb = fx.Charge, positive = fx.Positive;
        for (int i = 0; i < els.Length; i++)
        {
            imb += n[i] * q[i];
            if (q[i] > 0) positive += n[i] * q[i];
        }
        var dict = new Dictionary<string, int>();
        for (int i = 0; i < els.Length; i++) dict[els[i]] = q[i];
        if (Math.Abs(imb) < 1e-9) imb = 0;
        return new OxidationStateGuess(dict, imb, Math.Abs(imb) <= 0.01 * Math.Max(positive, 1e-9) + 1e-9);
    }
}
