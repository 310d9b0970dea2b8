using Garnetics.Engine.Computes;

namespace Garnetics.Engine.Fixes;

[FixStyle("temp/berendsen", Syntax = "fix ID group temp/berendsen Tstart Tstop Tdamp",
    Help = """
        Berendsen weak-coupling thermostat (LAMMPS fix temp/berendsen): at the end of each step the group's velocities
        are scaled by lambda = sqrt(1 + dt/Tdamp (Ttarget/T - 1)), with T from the fix's own compute ID_temp (fix group;
        fix_modify temp ID replaces it) and Ttarget ramped linearly from Tstart to Tstop over the run. The kinetic
        energy removed is tallied in thermo ecouple (f_ID) so econserve stays meaningful. It does not integrate: combine
        with fix nve.
        """)]
public sealed class FixTempBerendsen : Fix
{
    private double _tStart, _tStop, _tPeriod, _energy;
    private string _tempId = "";
    private Compute _temperature = null!;

    public override bool HasScalar => true;
    public override bool Extensive => true;
    public override double ComputeScalar() => _energy;
    public override double EnergyCoupling => _energy;

    public override void Configure(CommandArgs args)
    {
        if (args.Count != 3) throw args.Error("fix temp/berendsen needs Tstart Tstop Tdamp");
        _tStart = args.Double(0, "Tstart");
        _tStop = args.Double(1, "Tstop");
        _tPeriod = args.Double(2, "Tdamp");
        if (_tPeriod <= 0) throw args.Error(2, "fix temp/berendsen period must be > 0");
        if (_tStart < 0 || _tStop < 0) throw args.Error(0, "fix temp/berendsen temperatures must be >= 0");
        _tempId = Id + "_temp";
        Sim.AddCompute<ComputeTemp>(_tempId, GroupName, "temp");
    }

    public override int Modify(CommandArgs args, int i)
    {
        if (args[i] != "temp") return -1;
        string id = args.Str(i + 1, "temperature compute ID");
        var c = Sim.FindCompute(id) ?? throw args.Error(i + 1, $"fix_modify temp: compute '{id}' does not exist");
        if (c.GroupName != GroupName) Sim.Print($"WARNING: group of temperature compute {id} is not the group of fix {Id}");
        _tempId = id;
        return i + 2;
    }

    public override void Init()
    {
        _temperature = Sim.FindCompute(_tempId) ?? throw new GarneticsException($"temperature compute '{_tempId}' for fix {Id} does not exist");
    }

    public override void EndOfStep()
    {
        double tCurrent = _temperature.ComputeScalar();
        double tdof = _temperature.Dof;
        if (tdof < 1) return;
        if (tCurrent == 0.0) throw new GarneticsException($"fix {Id} temp/berendsen: the computed temperature is 0 (cannot rescale)");
        double delta = Sim.Step - Sim.BeginStep;
        if (delta != 0.0) delta /= Sim.EndStep - Sim.BeginStep;
        double tTarget = _tStart + delta * (_tStop - _tStart);
        double lamda = Math.Sqrt(1.0 + Sim.Dt / _tPeriod * (tTarget / tCurrent - 1.0));
        double efactor = 0.5 * Sim.Units.Boltz * tdof;
        _energy += tCurrent * (1.0 - lamda * lamda) * efactor;
        var a = Sim.Atoms;
        var v = a.V;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            v[3 * i] *= lamda; v[3 * i + 1] *= lamda; v[3 * i + 2] *= lamda;
        }
    }

    public override byte[]? WriteRestart() => BitConverter.GetBytes(_energy);
    public override void ReadRestart(byte[] state) { if (state.Length == 8) _energy = BitConverter.ToDouble(state); }
}
