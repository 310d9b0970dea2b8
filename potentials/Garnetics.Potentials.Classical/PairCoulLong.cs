using System.Runtime.InteropServices;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// The real-space Coulomb functions of an Ewald split for unit charges and qqr2e = 1, tabulated for pair_modify table N:
/// E(x) = erfc(g r)/r and Fr(x) = F r = [erfc(g r) + 2 g r/sqrt(pi) exp(-g^2 r^2)]/r as functions of x = r^2, on 2^N
/// equal intervals of x between tabinner^2 and Rc_coul^2. Each interval holds two cubic Hermite interpolants (values
/// and exact x-derivatives at both ends, from the full-precision erfc) as polynomials in t = (x - x_k)/h in [0, 1):
/// 8 doubles = one 64-byte cache line per interval (force coefficients first), the array pinned and aligned so that
/// a lookup touches one line. Interpolation error h^4/384 max|f^(4)|; measured maximum relative error for N = 12,
/// tabinner = sqrt(2) A, Rc_coul = 8-10 A, g = 0.2-0.6 1/A: 9.3e-10 (energy), 4.1e-10 (force), 2.4e-9 at Rc_coul = 12 A
/// (CoulLongTableTests). Cost: the buck/coul/long pair loop of the 12288-atom LLZO cell (10 A, 1 thread) takes 52 ms
/// with the table against 69 ms with the direct path (LAMMPS 29Sep2021 on the same machine: 54 and 68 ms).
/// </summary>
public sealed class CoulLongTable
{
    public double G { get; }
    public double Inner { get; }
    public double Cut { get; }
    public int Bits { get; }
    internal readonly double[] Data;
    internal readonly int Offset;
    internal readonly double InvH, X0InvH;

    private CoulLongTable(double g, double inner, double cut, int bits)
    {
        G = g;
        Inner = inner;
        Cut = cut;
        Bits = bits;
        int n = 1 << bits;
        double x0 = inner * inner, x1 = cut * cut;
        InvH = n / (x1 - x0);
        X0InvH = x0 * InvH;
        double h = 1.0 / InvH;
        // one spare interval: rounding of t at rsq just below Rc^2 may give k = n
        int intervals = n + 1;
        Data = GC.AllocateArray<double>(8 * intervals + 8, pinned: true);
        long addr = Marshal.UnsafeAddrOfPinnedArrayElement(Data, 0).ToInt64();
        Offset = (int)((64 - addr % 64) % 64 / 8);
        Node(g, x0, out double e0, out double de0, out double f0, out double df0);
        for (int k = 0; k < intervals; k++)
        {
            Node(g, x0 + (k + 1) * h, out double e1, out double de1, out double f1, out double df1);
            int o = Offset + 8 * k;
            Hermite(f0, h * df0, f1, h * df1, Data, o);
            Hermite(e0, h * de0, e1, h * de1, Data, o + 4);
            (e0, de0, f0, df0) = (e1, de1, f1, df1);
        }
    }

    /// <summary>The table for these parameters: <paramref name="old"/> when it matches, else a new one.</summary>
    public static CoulLongTable Get(double g, double inner, double cut, int bits, CoulLongTable? old)
    {
        if (old != null && old.G == g && old.Inner == inner && old.Cut == cut && old.Bits == bits) return old;
        return new CoulLongTable(g, inner, cut, bits);
    }

    /// <summary>Exact E, dE/dx, Fr, dFr/dx at x = r^2 (unit charges, qqr2e = 1).</summary>
    private static void Node(double g, double x, out double e, out double de, out double f, out double df)
    {
        double r = Math.Sqrt(x);
        double gauss = SpecialFunctions.TwoOverSqrtPi * g * Math.Exp(-g * g * x); // 2g/sqrt(pi) exp(-g^2 x)
        e = SpecialFunctions.Erfc(g * r) / r;
        f = e + gauss;
        de = -f / (2.0 * x);                 // dE/dx = (dE/dr)/(2r) with dE/dr = -F = -Fr/r
        df = de - g * g * gauss;
    }

