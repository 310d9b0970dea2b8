using System.Numerics;
using System.Runtime.InteropServices;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// Standard Ewald reciprocal-space sum (LAMMPS kspace_style ewald), orthogonal and triclinic boxes.
/// With S(k) = sum_j q_j exp(i k.r_j) over the half space of k = 2 pi H^-T n (n integer, |n_d| &lt;= kmax_d, |k|^2 &lt;= gsqmx):
/// E = qqr2e [ sum_k (4 pi/V) exp(-k^2/4g^2)/k^2 |S(k)|^2 - g/sqrt(pi) sum q^2 - pi Q^2/(2 g^2 V) ],
/// F_i = qqr2e q_i sum_k (8 pi/V) k exp(-k^2/4g^2)/k^2 [sin(k.r_i) Re S - cos(k.r_i) Im S],
/// W_ab = qqr2e sum_k u_k |S|^2 [delta_ab - 2 (1/k^2 + 1/(4 g^2)) k_a k_b].
/// g (g_ewald) and kmax follow LAMMPS: g = accuracy sqrt(N Rc V)/(2 q2) mapped to sqrt(-ln g)/Rc (or (1.35 - 0.15 ln
/// accuracy)/Rc when that is >= 1), and kmax_d grows until the RMS estimate 2 q2 g/L_d sqrt(1/(pi k N)) exp(-pi^2 k^2/(g L_d)^2)
/// is at most the absolute accuracy (accuracy = relative accuracy * qqr2e, q2 = qqr2e sum q^2).
/// </summary>
[KSpaceStyle("ewald", Syntax = "kspace_style ewald accuracy",
    Help = """
        Ewald summation of the long-range Coulomb interaction (reciprocal part; the real part is a coul/long pair
        style). accuracy is the relative RMS force error (relative to the force between two unit charges 1 A apart,
        qqr2e). As LAMMPS: g_ewald = accuracy_abs sqrt(N Rc V)/(2 q2), then sqrt(-ln g)/Rc (or (1.35 - 0.15 ln
        accuracy_abs)/Rc if >= 1), q2 = qqr2e sum q_i^2; kmax per dimension is the smallest with RMS error 2 q2 g/L
        sqrt(1/(pi kmax N)) exp(-(pi kmax/(g L))^2) <= accuracy_abs (triclinic: scaled by the tilt as LAMMPS), k vectors
        with |k|^2 <= max_d (2 pi kmax_d/L_d)^2 (orthogonal boxes: as LAMMPS, vectors along one axis run to the largest
        kmax of the three). E = qqr2e [sum_k (4 pi/V) exp(-k^2/4g^2)/k^2 |S(k)|^2 - g/sqrt(pi) sum q^2 - pi Q^2/(2 g^2
        V)] over the half k space; the last (neutralising background) term is non-zero only for a net charge Q, which
        LAMMPS accepts with a warning. kspace_modify gewald G fixes g; kspace_modify kmax/ewald kx ky kz fixes the
        k-space limits (k vectors with |k|^2 <= max_d (2 pi k_d/L_d)^2); kspace_modify compute no skips the reciprocal
        part. Needs a fully periodic box. Summed over k vectors with direct phase tables per atom, multi-threaded over
        atom blocks. Per atom (compute pe/atom, stress/atom): e_i = qqr2e q_i [sum_k (4 pi/V) exp(-k^2/4g^2)/k^2
        Re(exp(-i k.r_i) S(k)) - g q_i/sqrt(pi) - pi Q/(2 g^2 V)] and the virial likewise with the k-vector factor of
        W_ab, summing exactly to the totals.
        """)]
public sealed class KSpaceEwald : KSpaceStyle
{
    /// <summary>Per-atom energies and virials from the structure-factor sums (exact), with the self and background terms per atom.</summary>
    public override string? PerAtomUnsupported => null;

    private const double Small = 0.00001;   // LAMMPS: net charge considered zero below this

    public int KxMax { get; private set; }
    public int KyMax { get; private set; }
    public int KzMax { get; private set; }
    /// <summary>Number of k vectors in the half space actually summed (LAMMPS "actual").</summary>
    public int KCount { get; private set; }
    public double EstimatedAbsoluteAccuracy { get; private set; }

