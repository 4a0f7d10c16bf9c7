using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Thermodynamics;

/// <summary>A kink of the pseudo-binary reaction energy: mixing ratio x (atom fraction of reactant A), energy and products.</summary>
public sealed record InterfaceKink(double X, double EnergyEVPerAtom, IReadOnlyList<DecompositionPart> Products);

public sealed record InterfaceReactionResult(string A, string B, double EnergyAEVPerAtom, double EnergyBEVPerAtom,
    IReadOnlyList<InterfaceKink> Kinks, InterfaceKink Minimum, string? OpenElement, double? OpenChemicalPotentialEV)
{
    /// <summary>Reaction energy (eV/atom) at any mixing ratio: linear between kinks.</summary>
    public double EnergyAt(double x)
    {
        for (int i = 0; i + 1 < Kinks.Count; i++)
            if (x >= Kinks[i].X - 1e-12 && x <= Kinks[i + 1].X + 1e-12)
            {
                double t = (x - Kinks[i].X) / (Kinks[i + 1].X - Kinks[i].X);
                return Kinks[i].EnergyEVPerAtom + t * (Kinks[i + 1].EnergyEVPerAtom - Kinks[i].EnergyEVPerAtom);
            }
        return double.NaN;
    }
}

/// <summary>
/// Pseudo-binary interface reactions between two compositions A and B (pymatgen's InterfacialReactivity, norm=True):
/// ΔE(x) = E_hull(x·a + (1−x)·b) − x·E_A − (1−x)·E_B per atom, with a, b the atomic fractions and x the atom fraction
/// of A. E_A is the lowest energy per atom of an entry at A's composition with negative formation energy (or the hull
/// energy if there is none, or always when <c>useHullEnergy</c>). ΔE is piecewise linear; its kinks are at the critical
/// compositions of the A–B line, so the most negative reaction is at a kink. With an open element the same is done in
/// the grand potential diagram (compositions without the open element, x converted back to the original formulas,
/// reactant energies from the grand hull as pymatgen's GrandPotentialInterfacialReactivity does by default).
/// </summary>
public static class InterfaceReaction
{
    public static InterfaceReactionResult Compute(PhaseDiagram pd, Composition a, Composition b, bool useHullEnergy = false)
    {
        if (pd.OpenChemicalPotentialsEV.Count > 0) throw new NitrolyteInputException("use ComputeOpen for a grand potential diagram");
        double ea = ReactantEnergy(pd, a, useHullEnergy), eb = ReactantEnergy(pd, b, useHullEnergy);
        return Kinks(pd, a, b, ea, eb, 1, 1, null, null);
    }

    /// <summary>Interface reaction in a system open to <paramref name="openElement"/> at chemical potential <paramref name="muEV"/> (absolute, eV/atom).</summary>
    public static InterfaceReactionResult ComputeOpen(IEnumerable<Entry> entries, Composition a, Composition b, string openElement, double muEV)
    {
        var gpd = PhaseDiagram.Grand(entries, new Dictionary<string, double> { [openElement] = muEV });
        var ra = new Composition(a.Amounts.Where(kv => kv.Key != openElement));
        var rb = new Composition(b.Amounts.Where(kv => kv.Key != openElement));
        if (ra.Amounts.Count == 0 || rb.Amounts.Count == 0) throw new NitrolyteInputException($"with {openElement} open, a reactant made only of {openElement} has nothing left");
        double fa = ra.TotalAtoms / a.TotalAtoms, fb = rb.TotalAtoms / b.TotalAtoms;
        double ea = gpd.HullEnergyPerAtomEV(ra), eb = gpd.HullEnergyPerAtomEV(rb);
        return Kinks(gpd, ra, rb, ea, eb, fa, fb, openElement, muEV, a.Formula, b.Formula);
    }

    private static double ReactantEnergy(PhaseDiagram pd, Composition c, bool useHull)
    {
        var x = pd.Fractions(c);
        if (!useHull)
        {
            double best = double.PositiveInfinity;
            foreach (var e in pd.HullCandidates)
            {
                var y = pd.Fractions(e.Composition);
                if (x.Zip(y).All(p => Math.Abs(p.First - p.Second) < 1e-8)) best = Math.Min(best, pd.EnergyPerAtomEV(e));
            }
            if (double.IsFinite(best)) return best;
        }
        return pd.HullEnergyPerAtomEV(c);
    }

    private static InterfaceReactionResult Kinks(PhaseDiagram pd, Composition a, Composition b, double ea, double eb,
        double fa, double fb, string? open, double? mu, string? nameA = null, string? nameB = null)
    {
        var xa = pd.Fractions(a);
        var xb = pd.Fractions(b);
        var (points, _) = pd.CriticalPoints(b, a); // s = 0 at B, 1 at A: s is the atom fraction of A
        var kinks = new List<InterfaceKink>();
        foreach (var s in points)
        {
            var x = xa.Select((v, i) => s * v + (1 - s) * xb[i]).ToArray();
            var d = pd.GetDecompositionOfFractions(x);
            double dE = d.HullEnergyPerAtomEV - s * ea - (1 - s) * eb;
            var products = d.Parts.Select(p => new DecompositionPart(pd.OriginalOf.TryGetValue(p.Entry, out var o) ? o : p.Entry, p.Fraction)).ToList();
            double xc = s * fb / ((1 - s) * fa + s * fb);
            kinks.Add(new InterfaceKink(xc, dE, products));
        }
        var min = kinks.OrderBy(k => k.EnergyEVPerAtom).First();
        return new InterfaceReactionResult(nameA ?? a.Formula, nameB ?? b.Formula, ea, eb, kinks, min, open, mu);
    }
}
