namespace Garnetics.Engine.Commands;

[Command("units", Syntax = "units metal|lj",
    Help = """
        Set the unit system. metal: Angstrom, ps, eV, g/mol, e, K, bar (LAMMPS constants: kB = 8.617343e-5 eV/K, qqr2e =
        14.399645). lj: reduced units. Must come before the box is defined; any other unit style is an error.
        """)]
public sealed class UnitsCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        var u = Units.FromName(args[0]) ?? throw args.Error(0,
            $"unsupported unit style '{args[0]}' (Garnetics supports {string.Join(", ", Units.Supported)})");
        if (sim.Box.Defined) throw args.Error(0, "units must be set before the simulation box is defined");
        sim.SetUnits(u);
    }
}

[Command("atom_style", Syntax = "atom_style atomic|charge",
    Help = "Per-atom attributes: atomic (id type x y z) or charge (id type q x y z). Must come before the box is defined.")]
public sealed class AtomStyleCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        var s = args.Choice(0, "atomic", "charge");
        if (sim.Box.Defined) throw args.Error(0, "atom_style must be set before the simulation box is defined");
        sim.Atoms.Style = s;
    }
}

[Command("atom_modify", Syntax = "atom_modify map array|hash|yes | sort N binsize | id yes",
    Help = "Accepted for LAMMPS compatibility; Garnetics keeps a tag map internally and does not sort atoms in this version.")]
public sealed class AtomModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        for (int i = 0; i < args.Count;)
        {
            switch (args[i])
            {
                case "map": args.Choice(i + 1, "array", "hash", "yes"); i += 2; break;
                case "sort": args.Int(i + 1, "sort frequency"); args.Double(i + 2, "sort bin size"); i += 3; break;
                case "id": args.YesNo(i + 1); i += 2; break;
                case "first": args.Str(i + 1); i += 2; break;
                default: throw args.Error(i, $"unknown atom_modify keyword '{args[i]}'");
            }
        }
    }
}

[Command("dimension", Syntax = "dimension 3", Help = "Only 3d simulations are supported.")]
public sealed class DimensionCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        if (args.Int(0) != 3) throw args.Error(0, "only dimension 3 is supported");
    }
}

[Command("newton", Syntax = "newton on|off", Help = """
    Accepted for compatibility: Garnetics always uses Newton's third law for pair forces across ghost atoms
    (LAMMPS's default).
    """)]
public sealed class NewtonCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 2);
        for (int i = 0; i < args.Count; i++) args.YesNo(i, "newton flag");
    }
}

[Command("box", Syntax = "box tilt small|large",
    Help = """
        LAMMPS's box command: tilt small (default) makes tilt factors beyond |xy/lx|, |xz/lx|, |yz/ly| = 0.5 an error
        when a triclinic box is read (read_data of a LAMMPS data file) or changed (change_box); tilt large makes them a
        warning. Must come before the box is defined.
        """)]
public sealed class BoxCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, 2, "box tilt small|large");
        if (sim.Box.Defined) throw args.Error(0, "box must be set before the simulation box is defined");
        if (args[0] != "tilt") throw args.Error(0, $"unknown box keyword '{args[0]}' (expected tilt)");
        sim.TiltLarge = args.Choice(1, "small", "large") == "large";
    }
}

[Command("boundary", Syntax = "boundary p p p",
    Help = """
        Boundary conditions per dimension. Only periodic (p p p) is supported in this version; other styles are a clear
        error.
        """)]
public sealed class BoundaryCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3);
        if (sim.Box.Defined) throw args.Error(0, "boundary must be set before the simulation box is defined");
        for (int i = 0; i < 3; i++)
            if (args[i] != "p") throw args.Error(i, $"boundary '{args[i]}' is not supported: only periodic boundaries (p p p) are available");
    }
}

[Command("mass", Syntax = "mass I value",
    Help = "Set the mass of atom type(s) I (N, *, N*, *M or N*M) in mass units (g/mol in metal units). Must be positive.")]
public sealed class MassCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2);
        sim.RequireBox(args);
        var (lo, hi) = args.TypeRange(0, sim.Atoms.NTypes);
        double m = args.Double(1, "mass");
        if (m <= 0) throw args.Error(1, $"mass must be positive, got {m}");
        for (int t = lo; t <= hi; t++) { sim.Atoms.Mass[t] = m; sim.Atoms.MassSet[t] = true; }
    }
}

