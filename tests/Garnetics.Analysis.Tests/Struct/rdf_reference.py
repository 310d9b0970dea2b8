import numpy as np, sys, warnings
warnings.filterwarnings("ignore")
import MDAnalysis as mda
from MDAnalysis.coordinates.memory import MemoryReader
from MDAnalysis.analysis.rdf import InterRDF
from MDAnalysis.lib.mdamath import triclinic_vectors
src = SRC
lines = open(src).read().split('\n')
i = 0; frames = []
while i < len(lines) and lines[i].strip():
    n = int(lines[i]); c = lines[i+1]
    lat = np.array(c.split('Lattice="')[1].split('"')[0].split(), float).reshape(3,3)
    rows = [l.split() for l in lines[i+2:i+2+n]]
    frames.append((lat, [r[0] for r in rows], np.array([[float(v) for v in r[1:4]] for r in rows])))
    i += n + 2
frames = frames[:8]
def cellpar(L):
    a,b,c = (np.linalg.norm(v) for v in L)
    ang = lambda u,v: np.degrees(np.arccos(np.dot(u,v)/np.linalg.norm(u)/np.linalg.norm(v)))
    return [a,b,c,ang(L[1],L[2]),ang(L[0],L[2]),ang(L[0],L[1])]
dims = np.array([cellpar(L) for L,_,_ in frames], dtype=np.float32)
pos = np.array([p for _,_,p in frames], dtype=np.float32)
sp = frames[0][1]
boxes = np.array([triclinic_vectors(d) for d in dims]).astype(np.float64)
with open("frames.xyz", "w") as f:
    for k in range(len(frames)):
        L = boxes[k]
        f.write(f"{len(sp)}\nLattice=\"{' '.join(repr(float(v)) for v in L.ravel())}\" Properties=species:S:1:pos:R:3 Timestep={k} pbc=\"T T T\"\n")
        for s, p in zip(sp, pos[k].astype(np.float64)):
            f.write(f"{s} {repr(float(p[0]))} {repr(float(p[1]))} {repr(float(p[2]))}\n")
u = mda.Universe.empty(len(sp), trajectory=True)
u.add_TopologyAttr('name', sp)
u.load_new(pos, format=MemoryReader, dimensions=dims)
pairs = [("Li","O"), ("La","O"), ("Zr","O"), ("O","O"), ("La","Zr"), ("Li","Li")]
nbins = 60
# all minimum-image distances in float64, to choose an rmax whose bin edges are far from every distance
def mic(k):
    H = boxes[k]; Hi = np.linalg.inv(H)
    P = pos[k].astype(np.float64)
    d = P[None,:,:] - P[:,None,:]
    s = d @ Hi; s -= np.round(s); d = s @ H
    return np.sqrt((d**2).sum(-1))
D = np.concatenate([mic(k)[np.triu_indices(len(sp), 1)] for k in range(len(frames))])
D = np.sort(D[D < 6.1])
rmax = None
for t in range(3000):
    r = 5.7 + 1e-4 * t
    e = np.linspace(0, r, nbins + 1)[1:]
    k = np.searchsorted(D, e)
    lo = np.abs(D[np.clip(k - 1, 0, len(D) - 1)] - e); hi = np.abs(D[np.clip(k, 0, len(D) - 1)] - e)
    if min(lo.min(), hi.min()) > 4e-6: rmax = r; break
print("rmax", repr(rmax))
for a, b in pairs:
    g1 = u.select_atoms(f"name {a}"); g2 = u.select_atoms(f"name {b}")
    kw = dict(exclusion_block=(1,1)) if a == b else {}
    R = InterRDF(g1, g2, nbins=nbins, range=(0.0, rmax), **kw).run()
    print("bins", a, b, " ".join(repr(float(v)) for v in R.results.bins))
    print("rdf", a, b, " ".join(repr(float(v)) for v in R.results.rdf))
    print("count", a, b, " ".join(repr(float(v)) for v in R.results.count))
    e = R.results.edges
    shell = 4.0 / 3.0 * np.pi * (e[1:]**3 - e[:-1]**3)
    vmean = np.mean([ts.volume for ts in u.trajectory])
    print("ncum", a, b, " ".join(repr(float(v)) for v in np.cumsum(R.results.rdf * shell) * len(g2) / vmean))
