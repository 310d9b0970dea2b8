namespace Garnetics.Engine.Styles;

/// <summary>What a per-atom compute needs the force evaluation of its step to tally per atom (LAMMPS eflag_atom / vflag_atom).</summary>
[Flags]
public enum PerAtomTally
{
    None = 0,
    /// <summary>Per-atom potential energies (PairStyle.EAtom, KSpaceStyle.EAtom).</summary>
    Energy = 1,
    /// <summary>Per-atom virials (PairStyle.VAtom, KSpaceStyle.VAtom: xx yy zz xy xz yz per atom).</summary>
    Virial = 2,
}

/// <summary>
/// Base of every compute (`compute ID GROUP STYLE args`): global scalar and/or vector results, and/or per-atom results
/// (a value per local atom when <see cref="PerAtomColumns"/> is 0, else that many columns per atom).
/// </summary>
public abstract class Compute : GroupStyle
{
    /// <summary>Where the compute command named its style (for errors found at Init).</summary>
    public SourceLocation? Location { get; internal set; }

    public virtual bool HasScalar => false;
    public virtual bool HasVector => false;
    public virtual int VectorLength => 0;
    /// <summary>Whether results scale with the number of atoms (normalized by thermo_modify norm yes).</summary>
    public virtual bool Extensive => false;

    public virtual double ComputeScalar() => throw new GarneticsException($"compute {Id} ({StyleName}) has no scalar output");
    public virtual double[] ComputeVector() => throw new GarneticsException($"compute {Id} ({StyleName}) has no vector output");

    /// <summary>Whether the compute has a global array output (c_ID[i][j]: row i, column j; c_ID[j] in fix ave/time vector mode: column j).</summary>
    public virtual bool HasArray => false;
    public virtual int ArrayRows => 0;
    public virtual int ArrayColumns => 0;
    /// <summary>Global array, ArrayRows × ArrayColumns. Owned by the compute and valid until its next call.</summary>
    public virtual double[,] ComputeArray() => throw new GarneticsException($"compute {Id} ({StyleName}) has no array output");

    /// <summary>Whether the compute has per-atom output (dump custom c_ID / c_ID[i]).</summary>
    public virtual bool HasPerAtom => false;
    /// <summary>0: one value per atom (c_ID); n &gt; 0: n columns per atom (c_ID[1] .. c_ID[n]).</summary>
    public virtual int PerAtomColumns => 0;
    /// <summary>
    /// Per-atom tallies the force evaluation must make on a step when this compute is invoked: the run loop asks the
    /// pair and kspace styles for them only on steps when a dump that uses the compute writes.
    /// </summary>
    public virtual PerAtomTally PerAtomNeeds => PerAtomTally.None;

    /// <summary>
    /// Per-atom values of the local atoms, row-major: NLocal values (PerAtomColumns = 0) or NLocal × PerAtomColumns.
    /// Atoms outside the group get 0. The array is owned by the compute and valid until its next call.
    /// </summary>
    public virtual double[] ComputePerAtom() => throw new GarneticsException($"compute {Id} ({StyleName}) has no per-atom output");

    /// <summary>Called when the compute is deleted (uncompute): release what it added to the simulation.</summary>
    public virtual void Removed() { }

    /// <summary>Degrees of freedom (temperature computes only).</summary>
    public virtual double Dof => 0.0;
}

/// <summary>Base of every dump (`dump ID GROUP STYLE N file args`).</summary>
public abstract class Dump : GroupStyle
{
    public int Every { get; set; }
    public string FileName { get; protected set; } = "";
    public long LastWritten { get; set; } = -1;
    /// <summary>dump_modify first yes: also write at the setup of the first run when the step is not a multiple of Every.</summary>
    public bool First { get; set; }

    public abstract void Write(long step);

    /// <summary>Per-atom computes whose values this dump writes (their tallies are requested on the dump's steps).</summary>
    public virtual IEnumerable<Compute> PerAtomComputes => [];

    /// <summary>Whether the dump writes a snapshot at this step (as Simulation.WriteDumps decides).</summary>
    public bool WritesOn(long step, bool forceFirst) =>
        LastWritten != step && ((Every > 0 && step % Every == 0) || (forceFirst && First && LastWritten < 0));
    public virtual void Close() { }
}

/// <summary>A top-level deck command.</summary>
public interface ICommand
{
    void Execute(Simulation sim, CommandArgs args);
}
