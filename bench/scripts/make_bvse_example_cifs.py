#!/usr/bin/env python3
"""Writes the P1 CIFs of the BVSE examples (examples/li9n2cl3/structure.cif, examples/li2.5n0.5s0.5/structure.cif)
from the seed parameters, with every site listed explicitly (no symmetry operations needed). No dependencies.
Li9N2Cl3 (seed 002): Fm-3m a = 5.3506 A, N:Cl = 2:3 on 4a with 4.5 % vacancy, Li on 8c with 14.0 % vacancy.
Li2.5N0.5S0.5 (seed 003): Fm-3m a = 5.458 A, N/S 0.5/0.5 on 4a, Li 8c full, extra Li on 24e (x,0,0) with occupancy
1/12 from the composition; x = 0.37 is an assumption (the seed text does not give it; it does not enter BVSE)."""
import os

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FCC = [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0)]


def orbit(points):
    out = []
    for p in points:
        for t in FCC:
            q = tuple(round((p[i] + t[i]) % 1.0, 6) % 1.0 for i in range(3))
            if q not in out:
                out.append(q)
    return out


def write(path, title, a, sites):
    lines = [f"# written by bench/scripts/make_bvse_example_cifs.py ({title})", f"data_{title.replace(' ', '_')}",
             "_symmetry_space_group_name_H-M   'P 1'", f"_cell_length_a {a}", f"_cell_length_b {a}", f"_cell_length_c {a}",
             "_cell_angle_alpha 90", "_cell_angle_beta 90", "_cell_angle_gamma 90",
             "loop_", "_symmetry_equiv_pos_as_xyz", "'x, y, z'",
             "loop_", "_atom_site_type_symbol", "_atom_site_label", "_atom_site_fract_x", "_atom_site_fract_y",
             "_atom_site_fract_z", "_atom_site_occupancy"]
    n = 0
    for (sym, occ, pts) in sites:
        for p in pts:
            n += 1
            lines.append(f"{sym} {sym.rstrip('+-0123456789')}{n} {p[0]:.6f} {p[1]:.6f} {p[2]:.6f} {occ:.6f}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


anion = orbit([(0, 0, 0)])
li8c = orbit([(.25, .25, .25), (.75, .75, .75)])
write(os.path.join(ROOT, "examples", "li9n2cl3", "structure.cif"), "Li9N2Cl3", 5.3506,
      [("N3-", 0.4 * 0.955, anion), ("Cl-", 0.6 * 0.955, anion), ("Li+", 0.86, li8c)])
x = 0.37
li24e = orbit([(x, 0, 0), (-x % 1, 0, 0), (0, x, 0), (0, -x % 1, 0), (0, 0, x), (0, 0, -x % 1)])
write(os.path.join(ROOT, "examples", "li2.5n0.5s0.5", "structure.cif"), "Li2.5N0.5S0.5", 5.458,
      [("N3-", 0.5, anion), ("S2-", 0.5, anion), ("Li+", 1.0, li8c), ("Li+", 1 / 12, li24e)])
