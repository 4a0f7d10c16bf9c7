#!/usr/bin/env python3
"""Vectorised NumPy/SciPy implementation of Nitrolyte's BVSE model, written for the speed comparison in
docs/performance.md ("BVSE") and as an independent cross-check of the C# engine (src/Nitrolyte/Migration).

Same model, same conventions, same parameter files (src/Nitrolyte/Data/bvse_pairs.csv, bvse_ions.csv):
  E(r) = h * sum_X occ_X D0 [(exp((Rmin - R)/b) - 1)^2 - 1]          (R < cutoff of the pair; h = 1/2 by default)
       + sum_B occ_B 14.4 qA qB / R erfc(R / (f (rA + rB)))             (immobile cations, R < 4.5 f (rA + rB))
on a periodic grid n_i = ceil(|a_i| / spacing), points at i/n_i. Percolation thresholds by bisection on the
energy with scipy.ndimage.label (26-connectivity) + periodic merging of labels with image offsets and the rank
of the closed winding vectors (exact for a given threshold; bisection to 1e-4 eV).

Usage: python3 bench/scripts/bvse_numpy.py [--grid 0.1] [--repeat 3] [--only li2s,li9n2cl3,lgps]
Structures: Li2S (a = 5.719, 2x2x2 when --supercell), Li9N2Cl3 (a = 5.3506, seed 002 occupancies) built here,
LGPS read from ../shared/testdata/cif/OBELiX/j8q.cif with pymatgen.
"""
import argparse
import csv
import math
import os
import sys
import time

import numpy as np
from scipy import ndimage
from scipy.spatial import cKDTree
from scipy.special import erfc

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(REPO, "src", "Nitrolyte", "Data")
SHARED = os.environ.get("NITROLYTE_SHARED", os.path.abspath(os.path.join(REPO, "..", "shared")))


def read_csv(name):
    with open(os.path.join(DATA, name)) as f:
        rows = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(rows))


PAIRS = {(r["cation"], r["anion"]): r for r in read_csv("bvse_pairs.csv")}
IONS = {r["element"]: r for r in read_csv("bvse_ions.csv")}


def morse_params(anion, mobile="Li"):
    p = PAIRS[(mobile, anion)]
    a, x = IONS[mobile], IONS[anion]
    r0, b, cn, cut = float(p["r0_a"]), float(p["b_a"]), float(p["cn"]), float(p["cutoff_a"])
    va, vx = abs(float(a["valence"])), abs(float(x["valence"]))
    sa, sx = float(a["softness_per_ev"]), float(x["softness_per_ev"])
    na, nx = float(a["n"]), float(x["n"])
    rmin = r0 * (0.9185 + 0.2285 * abs(sa - sx)) + b * math.log(cn / va)
    d0 = 14.4 * va * vx * b * b / (2 * rmin * math.sqrt(na * nx))
    return rmin, d0, b, cut


def fcc(basis):
    out = []
    for t in [(0, 0, 0), (0, .5, .5), (.5, 0, .5), (.5, .5, 0)]:
        for (x, y, z, species) in basis:
            out.append((((x + t[0]) % 1), ((y + t[1]) % 1), ((z + t[2]) % 1), species))
    return out


def antifluorite(a, anion_species, li_occ=1.0):
    """Sites as (frac, {element: occupancy}); cubic lattice a."""
    sites = fcc([(0, 0, 0, anion_species), (.25, .25, .25, {"Li": li_occ}), (.75, .75, .75, {"Li": li_occ})])
    return np.eye(3) * a, sites


def supercell(lat, sites, m):
    out = []
    for i in range(m[0]):
        for j in range(m[1]):
            for k in range(m[2]):
                for (x, y, z, sp) in sites:
                    out.append(((x + i) / m[0], (y + j) / m[1], (z + k) / m[2], sp))
    return lat * np.array(m)[:, None], out


def lgps():
    from pymatgen.core import Structure
    s = Structure.from_file(os.path.join(SHARED, "testdata", "cif", "OBELiX", "j8q.cif"))
    sites = []
    for site in s:
        sites.append((*site.frac_coords, {el.symbol: occ for el, occ in site.species.items()}))
    return s.lattice.matrix.copy(), sites


