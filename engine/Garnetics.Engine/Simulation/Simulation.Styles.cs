namespace Garnetics.Engine;

/// <summary>Style creation with the backend suffix, and the host side of the execution-space seam.</summary>
public sealed partial class Simulation
{
    /// <summary>Style suffix (-sf NAME, `suffix NAME`): new pair, fix, compute and kspace styles are looked up as NAME-suffixed variants first.</summary>
    public string? Suffix { get; set; }
    /// <summary>`suffix off` / `suffix on` switch the suffix off and on without forgetting it.</summary>
    public bool SuffixEnabled { get; set; } = true;
    private readonly HashSet<string> _suffixNotes = [];

    /// <summary>
    /// Create a style for a deck command, applying the suffix (LAMMPS -sf): with suffix gpu, `pair_style nep` makes
    /// nep/gpu when that style exists and its execution space is loaded; otherwise the host style, with one line in
    /// the log saying so. An explicitly suffixed name (nep/gpu) is used as given.
    /// </summary>
    public T CreateStyle<T>(StyleKind kind, string name, CommandArgs args, int word, out string chosen) where T : class
    {
        chosen = name;
        if (Suffix is { } sf && SuffixEnabled && kind is StyleKind.Pair or StyleKind.Fix or StyleKind.Compute or StyleKind.KSpace
            && !name.EndsWith("/" + sf, StringComparison.Ordinal))
        {
            var space = Backend.ExecutionSpace.ForSuffix(sf);
            var variant = Registry.Find(kind, $"{name}/{sf}");
            if (variant != null && space != null)
            {
                chosen = variant.Name;
                return Registry.Create<T>(kind, variant.Name, args, word);
            }
            if (Registry.Find(kind, name) != null && _suffixNotes.Add($"{kind}|{name}"))
                Print(variant == null
                    ? $"NOTE: suffix {sf}: {StyleRegistry.KindWord(kind)} {name} has no {name}/{sf}; using the host style"
                    : $"NOTE: suffix {sf}: {StyleRegistry.KindWord(kind)} {name}/{sf} exists but no {sf} execution space is loaded; using the host style");
        }
        return Registry.Create<T>(kind, name, args, word);
    }

    /// <summary>
    /// Make the per-atom fields current on the host before host code named <paramref name="consumer"/> reads them, and
    /// record the ones it may write (<paramref name="modifies"/>); a no-op unless a device space is in use.
    /// </summary>
    public void HostSync(Backend.AtomFields fields, string consumer, Backend.AtomFields modifies = Backend.AtomFields.None)
    {
        if (!Atoms.Sync.UsesDevice) return;
        Atoms.Sync.Sync(Atoms, Backend.HostSpace.Instance, fields, consumer, line => Print(line));
        if (modifies != Backend.AtomFields.None) Atoms.Sync.Modified(Backend.HostSpace.Instance, modifies);
    }
}
