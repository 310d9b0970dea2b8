using Garnetics.Engine.Commands;

namespace Garnetics.Engine.Output;

[Command("dump", Syntax = "dump ID group style N file args",
    Help = """
        Write per-atom snapshots every N steps (and at the setup of a run when the step is a multiple of N) to file.
        Styles: custom (chosen columns), atom (id type xs ys zs), xyz, extxyz. The file is opened at the first snapshot
        (truncated unless dump_modify append yes); a '*' in the name writes one file per snapshot with '*' replaced by
        the step. Compressed (.gz) files are not supported. See dump_modify for options and undump to stop.
        """)]
public sealed class DumpCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(5, -1, "ID group style N file args");
        sim.RequireBox(args);
        FixCommand.ValidateId(args, 0, "dump");
        if (sim.Dumps.Any(d => d.Id == args[0]))
            throw args.Error(0, $"dump ID '{args[0]}' already exists (use undump first to redefine it)");
        var d = Create(sim, args[0], args, 1, 2);
        long n = args.Long(3, "dump frequency N");
        if (n <= 0 || n > int.MaxValue) throw args.Error(3, $"dump frequency must be a positive integer, got {args[3]}");
        d.Every = (int)n;
        d.Configure(args.Skip(4));
        sim.Dumps.Add(d);
    }

    /// <summary>Instantiate and attach a dump style (group at word g, style at word s).</summary>
    internal static Dump Create(Simulation sim, string id, CommandArgs args, int g, int s)
    {
        int bit = sim.Groups.BitOf(args, g);
        var d = sim.Registry.Create<Dump>(StyleKind.Dump, args[s], args, s);
        d.Attach(sim, id, args[g], bit, args[s]);
        return d;
    }

    internal static void ApplyModify(Dump d, CommandArgs args, int start)
    {
        d.ModifyAll(args, start, i => throw args.Error(i, $"dump {d.Id} ({d.StyleName}) does not accept dump_modify keyword '{args[i]}' " +
                                                        "(known: append, flush, first, every, sort, element, format and style-specific ones)"));
    }
}

[Command("undump", Syntax = "undump ID", Help = "Stop a dump: its file is flushed and closed.")]
public sealed class UndumpCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        var d = sim.Dumps.FirstOrDefault(x => x.Id == args[0]) ?? throw args.Error(0, $"could not find dump ID '{args[0]}' to delete");
        d.Close();
        sim.Dumps.Remove(d);
    }
}

[Command("dump_modify", Syntax = "dump_modify ID keyword value ...",
    Help = """
        Change dump options. sort off|id|N|-N (by atom ID or column N ascending/descending); format line "fmt ..." | int
        fmt | float fmt | N fmt | none (C printf formats); element E1 E2 ... (one name per type); every N; first yes|no
        (also write at the first setup when the step is not a multiple of N); append yes|no (append to an existing file
        instead of truncating); flush yes|no (flush after each snapshot, default yes). atom: scale yes|no, image yes|no.
        extxyz: vel yes|no, forces yes|no.
        """)]
public sealed class DumpModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1, "ID keyword value ...");
        var d = sim.Dumps.FirstOrDefault(x => x.Id == args[0]) ?? throw args.Error(0, $"could not find dump_modify dump ID '{args[0]}'");
        DumpCommand.ApplyModify(d, args, 1);
    }
}

[Command("write_dump", Syntax = "write_dump group style file args [modify keyword value ...]",
    Help = """
        Write one snapshot of the current state now, with any dump style and its arguments; words after 'modify' are
        dump_modify keywords. A '*' in the file name is replaced by the current step. The file is overwritten unless
        modify append yes.
        """)]
public sealed class WriteDumpCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3, -1, "group style file args [modify ...]");
        sim.RequireBox(args);
        int m = -1;
        for (int i = 3; i < args.Count; i++) if (args[i] == "modify") { m = i; break; }
        var d = DumpCommand.Create(sim, "WRITE_DUMP", args, 0, 1);
        d.Every = 1;
        var styleArgs = new CommandArgs(args.Command, args.Words.Skip(2).Take((m < 0 ? args.Count : m) - 2).ToList(), args.LocationOf(2));
        d.Configure(styleArgs);
        if (m >= 0) DumpCommand.ApplyModify(d, args, m + 1);
        try
        {
            d.Init();
            d.Write(sim.Step);
        }
        finally
        {
            d.Close();
        }
    }
}
