# Independent reference for coord / aggregation / sharedO: brute-force minimum-image distances in numpy
# (valid because every cut-off used is below half the smallest perpendicular cell width, 6.05 A).
import numpy as np
src = SRC
NFRAMES = 25
lines = open(src).read().split('\n')
i = 0; frames = []
while i < len(lines) and lines[i].strip() and len(frames) < NFRAMES:
    n = int(lines[i]); c = lines[i+1]
    lat = np.array(c.split('Lattice="')[1].split('"')[0].split(), float).reshape(3,3)
    rows = [l.split() for l in lines[i+2:i+2+n]]
    frames.append((lat, np.array([r[0] for r in rows]), np.array([[float(v) for v in r[1:4]] for r in rows])))
    i += n + 2
def dist(lat, p):
    inv = np.linalg.inv(lat)
    d = p[None,:,:] - p[:,None,:]
    s = d @ inv; s -= np.round(s)
    return np.sqrt(((s @ lat)**2).sum(-1))
def cn(D, sp, a, b, rc):
    ia = np.where(sp == a)[0]; ib = np.where(sp == b)[0]
    M = D[np.ix_(ia, ib)] < rc
    if a == b: np.fill_diagonal(M, False)
    return M.sum(1)
coord = {("La","O",3.2): [], ("Zr","O",2.8): [], ("Li","O",2.5): [], ("O","O",3.0): []}
agg = []
shared = {"La-La": {}, "Zr-Zr": {}, "La-Zr": {}}
for lat, sp, p in frames:
    D = dist(lat, p)
    for k in coord: coord[k].extend(cn(D, sp, *k))
    ila = np.where(sp == "La")[0]; izr = np.where(sp == "Zr")[0]; im = np.concatenate([ila, izr])
    agg.append([cn(D, sp, "La", "La", 5.9).mean(), cn(D, sp, "Zr", "Zr", 5.9).mean(),
                ((D[np.ix_(im, im)] < 5.9).sum() - len(im)) / len(im)])
    io = np.where(sp == "O")[0]
    poly = {c: set(io[D[c, io] < (3.2 if sp[c] == "La" else 2.8)]) for c in im}
    for x in range(len(im)):
        for y in range(x + 1, len(im)):
            c1, c2 = im[x], im[y]
            n = len(poly[c1] & poly[c2])
            if n == 0: continue
            cat = "La-La" if sp[c1] == sp[c2] == "La" else "Zr-Zr" if sp[c1] == sp[c2] == "Zr" else "La-Zr"
            shared[cat][n] = shared[cat].get(n, 0) + 1
for (a, b, rc), v in coord.items():
    v = np.array(v); h = np.bincount(v) / len(v)
    print("coord", f"{a}-{b}", repr(float(v.mean())), " ".join(repr(float(x)) for x in h))
for row in agg: print("agg", " ".join(repr(float(x)) for x in row))
for cat, h in shared.items():
    print("shared", cat, " ".join(f"{n}:{h[n] / len(frames)!r}" for n in sorted(h)))
for a, b, rc in AUTO:
    v = np.concatenate([cn(dist(lat, p), sp, a, b, rc) for lat, sp, p in frames])
    print("auto", f"{a}-{b}", repr(float(v.mean())), " ".join(repr(float(x)) for x in np.bincount(v) / len(v)))
