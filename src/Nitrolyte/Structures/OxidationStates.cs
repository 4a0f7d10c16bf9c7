using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Structures;

/// <summary>
/// Oxidation states for electrostatics: the one oxidation-state rule of Chemistry (<see cref="OxidationStateGuesser"/>:
/// common states from elements.csv, smallest charge imbalance, anions more electronegative than cations) with layers on
/// top that a structure needs. In order: (1) explicit overrides (e.g. Li=1,N=-3,Cl=-1) win; (2) states already on the
/// species are kept, also fractional ones; (3) the other elements get the rule's states, with the known ones counted in
/// the balance; (4) when those leave the cell charged by more than <see cref="ImbalanceTolerance"/> of its cation charge
/// the structure is refused, asking for the states explicitly (--oxidation). The tolerance lets through refined
/// compositions that are a little off stoichiometry (OBELiX joc: Li6P2S7.82, 2.3 %). Before issue 15 the structure used
/// a table of one state per ion (Sn +4: SnS got Sn+4 and a charged cell; now Sn+2) and at most one element solved for
/// neutrality; on the bundled prototypes and example/testdata structures the states are the same (LaB6, metallic, is now
/// refused instead of getting La+3 B+3 and a cell charged by 21 e). See docs/architecture.md.
/// </summary>
public static class OxidationStates
{
    /// <summary>The largest |net charge| left by the rule's states, as a fraction of the cell's cation charge, that is accepted.</summary>
    public const double ImbalanceTolerance = 0.05;

    /// <summary>Parses "Li=1,N=-3,Cl=-1".</summary>
    public static Dictionary<string, double> ParseOverrides(string? text)
    {
        var d = new Dictionary<string, double>();
        if (string.IsNullOrWhiteSpace(text)) return d;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !Element.TryGet(kv[0], out _) ||
                !double.TryParse(kv[1].Replace("+", ""), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
                throw new NitrolyteInputException($"oxidation states: '{part}' is not Element=charge (e.g. Li=1,N=-3)");
            d[kv[0]] = v;
        }
        return d;
    }

    /// <summary>Returns a copy of the structure with an oxidation state on every species (see the class summary for the rule).</summary>
    public static Structure Assign(Structure s, IReadOnlyDictionary<string, double>? overrides = null)
    {
        var elements = s.Sites.SelectMany(x => x.Species).Select(x => x.Element).Distinct().ToList();
        var given = new Dictionary<string, double>();
        foreach (var sp in s.Sites.SelectMany(x => x.Species))
            if (sp.OxidationState is { } ox) given.TryAdd(sp.Element, ox);
        // layers 1 and 2: the user's overrides, then states already on the species (also fractional ones)
        var map = new Dictionary<string, double>();
        foreach (var e in elements)
        {
            if (overrides is not null && overrides.TryGetValue(e, out var o)) map[e] = o;
            else if (given.TryGetValue(e, out var g)) map[e] = g;
        }
        // layer 3: the one rule (Chemistry) for the others, with the known states counted
        var free = elements.Where(e => !map.ContainsKey(e)).ToList();
        if (free.Count > 0)
        {
            var guess = OxidationStateGuesser.Guess(s.Composition, map);
            Refuse(elements, guess, map, s.Composition);
            foreach (var (e, q) in guess.States) map[e] = q;
        }
        return s.WithSites(s.Sites.Select(site => site with
        {
            Species = site.Species.Select(sp => sp with { OxidationState = overrides is not null && overrides.ContainsKey(sp.Element) ? overrides[sp.Element] : sp.OxidationState ?? map[sp.Element] }).ToList(),
        }));
    }

    /// <summary>Layer 4: the rule's states must make the cell neutral within <see cref="ImbalanceTolerance"/> of its
    /// cation charge; otherwise the structure is refused, naming the states tried and asking for --oxidation (no Ewald
    /// energy of a cell the ionic model does not fit, e.g. a metallic boride).</summary>
    private static void Refuse(List<string> elements, OxidationStateGuess guess, Dictionary<string, double> known, Composition comp)
    {
        double positive = known.Where(kv => kv.Value > 0).Sum(kv => kv.Value * comp[kv.Key]) + guess.States.Where(kv => kv.Value > 0).Sum(kv => kv.Value * comp[kv.Key]);
        double imbalance = guess.ChargeImbalance;
        if (Math.Abs(imbalance) <= ImbalanceTolerance * Math.Max(positive, 1e-9) + 1e-9) return;
        var tried = string.Join(", ", guess.States.Select(kv => $"{kv.Key}{kv.Value:+0;-0}").Concat(known.Select(kv => $"{kv.Key}{kv.Value:+0.###;-0.###} (given)")));
        throw new NitrolyteInputException(
            $"cannot assign oxidation states: the common states ({tried}) leave the cell charged by {imbalance:+0.###;-0.###} e " +
            $"({100 * Math.Abs(imbalance) / Math.Max(positive, 1e-9):0.#} % of the cation charge); give them with --oxidation, e.g. {string.Join(",", elements.Select(x => x + "=..."))}");
    }

    /// <summary>Net charge of the cell (occupancy-weighted), e.</summary>
    public static double NetCharge(Structure s) => s.Sites.SelectMany(x => x.Species).Sum(sp => sp.Occupancy * (sp.OxidationState ?? 0));
}
