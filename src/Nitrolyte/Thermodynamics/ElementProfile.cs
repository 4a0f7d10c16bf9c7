using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Thermodynamics;

/// <summary>
/// One step of an element profile: at chemical potentials of the open element just below <see cref="ChemicalPotentialEV"/>
/// (down to the next step's value) the composition is in equilibrium with <see cref="Phases"/>, having gained
/// <see cref="GainedPerFormulaUnit"/> atoms of the element per formula unit as written (negative: released).
/// For lithium, <see cref="VoltageV"/> = −(μ_Li − μ_Li(metal))/e is the potential vs Li/Li⁺ at which the step starts.
/// </summary>
public sealed record ProfileStep(double ChemicalPotentialEV, double VoltageV, double GainedPerFormulaUnit,
    IReadOnlyList<DecompositionPart> Phases, double MixingParameter, double ProductsEnergyEV);

/// <summary>Electrochemical stability window of a composition against an open element (Li).</summary>
public sealed record StabilityWindow(string Formula, string OpenElement, double LowV, double HighV, double LowMuEV, double HighMuEV,
    bool OnHull, double EAboveHullEVPerAtom, IReadOnlyList<DecompositionPart> PhasesInWindow, string Note, IReadOnlyList<ProfileStep> Profile);

/// <summary>
/// Open-system analyses on a phase diagram: the element profile of a composition as the chemical potential of one
/// element is lowered (pymatgen's get_element_profile), and the electrochemical stability window it implies.
///
/// The composition is joined by a straight line to the pure element; the hull along that line is convex and
/// piecewise linear (<see cref="PhaseDiagram.CriticalPoints"/>). Each kink is a step: its products are the
/// decomposition at the kink, its chemical potential is the slope of the segment on the element-rich side extrapolated
/// to the pure element (the μ of that two-phase region), and the element gained follows from the kink position.
/// </summary>
public static class ElementProfile
{
    public static IReadOnlyList<ProfileStep> Compute(PhaseDiagram pd, string element, Composition composition)
    {
        int xi = pd.IndexOf(element);
        var rest = new Composition(composition.Amounts.Where(kv => kv.Key != element));
        if (rest.Amounts.Count == 0) throw new NitrolyteInputException($"{composition.Formula} is pure {element}: no profile");
        pd.Fractions(composition); // validates the elements
        double nRest = pd.Amounts(rest).Sum();
        double cX = composition[element];
        double refX = pd.ReferenceEnergyPerAtomEV(element);
        var (points, segments) = pd.CriticalPoints(new Composition([new KeyValuePair<string, double>(element, 1)]), rest);
        var steps = new List<ProfileStep>();
        var xa = new double[pd.Elements.Count];
        xa[xi] = 1;
        var xb = pd.Fractions(rest);
        for (int k = 1; k < points.Count; k++)
        {
            double s = points[k];
            var x = xa.Select((v, i) => (1 - s) * v + s * xb[i]).ToArray();
            var d = pd.GetDecompositionOfFractions(x);
            double mu = segments[k - 1].InterceptEV + refX;
            double gained = (1 - s) / s * nRest - cX;
            if (Math.Abs(gained) < 1e-9) gained = 0;
            // Energy of the products of one formula unit: hull energy per atom × (non-X atoms / non-X fraction).
            steps.Add(new ProfileStep(mu, refX - mu, gained, d.Parts, s, d.HullEnergyPerAtomEV * nRest / s));
        }
        return steps;
    }

    /// <summary>
    /// Open-system decomposition energy (seed 002 eq.; Zhu, Mo et al. 2015), eV per atom of the formula:
    /// ΔE_D(μ) = E[equilibrium products at μ] − E(phase) − Δn·μ, the minimum over the profile's phase equilibria.
    /// Zero inside the window of a stable phase, negative outside it (and everywhere for a phase above the hull).
    /// </summary>
    public static double DecompositionEnergyEVPerAtom(IReadOnlyList<ProfileStep> profile, Composition composition, double phaseEnergyEV, double muEV)
    {
        double best = double.PositiveInfinity;
        foreach (var s in profile) best = Math.Min(best, s.ProductsEnergyEV - phaseEnergyEV - s.GainedPerFormulaUnit * muEV);
        return best / composition.TotalAtoms;
    }

    /// <summary>
    /// The window of a composition against an open element: the range of −(μ − μ_ref) over which it exchanges none
    /// of that element with the reservoir. For a stable phase that is the range where it is itself on the hull; for a
    /// phase above the hull it is the window of its decomposition products (possibly of zero width), and the note says so.
    /// </summary>
    public static StabilityWindow Window(PhaseDiagram pd, Composition composition, string element = "Li", Entry? entry = null)
    {
        var profile = Compute(pd, element, composition);
        var refX = pd.ReferenceEnergyPerAtomEV(element);
        double ea;
        bool onHull;
        IReadOnlyList<DecompositionPart> decomposition;
        if (entry is not null)
        {
            var (dec, e) = pd.DecompositionAndEAboveHull(entry);
            ea = e; decomposition = dec.Parts;
        }
        else
        {
            var dec = pd.GetDecomposition(composition);
            ea = double.NaN; decomposition = dec.Parts;
        }
        onHull = decomposition.Count == 1 && pd.Fractions(decomposition[0].Entry.Composition).Zip(pd.Fractions(composition)).All(p => Math.Abs(p.First - p.Second) < 1e-8)
                 && (entry is null || ea <= 1e-9);
        int z = -1;
        for (int k = 0; k < profile.Count; k++) if (profile[k].GainedPerFormulaUnit == 0) { z = k; break; }
        double lowMu, highMu;
        IReadOnlyList<DecompositionPart> phases;
        string note;
        if (z >= 0)
        {
            lowMu = profile[z].ChemicalPotentialEV;                       // highest μ (lowest voltage)
            highMu = z + 1 < profile.Count ? profile[z + 1].ChemicalPotentialEV : double.NegativeInfinity;
            phases = profile[z].Phases;
        }
        else
        {
            // The composition lies inside a two-phase segment: it reacts as soon as μ moves.
            int k = 0;
            while (k < profile.Count && profile[k].GainedPerFormulaUnit > 0) k++;
            k = Math.Min(k, profile.Count - 1);
            lowMu = highMu = profile[k].ChemicalPotentialEV;
            phases = decomposition;
        }
        string name = composition.Formula;
        if (onHull) note = $"{name} is on the hull: the window is where it is itself stable.";
        else if (entry is not null && ea > 1e-9)
            note = $"{name} is {ea * 1000:0.#} meV/atom above the hull (decomposes to {string.Join(" + ", decomposition.Select(p => p.Entry.Name))}): the window is that of its decomposition products" +
                   (lowMu == highMu ? " and has zero width (the products exchange Li at once)." : ".");
        else note = $"{name} is not a stable phase: the window is that of its equilibrium products {string.Join(" + ", phases.Select(p => p.Entry.Name))}" +
                    (lowMu == highMu ? " and has zero width." : ".");
        double lowV = refX - lowMu, highV = double.IsNegativeInfinity(highMu) ? double.PositiveInfinity : refX - highMu;
        return new StabilityWindow(name, element, lowV, highV, lowMu, highMu, onHull, ea, phases, note, profile);
    }
}
