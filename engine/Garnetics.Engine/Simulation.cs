using System.Diagnostics;
using Garnetics.Engine.Comm;
using Garnetics.Engine.Core;
using Garnetics.Engine.Input;
using Garnetics.Engine.Neighbor;
using Garnetics.Engine.Output;
using Garnetics.Engine.Potentials;
using Garnetics.Engine.Styles;

namespace Garnetics.Engine;

/// <summary>
/// One simulation instance (LAMMPS's `lmp`): units, box, atoms, groups, communicator, neighbour lists, the pair
/// style, fixes, computes, dumps and thermo output, plus the velocity-Verlet run loop.
/// </summary>
public sealed class Simulation : IInterpreterHost
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
    /// <summary>Extra energy terms (kspace etc.) contributed by other components.</summary>
    public List<IForceContributor> ForceContributors { get; } = [];

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
        ForceContributors.Clear();
        Units = Units.Lj;
        Box = new Box();
        Atoms = new Atoms();
        Groups = new Groups();
        Neighbor = new NeighborManager(Units.DefaultSkin);
        Dt = Units.DefaultTimestep;
        DtSet = false;
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
        c.Sim = this;
        c.Id = id;
        c.GroupName = group;
        c.GroupBit = Groups.BitOf(group);
        c.StyleName = style;
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

    // ---------------------------------------------------------------- setup and run

    /// <summary>
    /// Prepare for a run or minimization (LAMMPS init() + setup()). <paramref name="extraPerAtom"/>: per-atom tallies
    /// wanted by the caller in the set-up's force evaluation besides those of dumps and thermo (the calculator API).
    /// </summary>
    public void Setup(bool minimize = false, PerAtomTally extraPerAtom = PerAtomTally.None)
    {
        if (!Box.Defined) throw new GarneticsException("run: no simulation box is defined");
        Atoms.CheckMasses();
        if (Atoms.NLocal > 0 && Pair == null && Comm.Rank == 0 && !minimize)
            Print("WARNING: no pair style is defined: atoms feel no forces");
        Box.SetGlobal();
        Neighbor.ClearRequests();
        Neighbor.BoxCheck = Fixes.Any(f => f.ChangesBox);
        // kspace before pair (as LAMMPS): the splitting parameter g_ewald must be known when coul/long styles initialise
        if (KSpace != null)
        {
            if (Pair is not ICoulLongPair)
                throw new GarneticsException($"kspace style {KSpace.StyleName} needs a pair style with a long-range Coulomb part (coul/long, buck/coul/long, born/coul/long, lj/cut/coul/long)");
            KSpace.Init(this);
        }
        if (Pair != null)
        {
            Pair.Init();
            Pair.RequestNeighbors(Neighbor);
            if (Pair.NeedsCharge && !Atoms.HasCharge)
                throw new GarneticsException($"pair style {Pair.StyleName} needs per-atom charges: use atom_style charge");
        }
        foreach (var c in ForceContributors) c.Init(this);
        foreach (var c in Computes.Values) c.Init();
        foreach (var f in Fixes) f.Init();
        foreach (var d in Dumps) d.Init();
        Thermo.Init();

        var pending = PendingNeighbor;
        PendingNeighbor = null;
        if (pending != null && pending.Matches(this)) RestoreNeighbor(pending);
        else Reneighbor(forceBuild: true);
        // the set-up writes dumps when the step is a multiple of their period (or dump_modify first yes)
        ComputeForces(eflag: true, vflag: true, extraPerAtom | (minimize ? ThermoPerAtomRequest() : PerAtomRequest(forceFirst: true, thermoStep: true)));
        EnergyStep = Step;
        if (minimize)
        {
            // LAMMPS setup_minimal: only fixes that act during minimization adjust the initial forces
            foreach (var f in Fixes) if (f.ActiveInMinimize) f.MinPostForce();
        }
        else foreach (var f in Fixes) f.Setup();
    }

    /// <summary>Image counts beyond this mean an atom has flown away (also guards the int image flags).</summary>
    public const int MaxImage = 1 << 28;

    /// <summary>Wrap atoms into the box, migrate, rebuild ghosts and neighbour lists.</summary>
    public void Reneighbor(bool forceBuild = false)
    {
        var sw = Timers.Start();
        var x = Atoms.X;
        var img = Atoms.Image;
        for (int i = 0; i < Atoms.NLocal; i++)
        {
            double a = x[3 * i], b = x[3 * i + 1], c = x[3 * i + 2];
            if (!double.IsFinite(a) || !double.IsFinite(b) || !double.IsFinite(c))
                throw new GarneticsException(
                    $"lost atoms: atom {Atoms.Tag[i]} has a non-finite position at step {Step} (forces blew up? check the timestep, overlapping atoms, or the potential)");
            Box.Remap(ref x[3 * i], ref x[3 * i + 1], ref x[3 * i + 2], ref img[3 * i], ref img[3 * i + 1], ref img[3 * i + 2]);
            if (Math.Abs(img[3 * i]) > MaxImage || Math.Abs(img[3 * i + 1]) > MaxImage || Math.Abs(img[3 * i + 2]) > MaxImage)
                throw new GarneticsException(
                    $"lost atoms: atom {Atoms.Tag[i]} moved {Math.Max(Math.Abs(img[3 * i]), Math.Max(Math.Abs(img[3 * i + 1]), Math.Abs(img[3 * i + 2])))} box lengths at step {Step} (forces blew up? check the timestep, overlapping atoms, or the potential)");
        }
        Atoms.NGhost = 0;
        Comm.Exchange(Atoms, Box);
        double cutGhost = Math.Max(Neighbor.CutNeigh, Neighbor.Skin);
        Comm.Borders(Atoms, Box, cutGhost);
        Neighbor.Build(Atoms, Threads, Step);
        Neighbor.BuildBox = Box.Clone();
        Timers.Stop(sw, TimerKind.Neigh);
    }

    /// <summary>
    /// First setup after read_restart: rebuild ghosts and neighbour lists from the positions and box of the original
    /// run's last build (so the lists and ghost order are identical to an uninterrupted run), then refresh the ghosts
    /// from the current, unwrapped positions. The current positions are not wrapped (the original run wraps only at rebuilds).
    /// </summary>
    private void RestoreNeighbor(RestartNeighborState st)
    {
        int n3 = 3 * Atoms.NLocal;
        var current = new double[n3];
        Array.Copy(Atoms.X, current, n3);
        Array.Copy(st.XHold, Atoms.X, n3);
        Atoms.NGhost = 0;
        Comm.Exchange(Atoms, st.BuildBox);
        Comm.Borders(Atoms, st.BuildBox, Math.Max(Neighbor.CutNeigh, Neighbor.Skin));
        Neighbor.Build(Atoms, Threads, st.LastBuildStep);
        Neighbor.BuildBox = st.BuildBox.Clone();
        Array.Copy(current, Atoms.X, n3);
        Comm.ForwardComm(Atoms, Box);
        Neighbor.Ago = st.Ago;
    }

    /// <summary>
    /// Clear forces and evaluate all force contributions (pair, long-range, ...), then reverse comm. perAtom asks the
    /// pair and kspace styles for per-atom energies and/or virials as well (see <see cref="PerAtomRequest"/>); they
    /// imply eflag / vflag.
    /// </summary>
    public void ComputeForces(bool eflag, bool vflag, PerAtomTally perAtom = PerAtomTally.None)
    {
        bool eatom = (perAtom & PerAtomTally.Energy) != 0, vatom = (perAtom & PerAtomTally.Virial) != 0;
        eflag |= eatom;
        vflag |= vatom;
        EFlag = eflag;
        VFlag = vflag;
        var sw = Timers.Start();
        Array.Clear(Atoms.F, 0, 3 * Atoms.NAll);
        if (Pair != null)
        {
            Pair.EngVdwl = Pair.EngCoul = 0;
            Array.Clear(Pair.Virial);
            if (eatom || vatom || Pair.EFlagAtom || Pair.VFlagAtom) Pair.BeginPerAtom(eatom, vatom, Atoms.NAll, Atoms.Capacity);
            Pair.Compute(eflag, vflag);
        }
        Timers.Stop(sw, TimerKind.Pair);
        if (KSpace != null)
        {
            sw = Timers.Start();
            if (eatom || vatom || KSpace.EFlagAtom || KSpace.VFlagAtom) KSpace.BeginPerAtom(eatom, vatom, Atoms.NLocal);
            KSpace.Compute(this, eflag, vflag);
            Timers.Stop(sw, TimerKind.KSpace);
        }
        foreach (var c in ForceContributors) c.Compute(this, eflag, vflag);
        sw = Timers.Start();
        Comm.ReverseComm(Atoms);
        if (Pair != null && eatom) Comm.ReverseComm(Pair.EAtom, 1);
        if (Pair != null && vatom) Comm.ReverseComm(Pair.VAtom, 6);
        Timers.Stop(sw, TimerKind.Comm);
        if (eflag) EnergyStep = Step;
        PerAtomEnergyStep = eatom ? Step : -1;
        PerAtomVirialStep = vatom ? Step : -1;
    }

    /// <summary>Step of the last force evaluation that tallied per-atom energies (virials); -1 when the last one did not.</summary>
    public long PerAtomEnergyStep { get; private set; } = -1;
    public long PerAtomVirialStep { get; private set; } = -1;

    /// <summary>
    /// Per-atom tallies needed at the current step by the dumps that write (forceFirst: at a run's set-up, where
    /// dump_modify first applies), from the per-atom computes they use, and, when thermo prints (thermoStep), by the
    /// computes its keywords name (compute reduce over pe/atom, ...).
    /// </summary>
    public PerAtomTally PerAtomRequest(bool forceFirst, bool thermoStep = false)
    {
        var need = PerAtomTally.None;
        foreach (var d in Dumps)
        {
            if (!d.WritesOn(Step, forceFirst)) continue;
            foreach (var c in d.PerAtomComputes) need |= c.PerAtomNeeds;
        }
        if (thermoStep) need |= ThermoPerAtomRequest();
        return need;
    }

    /// <summary>Per-atom tallies needed by the computes that thermo keywords name (c_ID, c_ID[i]).</summary>
    public PerAtomTally ThermoPerAtomRequest()
    {
        var need = PerAtomTally.None;
        foreach (var k in Thermo.Keywords)
        {
            if (!k.StartsWith("c_", StringComparison.Ordinal)) continue;
            int br = k.IndexOf('[');
            if (FindCompute(br < 0 ? k[2..] : k[2..br]) is { } c) need |= c.PerAtomNeeds;
        }
        return need;
    }

    /// <summary>Run N steps of velocity Verlet (the `run` command after its option parsing).</summary>
    public void Run(long nsteps, bool doSetup = true, long? beginStep = null, long? endStep = null, bool preRun = true)
    {
        if (nsteps < 0) throw new GarneticsException($"run: number of steps must be >= 0, got {nsteps}");
        FirstStep = Step;
        LastStep = Step + nsteps;
        BeginStep = beginStep ?? FirstStep;
        EndStep = endStep ?? LastStep;
        if (!Fixes.Any(f => f.TimeIntegrates) && Atoms.NAtoms > 0 && nsteps > 0)
            Print("WARNING: no fixes with time integration, atoms won't move");
        Running = true;
        RunIndex++;
        try
        {
            if (doSetup || preRun) Setup();
            Timers.Reset();
            Neighbor.NumBuilds = 0; // LAMMPS reports the builds during the run, not the set-up one
            Thermo.Header();
            Thermo.Compute(final: nsteps == 0);
            WriteDumps(forceFirst: true);
            // fixed for the run: which fixes need energy or virial tallied on every step
            bool fixesNeedEnergy = Fixes.Any(NeedsEnergy), fixesNeedVirial = Fixes.Any(NeedsVirial);
            var loopTimer = Stopwatch.StartNew();
            var lastProgress = TimeSpan.Zero;
            for (long n = 0; n < nsteps; n++)
            {
                Step++;
                bool thermoStep = Thermo.IsOutputStep(Step) || Step == LastStep;
                bool sampleStep = false;
                foreach (var f in Fixes) sampleStep |= f.NeedsEnergyOn(Step);
                bool needE = thermoStep || fixesNeedEnergy || sampleStep;
                bool needV = thermoStep || fixesNeedVirial || sampleStep;

                var sw = Timers.Start();
                foreach (var f in Fixes) f.InitialIntegrate();
                foreach (var f in Fixes) f.PostIntegrate();
                Timers.Stop(sw, TimerKind.Modify);

                if (Neighbor.Decide(Atoms, Box)) Reneighbor();
                else
                {
                    sw = Timers.Start();
                    Comm.ForwardComm(Atoms, Box);
                    Timers.Stop(sw, TimerKind.Comm);
                }

                foreach (var f in Fixes) f.PreForce();
                ComputeForces(needE, needV, PerAtomRequest(forceFirst: false, thermoStep));

                sw = Timers.Start();
                foreach (var f in Fixes) f.PostForce();
                foreach (var f in Fixes) f.FinalIntegrate();
                foreach (var f in Fixes)
                    if (f.NEvery <= 1 || Step % f.NEvery == 0) f.EndOfStep();
                Timers.Stop(sw, TimerKind.Modify);

                sw = Timers.Start();
                if (thermoStep) Thermo.Compute(final: Step == LastStep);
                WriteDumps(forceFirst: false);
                Timers.Stop(sw, TimerKind.Output);

                if (Progress != null && loopTimer.Elapsed - lastProgress > TimeSpan.FromSeconds(1))
                {
                    lastProgress = loopTimer.Elapsed;
                    Progress(n + 1, nsteps, loopTimer.Elapsed);
                }
            }
            loopTimer.Stop();
            Progress?.Invoke(nsteps, nsteps, loopTimer.Elapsed);
            foreach (var f in Fixes) f.PostRun();
            Thermo.Footer(nsteps, loopTimer.Elapsed.TotalSeconds);
        }
        finally
        {
            Running = false;
            Log?.Flush();
        }
    }

    private static bool NeedsEnergy(Fix f) => f is IEnergyConsumer e && e.NeedsEnergy;
    private static bool NeedsVirial(Fix f) => f is IVirialConsumer v && v.NeedsVirial;

    internal void WriteDumps(bool forceFirst)
    {
        foreach (var d in Dumps)
        {
            if (d.WritesOn(Step, forceFirst))
            {
                d.Write(Step);
                d.LastWritten = Step;
            }
        }
    }

    // ---------------------------------------------------------------- totals used by thermo and computes

    /// <summary>Total potential energy (pair + long-range + fix contributions) summed over ranks.</summary>
    public double PotentialEnergy()
    {
        double e = 0;
        if (Pair != null) e += Pair.EngVdwl + Pair.EngCoul;
        if (KSpace != null) e += KSpace.Energy;
        foreach (var c in ForceContributors) e += c.Energy;
        return Comm.SumAll(e);
    }

    /// <summary>Total virial (xx yy zz xy xz yz) summed over ranks, in energy units.</summary>
    public double[] TotalVirial()
    {
        var v = new double[6];
        if (Pair != null) for (int k = 0; k < 6; k++) v[k] += Pair.Virial[k];
        if (KSpace != null) for (int k = 0; k < 6; k++) v[k] += KSpace.Virial[k];
        foreach (var c in ForceContributors) for (int k = 0; k < 6; k++) v[k] += c.Virial[k];
        foreach (var f in Fixes) if (f is IVirialContributor vc) for (int k = 0; k < 6; k++) v[k] += vc.Virial[k];
        Comm.SumAll(v);
        return v;
    }

    public double GroupCount(int bit)
    {
        long n = 0;
        for (int i = 0; i < Atoms.NLocal; i++) if ((Atoms.Mask[i] & bit) != 0) n++;
        return Comm.SumAll(n);
    }

    public double GroupMass(int bit)
    {
        double m = 0;
        for (int i = 0; i < Atoms.NLocal; i++) if ((Atoms.Mask[i] & bit) != 0) m += Atoms.Mass[Atoms.Type[i]];
        return Comm.SumAll(m);
    }

    /// <summary>Recount atoms over all ranks (after creation or deletion).</summary>
    public void RecountAtoms()
    {
        Atoms.NAtoms = Comm.SumAll((long)Atoms.NLocal);
    }

    // ---------------------------------------------------------------- IInterpreterHost

    public void ExecuteCommand(CommandArgs args)
    {
        var entry = Registry.Find(StyleKind.Command, args.Command)
            ?? throw new GarneticsException($"unknown command '{args.Command}'", args.Location, args.Command);
        var cmd = (ICommand)entry.Create();
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

/// <summary>Neighbour-list state at a restart point: positions and box of the last build and the build counters.</summary>
public sealed record RestartNeighborState(double[] XHold, Box BuildBox, double CutNeigh, long LastBuildStep, int Ago)
{
    /// <summary>Whether the stored state still applies (same atom count and neighbour cut-off as now).</summary>
    public bool Matches(Simulation sim) =>
        XHold.Length == 3 * sim.Atoms.NLocal && sim.Neighbor.CutNeigh == CutNeigh;
}

/// <summary>A force term outside the pair style (long-range solvers, external fields).</summary>
public interface IForceContributor
{
    void Init(Simulation sim);
    void Compute(Simulation sim, bool eflag, bool vflag);
    double Energy { get; }
    double[] Virial { get; }
}

/// <summary>Fixes that need the energy tallied on every step.</summary>
public interface IEnergyConsumer { bool NeedsEnergy { get; } }
/// <summary>Fixes that need the virial tallied on every step (barostats).</summary>
public interface IVirialConsumer { bool NeedsVirial { get; } }
/// <summary>Fixes that add to the virial.</summary>
public interface IVirialContributor { double[] Virial { get; } }

public enum TimerKind { Pair, Neigh, Comm, Modify, Output, KSpace, Other }

/// <summary>Wall-clock split of a run (LAMMPS's timing breakdown).</summary>
public sealed class Timers
{
    public readonly double[] Seconds = new double[7];
    public long Start() => Stopwatch.GetTimestamp();
    public void Stop(long t0, TimerKind k) => Seconds[(int)k] += Stopwatch.GetElapsedTime(t0).TotalSeconds;
    public void Reset() => Array.Clear(Seconds);
}
