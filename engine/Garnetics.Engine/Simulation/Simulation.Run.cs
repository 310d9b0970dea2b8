using System.Diagnostics;

namespace Garnetics.Engine;

/// <summary>Set-up and the velocity-Verlet run loop (LAMMPS setup() and Verlet::run), reneighbouring and output steps.</summary>
public sealed partial class Simulation
{
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
        foreach (var c in Computes.Values) c.Init();
        foreach (var f in Fixes) f.Init();
        foreach (var d in Dumps) d.Init();
        Thermo.Init();

        var pending = PendingNeighbor;
        PendingNeighbor = null;
        if (pending != null && pending.Matches(this)) RestoreNeighbor(pending);
        else Reneighbor();
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
    public void Reneighbor()
    {
        var sw = Timers.Start();
        HostSync(Backend.AtomFields.All, "the neighbour list build", Backend.AtomFields.All);
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
            Neighbor.NumBuilds = Neighbor.DangerousBuilds = 0; // LAMMPS reports the builds during the run, not the set-up one
            Thermo.Header();
            Thermo.Compute();
            WriteDumps(forceFirst: true);
            // fixed for the run: whether a fix (a barostat) needs the virial tallied on every step
            bool fixesNeedVirial = Fixes.Any(NeedsVirial);
            var loopTimer = Stopwatch.StartNew();
            var lastProgress = TimeSpan.Zero;
            for (long n = 0; n < nsteps; n++)
            {
                Step++;
                bool thermoStep = Thermo.IsOutputStep(Step) || Step == LastStep;
                bool sampleStep = false;
                foreach (var f in Fixes) sampleStep |= f.NeedsEnergyOn(Step);
                bool needE = thermoStep || sampleStep;
                bool needV = thermoStep || fixesNeedVirial || sampleStep;

                var sw = Timers.Start();
                SyncForFixes();
                foreach (var f in Fixes) f.InitialIntegrate();
                foreach (var f in Fixes) f.PostIntegrate();
                Timers.Stop(sw, TimerKind.Modify);

                if (Neighbor.Decide(Atoms, Box)) Reneighbor();
                else
                {
                    sw = Timers.Start();
                    HostSync(Backend.AtomFields.X, "the forward communication of ghost positions", Backend.AtomFields.X);
                    Comm.ForwardComm(Atoms, Box);
                    Timers.Stop(sw, TimerKind.Comm);
                }

                foreach (var f in Fixes) f.PreForce();
                ComputeForces(needE, needV, PerAtomRequest(forceFirst: false, thermoStep));

                sw = Timers.Start();
                SyncForFixes();
                foreach (var f in Fixes) f.PostForce();
                foreach (var f in Fixes) f.FinalIntegrate();
                foreach (var f in Fixes)
                    if (f.NEvery <= 1 || Step % f.NEvery == 0) f.EndOfStep();
                Timers.Stop(sw, TimerKind.Modify);

                sw = Timers.Start();
                if (thermoStep)
                {
                    HostSync(Backend.AtomFields.All, "thermo output");
                    Thermo.Compute();
                }
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

    private static bool NeedsVirial(Fix f) => f is IVirialConsumer v && v.NeedsVirial;

    /// <summary>Fixes run on the host: the fields they may read or write (positions, velocities, forces, ...) are made current there.</summary>
    private void SyncForFixes()
    {
        if (!Atoms.Sync.UsesDevice) return; // (no names built on host-only runs)
        foreach (var f in Fixes) HostSync(Backend.AtomFields.All, $"fix {f.Id} {f.StyleName}", Backend.AtomFields.All);
    }

    internal void WriteDumps(bool forceFirst)
    {
        foreach (var d in Dumps)
        {
            if (d.WritesOn(Step, forceFirst))
            {
                if (Atoms.Sync.UsesDevice) HostSync(Backend.AtomFields.All, $"dump {d.Id}");
                d.Write(Step);
                d.LastWritten = Step;
            }
        }
    }
}
