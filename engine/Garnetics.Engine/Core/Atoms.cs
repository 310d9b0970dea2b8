namespace Garnetics.Engine.Core;

/// <summary>
/// Structure-of-arrays atom storage. Owned ("local") atoms occupy indices [0, NLocal); ghost atoms (periodic images,
/// and on other ranks' atoms under MPI) follow at [NLocal, NLocal + NGhost). Positions, velocities and forces are
/// interleaved xyz in flat arrays of length 3*Capacity. Pair styles see locals plus ghosts and never apply minimum
/// image conventions.
/// </summary>
public sealed class Atoms
{
    public int NLocal;
    public int NGhost;
    public int NAll => NLocal + NGhost;
    public int Capacity { get; private set; }

    public double[] X = [];
    public double[] V = [];
    public double[] F = [];
    public int[] Type = [];
    public int[] Tag = [];
    public int[] Mask = [];
    public double[] Q = [];
    /// <summary>Image flags, 3 per local atom (ix, iy, iz).</summary>
    public int[] Image = [];

    /// <summary>Number of atom types; arrays indexed by type are 1-based with length NTypes+1.</summary>
    public int NTypes;
    public double[] Mass = [0.0];
    public bool[] MassSet = [false];
    /// <summary>Optional element symbol per type (from dump_modify element, read_data of structure files, ...).</summary>
    public string?[] TypeElement = [null];

    /// <summary>"atomic" or "charge".</summary>
    public string Style = "atomic";
    public bool HasCharge => Style == "charge";

    /// <summary>Total atom count over all ranks.</summary>
    public long NAtoms;
    public int MaxTag;

    /// <summary>Which execution space holds the current copy of each per-atom field (all on the host unless a device space is in use).</summary>
    public Backend.AtomSync Sync { get; } = new();

    /// <summary>Extra per-atom arrays owned by fixes; migrated, sorted and deleted together with the atoms.</summary>
    public readonly List<IPerAtomData> Extra = [];

    public Atoms() => Grow(16);

    public void SetTypes(int ntypes)
    {
        if (ntypes < 1) throw new GarneticsException($"number of atom types must be at least 1, got {ntypes}");
        NTypes = ntypes;
        Array.Resize(ref Mass, ntypes + 1);
        Array.Resize(ref MassSet, ntypes + 1);
        Array.Resize(ref TypeElement, ntypes + 1);
    }

    /// <summary>Ensure room for at least n atoms (locals plus ghosts).</summary>
    public void Grow(int n)
    {
        if (n <= Capacity) return;
        int cap = Math.Max(n, Math.Max(16, Capacity + Capacity / 2));
        Array.Resize(ref X, 3 * cap);
        Array.Resize(ref V, 3 * cap);
        Array.Resize(ref F, 3 * cap);
        Array.Resize(ref Type, cap);
        Array.Resize(ref Tag, cap);
        Array.Resize(ref Mask, cap);
        Array.Resize(ref Q, cap);
        Array.Resize(ref Image, 3 * cap);
        foreach (var e in Extra) e.Grow(cap);
        Capacity = cap;
    }

    /// <summary>Append a local atom (there must be no ghosts at this moment). Returns its index.</summary>
    public int AddLocal(int tag, int type, double x, double y, double z, int mask = 1)
    {
        if (NGhost != 0) NGhost = 0;
        Grow(NLocal + 1);
        int i = NLocal++;
        X[3 * i] = x; X[3 * i + 1] = y; X[3 * i + 2] = z;
        V[3 * i] = V[3 * i + 1] = V[3 * i + 2] = 0.0;
        F[3 * i] = F[3 * i + 1] = F[3 * i + 2] = 0.0;
        Image[3 * i] = Image[3 * i + 1] = Image[3 * i + 2] = 0;
        Type[i] = type;
        Tag[i] = tag;
        Mask[i] = mask;
        Q[i] = 0.0;
        foreach (var e in Extra) e.Clear(i);
        if (tag > MaxTag) MaxTag = tag;
        return i;
    }

    /// <summary>Copy local atom j into slot i (used for deletion and sorting).</summary>
    public void CopyAtom(int j, int i)
    {
        for (int k = 0; k < 3; k++)
        {
            X[3 * i + k] = X[3 * j + k];
            V[3 * i + k] = V[3 * j + k];
            F[3 * i + k] = F[3 * j + k];
            Image[3 * i + k] = Image[3 * j + k];
        }
        Type[i] = Type[j];
        Tag[i] = Tag[j];
        Mask[i] = Mask[j];
        Q[i] = Q[j];
        foreach (var e in Extra) e.Copy(j, i);
    }

    /// <summary>
    /// Delete local atoms for which <paramref name="remove"/> is true. As in LAMMPS, a deleted slot is filled by the
    /// current last atom, so that the resulting order (and IDs renumbered afterwards) match LAMMPS's.
    /// </summary>
    public int DeleteLocal(Func<int, bool> remove)
    {
        NGhost = 0;
        int n = NLocal;
        var flag = new bool[n];
        for (int i = 0; i < n; i++) flag[i] = remove(i);
        int k = 0;
        while (k < n)
        {
            if (flag[k])
            {
                CopyAtom(n - 1, k);
                flag[k] = flag[n - 1];
                n--;
            }
            else k++;
        }
        int deleted = NLocal - n;
        NLocal = n;
        return deleted;
    }

    /// <summary>Mass of local or ghost atom i.</summary>
    public double MassOf(int i) => Mass[Type[i]];

    public void CheckMasses()
    {
        for (int t = 1; t <= NTypes; t++)
            if (!MassSet[t]) throw new GarneticsException($"not all per-type masses are set: type {t} has no mass (use the mass command or a Masses section)");
    }

    /// <summary>Tag -> local index map (built on demand, -1 when absent).</summary>
    public int[] BuildTagMap()
    {
        var map = new int[MaxTag + 1];
        Array.Fill(map, -1);
        for (int i = 0; i < NLocal; i++) map[Tag[i]] = i;
        return map;
    }

    /// <summary>Reassign tags 1..N in local order (used when atoms were created without tags).</summary>
    public void ResetTags()
    {
        for (int i = 0; i < NLocal; i++) Tag[i] = i + 1;
        MaxTag = NLocal;
    }
}

/// <summary>Per-atom array owned by a fix or compute that must travel with atoms.</summary>
public interface IPerAtomData
{
    void Grow(int capacity);
    void Copy(int from, int to);
    void Clear(int i);
}
