namespace Garnetics.Engine;

/// <summary>The deck interpreter's view of the simulation (IInterpreterHost): commands, thermo keywords and group functions in expressions.</summary>
public sealed partial class Simulation
{
    public void ExecuteCommand(CommandArgs args)
    {
        var entry = Registry.Find(StyleKind.Command, args.Command)
            ?? throw new GarneticsException($"unknown command '{args.Command}'", args.Location, args.Command);
        var cmd = (ICommand)entry.Create();
        // deck commands run on the host
        if (Atoms.Sync.UsesDevice) HostSync(Backend.AtomFields.All, $"command {args.Command}", Backend.AtomFields.All);
        cmd.Execute(this, args);
    }

    public bool TryEvaluateKeyword(string name, SourceLocation loc, out double value) =>
        Thermo.TryEvaluate(name, loc, out value);

    public bool TryEvaluateGroupFunction(string function, IReadOnlyList<string> args, SourceLocation loc, out double value)
    {
        value = 0;
        if (args.Count < 1) return false;
        int g = Groups.Find(args[0]);
        if (g < 0) throw new GarneticsException($"unknown group '{args[0]}' in {function}()", loc, args[0]);
        int bit = 1 << g;
        switch (function)
        {
            case "count": value = GroupCount(bit); return true;
            case "mass": value = GroupMass(bit); return true;
            default: return false;
        }
    }
}