    /// <summary>p(t) = c0 + c1 t + c2 t^2 + c3 t^3 with p(0) = y0, p'(0) = s0, p(1) = y1, p'(1) = s1.</summary>
    private static void Hermite(double y0, double s0, double y1, double s1, double[] c, int o)
    {
        c[o] = y0;
        c[o + 1] = s0;
        c[o + 2] = 3.0 * (y1 - y0) - 2.0 * s0 - s1;
        c[o + 3] = 2.0 * (y0 - y1) + s0 + s1;
    }
}

/// <summary>
/// The real-space part of an Ewald-split Coulomb sum: E = qqr2e qi qj erfc(g r)/r for r &lt; Rc_coul, with g the
/// kspace style's splitting parameter (g_ewald). F r = qqr2e qi qj / r [erfc(g r) + 2 g r/sqrt(pi) exp(-g^2 r^2)].
/// With a <see cref="CoulLongTable"/> (pair_modify table N &gt; 0, the default) pairs with r^2 &gt; tabinner^2 take
/// E/(qqr2e qi qj) and F r/(qqr2e qi qj) from the table; closer pairs, and every pair with table 0, evaluate erfc
/// directly in full precision (erfcx table times exp(-g^2 r^2), relative error &lt; 1e-15).
/// </summary>
public readonly struct CoulLongTerm
{
    public readonly double CutCoulSq;
    private readonly double _qqrd2e, _g, _g2, _twoGOverSqrtPi;
    private readonly double[] _erfcx;
    private readonly double _tabInnerSq, _invH, _x0InvH;
    private readonly double[] _tab;
    private readonly int _tabOffset;

    public CoulLongTerm(double qqrd2e, double gEwald, double cutCoul, CoulLongTable? table = null)
    {
        _qqrd2e = qqrd2e;
        _g = gEwald;
        _g2 = gEwald * gEwald;
        _twoGOverSqrtPi = SpecialFunctions.TwoOverSqrtPi * gEwald;
        CutCoulSq = cutCoul * cutCoul;
        _erfcx = SpecialFunctions.ErfcxCoefficients;
        if (table != null)
        {
            if (table.G != gEwald || table.Cut != cutCoul)
                throw new ArgumentException("Coulomb table built for another g_ewald or cut-off", nameof(table));
            _tabInnerSq = table.Inner * table.Inner;
            _invH = table.InvH;
            _x0InvH = table.X0InvH;
            _tab = table.Data;
            _tabOffset = table.Offset;
        }
        else
        {
            _tabInnerSq = double.PositiveInfinity; // never tabulated
            _tab = [];
        }
    }

    /// <summary>
    /// Coulomb F*r (multiply by 1/r^2 for fpair) and, when eflag, the energy; r = sqrt(rsq) is known. rsq must be below
    /// <see cref="CutCoulSq"/> (the table ends there; the kernels test it first). NaN takes the direct path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ForceTimesR(double rsq, double r, double qi, double qj, bool eflag, out double ecoul)
    {
        if (rsq > _tabInnerSq) return Tabulated(rsq, qi, qj, eflag, out ecoul);
        return Exact(rsq, r, qi, qj, eflag, out ecoul);
    }

    /// <summary>As above when r is not otherwise needed: the square root is taken on the direct path only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double ForceTimesR(double rsq, double qi, double qj, bool eflag, out double ecoul)
    {
        if (rsq > _tabInnerSq) return Tabulated(rsq, qi, qj, eflag, out ecoul);
        return Exact(rsq, Math.Sqrt(rsq), qi, qj, eflag, out ecoul);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Tabulated(double rsq, double qi, double qj, bool eflag, out double ecoul)
    {
        double qq = _qqrd2e * qi * qj;
        double t = SpecialFunctions.Fma(rsq, _invH, -_x0InvH);
        int k = (int)t;
        t -= k;
        ref double c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_tab), _tabOffset + (k << 3));
        double t2 = t * t;
        double f = SpecialFunctions.Fma(SpecialFunctions.Fma(Unsafe.Add(ref c, 3), t, Unsafe.Add(ref c, 2)), t2,
            SpecialFunctions.Fma(Unsafe.Add(ref c, 1), t, c));
        ecoul = eflag
            ? qq * SpecialFunctions.Fma(SpecialFunctions.Fma(Unsafe.Add(ref c, 7), t, Unsafe.Add(ref c, 6)), t2,
                SpecialFunctions.Fma(Unsafe.Add(ref c, 5), t, Unsafe.Add(ref c, 4)))
            : 0.0;
        return qq * f;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Exact(double rsq, double r, double qi, double qj, bool eflag, out double ecoul)
    {
        double prefactor = _qqrd2e * qi * qj / r;
        double expm2 = SpecialFunctions.Exp(-_g2 * rsq);
        double erfc = SpecialFunctions.ErfcxNonNegative(_g * r, _erfcx) * expm2;
        ecoul = eflag ? prefactor * erfc : 0.0;
        return prefactor * (erfc + _twoGOverSqrtPi * r * expm2);
    }
}

