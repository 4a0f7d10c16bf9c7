using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Reports;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// Computed entries (technique <c>entries</c> or <c>dft_entries</c>) → phase diagram of the material's chemical
/// system, energy above hull and decomposition, the electrochemical window vs Li with the equilibrium voltage profile,
/// the reaction energy with Li metal and, optionally, with a partner (<c>options.partner</c>: a cathode or
/// cathode-side electrolyte formula). Options: <c>formula</c> (default: the manifest's), <c>energy_ev</c> (total
/// energy of the formula as written when the material is not among the entries), <c>open</c> (default Li),
/// <c>use_hull_energy</c> (default true: reactant energies from the hull, see below).
/// </summary>
public sealed class StabilityStep : IEvaluationStep
{
    public IReadOnlyList<string> Techniques { get; } = ["entries", "dft_entries"];
    /// <summary>Keys read from the data item's options (parsed once into <see cref="StabilityStepOptions"/>).</summary>
    public IReadOnlyCollection<string> OptionKeys => StabilityStepOptions.Keys;
    public string Name => "stability";

    public StepOutcome Run(DataEntry entry, EvaluationContext context)
    {
        var opt = StabilityStepOptions.Parse(entry);
        var formulaText = opt.Formula ?? context.Manifest.Formula
                          ?? throw new NitrolyteInputException($"{context.Manifest.ManifestPath}: the entries item needs options.formula (or a top-level formula:)");
        var formula = StabilityAnalysis.ParseFormula(formulaText);
        var open = opt.Open;
        if (!Element.TryGet(open, out _)) throw new NitrolyteInputException($"{context.Manifest.ManifestPath}: options.open '{open}' is not an element");
        double? energy = opt.EnergyEV;
        var partnerText = opt.Partner;
        // Reaction energies use the hull energy of the reactants by default, so that a metastable material's own
        // decomposition (reported as e_above_hull) is not counted again as a reaction with Li (seed 003 reports zero
        // reaction energy with Li for a phase 17 meV/atom above the hull). use_hull_energy: false gives pymatgen's default.
        bool useHull = opt.UseHullEnergy;
        var set = EntryReader.ReadAll(entry.Files);

        var placed = StabilityAnalysis.Place(set.Entries, formula, energy, [open]);
        var pd = placed.Diagram;
        var w = ElementProfile.Window(pd, formula, open, placed.Entry);
        var results = new JsonObject
        {
            ["files"] = new JsonArray(entry.Files.Select(f => (JsonNode?)JsonValue.Create(Path.GetFileName(f))).ToArray()),
            ["chemical_system"] = string.Join("-", pd.Elements),
            ["n_entries"] = pd.AllEntries.Count,
            ["stable"] = new JsonArray(pd.StableEntries.Select(e => (JsonNode?)JsonValue.Create(e.Name)).ToArray()),
        };
        // the one window shape (StabilityJson, as `stability window --json`); "window_note" is the earlier name of "note", kept for one release
        var window = StabilityJson.Window(w, placed);
        foreach (var (k, v) in window) results[k] = v?.DeepClone();
        results["window_note"] = w.Note;
        if (placed.Entry is { } me)
        {
            var (dec, _) = pd.DecompositionAndEAboveHull(me);
            results["formation_energy_per_atom_ev"] = pd.FormationEnergyPerAtomEV(me);
            results["decomposition"] = new JsonObject(dec.Parts.Select(p => new KeyValuePair<string, JsonNode?>(p.Entry.Name, p.Fraction)));
        }

        var section = new ReportSection { Key = $"stability-{entry.Index}", Title = $"Thermodynamic stability from computed energies: {entry.DisplayName}" };
        section.Paragraphs.Add($"{pd.AllEntries.Count} entries in {string.Join("-", pd.Elements)} ({string.Join(", ", entry.Files.Select(Path.GetFileName))}); stable phases: {string.Join(", ", pd.StableEntries.Select(e => e.Name))}.");
        if (placed.Entry is null)
            section.Warnings.Add($"No entry with the composition {formula.Formula}: energy above hull unknown; the window is that of the equilibrium products at this composition.");
        else
            section.Paragraphs.Add($"{placed.Entry.Name}: formation energy {pd.FormationEnergyPerAtomEV(placed.Entry):0.000} eV/atom, " +
                                   $"{w.EAboveHullEVPerAtom * 1000:0.0} meV/atom above the hull.");
        section.Paragraphs.Add($"Electrochemical window vs {open}/{open}⁺: {Fmt(w.LowV)} – {Fmt(w.HighV)} V. {w.Note}");
        section.Tables.Add(new ReportTable($"Equilibrium voltage profile ({open} grand potential)", ["from V", $"μ_{open} (eV)", $"{open} gained per f.u.", "phase equilibrium"],
            w.Profile.Select(s => (IReadOnlyList<string>)[s.VoltageV.ToString("0.000", CultureInfo.InvariantCulture), s.ChemicalPotentialEV.ToString("0.0000", CultureInfo.InvariantCulture),
                s.GainedPerFormulaUnit.ToString("+0.###;-0.###;0", CultureInfo.InvariantCulture), string.Join(" + ", s.Phases.Select(p => p.Entry.Name))]).ToList()));
        section.Figures.Add(StabilityPlots.VoltageProfile(w));
        if (placed.Entry is { } pe0)
            section.Figures.Add(StabilityPlots.DecompositionEnergy(w, formula, pe0.EnergyPerAtomEV * formula.TotalAtoms, pd.ReferenceEnergyPerAtomEV(open)));

        var outcome = new StepOutcome { Results = results, Section = section };
        if (placed.Entry is not null)
            outcome.Metrics.Add(new MetricValue(MetricKeys.EnergyAboveHull, w.EAboveHullEVPerAtom, "eV/atom", entry.DisplayName));
        if (open == "Li")
        {
            outcome.Metrics.Add(new MetricValue(MetricKeys.WindowLowV, w.LowV, "V", entry.DisplayName, w.OnHull ? null : "window of the decomposition products"));
            outcome.Metrics.Add(new MetricValue(MetricKeys.WindowHighV, w.HighV, "V", entry.DisplayName, w.OnHull ? null : "window of the decomposition products"));
        }

        if (formula.Elements.Any(e => e != "Li") && pd.Elements.Contains("Li"))
        {
            var li = InterfaceReaction.Compute(pd, formula, Composition.Parse("Li"), useHull);
            results["reaction_with_li"] = StabilityJson.Interface(li);
            section.Paragraphs.Add($"Reaction with Li metal: most negative {li.Minimum.EnergyEVPerAtom * 1000:0.0} meV/atom" +
                                   (li.Minimum.EnergyEVPerAtom < -1e-9 ? $" at x = {li.Minimum.X:0.###} → {string.Join(" + ", li.Minimum.Products.Select(p => p.Entry.Name))}." : " (no reaction)."));
            section.Figures.Add(StabilityPlots.InterfaceEnergy(li));
            outcome.Metrics.Add(new MetricValue(MetricKeys.ReactionEnergyWithLi, li.Minimum.EnergyEVPerAtom, "eV/atom", entry.DisplayName));
        }
        if (partnerText is not null)
        {
            var partner = StabilityAnalysis.ParseFormula(partnerText);
            var els = formula.Elements.Concat(partner.Elements).Distinct().ToList();
            var ppd = new PhaseDiagram(StabilityAnalysis.InSystem(set.Entries.Concat(placed.Entry is { } pe && !set.Entries.Contains(pe) ? [pe] : []), els), els);
            var r = InterfaceReaction.Compute(ppd, formula, partner, useHull);
            results["reaction_with_partner"] = StabilityJson.Interface(r);
            section.Paragraphs.Add($"Reaction with {partner.Formula}: most negative {r.Minimum.EnergyEVPerAtom * 1000:0.0} meV/atom at x = {r.Minimum.X:0.###} → {string.Join(" + ", r.Minimum.Products.Select(p => p.Entry.Name))}.");
            section.Figures.Add(StabilityPlots.InterfaceEnergy(r));
        }
        if (pd.Elements.Count == 3 && pd.StableEntries.Count <= 60) section.Figures.Add(StabilityPlots.Ternary(pd, placed.Entry));
        else if (pd.Elements.Contains(open)) section.Figures.Add(StabilityPlots.HullProjection(pd, open, placed.Entry));
        return outcome;
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("0.000", CultureInfo.InvariantCulture) : "∞";
}
