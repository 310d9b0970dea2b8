using System.Diagnostics;
using System.Text;
using Garnetics.Engine.Output;

namespace Garnetics.Engine.Minimize;

/// <summary>Why a minimization stopped (LAMMPS's stop conditions, same wording in the statistics).</summary>
public enum MinStop
{
    MaxIter, MaxEval, EnergyTol, ForceTol, NotDownhill, ZeroAlpha, ZeroForce, ZeroQuad, TrustRegion, Hftn, Timeout, MaxVdotf,
}

/// <summary>Settings of `min_style` and `min_modify`, kept across minimizations (stored in Simulation.Objects).</summary>
public sealed class MinSettings
{
    public const string Key = "min_settings";
    public string Style = "cg";
    public double DMax = 0.1;
    public string Line = "quadratic";
    /// <summary>Force norm used by the force tolerance: two (2-norm of the global vector), max (largest per-atom force), inf (largest component).</summary>
    public string Norm = "two";
    // FIRE 2.0 (Guénolé et al. 2020) parameters, LAMMPS defaults
    public string Integrator = "eulerimplicit";
    public double TMax = 10.0, TMin = 0.02, DtGrow = 1.1, DtShrink = 0.5, Alpha0 = 0.25, AlphaShrink = 0.99;
    public int DelayStep = 20, VdfMax = 2000;
    public bool HalfStepBack = true, InitialDelay = true;

    public static MinSettings Of(Simulation sim)
    {
        if (sim.Objects.TryGetValue(Key, out var o) && o is MinSettings s) return s;
        s = new MinSettings();
        sim.Objects[Key] = s;
        return s;
    }
}

/// <summary>
/// Base of the minimizers (`min_style`): energy/force evaluation with reneighbouring, LAMMPS's stopping criteria
/// (relative energy change, force norm, iteration and evaluation limits), thermo output and the "Minimization stats".
/// </summary>
public abstract class Min
{
    public const double EpsEnergy = 1.0e-8;

    public Simulation Sim { get; internal set; } = null!;
    public MinSettings Settings { get; internal set; } = null!;

    public double ETol { get; private set; }
    public double FTol { get; private set; }
    public int MaxEval { get; private set; }

    public double ECurrent, EPrevious, EInitial, EFinal;
    public double FNorm2Init, FNormInfInit, FNorm2Final, FNormInfFinal;
    public double AlphaFinal;
    public int NIter, NEval;
    public MinStop Stop { get; private set; }
    public string StopText => StopString(Stop);

    protected int NLocal => Sim.Atoms.NLocal;
    protected double[] X => Sim.Atoms.X;
    protected double[] F => Sim.Atoms.F;

    private readonly List<PerAtomVector> _vectors = [];

    public static string StopString(MinStop s) => s switch
    {
        MinStop.MaxIter => "max iterations",
        MinStop.MaxEval => "max force evaluations",
        MinStop.EnergyTol => "energy tolerance",
        MinStop.ForceTol => "force tolerance",
        MinStop.NotDownhill => "search direction is not downhill",
        MinStop.ZeroAlpha => "linesearch alpha is zero",
        MinStop.ZeroForce => "forces are zero",
        MinStop.ZeroQuad => "quadratic factors are zero",
        MinStop.TrustRegion => "trust region too small",
        MinStop.Hftn => "HFTN minimizer error",
        MinStop.Timeout => "walltime limit reached",
        _ => "max iterations with v.f negative",
    };

    /// <summary>A per-atom xyz work vector that travels with its atom (sorting, migration).</summary>
    protected double[] NewVector()
    {
        var v = new PerAtomVector(Sim.Atoms.Capacity);
        Sim.Atoms.Extra.Add(v);
        _vectors.Add(v);
        return v.Data;
    }

    /// <summary>Current storage of the index-th vector created by <see cref="NewVector"/> (arrays are replaced when atoms grow).</summary>
    protected double[] Vector(int index) => _vectors[index].Data;

