#!/usr/bin/python3
"""Cross-check and timing of the ordering energies with pymatgen.

Usage:
  ./nitrolyte order Li9N2Cl3 --supercell 2,2,2 --samples 3000 --keep 30 --random 20 --out /tmp/ord
  /usr/bin/python3 bench/scripts/ewald_ordering_pymatgen.py /tmp/ord
Reads every ordered_*.vasp, reads the Nitrolyte energy from the POSCAR comment, computes pymatgen's
EwaldSummation(...).total_energy (Li+1, N-3, Cl-1) and prints both, the relative difference and the time
pymatgen needs per configuration (structure construction + Ewald).
"""
import glob
import os
import re
import sys
import time
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.ewald import EwaldSummation
from pymatgen.core import Structure

d = sys.argv[1] if len(sys.argv) > 1 else "/tmp/ord"
files = sorted(glob.glob(os.path.join(d, "ordered_*.vasp")))
worst = 0.0
times = []
for f in files:
    first = open(f).readline()
    ours = float(re.search(r"Ewald (-?[0-9.]+) eV", first).group(1))
    t0 = time.perf_counter()
    s = Structure.from_file(f)
    s.add_oxidation_state_by_element({"Li": 1, "N": -3, "Cl": -1, "S": -2})
    e = EwaldSummation(s).total_energy
    times.append(time.perf_counter() - t0)
    rel = abs(e - ours) / abs(e)
    worst = max(worst, rel)
    print(f"{os.path.basename(f)}  nitrolyte {ours:.6f}  pymatgen {e:.6f}  rel {rel:.2e}")
print(f"configurations {len(files)}, worst relative difference {worst:.2e}, "
      f"pymatgen {1000 * sum(times) / len(times):.1f} ms per configuration ({len(s)} atoms)")
