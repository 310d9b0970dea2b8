namespace Garnetics.Engine.Neighbor;

public enum NeighKind
{
    /// <summary>Each pair once (Newton's third law; ghost pairs decided by a coordinate tie-break).</summary>
    Half,
    /// <summary>Every neighbour of every local atom (many-body styles).</summary>
    Full,
}

/// <summary>
/// Neighbour list in compressed-row form: neighbours of atom i are Neighs[First[i] .. First[i]+Num[i]). Rows
/// [0, Inum) are the local atoms; a list requested with ghost rows also has rows [Inum, Inum+GNum) for the ghosts.
/// </summary>
public sealed class NeighList
{
    public NeighKind Kind { get; }
    public int Inum;
    /// <summary>Ghost rows after the local ones (only for lists requested with ghost rows).</summary>
    public int GNum;
    public int[] First = [];
    public int[] Num = [];
    public int[] Neighs = [];
    public long TotalPairs;

    public NeighList(NeighKind kind) => Kind = kind;

    public ReadOnlySpan<int> Of(int i) => new(Neighs, First[i], Num[i]);
}

/// <summary>
/// What one consumer (a pair style, a sub-style of a hybrid, an analysis) needs from the neighbour manager: half or
/// full, its own cut-off per type pair (a pair with cut-off 0 is not listed at all: LAMMPS's skip lists), and
/// whether ghost atoms get rows too. The manager builds as few lists as serve all requests: one list at the largest
/// cut-offs, and the others cut down from it (or the same list, when a request asks for exactly that), and fills
/// <see cref="List"/> at every rebuild.
/// </summary>
public sealed class NeighRequest
{
    /// <summary>Who asked (for the neighbour summary in the log), e.g. "pair nep".</summary>
    public string Owner { get; }
    public NeighKind Kind { get; }
    public bool Ghost { get; }
    /// <summary>Interaction cut-off (without skin) per type pair, flat [i·(NTypes+1) + j], symmetric; 0: pair not listed.</summary>
    public double[] Cut { get; }
    public int NTypes { get; }
    /// <summary>Largest entry of <see cref="Cut"/>.</summary>
    public double CutMax { get; }
    /// <summary>The list, rebuilt by the manager; the same object for the whole run.</summary>
    public NeighList List { get; internal set; }
    /// <summary>Whether the list is shared with (or is) the manager's largest list rather than cut down from it.</summary>
    public bool Shared { get; internal set; }

    public NeighRequest(string owner, NeighKind kind, double[] cut, int ntypes, bool ghost = false)
    {
        if (cut.Length != (ntypes + 1) * (ntypes + 1))
            throw new ArgumentException($"cut-off table of {cut.Length} entries for {ntypes} atom types");
        if (ghost && kind != NeighKind.Full) throw new ArgumentException("ghost rows need a full neighbour list");
        Owner = owner;
        Kind = kind;
        Ghost = ghost;
        Cut = cut;
        NTypes = ntypes;
        CutMax = cut.Length == 0 ? 0 : cut.Max();
        List = new NeighList(kind);
    }

    /// <summary>A request with the same cut-off for every type pair.</summary>
    public static NeighRequest Uniform(string owner, NeighKind kind, double cut, int ntypes, bool ghost = false)
    {
        var c = new double[(ntypes + 1) * (ntypes + 1)];
        for (int i = 1; i <= ntypes; i++) for (int j = 1; j <= ntypes; j++) c[i * (ntypes + 1) + j] = cut;
        return new NeighRequest(owner, kind, c, ntypes, ghost);
    }

    /// <summary>Whether every listed type pair has the same cut-off (the build then needs no type lookups).</summary>
    internal bool IsUniform(out double cut)
    {
        cut = CutMax;
        int s = NTypes + 1;
        for (int i = 1; i <= NTypes; i++) for (int j = 1; j <= NTypes; j++) if (Cut[i * s + j] != CutMax) return false;
        return true;
    }

    internal bool SameAs(NeighKind kind, bool ghost, double[] cut) =>
        Kind == kind && Ghost == ghost && Cut.AsSpan().SequenceEqual(cut);
}
