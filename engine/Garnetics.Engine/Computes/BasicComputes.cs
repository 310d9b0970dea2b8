namespace Garnetics.Engine.Computes;

[ComputeStyle("temp", Syntax = "compute ID group temp",
    Help = """
        Temperature of the group from its kinetic energy: T = sum(m v^2) mvv2e / (dof kB), with dof = 3 N - 3 - (dof
        removed by fixes); extra/dof set by compute_modify (default 3, as in LAMMPS). Vector: the kinetic energy tensor
        sum(m v_a v_b) mvv2e (xx yy zz xy xz yz), used by pressure.
        """)]
public sealed class ComputeTemp : Compute
{
    public double ExtraDof { get; set; } = 3;
    private double _dof;
    public override bool HasScalar => true;
    public override bool HasVector => true;
    public override int VectorLength => 6;
    public override double Dof => _dof;

    public override void Configure(CommandArgs args)
    {
        if (args.Count != 0) throw args.Error(0, "compute temp takes no arguments");
    }

    public override void Init() => DofCompute();

    public void DofCompute()
    {
        double n = Sim.GroupCount(GroupBit);
        double fixDof = Sim.Fixes.Sum(f => f.DofRemoved(GroupBit));
        _dof = 3 * n - ExtraDof - fixDof;
    }

    public override int Modify(CommandArgs args, int i)
    {
        if (args[i] == "extra/dof" || args[i] == "extra")
        {
            ExtraDof = args.Double(i + 1, "extra/dof");
            return i + 2;
        }
        if (args[i] == "dynamic/dof" || args[i] == "dynamic") { args.YesNo(i + 1); return i + 2; }
        return -1;
    }

    public override double ComputeScalar()
    {
        var a = Sim.Atoms;
        var v = a.V;
        double t = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            double m = a.Mass[a.Type[i]];
            t += (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]) * m;
        }
        t = Sim.Comm.SumAll(t);
        if (Sim.Atoms.NAtoms != (long)Sim.GroupCount(1) || _dof <= 0) DofCompute();
        double tfactor = _dof > 0 ? Sim.Units.Mvv2e / (_dof * Sim.Units.Boltz) : 0.0;
        return t * tfactor;
    }

    public override double[] ComputeVector()
    {
        var a = Sim.Atoms;
        var v = a.V;
        var k = new double[6];
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            double m = a.Mass[a.Type[i]];
            double vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
            k[0] += m * vx * vx; k[1] += m * vy * vy; k[2] += m * vz * vz;
            k[3] += m * vx * vy; k[4] += m * vx * vz; k[5] += m * vy * vz;
        }
        Sim.Comm.SumAll(k);
        for (int c = 0; c < 6; c++) k[c] *= Sim.Units.Mvv2e;
        return k;
    }
}

[ComputeStyle("pe", Syntax = "compute ID all pe",
    Help = """
        Total potential energy: pair (van der Waals and Coulomb) plus long-range and fix contributions, summed over all
        atoms. Extensive.
        """)]
public sealed class ComputePe : Compute
{
    public override bool HasScalar => true;
    public override bool Extensive => true;
    public override void Configure(CommandArgs args) { }
    public override double ComputeScalar()
    {
        if (Sim.EnergyStep != Sim.Step && Sim.Running)
            throw new GarneticsException($"energy was not tallied on step {Sim.Step} (compute {Id} pe is only available on thermo steps)");
        return Sim.PotentialEnergy();
    }
}

[ComputeStyle("ke", Syntax = "compute ID group ke",
    Help = "Translational kinetic energy of the group: sum(1/2 m v^2) mvv2e. Extensive.")]
public sealed class ComputeKe : Compute
{
    public override bool HasScalar => true;
    public override bool Extensive => true;
    public override void Configure(CommandArgs args) { }
    public override double ComputeScalar()
    {
        var a = Sim.Atoms;
        double ke = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            double m = a.Mass[a.Type[i]];
            ke += m * (a.V[3 * i] * a.V[3 * i] + a.V[3 * i + 1] * a.V[3 * i + 1] + a.V[3 * i + 2] * a.V[3 * i + 2]);
        }
        return 0.5 * Sim.Units.Mvv2e * Sim.Comm.SumAll(ke);
    }
}

[ComputeStyle("pressure", Syntax = "compute ID all pressure temp-ID [ke] [virial] [pair]",
    Help = """
        Pressure from the virial theorem: P = (dof kB T + sum(r.f)) / (3 V) nktv2p, and the tensor P_ab = (sum m v_a v_b
        mvv2e + W_ab) / V nktv2p, where T and the kinetic tensor come from the named temperature compute and W is the
        total virial (pair, long-range, fixes). Keywords ke and virial restrict it to one part, as in LAMMPS.
        """)]
public sealed class ComputePressure : Compute
{
    public string TempId { get; private set; } = "thermo_temp";
    private bool _ke = true, _virial = true;
    public override bool HasScalar => true;
    public override bool HasVector => true;
    public override int VectorLength => 6;

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 1) throw args.Error("compute pressure needs a temperature compute ID (or NULL)");
        TempId = args[0];
        if (args.Count > 1)
        {
            _ke = _virial = false;
            for (int i = 1; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "ke": _ke = true; break;
                    case "virial": _ke = false; _virial = true; break;
                    case "pair": _virial = true; break;
                    default: throw args.Error(i, $"unknown compute pressure keyword '{args[i]}' (expected ke, virial, pair)");
                }
            }
        }
    }

    public override void Init()
    {
        if (TempId != "NULL" && Sim.FindCompute(TempId) == null)
            throw new GarneticsException($"compute {Id} pressure: temperature compute '{TempId}' does not exist");
    }

    private Compute? Temp => TempId == "NULL" ? null : Sim.FindCompute(TempId);

    /// <summary>Use another temperature compute for the kinetic part (fix_modify temp of barostats).</summary>
    public void ResetTemperature(string tempId) => TempId = tempId;

    public override double ComputeScalar()
    {
        CheckVirial();
        double v = Sim.Box.Volume;
        double w = 0;
        if (_virial) { var vir = Sim.TotalVirial(); w = vir[0] + vir[1] + vir[2]; }
        double kin = 0;
        if (_ke && Temp is { } t)
        {
            double temp = t.ComputeScalar(); // first: it (re)computes the degrees of freedom read below
            kin = t.Dof * Sim.Units.Boltz * temp;
        }
        return (kin + w) / (3.0 * v) * Sim.Units.Nktv2p;
    }

    public override double[] ComputeVector()
    {
        CheckVirial();
        double v = Sim.Box.Volume;
        var r = new double[6];
        if (_virial) { var vir = Sim.TotalVirial(); for (int k = 0; k < 6; k++) r[k] += vir[k]; }
        if (_ke && Temp is { } t) { var ke = t.ComputeVector(); for (int k = 0; k < 6; k++) r[k] += ke[k]; }
        for (int k = 0; k < 6; k++) r[k] *= Sim.Units.Nktv2p / v;
        return r;
    }

    private void CheckVirial()
    {
        if (_virial && Sim.Running && !Sim.VFlag)
            throw new GarneticsException($"virial was not tallied on step {Sim.Step} (compute {Id} pressure is only available on thermo steps)");
    }
}
