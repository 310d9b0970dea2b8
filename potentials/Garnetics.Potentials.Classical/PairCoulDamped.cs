namespace Garnetics.Potentials.Classical;

/// <summary>
/// Common part of coul/dsf and coul/wolf: settings `alpha Rc`, `pair_coeff I J` with no coefficients, a per-atom
/// self energy, and a damped pair kernel whose force is the damped shifted force
/// F(r) = qqr2e qi qj [erfc(alpha r)/r^2 + 2 alpha/sqrt(pi) exp(-alpha^2 r^2)/r + fshift] with
/// fshift = -(erfc(alpha Rc)/Rc^2 + 2 alpha/sqrt(pi) exp(-alpha^2 Rc^2)/Rc), and whose energy is
/// qqr2e qi qj [erfc(alpha r)/r - EShift - FShiftE r], with the constants chosen by the style.
/// </summary>
public abstract class PairCoulDamped : KernelPair<PairCoulDamped.Kernel>
{
    protected double Alpha;
    /// <summary>fshift above (negative).</summary>
    protected double FShift;
    /// <summary>Energy constants of the style: E_pair = qq (erfc(alpha r)/r - EShift - EFShift r).</summary>
    protected double EShift, EFShift;
    /// <summary>Self energy per atom is -SelfCoef * qi^2 * qqr2e.</summary>
    protected double SelfCoef;
    private bool[] _active = [];

    public override bool NeedsCharge => true;
    protected override string[] CoeffNames => [];
    protected override int MaxOptionalCutoffs => 0;
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [];

    public override void Settings(CommandArgs args)
    {
        args.Require(2, 2, $"{StyleName} alpha Rc");
        Alpha = args.Double(0, "alpha");
        if (!(Alpha > 0)) throw args.Error(0, $"alpha must be positive, got {args[0]}");
        CutGlobal = ParseCutoff(args, 1);
    }

    protected override void InitPair()
    {
        double rc = CutGlobal;
        double erfcc = SpecialFunctions.Erfc(Alpha * rc);
        double erfcd = Math.Exp(-Alpha * Alpha * rc * rc);
        FShift = -(erfcc / (rc * rc) + SpecialFunctions.TwoOverSqrtPi * Alpha * erfcd / rc);
        SetEnergyConstants(rc, erfcc);
        _active = ActiveTypes();
    }

    /// <summary>Set EShift, EFShift and SelfCoef from the cut-off and erfc(alpha Rc).</summary>
    protected abstract void SetEnergyConstants(double rc, double erfcRc);

    public override void ComputeOutsideLoop(bool eflag, bool vflag)
    {
        var atoms = Sim.Atoms;
        double qqrd2e = Sim.Units.Qqr2e;
        if (eflag)
        {
            double self = 0;
            var q = atoms.Q;
            var type = atoms.Type;
            for (int i = 0; i < atoms.NLocal; i++)
                if (_active[type[i]]) self += q[i] * q[i];
            EngCoul += -SelfCoef * qqrd2e * self;
            // per atom: each atom's own self energy (LAMMPS ev_tally(i, i, ...))
            if (EFlagAtom)
                for (int i = 0; i < atoms.NLocal; i++)
                    if (_active[type[i]]) EAtom[i] += -SelfCoef * qqrd2e * q[i] * q[i];
        }
    }

    protected override Kernel MakeKernel() => new(CutSq, Stride, Sim.Units.Qqr2e, Alpha, FShift, EShift, EFShift);