/// <summary>
/// Common part of the coul/long family: the Coulomb cut-off (global, as in LAMMPS), g_ewald taken from the kspace
/// style when the kernel is made, and the ICoulLongPair contract. Short-range coefficients and their per-pair cut-offs
/// come from <see cref="TypePairStyle"/>; the neighbour cut-off of a pair is max(short-range cut-off, Coulomb cut-off).
/// </summary>
public abstract class CoulLongPairBase<TK> : KernelPair<TK>, ICoulLongPair where TK : struct, IPairKernel
{
    protected double CutCoul;
    /// <summary>Short-range cut-off squared per type pair (flat table), before CutSq becomes the neighbour cut-off.</summary>
    protected double[] CutShortSq = [];

    public override bool NeedsCharge => true;
    public double CoulombCutoff => CutCoul;

    /// <summary>The splitting parameter; requires a kspace style (checked at Init).</summary>
    protected double GEwald => Sim.KSpace?.GEwald ?? throw new GarneticsException($"pair style {StyleName} requires a kspace style");

    /// <summary>pair_style NAME Rc_short [Rc_coul] (Rc_coul defaults to Rc_short).</summary>
    public override void Settings(CommandArgs args)
    {
        args.Require(1, 2, $"{StyleName} Rc_short [Rc_coul]");
        CutGlobal = ParseCutoff(args, 0);
        // LAMMPS: a new global cut-off resets the explicit per-pair ones
        for (int i = 0; i < CutExplicit.GetLength(0); i++)
            for (int j = 0; j < CutExplicit.GetLength(1); j++)
                if (SetFlag[i, j]) CutExplicit[i, j] = double.NaN;
        CutCoul = args.Count == 2 ? ParseCutoff(args, 1) : CutGlobal;
    }

    private CoulLongTable? _table;

    /// <summary>The Coulomb table of the last Init or compute (null with pair_modify table 0).</summary>
    public CoulLongTable? CoulTable => _table;

    protected sealed override void InitPair()
    {
        if (Sim.KSpace == null) throw new GarneticsException($"pair style {StyleName} requires a kspace style");
        if (CoulTableBits > 0 && TabInner >= CutCoul)
            throw new GarneticsException($"pair style {StyleName}: table inner cut-off {TabInner} >= Coulomb cut-off {CutCoul} " +
                                         "(pair_modify tabinner, or pair_modify table 0)");
        _table = CurrentTable();
        CutShortSq = (double[])CutSq.Clone();
        InitShort();
        for (int i = 1; i <= NTypes; i++)
        for (int j = i; j <= NTypes; j++)
        {
            if (CutIJ[i, j] <= 0) continue;
            double cut = Math.Max(CutIJ[i, j], CutCoul);
            CutIJ[i, j] = CutIJ[j, i] = cut;
            CutSq[i * Stride + j] = CutSq[j * Stride + i] = cut * cut;
        }
    }

    /// <summary>Fill the short-range kernel tables from Raw and CutIJ (still the short-range cut-offs here).</summary>
    protected abstract void InitShort();

    /// <summary>The table for the current g_ewald, tabinner and cut-off (rebuilt when any has changed), or null.</summary>
    private CoulLongTable? CurrentTable() =>
        CoulTableBits > 0 ? CoulLongTable.Get(GEwald, TabInner, CutCoul, CoulTableBits, _table) : null;

    protected CoulLongTerm Coul()
    {
        _table = CurrentTable();
        return new CoulLongTerm(Sim.Units.Qqr2e, GEwald, CutCoul, _table);
    }
}

