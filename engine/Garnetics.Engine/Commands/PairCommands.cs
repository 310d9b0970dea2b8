namespace Garnetics.Engine.Commands;

[Command("pair_style", Syntax = "pair_style STYLE args",
    Help = """
        Choose the pair potential. `garnetics help pair_style/NAME` (or `help NAME`) prints a style's own help;
        `garnetics --help` lists the styles.
        """)]
public sealed class PairStyleCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        if (args[0] == "none") { sim.Pair = null; sim.PairCommands.Clear(); return; }
        var p = sim.CreateStyle<PairStyle>(StyleKind.Pair, args[0], args, 0, out string name);
        p.Sim = sim;
        p.StyleName = name;
        // LAMMPS keeps coefficients when re-issuing the same style; a new style starts fresh
        if (sim.Pair != null && sim.Pair.GetType() == p.GetType() && sim.Pair.StyleName == p.StyleName)
        {
            sim.Pair.Settings(args.Skip(1));
            sim.PairCommands.Add(Record(args));
            return;
        }
        p.Settings(args.Skip(1));
        sim.Pair = p;
        sim.PairCommands.Clear();
        sim.PairCommands.Add(Record(args));
    }

    /// <summary>The command as issued (name first), for write_restart.</summary>
    internal static string[] Record(CommandArgs args) => [args.Command, .. args.Words.Select(w => w.Text)];
}

[Command("pair_coeff", Syntax = "pair_coeff I J coefficients...",
    Help = """
        Set pair coefficients for type pairs I,J (N, *, N*, *M, N*M). Meaning of the coefficients depends on the pair
        style.
        """)]
public sealed class PairCoeffCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        sim.RequireBox(args);
        if (sim.Pair == null) throw args.Error("pair_coeff before pair_style: define the pair style first");
        args.Require(2, -1);
        sim.Pair.Coeff(args);
        sim.PairCommands.Add(PairStyleCommand.Record(args));
    }
}

[Command("pair_modify", Syntax = "pair_modify shift yes|no | mix geometric|arithmetic | table N",
    Help = """
        Modify the pair style: shift yes makes energies zero at the cut-off; mix sets the mixing rule for I,J
        coefficients not set explicitly.
        """)]
public sealed class PairModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        if (sim.Pair == null) throw args.Error("pair_modify before pair_style: define the pair style first");
        args.Require(1, -1);
        sim.Pair.Modify(args);
        sim.PairCommands.Add(PairStyleCommand.Record(args));
    }
}
