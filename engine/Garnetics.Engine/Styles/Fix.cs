namespace Garnetics.Engine.Styles;

/// <summary>
/// Base of every fix (`fix ID GROUP STYLE args`). The run loop calls the hooks in LAMMPS's order; a fix overrides
/// the ones it needs. Fixes that change the box (barostats) set <see cref="ChangesBox"/>.
/// </summary>
public abstract class Fix : GroupStyle
{
    public SourceLocation Location { get; internal set; } = SourceLocation.None;

    /// <summary>After the first force computation of a run (LAMMPS setup()).</summary>
    public virtual void Setup() { }
    public virtual void InitialIntegrate() { }
    public virtual void PostIntegrate() { }
    public virtual void PreForce() { }
    public virtual void PostForce() { }
    public virtual void FinalIntegrate() { }
    public virtual void EndOfStep() { }
    /// <summary>Called after the last step of a run.</summary>
    public virtual void PostRun() { }
    public virtual void ResetDt() { }

    /// <summary>Period of EndOfStep (0: every step).</summary>
    public virtual int NEvery => 1;

    /// <summary>Whether the fix takes part in the minimizer (forces adjusted during minimize).</summary>
    public virtual bool ActiveInMinimize => false;
    public virtual void MinPostForce() { }

    /// <summary>True for fixes that move or resize the box (neighbour lists must be rebuilt with the new box).</summary>
    public virtual bool ChangesBox => false;

    /// <summary>Whether the fix integrates positions (time integrators); used to warn when none is defined.</summary>
    public virtual bool TimeIntegrates => false;

    /// <summary>Energy stored in thermostat/barostat reservoirs (LAMMPS ecouple), for thermo `econserve`.</summary>
    public virtual double EnergyCoupling => 0.0;

    /// <summary>Global scalar/vector output (f_ID, f_ID[i]).</summary>
    public virtual bool HasScalar => false;
    public virtual double ComputeScalar() => 0.0;
    public virtual int VectorLength => 0;
    public virtual double ComputeVector(int i) => 0.0;
    public virtual bool Extensive => false;
    /// <summary>Whether vector element i (f_ID[i]) is extensive (thermo_modify norm divides it by the atom count); default: <see cref="Extensive"/>.</summary>
    public virtual bool VectorExtensive(int i) => Extensive;
    /// <summary>Whether array column j (f_ID[i][j]) is extensive; default: <see cref="Extensive"/>.</summary>
    public virtual bool ArrayExtensive(int column) => Extensive;
    /// <summary>Global array output (f_ID[i][j], 1-based in decks; 0-based here).</summary>
    public virtual bool HasArray => false;
    public virtual int ArrayRows => 0;
    public virtual int ArrayColumns => 0;
    public virtual double ComputeArray(int row, int column) => 0.0;

    /// <summary>
    /// Whether the force evaluation of this step must tally energy and virial for this fix (a fix that samples
    /// computes such as pe or pressure on some steps, e.g. fix ave/time). Asked every step of a run.
    /// </summary>
    public virtual bool NeedsEnergyOn(long step) => false;

    /// <summary>Degrees of freedom removed by this fix from a group (fix momentum/shake style constraints).</summary>
    public virtual double DofRemoved(int groupBit) => 0.0;

    /// <summary>State carried across write_restart/read_restart (keyed by fix ID and style).</summary>
    public virtual byte[]? WriteRestart() => null;
    public virtual void ReadRestart(byte[] state) { }

    /// <summary>Velocity-Verlet half step of the group's velocities: v += dtf/m f (dtf = dt/2 ftm2v).</summary>
    protected void KickVelocities(double dtf)
    {
        var a = Sim.Atoms;
        var v = a.V; var f = a.F; var mask = a.Mask; var type = a.Type; var mass = a.Mass;
        int bit = GroupBit;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            double dtfm = dtf / mass[type[i]];
            v[3 * i] += dtfm * f[3 * i];
            v[3 * i + 1] += dtfm * f[3 * i + 1];
            v[3 * i + 2] += dtfm * f[3 * i + 2];
        }
    }

    /// <summary>Velocity-Verlet step of the group's positions: x += dtv v.</summary>
    protected void DriftPositions(double dtv)
    {
        var a = Sim.Atoms;
        var x = a.X; var v = a.V; var mask = a.Mask;
        int bit = GroupBit;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            x[3 * i] += dtv * v[3 * i];
            x[3 * i + 1] += dtv * v[3 * i + 1];
            x[3 * i + 2] += dtv * v[3 * i + 2];
        }
    }
}
