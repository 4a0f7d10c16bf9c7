#!/usr/bin/env python3
"""Reference numbers from pymatgen for Nitrolyte's Thermodynamics tests (run with /usr/bin/python3 + pymatgen).

Usage: /usr/bin/python3 bench/scripts/thermo_reference.py ../shared/testdata/dft_entries/pymatgen/pd_entries_test.csv
Prints JSON: e_above_hull and formation energy per CSV row (row order, duplicates included), element profiles,
interface reactions and the other quantities the tests in tests/Nitrolyte.Tests/Thermodynamics compare with.
"""
import csv, json, sys, warnings
warnings.filterwarnings("ignore")
from pymatgen.core import Composition, Element
from pymatgen.analysis.phase_diagram import PhaseDiagram, PDEntry, GrandPotentialPhaseDiagram, CompoundPhaseDiagram
from pymatgen.entries.entry_tools import EntrySet
from pymatgen.analysis.interface_reactions import InterfacialReactivity, GrandPotentialInterfacialReactivity

path = sys.argv[1]
entries = EntrySet.from_csv(path)
pd = PhaseDiagram(entries)
out = {"pymatgen_entries": len(entries), "stable": sorted(e.composition.reduced_formula for e in pd.stable_entries)}
rows = []
with open(path) as f:
    r = csv.reader(f)
    header = next(r)
    els = header[1:-1]
    for row in r:
        comp = Composition({el: float(v) for el, v in zip(els, row[1:-1]) if float(v) != 0})
        e = PDEntry(comp, float(row[-1]), name=row[0])
        rows.append({"name": row[0], "e_above_hull": pd.get_e_above_hull(e), "form_e_per_atom": pd.get_form_energy_per_atom(e)})
out["rows"] = rows

def prof(el, formula):
    res = []
    for step in pd.get_element_profile(Element(el), Composition(formula)):
        res.append({"chempot": step["chempot"], "evolution": step["evolution"],
                    "entries": sorted(e.composition.reduced_formula for e in step["entries"])})
    return res
out["profile_O_Li2O"] = prof("O", "Li2O")
out["profile_Li_LiFeO2"] = prof("Li", "LiFeO2")
out["profile_Li_Fe2O3"] = prof("Li", "Fe2O3")
out["profile_Li_Li5FeO4"] = prof("Li", "Li5FeO4")
out["profile_Li_Li3Fe7O11"] = prof("Li", "Li3Fe7O11")

def ir(a, b):
    i = InterfacialReactivity(Composition(a), Composition(b), pd, norm=True, use_hull_energy=False)
    kinks = [{"x": x, "energy": en, "reaction": str(rx)} for _, x, en, rx, _ in i.get_kinks()]
    return {"kinks": kinks, "minimum": list(i.minimum)}
out["interface"] = {f"{a}|{b}": ir(a, b) for a, b in [("Li", "Fe2O3"), ("LiFeO2", "Li"), ("Li2O2", "Fe"), ("Fe3O4", "Li2O")]}

def gir(a, b, el, mu):
    gpd = GrandPotentialPhaseDiagram(entries, {Element(el): mu})
    i = GrandPotentialInterfacialReactivity(Composition(a), Composition(b), gpd, pd_non_grand=pd, norm=True, include_no_mixing_energy=False, use_hull_energy=True)
    kinks = [{"x": x, "energy": en, "reaction": str(rx)} for _, x, en, rx, _ in i.get_kinks()]
    return {"kinks": kinks, "minimum": list(i.minimum)}
out["grand_interface"] = {"Fe2O3|Li2O2|O|-6": gir("Fe2O3", "Li2O2", "O", -6.0), "LiFeO2|Fe|Li|-3": gir("LiFeO2", "Fe", "Li", -3.0)}

for mu in (-5.0, -6.0):
    gpd = GrandPotentialPhaseDiagram(entries, {Element("O"): mu})
    out[f"grand_O_{mu}"] = sorted([e.original_entry.composition.reduced_formula, gpd.get_form_energy(e)] for e in gpd.stable_entries)
cpd = CompoundPhaseDiagram(entries, [Composition("Li2O"), Composition("Fe2O3")])
out["compound"] = sorted([e.original_entry.composition.reduced_formula, cpd.get_form_energy(e)] for e in cpd.stable_entries)
out["critical_Fe2O3_Li2O"] = [c.reduced_formula for c in pd.get_critical_compositions(Composition("Fe2O3"), Composition("Li2O"))]
out["chempot_range_LiFeO2_O"] = {str(k): v for k, v in pd.get_chempot_range_stability_phase(Composition("LiFeO2"), Element("O")).items()}
out["all_chempots_Fe3.1O4"] = {k: {str(e): v for e, v in d.items()} for k, d in pd.get_all_chempots(Composition("Fe3.1O4")).items()}
out["decomp_Li3Fe7O11"] = {e.name: v for e, v in pd.get_decomposition(Composition("Li3Fe7O11")).items()}
json.dump(out, sys.stdout, indent=1)
