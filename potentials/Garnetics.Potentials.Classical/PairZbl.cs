namespace Garnetics.Potentials.Classical;

[PairStyle("zbl", Syntax = "pair_style zbl r1 rc; pair_coeff I J z_i z_j",
    Help = """
        Ziegler-Biersack-Littmark universal screened nuclear repulsion, as in LAMMPS: E = E_zbl(r) + S(r) for r < rc,
        with E_zbl = qqr2e z_i z_j / r * sum_k c_k exp(-d_k r/a), a = 0.46850/(z_i^0.23 + z_j^0.23) (A), c = (0.02817,
        0.28022, 0.50986, 0.18175), d = (0.20162, 0.40290, 0.94229, 3.19980). The switching function S(r) = A/3 (r-r1)^3
        + B/4 (r-r1)^4 + C for r1 < r < rc and S = C for r < r1, with A = (-3 E'(rc) + (rc-r1) E''(rc))/(rc-r1)^2, B =
        (2 E'(rc) - (rc-r1) E''(rc))/(rc-r1)^3, C = -E(rc) + (rc-r1)/2 E'(rc) - (rc-r1)^2/12 E''(rc), takes E, E' and
        E'' smoothly to zero at rc. z are nuclear charges (atomic numbers); for I = J z_i must equal z_j; unset I,J
        pairs use the z of I,I and J,J. qqr2e = 14.399645 eV*A/e^2 in metal units; distances in A, energies in eV.
        """)]
public sealed class PairZbl : KernelPair<PairZbl.Kernel>
{
    private const double Pzbl = 0.23, A0 = 0.46850;
    private const double C1 = 0.02817, C2 = 0.28022, C3 = 0.50986, C4 = 0.18175;
    private const double D1 = 0.20162, D2 = 0.40290, D3 = 0.94229, D4 = 3.19980;

    public struct Coef
    {
        public double D1a, D2a, D3a, D4a, Zze, Sw1, Sw2, Sw3, Sw4, Sw5;
    }

    private double _cutInner;
    private Coef[] _coef = [];

    protected override string[] CoeffNames => ["z_i", "z_j"];
    protected override int MaxOptionalCutoffs => 0;
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [ci[0], cj[0]];

    public override void Settings(CommandArgs args)
    {
        args.Require(2, 2, "zbl r_inner r_outer");
        double inner = args.Double(0, "inner cutoff");
        double outer = args.Double(1, "outer cutoff");
        if (!(inner > 0)) throw args.Error(0, $"zbl inner cutoff must be positive, got {args[0]}");
        if (inner > outer) throw args.Error(0, $"zbl inner cutoff {args[0]} is larger than the outer cutoff {args[1]}");
        _cutInner = inner;
        CutGlobal = outer;
    }

    public override void Coeff(CommandArgs args)
    {
        Allocate();
        args.Require(4, 4, "I J z_i z_j");
        var (ilo, ihi) = args.TypeRange(0, NTypes);
        var (jlo, jhi) = args.TypeRange(1, NTypes);
        double zi = args.Double(2, "z_i"), zj = args.Double(3, "z_j");
        if (!(zi > 0) || !(zj > 0)) throw args.Error(zi > 0 ? 3 : 2, "zbl nuclear charges must be positive");
        bool diagonal = Math.Max(ilo, jlo) <= Math.Min(ihi, jhi);
        if (diagonal && zi != zj)
            throw args.Error(3, $"zbl: z_i ({args[2]}) must equal z_j ({args[3]}) for I = J pairs");
        base.Coeff(args);
    }

    private static double Sum(in Coef c, double r, out double sumP, out double sumPP)
    {
        double e1 = Math.Exp(-c.D1a * r), e2 = Math.Exp(-c.D2a * r), e3 = Math.Exp(-c.D3a * r), e4 = Math.Exp(-c.D4a * r);
        sumP = -(C1 * c.D1a * e1 + C2 * c.D2a * e2 + C3 * c.D3a * e3 + C4 * c.D4a * e4);
        sumPP = C1 * c.D1a * c.D1a * e1 + C2 * c.D2a * c.D2a * e2 + C3 * c.D3a * c.D3a * e3 + C4 * c.D4a * c.D4a * e4;
        return C1 * e1 + C2 * e2 + C3 * e3 + C4 * e4;
    }

    protected override void InitPair()
    {
        double qqr2e = Sim.Units.Qqr2e;
        double rc = CutGlobal, tc = rc - _cutInner;
        _coef = RecordTable((i, j) =>
        {
            double zi = Raw[i, j][0], zj = Raw[i, j][1];
            double ainv = (Math.Pow(zi, Pzbl) + Math.Pow(zj, Pzbl)) / A0;
            var c = new Coef { D1a = D1 * ainv, D2a = D2 * ainv, D3a = D3 * ainv, D4a = D4 * ainv, Zze = zi * zj * qqr2e };
            // E = zze s/r, E' = zze (s'/r - s/r^2), E'' = zze (s''/r - 2 s'/r^2 + 2 s/r^3), all at rc
            double s = Sum(c, rc, out double sp, out double spp);
            double rinv = 1.0 / rc;
            double fc = c.Zze * s * rinv;
            double fcp = c.Zze * (sp - s * rinv) * rinv;
            double fcpp = c.Zze * (spp - 2.0 * sp * rinv + 2.0 * s * rinv * rinv) * rinv;
            double swa = (-3.0 * fcp + tc * fcpp) / (tc * tc);
            double swb = (2.0 * fcp - tc * fcpp) / (tc * tc * tc);
            c.Sw1 = swa;
            c.Sw2 = swb;
            c.Sw3 = swa / 3.0;
            c.Sw4 = swb / 4.0;
            c.Sw5 = -fc + (tc / 2.0) * fcp - (tc * tc / 12.0) * fcpp;
            return c;
        });
    }

    protected override Kernel MakeKernel() => new Kernel(_coef, CutSq, Stride, _cutInner);

    public readonly struct Kernel(Coef[] coef, double[] cutsq, int stride, double cutInner) : IPairKernel
    {
        private readonly Coef[] _c = coef;
        private readonly double[] _cutsq = cutsq;
        private readonly int _stride = stride;
        private readonly double _inner = cutInner, _innerSq = cutInner * cutInner;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            ref readonly Coef c = ref At(_c, it * _stride + jt);
            double r = Math.Sqrt(rsq);
            double rinv = 1.0 / r;
            double e1 = C1 * SpecialFunctions.Exp(-c.D1a * r), e2 = C2 * SpecialFunctions.Exp(-c.D2a * r);
            double e3 = C3 * SpecialFunctions.Exp(-c.D3a * r), e4 = C4 * SpecialFunctions.Exp(-c.D4a * r);
            double sum = e1 + e2 + e3 + e4;
            double sumP = -(c.D1a * e1 + c.D2a * e2 + c.D3a * e3 + c.D4a * e4);
            double dEdr = c.Zze * (sumP - sum * rinv) * rinv;
            double e = 0.0;
            if (rsq > _innerSq)
            {
                double t = r - _inner;
                dEdr += t * t * (c.Sw1 + c.Sw2 * t);
                if (eflag) e = t * t * t * (c.Sw3 + c.Sw4 * t);
            }
            evdwl = eflag ? c.Zze * sum * rinv + c.Sw5 + e : 0.0;
            ecoul = 0.0;
            return -dEdr * rinv;
        }
    }
}
