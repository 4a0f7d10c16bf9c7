#!/usr/bin/env python3
"""Reference timing for docs/performance.md "Impedance fitting": the same 1000 spectra x 60 points and the same
starting values as bench/Nitrolyte.Benchmarks/ImpedanceBenchmarks.cs (which writes them to $NITROLYTE_BENCH_DIR,
default /tmp/nitrolyte-bench), fitted with scipy.optimize.least_squares (trf, bounds: positive parameters >= 0,
CPE exponents in [0, 1], 2-point numerical Jacobian, as impedance.py's curve_fit does), modulus weighting.
Circuit R0-p(R1,CPE1)-p(R2,CPE2)-CPE3. With --log, positive parameters are fitted as logarithms (as Nitrolyte
does), which is the like-for-like comparison. Prints the wall time and how many fits reach the chi-square of the true
parameters. Run: python3 bench/scripts/impedance_scipy_bench.py
"""
import csv, os, sys, time
import numpy as np
from scipy.optimize import least_squares

d = os.environ.get("NITROLYTE_BENCH_DIR", "/tmp/nitrolyte-bench")
rows = np.loadtxt(os.path.join(d, "spectra.csv"), delimiter=",", skiprows=1)
guess, truth = {}, {}
with open(os.path.join(d, "parameters.csv")) as fh:
    r = csv.reader(fh); next(r)
    for row in r:
        (guess if row[1] == "guess" else truth)[int(row[0])] = np.array([float(x) for x in row[2:]])
n_spec = int(rows[:, 0].max()) + 1
lb = np.array([0, 0, 0, 0, 0, 0, 0, 0, 0.0]); ub = np.array([np.inf, np.inf, np.inf, 1, np.inf, np.inf, 1, np.inf, 1])
if "--hard" in sys.argv:
    lb = np.zeros(8); ub = np.array([np.inf, np.inf, 1, np.inf, np.inf, 1, np.inf, 1])

hard = "--hard" in sys.argv  # issue 12's hard two-arc distribution: p(R1,CPE1)-p(R2,CPE2)-CPE3 (no R0), from eis-hard-export

def model(p, w):
    jw = 1j * w
    if hard:
        z1 = 1 / (1 / p[0] + p[1] * jw ** p[2])
        z2 = 1 / (1 / p[3] + p[4] * jw ** p[5])
        return z1 + z2 + 1 / (p[6] * jw ** p[7])
    z1 = 1 / (1 / p[1] + p[2] * jw ** p[3])
    z2 = 1 / (1 / p[4] + p[5] * jw ** p[6])
    return p[0] + z1 + z2 + 1 / (p[7] * jw ** p[8])

def resid(p, w, z):
    d = (model(p, w) - z) / np.abs(z)
    return np.concatenate([d.real, d.imag])

args = [a for a in sys.argv[1:] if not a.startswith("--")]
limit = int(args[0]) if args else n_spec
logspace = "--log" in sys.argv
pos = np.array([True, True, True, False, True, True, False, True, False])
if "--hard" in sys.argv:
    pos = np.array([True, True, False, True, True, False, True, False])

def resid_log(u, w, z):
    p = u.copy(); p[pos] = np.exp(u[pos])
    return resid(p, w, z)
ok = 0; chis = []
t0 = time.perf_counter(); c0 = time.process_time()
for s in range(limit):
    m = rows[:, 0] == s
    w = 2 * np.pi * rows[m, 1]; z = rows[m, 2] + 1j * rows[m, 3]
    if logspace:
        u0 = guess[s].copy(); u0[pos] = np.log(u0[pos])
        lbu = np.where(pos, -np.inf, 0.0); ubu = np.where(pos, np.inf, 1.0)
        res = least_squares(resid_log, np.clip(u0, lbu + 1e-12, ubu - 1e-12), bounds=(lbu, ubu), args=(w, z), method="trf")
    else:
        res = least_squares(resid, np.clip(guess[s], lb + 1e-12, ub - 1e-12), bounds=(lb, ub), args=(w, z), method="trf")
    chi = np.sum(res.fun ** 2); chi_true = np.sum(resid(truth[s], w, z) ** 2)
    chis.append(chi / chi_true)
    ok += chi <= 1.05 * chi_true
elapsed = time.perf_counter() - t0; cpu = time.process_time() - c0
print(("log-space " if logspace else "linear ") + f"scipy {__import__('scipy').__version__}, numpy {np.__version__}: {limit} fits in {elapsed:.2f} s "
      f"({1000 * elapsed / limit:.2f} ms per fit), CPU {cpu:.2f} s ({1000 * cpu / limit:.2f} ms per fit); {ok}/{limit} reach <= 1.05 x chi2(true); median chi2/chi2(true) {np.median(chis):.4f}")
