#!/usr/bin/python3
"""pymatgen EwaldSummation reference energies for tests/Nitrolyte.Tests/Electrostatics/EwaldTests.cs.

Usage: /usr/bin/python3 bench/scripts/ewald_reference.py [shared_dir]
Defaults of EwaldSummation (eta from pymatgen's formula, acc_factor 12). Prints total, real, reciprocal, point
(self) and charged-cell energies in eV with 12 significant digits.
"""
import os
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.ewald import EwaldSummation
from pymatgen.core import Structure

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared")
cif = os.path.join(shared, "testdata/cif")
proto = os.path.join(here, "../../src/Nitrolyte/Data/prototypes")

cases = [
    ("CsCl", os.path.join(cif, "pymatgen_structures/CsCl.json"), {"Cs": 1, "Cl": -1}),
    ("Li2O", os.path.join(cif, "pymatgen_structures/Li2O.json"), {"Li": 1, "O": -2}),
    ("Li2O_charged", os.path.join(cif, "pymatgen_structures/Li2O.json"), {"Li": 1, "O": -1}),
    ("alpha-Li3N", os.path.join(cif, "OBELiX/gvd.cif"), {"Li": 1, "N": -3}),
    ("beta-Li3N", os.path.join(cif, "OBELiX/fft.cif"), {"Li": 1, "N": -3}),
    ("Li6MnO4", os.path.join(cif, "pymatgen-analysis-diffusion/Li6MnO4.cif"), {"Li": 1, "Mn": 2, "O": -2}),
    ("LYPS", os.path.join(cif, "pymatgen-analysis-diffusion/LYPS_Li3Y_PS4_2.cif"), {"Li": 1, "Y": 3, "P": 5, "S": -2}),
    ("Li2S", os.path.join(proto, "Li2S.cif"), {"Li": 1, "S": -2}),
    ("LiCl", os.path.join(proto, "LiCl.cif"), {"Li": 1, "Cl": -1}),
]
for name, path, ox in cases:
    s = Structure.from_file(path)
    s.remove_oxidation_states()
    s.add_oxidation_state_by_element(ox)
    e = EwaldSummation(s)
    print(f'("{name}", {e.total_energy:.12g}, {e.real_space_energy:.12g}, {e.reciprocal_space_energy:.12g}, '
          f'{e.point_energy:.12g}, {e.total_energy - e.real_space_energy - e.reciprocal_space_energy - e.point_energy:.12g}),')