[Command("timestep", Syntax = "timestep dt",
    Help = "Set the MD time step in time units (ps for metal; default 0.001 ps metal, 0.005 tau lj).")]
public sealed class TimestepCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1);
        double dt = args.Double(0, "timestep");
        if (!(dt > 0)) throw args.Error(0, $"timestep must be positive, got {args[0]}");
        sim.ATime = sim.Time;
        sim.ATimeStep = sim.Step;
        sim.Dt = dt;
        sim.DtSet = true;
        foreach (var f in sim.Fixes) f.ResetDt();
    }
}

[Command("reset_timestep", Syntax = "reset_timestep N [time T]",
    Help = "Set the current step number to N (and optionally the simulated time).")]
public sealed class ResetTimestepCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 3);
        long n = args.Long(0, "timestep");
        if (n < 0) throw args.Error(0, "timestep must be >= 0");
        sim.Step = n;
        sim.ATimeStep = n;
        sim.ATime = args.Count == 3 && args[1] == "time" ? args.Double(2, "time") : 0.0;
        foreach (var d in sim.Dumps) d.LastWritten = -1;
    }
}

[Command("neighbor", Syntax = "neighbor skin bin",
    Help = """
        Neighbour-list skin distance (added to the force cut-off) and style (bin). Default skin 2.0 A (metal), 0.3 sigma
        (lj).
        """)]
public sealed class NeighborCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2);
        double skin = args.Double(0, "skin");
        if (skin < 0) throw args.Error(0, "neighbor skin must be >= 0");
        args.Choice(1, "bin", "nsq", "multi");
        sim.Neighbor.Skin = skin;
    }
}

[Command("neigh_modify", Syntax = "neigh_modify every N delay N check yes|no once yes|no",
    Help = """
        When to rebuild neighbour lists: every N steps after at least delay steps since the last build; with check yes
        only if some atom moved more than half the skin (LAMMPS defaults: every 1 delay 0 check yes).
        """)]
public sealed class NeighModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        var n = sim.Neighbor;
        for (int i = 0; i < args.Count;)
        {
            switch (args[i])
            {
                case "every":
                    n.Every = args.Int(i + 1, "every");
                    if (n.Every <= 0) throw args.Error(i + 1, "neigh_modify every must be > 0");
                    i += 2; break;
                case "delay":
                    n.Delay = args.Int(i + 1, "delay");
                    if (n.Delay < 0) throw args.Error(i + 1, "neigh_modify delay must be >= 0");
                    i += 2; break;
                case "check": n.Check = args.YesNo(i + 1, "check"); i += 2; break;
                case "once": n.Once = args.YesNo(i + 1, "once"); i += 2; break;
                case "page": case "one": case "cluster": args.Str(i + 1); i += 2; break;
                case "binsize": args.Double(i + 1, "binsize"); i += 2; break;
                default: throw args.Error(i, $"unknown neigh_modify keyword '{args[i]}' (expected every, delay, check, once)");
            }
        }
    }
}

[Command("comm_modify", Syntax = "comm_modify cutoff X | vel yes|no",
    Help = "Accepted for compatibility: in serial Garnetics sizes the ghost layer from the neighbour cut-off automatically.")]
public sealed class CommModifyCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        for (int i = 0; i < args.Count;)
        {
            switch (args[i])
            {
                case "cutoff": args.Double(i + 1, "cutoff"); i += 2; break;
                case "vel": args.YesNo(i + 1); i += 2; break;
                case "mode": args.Choice(i + 1, "single", "multi"); i += 2; break;
                default: throw args.Error(i, $"unknown comm_modify keyword '{args[i]}'");
            }
        }
    }
}

[Command("processors", Syntax = "processors * * *", Help = "Accepted for compatibility (the MPI grid is chosen automatically).")]
public sealed class ProcessorsCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args) => args.Require(3, -1);
}

[Command("log", Syntax = "log file [append] | log none",
    Help = "Close the current log file and open a new one (truncated unless append).")]
public sealed class LogCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, 2);
        var old = sim.Log;
        bool owned = sim.LogPath != null;
        sim.Log = null;
        sim.LogPath = null;
        if (old is OutputFile f && owned) f.Close(throwOnError: true);
        else old?.Flush();
        if (args[0] == "none") return;
        bool append = args.Count == 2 && args.Choice(1, "append") == "append";
        sim.Log = OutputFile.Open(args[0], append, "log file", args.LocationOf(0));
        sim.LogPath = args[0];
    }
}
