using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Structures;

/// <summary>
/// Oxidation states for electrostatics. Rule (documented in docs/structures.md): states already on the species are
/// kept; then explicit overrides (e.g. Li=1,N=-3,Cl=-1); then a fixed table of common ions: alkali metals and Ag +1;
/// alkaline earths and Zn +2; B, Al, Ga, In, Sc, Y, La +3; Si, Ge, Sn, Ti, Zr, Hf +4; halogens -1;
/// O, S, Se, Te -2; N -3; P -3 when no O/S/Se/Te is present, else +5; H +1 (with anions) or -1 (hydride, no anions).
/// At most one element outside the table is solved for charge neutrality among its common oxidation states
/// (elements.csv). If that fails the caller must give the states explicitly.
/// This is deliberately not <see cref="OxidationStateGuesser"/> (the formula-level rule in Chemistry): Ewald needs a
/// state on every species that the user can override and that keeps states already in the file (also fractional
/// ones), and it must refuse rather than guess when two elements are outside the table; the guesser always answers
/// with integer states and a balance flag. On the bundled prototypes and example/testdata CIFs both give the same
/// states; they differ e.g. on SnS (table Sn+4, guesser Sn+2) and LaB6 (both B+3 La+3, only the guesser flags the
/// imbalance). See docs/architecture.md.
/// </summary>
public static class OxidationStates
{
    private static readonly Dictionary<string, double> Table = new()
    {
        ["Li"] = 1, ["Na"] = 1, ["K"] = 1, ["Rb"] = 1, ["Cs"] = 1, ["Ag"] = 1,
        ["Be"] = 2, ["Mg"] = 2, ["Ca"] = 2, ["Sr"] = 2, ["Ba"] = 2, ["Zn"] = 2,
        ["B"] = 3, ["Al"] = 3, ["Ga"] = 3, ["In"] = 3, ["Sc"] = 3, ["Y"] = 3, ["La"] = 3,
        ["Si"] = 4, ["Ge"] = 4, ["Sn"] = 4, ["Ti"] = 4, ["Zr"] = 4, ["Hf"] = 4,
        ["F"] = -1, ["Cl"] = -1, ["Br"] = -1, ["I"] = -1,
        ["O"] = -2, ["S"] = -2, ["Se"] = -2, ["Te"] = -2, ["N"] = -3,
    };

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
        var map = new Dictionary<string, double>();
        bool hasChalcogen = elements.Any(e => e is "O" or "S" or "Se" or "Te");
        bool hasAnion = elements.Any(e => e is "F" or "Cl" or "Br" or "I" or "O" or "S" or "Se" or "Te" or "N" or "P");
        var unknown = new List<string>();
        foreach (var e in elements)
        {
            if (overrides is not null && overrides.TryGetValue(e, out var o)) map[e] = o;
            else if (given.TryGetValue(e, out var g)) map[e] = g;
            else if (e == "P") map[e] = hasChalcogen ? 5 : -3;
            else if (e == "H") map[e] = hasAnion ? 1 : -1;
            else if (Table.TryGetValue(e, out var t)) map[e] = t;
            else unknown.Add(e);
        }
        var comp = s.Composition;
        if (unknown.Count == 1)
        {
            var e = unknown[0];
            double rest = map.Sum(kv => kv.Value * comp[kv.Key]);
            double need = -rest / comp[e];
            var options = Element.FromSymbol(e).CommonOxidationStates;
            var best = options.Where(x => Math.Abs(x - need) < 1e-3).Select(x => (double?)x).FirstOrDefault();
            map[e] = best ?? throw new NitrolyteInputException(
                $"cannot assign an oxidation state to {e} (neutrality needs {need:0.###}, common states {string.Join("/", options)}); give them with --oxidation, e.g. {string.Join(",", elements.Select(x => x + "=..."))}");
        }
        else if (unknown.Count > 1)
            throw new NitrolyteInputException($"no oxidation-state rule for {string.Join(", ", unknown)}; give them with --oxidation (e.g. {string.Join(",", unknown.Select(x => x + "=2"))})");
        return s.WithSites(s.Sites.Select(site => site with
        {
            Species = site.Species.Select(sp => sp with { OxidationState = overrides is not null && overrides.ContainsKey(sp.Element) ? overrides[sp.Element] : sp.OxidationState ?? map[sp.Element] }).ToList(),
        }));
    }

    /// <summary>Net charge of the cell (occupancy-weighted), e.</summary>
    public static double NetCharge(Structure s) => s.Sites.SelectMany(x => x.Species).Sum(sp => sp.Occupancy * (sp.OxidationState ?? 0));
}
