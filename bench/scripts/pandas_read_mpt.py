#!/usr/bin/env python3
"""Reference timing for docs/performance.md "Instrument file parsing": pandas.read_csv on the same big .mpt that
InstrumentParsingBenchmarks builds (bench/data/big.mpt; run the benchmark once first, or `nitrolyte` builds it).

Usage: python3 bench/scripts/pandas_read_mpt.py bench/data/big.mpt [repeats]
Prints MB/s of the best of `repeats` runs (default 3) for pandas' C parser with the EC-Lab settings
(tab separated, header after 'Nb header lines', windows-1252)."""
import os, re, sys, time
import pandas as pd

path = sys.argv[1]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
with open(path, 'rb') as f:
    f.readline()
    nh = int(re.search(rb'(\d+)', f.readline()).group(1))
size = os.path.getsize(path)
best = best_cpu = None
for _ in range(repeats):
    t0, c0 = time.perf_counter(), time.process_time()
    df = pd.read_csv(path, sep='\t', skiprows=nh - 1, encoding='cp1252', engine='c', index_col=False)
    dt, dc = time.perf_counter() - t0, time.process_time() - c0
    best = dt if best is None else min(best, dt)
    best_cpu = dc if best_cpu is None else min(best_cpu, dc)
print(f"pandas {pd.__version__}: {len(df)} rows x {df.shape[1]} columns, {size / 1e6:.1f} MB, "
      f"wall best {best:.3f} s = {size / 1e6 / best:.1f} MB/s, CPU best {best_cpu:.3f} s = {size / 1e6 / best_cpu:.1f} MB/s")
