using Garnetics.Analysis.Plot;

namespace Garnetics.Analysis.Structure;

[FixStyle("rdf/partial",
    Syntax = "fix ID group rdf/partial Nevery Nbin Rmax A B [A B ...] file F [plot G.svg] [nplot N.svg] [density partner|pairs]",
    Help = """
        Time-averaged partial radial distribution functions g_ab(r) and running coordination numbers N_ab(r), sampled
        every Nevery steps (run or rerun) and written after each run as a table F (columns r, r_upper, then g and N per
        pair) and optional SVG plots. A and B are element symbols or type numbers (comma lists allowed: La,Zr); only
        atoms of the fix group count. Bins: Nbin equal bins of width dr = Rmax/Nbin on [0, Rmax), r = bin centre. Pairs:
        ordered (i in A, j in B, i != j) over all periodic images within Rmax (no minimum-image limit). Normalisation
        (identical to MDAnalysis InterRDF norm='rdf' with exclusion of self-pairs): g_ab(r_k) = Σ_frames n_k / (M · V_k
        · (N_a N_b − N_common) / <V>), with n_k the pair count in bin k, M the number of samples, V_k = 4π/3 (r_hi³ −
        r_lo³) the shell volume, N_common the atoms in both A and B, <V> the mean cell volume. N_ab(r) = 4π ρ ∫0^r
        g_ab(s) s² ds evaluated at the bin's upper edge r_upper; density partner (default): ρ = ρ_b = N_b/<V> (the
        partner-species density, so N_ab(r) = mean number of B within r of an A when A and B are disjoint; for A = B it
        is that number times N_a/(N_a−1)); density pairs: ρ = (N_a N_b − N_common)/(N_a <V>), for which N_ab(r) is
        exactly the mean number of B atoms (other than itself) within r of an A atom. Results accumulate over all runs
        since the fix was defined. Restart files (write_restart) carry the accumulated averages: after read_restart, the
        fix defined again with the same ID, style and settings continues them.
        """)]
public sealed class FixRdfPartial : StructureFix
{
    int _nbin;
    double _rmax;
    readonly List<(Species A, Species B)> _pairs = [];
    string _file = "";
    string? _plot, _nplot;
    bool _pairDensity;
    long[][] _counts = [];
    double _volSum;
    double[] _npairSums = [], _nbSums = [], _naSums = [];

    public override void Configure(CommandArgs args)
    {
        ParseEvery(args, 0);
        _nbin = args.Int(1, "Nbin");
        if (_nbin < 1) throw args.Error(1, $"Nbin must be >= 1, got {_nbin}");
        _rmax = Positive(args, 2, "Rmax");
        int i = 3;
        string[] keys = ["file", "plot", "nplot", "density"];
        while (i < args.Count && Array.IndexOf(keys, args[i]) < 0)
        {
            if (i + 1 >= args.Count || Array.IndexOf(keys, args[i + 1]) >= 0)
                throw args.Error(i, $"fix rdf/partial: species '{args[i]}' has no partner (pairs are given as A B)");
            _pairs.Add((Species.Parse(Sim, args, i), Species.Parse(Sim, args, i + 1)));
            i += 2;
        }
        if (_pairs.Count == 0) throw args.Error(Math.Min(i, args.Count - 1), "fix rdf/partial: give at least one pair A B after Rmax");
        while (i < args.Count)
        {
            switch (args[i])
            {
                case "file": _file = OutputFile(args, i + 1); i += 2; break;
                case "plot": _plot = OutputFile(args, i + 1); i += 2; break;
                case "nplot": _nplot = OutputFile(args, i + 1); i += 2; break;
                case "density": _pairDensity = args.Choice(i + 1, "partner", "pairs") == "pairs"; i += 2; break;
                default: throw args.Error(i, $"fix rdf/partial: unknown keyword '{args[i]}' (expected file, plot, nplot, density)");
            }
        }
        RequireFile(args, _file);
        _counts = _pairs.Select(_ => new long[_nbin]).ToArray();
        _npairSums = new double[_pairs.Count];
        _nbSums = new double[_pairs.Count];
        _naSums = new double[_pairs.Count];
    }

