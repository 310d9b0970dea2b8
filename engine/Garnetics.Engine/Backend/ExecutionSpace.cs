namespace Garnetics.Engine.Backend;

/// <summary>Per-atom fields whose location <see cref="AtomSync"/> tracks (KOKKOS's datamask bits).</summary>
[Flags]
public enum AtomFields
{
    None = 0,
    X = 1, V = 2, F = 4, Type = 8, Q = 16, Image = 32, Mask = 64, Tag = 128,
    All = X | V | F | Type | Q | Image | Mask | Tag,
}

/// <summary>
/// Where loops run and where per-atom data lives: an execution space, as LAMMPS/KOKKOS call it. The host space
/// (threads of this process, the arrays of <see cref="Atoms"/>) is always there; a device space (a GPU through
/// ILGPU, in its own assembly) registers itself with <see cref="Register"/> and is chosen by the style suffix
/// (-sf gpu, suffix gpu, package gpu). A device space keeps its own copies of the per-atom fields; styles that
/// run in it call <see cref="AtomSync.Sync"/> for the fields they read and <see cref="AtomSync.Modified"/> for
/// those they write, and the run loop syncs the fields that host code (fixes, thermo, dumps, neighbour builds)
/// needs back to the host before it runs, so data crosses only when a consumer in the other space needs it.
/// </summary>
public abstract class ExecutionSpace
{
    /// <summary>"host", "gpu", ...</summary>
    public abstract string Name { get; }

    /// <summary>The style suffix of styles that run in this space (LAMMPS: lj/cut/gpu, nep/gpu); null for the host.</summary>
    public abstract string? StyleSuffix { get; }

    /// <summary>Whether this is the host space (the Atoms arrays themselves).</summary>
    public bool IsHost => this is HostSpace;

    /// <summary>Copy the fields from the host arrays into this space's copies (host: nothing to do).</summary>
    public abstract void CopyFromHost(Atoms atoms, AtomFields fields);

    /// <summary>Copy this space's copies of the fields into the host arrays (host: nothing to do).</summary>
    public abstract void CopyToHost(Atoms atoms, AtomFields fields);

    /// <summary>Options of `package NAME args` for this space (e.g. package gpu 1 neigh yes); the host takes `package omp N`.</summary>
    public virtual void Package(Simulation sim, CommandArgs args) =>
        throw args.Error($"package {args[0]}: the {Name} space takes no package options");

    private static readonly List<ExecutionSpace> Spaces = [HostSpace.Instance];

    /// <summary>Make a space available (a device backend's assembly does this when it loads and finds its device).</summary>
    public static void Register(ExecutionSpace space)
    {
        lock (Spaces)
        {
            if (Spaces.Any(s => s.Name == space.Name)) throw new InvalidOperationException($"execution space {space.Name} is already registered");
            Spaces.Add(space);
        }
    }

    /// <summary>The space whose styles carry this suffix, or null when none is registered.</summary>
    public static ExecutionSpace? ForSuffix(string suffix)
    {
        lock (Spaces) return Spaces.FirstOrDefault(s => s.StyleSuffix == suffix);
    }

    /// <summary>Names of the registered spaces.</summary>
    public static IReadOnlyList<string> Names
    {
        get { lock (Spaces) return Spaces.Select(s => s.Name).ToList(); }
    }
}

/// <summary>The host: this process's threads (Core/WorkerTeam) over the arrays of <see cref="Atoms"/>.</summary>
public sealed class HostSpace : ExecutionSpace
{
    public static HostSpace Instance { get; } = new();
    private HostSpace() { }
    public override string Name => "host";
    public override string? StyleSuffix => null;
    public override void CopyFromHost(Atoms atoms, AtomFields fields) { }
    public override void CopyToHost(Atoms atoms, AtomFields fields) { }

