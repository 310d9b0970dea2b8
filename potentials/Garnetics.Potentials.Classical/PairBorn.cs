namespace Garnetics.Potentials.Classical;

[PairStyle("born", Syntax = "pair_style born Rc; pair_coeff I J A rho sigma C D [Rc]",
    Help = """
        Born-Mayer-Huggins potential: E = A exp((sigma - r)/rho) - C/r^6 + D/r^8 for r < Rc (A energy, rho and sigma
        distance, C energy*distance^6, D energy*distance^8; eV and A in metal units). Every I,J pair must be set
        explicitly (no mixing), as in LAMMPS. pair_modify shift yes subtracts E(Rc) per pair.
        """)]
public sealed class PairBorn : KernelPair<ShortKernel<PairBorn.Term, PairBorn.Coef>>
{
    public struct Coef
    {
        public double RhoInv, Sigma, Born1, Born2, Born3, A, C, D, Offset;
    }

    private Coef[] _coef = [];

    protected override string[] CoeffNames => ["A", "rho", "sigma", "C", "D"];

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    /// <summary>Kernel coefficients from (A, rho, sigma, C, D), the pair's cut-off and whether the energy is shifted there.</summary>
    internal static Coef Make(double[] p, double rc, bool shift)
    {
        double a = p[0], rho = p[1], sigma = p[2], c = p[3], d = p[4];
        return new Coef
        {
            RhoInv = 1.0 / rho, Sigma = sigma, Born1 = a / rho, Born2 = 6.0 * c, Born3 = 8.0 * d, A = a, C = c, D = d,
            Offset = shift ? a * Math.Exp((sigma - rc) / rho) - c / Math.Pow(rc, 6.0) + d / Math.Pow(rc, 8.0) : 0.0,
        };
    }

    protected override void InitPair() => _coef = RecordTable((i, j) => Make(Raw[i, j], CutIJ[i, j], OffsetFlag));

    protected override ShortKernel<Term, Coef> MakeKernel() => new(_coef, CutSq, Stride);

    /// <summary>E = A exp((sigma - r)/rho) - C/r^6 + D/r^8 - offset.</summary>
    public readonly struct Term : IShortTerm<Coef>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ForceTimesR(in Coef c, double rsq, double r2inv, bool eflag, out double energy)
        {
            double r6inv = r2inv * r2inv * r2inv;
            double r = Math.Sqrt(rsq);
            double rexp = SpecialFunctions.Exp((c.Sigma - r) * c.RhoInv);
            energy = eflag ? c.A * rexp - c.C * r6inv + c.D * r6inv * r2inv - c.Offset : 0.0;
            return c.Born1 * r * rexp - c.Born2 * r6inv + c.Born3 * r2inv * r6inv;
        }
    }
}