/// <summary>
/// Kernel of the short-range + coul/long styles: a short-range <see cref="IShortTerm{TCoef}"/> within its per-pair
/// cut-off plus the real-space Ewald Coulomb term within the global Coulomb cut-off.
/// </summary>
public readonly struct ShortCoulLongKernel<TTerm, TCoef>(TCoef[] coef, double[] cutsq, double[] cutShortSq, int stride, CoulLongTerm coul) : IPairKernel
    where TTerm : struct, IShortTerm<TCoef> where TCoef : struct
{
    private readonly TCoef[] _c = coef;
    private readonly double[] _cutsq = cutsq, _cutShortSq = cutShortSq;
    private readonly int _stride = stride;
    private readonly CoulLongTerm _coul = coul;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InRange(int it, int jt, double rsq) => rsq < TypePairStyle.At(_cutsq, it * _stride + jt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
    {
        int ij = it * _stride + jt;
        double r2inv = 1.0 / rsq;
        double force = 0.0;
        evdwl = ecoul = 0.0;
        if (rsq < _coul.CutCoulSq) force = _coul.ForceTimesR(rsq, qi, qj, eflag, out ecoul);
        if (rsq < TypePairStyle.At(_cutShortSq, ij)) force += TTerm.ForceTimesR(in TypePairStyle.At(_c, ij), rsq, r2inv, eflag, out evdwl);
        return force * r2inv;
    }
}

internal static class CoulLongHelp
{
    public const string Erfc =
        "pair_modify table N (default 12, as LAMMPS): for r^2 > tabinner^2 (pair_modify tabinner X, default sqrt(2) A) the " +
        "dimensionless erfc(g r)/r and [erfc(g r) + 2 g r/sqrt(pi) exp(-g^2 r^2)]/r (energy and F*r per qqr2e qi qj) are " +
        "interpolated from tables rebuilt at every run's set-up from the full-precision erfc: 2^N equal intervals in r^2 from " +
        "tabinner^2 to Rc_coul^2, cubic Hermite interpolation (exact values and derivatives at the nodes), times qqr2e qi qj. " +
        "Measured maximum relative error for N = 12, tabinner sqrt(2) A, Rc_coul 8-10 A, g 0.2-0.6 1/A: 9.3e-10 (energy), " +
        "4.1e-10 (force); it scales as ((Rc^2 - tabinner^2)/2^N)^4 (2.4e-9 at Rc 12 A, 6e-5 for N = 8). Pairs with " +
        "r^2 <= tabinner^2, and every pair with pair_modify table 0, evaluate erfc directly in full precision (relative error " +
        "< 1e-15). LAMMPS's table (bit-masked, linear) has about 1e-6 relative error and its table-0 path uses the " +
        "Abramowitz-Stegun 7.1.26 polynomial erfc (absolute error up to 1.5e-7); parity with LAMMPS is bounded by those " +
        "approximations (about 1e-6 relative in energy, 1e-5 eV/A in forces), not by Garnetics. g = g_ewald of the kspace " +
        "style (required).";
}

[PairStyle("coul/long", Syntax = "pair_style coul/long Rc; pair_coeff * *",
    Help = """
        Real-space Ewald Coulomb for kspace_style ewald/pppm: E = qqr2e qi qj erfc(g r)/r for r < Rc, g the kspace
        splitting parameter g_ewald (1/distance), qqr2e = 14.399645 eV*A/e^2 in metal units, dielectric 1. pair_coeff
        takes no coefficients (I J only; every pair interacts).
        """ + " " + CoulLongHelp.Erfc)]
public sealed class PairCoulLong : CoulLongPairBase<PairCoulLong.Kernel>
{
    protected override string[] CoeffNames => [];
    protected override int MaxOptionalCutoffs => 0;
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [];

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 1, "coul/long Rc");
        base.Settings(args);
    }

    protected override void InitShort() { }

    protected override Kernel MakeKernel() => new(Coul());

    public readonly struct Kernel(CoulLongTerm coul) : IPairKernel
    {
        private readonly CoulLongTerm _coul = coul;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < _coul.CutCoulSq;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            double r2inv = 1.0 / rsq;
            evdwl = 0.0;
            return _coul.ForceTimesR(rsq, qi, qj, eflag, out ecoul) * r2inv;
        }
    }
}

