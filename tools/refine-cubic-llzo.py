#!/usr/bin/env python3
"""Refine the free Wyckoff coordinates of cubic LLZO (Ia-3d) against the 1000 K NEP reference cell.

Used once to derive the O 96h and Li 96h constants and the default 24d occupancy in
engine/Garnetics.Engine/Build/LlzoBuilder.cs (CubicLlzo). Method: fold the 4x4x4 cell of
../shared/data/structures/c-llzo-12288-1000K.xyz into one conventional cell (fractional coordinates x 4 mod 1),
find for every atom the nearest image of the representative position under the 96 Ia-3d operations (pymatgen),
map the atom back with the inverse operation and average; iterate. Li is assigned to its nearest 24d or 96h site;
only the 96h-assigned Li refine the Li 96h position; the assignment gives the 24d/96h occupancies.
Run: python3 tools/refine-cubic-llzo.py [path to c-llzo-12288-1000K.xyz]
"""
import re
import sys
import numpy as np
from pymatgen.symmetry.groups import SpaceGroup

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/structures/c-llzo-12288-1000K.xyz"
lines = open(path).read().split("\n")
n = int(lines[0])
lat = np.array(re.search(r'Lattice="([^"]+)"', lines[1]).group(1).split(), float).reshape(3, 3)
sp = np.array([l.split()[0] for l in lines[2:2 + n]])
pos = np.array([[float(v) for v in l.split()[1:4]] for l in lines[2:2 + n]])
L = np.diag(lat)
a = np.mean(L / 4)
f = (pos / L * 4) % 1
ops = sorted(SpaceGroup("Ia-3d").symmetry_ops, key=lambda o: o.as_xyz_string())


def orbit(p):
    pts, ids = [], []
    for k, op in enumerate(ops):
        q = op.operate(p) % 1.0
        if not any(np.linalg.norm(((q - r) + 0.5) % 1 - 0.5) < 1e-6 for r in pts):
            pts.append(q)
            ids.append(k)
    return np.array(pts), ids


def nearest(ff, pts):
    d = ff[:, None, :] - pts[None, :, :]
    d -= np.round(d)
    r = np.linalg.norm(d * a, axis=2)
    return r.argmin(1), r.min(1)


def refine(ff, p, iterations=5):
    p = np.array(p, float)
    for _ in range(iterations):
        pts, ids = orbit(p)
        k, _ = nearest(ff, pts)
        est = []
        for i in range(len(ff)):
            op = ops[ids[k[i]]]
            q = op.operate(p)
            d = ff[i] - q
            d -= np.round(d)
            est.append(op.inverse.operate(q + d))
        est = np.array(est)
        est -= np.round(est - p)
        p = est.mean(0)
    return p


pO = refine(f[sp == "O"], [0.100, 0.195, 0.283])
print("a (A):", a)
print("O 96h:", np.round(pO, 5))
fl = f[sp == "Li"]
p24, _ = orbit(np.array([3 / 8, 0, 1 / 4]))
p96c = np.array([0.10, 0.18, 0.43])
for _ in range(5):
    p96, _ = orbit(p96c)
    k, _ = nearest(fl, np.vstack([p24, p96]))
    p96c = refine(fl[k >= 24], p96c, 1)
p96, _ = orbit(p96c)
k, _ = nearest(fl, np.vstack([p24, p96]))
print("Li 96h:", np.round(p96c, 5))
print("occ(24d) = %.4f, occ(96h) = %.4f" % ((k < 24).sum() / (24 * 64), (k >= 24).sum() / (96 * 64)))
