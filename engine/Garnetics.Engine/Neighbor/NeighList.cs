namespace Garnetics.Engine.Neighbor;

public enum NeighKind
{
    /// <summary>Each pair once (Newton's third law; ghost pairs decided by a coordinate tie-break).</summary>
    Half,
    /// <summary>Every neighbour of every local atom (many-body styles).</summary>
    Full,
}

/// <summary>Neighbour list in compressed-row form: neighbours of local atom i are Neighs[First[i] .. First[i]+Num[i]).</summary>
public sealed class NeighList
{
    public NeighKind Kind { get; }
    public int Inum;
    public int[] First = [];
    public int[] Num = [];
    public int[] Neighs = [];
    public long TotalPairs;

    public NeighList(NeighKind kind) => Kind = kind;

    public ReadOnlySpan<int> Of(int i) => new(Neighs, First[i], Num[i]);
}
