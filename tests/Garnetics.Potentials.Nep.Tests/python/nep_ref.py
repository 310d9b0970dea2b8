#!/usr/bin/env python3
"""Independent reference for Garnetics' NEP evaluator (numpy/scipy), used by the test suite.

  nep_ref.py write-model OUT.txt VARIANT SEED   write a random NEP model (variants below) for elements Li La Zr O
  nep_ref.py energies MODEL.txt STRUCTURE.xyz   print the per-atom energies (eV), one per line, in file order

The angular 3-body descriptors are computed from the angle form q_nl = sum_jk g_n(r_ij) g_n(r_ik) (2l+1)/(4 pi)
P_l(cos theta_jik) (scipy's Legendre polynomials), not from harmonic expansions; the 4-body and 5-body invariants from
hand-written l = 2 and l = 1 components. Periodic images are enumerated explicitly (no minimum image).
"""
import sys
import numpy as np
from scipy.special import eval_legendre

ELEM = {'Li': 3, 'O': 8, 'Zr': 40, 'La': 57}
KC = 14.399645
C4B = [-0.007499480826664, -0.134990654879954, 0.067495327439977, 0.404971964639861, -0.809943929279723]
C5B = [0.026596810706114, 0.053193621412227, 0.026596810706114]
COV = {'Li': 1.6, 'O': 0.84, 'Zr': 1.85333, 'La': 2.16}

VARIANTS = {
    # name: (header, zbl line, cutoff line, n_max, basis, l_max, neurons)
    'nep3_5body_typewise': ('nep3_zbl', 'zbl 0.8 1.6', 'cutoff 5.0 3.8 100 40 1.6 1.3 0.6', (3, 2), (5, 4), (4, 2, 1), 8),
    'nep4_flexzbl_l6': ('nep4_zbl', 'zbl 0 0', 'cutoff 4.5 3.5 100 40', (2, 2), (4, 4), (6, 2, 0), 6),
    'nep2': ('nep', None, 'cutoff 5.0 4.0', (4, 3), None, (4,), 6),
    'nep5': ('nep5', None, 'cutoff 5.0 4.0 100 40', (3, 3), (4, 4), (4, 2, 1), 5),
}


def write_model(out, variant, seed):
    rng = np.random.default_rng(seed)
    head, zbl, cut, nmax, basis, lmax, nn = VARIANTS[variant]
    els = ['Li', 'La', 'Zr', 'O']
    nt = len(els)
    version = 2 if head.startswith('nep_') or head == 'nep' else int(head[3])
    numl = lmax[0] + (1 if len(lmax) > 1 and lmax[1] == 2 else 0) + (1 if len(lmax) > 2 and lmax[2] == 1 else 0)
    dim = nmax[0] + 1 + (nmax[1] + 1) * numl
    lines = [f'{head} {nt} ' + ' '.join(els)]
    if zbl:
        lines.append(zbl)
    lines.append(cut)
    lines.append(f'n_max {nmax[0]} {nmax[1]}')
    if basis:
        lines.append(f'basis_size {basis[0]} {basis[1]}')
    lines.append('l_max ' + ' '.join(str(v) for v in lmax))
    lines.append(f'ANN {nn} 0')
    p = []
    sets = nt if version >= 4 else 1
    for _ in range(sets):
        p += list(rng.normal(0, 0.5, nn * dim)) + list(rng.normal(0, 0.3, nn)) + list(rng.normal(0, 0.3, nn))
        if version == 5:
            p.append(rng.normal(0, 1.0))
    p.append(rng.normal(0, 1.0))
    if version == 2:
        p += list(rng.normal(0, 0.5, nt * nt * (nmax[0] + nmax[1] + 2)))
    else:
        p += list(rng.normal(0, 0.5, nt * nt * ((nmax[0] + 1) * (basis[0] + 1) + (nmax[1] + 1) * (basis[1] + 1))))
    p += list(rng.uniform(0.05, 0.5, dim))
    if zbl == 'zbl 0 0':
        for a in range(nt):
            for b in range(a, nt):
                inner = rng.uniform(0.6, 0.9)
                p += [inner, inner + rng.uniform(0.6, 1.0)]
                for _ in range(4):
                    p += [rng.uniform(0.05, 0.5), rng.uniform(0.2, 3.0)]
    lines += [f'{v:15.7e}' for v in p]
    open(out, 'w').write('\n'.join(lines) + '\n')


