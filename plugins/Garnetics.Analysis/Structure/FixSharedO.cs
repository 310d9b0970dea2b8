using Garnetics.Analysis.Plot;

namespace Garnetics.Analysis.Structure;

[FixStyle("sharedO",
    Syntax = "fix ID group sharedO Nevery file F [cut La 3.2] [cut Zr 2.8] [la SPECIES] [zr SPECIES] [o SPECIES] [plot F.svg]",
    Help = """
        Oxygen shared between cation polyhedra: the polyhedron of a La (Zr) atom is the set of O atoms with r < cut La
        (cut Zr), defaults 3.2 Å and 2.8 Å (about the first minima of g_LaO and g_ZrO in LLZO). Two polyhedra share the
        O atoms that belong to both (periodic images are told apart: a pair of polyhedra is a pair of cation images, so
        small cells are handled correctly). Sampled every Nevery steps (run or rerun); after each run F gets, for the
        pair types La-La, Zr-Zr and La-Zr, the number of polyhedron pairs per sample that share exactly n O atoms (n = 1
        corner, 2 edge, 3 face, ...), its distribution over n (fraction of sharing pairs), and per cation of the first
        type the mean number of shared O atoms with polyhedra of the second type (sum over pairs of n / number of
        first-type cations; for La-La and Zr-Zr each pair counts for both cations). la/zr/o choose the species (default:
        types whose element is La, Zr, O); plot writes the distributions as SVG. Restart files (write_restart) carry the
        accumulated histograms: after read_restart, the fix defined again with the same ID, style and settings continues
        them.
        """)]
public sealed class FixSharedO : StructureFix
{
    string _file = "";
    string? _plot;
    double _cutLa = 3.2, _cutZr = 2.8;
    Species? _la, _zr, _o;
    // [category][n] = number of polyhedron pairs sharing n O, summed over samples; categories La-La, Zr-Zr, La-Zr
    readonly List<long>[] _hist = [[], [], []];
    readonly long[] _nCation = new long[2];
    static readonly string[] Names = ["La-La", "Zr-Zr", "La-Zr"];

    public override void Configure(CommandArgs args)
    {
        ParseEvery(args, 0);
        for (int i = 1; i < args.Count;)
        {
            switch (args[i])
            {
                case "file": _file = OutputFile(args, i + 1); i += 2; break;
                case "plot": _plot = OutputFile(args, i + 1); i += 2; break;
                case "cut":
                {
                    string which = args.Choice(i + 1, "La", "Zr");
                    double v = Positive(args, i + 2, $"{which}-O cut-off");
                    if (which == "La") _cutLa = v; else _cutZr = v;
                    i += 3; break;
                }
                case "la": _la = Species.Parse(Sim, args, i + 1); i += 2; break;
                case "zr": _zr = Species.Parse(Sim, args, i + 1); i += 2; break;
                case "o": _o = Species.Parse(Sim, args, i + 1); i += 2; break;
                default: throw args.Error(i, $"fix sharedO: unknown keyword '{args[i]}' (expected file, cut, la, zr, o, plot)");
            }
        }
        RequireFile(args, _file);
        _la = SpeciesOrElement(_la, args, "La");
        _zr = SpeciesOrElement(_zr, args, "Zr");
        _o = SpeciesOrElement(_o, args, "O");
        if (_la.Overlaps(_zr) || _la.Overlaps(_o) || _zr.Overlaps(_o)) throw args.Error("fix sharedO: the la, zr and o species must not share atom types");
    }

    protected override void Sample()
    {
        var a = Sim.Atoms;
        var box = Sim.Box;
        var x = a.X;
        var la = Select(_la!);
        var zr = Select(_zr!);
        var cations = la.Concat(zr).ToList();
        _nCation[0] += la.Count;
        _nCation[1] += zr.Count;
        var isLa = new HashSet<int>(la);
        var cells = new PeriodicCells(box, x, cations, Math.Max(_cutLa, _cutZr));
        double rla2 = _cutLa * _cutLa, rzr2 = _cutZr * _cutZr;
        var shared = new Dictionary<(int, int, int, int, int), int>();
        var around = new List<(int c, double dx, double dy, double dz)>();
        var hi = box.HInv;
        foreach (int o in Select(_o!))
        {
            around.Clear();
            cells.Query(box, x[3 * o], x[3 * o + 1], x[3 * o + 2], o, (c, r2, dx, dy, dz) =>
            {
                if (r2 < (isLa.Contains(c) ? rla2 : rzr2)) around.Add((c, dx, dy, dz));
            });
            for (int p = 0; p < around.Count; p++)
                for (int q = p + 1; q < around.Count; q++)
                {
                    var (c1, ax, ay, az) = around[p];
                    var (c2, bx, by, bz) = around[q];
                    // lattice shift of the c2 image relative to the c1 image
                    double ex = bx - ax - (x[3 * c2] - x[3 * c1]), ey = by - ay - (x[3 * c2 + 1] - x[3 * c1 + 1]), ez = bz - az - (x[3 * c2 + 2] - x[3 * c1 + 2]);
                    int s0 = (int)Math.Round(hi[0] * ex + hi[5] * ey + hi[4] * ez);
                    int s1 = (int)Math.Round(hi[1] * ey + hi[3] * ez);
                    int s2 = (int)Math.Round(hi[2] * ez);
                    if (c1 > c2 || (c1 == c2 && (s0, s1, s2).CompareTo((0, 0, 0)) < 0))
                    {
                        (c1, c2) = (c2, c1);
                        s0 = -s0; s1 = -s1; s2 = -s2;
                    }
                    var key = (c1, c2, s0, s1, s2);
                    shared[key] = shared.GetValueOrDefault(key) + 1;
                }
        }
        foreach (var (key, n) in shared)
        {
            bool l1 = isLa.Contains(key.Item1), l2 = isLa.Contains(key.Item2);
            int cat = l1 && l2 ? 0 : !l1 && !l2 ? 1 : 2;
            var h = _hist[cat];
            while (h.Count <= n) h.Add(0);
            h[n]++;
        }
    }

