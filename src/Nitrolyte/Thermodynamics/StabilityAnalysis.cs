using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Thermodynamics;

/// <summary>A material placed in a phase diagram: the diagram of its chemical system and the entry that stands for it.</summary>
public sealed record MaterialInDiagram(PhaseDiagram Diagram, Entry? Entry, Composition Composition, IReadOnlyList<Entry> SystemEntries);

/// <summary>Helpers shared by the CLI and the evaluate step: choose the chemical system and the material's entry.</summary>
public static class StabilityAnalysis
{
    /// <summary>Entries whose elements all lie in <paramref name="elements"/>.</summary>
    public static List<Entry> InSystem(IEnumerable<Entry> entries, IEnumerable<string> elements)
    {
        var set = elements.ToHashSet();
        return entries.Where(e => e.Composition.Elements.All(set.Contains)).ToList();
    }

    /// <summary>
    /// The diagram of the chemical system of <paramref name="formula"/> (plus <paramref name="extraElements"/>), and the
    /// material's entry: a new entry with <paramref name="energyEV"/> (total eV of the formula as written) when given,
    /// else the lowest-energy entry with that composition (null when there is none).
    /// </summary>
    public static MaterialInDiagram Place(IEnumerable<Entry> entries, Composition formula, double? energyEV = null, IEnumerable<string>? extraElements = null)
    {
        var els = formula.Elements.Concat(extraElements ?? []).Distinct().ToList();
        var sys = InSystem(entries, els);
        Entry? own = null;
        if (energyEV is { } e)
        {
            own = new Entry(formula, e, 0, $"{formula.Formula} (given energy)");
            sys.Add(own);
        }
        var pd = new PhaseDiagram(sys, els);
        if (own is null)
        {
            var x = pd.Fractions(formula);
            own = sys.Where(en => pd.Fractions(en.Composition).Zip(x).All(p => Math.Abs(p.First - p.Second) < 1e-8))
                .OrderBy(en => en.EnergyPerAtomEV).FirstOrDefault();
        }
        return new MaterialInDiagram(pd, own, formula, sys);
    }

    /// <summary>Absolute chemical potential of an element from a potential vs its metal: μ = μ_ref − V (eV).</summary>
    public static double MuFromVoltage(PhaseDiagram pd, string element, double voltageV) => pd.ReferenceEnergyPerAtomEV(element) - voltageV;

    public static Composition ParseFormula(string text)
    {
        try { return Composition.Parse(text); }
        catch (NitrolyteInputException e) when (!e.Message.StartsWith("formula '", StringComparison.Ordinal))
        {
            throw new NitrolyteInputException($"formula '{text}': {e.Message}");
        }
    }
}