    /// <summary>The `minimize etol ftol maxiter maxeval` command.</summary>
    public void Minimize(double etol, double ftol, int maxiter, int maxeval)
    {
        if (etol < 0 || ftol < 0) throw new GarneticsException("minimize: tolerances must be >= 0");
        if (maxiter < 0 || maxeval < 0) throw new GarneticsException("minimize: iteration and evaluation limits must be >= 0");
        ETol = etol; FTol = ftol; MaxEval = maxeval;
        var sim = Sim;
        var nb = sim.Neighbor;
        int every = nb.Every, delay = nb.Delay;
        bool check = nb.Check;
        double dtInit = sim.Dt;
        if (every != 1 || delay != 0 || !check)
            sim.Print("WARNING: Using 'neigh_modify every 1 delay 0 check yes' setting during minimization");
        nb.Every = 1; nb.Delay = 0; nb.Check = true;
        sim.Minimizing = true;
        long first = sim.Step;
        sim.BeginStep = first;
        sim.EndStep = first + maxiter;
        _lastStep = first + maxiter;
        try
        {
            sim.Print($"Setting up {Settings.Style} style minimization ...\n  Unit style    : {sim.Units.Style}\n  Current step  : {sim.Step}");
            sim.Setup(minimize: true);
            SetupStyle();
            NIter = NEval = 0;
            ECurrent = EnergyFromForces();
            EInitial = ECurrent;
            EPrevious = ECurrent;
            FNorm2Init = Math.Sqrt(FNormSqr());
            FNormInfInit = Math.Sqrt(FNormInf());
            sim.Timers.Reset();
            sim.Thermo.Header();
            sim.Thermo.Compute();
            var clock = Stopwatch.StartNew();

            Stop = Iterate(maxiter);
            if (Stop != MinStop.MaxIter)
            {
                ECurrent = EnergyForce();
                sim.Thermo.Compute();
            }
            clock.Stop();

            EFinal = ECurrent;
            FNorm2Final = Math.Sqrt(FNormSqr());
            FNormInfFinal = Math.Sqrt(FNormInf());
            PrintStats(Stop == MinStop.MaxIter ? maxiter : NIter, clock.Elapsed.TotalSeconds);
        }
        finally
        {
            nb.Every = every; nb.Delay = delay; nb.Check = check;
            sim.Dt = dtInit;
            sim.Minimizing = false;
            foreach (var v in _vectors) sim.Atoms.Extra.Remove(v);
            _vectors.Clear();
            sim.Log?.Flush();
        }
    }

    private long _lastStep;

    /// <summary>Print thermo on thermo steps and on the last step of the minimization (LAMMPS output->next).</summary>
    protected void Output(long step)
    {
        if (Sim.Thermo.IsOutputStep(step) || step == _lastStep) Sim.Thermo.Compute();
    }

    /// <summary>Style-specific setup after the first force evaluation (work vectors, velocities).</summary>
    protected virtual void SetupStyle() { }

    /// <summary>Run up to maxiter iterations; return why it stopped.</summary>
    protected abstract MinStop Iterate(int maxiter);

    /// <summary>Energy of the current forces evaluation (normalised per atom when thermo normalises).</summary>
    private double EnergyFromForces()
    {
        double e = Sim.PotentialEnergy();
        if (Sim.Thermo.Normalize && Sim.Atoms.NAtoms > 0) e /= Sim.Atoms.NAtoms;
        return e;
    }

    /// <summary>
    /// Reneighbour if atoms moved far enough (else refresh ghosts), compute forces, energy and virial, apply the
    /// fixes active in minimization, and return the potential energy (per atom when thermo normalises), as LAMMPS's
    /// Min::energy_force.
    /// </summary>
    protected double EnergyForce()
    {
        var sim = Sim;
        if (sim.Neighbor.Decide(sim.Atoms, sim.Box)) sim.Reneighbor();
        else sim.Comm.ForwardComm(sim.Atoms, sim.Box);
        // per-atom tallies only when thermo prints a compute that needs them (e.g. reduce over pe/atom); dumps do not write during minimization
        sim.ComputeForces(eflag: true, vflag: true, sim.ThermoPerAtomRequest());
        foreach (var f in sim.Fixes) if (f.ActiveInMinimize) f.MinPostForce();
        return EnergyFromForces();
    }

