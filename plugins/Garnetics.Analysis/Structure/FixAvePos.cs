using System.Text;

namespace Garnetics.Analysis.Structure;

[FixStyle("avepos",
    Syntax = "fix ID group avepos Nevery Nrepeat file F.xyz",
    Help = """
        Time-averaged positions: the unwrapped position (x + image·box) of every atom of the group is averaged over
        windows of Nrepeat samples taken every Nevery steps (a window spans Nevery·Nrepeat steps, e.g. 50 ps), and each
        complete window becomes one frame of the extended XYZ file F (written after each run): the mean cell as
        Lattice=, species (element or type number), id, and the mean position wrapped back into the mean cell; Timestep=
        is the window's last step, Time= the mean of its sample times. The average needs continuous unwrapped
        coordinates: in a rerun give the dump's ix iy iz or use xu yu zu. An incomplete last window is dropped. Restart
        files (write_restart) carry the completed windows and the sums of the open one: after read_restart, the fix
        defined again with the same ID, style and settings continues them (a window may span the restart).
        """)]
public sealed class FixAvePos : StructureFix
{
    int _nrepeat;
    string _file = "";
    int[] _tags = [];
    double[] _sum = [];
    double[] _boxSum = new double[9]; // xlo ylo zlo lx ly lz xy xz yz
    double _timeSum;
    int _inWindow;
    readonly List<(long Step, double Time, double[] Box, int[] Tags, int[] Types, double[] X)> _frames = [];

    public override void Configure(CommandArgs args)
    {
        ParseEvery(args, 0);
        _nrepeat = args.Int(1, "Nrepeat");
        if (_nrepeat < 1) throw args.Error(1, $"Nrepeat must be >= 1, got {_nrepeat}");
        for (int i = 2; i < args.Count;)
        {
            switch (args[i])
            {
                case "file": _file = OutputFile(args, i + 1); i += 2; break;
                default: throw args.Error(i, $"fix avepos: unknown keyword '{args[i]}' (expected file)");
            }
        }
        RequireFile(args, _file);
    }

