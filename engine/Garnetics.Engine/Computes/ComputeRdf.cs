namespace Garnetics.Engine.Computes;

[ComputeStyle("rdf", Syntax = "compute ID group rdf Nbin [itype1 jtype1 itype2 jtype2 ...] [cutoff Rc]",
    Help = """
        Radial distribution function g(r) and coordination number coord(r) for pairs of atom types (ranges N, *, N*, *M,
        N*M allowed; no pairs: all atoms with all atoms), both atoms in the group. A global array of Nbin rows and 1 +
        2*Npairs columns: column 1 is the bin centre r = (k + 1/2) dr with dr = Rc/Nbin (distance units), then g(r) and
        coord(r) for each pair. Each ordered pair (i, j != i, periodic images included) at distance r < Rc is counted in
        bin floor(r/dr); g = count / (Ni * (Nj - Ndup/Ni) * 4/3 pi (r_hi^3 - r_lo^3) / V), where Ni and Nj count the
        group atoms of the I and J types and Ndup those of both (so g -> 1 for an ideal gas), and coord(r) = cumulative
        sum of g * (Nj - Ndup/Ni) * 4/3 pi (r_hi^3 - r_lo^3) / V, the mean number of J neighbours within the bin's upper
        edge, as LAMMPS compute rdf. Rc defaults to the largest pair cut-off and must not exceed it (ghost atoms reach
        only that far). The instantaneous value of the step; average it with fix ave/time ... mode vector.
        """)]
public sealed class ComputeRdf : Compute
{
    private int _nbin;
    private double? _cutUser;
    private readonly List<(int ilo, int ihi, int jlo, int jhi)> _pairs = [];
    private double _cut, _delr;
    private double[,] _array = new double[0, 0];
    private long _cachedStep = -1, _cachedRun = -1;

