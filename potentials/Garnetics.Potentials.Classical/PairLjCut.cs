namespace Garnetics.Potentials.Classical;

[PairStyle("lj/cut", Syntax = "pair_style lj/cut Rc; pair_coeff I J epsilon sigma [Rc]",
    Help = """
        12-6 Lennard-Jones: E = 4 eps [(sigma/r)^12 - (sigma/r)^6] for r < Rc. Unset I,J pairs are mixed from I,I and
        J,J (pair_modify mix geometric (default), arithmetic, sixthpower; cut-offs mixed the same way). pair_modify
        shift yes subtracts E(Rc).
        """)]
public sealed class PairLjCut : KernelPair<PairLjCut.Kernel>
{
    private LennardJones.Coef[] _coef = [];

    protected override string[] CoeffNames => LennardJones.CoeffNames;
    protected override bool CanMix => true;

    protected override void ValidateCoeffs(CommandArgs args, double[] c) => LennardJones.Validate(args, c);

    protected override double[] Mix(double[] ci, double[] cj) => [MixEnergy(ci[0], cj[0], ci[1], cj[1]), MixDistance(ci[1], cj[1])];

    protected override void InitPair() => _coef = RecordTable((i, j) => LennardJones.Make(Raw[i, j], CutIJ[i, j], OffsetFlag));

    protected override Kernel MakeKernel() => new Kernel(this);

    public readonly struct Kernel(PairLjCut p) : IPairKernel
    {
        private readonly int _stride = p.Stride;
        private readonly double[] _cutsq = p.CutSq;
        private readonly LennardJones.Coef[] _coef = p._coef;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < _cutsq[it * _stride + jt];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            ref readonly var c = ref _coef[it * _stride + jt];
            double r2inv = 1.0 / rsq;
            double r6inv = r2inv * r2inv * r2inv;
            double forcelj = r6inv * (c.Lj1 * r6inv - c.Lj2);
            evdwl = eflag ? r6inv * (c.Lj3 * r6inv - c.Lj4) - c.Offset : 0.0;
            ecoul = 0.0;
            return forcelj * r2inv;
        }
    }
}

/// <summary>
/// The 12-6 Lennard-Jones interaction of lj/cut and lj/cut/coul/long: pair_coeff I J epsilon sigma (mixed by the
/// pair_modify mix rule: epsilon with MixEnergy, sigma with MixDistance), the force and energy prefactors, and the
/// short-range term E = 4 eps [(sigma/r)^12 - (sigma/r)^6] - offset.
/// </summary>
public static class LennardJones
{
    public static readonly string[] CoeffNames = ["epsilon", "sigma"];

    public struct Coef
    {
        public double Lj1, Lj2, Lj3, Lj4, Offset;
    }

    public static void Validate(CommandArgs args, double[] c)
    {
        if (c[1] <= 0) throw args.Error(3, $"sigma must be positive, got {c[1]}");
    }

    /// <summary>Prefactors of a type pair (epsilon, sigma) with cut-off rc; the offset E(rc) when <paramref name="shift"/>.</summary>
    public static Coef Make(double[] raw, double rc, bool shift)
    {
        double eps = raw[0], sigma = raw[1], ratio = sigma / rc;
        return new Coef
        {
            Lj1 = 48.0 * eps * Math.Pow(sigma, 12), Lj2 = 24.0 * eps * Math.Pow(sigma, 6),
            Lj3 = 4.0 * eps * Math.Pow(sigma, 12), Lj4 = 4.0 * eps * Math.Pow(sigma, 6),
            Offset = shift ? 4.0 * eps * (Math.Pow(ratio, 12) - Math.Pow(ratio, 6)) : 0.0,
        };
    }

    /// <summary>E = 4 eps [(sigma/r)^12 - (sigma/r)^6] - offset (the LJ part of lj/cut/coul/long).</summary>
    public readonly struct Term : IShortTerm<Coef>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ForceTimesR(in Coef c, double rsq, double r2inv, bool eflag, out double energy)
        {
            double r6inv = r2inv * r2inv * r2inv;
            energy = eflag ? r6inv * (c.Lj3 * r6inv - c.Lj4) - c.Offset : 0.0;
            return r6inv * (c.Lj1 * r6inv - c.Lj2);
        }
    }
}
