using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Garnetics.Engine.Core;

namespace Garnetics.Potentials.Nep;

/// <summary>
/// Evaluates a <see cref="NepModel"/> over a full neighbour list (every neighbour of every local atom, ghosts
/// included). Each local atom i is handled completely on its own: its descriptor from its neighbours, the network
/// energy E_i and dE_i/dq, then f_ij = ∂E_i/∂r_ij (r_ij = r_j − r_i) for each neighbour, added as F_i += f_ij,
/// F_j −= f_ij. Nothing is shared between atoms, so threads only need private force arrays. The virial is
/// W = −Σ r_ij ⊗ f_ij; per atom it is assigned to the neighbour j (as NEP's LAMMPS interface does).
/// </summary>
public sealed class NepEvaluator
{
    private const double KCoulomb = 14.399645; // e²/(4πε₀) in eV·A, LAMMPS metal qqr2e
    private static readonly double[] ZblA = [0.18175, 0.50986, 0.28022, 0.02817];
    private static readonly double[] ZblB = [3.1998, 0.94229, 0.4029, 0.20162];

    public NepModel Model { get; }
    private readonly int _nt, _nr, _na, _kr, _ka, _ny, _dim, _lmax;
    private readonly double[] _rcR, _rcA; // per model type pair
    private readonly double[] _zIn, _zOut, _zizj, _aInv; // per model type pair
    private readonly double[][] _zblPara; // flexible: per pair a1 b1 .. a4 b4
    // padded copies for the vector kernels: n to a multiple of 4, descriptors to a multiple of 4
    private readonly int _nrP, _naP, _nyP, _dimP;
    private readonly double[] _cR, _cA; // [pair][k][nP]
    private readonly double[][] _w0P;   // per element [h][dimP]
    private readonly double[] _qsP;
    private readonly double[] _c3 = GC.AllocateArray<double>(NepAngular.C3.Length, pinned: true);

    /// <summary>Largest distance at which two atoms interact (radial cut-off or ZBL outer cut-off).</summary>
    public double Cutoff { get; }

    public NepEvaluator(NepModel m)
    {
        Model = m;
        _nt = m.NumTypes;
        _nr = m.NMaxRadial + 1; _na = m.NMaxAngular + 1;
        _kr = m.BasisRadial + 1; _ka = m.BasisAngular + 1;
        _lmax = m.LMax;
        _ny = NepAngular.Components(_lmax);
        _dim = m.Dim;
        int np = _nt * _nt;
        _rcR = new double[np]; _rcA = new double[np];
        _zIn = new double[np]; _zOut = new double[np]; _zizj = new double[np]; _aInv = new double[np];
        _zblPara = new double[np][];
        double cut = 0;
        for (int a = 0; a < _nt; a++)
            for (int b = 0; b < _nt; b++)
            {
                int p = a * _nt + b;
                double covSum = NepElements.CovalentRadius(m.Z[a]) + NepElements.CovalentRadius(m.Z[b]);
                _rcR[p] = m.UseTypewiseCutoff ? Math.Min(m.RcRadial, m.TypewiseRadialFactor * covSum) : m.RcRadial;
                _rcA[p] = m.UseTypewiseCutoff ? Math.Min(m.RcAngular, m.TypewiseAngularFactor * covSum) : m.RcAngular;
                cut = Math.Max(cut, _rcR[p]);
                if (!m.Zbl) continue;
                _zizj[p] = KCoulomb * m.Z[a] * m.Z[b];
                _aInv[p] = (Math.Pow(m.Z[a], 0.23) + Math.Pow(m.Z[b], 0.23)) * 2.134563;
                if (m.ZblFlexible)
                {
                    int q = m.ZblPairIndex(a, b);
                    _zIn[p] = m.ZblTable[10 * q];
                    _zOut[p] = m.ZblTable[10 * q + 1];
                    _zblPara[p] = m.ZblTable.AsSpan(10 * q + 2, 8).ToArray();
                }
                else
                {
                    _zOut[p] = m.UseTypewiseZbl ? Math.Min(m.ZblOuter, m.TypewiseZblFactor * covSum) : m.ZblOuter;
                    _zIn[p] = m.UseTypewiseZbl ? 0.5 * _zOut[p] : m.ZblInner;
                    _zblPara[p] = [ZblA[0], ZblB[0], ZblA[1], ZblB[1], ZblA[2], ZblB[2], ZblA[3], ZblB[3]];
                }
                cut = Math.Max(cut, _zOut[p]);
            }
        Cutoff = cut;
        _nrP = Pad4(_nr); _naP = Pad4(_na); _nyP = Pad4(_ny); _dimP = Pad4(_dim);
        _cR = Transpose(m.CRadial, np, _nr, _kr, _nrP);
        _cA = Transpose(m.CAngular, np, _na, _ka, _naP);
        _w0P = new double[_nt][];
        for (int t = 0; t < _nt; t++)
        {
            var w = GC.AllocateArray<double>(m.Neurons * _dimP, pinned: true);
            for (int h = 0; h < m.Neurons; h++)
                for (int d = 0; d < _dim; d++) w[h * _dimP + d] = m.W0[t][h * _dim + d];
            _w0P[t] = w;
        }
        Array.Copy(NepAngular.C3, _c3, _c3.Length);
        _qsP = GC.AllocateArray<double>(_dimP, pinned: true);
        Array.Copy(m.QScaler, _qsP, _dim);
    }

