using System.Diagnostics;
using Garnetics.Engine.Comm;
using Garnetics.Engine.Input;
using Garnetics.Engine.Output;

namespace Garnetics.Engine;

/// <summary>
/// One simulation instance (LAMMPS's `lmp`): units, box, atoms, groups, communicator, neighbour lists, the pair
/// style, fixes, computes, dumps and thermo output, plus the velocity-Verlet run loop.
/// </summary>
public sealed partial class Simulation : IInterpreterHost
{
    public Units Units { get; private set; } = Units.Lj;
    public Box Box { get; private set; } = new();
    public Atoms Atoms { get; private set; } = new();
    public Groups Groups { get; private set; } = new();
    public ICommunicator Comm { get; }
    public NeighborManager Neighbor { get; private set; }
    public StyleRegistry Registry { get; }
    public PairStyle? Pair { get; set; }
    /// <summary>Long-range electrostatics (kspace_style), evaluated after the pair style each step.</summary>
    public KSpaceStyle? KSpace { get; set; }
    public List<Fix> Fixes { get; } = [];
    public Dictionary<string, Compute> Computes { get; } = new(StringComparer.Ordinal);
    public List<Dump> Dumps { get; } = [];
    public Thermo Thermo { get; private set; }
    /// <summary>pair_style / pair_coeff / pair_modify commands as issued since the current pair style was chosen
    /// (command name first), so that write_restart can store them and read_restart can replay them.</summary>
    public List<string[]> PairCommands { get; } = [];
    /// <summary>Fix states read by read_restart, keyed by fix ID and style, handed to a fix defined later with the same ID and style.</summary>
    public Dictionary<(string Id, string Style), byte[]> PendingFixStates { get; } = [];
    /// <summary>Neighbour state read by read_restart, consumed by the next setup to rebuild the exact lists of the original run.</summary>
    public RestartNeighborState? PendingNeighbor { get; set; }
    /// <summary>Named objects created by commands (regions, lattice) keyed by kind and name.</summary>
    public Dictionary<string, object> Objects { get; } = new(StringComparer.Ordinal);

    /// <summary>`box tilt large`: tilt factors beyond LAMMPS's limit are a warning instead of an error.</summary>
    public bool TiltLarge { get; set; }

    /// <summary>
    /// LAMMPS's tilt check of a new or changed box: beyond |xy/lx|, |xz/lx|, |yz/ly| = 0.5 an error ("Triclinic box
    /// skew is too large"), or a warning after `box tilt large`, or when <paramref name="warnOnly"/> (cells read from
    /// structure files, whose cell vectors are the file's choice).
    /// </summary>
    public void CheckSkew(SourceLocation? at, bool warnOnly = false)
    {
        if (Box.SkewTooLarge() is not { } why) return;
        if (TiltLarge || warnOnly) { Print($"WARNING: triclinic box skew is large ({why})"); return; }
        throw new GarneticsException($"triclinic box skew is too large: {why} (LAMMPS's limit; `box tilt large` before the box allows it)", at);
    }

    public double Dt { get; set; }
    public bool DtSet { get; set; }
    public long Step { get; set; }
    /// <summary>Steps of the current run: first and last step (LAMMPS update->firststep/laststep).</summary>
    public long FirstStep { get; internal set; }
    public long LastStep { get; internal set; }
    /// <summary>`run N start/stop` bounds used by time-dependent fixes (LAMMPS beginstep/endstep).</summary>
    public long BeginStep { get; set; }
    public long EndStep { get; set; }
    /// <summary>Simulated time at the last reset_timestep or dt change (LAMMPS atime/atimestep).</summary>
    public double ATime { get; set; }
    public long ATimeStep { get; set; }
    public double Time => ATime + (Step - ATimeStep) * Dt;

    public int Threads { get; set; } = Environment.ProcessorCount;