def read_model(path):
    toks = [l.split() for l in open(path) if l.strip()]
    h = toks[0]
    m = {'elements': h[2:], 'zbl': h[0].endswith('_zbl')}
    name = h[0].replace('_zbl', '')
    m['version'] = {'nep': 2, 'nep3': 3, 'nep4': 4, 'nep5': 5}[name]
    i = 1
    m['zbl_in'] = m['zbl_out'] = 0.0
    m['tw'] = (0.0, 0.0, 0.0)
    m['basis'] = None
    while True:
        t = toks[i]; i += 1
        if t[0] == 'zbl':
            m['zbl_in'], m['zbl_out'] = float(t[1]), float(t[2])
        elif t[0] == 'cutoff':
            m['rc'] = (float(t[1]), float(t[2]))
            if len(t) == 8:
                m['tw'] = (float(t[5]), float(t[6]), float(t[7]))
        elif t[0] == 'n_max':
            m['nmax'] = (int(t[1]), int(t[2]))
        elif t[0] == 'basis_size':
            m['basis'] = (int(t[1]), int(t[2]))
        elif t[0] == 'l_max':
            v = [int(x) for x in t[1:]] + [0, 0]
            m['lmax'], m['l4'], m['l5'] = v[0], v[1] == 2, v[2] == 1
        elif t[0] == 'ANN':
            m['nn'] = int(t[1])
            break
    vals = np.array([float(t[0]) for t in toks[i:]])
    nt = len(m['elements']); nn = m['nn']
    nr, na = m['nmax'][0] + 1, m['nmax'][1] + 1
    numl = m['lmax'] + m['l4'] + m['l5']
    dim = nr + na * numl
    m['dim'] = dim
    k = 0
    ann = []
    sets = nt if m['version'] >= 4 else 1
    for _ in range(sets):
        w0 = vals[k:k + nn * dim].reshape(nn, dim); k += nn * dim
        b0 = vals[k:k + nn]; k += nn
        w1 = vals[k:k + nn]; k += nn
        bt = 0.0
        if m['version'] == 5:
            bt = vals[k]; k += 1
        ann.append((w0, b0, w1, bt))
    m['ann'] = ann if sets == nt else ann * nt
    m['b1'] = vals[k]; k += 1
    if m['version'] == 2:
        cr = np.zeros((nt, nt, nr, nr)); ca = np.zeros((nt, nt, na, na))
        for n in range(nr):
            for a in range(nt):
                for b in range(nt):
                    cr[a, b, n, n] = vals[k] if nt > 1 else 1.0; k += (1 if nt > 1 else 0)
        for n in range(na):
            for a in range(nt):
                for b in range(nt):
                    ca[a, b, n, n] = vals[k] if nt > 1 else 1.0; k += (1 if nt > 1 else 0)
        m['basis'] = (nr - 1, na - 1)
    else:
        kr, ka = m['basis'][0] + 1, m['basis'][1] + 1
        cr = vals[k:k + nr * kr * nt * nt].reshape(nr, kr, nt, nt).transpose(2, 3, 0, 1); k += nr * kr * nt * nt
        ca = vals[k:k + na * ka * nt * nt].reshape(na, ka, nt, nt).transpose(2, 3, 0, 1); k += na * ka * nt * nt
    m['cr'], m['ca'] = cr, ca
    m['qs'] = vals[k:k + dim]; k += dim
    if m['zbl'] and m['zbl_in'] == 0 and m['zbl_out'] == 0:
        npair = nt * (nt + 1) // 2
        m['flex'] = vals[k:k + 10 * npair].reshape(npair, 10); k += 10 * npair
    else:
        m['flex'] = None
    assert k == len(vals), (k, len(vals))
    return m


def basis(kmax, d, rc):
    fc = 0.5 * np.cos(np.pi * d / rc) + 0.5
    x = 2 * (d / rc - 1) ** 2 - 1
    t = [np.ones_like(x), x]
    for k in range(2, kmax + 1):
        t.append(2 * x * t[-1] - t[-2])
    return np.array([(t[k] + 1) / 2 * fc for k in range(kmax + 1)])


def read_xyz(path):
    """First frame of an extended XYZ file: cell (rows = vectors), positions, symbols (species, pos columns first)."""
    lines = open(path).read().splitlines()
    n = int(lines[0])
    lat = lines[1].split('Lattice="')[1].split('"')[0].split()
    cell = np.array([float(v) for v in lat]).reshape(3, 3)
    sym, pos = [], []
    for l in lines[2:2 + n]:
        w = l.split()
        sym.append(w[0])
        pos.append([float(w[1]), float(w[2]), float(w[3])])
    return cell, np.array(pos), sym


