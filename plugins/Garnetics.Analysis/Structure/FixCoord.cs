using Garnetics.Analysis.Plot;

namespace Garnetics.Analysis.Structure;

[FixStyle("coord",
    Syntax = "fix ID group coord Nevery A B [rc|auto] [A B [rc|auto] ...] file F [rmax R] [nbin N] [plot F.svg]",
    Help = """
        Coordination numbers per pair: for every atom of species A (element symbols or type numbers, comma lists
        allowed) the number n of B atoms (other than itself, all periodic images) with r < rc, sampled every Nevery
        steps (run or rerun); after each run the file F gets, per pair, the cut-off, the mean <n> over all sampled A
        atoms and frames, and the histogram P(n) (fraction of A atoms with n neighbours); plot writes the histograms as
        SVG. rc is a distance written as a real number (3.0; a plain integer would be read as the next type number);
        without rc, or with auto (the default), the cut-off is the first minimum of g_ab(r) sampled by the fix on nbin
        bins (default 300) up to rmax (default 6 Å): the first local minimum after the highest peak of g (counts/shell
        volume, smoothed over 5 bins), minimum over ±5 bins, rounded up to its bin's upper edge (so within dr =
        rmax/nbin above the minimum); the counts are then exact at that edge. Results accumulate over all runs since the
        fix was defined. Restart files (write_restart) carry the accumulated histograms: after read_restart, the fix
        defined again with the same ID, style and settings continues them.
        """)]
public sealed class FixCoord : StructureFix
{
    sealed class Pair
    {
        public required Species A, B;
        public double Cut; // <= 0: auto
        public readonly List<long> Hist = [];     // explicit cut: count of (atom, frame) with n neighbours
        public long[] RdfCounts = [];             // auto: pair counts per bin
        public List<long>[] BinHist = [];          // auto: per bin edge k, histogram of cumulative counts
        public long Atoms;                         // sampled A atom-frames
    }

    readonly List<Pair> _pairs = [];
    string _file = "";
    string? _plot;
    double _rmax = 6.0;
    int _nbin = 300;

    public override void Configure(CommandArgs args)
    {
        ParseEvery(args, 0);
        int i = 1;
        string[] keys = ["file", "rmax", "nbin", "plot"];
        while (i < args.Count && Array.IndexOf(keys, args[i]) < 0)
        {
            if (i + 1 >= args.Count || Array.IndexOf(keys, args[i + 1]) >= 0)
                throw args.Error(i, $"fix coord: species '{args[i]}' has no partner (pairs are given as A B [rc|auto])");
            var p = new Pair { A = Species.Parse(Sim, args, i), B = Species.Parse(Sim, args, i + 1) };
            i += 2;
            // optional cut-off: 'auto', or a distance written as a real number (3.0, not 3, which would be a type number)
            if (i < args.Count && args[i] == "auto") { p.Cut = 0; i++; }
            else if (i < args.Count && LooksLikeDistance(args[i])) { p.Cut = Positive(args, i, "cut-off rc"); i++; }
            else p.Cut = 0;
            _pairs.Add(p);
        }
        if (_pairs.Count == 0) throw args.Error(Math.Min(i, args.Count - 1), "fix coord: give at least one pair A B rc after Nevery");
        while (i < args.Count)
        {
            switch (args[i])
            {
                case "file": _file = OutputFile(args, i + 1); i += 2; break;
                case "plot": _plot = OutputFile(args, i + 1); i += 2; break;
                case "rmax": _rmax = Positive(args, i + 1, "rmax"); i += 2; break;
                case "nbin":
                    _nbin = args.Int(i + 1, "nbin");
                    if (_nbin < 10) throw args.Error(i + 1, $"nbin must be >= 10, got {_nbin}");
                    i += 2; break;
                default: throw args.Error(i, $"fix coord: unknown keyword '{args[i]}' (expected file, rmax, nbin, plot)");
            }
        }
        RequireFile(args, _file);
        foreach (var p in _pairs)
            if (p.Cut <= 0)
            {
                p.RdfCounts = new long[_nbin];
                p.BinHist = Enumerable.Range(0, _nbin).Select(_ => new List<long>()).ToArray();
            }
    }

    static bool LooksLikeDistance(string w) =>
        (w.Contains('.') || w.Contains('e') || w.Contains('E')) && CommandArgs.TryParseDouble(w, out _);

    static void Add(List<long> h, int n)
    {
        while (h.Count <= n) h.Add(0);
        h[n]++;
    }

