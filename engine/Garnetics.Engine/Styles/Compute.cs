using Garnetics.Engine.Core;

namespace Garnetics.Engine.Styles;

/// <summary>Base of every compute (`compute ID GROUP STYLE args`): global scalar and/or vector results.</summary>
public abstract class Compute
{
    public Simulation Sim { get; internal set; } = null!;
    public string Id { get; internal set; } = "";
    public string GroupName { get; internal set; } = "all";
    public int GroupBit { get; internal set; } = 1;
    public string StyleName { get; internal set; } = "";

    public abstract void Configure(CommandArgs args);
    public virtual void Init() { }

    public virtual bool HasScalar => false;
    public virtual bool HasVector => false;
    public virtual int VectorLength => 0;
    /// <summary>Whether results scale with the number of atoms (normalized by thermo_modify norm yes).</summary>
    public virtual bool Extensive => false;

    public virtual double ComputeScalar() => throw new GarneticsException($"compute {Id} ({StyleName}) has no scalar output");
    public virtual double[] ComputeVector() => throw new GarneticsException($"compute {Id} ({StyleName}) has no vector output");

    /// <summary>compute_modify keywords. Return the index after the consumed keyword, or -1 if unknown.</summary>
    public virtual int Modify(CommandArgs args, int i) => -1;

    /// <summary>Degrees of freedom (temperature computes only).</summary>
    public virtual double Dof => 0.0;

    protected bool InGroup(int i) => (Sim.Atoms.Mask[i] & GroupBit) != 0;
}

/// <summary>Base of every dump (`dump ID GROUP STYLE N file args`).</summary>
public abstract class Dump
{
    public Simulation Sim { get; internal set; } = null!;
    public string Id { get; internal set; } = "";
    public string GroupName { get; internal set; } = "all";
    public int GroupBit { get; internal set; } = 1;
    public string StyleName { get; internal set; } = "";
    public int Every { get; set; }
    public string FileName { get; protected set; } = "";
    public long LastWritten { get; set; } = -1;
    /// <summary>dump_modify first yes: also write at the setup of the first run when the step is not a multiple of Every.</summary>
    public bool First { get; set; }

    /// <summary>Arguments after "dump ID GROUP STYLE N".</summary>
    public abstract void Configure(CommandArgs args);
    /// <summary>dump_modify keyword at i; return the index after it, or -1 if unknown.</summary>
    public virtual int Modify(CommandArgs args, int i) => -1;
    public virtual void Init() { }
    public abstract void Write(long step);
    public virtual void Close() { }
}

/// <summary>A top-level deck command.</summary>
public interface ICommand
{
    void Execute(Simulation sim, CommandArgs args);
}