[PairStyle("buck/coul/long", Syntax = "pair_style buck/coul/long Rc_buck [Rc_coul]; pair_coeff I J A rho C [Rc_buck]",
    Help = """
        Buckingham plus real-space Ewald Coulomb: E = A exp(-r/rho) - C/r^6 for r < Rc_buck (per pair), plus qqr2e qi qj
        erfc(g r)/r for r < Rc_coul (global; defaults to Rc_buck). A eV, rho A, C eV*A^6 in metal units. Every I,J pair
        must be set (no mixing). pair_modify shift yes shifts the Buckingham part only.
        """ + " " + CoulLongHelp.Erfc)]
public sealed class PairBuckCoulLong : CoulLongPairBase<ShortCoulLongKernel<PairBuck.Term, PairBuck.Coef>>
{
    private PairBuck.Coef[] _coef = [];

    protected override string[] CoeffNames => ["A", "rho", "C"];

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    protected override void InitShort() =>
        _coef = RecordTable((i, j) => PairBuck.Make(Raw[i, j][0], Raw[i, j][1], Raw[i, j][2], CutIJ[i, j], OffsetFlag));

    protected override ShortCoulLongKernel<PairBuck.Term, PairBuck.Coef> MakeKernel() => new(_coef, CutSq, CutShortSq, Stride, Coul());

}

[PairStyle("born/coul/long", Syntax = "pair_style born/coul/long Rc_born [Rc_coul]; pair_coeff I J A rho sigma C D [Rc_born]",
    Help = """
        Born-Mayer-Huggins plus real-space Ewald Coulomb: E = A exp((sigma - r)/rho) - C/r^6 + D/r^8 for r < Rc_born
        (per pair), plus qqr2e qi qj erfc(g r)/r for r < Rc_coul (global; defaults to Rc_born). Every I,J pair must be
        set (no mixing). pair_modify shift yes shifts the Born part only.
        """ + " " + CoulLongHelp.Erfc)]
public sealed class PairBornCoulLong : CoulLongPairBase<ShortCoulLongKernel<PairBorn.Term, PairBorn.Coef>>
{
    private PairBorn.Coef[] _coef = [];

    protected override string[] CoeffNames => ["A", "rho", "sigma", "C", "D"];

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    protected override void InitShort() => _coef = RecordTable((i, j) => PairBorn.Make(Raw[i, j], CutIJ[i, j], OffsetFlag));

    protected override ShortCoulLongKernel<PairBorn.Term, PairBorn.Coef> MakeKernel() => new(_coef, CutSq, CutShortSq, Stride, Coul());

}

[PairStyle("lj/cut/coul/long", Syntax = "pair_style lj/cut/coul/long Rc_lj [Rc_coul]; pair_coeff I J epsilon sigma [Rc_lj]",
    Help = """
        12-6 Lennard-Jones plus real-space Ewald Coulomb: E = 4 eps [(sigma/r)^12 - (sigma/r)^6] for r < Rc_lj (per
        pair), plus qqr2e qi qj erfc(g r)/r for r < Rc_coul (global; defaults to Rc_lj). Unset I,J pairs are mixed from
        I,I and J,J (pair_modify mix geometric (default), arithmetic, sixthpower; the LJ cut-off mixed the same way).
        pair_modify shift yes shifts the LJ part only.
        """ + " " + CoulLongHelp.Erfc)]
public sealed class PairLjCutCoulLong : CoulLongPairBase<ShortCoulLongKernel<LennardJones.Term, LennardJones.Coef>>
{
    private LennardJones.Coef[] _coef = [];

    protected override string[] CoeffNames => LennardJones.CoeffNames;
    protected override bool CanMix => true;

    protected override void ValidateCoeffs(CommandArgs args, double[] c) => LennardJones.Validate(args, c);

    protected override double[] Mix(double[] ci, double[] cj) => [MixEnergy(ci[0], cj[0], ci[1], cj[1]), MixDistance(ci[1], cj[1])];

    protected override void InitShort() => _coef = RecordTable((i, j) => LennardJones.Make(Raw[i, j], CutIJ[i, j], OffsetFlag));

    protected override ShortCoulLongKernel<LennardJones.Term, LennardJones.Coef> MakeKernel() => new(_coef, CutSq, CutShortSq, Stride, Coul());
}
