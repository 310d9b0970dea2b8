using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Garnetics.Engine.Styles;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// Shared helpers of the classical pairwise styles: per-type-pair coefficient records in one flat array (one cache
/// line per type pair instead of one load per table) and unchecked element access for the kernels.
/// </summary>
public abstract class ClassicalPair : TypePairStyle
{
    /// <summary>A flat (NTypes+1)^2 symmetric table of records filled by f(i, j) for the type pairs that interact.</summary>
    protected T[] RecordTable<T>(Func<int, int, T> f) where T : struct
    {
        var t = new T[Stride * Stride];
        for (int i = 1; i <= NTypes; i++)
        for (int j = i; j <= NTypes; j++)
        {
            if (CutIJ[i, j] <= 0) continue;
            t[i * Stride + j] = t[j * Stride + i] = f(i, j);
        }
        return t;
    }

    /// <summary>Types that take part in at least one interacting pair (self terms of coul/dsf and coul/wolf).</summary>
    protected bool[] ActiveTypes()
    {
        var a = new bool[NTypes + 1];
        for (int i = 1; i <= NTypes; i++)
            for (int j = 1; j <= NTypes; j++)
                if (CutIJ[Math.Min(i, j), Math.Max(i, j)] > 0) a[i] = true;
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref T At<T>(T[] a, int i) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), i);
}

/// <summary>
/// A classical style whose pair loop is one kernel <typeparamref name="TK"/>: the style runs it through the typed
/// (JIT-specialised) driver, and hybrid/overlay can fuse it with other sub-styles' kernels into one pass.
/// </summary>
public abstract class KernelPair<TK> : ClassicalPair, IKernelPairStyle where TK : struct, IPairKernel
{
    /// <summary>The kernel for the current coefficients (after Init).</summary>
    protected abstract TK MakeKernel();

    /// <summary>Per-atom work outside the pair loop (self energies); nothing by default.</summary>
    public virtual void ComputeOutsideLoop(bool eflag, bool vflag) { }

    public IPairKernel CreateKernel() => MakeKernel();

    /// <summary>The shared pair driver tallies per-atom energies and virials for every kernel style.</summary>
    public override bool CanTallyPerAtom => true;

    public sealed override void Compute(Garnetics.Engine.Neighbor.NeighList list, bool eflag, bool vflag)
    {
        ComputeOutsideLoop(eflag, vflag);
        var k = MakeKernel();
        PairDriver.ComputeHalf(this, ref k, list, eflag, vflag);
    }
}

/// <summary>
/// A short-range pair term with per-type-pair coefficients <typeparamref name="TCoef"/> (Buckingham, Born, Morse,
/// LJ): F·r and, when eflag, the energy at squared distance rsq. Written once per functional form and shared by the
/// plain style and its coul/long variant; static so the JIT inlines it into the specialised kernels.
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
    public bool InRange(int it, int jt, double rsq) => rsq < ClassicalPair.At(_cutsq, it * _stride + jt);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
    {
        double r2inv = 1.0 / rsq;
        ecoul = 0.0;
        return TTerm.ForceTimesR(in ClassicalPair.At(_c, it * _stride + jt), rsq, r2inv, eflag, out evdwl) * r2inv;
    }
}
