namespace Garnetics.Engine.Commands;

[Command("fix", Syntax = "fix ID GROUP STYLE args",
    Help = """
        Add (or replace, when the ID exists with the same style) a fix: an operation applied during runs, such as time
        integration (nve, nvt, npt), thermostats or momentum removal.
        """)]
public sealed class FixCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3, -1, "ID group style args");
        sim.RequireBox(args);
        string id = args[0];
        ValidateId(args, 0, "fix");
        int bit = sim.Groups.BitOf(args, 1);
        var fix = sim.CreateStyle<Fix>(StyleKind.Fix, args[2], args, 2, out string style);
        fix.Attach(sim, id, args[1], bit, style);
        fix.Location = args.Location;
        var old = sim.FindFix(id);
        if (old != null && old.StyleName != fix.StyleName)
            throw args.Error(2, $"fix ID '{id}' already exists with style {old.StyleName}; use unfix first to change its style");
        fix.Configure(args.Skip(3));
        // state saved by write_restart for a fix with this ID and style (read_restart)
        if (sim.PendingFixStates.Remove((id, fix.StyleName), out var state)) fix.ReadRestart(state);
        if (old != null) sim.Fixes[sim.Fixes.IndexOf(old)] = fix;
        else sim.Fixes.Add(fix);
    }

    internal static void ValidateId(CommandArgs args, int i, string what)
    {
        var id = args[i];
        if (id.Length == 0 || !id.All(c => char.IsLetterOrDigit(c) || c == '_'))
            throw args.Error(i, $"{what} ID '{id}' must contain only letters, digits and underscores");
    }
}

[Command("unfix", Syntax = "unfix ID", Help = "Delete a fix (and the temperature and pressure computes it created, ID_temp and ID_press).")]
public sealed class UnfixCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        var f = sim.FindFix(args[0]) ?? throw args.Error(0, $"could not find fix ID '{args[0]}' to delete");
        sim.Fixes.Remove(f);
        foreach (var c in sim.Computes.Keys.Where(k => k.StartsWith(f.Id + "_", StringComparison.Ordinal)).ToList())
            sim.Computes.Remove(c);
    }
}

[Command("fix_modify", Syntax = "fix_modify ID keyword value ...", Help = "Change options of a fix (e.g. temp and press compute IDs of thermostats and barostats).")]
public sealed class FixModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3, -1);
        var f = sim.FindFix(args[0]) ?? throw args.Error(0, $"could not find fix_modify fix ID '{args[0]}'");
        f.ModifyAll(args, 1, i =>
        {
            if (args[i] is not ("energy" or "virial"))
                throw args.Error(i, $"fix {f.Id} ({f.StyleName}) does not accept fix_modify keyword '{args[i]}'");
            args.YesNo(i + 1);
            return i + 2;
        });
    }
}

[Command("compute", Syntax = "compute ID GROUP STYLE args", Help = """
    Define a compute: a quantity calculated on demand (temp, pe, ke, pressure; per-atom: ke/atom, pe/atom,
    stress/atom for dump custom c_ID[i]; reduce; ...).
    """)]
public sealed class ComputeCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3, -1, "ID group style args");
        sim.RequireBox(args);
        FixCommand.ValidateId(args, 0, "compute");
        if (sim.Computes.ContainsKey(args[0])) throw args.Error(0, $"compute ID '{args[0]}' already exists");
        int bit = sim.Groups.BitOf(args, 1);
        var c = sim.CreateStyle<Compute>(StyleKind.Compute, args[2], args, 2, out string style);
        c.Attach(sim, args[0], args[1], bit, style);
        c.Location = args.LocationOf(2);
        c.Configure(args.Skip(3));
        sim.Computes[c.Id] = c;
    }
}

[Command("uncompute", Syntax = "uncompute ID", Help = "Delete a compute; thermo or fixes that still reference it fail at the next run.")]
public sealed class UncomputeCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        if (!sim.Computes.Remove(args[0], out var c)) throw args.Error(0, $"could not find compute ID '{args[0]}' to delete");
        c.Removed();
    }
}

[Command("compute_modify", Syntax = "compute_modify ID keyword value ...", Help = "Change options of a compute (extra/dof for temperature computes).")]
public sealed class ComputeModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3, -1);
        var c = sim.FindCompute(args[0]) ?? throw args.Error(0, $"could not find compute_modify compute ID '{args[0]}'");
        c.ModifyAll(args, 1, i => throw args.Error(i, $"compute {c.Id} ({c.StyleName}) does not accept compute_modify keyword '{args[i]}'"));
    }
}
