namespace Garnetics.Potentials.Classical;

[PairStyle("coul/cut", Syntax = "pair_style coul/cut Rc; pair_coeff I J [Rc]",
    Help = """
        Plain cut-off Coulomb: E = qqr2e qi qj / r for r < Rc (dielectric 1; qqr2e = 14.399645 eV*A/e^2 in metal units,
        charges in e from atom_style charge). Unset I,J cut-offs are mixed from I,I and J,J (pair_modify mix). Not
        shifted: pair_modify shift has no effect, as in LAMMPS.
        """)]
public sealed class PairCoulCut : KernelPair<PairCoulCut.Kernel>
{
    public override bool NeedsCharge => true;
    protected override string[] CoeffNames => [];
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [];

    protected override void InitPair() { }

    protected override Kernel MakeKernel() => new Kernel(CutSq, Stride, Sim.Units.Qqr2e);

    public readonly struct Kernel(double[] cutsq, int stride, double qqrd2e) : IPairKernel
    {
        private readonly double[] _cutsq = cutsq;
        private readonly int _stride = stride;
        private readonly double _qqrd2e = qqrd2e;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < At(_cutsq, it * _stride + jt);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            double r2inv = 1.0 / rsq;
            double e = _qqrd2e * qi * qj * Math.Sqrt(r2inv);
            evdwl = 0.0;
            ecoul = eflag ? e : 0.0;
            return e * r2inv;
        }
    }
}
