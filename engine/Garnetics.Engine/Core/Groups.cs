namespace Garnetics.Engine.Core;

/// <summary>Named atom groups as bits of the per-atom mask (LAMMPS semantics: at most 32 groups, "all" is bit 0).</summary>
public sealed class Groups
{
    public const int MaxGroups = 32;
    private readonly string?[] _names = new string?[MaxGroups];

    public Groups() => _names[0] = "all";

    public int Find(string name)
    {
        for (int i = 0; i < MaxGroups; i++) if (_names[i] == name) return i;
        return -1;
    }

    public int Bit(int index) => 1 << index;

    public int FindOrCreate(string name)
    {
        int g = Find(name);
        if (g >= 0) return g;
        for (int i = 0; i < MaxGroups; i++)
            if (_names[i] == null) { _names[i] = name; return i; }
        throw new GarneticsException($"too many groups (at most {MaxGroups}), cannot create '{name}'");
    }

    public void Delete(string name)
    {
        int g = Find(name);
        if (g == 0) throw new GarneticsException("cannot delete group 'all'");
        if (g > 0) _names[g] = null;
    }

    public IEnumerable<string> Names => _names.Where(n => n != null)!;

    public void Clear()
    {
        Array.Clear(_names);
        _names[0] = "all";
    }

    /// <summary>The bit of the group named by word i of a command (an unknown group is an error at that word).</summary>
    public int BitOf(CommandArgs args, int i) => BitOf(args[i], args.LocationOf(i));

    /// <summary>Group bit for a name, or a clear error.</summary>
    public int BitOf(string name, SourceLocation? loc = null)
    {
        int g = Find(name);
        if (g < 0) throw new GarneticsException($"unknown group '{name}'", loc, name);
        return 1 << g;
    }

    internal string?[] RawNames => _names;
}