    /// <summary>package omp N: N host threads (0: all cores), as LAMMPS's OPENMP package.</summary>
    public override void Package(Simulation sim, CommandArgs args)
    {
        args.Require(2, 2, "package omp Nthreads");
        int n = args.Int(1, "number of threads");
        if (n < 0) throw args.Error(1, $"package omp needs a thread count >= 0 (0: all cores), got {n}");
        sim.Threads = n == 0 ? Environment.ProcessorCount : n;
        sim.Print($"package omp: {sim.Threads} host threads");
    }
}

/// <summary>
/// Where each per-atom field has a current copy (KOKKOS's DualView flags, for all fields of one Atoms): a write in
/// a space (<see cref="Modified"/>) makes its copy the only current one; <see cref="Sync"/> copies a field into a
/// space that lacks a current copy (through the host), after which both copies are current until the next write.
/// Fields start current on the host only. Transfers are counted, and the first one that each consumer forces is
/// reported once (which fix or output forced copies).
/// </summary>
public sealed class AtomSync
{
    private const int FieldCount = 8;
    private readonly List<ExecutionSpace>[] _current = Enumerable.Range(0, FieldCount).Select(_ => new List<ExecutionSpace> { HostSpace.Instance }).ToArray();
    private readonly HashSet<string> _reported = [];

    /// <summary>Transfers made so far, by field and destination ("F to host", ...), for tests and the run summary.</summary>
    public Dictionary<string, long> Transfers { get; } = [];

    /// <summary>Whether a device space has taken part (until then every field is current on the host only, and syncs are free).</summary>
    public bool UsesDevice { get; private set; }

    /// <summary>Whether <paramref name="space"/> holds a current copy of one field.</summary>
    public bool IsCurrent(AtomFields field, ExecutionSpace space) => _current[Index(field)].Contains(space);

    /// <summary>Record that <paramref name="space"/> wrote the fields: its copies are now the only current ones.</summary>
    public void Modified(ExecutionSpace space, AtomFields fields)
    {
        if (!UsesDevice && space.IsHost) return;
        UsesDevice = true;
        for (int k = 0; k < FieldCount; k++)
        {
            if (((int)fields & (1 << k)) == 0) continue;
            var c = _current[k];
            if (c.Count == 1 && c[0] == space) continue;
            c.Clear();
            c.Add(space);
        }
    }

    /// <summary>
    /// Give <paramref name="space"/> a current copy of the fields for <paramref name="consumer"/> (a name for the
    /// report, e.g. "fix 1 nvt"); returns whether anything was copied. <paramref name="report"/> receives one line
    /// the first time a consumer forces a copy of a field.
    /// </summary>
    public bool Sync(Atoms atoms, ExecutionSpace space, AtomFields fields, string consumer, Action<string>? report = null)
    {
        if (!UsesDevice && space.IsHost) return false;
        UsesDevice = true;
        bool copied = false;
        for (int k = 0; k < FieldCount; k++)
        {
            var f = (AtomFields)(1 << k);
            var c = _current[k];
            if ((fields & f) == 0 || c.Contains(space)) continue;
            var from = c[0];
            // through the host: a device copy comes back first, then goes out to the destination
            if (!c.Contains(HostSpace.Instance))
            {
                from.CopyToHost(atoms, f);
                c.Add(HostSpace.Instance);
            }
            if (!space.IsHost)
            {
                space.CopyFromHost(atoms, f);
                c.Add(space);
            }
            copied = true;
            string key = $"{f} to {space.Name}";
            Transfers[key] = Transfers.GetValueOrDefault(key) + 1;
            if (report != null && _reported.Add($"{consumer}|{f}|{space.Name}"))
                report($"NOTE: {consumer} needs {f} on the {space.Name}: copied from the {from.Name} when it runs");
        }
        return copied;
    }

    private static int Index(AtomFields f)
    {
        int v = (int)f;
        if (v == 0 || (v & (v - 1)) != 0) throw new ArgumentException($"one field expected, got {f}");
        return System.Numerics.BitOperations.TrailingZeroCount(v);
    }
}