    public override bool HasArray => true;
    public override int ArrayRows => _nbin;
    public override int ArrayColumns => 1 + 2 * Math.Max(_pairs.Count, 1);

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 1) throw args.Error("compute rdf needs Nbin");
        _nbin = args.Int(0, "Nbin");
        if (_nbin < 1) throw args.Error(0, "compute rdf Nbin must be > 0");
        int end = args.Count;
        for (int i = 1; i < args.Count; i++)
        {
            if (args[i] != "cutoff") continue;
            if (i + 2 != args.Count) throw args.Error(i, "compute rdf: cutoff needs one value and must come last");
            double rc = args.Double(i + 1, "cutoff");
            if (rc <= 0) throw args.Error(i + 1, "compute rdf cutoff must be > 0");
            _cutUser = rc;
            end = i;
            break;
        }
        int npairWords = end - 1;
        if (npairWords % 2 != 0) throw args.Error(end - 1, "compute rdf: atom types must come in pairs (itype jtype)");
        int ntypes = Sim.Atoms.NTypes;
        for (int i = 1; i < end; i += 2)
        {
            var (ilo, ihi) = args.TypeRange(i, ntypes);
            var (jlo, jhi) = args.TypeRange(i + 1, ntypes);
            _pairs.Add((ilo, ihi, jlo, jhi));
        }
        if (_pairs.Count == 0) _pairs.Add((1, ntypes, 1, ntypes));
        _array = new double[_nbin, 1 + 2 * _pairs.Count];
    }

    public override void Init()
    {
        double force = Sim.Neighbor.CutForce;
        if (_cutUser is { } rc)
        {
            if (rc > force)
                throw new GarneticsException(
                    $"compute {Id} rdf: cutoff {rc} exceeds the pair cut-off {force}; ghost atoms reach only that far (use a smaller cutoff)", Location);
            _cut = rc;
        }
        else
        {
            if (Sim.Pair == null || force <= 0)
                throw new GarneticsException($"compute {Id} rdf needs a pair style or the cutoff keyword", Location);
            _cut = force;
        }
        _delr = _cut / _nbin;
        _cachedStep = -1;
    }

    public override double[,] ComputeArray()
    {
        if (_delr <= 0) Init();
        if (Sim.Running && _cachedStep == Sim.Step && _cachedRun == Sim.RunIndex) return _array;
        var hist = Histogram();
        Normalise(hist);
        _cachedStep = Sim.Running ? Sim.Step : -1;
        _cachedRun = Sim.RunIndex;
        return _array;
    }

    private NeighRequest? _list;

    /// <summary>
    /// Counts of ordered pairs (local i, any j) per type pair and bin, over an occasional full neighbour list of local
    /// and ghost atoms at the RDF cut-off (built for this compute alone, as LAMMPS's compute rdf does).
    /// </summary>
    private double[,] Histogram()
    {
        var a = Sim.Atoms;
        int npairs = _pairs.Count;
        var hist = new double[npairs, _nbin];
        if (a.NLocal == 0) { Sim.Comm.SumAll(Flatten(hist)); return hist; }
        if (_list == null || _list.NTypes != a.NTypes || _list.CutMax != _cut)
            _list = NeighRequest.Uniform($"compute {Id} rdf", NeighKind.Full, _cut, a.NTypes);
        Sim.Neighbor.BuildOccasional(_list, a, Sim.Threads);
        var list = _list.List;
        var x = a.X;
        double cutsq = _cut * _cut, delrinv = 1.0 / _delr;
        var type = a.Type;
        var match = new bool[npairs];
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            int ti = type[i];
            bool any = false;
            for (int m = 0; m < npairs; m++) { match[m] = ti >= _pairs[m].ilo && ti <= _pairs[m].ihi; any |= match[m]; }
            if (!any) continue;
            double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
            foreach (int j in list.Of(i))
            {
                if ((a.Mask[j] & GroupBit) == 0) continue;
                double dx = xi - x[3 * j], dy = yi - x[3 * j + 1], dz = zi - x[3 * j + 2];
                double rsq = dx * dx + dy * dy + dz * dz;
                if (rsq >= cutsq) continue;
                int bin = (int)(Math.Sqrt(rsq) * delrinv);
                if (bin >= _nbin) continue;
                int tj = type[j];
                for (int m = 0; m < npairs; m++)
                    if (match[m] && tj >= _pairs[m].jlo && tj <= _pairs[m].jhi) hist[m, bin] += 1.0;
            }
        }
        var flat = Flatten(hist);
        Sim.Comm.SumAll(flat);
        Buffer.BlockCopy(flat, 0, hist, 0, flat.Length * sizeof(double));
        return hist;
    }

    private static double[] Flatten(double[,] h)
    {
        var f = new double[h.Length];
        Buffer.BlockCopy(h, 0, f, 0, h.Length * sizeof(double));
        return f;
    }

    private void Normalise(double[,] hist)
    {
        var a = Sim.Atoms;
        int npairs = _pairs.Count;
        double constant = 4.0 * Math.PI / (3.0 * Sim.Box.Volume);
        for (int k = 0; k < _nbin; k++) _array[k, 0] = (k + 0.5) * _delr;
        for (int m = 0; m < npairs; m++)
        {
            var (ilo, ihi, jlo, jhi) = _pairs[m];
            long ni = 0, nj = 0, dup = 0;
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((a.Mask[i] & GroupBit) == 0) continue;
                int t = a.Type[i];
                bool inI = t >= ilo && t <= ihi, inJ = t >= jlo && t <= jhi;
                if (inI) ni++;
                if (inJ) nj++;
                if (inI && inJ) dup++;
            }
            ni = Sim.Comm.SumAll(ni); nj = Sim.Comm.SumAll(nj); dup = Sim.Comm.SumAll(dup);
            double normfac = ni > 0 ? nj - (double)dup / ni : 0.0;
            double coord = 0;
            for (int k = 0; k < _nbin; k++)
            {
                double rlo = k * _delr, rhi = (k + 1) * _delr;
                double vfrac = constant * (rhi * rhi * rhi - rlo * rlo * rlo);
                double g = vfrac * normfac != 0.0 ? hist[m, k] / (vfrac * normfac * ni) : 0.0;
                if (ni != 0) coord += g * vfrac * normfac;
                _array[k, 1 + 2 * m] = g;
                _array[k, 2 + 2 * m] = coord;
            }
        }
    }
}
