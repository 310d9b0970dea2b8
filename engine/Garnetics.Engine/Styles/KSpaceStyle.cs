namespace Garnetics.Engine.Styles;

/// <summary>
/// Base of the long-range electrostatics solvers (`kspace_style NAME accuracy`, LAMMPS semantics): the reciprocal-space
/// part of an Ewald-split Coulomb sum whose real-space part is computed by a coul/long pair style with the same
/// splitting parameter <see cref="GEwald"/>. Initialised before the pair style each run, so GEwald is known when
/// the pair style initialises; computed after the pair style each step. Forces go into Atoms.F of local atoms,
/// the energy into <see cref="Energy"/> and the virial (xx yy zz xy xz yz) into <see cref="Virial"/>.
/// </summary>
public abstract class KSpaceStyle
{
    public Simulation Sim { get; set; } = null!;
    public string StyleName { get; set; } = "";

    /// <summary>Requested relative RMS force accuracy (LAMMPS: relative to the force between two unit charges 1 A apart).</summary>
    public double Accuracy { get; protected set; }
    /// <summary>Ewald splitting parameter (1/distance); chosen from the accuracy unless set by kspace_modify gewald.</summary>
    public double GEwald { get; set; }
    public bool GEwaldFixed { get; set; }
    /// <summary>kspace_modify compute no: skip the reciprocal-space part (pair style still uses GEwald).</summary>
    public bool ComputeEnabled { get; set; } = true;

    public double Energy { get; protected set; }
    public double[] Virial { get; } = new double[6];

    /// <summary>Per-atom tallies requested for the current evaluation (see PairStyle.EFlagAtom); local atoms only.</summary>
    public bool EFlagAtom { get; set; }
    public bool VFlagAtom { get; set; }
    /// <summary>Per-atom energy (local atoms), summing to <see cref="Energy"/>, when EFlagAtom.</summary>
    public double[] EAtom = [];
    /// <summary>Per-atom virial (xx yy zz xy xz yz per local atom), summing to <see cref="Virial"/>, when VFlagAtom.</summary>
    public double[] VAtom = [];

    /// <summary>Null when the style tallies per-atom energies and virials; else why it cannot (for the error message).</summary>
    public virtual string? PerAtomUnsupported => $"kspace_style {StyleName} does not provide per-atom energies and virials";

    /// <summary>Set the per-atom flags for the next evaluation and size and clear the arrays for nlocal atoms.</summary>
    public void BeginPerAtom(bool eatom, bool vatom, int nlocal)
    {
        EFlagAtom = eatom;
        VFlagAtom = vatom;
        if (eatom)
        {
            if (EAtom.Length < nlocal) EAtom = new double[nlocal];
            else Array.Clear(EAtom, 0, nlocal);
        }
        if (vatom)
        {
            if (VAtom.Length < 6 * nlocal) VAtom = new double[6 * nlocal];
            else Array.Clear(VAtom, 0, 6 * nlocal);
        }
    }

    /// <summary>kspace_style arguments after the style name (normally the accuracy).</summary>
    public abstract void Settings(CommandArgs args);

    /// <summary>kspace_modify keyword at index i; returns the index after it, or -1 if this style does not know it.</summary>
    public virtual int Modify(CommandArgs args, int i)
    {
        switch (args[i])
        {
            case "gewald":
            {
                double g = args.Double(i + 1, "gewald");
                if (g < 0) throw args.Error(i + 1, "gewald must be >= 0 (0: choose it from the accuracy)");
                GEwald = g;
                GEwaldFixed = g > 0;
                return i + 2;
            }
            case "compute":
                ComputeEnabled = args.YesNo(i + 1, "compute");
                return i + 2;
            default:
                return -1;
        }
    }

    /// <summary>Set up for a run: check the system, choose parameters, print them as LAMMPS does.</summary>
    public abstract void Init(Simulation sim);

    /// <summary>Add reciprocal-space forces, energy (if eflag) and virial (if vflag).</summary>
    public abstract void Compute(Simulation sim, bool eflag, bool vflag);
}