    protected override void Sample()
    {
        var a = Sim.Atoms;
        var box = Sim.Box;
        var sel = new List<int>();
        for (int i = 0; i < a.NLocal; i++) if (InGroup(i)) sel.Add(i);
        sel.Sort((p, q) => a.Tag[p].CompareTo(a.Tag[q]));
        if (_inWindow == 0)
        {
            _tags = sel.Select(i => a.Tag[i]).ToArray();
            _sum = new double[3 * _tags.Length];
            Array.Clear(_boxSum);
            _timeSum = 0;
        }
        else if (sel.Count != _tags.Length || sel.Where((i, k) => a.Tag[i] != _tags[k]).Any())
            throw new GarneticsException($"fix {Id} avepos: the atoms of group {GroupName} changed within an averaging window (step {Sim.Step})");
        for (int k = 0; k < sel.Count; k++)
        {
            int i = sel[k];
            box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2], out var ux, out var uy, out var uz);
            _sum[3 * k] += ux; _sum[3 * k + 1] += uy; _sum[3 * k + 2] += uz;
        }
        double[] b = [box.XLo, box.YLo, box.ZLo, box.Lx, box.Ly, box.Lz, box.XY, box.XZ, box.YZ];
        for (int q = 0; q < 9; q++) _boxSum[q] += b[q];
        _timeSum += Sim.Time;
        if (++_inWindow < _nrepeat) return;
        var mb = _boxSum.Select(v => v / _nrepeat).ToArray();
        var mean = new Box { XLo = mb[0], YLo = mb[1], ZLo = mb[2], XHi = mb[0] + mb[3], YHi = mb[1] + mb[4], ZHi = mb[2] + mb[5], XY = mb[6], XZ = mb[7], YZ = mb[8], Defined = true };
        mean.Triclinic = mean.XY != 0 || mean.XZ != 0 || mean.YZ != 0;
        mean.SetGlobal();
        var x = new double[_sum.Length];
        for (int k = 0; k < _tags.Length; k++)
        {
            double px = _sum[3 * k] / _nrepeat, py = _sum[3 * k + 1] / _nrepeat, pz = _sum[3 * k + 2] / _nrepeat;
            int ix = 0, iy = 0, iz = 0;
            mean.Remap(ref px, ref py, ref pz, ref ix, ref iy, ref iz);
            x[3 * k] = px; x[3 * k + 1] = py; x[3 * k + 2] = pz;
        }
        _frames.Add((Sim.Step, _timeSum / _nrepeat, mb, _tags, sel.Select(i => a.Type[i]).ToArray(), x));
        _inWindow = 0;
    }

    protected override IEnumerable<Setting> RestartSettings()
    {
        yield return new($"windows of {_nrepeat} samples");
    }

    protected override void SaveState(BinaryWriter w)
    {
        w.Write(_inWindow);
        Write(w, _tags);
        Write(w, _sum);
        Write(w, _boxSum);
        w.Write(_timeSum);
        w.Write(_frames.Count);
        foreach (var (step, time, box, tags, types, x) in _frames)
        {
            w.Write(step);
            w.Write(time);
            Write(w, box);
            Write(w, tags);
            Write(w, types);
            Write(w, x);
        }
    }

    protected override void LoadState(BinaryReader r)
    {
        _inWindow = r.ReadInt32();
        if (_inWindow < 0 || _inWindow >= _nrepeat) ExpectCount(_inWindow, 0, "samples in the open window");
        _tags = ReadInts(r);
        _sum = Expect(ReadDoubles(r), 3 * _tags.Length, "position sums");
        _boxSum = Expect(ReadDoubles(r), 9, "cell sums");
        _timeSum = r.ReadDouble();
        int n = r.ReadInt32();
        if (n < 0 || n > (r.BaseStream.Length - r.BaseStream.Position) / 32) throw new EndOfStreamException();
        _frames.Clear();
        for (int k = 0; k < n; k++)
        {
            long step = r.ReadInt64();
            double time = r.ReadDouble();
            var box = Expect(ReadDoubles(r), 9, "cell values per frame");
            var tags = ReadInts(r);
            var types = Expect(ReadInts(r), tags.Length, "types per frame");
            var x = Expect(ReadDoubles(r), 3 * tags.Length, "coordinates per frame");
            _frames.Add((step, time, box, tags, types, x));
        }
    }

    /// <summary>Completed windows: last step, mean time, tags and mean wrapped positions.</summary>
    public IReadOnlyList<(long Step, double Time, double[] Box, int[] Tags, int[] Types, double[] X)> Frames => _frames;

    protected override void WriteResults()
    {
        if (_frames.Count == 0)
        {
            Sim.Print($"WARNING: fix {Id} avepos: no complete window of {_nrepeat} samples; '{_file}' not written");
            return;
        }
        var te = Sim.Atoms.TypeElement;
        static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        AtomicFile.Write(_file, w =>
        {
            var sb = new StringBuilder();
            foreach (var f in _frames)
            {
                sb.Clear();
                var b = f.Box;
                sb.Append(f.Tags.Length).Append('\n');
                sb.Append($"Lattice=\"{R(b[3])} 0 0 {R(b[6])} {R(b[4])} 0 {R(b[7])} {R(b[8])} {R(b[5])}\" Origin=\"{R(b[0])} {R(b[1])} {R(b[2])}\" ");
                sb.Append($"Properties=species:S:1:id:I:1:pos:R:3 Timestep={f.Step} Time={R(f.Time)} window={_nrepeat}x{Every} pbc=\"T T T\"\n");
                for (int k = 0; k < f.Tags.Length; k++)
                {
                    int t = f.Types[k];
                    string sp = t < te.Length && te[t] is { } el ? el : t.ToString(CultureInfo.InvariantCulture);
                    sb.Append(sp).Append(' ').Append(f.Tags[k]).Append(' ').Append(R(f.X[3 * k])).Append(' ').Append(R(f.X[3 * k + 1])).Append(' ').Append(R(f.X[3 * k + 2])).Append('\n');
                }
                w.Write(sb.ToString());
            }
        });
    }
}
