namespace Garnetics.Potentials.Classical;

[PairStyle("lj/cut", Syntax = "pair_style lj/cut Rc; pair_coeff I J epsilon sigma [Rc]",
    Help = """
        12-6 Lennard-Jones: E = 4 eps [(sigma/r)^12 - (sigma/r)^6] for r < Rc. Unset I,J pairs are mixed from I,I and
        J,J (pair_modify mix geometric (default), arithmetic, sixthpower; cut-offs mixed the same way). pair_modify
        shift yes subtracts E(Rc).
        """)]
public sealed class PairLjCut : KernelPair<PairLjCut.Kernel>
{
    private double[] _lj1 = [], _lj2 = [], _lj3 = [], _lj4 = [], _offset = [];

    protected override string[] CoeffNames => ["epsilon", "sigma"];
    protected override bool CanMix => true;

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (c[1] <= 0) throw args.Error(3, $"sigma must be positive, got {c[1]}");
    }

    protected override double[] Mix(double[] ci, double[] cj)
    {
        double sigma = MixRule == "geometric" ? Math.Sqrt(ci[1] * cj[1]) : 0.5 * (ci[1] + cj[1]);
        if (MixRule == "sixthpower") sigma = Math.Pow(0.5 * (Math.Pow(ci[1], 6) + Math.Pow(cj[1], 6)), 1.0 / 6.0);
        return [MixEnergy(ci[0], cj[0], ci[1], cj[1]), sigma];
    }

    protected override void InitPair()
    {
        _lj1 = Table((i, j) => 48.0 * Raw[i, j][0] * Math.Pow(Raw[i, j][1], 12));
        _lj2 = Table((i, j) => 24.0 * Raw[i, j][0] * Math.Pow(Raw[i, j][1], 6));
        _lj3 = Table((i, j) => 4.0 * Raw[i, j][0] * Math.Pow(Raw[i, j][1], 12));
        _lj4 = Table((i, j) => 4.0 * Raw[i, j][0] * Math.Pow(Raw[i, j][1], 6));
        _offset = Table((i, j) =>
        {
            if (!OffsetFlag) return 0.0;
            double ratio = Raw[i, j][1] / CutIJ[i, j];
            return 4.0 * Raw[i, j][0] * (Math.Pow(ratio, 12) - Math.Pow(ratio, 6));
        });
    }

    protected override Kernel MakeKernel() => new Kernel(this);

    public readonly struct Kernel(PairLjCut p) : IPairKernel
    {
        private readonly int _stride = p.Stride;
        private readonly double[] _cutsq = p.CutSq, _lj1 = p._lj1, _lj2 = p._lj2, _lj3 = p._lj3, _lj4 = p._lj4, _off = p._offset;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < _cutsq[it * _stride + jt];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            int ij = it * _stride + jt;
            double r2inv = 1.0 / rsq;
            double r6inv = r2inv * r2inv * r2inv;
            double forcelj = r6inv * (_lj1[ij] * r6inv - _lj2[ij]);
            evdwl = eflag ? r6inv * (_lj3[ij] * r6inv - _lj4[ij]) - _off[ij] : 0.0;
            ecoul = 0.0;
            return forcelj * r2inv;
        }
    }
}