    private double _accuracyAbs, _qsum, _qsqsum, _q2, _cutoff, _gsqmx, _volume;
    private long _natoms;
    private readonly double[] _setupBox = new double[6];
    private bool _warnedNonNeutral;

    // per k vector: integer indices, coefficients u_k (energy), e_k (force vector) and the virial factor
    private int[] _kn = [];          // 3 per k
    private double[] _ug = [], _eg = [], _vg = [];
    private double[] _sre = [], _sim = [];
    // per atom phase tables: cos/sin(2 pi n s_d) for n in [-kmax_d, kmax_d], layout [(n + kmax_d) * nlocal + i]
    private double[][] _cs = [[], [], []], _sn = [[], [], []];
    private double[][] _partial = [];
    private double[] _ek = [];
    private double[] _frac = [];

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 1, "ewald accuracy");
        double acc = args.Double(0, "accuracy");
        if (!(acc > 0)) throw args.Error(0, $"KSpace accuracy must be > 0, got {args[0]}");
        Accuracy = acc;
    }

    /// <summary>kspace_modify kmax/ewald kx ky kz: fixed k-space limits (0 0 0: automatic).</summary>
    private int[]? _kFixed;

    public override int Modify(CommandArgs args, int i)
    {
        if (args[i] != "kmax/ewald") return base.Modify(args, i);
        int kx = args.Int(i + 1, "kmax/ewald kx"), ky = args.Int(i + 2, "kmax/ewald ky"), kz = args.Int(i + 3, "kmax/ewald kz");
        if (kx == 0 && ky == 0 && kz == 0) _kFixed = null;
        else if (kx <= 0 || ky <= 0 || kz <= 0) throw args.Error(i, "kmax/ewald values must be > 0 (or all 0 for automatic)");
        else _kFixed = [kx, ky, kz];
        return i + 4;
    }

    public override void Init(Simulation sim)
    {
        var box = sim.Box;
        if (!box.Periodic[0] || !box.Periodic[1] || !box.Periodic[2])
            throw new GarneticsException("Cannot use non-periodic boundaries with kspace style ewald");
        if (!(Accuracy > 0)) throw new GarneticsException("KSpace accuracy must be > 0");
        if (sim.Pair is not ICoulLongPair pair)
            throw new GarneticsException($"kspace style {StyleName} needs a pair style with a long-range Coulomb part");
        if (!sim.Atoms.HasCharge) throw new GarneticsException("kspace style ewald requires atom attribute q (atom_style charge)");
        _cutoff = pair.CoulombCutoff;
        double qqr2e = sim.Units.Qqr2e;
        // LAMMPS: two_charge_force = qqr2e qelectron^2/angstrom^2 (= qqr2e in metal and lj units)
        _accuracyAbs = Accuracy * qqr2e;
        ChargeSums(sim, warn: true);
        _natoms = sim.Atoms.NAtoms;
        if (!GEwaldFixed)
        {
            if (_q2 == 0.0) throw new GarneticsException("Must use 'kspace_modify gewald' for uncharged system");
            double g = _accuracyAbs * Math.Sqrt(_natoms * _cutoff * box.Lx * box.Ly * box.Lz) / (2.0 * _q2);
            GEwald = g >= 1.0 ? (1.35 - 0.15 * Math.Log(_accuracyAbs)) / _cutoff : Math.Sqrt(-Math.Log(g)) / _cutoff;
        }
        Setup(box);
        // final RMS accuracy estimate as LAMMPS (without the table term: erfc is computed directly)
        long n = Math.Max(1, _natoms);
        double lprx = Rms(_kOrig[0], box.Lx), lpry = Rms(_kOrig[1], box.Ly), lprz = Rms(_kOrig[2], box.Lz);
        double lpr = Math.Sqrt(lprx * lprx + lpry * lpry + lprz * lprz) / Math.Sqrt(3.0);
        double q2OverSqrt = _q2 / Math.Sqrt(n * _cutoff * box.Lx * box.Ly * box.Lz);
        double spr = 2.0 * q2OverSqrt * Math.Exp(-GEwald * GEwald * _cutoff * _cutoff);
        EstimatedAbsoluteAccuracy = Math.Sqrt(lpr * lpr + spr * spr);
        int kmax = Math.Max(KxMax, Math.Max(KyMax, KzMax));
        int kmax3d = 4 * kmax * kmax * kmax + 6 * kmax * kmax + 3 * kmax;
        sim.Print("Ewald initialization ...");
        sim.Print($"  G vector (1/distance) = {G8(GEwald)}");
        sim.Print($"  estimated absolute RMS force accuracy = {G8(EstimatedAbsoluteAccuracy)}");
        sim.Print($"  estimated relative force accuracy = {G8(EstimatedAbsoluteAccuracy / qqr2e)}");
        sim.Print(Inv($"  KSpace vectors: actual max1d max3d = {KCount} {kmax} {kmax3d}"));
        sim.Print(Inv($"                  kxmax kymax kzmax  = {KxMax} {KyMax} {KzMax}"));
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>8 significant digits with a lower-case exponent, like LAMMPS's {:.8g}.</summary>
    private static string G8(double v) => v.ToString("G8", CultureInfo.InvariantCulture).Replace("E", "e");

    private void ChargeSums(Simulation sim, bool warn)
    {
        var q = sim.Atoms.Q;
        double qs = 0, qq = 0;
        for (int i = 0; i < sim.Atoms.NLocal; i++) { qs += q[i]; qq += q[i] * q[i]; }
        _qsum = sim.Comm.SumAll(qs);
        _qsqsum = sim.Comm.SumAll(qq);
        _q2 = _qsqsum * sim.Units.Qqr2e;
        if (warn && _qsqsum == 0.0) sim.Print("WARNING: Using kspace solver on system with no charge");
        if (warn && Math.Abs(_qsum) > Small && !_warnedNonNeutral)
        {
            sim.Print($"WARNING: System is not charge neutral, net charge = {G8(_qsum)}");
            _warnedNonNeutral = true;
        }
    }

    private double Rms(int km, double prd)
    {
        long n = Math.Max(1, _natoms);
        return 2.0 * _q2 * GEwald / prd * Math.Sqrt(1.0 / (Math.PI * km * n)) *
               Math.Exp(-Math.PI * Math.PI * km * km / (GEwald * GEwald * prd * prd));
    }

    private readonly int[] _kOrig = new int[3];
    /// <summary>Index range of the phase tables per dimension (see Coefficients).</summary>
    private int[] _ext = [1, 1, 1];

    /// <summary>Choose kmax for the current box and g, and tabulate the k vectors (LAMMPS Ewald::setup).</summary>
    private void Setup(Box box)
    {
        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        _volume = xprd * yprd * zprd;
        var prd = new[] { xprd, yprd, zprd };
        double gsqmx = 0;
        for (int d = 0; d < 3; d++)
        {
            if (_kFixed != null)
            {
                _kOrig[d] = _kFixed[d];
                double uf = 2.0 * Math.PI / prd[d] * _kFixed[d];
                gsqmx = Math.Max(gsqmx, uf * uf);
                continue;
            }
            int k = 1;
            while (Rms(k, prd[d]) > _accuracyAbs)
            {
                k++;
                if (k > 100000) throw new GarneticsException("ewald: kmax exceeds 100000; accuracy too tight for this g_ewald");
            }
            _kOrig[d] = k;
            double u = 2.0 * Math.PI / prd[d] * k;
            gsqmx = Math.Max(gsqmx, u * u);
        }
        int kx = _kOrig[0], ky = _kOrig[1], kz = _kOrig[2];
        if (box.Triclinic && _kFixed == null)
        {
            // LAMMPS scales the per-dimension limits by the tilt: (kx, ky, kz) = H'^T (kx/lx, ky/ly, kz/lz), truncated,
            // at least 1, where H' is the box matrix with the absolute values of the tilt factors
            double t0 = kx / xprd, t1 = ky / yprd, t2 = kz / zprd;
            double axy = Math.Abs(box.XY), axz = Math.Abs(box.XZ), ayz = Math.Abs(box.YZ);
            double v0 = xprd * t0, v1 = axy * t0 + yprd * t1, v2 = axz * t0 + ayz * t1 + zprd * t2;
            kx = Math.Max(1, (int)v0);
            ky = Math.Max(1, (int)v1);
            kz = Math.Max(1, (int)v2);
        }
        KxMax = kx; KyMax = ky; KzMax = kz;
        _gsqmx = gsqmx * 1.00001;
        Coefficients(box);
        _setupBox[0] = xprd; _setupBox[1] = yprd; _setupBox[2] = zprd;
        _setupBox[3] = box.XY; _setupBox[4] = box.XZ; _setupBox[5] = box.YZ;
    }

    private void Coefficients(Box box)
    {
        var hi = box.HInv;   // (0 xx, 1 yy, 2 zz, 3 yz, 4 xz, 5 xy) of H^-1 (upper triangular)
        double g2inv4 = 0.25 / (GEwald * GEwald);
        double preu = 4.0 * Math.PI / _volume;
        var kn = new List<int>();
        var ug = new List<double>();
        var eg = new List<double>();
        var vg = new List<double>();
        // LAMMPS (orthogonal boxes): vectors along a single axis run to max(kxmax, kymax, kzmax) in every direction,
        // the others to the per-dimension limits; all are kept only if |k|^2 <= gsqmx
        int kall = Math.Max(KxMax, Math.Max(KyMax, KzMax));
        _ext = box.Triclinic ? [KxMax, KyMax, KzMax] : [kall, kall, kall];
        for (int n1 = 0; n1 <= _ext[0]; n1++)
        for (int n2 = -_ext[1]; n2 <= _ext[1]; n2++)
        for (int n3 = -_ext[2]; n3 <= _ext[2]; n3++)
        {
            // half space: first non-zero index positive
            if (n1 == 0 && (n2 < 0 || (n2 == 0 && n3 <= 0))) continue;
            bool axis = (n1 != 0 ? 1 : 0) + (n2 != 0 ? 1 : 0) + (n3 != 0 ? 1 : 0) == 1;
            if (!axis && (n1 > KxMax || Math.Abs(n2) > KyMax || Math.Abs(n3) > KzMax)) continue;
            // k = 2 pi H^-T n
            double kxv = 2.0 * Math.PI * (hi[0] * n1);
            double kyv = 2.0 * Math.PI * (hi[5] * n1 + hi[1] * n2);
            double kzv = 2.0 * Math.PI * (hi[4] * n1 + hi[3] * n2 + hi[2] * n3);
            double sqk = kxv * kxv + kyv * kyv + kzv * kzv;
            if (sqk > _gsqmx) continue;
            double u = preu * Math.Exp(-sqk * g2inv4) / sqk;
            kn.Add(n1); kn.Add(n2); kn.Add(n3);
            ug.Add(u);
            eg.Add(2.0 * u * kxv); eg.Add(2.0 * u * kyv); eg.Add(2.0 * u * kzv);
            double vterm = -2.0 * (1.0 / sqk + g2inv4);
            vg.Add(1.0 + vterm * kxv * kxv); vg.Add(1.0 + vterm * kyv * kyv); vg.Add(1.0 + vterm * kzv * kzv);
            vg.Add(vterm * kxv * kyv); vg.Add(vterm * kxv * kzv); vg.Add(vterm * kyv * kzv);
        }
        _kn = kn.ToArray();
        _ug = ug.ToArray();
        _eg = eg.ToArray();
        _vg = vg.ToArray();
        KCount = _ug.Length;
        _sre = new double[KCount];
        _sim = new double[KCount];
    }

    private bool BoxChanged(Box b) =>
        b.Lx != _setupBox[0] || b.Ly != _setupBox[1] || b.Lz != _setupBox[2] ||
        b.XY != _setupBox[3] || b.XZ != _setupBox[4] || b.YZ != _setupBox[5];

    public override void Compute(Simulation sim, bool eflag, bool vflag)
    {
        Energy = 0;
        Array.Clear(Virial);
        if (!ComputeEnabled) return;
        var atoms = sim.Atoms;
        var box = sim.Box;
        if (BoxChanged(box)) Setup(box);
        // the charge sums can change (fix charge, set charge between runs are re-initialised; cheap anyway)
        ChargeSums(sim, warn: false);
        int n = atoms.NLocal;
        PhaseTables(atoms, box, n);

        // threads only when the sums are large enough to pay for the hand-off (~1e6 atom-k terms, about a millisecond)
        int threads = (long)n * KCount < 1_000_000 ? 1 : Math.Max(1, Math.Min(sim.Threads, Math.Max(1, n / 32)));
        const int block = 128;
        int nblocks = (n + block - 1) / block;
        int parts = Math.Min(threads, Math.Max(1, nblocks));
        if (_partial.Length < parts || _partial[0].Length < 2 * KCount)
        {
            _partial = new double[parts][];
            for (int t = 0; t < parts; t++) _partial[t] = new double[2 * KCount];
        }
        var q = atoms.Q;
        // structure factors: each thread sums its atom blocks into a private S(k)
        WorkerTeam.Shared(parts).Run(parts, t =>
        {
            var s = _partial[t];
            Array.Clear(s, 0, 2 * KCount);
            for (int b = t; b < nblocks; b += parts)
            {
                int i0 = b * block, i1 = Math.Min(n, i0 + block);
                StructureFactors(q, n, i0, i1, s);
            }
        });
        for (int k = 0; k < KCount; k++)
        {
            double re = 0, im = 0;
            for (int t = 0; t < parts; t++) { re += _partial[t][2 * k]; im += _partial[t][2 * k + 1]; }
            _sre[k] = re;
            _sim[k] = im;
        }
        sim.Comm.SumAll(_sre);
        sim.Comm.SumAll(_sim);

        // forces on local atoms
        if (_ek.Length < 3 * n) _ek = new double[3 * Math.Max(n, 1)];
        double qscale = sim.Units.Qqr2e;
        var f = atoms.F;
        WorkerTeam.Shared(parts).Run(parts, t =>
        {
            for (int b = t; b < nblocks; b += parts)
            {
                int i0 = b * block, i1 = Math.Min(n, i0 + block);
                Forces(n, i0, i1);
                for (int i = i0; i < i1; i++)
                {
                    double c = qscale * q[i];
                    f[3 * i] += c * _ek[3 * i];
                    f[3 * i + 1] += c * _ek[3 * i + 1];
                    f[3 * i + 2] += c * _ek[3 * i + 2];
                }
            }
        });

        if (EFlagAtom || VFlagAtom)
        {
            bool ea = EFlagAtom, va = VFlagAtom;
            double selfG = GEwald / Math.Sqrt(Math.PI), background = Math.PI / 2.0 * _qsum / (GEwald * GEwald * _volume);
            WorkerTeam.Shared(parts).Run(parts, t =>
            {
                for (int b = t; b < nblocks; b += parts)
                {
                    int i0 = b * block, i1 = Math.Min(n, i0 + block);
                    PerAtom(q, n, i0, i1, ea, va);
                    for (int i = i0; i < i1; i++)
                    {
                        if (ea) EAtom[i] = qscale * (EAtom[i] - selfG * q[i] * q[i] - background * q[i]);
                        if (va) for (int c = 0; c < 6; c++) VAtom[6 * i + c] *= qscale;
                    }
                }
            });
        }

        if (eflag || vflag)
        {
            double e = 0;
            double v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
            for (int k = 0; k < KCount; k++)
            {
                double uk = _ug[k] * (_sre[k] * _sre[k] + _sim[k] * _sim[k]);
                e += uk;
                v0 += uk * _vg[6 * k]; v1 += uk * _vg[6 * k + 1]; v2 += uk * _vg[6 * k + 2];
                v3 += uk * _vg[6 * k + 3]; v4 += uk * _vg[6 * k + 4]; v5 += uk * _vg[6 * k + 5];
            }
            if (eflag)
            {
                e -= GEwald * _qsqsum / Math.Sqrt(Math.PI) + Math.PI / 2.0 * _qsum * _qsum / (GEwald * GEwald * _volume);
                // every rank holds the full sum: spread it so the global sum is right
                Energy = qscale * e / sim.Comm.Size;
            }
            if (vflag)
            {
                double s = qscale / sim.Comm.Size;
                Virial[0] = s * v0; Virial[1] = s * v1; Virial[2] = s * v2;
                Virial[3] = s * v3; Virial[4] = s * v4; Virial[5] = s * v5;
            }
        }
    }

    /// <summary>cos/sin(2 pi n s_d(i)) for every local atom, dimension d and n in [-kmax_d, kmax_d] (direct, no recurrence).</summary>
    private void PhaseTables(Atoms atoms, Box box, int n)
    {
        var km = _ext;
        var x = atoms.X;
        if (_frac.Length < 3 * n) _frac = new double[3 * Math.Max(n, 1)];
        var s = _frac;
        for (int i = 0; i < n; i++)
        {
            box.ToLamda(x[3 * i], x[3 * i + 1], x[3 * i + 2], out s[3 * i], out s[3 * i + 1], out s[3 * i + 2]);
        }
        for (int d = 0; d < 3; d++)
        {
            int len = (2 * km[d] + 1) * n;
            if (_cs[d].Length < len) { _cs[d] = new double[len]; _sn[d] = new double[len]; }
            var cs = _cs[d];
            var sn = _sn[d];
            int kd = km[d];
            for (int i = 0; i < n; i++) { cs[kd * n + i] = 1.0; sn[kd * n + i] = 0.0; }
            for (int m = 1; m <= kd; m++)
            {
                int rowP = (kd + m) * n, rowM = (kd - m) * n;
                for (int i = 0; i < n; i++)
                {
                    // reduce the argument to [0, 1) turns before multiplying by 2 pi
                    double turns = m * s[3 * i + d];
                    turns -= Math.Floor(turns);
                    var (sv, cv) = Math.SinCos(2.0 * Math.PI * turns);
                    cs[rowP + i] = cv; sn[rowP + i] = sv;
                    cs[rowM + i] = cv; sn[rowM + i] = -sv;
                }
            }
        }
    }

    /// <summary>Add sum over atoms [i0, i1) of q exp(i k.r) into s (re, im interleaved) for every k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void StructureFactors(double[] q, int n, int i0, int i1, double[] s)
    {
        var ph = new Phases(_cs, _sn, _kn, _ext, n);
        int vw = Vector<double>.Count;
        for (int k = 0; k < KCount; k++)
        {
            var (o1, o2, o3) = ph.Rows(k);
            var va = Vector<double>.Zero;
            var vb = Vector<double>.Zero;
            int i = i0;
            for (; i + vw <= i1; i += vw)
            {
                var (re, im) = ph.AtV(o1, o2, o3, i);
                var qv = new Vector<double>(q, i);
                va += qv * re;
                vb += qv * im;
            }
            double a = Vector.Sum(va), b = Vector.Sum(vb);
            for (; i < i1; i++)
            {
                var (re, im) = ph.At(o1, o2, o3, i);
                a += q[i] * re;
                b += q[i] * im;
            }
            s[2 * k] += a;
            s[2 * k + 1] += b;
        }
    }

    /// <summary>
    /// Per-atom shares of the k-space sum for atoms [i0, i1): with S(k) = sum_j q_j exp(i k.r_j), |S|^2 = sum_i q_i
    /// [cos(k.r_i) Re S + sin(k.r_i) Im S], so atom i gets q_i sum_k u_k [cos(k.r_i) Re S + sin(k.r_i) Im S] of the
    /// energy and the same with u_k times the virial factor of k for the virial (before the factor qqr2e and the self
    /// and background terms). Adds into EAtom / VAtom.
    /// </summary>
    private void PerAtom(double[] q, int n, int i0, int i1, bool ea, bool va)
    {
        var ph = new Phases(_cs, _sn, _kn, _ext, n);
        for (int i = i0; i < i1; i++)
        {
            double e = 0, w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0;
            for (int k = 0; k < KCount; k++)
            {
                var (o1, o2, o3) = ph.Rows(k);
                var (re, im) = ph.At(o1, o2, o3, i);
                double p = _ug[k] * (re * _sre[k] + im * _sim[k]);
                e += p;
                w0 += p * _vg[6 * k]; w1 += p * _vg[6 * k + 1]; w2 += p * _vg[6 * k + 2];
                w3 += p * _vg[6 * k + 3]; w4 += p * _vg[6 * k + 4]; w5 += p * _vg[6 * k + 5];
            }
            if (ea) EAtom[i] += q[i] * e;
            if (va)
            {
                int b = 6 * i;
                VAtom[b] += q[i] * w0; VAtom[b + 1] += q[i] * w1; VAtom[b + 2] += q[i] * w2;
                VAtom[b + 3] += q[i] * w3; VAtom[b + 4] += q[i] * w4; VAtom[b + 5] += q[i] * w5;
            }
        }
    }

    /// <summary>_ek[i] = sum_k e_k [sin(k.r_i) Re S - cos(k.r_i) Im S] for atoms [i0, i1) (force / (qqr2e q_i)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Forces(int n, int i0, int i1)
    {
        var ph = new Phases(_cs, _sn, _kn, _ext, n);
        int len = i1 - i0;
        Span<double> fx = stackalloc double[len], fy = stackalloc double[len], fz = stackalloc double[len];
        fx.Clear(); fy.Clear(); fz.Clear();
        int vw = Vector<double>.Count;
        for (int k = 0; k < KCount; k++)
        {
            var (o1, o2, o3) = ph.Rows(k);
            double sa = _sre[k], sb = _sim[k];
            double ex = _eg[3 * k], ey = _eg[3 * k + 1], ez = _eg[3 * k + 2];
            var vsa = new Vector<double>(sa); var vsb = new Vector<double>(sb);
            var vex = new Vector<double>(ex); var vey = new Vector<double>(ey); var vez = new Vector<double>(ez);
            int j = 0;
            for (; j + vw <= len; j += vw)
            {
                int i = i0 + j;
                var (re, im) = ph.AtV(o1, o2, o3, i);
                var p = im * vsa - re * vsb;
                (new Vector<double>(fx.Slice(j, vw)) + p * vex).CopyTo(fx.Slice(j, vw));
                (new Vector<double>(fy.Slice(j, vw)) + p * vey).CopyTo(fy.Slice(j, vw));
                (new Vector<double>(fz.Slice(j, vw)) + p * vez).CopyTo(fz.Slice(j, vw));
            }
            for (; j < len; j++)
            {
                int i = i0 + j;
                var (re, im) = ph.At(o1, o2, o3, i);
                double p = im * sa - re * sb;
                fx[j] += p * ex; fy[j] += p * ey; fz[j] += p * ez;
            }
        }
        for (int j = 0; j < len; j++)
        {
            _ek[3 * (i0 + j)] = fx[j];
            _ek[3 * (i0 + j) + 1] = fy[j];
            _ek[3 * (i0 + j) + 2] = fz[j];
        }
    }

    /// <summary>
    /// The per-axis factors exp(i k_d r_d) of the atoms (cos and sin tables, one row of n atoms per wave number n_d from
    /// -ext_d to ext_d) read together for a k-vector: exp(i k.r) is the product of its three factors.
    /// </summary>
    private readonly struct Phases(double[][] cs, double[][] sn, int[] kn, int[] ext, int n)
    {
        private readonly double[] _c0 = cs[0], _s0 = sn[0], _c1 = cs[1], _s1 = sn[1], _c2 = cs[2], _s2 = sn[2];

        /// <summary>Offsets of the rows of k-vector k in the x, y and z tables.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (int, int, int) Rows(int k) => ((kn[3 * k] + ext[0]) * n, (kn[3 * k + 1] + ext[1]) * n, (kn[3 * k + 2] + ext[2]) * n);

        /// <summary>exp(i k.r) of atom i, the k-vector's rows at o1, o2, o3.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (double Re, double Im) At(int o1, int o2, int o3, int i)
        {
            double c1 = _c0[o1 + i], s1 = _s0[o1 + i], c2 = _c1[o2 + i], s2 = _s1[o2 + i], c3 = _c2[o3 + i], s3 = _s2[o3 + i];
            double re12 = c1 * c2 - s1 * s2, im12 = s1 * c2 + c1 * s2;
            return (re12 * c3 - im12 * s3, im12 * c3 + re12 * s3);
        }

        /// <summary><see cref="At"/> for the atoms i .. i + Vector&lt;double&gt;.Count - 1.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public (Vector<double> Re, Vector<double> Im) AtV(int o1, int o2, int o3, int i)
        {
            var c1 = new Vector<double>(_c0, o1 + i); var s1 = new Vector<double>(_s0, o1 + i);
            var c2 = new Vector<double>(_c1, o2 + i); var s2 = new Vector<double>(_s1, o2 + i);
            var c3 = new Vector<double>(_c2, o3 + i); var s3 = new Vector<double>(_s2, o3 + i);
            var re12 = c1 * c2 - s1 * s2;
            var im12 = s1 * c2 + c1 * s2;
            return (re12 * c3 - im12 * s3, im12 * c3 + re12 * s3);
        }
    }
}