def energies(model_path, xyz_path):
    m = read_model(model_path)
    cell, pos, sym = read_xyz(xyz_path)
    els = m['elements']
    typ = np.array([els.index(s) for s in sym])
    zs = np.array([ELEM[e] for e in els])
    rcR, rcA = m['rc']
    tw = m['tw']
    maxcut = max(rcR, m['zbl_out'], m['flex'][:, 1].max() if m['flex'] is not None else 0)
    inv = np.linalg.inv(cell)
    # thickness of the cell along each reciprocal direction -> image range
    nimg = [int(np.ceil(maxcut * np.linalg.norm(inv[:, a]))) + 1 for a in range(3)]
    shifts = np.array([[i, j, k] for i in range(-nimg[0], nimg[0] + 1) for j in range(-nimg[1], nimg[1] + 1)
                       for k in range(-nimg[2], nimg[2] + 1)]) @ cell
    N = len(pos)
    nr, na = m['nmax'][0] + 1, m['nmax'][1] + 1
    L = m['lmax']
    out = np.zeros(N)
    for i in range(N):
        ti = typ[i]
        d = (pos[None, :, :] + shifts[:, None, :] - pos[i]).reshape(-1, 3)
        tj = np.tile(typ, len(shifts))
        r = np.linalg.norm(d, axis=1)
        keep = (r > 1e-8) & (r < maxcut)
        d, r, tj = d[keep], r[keep], tj[keep]
        q = np.zeros(m['dim'])
        e = 0.0
        cov = np.array([COV[els[t]] for t in tj]) + COV[els[ti]]
        rcr = np.minimum(rcR, tw[0] * cov) if tw[0] > 0 else np.full(len(r), rcR)
        rca = np.minimum(rcA, tw[1] * cov) if tw[0] > 0 else np.full(len(r), rcA)
        for jj in range(len(r)):
            if r[jj] < rcr[jj]:
                f = basis(m['basis'][0], r[jj], rcr[jj])
                q[:nr] += m['cr'][ti, tj[jj]] @ f
        sel = r < rca
        ga = np.array([m['ca'][ti, tj[jj]] @ basis(m['basis'][1], r[jj], rca[jj]) for jj in np.nonzero(sel)[0]]).reshape(-1, na)
        u = d[sel] / r[sel][:, None]
        cos = np.clip(u @ u.T, -1, 1)
        for l in range(1, L + 1):
            pl = eval_legendre(l, cos) * (2 * l + 1) / (4 * np.pi)
            for n in range(na):
                q[nr + (l - 1) * na + n] = ga[:, n] @ pl @ ga[:, n]
        x, y, z = u[:, 0], u[:, 1], u[:, 2]
        s1 = np.stack([z, x, y], 1)
        s2 = np.stack([3 * z * z - 1, x * z, y * z, x * x - y * y, 2 * x * y], 1)
        col = nr + L * na
        if m['l4']:
            for n in range(na):
                s0, s1_, s2_, s3, s4 = ga[:, n] @ s2
                q[col + n] = (C4B[0] * s0 ** 3 + C4B[1] * s0 * (s1_ ** 2 + s2_ ** 2) + C4B[2] * s0 * (s3 ** 2 + s4 ** 2)
                              + C4B[3] * s3 * (s2_ ** 2 - s1_ ** 2) + C4B[4] * s1_ * s2_ * s4)
            col += na
        if m['l5']:
            for n in range(na):
                a0, a1, a2 = ga[:, n] @ s1
                q[col + n] = C5B[0] * a0 ** 4 + C5B[1] * a0 ** 2 * (a1 ** 2 + a2 ** 2) + C5B[2] * (a1 ** 2 + a2 ** 2) ** 2
        q *= m['qs']
        w0, b0, w1, bt = m['ann'][ti]
        e += w1 @ np.tanh(w0 @ q - b0) - m['b1'] - bt
        if m['zbl']:
            for jj in range(len(r)):
                a, b = sorted((ti, tj[jj]))
                zi, zj = zs[ti], zs[tj[jj]]
                ainv = (zi ** 0.23 + zj ** 0.23) * 2.134563
                if m['flex'] is not None:
                    idx = a * len(els) - a * (a - 1) // 2 + (b - a)
                    pp = m['flex'][idx]
                    r1, r2, coef = pp[0], pp[1], pp[2:]
                else:
                    r2 = m['zbl_out']; r1 = m['zbl_in']
                    if tw[2] > 0:
                        r2 = min(r2, tw[2] * cov[jj]); r1 = 0.5 * r2
                    coef = [0.18175, 3.1998, 0.50986, 0.94229, 0.28022, 0.4029, 0.02817, 0.20162]
                if r[jj] >= r2:
                    continue
                xx = r[jj] * ainv
                phi = sum(coef[2 * k] * np.exp(-coef[2 * k + 1] * xx) for k in range(4))
                fs = 1.0 if r[jj] < r1 else 0.5 * np.cos(np.pi * (r[jj] - r1) / (r2 - r1)) + 0.5
                e += 0.5 * KC * zi * zj / r[jj] * phi * fs
        out[i] = e
    return out


if __name__ == '__main__':
    if sys.argv[1] == 'write-model':
        write_model(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    elif sys.argv[1] == 'energies':
        for v in energies(sys.argv[2], sys.argv[3]):
            print(repr(float(v)))