    public TextWriter? Screen { get; set; } = Console.Out;
    public TextWriter? Log { get; set; }
    public string? LogPath { get; set; }
    /// <summary>Variable lookup and expression evaluation (set by the deck interpreter).</summary>
    public IVariableProvider? Variables { get; set; }
    public bool Running { get; internal set; }
    /// <summary>Counts runs (incremented at each run's start and each rerun snapshot): with Step, identifies a state for computes that cache results per step.</summary>
    public long RunIndex { get; internal set; }
    /// <summary>
    /// Incremented by each consumer of compute results (a thermo line, a fix ave/time sample, a fix print) before it
    /// evaluates them (LAMMPS clearstep_compute): a compute with state (compute msd average yes) is invoked once per consumer
    /// evaluation, and returns its cached result to further references within the same evaluation.
    /// </summary>
    public long ComputeEpoch { get; private set; }
    public void ClearStepComputes() => ComputeEpoch++;
    public bool Minimizing { get; internal set; }

    /// <summary>Whether this step's force evaluation tallies energy / virial.</summary>
    public bool EFlag { get; private set; }
    public bool VFlag { get; private set; }
    /// <summary>Step at which energy and virial were last tallied.</summary>
    public long EnergyStep { get; private set; } = -1;

    public readonly Stopwatch Wall = Stopwatch.StartNew();
    public Timers Timers { get; } = new();
    /// <summary>Reports progress of long runs (set by the CLI on an interactive terminal).</summary>
    public Action<long, long, TimeSpan>? Progress { get; set; }

    public Simulation(ICommunicator? comm = null, StyleRegistry? registry = null)
    {
        Comm = comm ?? new SerialComm();
        Registry = registry ?? StyleRegistry.Default;
        Neighbor = new NeighborManager(Units.DefaultSkin);
        Dt = Units.DefaultTimestep;
        Thermo = new Thermo(this);
    }

    // ---------------------------------------------------------------- state changes

    public void SetUnits(Units u)
    {
        if (Box.Defined) throw new GarneticsException("units must be set before the simulation box is defined");
        Units = u;
        Dt = u.DefaultTimestep;
        Neighbor.Skin = u.DefaultSkin;
        Thermo.SetDefaults();
    }

    /// <summary>The `clear` command: fresh state, keeping variables, threads and output streams.</summary>
    public void Clear()
    {
        foreach (var d in Dumps) d.Close();
        Dumps.Clear();
        Fixes.Clear();
        Computes.Clear();
        Objects.Clear();
        Pair = null;
        PairCommands.Clear();
        PendingFixStates.Clear();
        PendingNeighbor = null;
        Units = Units.Lj;
        Box = new Box();
        Atoms = new Atoms();
        Groups = new Groups();
        Neighbor = new NeighborManager(Units.DefaultSkin);
        Dt = Units.DefaultTimestep;
        DtSet = false;
        TiltLarge = false;
        Step = 0;
        ATime = 0;
        ATimeStep = 0;
        Thermo = new Thermo(this);
    }

    public void RequireBox(CommandArgs args)
    {
        if (!Box.Defined) throw args.Error($"'{args.Command}' needs a simulation box: use read_data, create_box or read_restart first");
    }

    public Fix? FindFix(string id) => Fixes.FirstOrDefault(f => f.Id == id);
    public Compute? FindCompute(string id) => Computes.GetValueOrDefault(id);

    /// <summary>Add a compute programmatically (thermo and fixes create their own temp/pressure computes).</summary>
    public T AddCompute<T>(string id, string group, string style, params string[] args) where T : Compute
    {
        var c = Registry.Create<Compute>(StyleKind.Compute, style, CommandArgs.Of("compute", style), 0) as T
            ?? throw new GarneticsException($"compute style {style} is not a {typeof(T).Name}");
        c.Attach(this, id, group, Groups.BitOf(group), style);
        c.Configure(CommandArgs.Of("compute", args));
        Computes[id] = c;
        return c;
    }

    public void Print(string text, bool screen = true, bool log = true)
    {
        if (Comm.Rank != 0) return;
        if (screen) Screen?.WriteLine(text);
        if (log) Log?.WriteLine(text);
    }
}