    protected override void Sample()
    {
        var box = Sim.Box;
        var x = Sim.Atoms.X;
        double dr = _rmax / _nbin;
        var cache = new Dictionary<string, PeriodicCells>();
        for (int p = 0; p < _pairs.Count; p++)
        {
            var (A, B) = _pairs[p];
            var la = Select(A);
            var lb = Select(B);
            var setB = new HashSet<int>(lb);
            int common = la.Count(setB.Contains);
            _npairSums[p] += (double)la.Count * lb.Count - common;
            _nbSums[p] += lb.Count;
            _naSums[p] += la.Count;
            if (!cache.TryGetValue(B.Label, out var cells)) cache[B.Label] = cells = new PeriodicCells(box, x, lb, _rmax);
            var counts = _counts[p];
            foreach (int i in la)
                cells.Query(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], i, (j, r2, _, _, _) =>
                {
                    int k = (int)(Math.Sqrt(r2) / dr);
                    if (k < _nbin) counts[k]++;
                });
        }
        _volSum += box.Volume;
    }

    /// <summary>g_ab per pair (after at least one sample), bin centres, upper edges and running N_ab.</summary>
    public (double[] r, double[] rUpper, double[][] g, double[][] n) Results()
    {
        int m = Samples;
        double dr = _rmax / _nbin, vMean = _volSum / m;
        var r = new double[_nbin];
        var ru = new double[_nbin];
        var shell = new double[_nbin];
        for (int k = 0; k < _nbin; k++)
        {
            double lo = k * dr, hi = (k + 1) * dr;
            r[k] = lo + 0.5 * dr;
            ru[k] = hi;
            shell[k] = 4.0 / 3.0 * Math.PI * (hi * hi * hi - lo * lo * lo);
        }
        var g = new double[_pairs.Count][];
        var n = new double[_pairs.Count][];
        for (int p = 0; p < _pairs.Count; p++)
        {
            double npair = _npairSums[p] / m, nb = _nbSums[p] / m, na = _naSums[p] / m;
            double rho = _pairDensity ? (na > 0 ? npair / (na * vMean) : 0) : nb / vMean;
            g[p] = new double[_nbin];
            n[p] = new double[_nbin];
            double run = 0;
            for (int k = 0; k < _nbin; k++)
            {
                g[p][k] = npair > 0 ? _counts[p][k] / (m * shell[k] * npair / vMean) : 0;
                run += rho * g[p][k] * shell[k];
                n[p][k] = run;
            }
        }
        return (r, ru, g, n);
    }

    protected override IEnumerable<Setting> RestartSettings()
    {
        yield return new($"{_nbin} bins up to {F(_rmax)} A", $"{_nbin} {RealKey(_rmax)}");
        yield return new($"pairs {string.Join(" ", PairLabels)}", string.Join(" ", _pairs.Select(p => $"{TypeKey(p.A)}-{TypeKey(p.B)}")));
        yield return new(_pairDensity ? "density pairs" : "density partner");
    }

    protected override void SaveState(BinaryWriter w)
    {
        foreach (var c in _counts) Write(w, c);
        w.Write(_volSum);
        Write(w, _npairSums);
        Write(w, _nbSums);
        Write(w, _naSums);
    }

    protected override void LoadState(BinaryReader r)
    {
        for (int p = 0; p < _counts.Length; p++) _counts[p] = Expect(ReadLongs(r), _nbin, "bins");
        _volSum = r.ReadDouble();
        _npairSums = Expect(ReadDoubles(r), _pairs.Count, "pairs");
        _nbSums = Expect(ReadDoubles(r), _pairs.Count, "pairs");
        _naSums = Expect(ReadDoubles(r), _pairs.Count, "pairs");
    }

    public IReadOnlyList<string> PairLabels => _pairs.Select(p => $"{p.A.Label}-{p.B.Label}").ToList();

    protected override void WriteResults()
    {
        var (r, ru, g, n) = Results();
        var labels = PairLabels;
        double vMean = _volSum / Samples;
        AtomicFile.Write(_file, w =>
        {
            w.WriteLine($"# fix {Id} rdf/partial: time-averaged partial RDFs g_ab(r) and running coordination N_ab(r)");
            w.WriteLine(SampleLine() + $", <V> = {F(vMean)} A^3, {_nbin} bins of {F(_rmax / _nbin)} A up to {F(_rmax)} A");
            w.WriteLine("# g_ab(r) = sum n_k / (M V_k (N_a N_b - N_common) / <V>)  (MDAnalysis InterRDF norm='rdf', self-pairs excluded)");
            w.WriteLine(_pairDensity
                ? "# N_ab(r_upper) = 4 pi rho int_0^r g s^2 ds with rho = (N_a N_b - N_common)/(N_a <V>) (mean count of B around A)"
                : "# N_ab(r_upper) = 4 pi rho_b int_0^r g s^2 ds with rho_b = N_b/<V> (partner-species density)");
            for (int p = 0; p < _pairs.Count; p++)
                w.WriteLine($"# pair {labels[p]}: N_a = {F(_naSums[p] / Samples)}, N_b = {F(_nbSums[p] / Samples)}, pairs = {F(_npairSums[p] / Samples)}");
            w.WriteLine(Line("# r r_upper", labels.Select(l => $"g({l}) N({l})")));
            for (int k = 0; k < _nbin; k++)
                w.WriteLine(Line($"{F(r[k])} {F(ru[k])}", Enumerable.Range(0, _pairs.Count).Select(p => $"{F(g[p][k])} {F(n[p][k])}")));
        });
        if (_plot != null)
        {
            var plot = new SvgPlot("Partial radial distribution functions", "r (Å)", "g(r)") { XMin = 0, XMax = _rmax };
            for (int p = 0; p < _pairs.Count; p++) plot.AddLine(labels[p], r, g[p]);
            plot.Save(_plot);
        }
        if (_nplot != null)
        {
            var plot = new SvgPlot("Running coordination numbers", "r (Å)", "N(r)") { XMin = 0, XMax = _rmax };
            for (int p = 0; p < _pairs.Count; p++) plot.AddLine(labels[p], ru, n[p]);
            plot.Save(_nplot);
        }
    }
}