    private static int Pad4(int n) => (n + 3) & ~3;

    /// <summary>[pair][n][k] → pinned [pair][k][nP] with zero padding.</summary>
    private static double[] Transpose(double[] c, int np, int nn, int kn, int nP)
    {
        var o = GC.AllocateArray<double>(Math.Max(1, np * kn * nP), pinned: true);
        for (int p = 0; p < np; p++)
            for (int n = 0; n < nn; n++)
                for (int k = 0; k < kn; k++)
                    o[p * kn * nP + k * nP + n] = c[p * nn * kn + n * kn + k];
        return o;
    }

    /// <summary>Per-thread work space and results.</summary>
    public sealed class Scratch
    {
        internal int Cap;
        internal int[] J = [];
        internal double[] Nb = [];   // per radial neighbour: dx dy dz d (4)
        internal int[] Tj = [];
        internal double[] RGnp = []; // per radial neighbour: dg_n/dr, NRp each
        internal int[] AIdx = [];    // angular neighbour -> radial slot
        internal double[] AGn = [], AGnp = []; // NAp each
        internal double[] AY = [];   // NYp each
        internal double[] Q = [], Fp = [], S = [], DEds = [], Fn = [], Fnp = [], Bk = [];
        public double Energy;
        public readonly double[] Virial = new double[6];
        /// <summary>Stopwatch ticks spent in the descriptor, the network (with dE/ds) and the force pass.</summary>
        public long TicksDescriptor, TicksNetwork, TicksForces;

        internal void Ensure(NepEvaluator e, int nneigh)
        {
            if (Q.Length == 0)
            {
                int qn = Math.Max(e._dimP, e._nrP + 8);
                Q = Pinned(qn); Fp = Pinned(qn);
                S = Pinned(e._naP * e._nyP); DEds = Pinned(e._naP * e._nyP);
                Fn = Pinned(Math.Max(e._kr, e._ka) + 1); Fnp = Pinned(Fn.Length);
                Bk = Pinned(Math.Max(e._nyP, 24));
            }
            if (nneigh <= Cap) return;
            Cap = Math.Max(nneigh, 2 * Cap);
            J = PinnedInt(Cap); Tj = PinnedInt(Cap); AIdx = PinnedInt(Cap);
            Nb = Pinned(4 * Cap);
            RGnp = Pinned(e._nrP * Cap);
            AGn = Pinned(e._naP * Cap); AGnp = Pinned(e._naP * Cap);
            AY = Pinned(Math.Max(e._nyP, 24) * Cap);
        }

        private static double[] Pinned(int n) => GC.AllocateArray<double>(Math.Max(n, 1), pinned: true);
        private static int[] PinnedInt(int n) => GC.AllocateArray<int>(Math.Max(n, 1), pinned: true);
    }

