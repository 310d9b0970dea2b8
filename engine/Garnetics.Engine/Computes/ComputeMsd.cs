namespace Garnetics.Engine.Computes;

[ComputeStyle("msd", Syntax = "compute ID group msd [com yes|no] [average yes|no]",
    Help = """
        Mean-squared displacement of the group: a global vector of 4, <dx^2>, <dy^2>, <dz^2> and <dx^2+dy^2+dz^2>
        (distance units squared), averaged over the atoms of the group, with dx = u - u0 from unwrapped positions u = x
        + image*box (so atoms crossing periodic boundaries count in full). The reference u0 is each atom's unwrapped
        position when the compute is defined. com yes: the drift of the group's centre of mass (mass-weighted,
        unwrapped) since then is subtracted, dx = (u - xcm) - (u0 - xcm0). average yes: the reference is the running
        average of (u [- xcm]) over the position at definition and every invocation so far, the current one included (as
        LAMMPS, so the value depends on how often it is invoked: once per thermo line, per fix ave/time sample, per fix
        print). The reference positions are kept across runs and written to restart files (as the state of an internal
        fix ID_MSD_STORE, style STORE/msd): define the compute again with the same ID after read_restart to continue.
        Atoms joining or leaving the group are not handled. Intensive.
        """)]
public sealed class ComputeMsd : Compute
{
    private bool _com, _average;
    /// <summary>Reference (u0 or u0 - xcm0, or the running average) by atom tag: 3 per tag.</summary>
    private double[] _ref = [];
    private bool[] _has = [];
    private long _nAverage = 1;
    private readonly double[] _vector = new double[4];
    private bool _computed;
    private (long, long, long) _stamp;
    private MsdStore? _store;

    public override bool HasVector => true;
    public override int VectorLength => 4;

