"""Times pymatgen's Composition(formula).weight on the formulas of ChemistryBenchmarks.ParsePlainFormulasMolarMass
(the 8 formulas pymatgen 2022.11 also parses; it rejects [] brackets), for docs/performance.md. Usage: /usr/bin/python3 bench/scripts/pymatgen_formula_bench.py"""
import timeit
from pymatgen.core import Composition
PLAIN = ["Li9N2Cl3", "Li2.5N0.5S0.5", "Li1.35Si0.79P0.21O1.96N0.96", "Li4(OH)3Cl", "LiN(CN)2", "Li10GeP2S12", "Li2.73Ho1.09Cl6", "LiNH2"]
def run():
    return sum(float(Composition(f).weight) for f in PLAIN)
n = 2000
t = min(timeit.repeat(run, number=n, repeat=5)) / n
print(f"pymatgen Composition(...).weight, 8 formulas: {t*1e6:.1f} us per call ({t*1e6/8:.2f} us per formula)")
import pymatgen.core
print("pymatgen", pymatgen.core.__version__ if hasattr(pymatgen.core, "__version__") else "")
