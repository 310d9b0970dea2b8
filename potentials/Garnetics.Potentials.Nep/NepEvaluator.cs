using System.Runtime.CompilerServices;
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
    }

    /// <summary>Per-thread work space and results.</summary>
    public sealed class Scratch
    {
        internal int Cap;
        internal int[] RJ = [], AJ = [];
        internal double[] RD = [], AD = []; // 4 per neighbour: dx dy dz d
        internal double[] RGnp = [], AGn = [], AGnp = [];
        internal double[] Q = [], Fp = [], S = [], DEds = [], Fn = [], Fnp = [], Gn = [], Gnp = [];
        internal double[] Yk = [], Gx = [], Gy = [], Gz = [], A = [], B = [];
        public double Energy;
        public readonly double[] Virial = new double[6];

        internal void Ensure(NepEvaluator e, int nneigh)
        {
            if (Q.Length == 0)
            {
                Q = new double[e._dim]; Fp = new double[e._dim];
                S = new double[e._na * Math.Max(1, e._ny)]; DEds = new double[S.Length];
                int kmax = Math.Max(e._kr, e._ka);
                Fn = new double[kmax]; Fnp = new double[kmax];
                Gn = new double[Math.Max(e._nr, e._na)]; Gnp = new double[Gn.Length];
                int ny = Math.Max(1, e._ny);
                Yk = new double[ny]; Gx = new double[ny]; Gy = new double[ny]; Gz = new double[ny]; A = new double[ny]; B = new double[ny];
            }
            if (nneigh <= Cap) return;
            Cap = Math.Max(nneigh, 2 * Cap);
            RJ = new int[Cap]; AJ = new int[Cap];
            RD = new double[4 * Cap]; AD = new double[4 * Cap];
            RGnp = new double[e._nr * Cap];
            AGn = new double[e._na * Cap]; AGnp = new double[e._na * Cap];
        }
    }

    /// <summary>
    /// Evaluate local atoms [i0, i1). <paramref name="mtype"/>: model type of every atom (local and ghost), −1 for
    /// atoms the model ignores. Forces go to <paramref name="f"/> (3 per atom); energy and virial are accumulated
    /// in the scratch; per-atom energy (by i) and per-atom virial (9 per atom, xx yy zz xy xz yz yx zx zy, by j)
    /// when the arrays are given.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(int i0, int i1, double[] x, int[] mtype, int[] first, int[] num, int[] neighs, double[] f,
        Scratch sc, double[]? eatom, double[]? vatom)
    {
        var m = Model;
        double rcRmax2 = Cutoff * Cutoff, rcA = m.RcAngular, rcA2 = rcA * rcA;
        int nr = _nr, na = _na, kr = _kr, ka = _ka, ny = _ny, nt = _nt, lmax = _lmax;
        var cR = m.CRadial;
        var cA = m.CAngular;
        for (int i = i0; i < i1; i++)
        {
            int ti = mtype[i];
            if (ti < 0) continue;
            int nn = num[i], off = first[i];
            sc.Ensure(this, nn);
            double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
            var q = sc.Q;
            Array.Clear(q);
            var s = sc.S;
            Array.Clear(s);
            int nR = 0, nA = 0;
            var rj = sc.RJ; var rd = sc.RD; var rgnp = sc.RGnp;
            var aj = sc.AJ; var ad = sc.AD; var agn = sc.AGn; var agnp = sc.AGnp;
            var fn = sc.Fn; var fnp = sc.Fnp; var gn = sc.Gn; var gnp = sc.Gnp;
            var yk = sc.Yk;
            // ---- descriptor
            for (int jj = 0; jj < nn; jj++)
            {
                int j = neighs[off + jj];
                int tj = mtype[j];
                if (tj < 0) continue;
                double dx = x[3 * j] - xi, dy = x[3 * j + 1] - yi, dz = x[3 * j + 2] - zi;
                double d2 = dx * dx + dy * dy + dz * dz;
                if (d2 >= rcRmax2) continue;
                double d = Math.Sqrt(d2);
                int p = ti * nt + tj;
                // radial (also kept when only ZBL reaches this far)
                rj[nR] = j;
                rd[4 * nR] = dx; rd[4 * nR + 1] = dy; rd[4 * nR + 2] = dz; rd[4 * nR + 3] = d;
                double rc = _rcR[p];
                if (d < rc)
                {
                    Basis(kr - 1, d, rc, fn, fnp);
                    int cb = p * nr * kr;
                    for (int n = 0; n < nr; n++)
                    {
                        double g = 0, gp = 0;
                        int c0 = cb + n * kr;
                        for (int k = 0; k < kr; k++) { g += cR[c0 + k] * fn[k]; gp += cR[c0 + k] * fnp[k]; }
                        q[n] += g;
                        rgnp[nR * nr + n] = gp;
                    }
                }
                else
                {
                    for (int n = 0; n < nr; n++) rgnp[nR * nr + n] = 0;
                }
                nR++;
                // angular
                if (d2 < rcA2 && d < _rcA[p] && ny > 0)
                {
                    double rca = _rcA[p];
                    Basis(ka - 1, d, rca, fn, fnp);
                    int cb = p * na * ka;
                    for (int n = 0; n < na; n++)
                    {
                        double g = 0, gp = 0;
                        int c0 = cb + n * ka;
                        for (int k = 0; k < ka; k++) { g += cA[c0 + k] * fn[k]; gp += cA[c0 + k] * fnp[k]; }
                        agn[nA * na + n] = g;
                        agnp[nA * na + n] = gp;
                    }
                    double dinv = 1.0 / d;
                    NepAngular.Harmonics(lmax, dx * dinv, dy * dinv, dz * dinv, yk);
                    for (int n = 0; n < na; n++)
                    {
                        double g = agn[nA * na + n];
                        int sb = n * ny;
                        for (int k = 0; k < ny; k++) s[sb + k] += g * yk[k];
                    }
                    aj[nA] = j;
                    ad[4 * nA] = dx; ad[4 * nA + 1] = dy; ad[4 * nA + 2] = dz; ad[4 * nA + 3] = d;
                    nA++;
                }
            }
            // angular invariants
            var c3 = NepAngular.C3;
            var c4 = NepAngular.C4B;
            var c5 = NepAngular.C5B;
            int qa = nr;
            for (int n = 0; n < na; n++)
            {
                int sb = n * ny;
                for (int l = 1; l <= lmax; l++)
                {
                    int b = l * l - 1;
                    double v = 0;
                    for (int k = 1; k <= 2 * l; k++) v += c3[b + k] * s[sb + b + k] * s[sb + b + k];
                    q[qa + (l - 1) * na + n] = 2 * v + c3[b] * s[sb + b] * s[sb + b];
                }
                if (m.Has4Body == 1)
                {
                    double s0 = s[sb + 3], s1 = s[sb + 4], s2 = s[sb + 5], s3 = s[sb + 6], s4 = s[sb + 7];
                    q[qa + lmax * na + n] = c4[0] * s0 * s0 * s0 + c4[1] * s0 * (s1 * s1 + s2 * s2) + c4[2] * s0 * (s3 * s3 + s4 * s4)
                        + c4[3] * s3 * (s2 * s2 - s1 * s1) + c4[4] * s1 * s2 * s4;
                }
                if (m.Has5Body == 1)
                {
                    double s0 = s[sb], s12 = s[sb + 1] * s[sb + 1] + s[sb + 2] * s[sb + 2], s00 = s0 * s0;
                    q[qa + (lmax + m.Has4Body) * na + n] = c5[0] * s00 * s00 + c5[1] * s00 * s12 + c5[2] * s12 * s12;
                }
            }
            // network
            var qs = m.QScaler;
            int dim = _dim;
            for (int dd = 0; dd < dim; dd++) q[dd] *= qs[dd];
            var fp = sc.Fp;
            Array.Clear(fp);
            var w0 = m.W0[ti]; var b0 = m.B0[ti]; var w1 = m.W1[ti];
            double ei = -(m.B1 + m.B1Type[ti]);
            for (int h = 0; h < m.Neurons; h++)
            {
                int wb = h * dim;
                double z = -b0[h];
                for (int dd = 0; dd < dim; dd++) z += w0[wb + dd] * q[dd];
                double a = Math.Tanh(z);
                ei += w1[h] * a;
                double g = w1[h] * (1 - a * a);
                for (int dd = 0; dd < dim; dd++) fp[dd] += g * w0[wb + dd];
            }
            for (int dd = 0; dd < dim; dd++) fp[dd] *= qs[dd];
            // dE/ds
            var deds = sc.DEds;
            for (int n = 0; n < na; n++)
            {
                int sb = n * ny;
                for (int l = 1; l <= lmax; l++)
                {
                    int b = l * l - 1;
                    double fl = fp[qa + (l - 1) * na + n];
                    deds[sb + b] = 2 * fl * c3[b] * s[sb + b];
                    for (int k = 1; k <= 2 * l; k++) deds[sb + b + k] = 4 * fl * c3[b + k] * s[sb + b + k];
                }
                if (m.Has4Body == 1)
                {
                    double f4 = fp[qa + lmax * na + n];
                    double s0 = s[sb + 3], s1 = s[sb + 4], s2 = s[sb + 5], s3 = s[sb + 6], s4 = s[sb + 7];
                    deds[sb + 3] += f4 * (3 * c4[0] * s0 * s0 + c4[1] * (s1 * s1 + s2 * s2) + c4[2] * (s3 * s3 + s4 * s4));
                    deds[sb + 4] += f4 * (2 * c4[1] * s0 * s1 - 2 * c4[3] * s3 * s1 + c4[4] * s2 * s4);
                    deds[sb + 5] += f4 * (2 * c4[1] * s0 * s2 + 2 * c4[3] * s3 * s2 + c4[4] * s1 * s4);
                    deds[sb + 6] += f4 * (2 * c4[2] * s0 * s3 + c4[3] * (s2 * s2 - s1 * s1));
                    deds[sb + 7] += f4 * (2 * c4[2] * s0 * s4 + c4[4] * s1 * s2);
                }
                if (m.Has5Body == 1)
                {
                    double f5 = fp[qa + (lmax + m.Has4Body) * na + n];
                    double s0 = s[sb], s1 = s[sb + 1], s2 = s[sb + 2], s12 = s1 * s1 + s2 * s2;
                    deds[sb] += f5 * (4 * c5[0] * s0 * s0 * s0 + 2 * c5[1] * s0 * s12);
                    deds[sb + 1] += f5 * (2 * c5[1] * s0 * s0 * s1 + 4 * c5[2] * s12 * s1);
                    deds[sb + 2] += f5 * (2 * c5[1] * s0 * s0 * s2 + 4 * c5[2] * s12 * s2);
                }
            }
            // ---- forces: radial (+ ZBL)
            double vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;
            double fix = 0, fiy = 0, fiz = 0;
            for (int r = 0; r < nR; r++)
            {
                double d = rd[4 * r + 3], dinv = 1.0 / d;
                double fs = 0;
                for (int n = 0; n < nr; n++) fs += fp[n] * rgnp[r * nr + n];
                if (m.Zbl)
                {
                    int j = rj[r];
                    int p = ti * nt + mtype[j];
                    if (d < _zOut[p])
                    {
                        ZblTerm(p, d, out double e, out double ep);
                        ei += 0.5 * e;
                        fs += 0.5 * ep;
                    }
                }
                fs *= dinv;
                if (fs == 0) continue;
                double dx = rd[4 * r], dy = rd[4 * r + 1], dz = rd[4 * r + 2];
                Apply(rj[r], dx, dy, dz, fs * dx, fs * dy, fs * dz);
            }
            // angular
            if (nA > 0)
            {
                var gx = sc.Gx; var gy = sc.Gy; var gz = sc.Gz; var aa = sc.A; var bb = sc.B;
                for (int r = 0; r < nA; r++)
                {
                    double dx = ad[4 * r], dy = ad[4 * r + 1], dz = ad[4 * r + 2], d = ad[4 * r + 3], dinv = 1.0 / d;
                    double ux = dx * dinv, uy = dy * dinv, uz = dz * dinv;
                    NepAngular.HarmonicsAndGradient(lmax, ux, uy, uz, dinv, yk, gx, gy, gz);
                    Array.Clear(aa, 0, ny);
                    Array.Clear(bb, 0, ny);
                    for (int n = 0; n < na; n++)
                    {
                        double g = agn[r * na + n], gp = agnp[r * na + n];
                        int sb = n * ny;
                        for (int k = 0; k < ny; k++) { aa[k] += deds[sb + k] * gp; bb[k] += deds[sb + k] * g; }
                    }
                    double radial = 0, tx = 0, ty = 0, tz = 0;
                    for (int k = 0; k < ny; k++)
                    {
                        radial += aa[k] * yk[k];
                        tx += bb[k] * gx[k]; ty += bb[k] * gy[k]; tz += bb[k] * gz[k];
                    }
                    Apply(aj[r], dx, dy, dz, radial * ux + tx, radial * uy + ty, radial * uz + tz);
                }
            }
            f[3 * i] += fix; f[3 * i + 1] += fiy; f[3 * i + 2] += fiz;
            sc.Energy += ei;
            if (eatom != null) eatom[i] += ei;
            var vir = sc.Virial;
            vir[0] += vxx; vir[1] += vyy; vir[2] += vzz; vir[3] += vxy; vir[4] += vxz; vir[5] += vyz;

            void Apply(int j, double dx, double dy, double dz, double fx, double fy, double fz)
            {
                fix += fx; fiy += fy; fiz += fz;
                f[3 * j] -= fx; f[3 * j + 1] -= fy; f[3 * j + 2] -= fz;
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
        }
    }

    /// <summary>
    /// Chebyshev radial basis f_k(d) = (T_k(x) + 1)/2 · f_c(d), x = 2(d/rc − 1)² − 1, f_c = (1 + cos(π d/rc))/2,
    /// for k = 0..kmax, and the derivatives with respect to d.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Basis(int kmax, double d, double rc, double[] fn, double[] fnp)
    {
        double rcinv = 1.0 / rc;
        double u = d * rcinv;
        double fc = 0.5 * Math.Cos(Math.PI * u) + 0.5;
        double fcp = -0.5 * Math.PI * Math.Sin(Math.PI * u) * rcinv;
        double t = u - 1;
        double x = 2 * t * t - 1;
        double dxdr = 4 * t * rcinv; // dx/dd
        // T_k and U_{k-1} (dT_k/dx = k U_{k-1})
        double t0 = 1, t1 = x, u0 = 1, u1 = 2 * x;
        fn[0] = fc;
        fnp[0] = fcp;
        if (kmax >= 1)
        {
            double h = 0.5 * (x + 1);
            fn[1] = h * fc;
            fnp[1] = 0.5 * dxdr * fc + h * fcp;
        }
        for (int k = 2; k <= kmax; k++)
        {
            double t2 = 2 * x * t1 - t0;
            // dT_k/dx = k U_{k-1}; u1 holds U_{k-1}
            double dT = k * u1;
            double h = 0.5 * (t2 + 1);
            fn[k] = h * fc;
            fnp[k] = 0.5 * dT * dxdr * fc + h * fcp;
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
