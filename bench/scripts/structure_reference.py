#!/usr/bin/python3
"""Reference numbers for the structure tests, from pymatgen (Debian python3-pymatgen).

Usage: /usr/bin/python3 bench/scripts/structure_reference.py [shared_dir]
Prints, for every CIF under testdata/cif, the number of sites and the composition pymatgen reads.
The numbers are pasted into tests/Nitrolyte.Tests/Structures/StructureFormatTests.cs.
"""
import glob
import os
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.core import Structure

shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../../shared")
for f in sorted(glob.glob(os.path.join(shared, "testdata/cif/*/*.cif"))):
    s = Structure.from_file(f)
    print(os.path.relpath(f, os.path.join(shared, "testdata/cif")), len(s), s.composition.formula)