    protected override void Sample()
    {
        var box = Sim.Box;
        var x = Sim.Atoms.X;
        double dr = _rmax / _nbin;
        var local = new int[_nbin];
        foreach (var p in _pairs)
        {
            var la = Select(p.A);
            var lb = Select(p.B);
            p.Atoms += la.Count;
            bool auto = p.Cut <= 0;
            var cells = new PeriodicCells(box, x, lb, auto ? _rmax : p.Cut);
            double rc2 = p.Cut * p.Cut;
            foreach (int i in la)
            {
                if (!auto)
                {
                    int n = 0;
                    cells.Query(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], i, (j, r2, _, _, _) => { if (r2 < rc2) n++; });
                    Add(p.Hist, n);
                    continue;
                }
                Array.Clear(local);
                cells.Query(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], i, (j, r2, _, _, _) =>
                {
                    int k = (int)(Math.Sqrt(r2) / dr);
                    if (k < _nbin) local[k]++;
                });
                int cum = 0;
                for (int k = 0; k < _nbin; k++)
                {
                    p.RdfCounts[k] += local[k];
                    cum += local[k];
                    Add(p.BinHist[k], cum); // neighbours with r < upper edge of bin k
                }
            }
        }
    }

    protected override IEnumerable<Setting> RestartSettings()
    {
        string Cut(Pair p) => p.Cut > 0 ? $"rc {F(p.Cut)}" : "auto";
        yield return new($"pairs {string.Join(", ", _pairs.Select(p => $"{p.A.Label}-{p.B.Label} {Cut(p)}"))}",
            string.Join(" ", _pairs.Select(p => $"{TypeKey(p.A)}-{TypeKey(p.B)}:{(p.Cut > 0 ? RealKey(p.Cut) : "auto")}")));
        // the g(r) grid of the automatic cut-offs (irrelevant when every cut-off is given)
        bool auto = _pairs.Any(p => p.Cut <= 0);
        yield return auto ? new($"{_nbin} bins up to {F(_rmax)} A for the automatic cut-offs", $"{_nbin} {RealKey(_rmax)}") : new("no automatic cut-off");
    }

    protected override void SaveState(BinaryWriter w)
    {
        foreach (var p in _pairs)
        {
            w.Write(p.Atoms);
            Write(w, p.Hist);
            Write(w, p.RdfCounts);
            w.Write(p.BinHist.Length);
            foreach (var h in p.BinHist) Write(w, h);
        }
    }

    protected override void LoadState(BinaryReader r)
    {
        foreach (var p in _pairs)
        {
            p.Atoms = r.ReadInt64();
            p.Hist.Clear();
            p.Hist.AddRange(ReadLongs(r));
            int nb = p.Cut > 0 ? 0 : _nbin;
            p.RdfCounts = Expect(ReadLongs(r), nb, "g(r) bins");
            ExpectCount(r.ReadInt32(), nb, "histogram bins");
            for (int k = 0; k < nb; k++)
            {
                p.BinHist[k].Clear();
                p.BinHist[k].AddRange(ReadLongs(r));
            }
        }
    }

    /// <summary>Index of the first minimum of g (see Help), or -1.</summary>
    public static int FirstMinimum(IReadOnlyList<double> g, int smooth = 5, int window = 5)
    {
        int n = g.Count;
        var s = new double[n];
        for (int k = 0; k < n; k++)
        {
            double sum = 0; int c = 0;
            for (int q = k - smooth / 2; q <= k + smooth / 2; q++) if (q >= 0 && q < n) { sum += g[q]; c++; }
            s[k] = sum / c;
        }
        int peak = 0;
        for (int k = 1; k < n; k++) if (s[k] > s[peak]) peak = k;
        for (int k = peak + 1; k < n - window; k++)
        {
            bool min = true;
            for (int q = Math.Max(0, k - window); q <= k + window && min; q++) if (s[q] < s[k]) min = false;
            if (min && s[k] < s[peak]) return k;
        }
        return -1;
    }

    /// <summary>Per pair: cut-off used, mean coordination number, histogram P(n).</summary>
    public List<(string Label, double Cut, double Mean, double[] P, string How)> Results()
    {
        var list = new List<(string, double, double, double[], string)>();
        double dr = _rmax / _nbin;
        foreach (var p in _pairs)
        {
            string label = $"{p.A.Label}-{p.B.Label}";
            List<long> h;
            double cut;
            string how;
            if (p.Cut > 0) { h = p.Hist; cut = p.Cut; how = "given"; }
            else
            {
                var g = new double[_nbin];
                for (int k = 0; k < _nbin; k++)
                {
                    double lo = k * dr, hi = lo + dr;
                    g[k] = p.RdfCounts[k] / (4.0 / 3.0 * Math.PI * (hi * hi * hi - lo * lo * lo));
                }
                int m = FirstMinimum(g);
                if (m < 0)
                {
                    Sim.Print($"WARNING: fix {Id} coord: no first minimum of g({label}) below rmax = {F(_rmax)}; using rmax as the cut-off");
                    m = _nbin - 1;
                    how = "auto: no minimum found, rmax";
                }
                else how = "auto: first minimum of g, bin upper edge";
                h = p.BinHist[m];
                cut = (m + 1) * dr;
            }
            long total = h.Sum();
            var prob = h.Select(c => total > 0 ? (double)c / total : 0).ToArray();
            double mean = 0;
            for (int n = 0; n < h.Count; n++) mean += n * (double)h[n];
            list.Add((label, cut, total > 0 ? mean / total : 0, prob, how));
        }
        return list;
    }

    protected override void WriteResults()
    {
        var res = Results();
        int nmax = res.Max(r => r.P.Length);
        AtomicFile.Write(_file, w =>
        {
            w.WriteLine($"# fix {Id} coord: coordination numbers n = #B within rc of each A (self excluded, all periodic images)");
            w.WriteLine(SampleLine());
            foreach (var r in res)
                w.WriteLine($"# pair {r.Label}: rc = {F(r.Cut)} A ({r.How}), <n> = {F(r.Mean)}");
            w.WriteLine(Line("# n", res.Select(r => $"P({r.Label})")));
            for (int n = 0; n < nmax; n++)
                w.WriteLine(Line(n.ToString(CultureInfo.InvariantCulture), res.Select(r => F(n < r.P.Length ? r.P[n] : 0))));
        });
        if (_plot != null)
        {
            var plot = new SvgPlot("Coordination number histograms", "n", "P(n)") { XMin = 0, YMin = 0 };
            foreach (var r in res)
                plot.AddLinePoints($"{r.Label} (rc {r.Cut:0.##} Å)", Enumerable.Range(0, r.P.Length).Select(v => (double)v).ToArray(), r.P);
            plot.Save(_plot);
        }
    }
}
