"""Independent NumPy check of the Li MSD of kinisi's example_XDATCAR.gz (Li6PS5Cl, 2 fs x 50 = 0.1 ps per
frame): parse, unwrap by the minimum image, remove drift, all-origin MSD at 1, 2, 5, 10 ps.
Usage: python3 bench/scripts/kinisi_msd_check.py [path]"""
import gzip, sys
import numpy as np
path = sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata/aimd/kinisi/example_XDATCAR.gz"
lines = gzip.open(path, "rt").read().splitlines()
lat = np.array([[float(x) for x in lines[i].split()] for i in (2, 3, 4)]) * float(lines[1])
names = lines[5].split(); counts = [int(x) for x in lines[6].split()]
species = sum(([n] * c for n, c in zip(names, counts)), [])
nat = sum(counts)
frames = []
i = 7
while i < len(lines):
    if "configuration" in lines[i]:
        frames.append(np.array([[float(x) for x in l.split()[:3]] for l in lines[i + 1:i + 1 + nat]]))
        i += nat + 1
    else:
        i += 1
f = np.array(frames)  # (T, N, 3)
df = np.diff(f, axis=0); df -= np.round(df)
cart = np.concatenate([np.zeros((1, nat, 3)), np.cumsum(df @ lat, axis=0)])
mass = {"Li": 6.941, "Cl": 35.453, "S": 32.065, "P": 30.973762}
m = np.array([mass[s] for s in species])
li = np.array([s == "Li" for s in species])
def msd_at(disp, lag):
    d = disp[lag:] - disp[:-lag]
    return np.mean(np.sum(d ** 2, axis=2))
for label, w in [("framework COM", m * (~li)), ("whole-cell COM", m), ("no drift", None)]:
    drift = 0 if w is None else (cart * w[None, :, None]).sum(axis=1, keepdims=True) / w.sum()
    disp = (cart - drift)[:, li]
    print(label, len(f), "frames:", " ".join(f"MSD({t}ps)={msd_at(disp, int(round(t / 0.1))):.4f}" for t in (1, 2, 5, 10)))