    /// <summary>Address of a pinned array (every array this class takes a pointer of is allocated pinned).</summary>
    private static unsafe double* P(double[] a) => (double*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a));

    /// <summary>
    /// Evaluate local atoms [i0, i1). <paramref name="mtype"/>: model type of every atom (local and ghost), −1 for
    /// atoms the model ignores. Forces go to <paramref name="f"/> (3 per atom); energy and virial are accumulated
    /// in the scratch; per-atom energy (by i) and per-atom virial (9 per atom, xx yy zz xy xz yz yx zx zy, by j)
    /// when the arrays are given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe void Compute(int i0, int i1, double[] x, int[] mtype, int[] first, int[] num, int[] neighs, double[] f,
        Scratch sc, double[]? eatom, double[]? vatom)
    {
        var m = Model;
        int maxn = 0;
        for (int i = i0; i < i1; i++) maxn = Math.Max(maxn, num[i]);
        sc.Ensure(this, maxn);
        double cut2 = Cutoff * Cutoff, rcA2 = m.RcAngular * m.RcAngular;
        int nr = _nr, na = _na, kr = _kr, ka = _ka, ny = _ny, nt = _nt, lmax = _lmax;
        int nrP = _nrP, naP = _naP, nyP = _nyP, dim = _dim, dimP = _dimP, nyS = Math.Max(nyP, 24);
        bool fast = lmax <= 4, zbl = m.Zbl;
        int has4 = m.Has4Body, has5 = m.Has5Body, neurons = m.Neurons;
        double* q = P(sc.Q), fp = P(sc.Fp), s = P(sc.S), deds = P(sc.DEds), fn = P(sc.Fn), fnp = P(sc.Fnp);
        double* bk = P(sc.Bk), nb = P(sc.Nb), rgnp = P(sc.RGnp), agn = P(sc.AGn), agnp = P(sc.AGnp), ay = P(sc.AY);
        double* cR = P(_cR), cA = P(_cA), c3 = P(_c3), qs = P(_qsP);
        int* jn = (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sc.J));
        int* tjn = (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sc.Tj));
        int* aidx = (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sc.AIdx));
        var c4 = NepAngular.C4B;
        var c5 = NepAngular.C5B;
        Span<double> ytmp = stackalloc double[NepAngular.Components(NepAngular.MaxL)];
        Span<double> gxs = stackalloc double[ytmp.Length], gys = stackalloc double[ytmp.Length], gzs = stackalloc double[ytmp.Length];
        double evir0 = 0, evir1 = 0, evir2 = 0, evir3 = 0, evir4 = 0, evir5 = 0, etot = 0;
        fixed (double* xp = x, fpt = f)
        fixed (int* mt = mtype, nl = neighs)
        {
            for (int i = i0; i < i1; i++)
            {
                int ti = mt[i];
                if (ti < 0) continue;
                int nn = num[i];
                int* nli = nl + first[i];
                long tick0 = Stopwatch.GetTimestamp();
                double xi = xp[3 * i], yi = xp[3 * i + 1], zi = xp[3 * i + 2];
                new Span<double>(q, dimP).Clear();
                new Span<double>(s, naP * nyP).Clear();
                // ---- gather neighbours within the largest cut-off
                int nR = 0;
                for (int jj = 0; jj < nn; jj++)
                {
                    int j = nli[jj];
                    int tj = mt[j];
                    if (tj < 0) continue;
                    double dx = xp[3 * j] - xi, dy = xp[3 * j + 1] - yi, dz = xp[3 * j + 2] - zi;
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 >= cut2) continue;
                    double* o = nb + 4 * nR;
                    o[0] = dx; o[1] = dy; o[2] = dz; o[3] = d2;
                    jn[nR] = j; tjn[nR] = tj;
                    nR++;
                }
                // ---- radial descriptor (and dg_n/dr for the force pass); angular sums
                int nA = 0;
                int pi = ti * nt;
                for (int r = 0; r < nR; r++)
                {
                    double* o = nb + 4 * r;
                    double d2 = o[3], d = Math.Sqrt(d2);
                    o[3] = d;
                    int p = pi + tjn[r];
                    double* gp = rgnp + r * nrP;
                    double rc = _rcR[p];
                    if (d < rc)
                    {
                        BasisP(kr - 1, d, rc, fn, fnp);
                        CombineP(cR + p * kr * nrP, kr, nrP, fn, fnp, q, gp);
                    }
                    else new Span<double>(gp, nrP).Clear();
                    if (d2 < rcA2 && d < _rcA[p] && ny > 0)
                    {
                        double* ga = agn + nA * naP, gpa = agnp + nA * naP, yk = ay + nA * nyS;
                        BasisP(ka - 1, d, _rcA[p], fn, fnp);
                        CombineP(cA + p * ka * naP, ka, naP, fn, fnp, ga, gpa, assign: true);
                        double dinv = 1.0 / d;
                        if (fast) NepHarmonics4.Y(o[0] * dinv, o[1] * dinv, o[2] * dinv, yk);
                        else
                        {
                            NepAngular.Harmonics(lmax, o[0] * dinv, o[1] * dinv, o[2] * dinv, ytmp);
                            for (int k = 0; k < ny; k++) yk[k] = ytmp[k];
                            for (int k = ny; k < nyS; k++) yk[k] = 0;
                        }
                        for (int n = 0; n < na; n++) Axpy(ga[n], yk, s + n * nyP, nyP);
                        aidx[nA++] = r;
                    }
                }
                // ---- angular invariants
                int qa = nr;
                for (int n = 0; n < na; n++)
                {
                    double* sn = s + n * nyP;
                    for (int l = 1; l <= lmax; l++)
                    {
                        int b = l * l - 1;
                        double v = 0;
                        for (int k = 1; k <= 2 * l; k++) v += c3[b + k] * sn[b + k] * sn[b + k];
                        q[qa + (l - 1) * na + n] = 2 * v + c3[b] * sn[b] * sn[b];
                    }
                    if (has4 == 1)
                    {
                        double s0 = sn[3], s1 = sn[4], s2 = sn[5], s3 = sn[6], s4 = sn[7];
                        q[qa + lmax * na + n] = c4[0] * s0 * s0 * s0 + c4[1] * s0 * (s1 * s1 + s2 * s2) + c4[2] * s0 * (s3 * s3 + s4 * s4)
                            + c4[3] * s3 * (s2 * s2 - s1 * s1) + c4[4] * s1 * s2 * s4;
                    }
                    if (has5 == 1)
                    {
                        double s0 = sn[0], s12 = sn[1] * sn[1] + sn[2] * sn[2], s00 = s0 * s0;
                        q[qa + (lmax + has4) * na + n] = c5[0] * s00 * s00 + c5[1] * s00 * s12 + c5[2] * s12 * s12;
                    }
                }
                long tick1 = Stopwatch.GetTimestamp();
                sc.TicksDescriptor += tick1 - tick0;
                // ---- network: E_i and dE_i/dq (scaled descriptors)
                for (int dd = 0; dd < dim; dd++) q[dd] *= qs[dd];
                for (int dd = dim; dd < dimP; dd++) q[dd] = 0;
                new Span<double>(fp, dimP).Clear();
                double* w0 = P(_w0P[ti]);
                var b0 = m.B0[ti]; var w1 = m.W1[ti];
                double ei = -(m.B1 + m.B1Type[ti]);
                for (int h = 0; h < neurons; h++)
                {
                    double* wr = w0 + h * dimP;
                    double a = Math.Tanh(Dot(wr, q, dimP) - b0[h]);
                    ei += w1[h] * a;
                    Axpy(w1[h] * (1 - a * a), wr, fp, dimP);
                }
                for (int dd = 0; dd < dim; dd++) fp[dd] *= qs[dd];
                // ---- dE/ds
                for (int n = 0; n < na; n++)
                {
                    double* sn = s + n * nyP, dsn = deds + n * nyP;
                    for (int l = 1; l <= lmax; l++)
                    {
                        int b = l * l - 1;
                        double fl = fp[qa + (l - 1) * na + n];
                        dsn[b] = 2 * fl * c3[b] * sn[b];
                        for (int k = 1; k <= 2 * l; k++) dsn[b + k] = 4 * fl * c3[b + k] * sn[b + k];
                    }
                    for (int k = ny; k < nyP; k++) dsn[k] = 0;
                    if (has4 == 1)
                    {
                        double f4 = fp[qa + lmax * na + n];
                        double s0 = sn[3], s1 = sn[4], s2 = sn[5], s3 = sn[6], s4 = sn[7];
                        dsn[3] += f4 * (3 * c4[0] * s0 * s0 + c4[1] * (s1 * s1 + s2 * s2) + c4[2] * (s3 * s3 + s4 * s4));
                        dsn[4] += f4 * (2 * c4[1] * s0 * s1 - 2 * c4[3] * s3 * s1 + c4[4] * s2 * s4);
                        dsn[5] += f4 * (2 * c4[1] * s0 * s2 + 2 * c4[3] * s3 * s2 + c4[4] * s1 * s4);
                        dsn[6] += f4 * (2 * c4[2] * s0 * s3 + c4[3] * (s2 * s2 - s1 * s1));
                        dsn[7] += f4 * (2 * c4[2] * s0 * s4 + c4[4] * s1 * s2);
                    }
                    if (has5 == 1)
                    {
                        double f5 = fp[qa + (lmax + has4) * na + n];
                        double s0 = sn[0], s1 = sn[1], s2 = sn[2], s12 = s1 * s1 + s2 * s2;
                        dsn[0] += f5 * (4 * c5[0] * s0 * s0 * s0 + 2 * c5[1] * s0 * s12);
                        dsn[1] += f5 * (2 * c5[1] * s0 * s0 * s1 + 4 * c5[2] * s12 * s1);
                        dsn[2] += f5 * (2 * c5[1] * s0 * s0 * s2 + 4 * c5[2] * s12 * s2);
                    }
                }
                long tick2 = Stopwatch.GetTimestamp();
                sc.TicksNetwork += tick2 - tick1;
                // ---- pair forces f_ij = dE_i/dr_ij: radial part (+ ZBL) per neighbour, angular part added on top
                double fix = 0, fiy = 0, fiz = 0;
                double vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;
                int aNext = nA > 0 ? aidx[0] : -1, ai = 0;
                for (int r = 0; r < nR; r++)
                {
                    double* o = nb + 4 * r;
                    double dx = o[0], dy = o[1], dz = o[2], d = o[3], dinv = 1.0 / d;
                    double fs = Dot(fp, rgnp + r * nrP, nrP);
                    if (zbl)
                    {
                        int p = pi + tjn[r];
                        if (d < _zOut[p])
                        {
                            ZblTerm(p, d, out double e, out double ep);
                            ei += 0.5 * e;
                            fs += 0.5 * ep;
                        }
                    }
                    double fx = fs * dinv * dx, fy = fs * dinv * dy, fz = fs * dinv * dz;
                    if (r == aNext)
                    {
                        double* ga = agn + ai * naP, gpa = agnp + ai * naP, yk = ay + ai * nyS;
                        double ux = dx * dinv, uy = dy * dinv, uz = dz * dinv;
                        // radial part of the angular term: Σ_n g'_n Σ_k (dE/ds_nk) Y_k; tangential: ∇ Σ_k B_k Y_k
                        double rad = 0;
                        new Span<double>(bk, nyS).Clear();
                        for (int n = 0; n < na; n++)
                        {
                            double* dsn = deds + n * nyP;
                            rad += gpa[n] * Dot(dsn, yk, nyP);
                            Axpy(ga[n], dsn, bk, nyP);
                        }
                        double gx, gy, gz;
                        if (fast) NepHarmonics4.Grad(ux, uy, uz, bk, out gx, out gy, out gz);
                        else
                        {
                            NepAngular.HarmonicsAndGradient(lmax, ux, uy, uz, 1.0, ytmp, gxs, gys, gzs);
                            gx = gy = gz = 0;
                            for (int k = 0; k < ny; k++) { gx += bk[k] * gxs[k]; gy += bk[k] * gys[k]; gz += bk[k] * gzs[k]; }
                            // HarmonicsAndGradient already projected out the radial direction
                        }
                        double ug = fast ? ux * gx + uy * gy + uz * gz : 0;
                        fx += rad * ux + (gx - ux * ug) * dinv;
                        fy += rad * uy + (gy - uy * ug) * dinv;
                        fz += rad * uz + (gz - uz * ug) * dinv;
                        ai++;
                        aNext = ai < nA ? aidx[ai] : -1;
                    }
                    if (fx == 0 && fy == 0 && fz == 0) continue;
                    int j = jn[r];
                    fix += fx; fiy += fy; fiz += fz;
                    fpt[3 * j] -= fx; fpt[3 * j + 1] -= fy; fpt[3 * j + 2] -= fz;
                    vxx -= dx * fx; vyy -= dy * fy; vzz -= dz * fz;
                    vxy -= dx * fy; vxz -= dx * fz; vyz -= dy * fz;
                    if (vatom != null)
                    {
                        int b = 9 * j;
                        vatom[b] -= dx * fx; vatom[b + 1] -= dy * fy; vatom[b + 2] -= dz * fz;
                        vatom[b + 3] -= dx * fy; vatom[b + 4] -= dx * fz; vatom[b + 5] -= dy * fz;
                        vatom[b + 6] -= dy * fx; vatom[b + 7] -= dz * fx; vatom[b + 8] -= dz * fy;
                    }
                }
                fpt[3 * i] += fix; fpt[3 * i + 1] += fiy; fpt[3 * i + 2] += fiz;
                etot += ei;
                if (eatom != null) eatom[i] += ei;
                sc.TicksForces += Stopwatch.GetTimestamp() - tick2;
                evir0 += vxx; evir1 += vyy; evir2 += vzz; evir3 += vxy; evir4 += vxz; evir5 += vyz;
            }
        }
        sc.Energy += etot;
        var vir = sc.Virial;
        vir[0] += evir0; vir[1] += evir1; vir[2] += evir2; vir[3] += evir3; vir[4] += evir4; vir[5] += evir5;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe double Dot(double* a, double* b, int n)
    {
        var acc = Vector256<double>.Zero;
        int k = 0;
        for (; k + 4 <= n; k += 4) acc = Fma(Vector256.Load(a + k), Vector256.Load(b + k), acc);
        double v = Vector256.Sum(acc);
        for (; k < n; k++) v += a[k] * b[k];
        return v;
    }

    /// <summary>y[0..n) += a·x[0..n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Axpy(double a, double* x, double* y, int n)
    {
        var va = Vector256.Create(a);
        int k = 0;
        for (; k + 4 <= n; k += 4) Vector256.Store(Fma(va, Vector256.Load(x + k), Vector256.Load(y + k)), y + k);
        for (; k < n; k++) y[k] += a * x[k];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported ? System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(a, b, c) : a * b + c;

    /// <summary>
    /// g_n = Σ_k c[k·np + n] f_k and g'_n likewise for n in [0, np) (np a multiple of 4; padded coefficients are 0).
    /// Adds g into <paramref name="g"/> (or assigns when <paramref name="assign"/>) and assigns g' to <paramref name="gp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CombineP(double* c, int kn, int np, double* f, double* fd, double* g, double* gp, bool assign = false)
    {
        if (np == 8)
        {
            // both halves in one pass over k: two independent FMA chains per output
            var a0 = Vector256<double>.Zero; var a1 = Vector256<double>.Zero;
            var d0 = Vector256<double>.Zero; var d1 = Vector256<double>.Zero;
            for (int k = 0; k < kn; k++)
            {
                var fk = Vector256.Create(f[k]);
                var dk = Vector256.Create(fd[k]);
                var c0 = Vector256.Load(c + 8 * k);
                var c1 = Vector256.Load(c + 8 * k + 4);
                a0 = Fma(c0, fk, a0); a1 = Fma(c1, fk, a1);
                d0 = Fma(c0, dk, d0); d1 = Fma(c1, dk, d1);
            }
            if (!assign) { a0 += Vector256.Load(g); a1 += Vector256.Load(g + 4); }
            Vector256.Store(a0, g); Vector256.Store(a1, g + 4);
            Vector256.Store(d0, gp); Vector256.Store(d1, gp + 4);
            return;
        }
        for (int n = 0; n < np; n += 4)
        {
            var a = Vector256<double>.Zero;
            var ad = Vector256<double>.Zero;
            for (int k = 0; k < kn; k++)
            {
                var cv = Vector256.Load(c + k * np + n);
                a = Fma(cv, Vector256.Create(f[k]), a);
                ad = Fma(cv, Vector256.Create(fd[k]), ad);
            }
            if (!assign) a += Vector256.Load(g + n);
            Vector256.Store(a, g + n);
            Vector256.Store(ad, gp + n);
        }
    }

    /// <summary>
    /// sin(πu) and cos(πu) for u in [0, 1] from Taylor series about u = 1/2 (θ = π(u − 1/2), |θ| ≤ π/2): sin(πu) = cos θ,
    /// cos(πu) = −sin θ, summed to θ^23 and θ^22 (truncation below 1e-17); a few ulp, like Math.SinCos, without the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SinCosPi(double u, out double sin, out double cos)
    {
        double t = Math.PI * (u - 0.5), z = t * t;
        double st = 1.0 + z * (-1.0 / 6 + z * (1.0 / 120 + z * (-1.0 / 5040 + z * (1.0 / 362880 + z * (-1.0 / 39916800
            + z * (1.0 / 6227020800 + z * (-1.0 / 1307674368000 + z * (1.0 / 355687428096000 + z * (-1.0 / 121645100408832000.0
            + z * (1.0 / 51090942171709440000.0 + z * (-1.0 / 25852016738884976640000.0)))))))))));
        double ct = 1.0 + z * (-1.0 / 2 + z * (1.0 / 24 + z * (-1.0 / 720 + z * (1.0 / 40320 + z * (-1.0 / 3628800
            + z * (1.0 / 479001600 + z * (-1.0 / 87178291200 + z * (1.0 / 20922789888000 + z * (-1.0 / 6402373705728000
            + z * (1.0 / 2432902008176640000.0 + z * (-1.0 / 1124000727777607680000.0)))))))))));
        sin = ct;
        cos = -t * st;
    }

    /// <summary>
    /// Chebyshev radial basis f_k(d) = (T_k(x) + 1)/2 · f_c(d), x = 2(d/rc − 1)² − 1, f_c = (1 + cos(π d/rc))/2,
    /// for k = 0..kmax, and the derivatives with respect to d (dT_k/dx = k U_{k−1}).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void BasisP(int kmax, double d, double rc, double* fn, double* fnp)
    {
        double rcinv = 1.0 / rc;
        double u = d * rcinv;
        SinCosPi(u, out double sn, out double cs);
        double fc = 0.5 * cs + 0.5;
        double fcp = -0.5 * Math.PI * sn * rcinv;
        double t = u - 1;
        double x = 2 * t * t - 1;
        double dxdr = 4 * t * rcinv;
        fn[0] = fc;
        fnp[0] = fcp;
        if (kmax < 1) return;
        fn[1] = 0.5 * (x + 1) * fc;
        fnp[1] = 0.5 * dxdr * fc + 0.5 * (x + 1) * fcp;
        double t0 = 1, t1 = x, u0 = 1, u1 = 2 * x;
        double hd = 0.5 * dxdr * fc;
        for (int k = 2; k <= kmax; k++)
        {
            double t2 = 2 * x * t1 - t0;
            double h = 0.5 * (t2 + 1);
            fn[k] = h * fc;
            fnp[k] = k * u1 * hd + h * fcp;
            t0 = t1; t1 = t2;
            double u2 = 2 * x * u1 - u0;
            u0 = u1; u1 = u2;
        }
    }

    /// <summary>ZBL pair energy e(d) (switched) and de/dd for the model type pair p.</summary>
    private void ZblTerm(int p, double d, out double e, out double ep)
    {
        var c = _zblPara[p];
        double ainv = _aInv[p], xx = d * ainv;
        double phi = 0, phip = 0;
        for (int k = 0; k < 4; k++)
        {
            double t = c[2 * k] * Math.Exp(-c[2 * k + 1] * xx);
            phi += t;
            phip -= c[2 * k + 1] * t;
        }
        double dinv = 1.0 / d, zz = _zizj[p];
        double f = zz * phi * dinv;
        double fp = zz * phip * ainv * dinv - f * dinv;
        double r1 = _zIn[p], r2 = _zOut[p];
        double fc, fcp;
        if (d < r1) { fc = 1; fcp = 0; }
        else
        {
            double pf = Math.PI / (r2 - r1);
            fc = 0.5 * Math.Cos(pf * (d - r1)) + 0.5;
            fcp = -0.5 * pf * Math.Sin(pf * (d - r1));
        }
        e = f * fc;
        ep = fp * fc + f * fcp;
    }
}
