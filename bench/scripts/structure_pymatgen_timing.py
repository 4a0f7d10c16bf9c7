#!/usr/bin/python3
"""pymatgen timings for docs/performance.md ("Ewald energies, ordering and XRD").

Usage: /usr/bin/python3 bench/scripts/structure_pymatgen_timing.py [shared_dir]
1. EwaldSummation(...).total_energy of random Li54N12Cl18 decorations of the 2x2x2 Li9N2Cl3 supercell
   (84 atoms; structure construction excluded from the timing).
2. XRDCalculator().get_pattern(j8q.cif) (LGPS, Cu Ka, 0-90 deg).
"""
import os
import random
import sys
import time
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.analysis.ewald import EwaldSummation
from pymatgen.core import Lattice, Structure

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared")

a = 5.3506
anion = [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0)]
li = [(x, y, z) for x in (.25, .75) for y in (.25, .75) for z in (.25, .75)]
sup = lambda pts: [((p[0] + i) / 2, (p[1] + j) / 2, (p[2] + k) / 2) for p in pts for i in (0, 1) for j in (0, 1) for k in (0, 1)]
A, L = sup(anion), sup(li)
rng = random.Random(1)
times = []
for n in range(20):
    an = ["N"] * 12 + ["Cl"] * 18 + [None] * 2
    ls = ["Li"] * 54 + [None] * 10
    rng.shuffle(an)
    rng.shuffle(ls)
    species, coords = [], []
    for sp, c in list(zip(ls, L)) + list(zip(an, A)):
        if sp:
            species.append({"Li": "Li+", "N": "N3-", "Cl": "Cl-"}[sp])
            coords.append(c)
    s = Structure(Lattice.cubic(2 * a), species, coords)
    t0 = time.perf_counter()
    e = EwaldSummation(s).total_energy
    times.append(time.perf_counter() - t0)
print(f"pymatgen EwaldSummation, {len(s)} atoms: {1000 * sum(times) / len(times):.1f} ms per configuration "
      f"(min {1000 * min(times):.1f} ms, {len(times)} configurations)")

s = Structure.from_file(os.path.join(shared, "testdata/cif/OBELiX/j8q.cif"))
calc = XRDCalculator()
calc.get_pattern(s)
t = []
for _ in range(5):
    t0 = time.perf_counter()
    p = calc.get_pattern(s)
    t.append(time.perf_counter() - t0)
print(f"pymatgen XRDCalculator LGPS j8q ({len(s)} sites, {len(p.x)} peaks): {1000 * sum(t) / len(t):.0f} ms (min {1000 * min(t):.0f} ms)")
