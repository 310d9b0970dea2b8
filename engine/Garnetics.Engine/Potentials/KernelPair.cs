namespace Garnetics.Engine.Potentials;

/// <summary>
/// The pairwise contract: a style with per-type-pair coefficients (<see cref="TypePairStyle"/>) whose pair loop is
/// one kernel <typeparamref name="TK"/>. The engine's driver runs the kernel over a half neighbour list on all
/// threads, and gives the style per-atom energies and virials (compute pe/atom, stress/atom), hybrid and
/// hybrid/overlay participation (its kernel is fused with the other sub-styles' into one pass) and pair_modify
/// shift/mix/table, with nothing written by the style but the kernel and its coefficient tables.
/// </summary>
public abstract class KernelPair<TK> : TypePairStyle, IKernelPairStyle where TK : struct, IPairKernel
{
    /// <summary>The kernel for the current coefficients (after Init).</summary>
    protected abstract TK MakeKernel();

    /// <summary>Per-atom work outside the pair loop (self energies); nothing by default.</summary>
    public virtual void ComputeOutsideLoop(bool eflag, bool vflag) { }

    public IPairKernel CreateKernel() => MakeKernel();

    /// <summary>The shared pair driver tallies per-atom energies and virials for every kernel style.</summary>
    public override bool CanTallyPerAtom => true;

    public sealed override void Compute(Neighbor.NeighList list, bool eflag, bool vflag)
    {
        ComputeOutsideLoop(eflag, vflag);
        var k = MakeKernel();
        PairDriver.ComputeHalf(this, ref k, list, eflag, vflag);
    }
}