    protected override IEnumerable<Setting> RestartSettings()
    {
        yield return new($"cut-offs La-O {F(_cutLa)} A and Zr-O {F(_cutZr)} A", $"{RealKey(_cutLa)} {RealKey(_cutZr)}");
        yield return new($"la {_la!.Label}, zr {_zr!.Label}, o {_o!.Label}", $"{TypeKey(_la)} {TypeKey(_zr)} {TypeKey(_o)}");
    }

    protected override void SaveState(BinaryWriter w)
    {
        foreach (var h in _hist) Write(w, h);
        Write(w, _nCation);
    }

    protected override void LoadState(BinaryReader r)
    {
        foreach (var h in _hist)
        {
            h.Clear();
            h.AddRange(ReadLongs(r));
        }
        var nc = Expect(ReadLongs(r), 2, "cation counts");
        _nCation[0] = nc[0];
        _nCation[1] = nc[1];
    }

    /// <summary>Per category (La-La, Zr-Zr, La-Zr): pairs per sample sharing n O, and mean shared O per first-type cation.</summary>
    public (string Name, double[] PairsPerSample, double SharedPerCation)[] Results()
    {
        var res = new (string, double[], double)[3];
        for (int c = 0; c < 3; c++)
        {
            var h = _hist[c];
            var per = h.Select(v => (double)v / Samples).ToArray();
            double totalShared = 0;
            for (int n = 0; n < h.Count; n++) totalShared += n * (double)h[n];
            long ncat = c == 1 ? _nCation[1] : _nCation[0];
            double perCation = ncat > 0 ? (c == 2 ? totalShared : 2 * totalShared) / ncat : 0;
            res[c] = (Names[c], per, perCation);
        }
        return res;
    }

    protected override void WriteResults()
    {
        var res = Results();
        int nmax = Math.Max(4, res.Max(r => r.PairsPerSample.Length));
        AtomicFile.Write(_file, w =>
        {
            w.WriteLine($"# fix {Id} sharedO: O atoms shared between cation-O polyhedra (La-O < {F(_cutLa)} A, Zr-O < {F(_cutZr)} A)");
            w.WriteLine(SampleLine());
            foreach (var r in res)
                w.WriteLine($"# {r.Name}: mean shared O per {r.Name[..2]} cation with {r.Name[3..]} polyhedra = {F(r.SharedPerCation)}");
            w.WriteLine(Line("# n", res.Select(r => $"pairs({r.Name}) frac({r.Name})")));
            for (int n = 1; n < nmax; n++)
                w.WriteLine(Line(n.ToString(CultureInfo.InvariantCulture), res.Select(r =>
                {
                    double v = n < r.PairsPerSample.Length ? r.PairsPerSample[n] : 0;
                    double tot = r.PairsPerSample.Skip(1).Sum();
                    return $"{F(v)} {F(tot > 0 ? v / tot : 0)}";
                })));
        });
        if (_plot != null)
        {
            var plot = new SvgPlot("Shared O between polyhedra", "shared O atoms n", "fraction of sharing pairs") { XMin = 0, YMin = 0 };
            foreach (var r in res)
            {
                double tot = r.PairsPerSample.Skip(1).Sum();
                var ns = Enumerable.Range(1, Math.Max(1, r.PairsPerSample.Length - 1)).Select(v => (double)v).ToArray();
                plot.AddLinePoints(r.Name, ns, ns.Select(n => (int)n < r.PairsPerSample.Length && tot > 0 ? r.PairsPerSample[(int)n] / tot : 0).ToArray());
            }
            plot.Save(_plot);
        }
    }
}
