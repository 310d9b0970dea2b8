namespace Garnetics.Engine;

/// <summary>Force evaluation (pair, then kspace, reverse communication), per-atom tallies and the totals thermo and computes read.</summary>
public sealed partial class Simulation
{
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
        // a host pair style reads and writes the host arrays; a device one keeps its own (and clears its forces)
        if (Pair == null || Pair.Space.IsHost)
        {
            if (Atoms.Sync.UsesDevice) HostSync(Backend.AtomFields.All, Pair == null ? "the force evaluation" : $"pair style {Pair.StyleName}", Backend.AtomFields.F);
            Array.Clear(Atoms.F, 0, 3 * Atoms.NAll);
        }
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
            if (Atoms.Sync.UsesDevice) HostSync(Backend.AtomFields.All, $"kspace style {KSpace.StyleName}", Backend.AtomFields.F);
            if (eatom || vatom || KSpace.EFlagAtom || KSpace.VFlagAtom) KSpace.BeginPerAtom(eatom, vatom, Atoms.NLocal);
            KSpace.Compute(this, eflag, vflag);
            Timers.Stop(sw, TimerKind.KSpace);
        }
        sw = Timers.Start();
        HostSync(Backend.AtomFields.F, "the reverse communication of ghost forces", Backend.AtomFields.F);
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


    /// <summary>Total potential energy (pair + long-range + fix contributions) summed over ranks.</summary>
    public double PotentialEnergy()
    {
        double e = 0;
        if (Pair != null) e += Pair.EngVdwl + Pair.EngCoul;
        if (KSpace != null) e += KSpace.Energy;
        return Comm.SumAll(e);
    }

    /// <summary>Total virial (xx yy zz xy xz yz) summed over ranks, in energy units.</summary>
    public double[] TotalVirial()
    {
        var v = new double[6];
        if (Pair != null) for (int k = 0; k < 6; k++) v[k] += Pair.Virial[k];
        if (KSpace != null) for (int k = 0; k < 6; k++) v[k] += KSpace.Virial[k];
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
}
