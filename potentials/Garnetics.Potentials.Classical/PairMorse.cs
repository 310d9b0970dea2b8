namespace Garnetics.Potentials.Classical;

[PairStyle("morse", Syntax = "pair_style morse Rc; pair_coeff I J D0 alpha r0 [Rc]",
    Help = """
        Morse potential: E = D0 [exp(-2 alpha (r - r0)) - 2 exp(-alpha (r - r0))] for r < Rc (D0 energy, alpha
        1/distance, r0 distance; eV, 1/A, A in metal units). Every I,J pair must be set explicitly (no mixing), as in
        LAMMPS. pair_modify shift yes subtracts E(Rc) per pair.
        """)]
public sealed class PairMorse : KernelPair<ShortKernel<PairMorse.Term, PairMorse.Coef>>
{
    public struct Coef
    {
        public double D0, Alpha, R0, Morse1, Offset;
    }

    private Coef[] _coef = [];

    protected override string[] CoeffNames => ["D0", "alpha", "r0"];

    protected override void InitPair() => _coef = RecordTable((i, j) =>
    {
        var p = Raw[i, j];
        double d0 = p[0], alpha = p[1], r0 = p[2];
        double alphaDr = -alpha * (CutIJ[i, j] - r0);
        return new Coef
        {
            D0 = d0, Alpha = alpha, R0 = r0, Morse1 = 2.0 * d0 * alpha,
            Offset = OffsetFlag ? d0 * (Math.Exp(2.0 * alphaDr) - 2.0 * Math.Exp(alphaDr)) : 0.0,
        };
    });

    protected override ShortKernel<Term, Coef> MakeKernel() => new(_coef, CutSq, Stride);

    /// <summary>E = D0 [exp(-2 alpha (r - r0)) - 2 exp(-alpha (r - r0))] - offset.</summary>
    public readonly struct Term : IShortTerm<Coef>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ForceTimesR(in Coef c, double rsq, double r2inv, bool eflag, out double energy)
        {
            double r = Math.Sqrt(rsq);
            double dexp = SpecialFunctions.Exp(-c.Alpha * (r - c.R0));
            energy = eflag ? c.D0 * (dexp * dexp - 2.0 * dexp) - c.Offset : 0.0;
            return c.Morse1 * (dexp * dexp - dexp) * r;
        }
    }
}