    /// <summary>Squared 2-norm of the global force vector.</summary>
    protected double FNormSqr()
    {
        double s = 0;
        var f = F;
        for (int i = 0; i < 3 * NLocal; i++) s += f[i] * f[i];
        return Sim.Comm.SumAll(s);
    }

    /// <summary>Largest squared force component.</summary>
    protected double FNormInf()
    {
        double m = 0;
        var f = F;
        for (int i = 0; i < 3 * NLocal; i++) m = Math.Max(m, f[i] * f[i]);
        return Sim.Comm.MaxAll(m);
    }

    /// <summary>Largest squared per-atom force.</summary>
    protected double FNormMax()
    {
        double m = 0;
        var f = F;
        for (int i = 0; i < NLocal; i++)
            m = Math.Max(m, f[3 * i] * f[3 * i] + f[3 * i + 1] * f[3 * i + 1] + f[3 * i + 2] * f[3 * i + 2]);
        return Sim.Comm.MaxAll(m);
    }

    /// <summary>The squared force norm selected by min_modify norm, compared with ftol^2.</summary>
    protected double ForceNormForTolerance(double twoNormSq) => Settings.Norm switch
    {
        "max" => FNormMax(),
        "inf" => FNormInf(),
        _ => twoNormSq,
    };

    protected bool EnergyConverged() =>
        Math.Abs(ECurrent - EPrevious) < ETol * 0.5 * (Math.Abs(ECurrent) + Math.Abs(EPrevious) + EpsEnergy);

    private void PrintStats(long steps, double seconds)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(string.Format(ci, "Loop time of {0:G6} on {1} procs ({2} threads) for {3} steps with {4} atoms\n\n",
            seconds, Sim.Comm.Size, Sim.Threads, steps, Sim.Atoms.NAtoms));
        sb.Append("Minimization stats:\n");
        sb.Append($"  Stopping criterion = {StopText}\n");
        sb.Append("  Energy initial, next-to-last, final = \n");
        sb.Append("    ").Append(CFormat.Format("%18.15g", EInitial)).Append(' ')
          .Append(CFormat.Format("%18.15g", EPrevious)).Append(' ')
          .Append(CFormat.Format("%18.15g", EFinal)).Append('\n');
        sb.Append($"  Force two-norm initial, final = {G8(FNorm2Init)} {G8(FNorm2Final)}\n");
        sb.Append($"  Force max component initial, final = {G8(FNormInfInit)} {G8(FNormInfFinal)}\n");
        sb.Append($"  Final line search alpha, max atom move = {G8(AlphaFinal)} {G8(AlphaFinal * FNormInfFinal)}\n");
        sb.Append($"  Iterations, force evaluations = {NIter} {NEval}\n");
        var n = Sim.Neighbor;
        sb.Append(string.Format(ci, "  Neighbor list builds = {0}", n.NumBuilds));
        n.NumBuilds = 0;
        Sim.Print(sb.ToString());
    }

    private static string G8(double v) => CFormat.Format("%.8g", v);

    /// <summary>Per-atom xyz array registered with the atoms so it is copied when atoms are sorted or migrate.</summary>
    private sealed class PerAtomVector(int capacity) : IPerAtomData
    {
        public double[] Data = new double[3 * Math.Max(capacity, 1)];
        public void Grow(int capacity) { if (3 * capacity > Data.Length) Array.Resize(ref Data, 3 * capacity); }
        public void Copy(int from, int to)
        {
            Data[3 * to] = Data[3 * from]; Data[3 * to + 1] = Data[3 * from + 1]; Data[3 * to + 2] = Data[3 * from + 2];
        }
        public void Clear(int i) { Data[3 * i] = Data[3 * i + 1] = Data[3 * i + 2] = 0; }
    }
}
