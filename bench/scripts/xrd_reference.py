#!/usr/bin/python3
"""pymatgen XRDCalculator / NDCalculator reference peak lists for tests/Nitrolyte.Tests/Diffraction.

Usage: /usr/bin/python3 bench/scripts/xrd_reference.py [shared_dir]
Writes tests/Nitrolyte.Tests/Diffraction/pymatgen_xrd/<case>.csv with two_theta_deg, intensity (0-100),
d_a, hkl of the first family and its multiplicity. Cu Ka (1.54184 A), 2theta 0-90 unless stated.
"""
import os
import sys
import warnings

warnings.filterwarnings("ignore")
from pymatgen.analysis.diffraction.neutron import NDCalculator
from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Lattice, Structure

here = os.path.dirname(os.path.abspath(__file__))
shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../../shared")
cif = os.path.join(shared, "testdata/cif")
proto = os.path.join(here, "../../src/Nitrolyte/Data/prototypes")
out = os.path.join(here, "../../tests/Nitrolyte.Tests/Diffraction/pymatgen_xrd")

W = Structure(Lattice.cubic(3.1653), ["W", "W"], [[0, 0, 0], [0.5, 0.5, 0.5]])
cases = [
    ("CsCl", Structure.from_file(os.path.join(cif, "pymatgen_structures/CsCl.json")), XRDCalculator(), None),
    ("Li10GeP2S12_json", Structure.from_file(os.path.join(cif, "pymatgen_structures/Li10GeP2S12.json")), XRDCalculator(), None),
    ("LGPS_j8q", Structure.from_file(os.path.join(cif, "OBELiX/j8q.cif")), XRDCalculator(), None),
    ("alpha-Li3N", Structure.from_file(os.path.join(cif, "OBELiX/gvd.cif")), XRDCalculator(), None),
    ("beta-Li3N_MoKa1", Structure.from_file(os.path.join(cif, "OBELiX/fft.cif")), XRDCalculator("MoKa1"), (10, 60)),
    ("LYPS", Structure.from_file(os.path.join(cif, "pymatgen-analysis-diffusion/LYPS_Li3Y_PS4_2.cif")), XRDCalculator(), (10, 60)),
    ("Li9N2Cl3", Structure.from_file(os.path.join(proto, "Li9N2Cl3.cif")), XRDCalculator(0.824042), None),
    ("Li2S", Structure.from_file(os.path.join(proto, "Li2S.cif")), XRDCalculator(), None),
    ("W_B0.1526", W, XRDCalculator(debye_waller_factors={"W": 0.1526}), None),
    ("neutron_Li9N2Cl3", Structure.from_file(os.path.join(proto, "Li9N2Cl3.cif")), NDCalculator(wavelength=1.54), None),
    ("neutron_alpha-Li3N", Structure.from_file(os.path.join(cif, "OBELiX/gvd.cif")), NDCalculator(wavelength=1.54), None),
]
for name, s, calc, rng in cases:
    kw = {} if rng is None else {"two_theta_range": rng}
    p = calc.get_pattern(s, **kw)
    with open(os.path.join(out, name + ".csv"), "w") as f:
        f.write("# pymatgen %s, wavelength %.6f A, two_theta_range %s (bench/scripts/xrd_reference.py)\n"
                % (type(calc).__name__, calc.wavelength, rng or (0, 90)))
        f.write("two_theta_deg,intensity,d_a,hkl,multiplicity\n")
        for x, y, h, d in zip(p.x, p.y, p.hkls, p.d_hkls):
            f.write("%.10f,%.10f,%.10f,%s,%d\n" % (x, y, d, " ".join(str(i) for i in h[0]["hkl"]), h[0]["multiplicity"]))
    print(name, len(p.x))
# unscaled W peak (MANIFEST 5a)
p = XRDCalculator().get_pattern(W, scaled=False)
print("W unscaled", p.x[0], p.y[0])
