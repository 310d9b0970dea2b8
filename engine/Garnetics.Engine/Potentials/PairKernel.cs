namespace Garnetics.Engine.Potentials;

/// <summary>
/// One pairwise interaction, as a struct so the generic driver is specialised and inlined by the JIT.
/// Returns F/r (the pair force divided by distance, "fpair"); energies only when eflag.
/// </summary>
public interface IPairKernel
{
    /// <summary>Whether the pair at this squared distance interacts at all (cut-off test per type pair).</summary>
    bool InRange(int itype, int jtype, double rsq);

    double Compute(int itype, int jtype, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul);
}

/// <summary>
/// A pair style whose whole pair loop is one <see cref="IPairKernel"/> plus optional per-atom work outside the loop
/// (self energies). hybrid and hybrid/overlay fuse the kernels of such sub-styles into one pass over one half list.
/// </summary>
public interface IKernelPairStyle
{
    /// <summary>The style's kernel for the current coefficients (a struct, boxed).</summary>
    IPairKernel CreateKernel();

    /// <summary>Work outside the pair loop, tallied into the style's own accumulators (e.g. Coulomb self energy).</summary>
    void ComputeOutsideLoop(bool eflag, bool vflag);
}

/// <summary>Two kernels evaluated on the same pair: forces and energies add; each keeps its own cut-offs.</summary>
public readonly struct SumKernel<TA, TB>(TA a, TB b) : IPairKernel
    where TA : struct, IPairKernel where TB : struct, IPairKernel
{
    private readonly TA _a = a;
    private readonly TB _b = b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InRange(int itype, int jtype, double rsq) => _a.InRange(itype, jtype, rsq) || _b.InRange(itype, jtype, rsq);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Compute(int itype, int jtype, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
    {
        double f = 0;
        evdwl = 0;
        ecoul = 0;
        if (_a.InRange(itype, jtype, rsq))
        {
            f += _a.Compute(itype, jtype, rsq, qi, qj, eflag, out double v, out double c);
            evdwl += v;
            ecoul += c;
        }
        if (_b.InRange(itype, jtype, rsq))
        {
            f += _b.Compute(itype, jtype, rsq, qi, qj, eflag, out double v, out double c);
            evdwl += v;
            ecoul += c;
        }
        return f;
    }
}

/// <summary>
/// A short-range pair term with per-type-pair coefficients <typeparamref name="TCoef"/> (Buckingham, Born, Morse,
/// LJ, soft, ...): F·r and, when eflag, the energy at squared distance rsq. Written once per functional form and
/// shared by the plain style and its coul/long variant; static so the JIT inlines it into the specialised kernels.
/// </summary>
public interface IShortTerm<TCoef> where TCoef : struct
{
    static abstract double ForceTimesR(in TCoef c, double rsq, double r2inv, bool eflag, out double energy);
}

/// <summary>The kernel of a plain short-range style: one <see cref="IShortTerm{TCoef}"/> within per-type-pair cut-offs.</summary>
public readonly struct ShortKernel<TTerm, TCoef>(TCoef[] coef, double[] cutsq, int stride) : IPairKernel
    where TTerm : struct, IShortTerm<TCoef> where TCoef : struct
{
    private readonly TCoef[] _c = coef;
    private readonly double[] _cutsq = cutsq;
    private readonly int _stride = stride;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InRange(int it, int jt, double rsq) => rsq < TypePairStyle.At(_cutsq, it * _stride + jt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
    {
        double r2inv = 1.0 / rsq;
        ecoul = 0.0;
        return TTerm.ForceTimesR(in TypePairStyle.At(_c, it * _stride + jt), rsq, r2inv, eflag, out evdwl) * r2inv;
    }
}
