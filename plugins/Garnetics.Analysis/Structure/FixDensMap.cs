using Garnetics.Analysis.Plot;

namespace Garnetics.Analysis.Structure;

[FixStyle("densmap",
    Syntax = "fix ID group densmap Nevery S1 [S2 ...] axis a|b|c slice lo hi nbin N1 N2 file F [plot PREFIX]",
    Help = """
        Time-averaged 2D number-density maps of species S1, S2 ... (element symbols or type numbers, comma lists; e.g.
        Li La) on a slice of the cell: atoms whose fractional coordinate along the cell vector `axis` (a, b or c; for an
        orthogonal cell x, y or z) lies in [lo, hi) (fractions of the cell, 0 <= lo < hi <= 1) are binned by their other
        two fractional coordinates (in cyclic order: for c, along a then b) into N1 × N2 cells. density = count / (M ·
        V·(hi−lo)/(N1·N2)) atoms/Å³, M the number of samples, V the instantaneous cell volume per sample. Sampled every
        Nevery steps (run or rerun); after each run F gets one row per map cell (fractional centres u v, the Cartesian
        centre of the cell at mid-slice, and the density per species), and plot writes one heat map PREFIX-S.svg per
        species, axes in Å along the two in-plane cell vectors. Restart files (write_restart) carry the accumulated
        maps: after read_restart, the fix defined again with the same ID, style and settings continues them.
        """)]
public sealed class FixDensMap : StructureFix
{
    readonly List<Species> _species = [];
    int _axis = 2, _n1, _n2;
    double _lo, _hi;
    string _file = "";
    string? _plot;
    double[][,] _sum = [];
    double _lenU, _lenV;

    public override void Configure(CommandArgs args)
    {
        ParseEvery(args, 0);
        int i = 1;
        while (i < args.Count && args[i] is not ("axis" or "slice" or "nbin" or "file" or "plot")) _species.Add(Species.Parse(Sim, args, i++));
        if (_species.Count == 0) throw args.Error(Math.Min(i, args.Count - 1), "fix densmap: give at least one species after Nevery");
        bool haveSlice = false, haveBins = false;
        while (i < args.Count)
        {
            switch (args[i])
            {
                case "axis":
                {
                    string a = args.Choice(i + 1, "a", "b", "c", "x", "y", "z");
                    _axis = a is "a" or "x" ? 0 : a is "b" or "y" ? 1 : 2;
                    i += 2; break;
                }
                case "slice":
                    _lo = args.Double(i + 1, "slice lower bound");
                    _hi = args.Double(i + 2, "slice upper bound");
                    if (_lo < 0 || _lo >= 1) throw args.Error(i + 1, $"slice lower bound must be in [0, 1), got {args[i + 1]}");
                    if (_hi <= _lo || _hi > 1) throw args.Error(i + 2, $"slice upper bound must be in (lo, 1], got {args[i + 2]}");
                    haveSlice = true; i += 3; break;
                case "nbin":
                    _n1 = args.Int(i + 1, "N1"); _n2 = args.Int(i + 2, "N2");
                    if (_n1 < 1) throw args.Error(i + 1, $"N1 must be >= 1, got {_n1}");
                    if (_n2 < 1) throw args.Error(i + 2, $"N2 must be >= 1, got {_n2}");
                    haveBins = true; i += 3; break;
                case "file": _file = OutputFile(args, i + 1); i += 2; break;
                case "plot": _plot = args.Str(i + 1, "plot prefix"); OutputFile(args, i + 1); i += 2; break;
                default: throw args.Error(i, $"fix densmap: unknown keyword '{args[i]}' (expected axis, slice, nbin, file, plot)");
            }
        }
        if (!haveSlice) throw args.Error("fix densmap: 'slice lo hi' is required");
        if (!haveBins) throw args.Error("fix densmap: 'nbin N1 N2' is required");
        RequireFile(args, _file);
        _sum = _species.Select(_ => new double[_n1, _n2]).ToArray();
    }

    (int u, int v) InPlane => _axis == 0 ? (1, 2) : _axis == 1 ? (2, 0) : (0, 1);

