#!/usr/bin/env python3
"""pymatgen timing for the phase-diagram benchmark (docs/performance.md, "Phase diagrams").

  /usr/bin/python3 bench/scripts/thermo_benchmark.py generate /tmp/nitrolyte_4el_10000.csv   # the synthetic 4-element set
  /usr/bin/python3 bench/scripts/thermo_benchmark.py time FILE.csv [repeats]                 # PhaseDiagram + every e_above_hull
  /usr/bin/python3 bench/scripts/thermo_benchmark.py dump FILE.csv OUT.json                  # e_above_hull per CSV row (cross-check)

The generated set: elements Li, N, Cl, S; 10,000 entries with random small-integer compositions (1-4 elements,
amounts 1-8), energy per atom = sum x_i*mu_i + a smooth negative mixing term + Gaussian noise (seed 7), plus the
four elements. It has many near-hull candidates, like a real high-throughput set.
"""
import csv, json, sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")

ELS = ["Li", "N", "Cl", "S"]
REF = {"Li": -1.909, "N": -4.15, "Cl": -1.8, "S": -4.13}

def generate(path, n=10000, seed=7):
    rng = np.random.default_rng(seed)
    w = np.array([[0, -1.2, -2.0, -1.5], [-1.2, 0, 0.3, -0.2], [-2.0, 0.3, 0, -0.1], [-1.5, -0.2, -0.1, 0]])
    with open(path, "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["Name"] + ELS + ["Final energy"])
        for el in ELS:
            amt = [1 if e == el else 0 for e in ELS]
            wr.writerow([el] + amt + [f"{REF[el]:.8f}"])
        for i in range(n - len(ELS)):
            k = rng.integers(1, 5)
            chosen = rng.choice(4, size=k, replace=False)
            amt = np.zeros(4, dtype=int)
            amt[chosen] = rng.integers(1, 9, size=k)
            x = amt / amt.sum()
            epa = sum(x[j] * REF[ELS[j]] for j in range(4)) + 2.0 * x @ w @ x + rng.normal(0, 0.05)
            if k == 1:
                epa = REF[ELS[chosen[0]]] + abs(rng.normal(0, 0.05))
            name = "".join(f"{ELS[j]}{amt[j]}" for j in range(4) if amt[j])
            wr.writerow([name] + list(amt) + [f"{epa * amt.sum():.8f}"])

def load(path):
    from pymatgen.entries.entry_tools import EntrySet
    return EntrySet.from_csv(path)

def timed(path, repeats):
    from pymatgen.analysis.phase_diagram import PhaseDiagram
    entries = list(load(path))
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        pd = PhaseDiagram(entries)
        ea = [pd.get_e_above_hull(e) for e in entries]
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"file": path, "entries": len(entries), "stable": len(pd.stable_entries), "best_s": best,
                      "max_e_above_hull": max(ea), "repeats": repeats}))

def dump(path, out):
    from pymatgen.analysis.phase_diagram import PhaseDiagram, PDEntry
    from pymatgen.core import Composition
    pd = PhaseDiagram(load(path))
    rows = []
    with open(path) as f:
        r = csv.reader(f); header = next(r); els = header[1:-1]
        for row in r:
            comp = Composition({el: float(v) for el, v in zip(els, row[1:-1]) if float(v) != 0})
            rows.append(pd.get_e_above_hull(PDEntry(comp, float(row[-1]), name=row[0])))
    json.dump({"stable": sorted(e.name for e in pd.stable_entries), "e_above_hull": rows}, open(out, "w"))

if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "generate": generate(sys.argv[2])
    elif cmd == "time": timed(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    elif cmd == "dump": dump(sys.argv[2], sys.argv[3])