    public override void Configure(CommandArgs args)
    {
        for (int i = 0; i < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "com": _com = args.YesNo(i + 1, "com"); break;
                case "average": _average = args.YesNo(i + 1, "average"); break;
                default: throw args.Error(i, $"unknown compute msd keyword '{args[i]}' (expected com or average)");
            }
        }
        // the internal fix that stores the reference positions (and carries them through restart files)
        _store = new MsdStore(this)
        {
            Sim = Sim, Id = Id + "_MSD_STORE", GroupName = GroupName, GroupBit = GroupBit, StyleName = MsdStore.Style,
        };
        if (Sim.PendingFixStates.Remove((_store.Id, MsdStore.Style), out var state)) ReadState(state);
        else StoreReference();
        Sim.Fixes.RemoveAll(f => f.Id == _store.Id);
        Sim.Fixes.Add(_store);
    }

    public override void Removed()
    {
        if (_store != null) Sim.Fixes.Remove(_store);
    }

    private void EnsureTagCapacity()
    {
        int n = Math.Max(Sim.Atoms.MaxTag, Sim.Atoms.NLocal == 0 ? 0 : Sim.Atoms.Tag.AsSpan(0, Sim.Atoms.NLocal).ToArray().Max()) + 1;
        if (_has.Length >= n) return;
        Array.Resize(ref _has, n);
        Array.Resize(ref _ref, 3 * n);
    }

    private void Unwrapped(int i, out double ux, out double uy, out double uz)
    {
        var a = Sim.Atoms;
        Sim.Box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2], out ux, out uy, out uz);
    }

    /// <summary>Mass-weighted centre of the group's unwrapped positions (0 when com is off).</summary>
    private (double x, double y, double z) CentreOfMass()
    {
        if (!_com) return (0, 0, 0);
        var a = Sim.Atoms;
        var s = new double[4];
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            double m = a.Mass[a.Type[i]];
            Unwrapped(i, out var ux, out var uy, out var uz);
            s[0] += m * ux; s[1] += m * uy; s[2] += m * uz; s[3] += m;
        }
        Sim.Comm.SumAll(s);
        return s[3] > 0 ? (s[0] / s[3], s[1] / s[3], s[2] / s[3]) : (0, 0, 0);
    }

    private void StoreReference()
    {
        EnsureTagCapacity();
        var a = Sim.Atoms;
        var (cx, cy, cz) = CentreOfMass();
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            int t = a.Tag[i];
            Unwrapped(i, out var ux, out var uy, out var uz);
            _ref[3 * t] = ux - cx; _ref[3 * t + 1] = uy - cy; _ref[3 * t + 2] = uz - cz;
            _has[t] = true;
        }
    }

    public override double[] ComputeVector()
    {
        // one invocation per consumer evaluation (thermo line, fix ave/time sample, ...), as LAMMPS: matters for average yes
        var stamp = (Sim.ComputeEpoch, Sim.Step, Sim.RunIndex);
        if (_computed && stamp == _stamp) return _vector;
        _computed = true;
        _stamp = stamp;
        EnsureTagCapacity();
        var a = Sim.Atoms;
        var (cx, cy, cz) = CentreOfMass();
        bool update = _average;
        if (update) _nAverage++;
        double sx = 0, sy = 0, sz = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (!InGroup(i)) continue;
            int t = a.Tag[i];
            if (!_has[t])
                throw new GarneticsException($"compute {Id} msd: atom {t} joined group {GroupName} after the compute was defined (not supported)");
            Unwrapped(i, out var ux, out var uy, out var uz);
            ux -= cx; uy -= cy; uz -= cz;
            if (update)
            {
                double w = 1.0 / _nAverage;
                _ref[3 * t] += (ux - _ref[3 * t]) * w;
                _ref[3 * t + 1] += (uy - _ref[3 * t + 1]) * w;
                _ref[3 * t + 2] += (uz - _ref[3 * t + 2]) * w;
            }
            double dx = ux - _ref[3 * t], dy = uy - _ref[3 * t + 1], dz = uz - _ref[3 * t + 2];
            sx += dx * dx; sy += dy * dy; sz += dz * dz;
        }
        var s = new[] { sx, sy, sz };
        Sim.Comm.SumAll(s);
        double n = Sim.GroupCount(GroupBit);
        double inv = n > 0 ? 1.0 / n : 0.0;
        _vector[0] = s[0] * inv; _vector[1] = s[1] * inv; _vector[2] = s[2] * inv;
        _vector[3] = _vector[0] + _vector[1] + _vector[2];
        return _vector;
    }

    // restart state: com, average flags, number of positions in the running average, then (tag, ref xyz) per stored atom
    private byte[] WriteState()
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(_com); w.Write(_average); w.Write(_nAverage);
            int count = _has.Count(h => h);
            w.Write(count);
            for (int t = 0; t < _has.Length; t++)
            {
                if (!_has[t]) continue;
                w.Write(t); w.Write(_ref[3 * t]); w.Write(_ref[3 * t + 1]); w.Write(_ref[3 * t + 2]);
            }
        }
        return ms.ToArray();
    }

    private void ReadState(byte[] state)
    {
        using var r = new BinaryReader(new MemoryStream(state));
        bool com = r.ReadBoolean(), average = r.ReadBoolean();
        if (com != _com || average != _average)
            throw new GarneticsException($"compute {Id} msd: the restart file stores its reference with com {(com ? "yes" : "no")} average {(average ? "yes" : "no")}; define it with the same options", Location);
        _nAverage = r.ReadInt64();
        int count = r.ReadInt32();
        EnsureTagCapacity();
        for (int k = 0; k < count; k++)
        {
            int t = r.ReadInt32();
            if (t >= _has.Length) { Array.Resize(ref _has, t + 1); Array.Resize(ref _ref, 3 * (t + 1)); }
            _has[t] = true;
            _ref[3 * t] = r.ReadDouble(); _ref[3 * t + 1] = r.ReadDouble(); _ref[3 * t + 2] = r.ReadDouble();
        }
    }

    /// <summary>Internal fix holding the reference positions so that write_restart stores them (LAMMPS's fix STORE).</summary>
    private sealed class MsdStore(ComputeMsd owner) : Fix
    {
        public const string Style = "STORE/msd";
        public override void Configure(CommandArgs args) { }
        public override int NEvery => int.MaxValue;
        public override byte[]? WriteRestart() => owner.WriteState();
        public override void ReadRestart(byte[] state) => owner.ReadState(state);
    }
}
