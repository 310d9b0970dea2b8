namespace Garnetics.Potentials.Classical;

[PairStyle("buck", Syntax = "pair_style buck Rc; pair_coeff I J A rho C [Rc]",
    Help = """
        Buckingham potential: E = A exp(-r/rho) - C/r^6 for r < Rc (A in energy units, rho in distance units, C in
        energy*distance^6; eV, A, eV*A^6 in metal units). Every I,J pair must be set explicitly (no mixing), as in
        LAMMPS; pair_coeff * * 0 1 0 switches pairs off. pair_modify shift yes subtracts E(Rc) per pair.
        """)]
public sealed class PairBuck : KernelPair<ShortKernel<PairBuck.Term, PairBuck.Coef>>
{
    public struct Coef
    {
        public double RhoInv, Buck1, Buck2, A, C, Offset;
    }

    private Coef[] _coef = [];

    protected override string[] CoeffNames => ["A", "rho", "C"];

    protected override void ValidateCoeffs(CommandArgs args, double[] c)
    {
        if (!(c[1] > 0)) throw args.Error(3, $"rho must be positive, got {args[3]}");
    }

    internal static Coef Make(double a, double rho, double c, double cut, bool shift) => new()
    {
        RhoInv = 1.0 / rho,
        Buck1 = a / rho,
        Buck2 = 6.0 * c,
        A = a,
        C = c,
        Offset = shift ? a * Math.Exp(-cut / rho) - c / Math.Pow(cut, 6.0) : 0.0,
    };

    private double[] _kernelCutSq = [];

    protected override void InitPair()
    {
        _coef = RecordTable((i, j) => Make(Raw[i, j][0], Raw[i, j][1], Raw[i, j][2], CutIJ[i, j], OffsetFlag));
        // pairs with A = C = 0 (the usual "pair_coeff * * buck 0 1 0" under hybrid/overlay) contribute exactly
        // nothing: the kernel treats them as out of range and skips the exponential
        _kernelCutSq = (double[])CutSq.Clone();
        for (int k = 0; k < _coef.Length; k++)
            if (_coef[k].A == 0.0 && _coef[k].C == 0.0) _kernelCutSq[k] = 0.0;
    }

    protected override ShortKernel<Term, Coef> MakeKernel() => new(_coef, _kernelCutSq, Stride);

    /// <summary>E = A exp(-r/rho) - C/r^6 - offset.</summary>
    public readonly struct Term : IShortTerm<Coef>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ForceTimesR(in Coef c, double rsq, double r2inv, bool eflag, out double energy)
        {
            double r6inv = r2inv * r2inv * r2inv;
            double r = Math.Sqrt(rsq);
            double rexp = SpecialFunctions.Exp(-r * c.RhoInv);
            energy = eflag ? c.A * rexp - c.C * r6inv - c.Offset : 0.0;
            return c.Buck1 * r * rexp - c.Buck2 * r6inv;
        }
    }
}
