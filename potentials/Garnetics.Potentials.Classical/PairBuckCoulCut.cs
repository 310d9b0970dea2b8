namespace Garnetics.Potentials.Classical;

[PairStyle("buck/coul/cut", Syntax = "pair_style buck/coul/cut Rc_buck [Rc_coul]; pair_coeff I J A rho C [Rc_buck [Rc_coul]]",
    Help = """
        Buckingham plus plain cut-off Coulomb: E = A exp(-r/rho) - C/r^6 for r < Rc_buck, plus qqr2e qi qj / r for r <
        Rc_coul (dielectric 1, qqr2e = 14.399645 eV*A/e^2 in metal units; A eV, rho A, C eV*A^6). Rc_coul defaults to
        Rc_buck; one per-pair cut-off sets both, two set each, as in LAMMPS. Every I,J pair must be set explicitly (no
        mixing). pair_modify shift yes shifts the Buckingham part only.
        """)]
public sealed class PairBuckCoulCut : KernelPair<PairBuckCoulCut.Kernel>
{
    public struct Coef
    {
        public double CutLjSq, CutCoulSq;
        public PairBuck.Coef Buck;
    }

    private double _cutCoulGlobal;
    private double[,] _cutCoulExplicit = new double[0, 0];
    private Coef[] _coef = [];

    public override bool NeedsCharge => true;
    protected override string[] CoeffNames => ["A", "rho", "C"];
    protected override int MaxOptionalCutoffs => 2;

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 2, "buck/coul/cut Rc_buck [Rc_coul]");
        CutGlobal = ParseCutoff(args, 0);
        _cutCoulGlobal = args.Count == 2 ? ParseCutoff(args, 1) : CutGlobal;
        // LAMMPS: a new global cut-off resets the explicit per-pair ones
        for (int i = 0; i < SetFlag.GetLength(0); i++)
            for (int j = 0; j < SetFlag.GetLength(1); j++)
                if (SetFlag[i, j]) { CutExplicit[i, j] = double.NaN; _cutCoulExplicit[i, j] = double.NaN; }
    }

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    public override void Coeff(CommandArgs args)
    {
        base.Coeff(args);
        if (_cutCoulExplicit.GetLength(0) != NTypes + 1)
        {
            _cutCoulExplicit = new double[NTypes + 1, NTypes + 1];
            for (int i = 0; i <= NTypes; i++) for (int j = 0; j <= NTypes; j++) _cutCoulExplicit[i, j] = double.NaN;
        }
        double cutCoul = args.Count == 7 ? ParseCutoff(args, 6) : args.Count == 6 ? ParseCutoff(args, 5) : double.NaN;
        var (ilo, ihi) = args.TypeRange(0, NTypes);
        var (jlo, jhi) = args.TypeRange(1, NTypes);
        for (int i = ilo; i <= ihi; i++)
            for (int j = Math.Max(jlo, i); j <= jhi; j++) _cutCoulExplicit[i, j] = cutCoul;
    }

    protected override void InitPair()
    {
        // base Init put the Buckingham cut-off in CutIJ; the neighbour cut-off of a pair is the larger of the two
        var coef = new Coef[Stride * Stride];
        for (int i = 1; i <= NTypes; i++)
        for (int j = i; j <= NTypes; j++)
        {
            double cutLj = CutIJ[i, j];
            if (cutLj <= 0) continue;
            double cutCoul = double.IsNaN(_cutCoulExplicit[i, j]) ? _cutCoulGlobal : _cutCoulExplicit[i, j];
            var p = Raw[i, j];
            var c = new Coef
            {
                CutLjSq = cutLj * cutLj,
                CutCoulSq = cutCoul * cutCoul,
                Buck = PairBuck.Make(p[0], p[1], p[2], cutLj, OffsetFlag),
            };
            coef[i * Stride + j] = coef[j * Stride + i] = c;
            double cut = Math.Max(cutLj, cutCoul);
            CutIJ[i, j] = CutIJ[j, i] = cut;
            CutSq[i * Stride + j] = CutSq[j * Stride + i] = cut * cut;
        }
        _coef = coef;
    }

    protected override Kernel MakeKernel() => new Kernel(_coef, CutSq, Stride, Sim.Units.Qqr2e);

    public readonly struct Kernel(Coef[] coef, double[] cutsq, int stride, double qqrd2e) : IPairKernel
    {
        private readonly Coef[] _c = coef;
        private readonly double[] _cutsq = cutsq;
        private readonly int _stride = stride;
        private readonly double _qqrd2e = qqrd2e;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            ref readonly Coef c = ref At(_c, it * _stride + jt);
            double r2inv = 1.0 / rsq;
            double r = Math.Sqrt(rsq);
            double force = 0.0;
            evdwl = ecoul = 0.0;
            if (rsq < c.CutCoulSq)
            {
                double e = _qqrd2e * qi * qj * r * r2inv;
                force = e;
                if (eflag) ecoul = e;
            }
            if (rsq < c.CutLjSq)
            {
                ref readonly PairBuck.Coef b = ref c.Buck;
                double r6inv = r2inv * r2inv * r2inv;
                double rexp = SpecialFunctions.Exp(-r * b.RhoInv);
                force += b.Buck1 * r * rexp - b.Buck2 * r6inv;
                if (eflag) evdwl = b.A * rexp - b.C * r6inv - b.Offset;
            }
            return force * r2inv;
        }
    }
}
