#!/usr/bin/env python3
"""First-shell structure and order of a Li-La-Zr-O configuration (extended XYZ with Lattice=, orthogonal cell).

For Zr-O, La-O, Li-O: position of the first g(r) peak, the first minimum after it, and the coordination number
(O neighbours within that minimum). Order: the global Steinhardt bond-orientational parameter Q6 of the O-O bonds
shorter than 3.2 A (0 for an isotropic arrangement, up to 1/sqrt(N_bonds) noise; clearly non-zero for a crystal),
the height of the largest O-O g(r) peak beyond 4 A and of the largest Zr-Zr, La-La, La-Zr peaks in 4.5-8 A (0.05 A
bins; a crystal keeps sharp peaks there, a glass does not).
Run: python3 tools/amorphous-structure.py FILE.xyz [more files]
"""
import re
import sys
import numpy as np
from scipy.special import sph_harm


def readxyz(p):
    l = open(p).read().split("\n")
    n = int(l[0])
    lat = np.array(re.search(r'Lattice="([^"]+)"', l[1]).group(1).split(), float).reshape(3, 3)
    sp = np.array([x.split()[0] for x in l[2:2 + n]])
    pos = np.array([[float(v) for v in x.split()[1:4]] for x in l[2:2 + n]])
    return sp, pos, np.diag(lat)


def pairs(a, b, L, rmax, same):
    out = []
    for i in range(0, len(a), 512):
        d = a[i:i + 512, None, :] - b[None, :, :]
        d -= np.round(d / L) * L
        r = np.linalg.norm(d, axis=2)
        if same:
            idx = np.arange(i, min(i + 512, len(a)))
            r[np.arange(len(idx)), idx] = np.inf
        m = r < rmax
        out.append((d[m], r[m]))
    return np.vstack([o[0] for o in out]), np.concatenate([o[1] for o in out])


def gr(ra, na, nb, V, same, rmax=8.0, bw=0.02):
    h, e = np.histogram(ra, bins=np.arange(0, rmax + 1e-9, bw))
    c = 0.5 * (e[1:] + e[:-1])
    shell = 4 * np.pi * c ** 2 * bw
    g = h / (na * (nb - (1 if same else 0)) / V * shell)
    return c, g, h


for path in sys.argv[1:]:
    sp, pos, L = readxyz(path)
    V = np.prod(L)
    counts = {e: int((sp == e).sum()) for e in ["Li", "La", "Zr", "O"]}
    print(f"{path}: {len(sp)} atoms {counts}, density {sum(counts[e] * m for e, m in zip(['Li', 'La', 'Zr', 'O'], [6.94, 138.905, 91.224, 15.999])) / V / 0.60221:.3f} g/cm3")
    O = pos[sp == "O"]
    for e in ["Zr", "La", "Li"]:
        if counts[e] == 0:
            continue
        _, r = pairs(pos[sp == e], O, L, 8.0, False)
        c, g, h = gr(r, counts[e], counts["O"], V, False)
        # smooth lightly, peak below 3.2 A, first minimum after the peak
        gs = np.convolve(g, np.ones(5) / 5, mode="same")
        ip = np.argmax(np.where(c < 3.2, gs, 0))
        im = ip + np.argmin(gs[ip:ip + int(1.5 / 0.02)])
        cn = h[:im + 1].sum() / counts[e]
        rc = {"Zr": 2.8, "La": 3.2, "Li": 2.6}[e]
        cnf = (r < rc).sum() / counts[e]
        print(f"  {e}-O: peak {c[ip]:.3f} A (g = {g[ip]:.2f}), first minimum {c[im]:.2f} A, CN {cn:.2f}; CN within {rc} A {cnf:.2f}")
    d, r = pairs(O, O, L, 8.0, True)
    c, g, _ = gr(r, counts["O"], counts["O"], V, True)
    far = c > 4.0
    print(f"  O-O: largest g(r) beyond 4 A = {g[far].max():.2f} at {c[far][np.argmax(g[far])]:.2f} A")
    m = r < 3.2
    dv, rv = d[m], r[m]
    theta = np.arccos(np.clip(dv[:, 2] / rv, -1, 1))
    phi = np.arctan2(dv[:, 1], dv[:, 0])
    q = np.array([sph_harm(mm, 6, phi, theta).mean() for mm in range(-6, 7)])
    Q6 = np.sqrt(4 * np.pi / 13 * np.sum(np.abs(q) ** 2))
    print(f"  global Q6 (O-O bonds < 3.2 A, {len(rv) // 2} bonds): {Q6:.4f}  (random-orientation noise ~ {1 / np.sqrt(len(rv) / 2):.4f})")
    # cation sublattices: a crystal keeps sharp cation-cation peaks beyond the first shell, a glass does not
    for a_, b_ in [("Zr", "Zr"), ("La", "La"), ("La", "Zr")]:
        if counts[a_] == 0 or counts[b_] == 0:
            continue
        _, r = pairs(pos[sp == a_], pos[sp == b_], L, 8.0, a_ == b_)
        c, g, _ = gr(r, counts[a_], counts[b_], V, a_ == b_, 8.0, 0.05)
        far = c > 4.5
        print(f"  {a_}-{b_}: largest g(r) in 4.5-8 A = {g[far].max():.2f} at {c[far][np.argmax(g[far])]:.2f} A")