    protected override void Sample()
    {
        var a = Sim.Atoms;
        var box = Sim.Box;
        double cellVol = box.Volume * (_hi - _lo) / (_n1 * _n2);
        var (u, v) = InPlane;
        var len = new[] { box.Lx, Math.Sqrt(box.XY * box.XY + box.Ly * box.Ly), Math.Sqrt(box.XZ * box.XZ + box.YZ * box.YZ + box.Lz * box.Lz) };
        _lenU += len[u]; _lenV += len[v];
        var s = new double[3];
        for (int k = 0; k < _species.Count; k++)
        {
            var map = _sum[k];
            foreach (int i in Select(_species[k]))
            {
                PeriodicCells.Frac(box, a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], out s[0], out s[1], out s[2]);
                if (s[_axis] < _lo || s[_axis] >= _hi) continue;
                int bu = Math.Min(_n1 - 1, (int)(s[u] * _n1)), bv = Math.Min(_n2 - 1, (int)(s[v] * _n2));
                map[bu, bv] += 1.0 / cellVol;
            }
        }
    }

    protected override IEnumerable<Setting> RestartSettings()
    {
        string[] names = ["a", "b", "c"];
        yield return new($"species {string.Join(" ", _species.Select(s => s.Label))}", string.Join(" ", _species.Select(TypeKey)));
        yield return new($"the slice {F(_lo)}..{F(_hi)} along {names[_axis]}", $"{_axis} {RealKey(_lo)} {RealKey(_hi)}");
        yield return new($"{_n1} x {_n2} cells", $"{_n1} {_n2}");
    }

    protected override void SaveState(BinaryWriter w)
    {
        foreach (var map in _sum)
        {
            var flat = new double[_n1 * _n2];
            for (int i = 0; i < _n1; i++) for (int j = 0; j < _n2; j++) flat[i * _n2 + j] = map[i, j];
            Write(w, flat);
        }
        w.Write(_lenU);
        w.Write(_lenV);
    }

    protected override void LoadState(BinaryReader r)
    {
        foreach (var map in _sum)
        {
            var flat = Expect(ReadDoubles(r), _n1 * _n2, "map cells");
            for (int i = 0; i < _n1; i++) for (int j = 0; j < _n2; j++) map[i, j] = flat[i * _n2 + j];
        }
        _lenU = r.ReadDouble();
        _lenV = r.ReadDouble();
    }

    /// <summary>Density maps (atoms/Å³) per species, averaged over the samples.</summary>
    public double[][,] Maps()
    {
        var res = new double[_species.Count][,];
        for (int k = 0; k < _species.Count; k++)
        {
            res[k] = new double[_n1, _n2];
            for (int i = 0; i < _n1; i++) for (int j = 0; j < _n2; j++) res[k][i, j] = _sum[k][i, j] / Samples;
        }
        return res;
    }

    protected override void WriteResults()
    {
        var maps = Maps();
        var (u, v) = InPlane;
        string[] names = ["a", "b", "c"];
        var box = Sim.Box;
        AtomicFile.Write(_file, w =>
        {
            w.WriteLine($"# fix {Id} densmap: number density (atoms/A^3) on the slice {F(_lo)} <= s_{names[_axis]} < {F(_hi)}, {_n1} x {_n2} cells along {names[u]}, {names[v]}");
            w.WriteLine(SampleLine());
            w.WriteLine(Line($"# s_{names[u]} s_{names[v]} x y z", _species.Select(sp => $"rho({sp.Label})")));
            var s = new double[3];
            s[_axis] = 0.5 * (_lo + _hi);
            for (int i = 0; i < _n1; i++)
                for (int j = 0; j < _n2; j++)
                {
                    s[u] = (i + 0.5) / _n1; s[v] = (j + 0.5) / _n2;
                    box.FromLamda(s[0], s[1], s[2], out double x, out double y, out double z);
                    w.WriteLine(Line($"{F(s[u])} {F(s[v])} {F(x)} {F(y)} {F(z)}", maps.Select(m => F(m[i, j]))));
                }
        });
        if (_plot != null)
        {
            double lu = _lenU / Samples, lv = _lenV / Samples;
            for (int k = 0; k < _species.Count; k++)
            {
                var hm = new SvgHeatmap($"{_species[k].Label} density, slice {F(_lo)}-{F(_hi)} of {names[_axis]}",
                    $"along {names[u]} (Å)", $"along {names[v]} (Å)", maps[k], 0, lu, 0, lv) { ColorLabel = "atoms/Å³", Min = 0 };
                hm.Save($"{_plot}-{_species[k].Label.Replace(',', '+')}.svg");
            }
        }
    }
}