def terms(lat, sites, mobile="Li", f=0.74, half=True):
    """Lists of (cart position, kind, params...) for anion Morse terms and cation Coulomb terms."""
    morse, coul = [], []
    qa = abs(float(IONS[mobile]["valence"])) / math.sqrt(float(IONS[mobile]["n"]))
    ra = float(IONS[mobile]["radius_a"])
    for (x, y, z, sp) in sites:
        cart = np.array([x, y, z]) @ lat
        for el, occ in sp.items():
            if el == mobile:
                continue
            v = float(IONS[el]["valence"])
            if v < 0:
                rmin, d0, b, cut = morse_params(el, mobile)
                morse.append((cart, occ * d0 * (0.5 if half else 1.0), rmin, b, cut))
            else:
                qb = v / math.sqrt(float(IONS[el]["n"]))
                rho = f * (ra + float(IONS[el]["radius_a"]))
                coul.append((cart, occ * 14.4 * qa * qb, rho, 4.5 * rho))
    return morse, coul


def grid_shape(lat, spacing):
    return tuple(int(math.ceil(np.linalg.norm(lat[i]) / spacing)) for i in range(3))


def landscape(lat, sites, spacing=0.1, mobile="Li", f=0.74, half=True, chunk=131072):
    morse, coul = terms(lat, sites, mobile, f, half)
    shape = grid_shape(lat, spacing)
    fr = np.stack(np.meshgrid(*[np.arange(n) / n for n in shape], indexing="ij"), -1).reshape(-1, 3)
    pts = fr @ lat
    energy = np.zeros(len(pts))
    recip = np.linalg.inv(lat).T  # rows: reciprocal vectors without 2 pi
    for group, kind in ((morse, "m"), (coul, "c")):
        if not group:
            continue
        cut = max(t[-1] for t in group)
        reach = [int(math.ceil(cut * np.linalg.norm(recip[i]))) + 1 for i in range(3)]
        imgs = np.array([(i, j, k) for i in range(-reach[0], reach[0] + 1) for j in range(-reach[1], reach[1] + 1)
                         for k in range(-reach[2], reach[2] + 1)], float) @ lat
        base = np.array([t[0] for t in group])
        pos = (base[None, :, :] + imgs[:, None, :]).reshape(-1, 3)
        idx = np.tile(np.arange(len(group)), len(imgs))
        params = np.array([t[1:] for t in group])
        tree = cKDTree(pos)
        # dense (points x k) neighbour arrays from the tree (k = most neighbours any point of the chunk has)
        for st in range(0, len(pts), chunk):
            p = pts[st:st + chunk]
            k = int(tree.query_ball_point(p, cut, return_length=True).max())
            if k == 0:
                continue
            r, nb = tree.query(p, k=k, distance_upper_bound=cut)
            r = r.reshape(len(p), k)
            nb = nb.reshape(len(p), k)
            valid = np.isfinite(r)
            pr = params[idx[np.where(valid, nb, 0)]]
            if kind == "m":
                w, rmin, b, c = np.moveaxis(pr, -1, 0)
                ex = np.exp((rmin - r) / b)
                e = w * ex * (ex - 2)
            else:
                w, rho, c = np.moveaxis(pr, -1, 0)
                e = w / np.maximum(r, 1e-6) * erfc(r / rho)
            energy[st:st + chunk] += np.where(valid & (r < c), e, 0.0).sum(axis=1)
    return energy.reshape(shape)


STEPS = [(i, j, k) for i in (-1, 0, 1) for j in (-1, 0, 1) for k in (-1, 0, 1) if (i, j, k) != (0, 0, 0)]


