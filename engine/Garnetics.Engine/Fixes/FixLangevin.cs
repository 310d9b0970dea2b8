namespace Garnetics.Engine.Fixes;

[FixStyle("langevin", Syntax = "fix ID group langevin Tstart Tstop damp seed [zero yes|no] [scale type ratio] [tally no]",
    Help = """
        Langevin thermostat (LAMMPS fix langevin): adds to each atom of the group a drag F = -m v/damp and a random
        force with uniform deviates, F_r = sqrt(24 kB T m/(damp dt)) (u - 1/2) per component, so that the group samples
        T. T ramps linearly from Tstart to Tstop over the run. Random numbers come from the Marsaglia (RanMars)
        generator seeded with seed + rank, so a serial run reproduces LAMMPS's stream. zero yes removes the net random
        force on the group; scale divides damp for a type by ratio. Applied in post_force (and at setup); it does not
        integrate: combine with fix nve.
        """)]
public sealed class FixLangevin : Fix
{
    private double _tStart, _tStop, _tPeriod;
    private int _seed;
    private bool _zero;
    private double[] _ratio = [];
    private double[] _gfactor1 = [], _gfactor2 = [];
    private Rng.RanMars _random = null!;
    private double _tTarget;

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 4) throw args.Error("fix langevin needs Tstart Tstop damp seed");
        _tStart = args.Double(0, "Tstart");
        _tStop = args.Double(1, "Tstop");
        _tPeriod = args.Double(2, "damp");
        _seed = args.Int(3, "seed");
        if (_tPeriod <= 0) throw args.Error(2, "fix langevin damp must be > 0");
        if (_seed <= 0) throw args.Error(3, "fix langevin seed must be > 0");
        if (_tStart < 0 || _tStop < 0) throw args.Error(0, "fix langevin temperatures must be >= 0");
        int nt = Sim.Atoms.NTypes;
        _ratio = new double[nt + 1];
        Array.Fill(_ratio, 1.0);
        for (int i = 4; i < args.Count;)
        {
            switch (args[i])
            {
                case "zero": _zero = args.YesNo(i + 1, "zero"); i += 2; break;
                case "scale":
                {
                    if (i + 2 >= args.Count) throw args.Error(i, "scale needs a type and a ratio");
                    int t = args.Int(i + 1, "type");
                    if (t < 1 || t > nt) throw args.Error(i + 1, $"atom type {t} is out of range 1..{nt}");
                    double r = args.Double(i + 2, "ratio");
                    if (r <= 0) throw args.Error(i + 2, "scale ratio must be > 0");
                    _ratio[t] = r;
                    i += 3; break;
                }
                case "tally":
                    if (args.YesNo(i + 1, "tally")) throw args.Error(i + 1, "fix langevin tally yes is not supported");
                    i += 2; break;
                case "angmom": case "omega": case "gjf":
                    if (args[i] == "gjf" && args.Str(i + 1) == "no") { i += 2; break; }
                    if ((args[i] == "angmom" || args[i] == "omega") && args.Str(i + 1) is "no" or "0") { i += 2; break; }
                    throw args.Error(i, $"fix langevin keyword '{args[i]}' is not supported");
                default: throw args.Error(i, $"unknown fix langevin keyword '{args[i]}' (expected zero, scale, tally)");
            }
        }
        _random = new Rng.RanMars(_seed + Sim.Comm.Rank);
    }

    public override void Init()
    {
        var u = Sim.Units;
        int nt = Sim.Atoms.NTypes;
        _gfactor1 = new double[nt + 1];
        _gfactor2 = new double[nt + 1];
        for (int t = 1; t <= nt; t++)
        {
            double m = Sim.Atoms.Mass[t];
            _gfactor1[t] = -m / _tPeriod / u.Ftm2v;
            _gfactor2[t] = Math.Sqrt(m) * Math.Sqrt(24.0 * u.Boltz / _tPeriod / Sim.Dt / u.Mvv2e) / u.Ftm2v;
            _gfactor1[t] *= 1.0 / _ratio[t];
            _gfactor2[t] *= 1.0 / Math.Sqrt(_ratio[t]);
        }
    }

    public override void ResetDt() { if (_gfactor1.Length > 0) Init(); }

    public override void Setup() => PostForce();

    public override void PostForce()
    {
        double delta = Sim.Step - Sim.BeginStep;
        if (delta != 0.0) delta /= Sim.EndStep - Sim.BeginStep;
        _tTarget = _tStart + delta * (_tStop - _tStart);
        double tsqrt = Math.Sqrt(_tTarget);

        var a = Sim.Atoms;
        var v = a.V; var f = a.F; var type = a.Type; var mask = a.Mask;
        int bit = GroupBit;
        double fs0 = 0, fs1 = 0, fs2 = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((mask[i] & bit) == 0) continue;
            double gamma1 = _gfactor1[type[i]];
            double gamma2 = _gfactor2[type[i]] * tsqrt;
            double r0 = gamma2 * (_random.Uniform() - 0.5);
            double r1 = gamma2 * (_random.Uniform() - 0.5);
            double r2 = gamma2 * (_random.Uniform() - 0.5);
            f[3 * i] += gamma1 * v[3 * i] + r0;
            f[3 * i + 1] += gamma1 * v[3 * i + 1] + r1;
            f[3 * i + 2] += gamma1 * v[3 * i + 2] + r2;
            if (_zero) { fs0 += r0; fs1 += r1; fs2 += r2; }
        }
        if (_zero)
        {
            Span<double> fsum = [fs0, fs1, fs2];
            Sim.Comm.SumAll(fsum);
            double count = Sim.GroupCount(bit);
            if (count == 0) throw new GarneticsException($"fix {Id} langevin zero: the group has no atoms");
            fs0 = fsum[0] / count; fs1 = fsum[1] / count; fs2 = fsum[2] / count;
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((mask[i] & bit) == 0) continue;
                f[3 * i] -= fs0;
                f[3 * i + 1] -= fs1;
                f[3 * i + 2] -= fs2;
            }
        }
    }

    public override bool HasScalar => false;
}
