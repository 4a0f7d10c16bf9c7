using System.Text.Json.Nodes;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Reports;

/// <summary>
/// The one JSON shape of stability results (`stability hull|window|interface|vacancy --json` and the evaluation's
/// stability step). The window note is "note" as documented in docs/stability.md; evaluate also writes it as
/// "window_note", its earlier name, for one release.
/// </summary>
public static class StabilityJson
{
    /// <summary>The phase diagram: elements, references, stable phases and every entry with E above hull and decomposition.</summary>
    public static JsonObject Hull(PhaseDiagram pd, IReadOnlyList<double> ea, int duplicatesDropped)
    {
        var arr = new JsonArray();
        for (int i = 0; i < pd.AllEntries.Count; i++)
        {
            var e = pd.AllEntries[i];
            var (dec, _) = pd.DecompositionAndEAboveHull(e);
            var orig = pd.OriginalOf.TryGetValue(e, out var oe) ? oe : e;
            arr.Add(new JsonObject
            {
                ["name"] = e.Name,
                ["formula"] = orig.Formula,
                ["id"] = e.Id,
                ["energy_per_atom_ev"] = pd.EnergyPerAtomEV(e),
                ["formation_energy_per_atom_ev"] = pd.FormationEnergyPerAtomEV(e),
                ["e_above_hull_ev_per_atom"] = ea[i],
                ["stable"] = pd.IsStable(e),
                ["decomposition"] = Fractions(dec.Parts),
            });
        }
        return new JsonObject
        {
            ["elements"] = new JsonArray(pd.Elements.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
            ["open_elements_mu_ev"] = pd.OpenChemicalPotentialsEV.Count == 0 ? null : new JsonObject(pd.OpenChemicalPotentialsEV.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
            ["n_entries"] = pd.AllEntries.Count,
            ["duplicates_dropped"] = duplicatesDropped,
            ["element_references_ev_per_atom"] = new JsonObject(pd.ElementReferences.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, pd.EnergyPerAtomEV(kv.Value)))),
            ["stable"] = new JsonArray(pd.StableEntries.Select(e => (JsonNode?)JsonValue.Create((pd.OriginalOf.TryGetValue(e, out var oe) ? oe : e).Formula)).ToArray()),
            ["entries"] = arr,
        };
    }

    public static JsonObject Window(StabilityWindow w, MaterialInDiagram placed) => new()
    {
        ["formula"] = w.Formula,
        ["entry"] = placed.Entry?.Name,
        ["open_element"] = w.OpenElement,
        ["e_above_hull_ev_per_atom"] = Json.Number(placed.Entry is null ? double.NaN : w.EAboveHullEVPerAtom),
        ["on_hull"] = w.OnHull,
        ["window_v"] = new JsonArray(Json.Number(w.LowV), Json.Number(w.HighV)),
        ["window_mu_ev"] = new JsonArray(Json.Number(w.HighMuEV), Json.Number(w.LowMuEV)),
        ["phases_in_window"] = Names(w.PhasesInWindow),
        ["note"] = w.Note,
        ["reference_mu_ev"] = placed.Diagram.ReferenceEnergyPerAtomEV(w.OpenElement),
        ["decomposition_energy_ev_per_atom"] = placed.Entry is not { } pe ? null : new JsonArray(
            w.Profile.Select(s => s.VoltageV).Prepend(0).Where(v => v >= 0).Distinct().Order().Select(v => (JsonNode?)new JsonObject
            {
                ["voltage_v"] = v,
                ["energy_ev_per_atom"] = ElementProfile.DecompositionEnergyEVPerAtom(w.Profile, placed.Composition, pe.EnergyPerAtomEV * placed.Composition.TotalAtoms,
                    placed.Diagram.ReferenceEnergyPerAtomEV(w.OpenElement) - v),
            }).ToArray()),
        ["profile"] = new JsonArray(w.Profile.Select(s => (JsonNode?)new JsonObject
        {
            ["voltage_v"] = s.VoltageV,
            ["mu_ev"] = s.ChemicalPotentialEV,
            ["delta_li_per_formula"] = s.GainedPerFormulaUnit,
            ["phases"] = Names(s.Phases),
            ["phase_fractions"] = Fractions(s.Phases),
        }).ToArray()),
    };

    public static JsonObject Interface(InterfaceReactionResult r) => new()
    {
        ["a"] = r.A,
        ["b"] = r.B,
        ["open_element"] = r.OpenElement,
        ["mu_ev"] = r.OpenChemicalPotentialEV,
        ["energy_a_ev_per_atom"] = r.EnergyAEVPerAtom,
        ["energy_b_ev_per_atom"] = r.EnergyBEVPerAtom,
        ["min_reaction_energy_ev_per_atom"] = r.Minimum.EnergyEVPerAtom,
        ["mixing_ratio"] = r.Minimum.X,
        ["products"] = Names(r.Minimum.Products),
        ["kinks"] = new JsonArray(r.Kinks.Select(k => (JsonNode?)new JsonObject
        {
            ["x"] = k.X,
            ["energy_ev_per_atom"] = k.EnergyEVPerAtom,
            ["products"] = Names(k.Products),
            ["product_fractions"] = Fractions(k.Products),
        }).ToArray()),
    };

    public static JsonObject Vacancy(VacancySummary s) => new()
    {
        ["host_ev"] = s.HostEnergyEV,
        ["reference_ev"] = s.ReferenceEnergyEV,
        ["sites"] = new JsonArray(s.Sites.Select(x => (JsonNode?)new JsonObject
        {
            ["label"] = x.Label, ["defect_energy_ev"] = x.DefectEnergyEV, ["formation_energy_ev"] = x.FormationEnergyEV,
        }).ToArray()),
        ["mean_ev"] = s.MeanEV,
        ["min_ev"] = s.MinEV,
        ["max_ev"] = s.MaxEV,
        ["min_site"] = s.MinSite,
    };

    public static JsonObject Fractions(IEnumerable<DecompositionPart> parts)
    {
        var o = new JsonObject();
        foreach (var p in parts)
        {
            var key = p.Entry.Name;
            o[key] = (o[key]?.GetValue<double>() ?? 0) + p.Fraction;
        }
        return o;
    }

    public static JsonArray Names(IEnumerable<DecompositionPart> parts) => new(parts.Select(p => (JsonNode?)JsonValue.Create(p.Entry.Name)).ToArray());
}