def percolation_rank(mask):
    """Largest rank of the windings closed by any 26-connected periodic component of mask."""
    structure = np.ones((3, 3, 3), bool)
    labels, n = ndimage.label(mask, structure)
    if n == 0:
        return 0
    parent = list(range(n + 1))
    off = [np.zeros(3, int) for _ in range(n + 1)]
    basis = {}

    def find(x):
        path = []
        while parent[x] != x:
            path.append(x)
            x = parent[x]
        root = x
        acc = np.zeros(3, int)
        for y in reversed(path):
            acc = acc + off[y]
            off[y] = acc.copy()
            parent[y] = root
        return root

    def add(root, w):
        b = basis.setdefault(root, [])
        if len(b) < 3 and np.linalg.matrix_rank(np.array(b + [w])) > len(b):
            b.append(w)

    shape = np.array(mask.shape)
    # label pairs across the periodic faces: shift each boundary slab by a step and compare labels
    for st in STEPS:
        st = np.array(st)
        for axis_mask in range(1, 8):
            # points whose neighbour (i + st) wraps exactly in the axes of axis_mask
            sl_a, sl_b, shift = [], [], np.zeros(3, int)
            ok = True
            for ax in range(3):
                wraps = (axis_mask >> ax) & 1
                if wraps:
                    if st[ax] == 0:
                        ok = False
                        break
                    if st[ax] == 1:
                        sl_a.append(slice(shape[ax] - 1, shape[ax])); sl_b.append(slice(0, 1)); shift[ax] = 1
                    else:
                        sl_a.append(slice(0, 1)); sl_b.append(slice(shape[ax] - 1, shape[ax])); shift[ax] = -1
                else:
                    if st[ax] == 1:
                        sl_a.append(slice(0, shape[ax] - 1)); sl_b.append(slice(1, shape[ax]))
                    elif st[ax] == -1:
                        sl_a.append(slice(1, shape[ax])); sl_b.append(slice(0, shape[ax] - 1))
                    else:
                        sl_a.append(slice(0, shape[ax])); sl_b.append(slice(0, shape[ax]))
            if not ok:
                continue
            la, lb = labels[tuple(sl_a)], labels[tuple(sl_b)]
            both = (la > 0) & (lb > 0)
            if not both.any():
                continue
            pairs = np.unique(np.stack([la[both], lb[both]], 1), axis=0)
            for u, v in pairs:
                ru, rv = find(u), find(v)
                if ru == rv:
                    w = off[u] + shift - off[v]
                    if w.any():
                        add(ru, w)
                else:
                    parent[rv] = ru
                    off[rv] = off[u] + shift - off[v]
                    for w in basis.pop(rv, []):
                        add(ru, w)
    return max((len(b) for b in basis.values()), default=0)


def barriers(energy, ceiling=5.0, tol=1e-4):
    emin = float(energy.min())
    out = {}
    lo = 0.0
    for d in (1, 2, 3):
        if percolation_rank(energy <= emin + ceiling) < d:
            out[d] = None
            continue
        a, b = lo, ceiling
        while b - a > tol:
            m = 0.5 * (a + b)
            if percolation_rank(energy <= emin + m) >= d:
                b = m
            else:
                a = m
        out[d] = b
        lo = a
    return emin, out


def structures(which):
    out = {}
    if "li2s" in which:
        out["Li2S a=5.719 (2x2x2)"] = supercell(*antifluorite(5.719, {"S": 1.0}), (2, 2, 2))
    if "li9n2cl3" in which:
        out["Li9N2Cl3 a=5.3506"] = antifluorite(5.3506, {"N": 0.4 * 0.955, "Cl": 0.6 * 0.955}, 0.86)
    if "lgps" in which:
        out["LGPS j8q.cif"] = lgps()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--grid", type=float, default=0.1)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--only", default="li2s,li9n2cl3,lgps")
    ap.add_argument("--no-half", action="store_true")
    args = ap.parse_args()
    for name, (lat, sites) in structures(args.only.split(",")).items():
        times_l, times_p, cpu_l, cpu_p = [], [], [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            e = landscape(lat, sites, args.grid, half=not args.no_half)
            t1, c1 = time.perf_counter(), time.process_time()
            emin, bar = barriers(e)
            t2, c2 = time.perf_counter(), time.process_time()
            times_l.append(t1 - t0)
            times_p.append(t2 - t1)
            cpu_l.append(c1 - c0)
            cpu_p.append(c2 - c1)
        fmt = lambda v: "null" if v is None else f"{v:.4f}"
        print(f"{name}: grid {e.shape} ({e.size} points), Emin {emin:.4f} eV, barriers 1D {fmt(bar[1])} 2D {fmt(bar[2])} "
              f"3D {fmt(bar[3])} eV; landscape best {min(times_l):.3f} s, percolation best {min(times_p):.3f} s, "
              f"total best {min(a + b for a, b in zip(times_l, times_p)):.3f} s; CPU landscape {min(cpu_l):.3f} s, "
              f"percolation {min(cpu_p):.3f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