    public readonly struct Kernel(double[] cutsq, int stride, double qqrd2e, double alpha, double fshift, double eshift, double efshift)
        : IPairKernel
    {
        private readonly double[] _cutsq = cutsq;
        private readonly int _stride = stride;
        private readonly double _qqrd2e = qqrd2e, _alpha = alpha, _alpha2 = alpha * alpha;
        private readonly double _twoAlphaSqrtPi = SpecialFunctions.TwoOverSqrtPi * alpha;
        private readonly double _fshift = fshift, _eshift = eshift, _efshift = efshift;
        private readonly double[] _erfcxTable = SpecialFunctions.ErfcxCoefficients;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            double r = Math.Sqrt(rsq);
            double rinv = 1.0 / r;
            double prefactor = _qqrd2e * qi * qj * rinv;
            double erfcd = SpecialFunctions.Exp(-_alpha2 * rsq);
            double erfcc = SpecialFunctions.ErfcxNonNegative(_alpha * r, _erfcxTable) * erfcd;
            evdwl = 0.0;
            ecoul = eflag ? prefactor * (erfcc - r * _eshift - rsq * _efshift) : 0.0;
            return prefactor * (erfcc * rinv + _twoAlphaSqrtPi * erfcd + r * _fshift) * rinv;
        }
    }
}

[PairStyle("coul/dsf", Syntax = "pair_style coul/dsf alpha Rc; pair_coeff * *",
    Help = """
        Damped shifted-force Coulomb (Fennell and Gezelter 2006) as in LAMMPS: for r < Rc, E = qqr2e qi qj [erfc(alpha
        r)/r - erfc(alpha Rc)/Rc + (r - Rc)(erfc(alpha Rc)/Rc^2 + 2 alpha/sqrt(pi) exp(-alpha^2 Rc^2)/Rc)], so energy
        and force both vanish at Rc, plus a self energy -(e_shift/2 + alpha/sqrt(pi)) qi^2 qqr2e per atom with e_shift =
        erfc(alpha Rc)/Rc - fshift Rc and fshift = -(erfc(alpha Rc)/Rc^2 + 2 alpha/sqrt(pi) exp(-alpha^2 Rc^2)/Rc).
        alpha in 1/distance, Rc in distance (1/A, A in metal units), qqr2e = 14.399645 eV*A/e^2. Uses a full-precision
        erfc (relative error < 1e-15); LAMMPS's coul/dsf uses a 5-term polynomial approximation (relative error ~1e-7),
        so results differ from LAMMPS at that level.
        """)]
public sealed class PairCoulDsf : PairCoulDamped
{
    protected override void SetEnergyConstants(double rc, double erfcRc)
    {
        // LAMMPS: e_shift = erfc(alpha rc)/rc - f_shift rc; E = qq/r (erfc - r e_shift - r^2 f_shift)
        EShift = erfcRc / rc - FShift * rc;
        EFShift = FShift;
        SelfCoef = EShift / 2.0 + Alpha * SpecialFunctions.InvSqrtPi;
    }
}

[PairStyle("coul/wolf", Syntax = "pair_style coul/wolf alpha Rc; pair_coeff * *",
    Help = """
        Wolf-summed Coulomb as in LAMMPS: for r < Rc the pair energy is qqr2e qi qj [erfc(alpha r)/r - erfc(alpha
        Rc)/Rc] (shifted potential, no force shift in the energy), plus a self energy -(erfc(alpha Rc)/(2 Rc) +
        alpha/sqrt(pi)) qi^2 qqr2e per atom. Forces are LAMMPS's: qqr2e qi qj [erfc(alpha r)/r^2 + 2 alpha/sqrt(pi)
        exp(-alpha^2 r^2)/r + fshift], fshift = -(erfc(alpha Rc)/Rc^2 + 2 alpha/sqrt(pi) exp(-alpha^2 Rc^2)/Rc), i.e.
        the damped shifted force, which is not minus the derivative of that energy. alpha in 1/distance, Rc in distance;
        full-precision erfc (relative error < 1e-15), like LAMMPS's coul/wolf (libm erfc).
        """)]
public sealed class PairCoulWolf : PairCoulDamped
{
    protected override void SetEnergyConstants(double rc, double erfcRc)
    {
        EShift = erfcRc / rc;
        EFShift = 0.0;
        SelfCoef = EShift / 2.0 + Alpha * SpecialFunctions.InvSqrtPi;
    }
}
