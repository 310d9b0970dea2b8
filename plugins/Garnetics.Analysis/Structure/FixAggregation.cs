namespace Garnetics.Analysis.Structure;

[FixStyle("aggregation",
    Syntax = "fix ID group aggregation Nevery file F [cut 5.0] [la SPECIES] [zr SPECIES]",
    Help = """
        La/Zr aggregation (as in the amorphous-LLZO literature): per sampled frame, N(La-La) = mean over La atoms of the
        number of other La atoms within the cut-off (default 5 Å, r < cut, all periodic images), N(Zr-Zr) likewise, and
        N(M-M) with La and Zr treated as one species M (mean over all M atoms of the number of other M atoms within the
        cut-off). Sampled every Nevery steps (run or rerun); after each run F gets one line per sample (step N_LaLa
        N_ZrZr N_MM) and the mean and standard deviation over the samples. la/zr choose the species (element symbols or
        type numbers, comma lists; default: the types whose element is La / Zr). f_ID[1..3] are the last sample's
        N(La-La), N(Zr-Zr), N(M-M); f_ID[4..6] their running means. Restart files (write_restart) carry the sampled
        rows: after read_restart, the fix defined again with the same ID, style and settings continues them.
        """)]
public sealed class FixAggregation : StructureFix
{
    string _file = "";
    double _cut = 5.0;
    Species? _la, _zr;
    readonly List<(long Step, double LaLa, double ZrZr, double MM)> _rows = [];

    public override void Configure(CommandArgs args)
    {
        ParseEvery(args, 0);
        for (int i = 1; i < args.Count;)
        {
            switch (args[i])
            {
                case "file": _file = OutputFile(args, i + 1); i += 2; break;
                case "cut": _cut = Positive(args, i + 1, "cut-off"); i += 2; break;
                case "la": _la = Species.Parse(Sim, args, i + 1); i += 2; break;
                case "zr": _zr = Species.Parse(Sim, args, i + 1); i += 2; break;
                default: throw args.Error(i, $"fix aggregation: unknown keyword '{args[i]}' (expected file, cut, la, zr)");
            }
        }
        RequireFile(args, _file);
        _la = SpeciesOrElement(_la, args, "La");
        _zr = SpeciesOrElement(_zr, args, "Zr");
        if (_la.Overlaps(_zr)) throw args.Error("fix aggregation: the la and zr species share an atom type");
    }

    /// <summary>Mean number of <paramref name="b"/> atoms within the cut-off of an atom of <paramref name="a"/> (self excluded).</summary>
    double MeanCount(List<int> a, List<int> b)
    {
        if (a.Count == 0) return 0;
        var box = Sim.Box;
        var x = Sim.Atoms.X;
        var cells = new PeriodicCells(box, x, b, _cut);
        long n = 0;
        foreach (int i in a) cells.Query(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], i, (_, _, _, _, _) => n++);
        return (double)n / a.Count;
    }

    protected override void Sample()
    {
        var la = Select(_la!);
        var zr = Select(_zr!);
        var m = la.Concat(zr).ToList();
        _rows.Add((Sim.Step, MeanCount(la, la), MeanCount(zr, zr), MeanCount(m, m)));
    }

    public IReadOnlyList<(long Step, double LaLa, double ZrZr, double MM)> Rows => _rows;

    protected override IEnumerable<Setting> RestartSettings()
    {
        yield return new($"cut-off {F(_cut)} A", RealKey(_cut));
        yield return new($"la {_la!.Label}, zr {_zr!.Label}", $"{TypeKey(_la)} {TypeKey(_zr)}");
    }

    protected override void SaveState(BinaryWriter w)
    {
        w.Write(_rows.Count);
        foreach (var (step, lala, zrzr, mm) in _rows)
        {
            w.Write(step);
            w.Write(lala);
            w.Write(zrzr);
            w.Write(mm);
        }
    }

    protected override void LoadState(BinaryReader r)
    {
        int n = r.ReadInt32();
        if (n < 0 || n > (r.BaseStream.Length - r.BaseStream.Position) / 32) throw new EndOfStreamException();
        _rows.Clear();
        for (int k = 0; k < n; k++) _rows.Add((r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble()));
    }

    public override int VectorLength => 6;
    public override double ComputeVector(int i)
    {
        if (_rows.Count == 0) return 0;
        var r = _rows[^1];
        return i switch
        {
            0 => r.LaLa, 1 => r.ZrZr, 2 => r.MM,
            3 => _rows.Average(q => q.LaLa), 4 => _rows.Average(q => q.ZrZr), 5 => _rows.Average(q => q.MM),
            _ => 0,
        };
    }

    static (double mean, double sd) Stats(IEnumerable<double> v)
    {
        var a = v.ToArray();
        double m = a.Average();
        double s = a.Length > 1 ? Math.Sqrt(a.Sum(q => (q - m) * (q - m)) / (a.Length - 1)) : 0;
        return (m, s);
    }

    protected override void WriteResults()
    {
        AtomicFile.Write(_file, w =>
        {
            w.WriteLine($"# fix {Id} aggregation: mean number of like cations within {F(_cut)} A (self excluded, all periodic images)");
            w.WriteLine($"# La = {_la!.Label}, Zr = {_zr!.Label}, M = La and Zr as one species");
            w.WriteLine(SampleLine());
            w.WriteLine("# step N_LaLa N_ZrZr N_MM");
            foreach (var r in _rows) w.WriteLine($"{r.Step} {F(r.LaLa)} {F(r.ZrZr)} {F(r.MM)}");
            var (a, sa) = Stats(_rows.Select(r => r.LaLa));
            var (b, sb) = Stats(_rows.Select(r => r.ZrZr));
            var (c, sc) = Stats(_rows.Select(r => r.MM));
            w.WriteLine($"# mean {F(a)} {F(b)} {F(c)}");
            w.WriteLine($"# stddev {F(sa)} {F(sb)} {F(sc)}");
        });
    }
}
