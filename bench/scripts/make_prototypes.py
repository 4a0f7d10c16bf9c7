#!/usr/bin/python3
"""Writes the prototype CIFs in src/Nitrolyte/Data/prototypes/ from the facts in SCIENCE.md / the seeds.

pymatgen is used only for the International Tables list of symmetry operations of each space group (as xyz
strings); the atoms, occupancies and lattice parameters are typed in below with their sources.
Usage: /usr/bin/python3 bench/scripts/make_prototypes.py
"""
import os
import warnings

warnings.filterwarnings("ignore")
from pymatgen.symmetry.groups import SpaceGroup

OUT = os.path.join(os.path.dirname(__file__), "../../src/Nitrolyte/Data/prototypes")

# name, title/source note, space group (pymatgen symbol, CIF symbol), (a, c or None), sites [(label, [(el, occ, ox)], x, y, z)]
P = [
    ("Li2S", "Li2S antifluorite, a = 5.719 A (SCIENCE.md 6, seed 003)", ("Fm-3m", "Fm-3m"), (5.719, None),
     [("Li1", [("Li", 1, 1)], 0.25, 0.25, 0.25), ("S1", [("S", 1, -2)], 0, 0, 0)]),
    ("Li2S_a5.554", "Li2S antifluorite compressed to a = 5.554 A (seed 003 BVSE comparison, SCIENCE.md 7)", ("Fm-3m", "Fm-3m"), (5.554, None),
     [("Li1", [("Li", 1, 1)], 0.25, 0.25, 0.25), ("S1", [("S", 1, -2)], 0, 0, 0)]),
    ("Li9N2Cl3", "vacancy-rich Li9N2Cl3, defect antifluorite, a = 5.3506(3) A; N:Cl = 2:3 on 4a with 4.5 % vacancy "
     "(N 0.4*0.955 = 0.382, Cl 0.6*0.955 = 0.573), Li on 8c with 14.0 % vacancy (0.86) (seed 002, SCIENCE.md 6)",
     ("Fm-3m", "Fm-3m"), ("5.3506(3)", None),
     [("Li1", [("Li", 0.86, 1)], 0.25, 0.25, 0.25), ("X1", [("N", 0.382, -3), ("Cl", 0.573, -1)], 0, 0, 0)]),
    ("Li2.5N0.5S0.5", "antifluorite Li2.5N0.5S0.5, a = 5.458 A, N/S 1:1 on 4a, Li1 on 8c fully occupied, extra Li2 on 24e (x,0,0) "
     "(seed 003). x = 0.28 from the difference-Fourier planes z = 0, 0.28, 0.5 quoted in the text; the 24e occupancy is set "
     "to 1/12 so that the cell holds Li10N2S2 (the text's 'about 0.966' cannot be a 24e occupancy for Li2.5; Table S1 is not in the seed)",
     ("Fm-3m", "Fm-3m"), (5.458, None),
     [("Li1", [("Li", 1, 1)], 0.25, 0.25, 0.25), ("Li2", [("Li", 1 / 12, 1)], 0.28, 0, 0),
      ("X1", [("N", 0.5, -3), ("S", 0.5, -2)], 0, 0, 0)]),
    ("alpha-Li3N", "alpha-Li3N, P6/mmm, a = 3.648, c = 3.875 A; Li 2c, Li 1b, N 1a (OBELiX gvd.cif, MANIFEST 5o)",
     ("P6/mmm", "P6/mmm"), (3.648, 3.875),
     [("Li1", [("Li", 1, 1)], 1 / 3, 2 / 3, 0), ("Li2", [("Li", 1, 1)], 0, 0, 0.5), ("N1", [("N", 1, -3)], 0, 0, 0)]),
    ("beta-Li3N", "beta-Li3N, P6_3/mmc, a = 3.552, c = 6.311 A; Li 4f z = 0.59096, Li 2b, N 2c (OBELiX fft.cif, MANIFEST 5o)",
     ("P6_3/mmc", "P6_3/mmc"), (3.552, 6.311),
     [("Li1", [("Li", 1, 1)], 1 / 3, 2 / 3, 0.59096), ("Li2", [("Li", 1, 1)], 0, 0, 0.25), ("N1", [("N", 1, -3)], 1 / 3, 2 / 3, 0.25)]),
    ("Li2O", "Li2O antifluorite, a = 4.6542 A (conventional cell of pymatgen's Li2O.json, primitive a = 3.291 A, MANIFEST 5a)",
     ("Fm-3m", "Fm-3m"), (4.6542, None),
     [("Li1", [("Li", 1, 1)], 0.25, 0.25, 0.25), ("O1", [("O", 1, -2)], 0, 0, 0)]),
    ("LiCl", "LiCl rock salt, a = 5.1295 A (room-temperature literature value)", ("Fm-3m", "Fm-3m"), (5.1295, None),
     [("Li1", [("Li", 1, 1)], 0, 0, 0), ("Cl1", [("Cl", 1, -1)], 0.5, 0.5, 0.5)]),
]


def sym(el, ox):
    return f"{el}{abs(ox)}{'+' if ox > 0 else '-'}"


for name, note, (sg, sgcif), (a, c), sites in P:
    hexa = c is not None
    ops = [op.as_xyz_string() for op in SpaceGroup(sg).symmetry_ops]
    lines = [f"# Nitrolyte prototype: {note}", "# written by bench/scripts/make_prototypes.py", f"data_{name}",
             f"_symmetry_space_group_name_H-M   '{sgcif}'",
             f"_symmetry_Int_Tables_number   {SpaceGroup(sg).int_number}",
             f"_cell_length_a   {a}", f"_cell_length_b   {a}", f"_cell_length_c   {c if hexa else a}",
             "_cell_angle_alpha   90", "_cell_angle_beta   90", f"_cell_angle_gamma   {120 if hexa else 90}",
             "loop_", " _symmetry_equiv_pos_site_id", " _symmetry_equiv_pos_as_xyz"]
    lines += [f"  {i + 1}  '{o}'" for i, o in enumerate(ops)]
    types = sorted({(el, ox) for _, sp, *_ in sites for el, _, ox in sp})
    lines += ["loop_", " _atom_type_symbol", " _atom_type_oxidation_number"] + [f"  {sym(el, ox)}  {ox}" for el, ox in types]
    lines += ["loop_", " _atom_site_type_symbol", " _atom_site_label", " _atom_site_fract_x", " _atom_site_fract_y",
              " _atom_site_fract_z", " _atom_site_occupancy"]
    for label, sp, x, y, z in sites:
        for el, occ, ox in sp:
            lines.append(f"  {sym(el, ox)}  {label}  {x:.8f}  {y:.8f}  {z:.8f}  {occ:.8g}")
    with open(os.path.join(OUT, name + ".cif"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(name, len(ops), "operations")
