"""Independent NumPy re-computation of pymatgen DiffusionAnalyzer 'max' smoothing on the LGPS JSON
(../shared/testdata/aimd/pymatgen-analysis-diffusion/DiffusionAnalyzer_LGPS_600K.json), written from the
documented algorithm, to see where Nitrolyte's compatible mode and the stored reference numbers differ."""
import json, sys
import numpy as np
path = sys.argv[1] if len(sys.argv) > 1 else "../shared/testdata/aimd/pymatgen-analysis-diffusion/DiffusionAnalyzer_LGPS_600K.json"
d = json.load(open(path))
disp = np.array(d["displacements"])
sp = [s["species"][0]["element"] for s in d["structure"]["sites"]]
li = [i for i, s in enumerate(sp) if s == "Li"]; fw = [i for i, s in enumerate(sp) if s != "Li"]
dc = disp - disp[fw].mean(axis=0)[None]
nions, nsteps, _ = dc.shape
min_dt = int(1000 / (10 * 2)); max_dt = min(len(li) * nsteps // 30, nsteps)
ts = np.arange(min_dt, max_dt, max(int((max_dt - min_dt) / 200), 1))
dt = ts * 20.0
msd = np.array([np.mean(np.sum((dc[li, n:] - dc[li, :-n]) ** 2, axis=2)) for n in ts])
w = (1 / dt) ** 0.5
a = np.ones((len(dt), 2)); a[:, 0] = dt
(m, c), res, *_ = np.linalg.lstsq(a * w[:, None], msd * w, rcond=None)
print("lags", len(ts), "D", m / 60)
