using System.Diagnostics;
using System.Runtime.Intrinsics;

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
    private readonly int _nrP, _naP, _nyP, _dimP, _krP;
    private readonly double[] _cR, _cA; // [pair][k][nP]
    private readonly double[][] _w0P;   // per element [h][dimP]
    private readonly double[][] _b0P, _w1P; // per element, neurons padded to a multiple of 4 with zeros
    private readonly double[] _qsP;
    private readonly double[] _c3 = GC.AllocateArray<double>(NepAngular.C3.Length, pinned: true);

    /// <summary>Largest distance at which two atoms interact (radial cut-off or ZBL outer cut-off).</summary>
    public double Cutoff { get; }

    /// <summary>Distance within which atoms of model types a and b interact: the radial cut-off of the pair, or its ZBL outer cut-off when larger.</summary>
    public double PairCutoff(int a, int b)
    {
        int p = a * _nt + b;
        return Model.Zbl ? Math.Max(_rcR[p], _zOut[p]) : _rcR[p];
    }

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
        _nrP = Pad4(_nr); _naP = Pad4(_na); _nyP = Pad4(_ny); _dimP = Pad4(_dim); _krP = Pad4(_kr);
        _cR = Transpose(m.CRadial, np, _nr, _kr, _nrP);
        _cA = Transpose(m.CAngular, np, _na, _ka, _naP);
        _w0P = new double[_nt][]; _b0P = new double[_nt][]; _w1P = new double[_nt][];
        for (int t = 0; t < _nt; t++)
        {
            var w = GC.AllocateArray<double>(m.Neurons * _dimP, pinned: true);
            for (int h = 0; h < m.Neurons; h++)
                for (int d = 0; d < _dim; d++) w[h * _dimP + d] = m.W0[t][h * _dim + d];
            _w0P[t] = w;
            _b0P[t] = GC.AllocateArray<double>(Pad4(m.Neurons), pinned: true);
            _w1P[t] = GC.AllocateArray<double>(Pad4(m.Neurons), pinned: true);
            Array.Copy(m.B0[t], _b0P[t], m.Neurons);
            Array.Copy(m.W1[t], _w1P[t], m.Neurons);
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
        internal double[] Nb = [];   // per radial neighbour slot: dx dy dz d² (4; + 4 spare slots)
        internal int[] Tj = [];
        // Radial part. g_n(r) = Σ_k c[p][n][k] f_k(r) is linear in the basis, so the descriptor only needs the per
        // neighbour-type sums FSum[tj][k] = Σ_{j of type tj} f_k(r_ij), and the force pass only needs, per neighbour,
        // df_k/dr (RFp) contracted with Cf[tj][k] = Σ_n dE/dq_n c[ti,tj][n][k]. FSum and Cf rows are KRp =
        // (basis_size+1) padded to a multiple of 4 (padding unused).
        // Neighbour slots (Nb, J, Tj, Dist, RFp, FsR) are grouped by type: slots [Goff[t], Goff[t+1]) hold type t, in
        // list order, so that one Vector256 holds four neighbours of the same type pair. A block at the end of a group
        // spills up to 3 lanes into the next group (rewritten when that group is done) or into 4 spare slots after nR.
        internal double[] RFp = [];  // df_k/dr as rows by k: [k·RfStride + r], RfStride = Cap + 4
        internal int RfStride;
        internal double[] Dist = [], FsR = []; // per radial neighbour slot (+ 4 padding): |r_ij|, dE_i/d|r_ij| (radial)
        internal double[] FSum = [], Cf = []; // per neighbour type tj: [tj·KRp + k]
        internal double[] Hid = [];           // per neuron: pre-activation, then w1 (1 − tanh²)
        internal double[] FAcc = [];          // [k][lane]: per-lane partial sums of f_k within one type group
        internal double[] ABas = [], ABasP = []; // [k][lane]: angular f_k, df_k/dr of the current four angular neighbours
        internal int[] Orig = [];
        // harmonics and their gradients for l_max > 4 (the general path)
        internal readonly double[] YTmp = new double[NepAngular.Components(NepAngular.MaxL)], GXs = new double[NepAngular.Components(NepAngular.MaxL)],
            GYs = new double[NepAngular.Components(NepAngular.MaxL)], GZs = new double[NepAngular.Components(NepAngular.MaxL)];             // per slot: the neighbour's index in the base's (list-order) arrays
        internal int[] Goff = [], GPos = [];
        internal int[] AIdx = [];    // angular neighbour -> radial slot
        internal double[] AGn = [], AGnp = []; // NAp each
        internal double[] FA = [];   // per radial neighbour slot: angular part of f_ij, x y z (4 each)
        internal double[] AY = [];   // NYp each
        internal double[] Q = [], Fp = [], S = [], DEds = [], Bk = [];
        /// <summary>Stopwatch ticks spent in the descriptor, the network (with dE/ds) and the force pass.</summary>
        public long TicksDescriptor, TicksNetwork, TicksForces;

        internal void Ensure(NepEvaluator e, int nneigh)
        {
            if (Q.Length == 0)
            {
                int qn = Math.Max(e._dimP, e._nrP + 8);
                Q = Pinned(qn); Fp = Pinned(qn);
                S = Pinned(e._naP * e._nyP); DEds = Pinned(e._naP * e._nyP);
                Bk = Pinned(Math.Max(e._nyP, 24));
                FSum = Pinned(e._nt * e._krP); Cf = Pinned(e._nt * e._krP);
                Hid = Pinned(Pad4(e.Model.Neurons));
                FAcc = Pinned(4 * e._kr); ABas = Pinned(4 * e._ka); ABasP = Pinned(4 * e._ka); Goff = PinnedInt(e._nt + 1); GPos = PinnedInt(e._nt);
            }
            if (nneigh <= Cap) return;
            Cap = Math.Max(nneigh, 2 * Cap);
            J = PinnedInt(Cap); Tj = PinnedInt(Cap); AIdx = PinnedInt(Cap);
            Nb = Pinned(4 * (Cap + 4));
            RfStride = Cap + 4;
            RFp = Pinned(e._kr * RfStride);
            Dist = Pinned(Cap + 4); FsR = Pinned(Cap + 4);
            Orig = PinnedInt(Cap);
            FA = Pinned(4 * Cap);
            AGn = Pinned(e._naP * Cap); AGnp = Pinned(e._naP * Cap);
            AY = Pinned(Math.Max(e._nyP, 24) * Cap);
        }

        private static double[] Pinned(int n) => GC.AllocateArray<double>(Math.Max(n, 1), pinned: true);
        private static int[] PinnedInt(int n) => GC.AllocateArray<int>(Math.Max(n, 1), pinned: true);
    }

    /// <summary>Lane numbers, for masking the lanes past the end of a partial block of four neighbours.</summary>
    private static readonly Vector256<double> Lane = Vector256.Create(0.0, 1.0, 2.0, 3.0);

    /// <summary>Address of a pinned int array.</summary>
    private static unsafe int* PI(int[] a) => (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a));

    /// <summary>Address of a pinned array (every array this class takes a pointer of is allocated pinned).</summary>
    private static unsafe double* P(double[] a) => (double*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a));

    /// <summary>
    /// Site energy E_i of atom nb.I (model type nb.ElementI) from its neighbours (the many-body base's gather: list
    /// order, within the pair cut-offs, model types in nb.Element), and the pair forces f_ij = ∂E_i/∂r_ij into
    /// nb.Force (x y z per neighbour, at the neighbour's index in nb).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public unsafe double ComputeAtom(Garnetics.Engine.Potentials.AtomNeighbors nbh, Scratch sc)
    {
        var m = Model;
        sc.Ensure(this, nbh.Count);
        double rcA2 = m.RcAngular * m.RcAngular;
        int nr = _nr, na = _na, kr = _kr, ka = _ka, ny = _ny, nt = _nt, lmax = _lmax;
        int krP = _krP, nrP = _nrP, naP = _naP, nyP = _nyP, dim = _dim, dimP = _dimP, nyS = Math.Max(nyP, 24);
        bool fast = lmax <= 4, zbl = m.Zbl;
        int has4 = m.Has4Body, has5 = m.Has5Body, neurons = m.Neurons;
        double* q = P(sc.Q), fp = P(sc.Fp), s = P(sc.S), deds = P(sc.DEds);
        double* bk = P(sc.Bk), nb = P(sc.Nb), rfp = P(sc.RFp), fsum = P(sc.FSum), cf = P(sc.Cf), facc = P(sc.FAcc), hid = P(sc.Hid), abas = P(sc.ABas), abasp = P(sc.ABasP);
        double* dist = P(sc.Dist), fsr = P(sc.FsR), nbT = P(nbh.R), fout = P(nbh.Force);
        int rfs = sc.RfStride;
        int* jT = PI(nbh.J), tjT = PI(nbh.Element), goff = PI(sc.Goff), gpos = PI(sc.GPos), orig = PI(sc.Orig);
        double* fa = P(sc.FA), agn = P(sc.AGn), agnp = P(sc.AGnp), ay = P(sc.AY);
        double* cR = P(_cR), cA = P(_cA), c3 = P(_c3), qs = P(_qsP);
        int* jn = (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sc.J));
        int* tjn = (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sc.Tj));
        int* aidx = (int*)Unsafe.AsPointer(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(sc.AIdx));
        var c4 = NepAngular.C4B;
        var c5 = NepAngular.C5B;
        Span<double> ytmp = sc.YTmp, gxs = sc.GXs, gys = sc.GYs, gzs = sc.GZs;
        {
            {
                int ti = nbh.ElementI;
                int nR = nbh.Count;
                long tick0 = Stopwatch.GetTimestamp();
                new Span<double>(q, dimP).Clear();
                new Span<double>(s, naP * nyP).Clear();
                new Span<double>(fsum, nt * krP).Clear();
                // ---- count the neighbours of each type (the base gathered them in list order, within the pair cut-offs)
                for (int t = 0; t <= nt; t++) goff[t] = 0;
                for (int r = 0; r < nR; r++) goff[tjT[r] + 1]++;
                // ---- group them by type (stable counting sort): type t occupies slots [goff[t], goff[t+1])
                for (int t = 0; t < nt; t++) goff[t + 1] += goff[t];
                for (int t = 0; t < nt; t++) gpos[t] = goff[t];
                for (int r = 0; r < nR; r++)
                {
                    int tj = tjT[r], w = gpos[tj]++;
                    Vector256.Store(Vector256.Load(nbT + 4 * r), nb + 4 * w);
                    jn[w] = jT[r]; tjn[w] = tj; orig[w] = r;
                }
                // distances, four at a time (the lanes past nR are spare slots)
                for (int r = 0; r < nR; r += 4)
                    Vector256.Store(Vector256.Sqrt(Vector256.Create(nb[4 * r + 3], nb[4 * r + 7], nb[4 * r + 11], nb[4 * r + 15])), dist + r);
                int pi = ti * nt;
                // ---- radial basis, four neighbours of one type per vector: FSum[t][k] += f_k, RFp[k][r] = df_k/dr
                for (int t = 0; t < nt; t++)
                {
                    int gs = goff[t], ge = goff[t + 1];
                    if (gs == ge) continue;
                    new Span<double>(facc, 4 * kr).Clear();
                    double rc = _rcR[pi + t];
                    for (int r = gs; r < ge; r += 4)
                    {
                        // lanes past the group hold other neighbours' (finite) distances: masked to zero here and their
                        // RFp columns are rewritten when the next group is processed (or lie in the padding after nR)
                        var live = Vector256.LessThan(Lane, Vector256.Create((double)(ge - r)));
                        BasisV(kr, Vector256.Load(dist + r), Vector256.Create(rc), live, facc, 4, true, rfp + r, rfs);
                    }
                    double* fs = fsum + t * krP;
                    for (int k = 0; k < kr; k++) fs[k] = Vector256.Sum(Vector256.Load(facc + 4 * k));
                }
                // ---- angular neighbours (slot numbers in AIdx), then their basis four at a time into ABas/ABasP
                // ([k][lane], per-lane cut-off) and g_n, g'_n, Y_k and the sums s_{n,k} = Σ_j g_n(r_ij) Y_k(r̂_ij)
                int nA = 0;
                if (ny > 0)
                    for (int r = 0; r < nR; r++)
                    {
                        double d = dist[r];
                        if (d * d < rcA2 && d < _rcA[pi + tjn[r]]) aidx[nA++] = r;
                    }
                for (int a0 = 0; a0 < nA; a0 += 4)
                {
                    int nl4 = Math.Min(4, nA - a0);
                    int r0 = aidx[a0], r1 = aidx[Math.Min(a0 + 1, nA - 1)], r2 = aidx[Math.Min(a0 + 2, nA - 1)], r3 = aidx[Math.Min(a0 + 3, nA - 1)];
                    var dv = Vector256.Create(dist[r0], dist[r1], dist[r2], dist[r3]);
                    var rcv = Vector256.Create(_rcA[pi + tjn[r0]], _rcA[pi + tjn[r1]], _rcA[pi + tjn[r2]], _rcA[pi + tjn[r3]]);
                    BasisV(ka, dv, rcv, Vector256.LessThan(Lane, Vector256.Create((double)nl4)), abas, 4, false, abasp, 4);
                    for (int l = 0; l < nl4; l++)
                    {
                        int an = a0 + l, r = aidx[an];
                        double* o = nb + 4 * r;
                        double* ga = agn + an * naP, gpa = agnp + an * naP, yk = ay + an * nyS;
                        CombineP(cA + (pi + tjn[r]) * ka * naP, ka, naP, abas + l, abasp + l, ga, gpa, assign: true, fstride: 4);
                        double dinv = 1.0 / dist[r];
                        if (fast) NepHarmonics4.Y(o[0] * dinv, o[1] * dinv, o[2] * dinv, yk);
                        else
                        {
                            NepAngular.Harmonics(lmax, o[0] * dinv, o[1] * dinv, o[2] * dinv, ytmp);
                            for (int k = 0; k < ny; k++) yk[k] = ytmp[k];
                            for (int k = ny; k < nyS; k++) yk[k] = 0;
                        }
                        if (nl4 < 4)
                            for (int n = 0; n < na; n++) Axpy(ga[n], yk, s + n * nyP, nyP);
                    }
                    if (nl4 == 4)
                    {
                        // s_n += Σ_l g_n(l) Y(l) over the four neighbours: one load and store of s per four neighbours
                        double* y0 = ay + a0 * nyS, y1 = y0 + nyS, y2 = y1 + nyS, y3 = y2 + nyS;
                        double* g0 = agn + a0 * naP, g1 = g0 + naP, g2 = g1 + naP, g3 = g2 + naP;
                        for (int n = 0; n < na; n++)
                        {
                            double* sn = s + n * nyP;
                            Vector256<double> v0 = Vector256.Create(g0[n]), v1 = Vector256.Create(g1[n]);
                            Vector256<double> v2 = Vector256.Create(g2[n]), v3 = Vector256.Create(g3[n]);
                            for (int k = 0; k < nyP; k += 4)
                            {
                                var acc = Fma(v0, Vector256.Load(y0 + k), Vector256.Load(sn + k));
                                acc = Fma(v1, Vector256.Load(y1 + k), acc);
                                acc = Fma(v2, Vector256.Load(y2 + k), acc);
                                Vector256.Store(Fma(v3, Vector256.Load(y3 + k), acc), sn + k);
                            }
                        }
                    }
                }
                // ---- radial descriptors q_n = Σ_tj Σ_k c[ti,tj][n][k] FSum[tj][k]
                for (int tj = 0; tj < nt; tj++)
                {
                    double* cp = cR + (pi + tj) * kr * nrP, fs = fsum + tj * krP;
                    for (int k = 0; k < kr; k++) Axpy(fs[k], cp + k * nrP, q, nrP);
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
                double ei = -(m.B1 + m.B1Type[ti]);
                // hidden layer: four neurons' dot products interleaved (independent FMA chains), then
                // dE/dq = Σ_h w1_h (1 − a_h²) W0[h] accumulated in registers, four descriptor chunks at a time
                int h4 = 0;
                for (; h4 + 4 <= neurons; h4 += 4)
                {
                    double* w_0 = w0 + h4 * dimP, w_1 = w_0 + dimP, w_2 = w_1 + dimP, w_3 = w_2 + dimP;
                    Vector256<double> z0 = Vector256<double>.Zero, z1 = z0, z2 = z0, z3 = z0;
                    for (int k = 0; k < dimP; k += 4)
                    {
                        var qv = Vector256.Load(q + k);
                        z0 = Fma(Vector256.Load(w_0 + k), qv, z0); z1 = Fma(Vector256.Load(w_1 + k), qv, z1);
                        z2 = Fma(Vector256.Load(w_2 + k), qv, z2); z3 = Fma(Vector256.Load(w_3 + k), qv, z3);
                    }
                    hid[h4] = Vector256.Sum(z0); hid[h4 + 1] = Vector256.Sum(z1);
                    hid[h4 + 2] = Vector256.Sum(z2); hid[h4 + 3] = Vector256.Sum(z3);
                }
                for (; h4 < neurons; h4++) hid[h4] = Dot(w0 + h4 * dimP, q, dimP);
                // a_h = tanh(z_h − b_h) four neurons at a time as 1 − 2/(e^{2x} + 1) (absolute error a few 1e-16; Hid, B0,
                // W1 padded to a multiple of 4 with zeros, so padded neurons contribute nothing)
                var eacc = Vector256<double>.Zero;
                double* b0p = P(_b0P[ti]), w1p = P(_w1P[ti]);
                for (int h = 0; h < neurons; h += 4)
                {
                    // |x| clamped to 20 (tanh 20 = 1 − 8.5e-18 is 1 in double) to keep e^{2x} finite and nonzero
                    var xh = Vector256.Clamp(Vector256.Load(hid + h) - Vector256.Load(b0p + h), Vector256.Create(-20.0), Vector256.Create(20.0));
                    var one = Vector256.Create(1.0);
                    var a = one - Vector256.Create(2.0) / (Vector256.Exp(xh + xh) + one);
                    var w1v = Vector256.Load(w1p + h);
                    eacc = Fma(w1v, a, eacc);
                    Vector256.Store(w1v * (one - a * a), hid + h);
                }
                ei += Vector256.Sum(eacc);
                for (int k = 0; k < dimP; k += 16)
                {
                    // dimP is a multiple of 4; chunks at or past dimP are neither loaded nor stored
                    Vector256<double> a0 = Vector256<double>.Zero, a1 = a0, a2 = a0, a3 = a0;
                    for (int h = 0; h < neurons; h++)
                    {
                        double* wr = w0 + h * dimP + k;
                        var ch = Vector256.Create(hid[h]);
                        a0 = Fma(ch, Vector256.Load(wr), a0);
                        if (k + 4 < dimP) a1 = Fma(ch, Vector256.Load(wr + 4), a1);
                        if (k + 8 < dimP) a2 = Fma(ch, Vector256.Load(wr + 8), a2);
                        if (k + 12 < dimP) a3 = Fma(ch, Vector256.Load(wr + 12), a3);
                    }
                    Vector256.Store(a0, fp + k);
                    if (k + 4 < dimP) Vector256.Store(a1, fp + k + 4);
                    if (k + 8 < dimP) Vector256.Store(a2, fp + k + 8);
                    if (k + 12 < dimP) Vector256.Store(a3, fp + k + 12);
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
                // ---- radial force coefficients Cf[tj][k] = Σ_n dE/dq_n c[ti,tj][n][k] (padded c is 0)
                for (int tj = 0; tj < nt; tj++)
                {
                    double* cp = cR + (pi + tj) * kr * nrP, ct = cf + tj * krP;
                    for (int k = 0; k < kr; k++) ct[k] = Dot(fp, cp + k * nrP, nrP);
                }
                // ---- radial pair force magnitudes dE_i/d|r_ij| = Σ_k Cf[t][k] df_k/dr, four neighbours per vector
                for (int t = 0; t < nt; t++)
                {
                    int ge = goff[t + 1];
                    double* ct = cf + t * krP;
                    for (int r = goff[t]; r < ge; r += 4)
                    {
                        var acc = Vector256<double>.Zero;
                        for (int k = 0; k < kr; k++) acc = Fma(Vector256.Create(ct[k]), Vector256.Load(rfp + k * rfs + r), acc);
                        Vector256.Store(acc, fsr + r); // lanes past the group are rewritten by the next group
                    }
                }
                long tick2 = Stopwatch.GetTimestamp();
                sc.TicksNetwork += tick2 - tick1;
                // ---- pair forces f_ij = dE_i/dr_ij: angular part per angular neighbour, then radial part (+ ZBL) on top
                // ---- angular part of f_ij for the angular neighbours, into FA (0 for the others): a separate pass so the
                // pair loop below has no data-dependent branch on which neighbours are angular
                new Span<double>(fa, 4 * nR).Clear();
                for (int ai = 0; ai < nA; ai++)
                {
                    int r = aidx[ai];
                    double* o = nb + 4 * r;
                    double dx = o[0], dy = o[1], dz = o[2], dinv = 1.0 / dist[r];
                    double* ga = agn + ai * naP, gpa = agnp + ai * naP, yk = ay + ai * nyS;
                    double ux = dx * dinv, uy = dy * dinv, uz = dz * dinv;
                    // radial part of the angular term: Σ_n g'_n Σ_k (dE/ds_nk) Y_k; tangential: ∇ Σ_k B_k Y_k
                    double rad = 0;
                    if (nyP == 24)
                    {
                        // l_max 4: B_k = Σ_n g_n dE/ds_nk and B'_k = Σ_n g'_n dE/ds_nk in registers, rad = B'·Y
                        Vector256<double> b0v = Vector256<double>.Zero, b1v = b0v, b2v = b0v, b3v = b0v, b4v = b0v, b5v = b0v;
                        Vector256<double> p0 = b0v, p1 = b0v, p2 = b0v, p3 = b0v, p4 = b0v, p5 = b0v;
                        for (int n = 0; n < na; n++)
                        {
                            double* dsn = deds + n * 24;
                            var gn = Vector256.Create(ga[n]); var gpn = Vector256.Create(gpa[n]);
                            var v0 = Vector256.Load(dsn); var v1 = Vector256.Load(dsn + 4); var v2 = Vector256.Load(dsn + 8);
                            var v3 = Vector256.Load(dsn + 12); var v4 = Vector256.Load(dsn + 16); var v5 = Vector256.Load(dsn + 20);
                            b0v = Fma(gn, v0, b0v); b1v = Fma(gn, v1, b1v); b2v = Fma(gn, v2, b2v);
                            b3v = Fma(gn, v3, b3v); b4v = Fma(gn, v4, b4v); b5v = Fma(gn, v5, b5v);
                            p0 = Fma(gpn, v0, p0); p1 = Fma(gpn, v1, p1); p2 = Fma(gpn, v2, p2);
                            p3 = Fma(gpn, v3, p3); p4 = Fma(gpn, v4, p4); p5 = Fma(gpn, v5, p5);
                        }
                        Vector256.Store(b0v, bk); Vector256.Store(b1v, bk + 4); Vector256.Store(b2v, bk + 8);
                        Vector256.Store(b3v, bk + 12); Vector256.Store(b4v, bk + 16); Vector256.Store(b5v, bk + 20);
                        var rv = p0 * Vector256.Load(yk);
                        rv = Fma(p1, Vector256.Load(yk + 4), rv); rv = Fma(p2, Vector256.Load(yk + 8), rv);
                        rv = Fma(p3, Vector256.Load(yk + 12), rv); rv = Fma(p4, Vector256.Load(yk + 16), rv);
                        rv = Fma(p5, Vector256.Load(yk + 20), rv);
                        rad = Vector256.Sum(rv);
                    }
                    else
                    {
                        new Span<double>(bk, nyS).Clear();
                        for (int n = 0; n < na; n++)
                        {
                            double* dsn = deds + n * nyP;
                            rad += gpa[n] * Dot(dsn, yk, nyP);
                            Axpy(ga[n], dsn, bk, nyP);
                        }
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
                    double* far = fa + 4 * r;
                    far[0] = rad * ux + (gx - ux * ug) * dinv;
                    far[1] = rad * uy + (gy - uy * ug) * dinv;
                    far[2] = rad * uz + (gz - uz * ug) * dinv;
                }
                for (int r = 0; r < nR; r++)
                {
                    double* o = nb + 4 * r;
                    double dx = o[0], dy = o[1], dz = o[2], d = dist[r], dinv = 1.0 / d;
                    double fs = fsr[r];
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
                    double* fo = fout + 4 * orig[r];
                    fo[0] = fx + fa[4 * r]; fo[1] = fy + fa[4 * r + 1]; fo[2] = fz + fa[4 * r + 2];
                }
                sc.TicksForces += Stopwatch.GetTimestamp() - tick2;
                return ei;
            }
        }
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
    /// g_n = Σ_k c[k·np + n] f_k (f_k at f[k·fstride]) and g'_n likewise for n in [0, np) (np a multiple of 4; padded coefficients are 0).
    /// Adds g into <paramref name="g"/> (or assigns when <paramref name="assign"/>) and assigns g' to <paramref name="gp"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CombineP(double* c, int kn, int np, double* f, double* fd, double* g, double* gp, bool assign = false, int fstride = 1)
    {
        if (np == 8)
        {
            // both halves in one pass over k: two independent FMA chains per output
            var a0 = Vector256<double>.Zero; var a1 = Vector256<double>.Zero;
            var d0 = Vector256<double>.Zero; var d1 = Vector256<double>.Zero;
            for (int k = 0; k < kn; k++)
            {
                var fk = Vector256.Create(f[k * fstride]);
                var dk = Vector256.Create(fd[k * fstride]);
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
                a = Fma(cv, Vector256.Create(f[k * fstride]), a);
                ad = Fma(cv, Vector256.Create(fd[k * fstride]), ad);
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
    public static void SinCosPi(Vector256<double> u, out Vector256<double> sin, out Vector256<double> cos)
    {
        var t = Vector256.Create(Math.PI) * (u - Vector256.Create(0.5));
        var z = t * t;
        var st = Horner(SinTaylor, z);
        var ct = Horner(CosTaylor, z);
        sin = ct;          // sin(πu) = cos θ
        cos = -t * st;     // cos(πu) = −sin θ
    }

    /// <summary>sin θ / θ = Σ (−1)^k θ^2k / (2k+1)!, k = 11 down to 0 (the coefficients of z = θ², highest first).</summary>
    private static ReadOnlySpan<double> SinTaylor =>
    [
        -1.0 / 25852016738884976640000.0, 1.0 / 51090942171709440000.0, -1.0 / 121645100408832000.0, 1.0 / 355687428096000,
        -1.0 / 1307674368000, 1.0 / 6227020800, -1.0 / 39916800, 1.0 / 362880, -1.0 / 5040, 1.0 / 120, -1.0 / 6, 1.0,
    ];

    /// <summary>cos θ = Σ (−1)^k θ^2k / (2k)!, k = 11 down to 0 (the coefficients of z = θ², highest first).</summary>
    private static ReadOnlySpan<double> CosTaylor =>
    [
        -1.0 / 1124000727777607680000.0, 1.0 / 2432902008176640000.0, -1.0 / 6402373705728000, 1.0 / 20922789888000,
        -1.0 / 87178291200, 1.0 / 479001600, -1.0 / 3628800, 1.0 / 40320, -1.0 / 720, 1.0 / 24, -1.0 / 2, 1.0,
    ];

    /// <summary>The polynomial with coefficients <paramref name="c"/> (highest power first) at z, by Horner's rule with FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Horner(ReadOnlySpan<double> c, Vector256<double> z)
    {
        var p = Vector256.Create(c[0]);
        for (int k = 1; k < c.Length; k++) p = Fma(p, z, Vector256.Create(c[k]));
        return p;
    }

    /// <summary>Scalar form of <see cref="SinCosPi(Vector256{double}, out Vector256{double}, out Vector256{double})"/> (same code, lane 0).</summary>
    public static void SinCosPi(double u, out double sin, out double cos)
    {
        SinCosPi(Vector256.Create(u), out var s, out var c);
        sin = s.GetElement(0);
        cos = c.GetElement(0);
    }

    /// <summary>
    /// Chebyshev radial basis f_k(d) = (T_k(x) + 1)/2 · f_c(d), x = 2(d/rc − 1)² − 1, f_c = (1 + cos(π d/rc))/2,
    /// for k = 0..kn−1, and the derivatives with respect to d (dT_k/dx = k U_{k−1}), for four distances at once
    /// (per-lane cut-offs rc); lanes outside <paramref name="live"/> or beyond rc give 0. Stores f_k at fo[k·fstride] (4 lanes; added to what is there when <paramref name="add"/>)
    /// and df_k/dr at fpo[k·stride].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void BasisV(int kn, Vector256<double> d, Vector256<double> rc, Vector256<double> live,
        double* fo, int fstride, bool add, double* fpo, int stride)
    {
        var rcinv = Vector256.Create(1.0) / rc;
        var mask = live & Vector256.LessThan(d, rc);
        var u = Vector256.Min(d * rcinv, Vector256.Create(1.0));
        SinCosPi(u, out var sinpu, out var cospu);
        var half = Vector256.Create(0.5);
        var fc = (half + half * cospu) & mask;
        var fcp = (Vector256.Create(-0.5 * Math.PI) * rcinv * sinpu) & mask;
        var tm = u - Vector256.Create(1.0);
        var x = Vector256.Create(2.0) * tm * tm - Vector256.Create(1.0);
        var dxdr = Vector256.Create(4.0) * rcinv * tm;
        Vector256.Store(add ? Vector256.Load(fo) + fc : fc, fo);
        Vector256.Store(fcp, fpo);
        if (kn < 2) return;
        var h = half * (x + Vector256.Create(1.0));
        var hd = half * dxdr * fc;
        Vector256.Store(add ? Vector256.Load(fo + fstride) + h * fc : h * fc, fo + fstride);
        Vector256.Store(hd + h * fcp, fpo + stride);
        var x2 = x + x;
        Vector256<double> t0 = Vector256.Create(1.0), t1 = x, u0 = Vector256.Create(1.0), u1 = x2;
        for (int k = 2; k < kn; k++)
        {
            var t2 = x2 * t1 - t0;
            h = half * (t2 + Vector256.Create(1.0));
            Vector256.Store(add ? Vector256.Load(fo + k * fstride) + h * fc : h * fc, fo + k * fstride);
            Vector256.Store(Vector256.Create((double)k) * u1 * hd + h * fcp, fpo + k * stride);
            t0 = t1; t1 = t2;
            var u2 = x2 * u1 - u0;
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
