namespace Garnetics.Engine.Styles;

/// <summary>
/// What fixes, computes and dumps have in common: an instance of a style with an ID, acting on a group of atoms
/// (`fix|compute|dump ID GROUP STYLE ...`), configured from its command's arguments and changed later by keywords of
/// fix_modify, compute_modify or dump_modify.
/// </summary>
public abstract class GroupStyle
{
    public Simulation Sim { get; internal set; } = null!;
    public string Id { get; internal set; } = "";
    public string GroupName { get; internal set; } = "all";
    public int GroupBit { get; internal set; } = 1;
    public string StyleName { get; internal set; } = "";

    /// <summary>Attach a newly created instance to the simulation under its ID, group and style name.</summary>
    internal void Attach(Simulation sim, string id, string group, int groupBit, string style)
    {
        Sim = sim;
        Id = id;
        GroupName = group;
        GroupBit = groupBit;
        StyleName = style;
    }

    /// <summary>The arguments after `fix|compute ID GROUP STYLE` (dumps: after `dump ID GROUP STYLE N`).</summary>
    public abstract void Configure(CommandArgs args);

    /// <summary>A fix_modify, compute_modify or dump_modify keyword at i: the index after its values, or -1 if unknown.</summary>
    public virtual int Modify(CommandArgs args, int i) => -1;

    public virtual void Init() { }

    /// <summary>
    /// The *_modify keywords from word <paramref name="start"/> on, each through <see cref="Modify"/>; one that Modify
    /// does not know goes to <paramref name="unknown"/>, which returns the index after it or throws.
    /// </summary>
    internal void ModifyAll(CommandArgs args, int start, Func<int, int> unknown)
    {
        for (int i = start; i < args.Count;)
        {
            int next = Modify(args, i);
            i = next < 0 ? unknown(i) : next;
        }
    }

    protected bool InGroup(int i) => (Sim.Atoms.Mask[i] & GroupBit) != 0;
}
