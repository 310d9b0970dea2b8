namespace Garnetics.Engine.Neighbor;

/// <summary>
/// Binned O(N) neighbour-list construction with a skin (LAMMPS `neighbor` and `neigh_modify`). Lists hold every
/// pair within cutoff + skin at the time of the build; a rebuild is decided by every/delay/check, where check
/// rebuilds once some atom moved more than half the skin since the last build.
/// </summary>
public sealed class NeighborManager
{
    public double Skin;
    public int Every = 1;
    public int Delay = 0;
    public bool Check = true;
    public bool Once;

    public long LastBuildStep = -1;
    public int NumBuilds;
    public int DangerousBuilds;
    public int Ago;

    /// <summary>Cut-off of the pair interaction (largest over type pairs), set by the run setup.</summary>
    public double CutForce;
    public double CutNeigh => CutForce + Skin;

    /// <summary>Pairs closer than this (squared) are an error: duplicated atoms in the input.</summary>
    public const double CoincidentDistanceSq = 1e-12;
    /// <summary>Whether coincident atoms are an error (off for commands that look for them, like delete_atoms overlap).</summary>
    public bool CheckCoincident { get; init; } = true;

    private readonly List<NeighRequest> _requests = [];
    /// <summary>The requests of the current set-up (pair styles and sub-styles, analyses), in the order made.</summary>
    public IReadOnlyList<NeighRequest> Requests => _requests;
    /// <summary>The list built at the largest cut-offs that the others are cut down from (or the list of the request that matches it).</summary>
    private NeighList? _master;
    private NeighRequest? _masterRequest;
    private double[] _masterCut = [];
    private NeighKind _masterKind;
    private bool _masterGhost, _planned;

    /// <summary>
    /// Also account for box changes in the rebuild check (LAMMPS boxcheck, set when a fix changes the box): the
    /// trigger distance shrinks by the displacement of the box corners since the last build.
    /// </summary>
    public bool BoxCheck;

    private double[] _xhold = [];
    /// <summary>Per-chunk neighbour buffers kept between builds (no re-allocation every rebuild).</summary>
    private int[][] _chunkBuffers = [];
    private int _nholdLocal;

    /// <summary>Box at the last build (set by the simulation's reneighbouring; used by restart files).</summary>
    public Box? BuildBox { get; set; }
    /// <summary>Neighbour cut-off (force cut-off + skin) used at the last build.</summary>
    public double BuildCutNeigh { get; private set; }

    /// <summary>Copy of the local positions at the last build (x-hold), or null before the first build.</summary>
    public double[]? HeldPositions() => LastBuildStep < 0 ? null : _xhold.AsSpan(0, 3 * _nholdLocal).ToArray();

    public NeighborManager(double skin) => Skin = skin;

    /// <summary>
    /// Ask for a list (at set-up, before the first build); raises <see cref="CutForce"/> to the request's largest
    /// cut-off. The request's <see cref="NeighRequest.List"/> is filled at every build.
    /// </summary>
    public NeighRequest Request(NeighRequest request)
    {
        if (_requests.Count > 0 && _requests[0].NTypes != request.NTypes)
            throw new ArgumentException($"neighbour request of {request.Owner} for {request.NTypes} atom types, others for {_requests[0].NTypes}");
        _requests.Add(request);
        CutForce = Math.Max(CutForce, request.CutMax);
        _planned = false;
        return request;
    }

    /// <summary>Forget all requests (at the start of each set-up) and reset the force cut-off.</summary>
    public void ClearRequests()
    {
        _requests.Clear();
        _master = null;
        _masterRequest = null;
        _planned = false;
        CutForce = 0;
    }

    /// <summary>
    /// Decide which lists to build: one at the element-wise largest cut-offs (full when any request is full, with
    /// ghost rows when any asks for them), served directly to the requests that ask for exactly that; the other
    /// requests get lists cut down from it.
    /// </summary>
    private void Plan()
    {
        _planned = true;
        _masterKind = _requests.Any(r => r.Kind == NeighKind.Full) ? NeighKind.Full : NeighKind.Half;
        _masterGhost = _requests.Any(r => r.Ghost);
        _masterCut = new double[_requests[0].Cut.Length];
        foreach (var r in _requests)
            for (int k = 0; k < _masterCut.Length; k++) _masterCut[k] = Math.Max(_masterCut[k], r.Cut[k]);
        _masterRequest = _requests.FirstOrDefault(r => r.SameAs(_masterKind, _masterGhost, _masterCut));
        _master = _masterRequest?.List ?? new NeighList(_masterKind);
        foreach (var r in _requests)
        {
            r.Shared = r.SameAs(_masterKind, _masterGhost, _masterCut);
            if (r.Shared) r.List = _master;
            else if (r.List == _master || r.List.Kind != r.Kind) r.List = new NeighList(r.Kind);
        }
    }

    /// <summary>One line per list for the log: who asked, kind, cut-off and whether it is the built list or cut down from it.</summary>
    public IEnumerable<string> Describe()
    {
        foreach (var r in _requests)
            yield return FormattableString.Invariant(
                $"  {r.Owner}: {(r.Kind == NeighKind.Full ? "full" : "half")}{(r.Ghost ? " with ghost rows" : "")}, cut-off {r.CutMax:G6} + skin {Skin:G6}, {(r.Shared ? "built" : "cut down from the built list")}, {r.List.TotalPairs} pairs");
    }

    /// <summary>Whether the lists must be rebuilt on this step (LAMMPS Neighbor::decide).</summary>
    public bool Decide(Atoms atoms, Box? box = null)
    {
        Ago++;
        if (Ago >= Delay && Ago % Every == 0)
        {
            if (Once) return false;
            if (!Check) return true;
            bool moved = MovedTooFar(atoms, box);
            // LAMMPS: a rebuild triggered at the first step one was allowed may have come too late ("dangerous")
            if (moved && Ago == Math.Max(Every, Delay)) DangerousBuilds++;
            return moved;
        }
        return false;
    }

    private bool MovedTooFar(Atoms atoms, Box? box)
    {
        if (atoms.NLocal != _nholdLocal) return true;
        double triggerSq = 0.25 * Skin * Skin;
        if (BoxCheck && box != null)
        {
            double delta = 0.5 * (Skin - BoxCornerShift(box));
            triggerSq = delta > 0 ? delta * delta : 0.0;
        }
        var x = atoms.X;
        for (int i = 0; i < atoms.NLocal; i++)
        {
            double dx = x[3 * i] - _xhold[3 * i];
            double dy = x[3 * i + 1] - _xhold[3 * i + 1];
            double dz = x[3 * i + 2] - _xhold[3 * i + 2];
            if (dx * dx + dy * dy + dz * dz > triggerSq) return true;
        }
        return false;
    }

    /// <summary>
    /// How far the box boundaries moved since the last build: |dlo| + |dhi| for an orthogonal box (as LAMMPS), twice
    /// the largest corner displacement for a triclinic one.
    /// </summary>
    private double BoxCornerShift(Box b)
    {
        if (BuildBox is not { } o) return 0.0;
        double[] h = [o.XLo, o.YLo, o.ZLo, o.XHi, o.YHi, o.ZHi, o.XY, o.XZ, o.YZ];
        if (!b.Triclinic && !o.Triclinic)
        {
            double d1 = Math.Sqrt(Sq(b.XLo - h[0]) + Sq(b.YLo - h[1]) + Sq(b.ZLo - h[2]));
            double d2 = Math.Sqrt(Sq(b.XHi - h[3]) + Sq(b.YHi - h[4]) + Sq(b.ZHi - h[5]));
            return d1 + d2;
        }
        double dmax = 0;
        for (int c = 0; c < 8; c++)
        {
            double s0 = c & 1, s1 = (c >> 1) & 1, s2 = (c >> 2) & 1;
            double xo = h[0] + s0 * (h[3] - h[0]) + s1 * h[6] + s2 * h[7];
            double yo = h[1] + s1 * (h[4] - h[1]) + s2 * h[8];
            double zo = h[2] + s2 * (h[5] - h[2]);
            double xn = b.XLo + s0 * b.Lx + s1 * b.XY + s2 * b.XZ;
            double yn = b.YLo + s1 * b.Ly + s2 * b.YZ;
            double zn = b.ZLo + s2 * b.Lz;
            dmax = Math.Max(dmax, Math.Sqrt(Sq(xn - xo) + Sq(yn - yo) + Sq(zn - zo)));
        }
        return 2 * dmax;
    }

    private static double Sq(double v) => v * v;

    /// <summary>Build all requested lists from the current local and ghost positions.</summary>
    public void Build(Atoms atoms, int threads, long step)
    {
        int nlocal = atoms.NLocal;
        if (_xhold.Length < 3 * nlocal) _xhold = new double[3 * nlocal];
        Array.Copy(atoms.X, _xhold, 3 * nlocal);
        _nholdLocal = nlocal;
        BuildCutNeigh = CutNeigh;
        Ago = 0;
        NumBuilds++;
        LastBuildStep = step;
        if (_requests.Count == 0) return;
        if (!_planned) Plan();
        var bins = new Bins(atoms, CutNeigh);
        BuildList(_master!, atoms, bins, threads, _masterKind == NeighKind.Half, _masterGhost, _masterCut, _requests[0].NTypes);
        foreach (var r in _requests)
            if (!r.Shared) CutDown(r, _master!, atoms, threads);
    }

    /// <summary>Squared neighbour cut-offs (cut-off + skin) per type pair; pairs with cut-off 0 get −1 (never listed).</summary>
    private static double[] NeighCutSq(double[] cut, double skin)
    {
        var c = new double[cut.Length];
        for (int k = 0; k < c.Length; k++) c[k] = cut[k] > 0 ? (cut[k] + skin) * (cut[k] + skin) : -1.0;
        return c;
    }

    /// <summary>
    /// Build one request's list now, from the current positions of locals and ghosts, at its own cut-offs without a
    /// skin, outside the lists of the run (LAMMPS's occasional lists, as compute rdf uses): the run's lists, and so
    /// the forces, do not depend on it. The ghosts must reach the request's cut-off.
    /// </summary>
    public void BuildOccasional(NeighRequest request, Atoms atoms, int threads)
    {
        var bins = new Bins(atoms, Math.Max(request.CutMax, 1e-6));
        BuildList(request.List, atoms, bins, threads, request.Kind == NeighKind.Half, request.Ghost, request.Cut, request.NTypes, skin: 0.0);
    }

    private void BuildList(NeighList list, Atoms atoms, Bins bins, int threads, bool half, bool ghostRows, double[] cut, int ntypes,
        double? skin = null)
    {
        int nlocal = atoms.NLocal;
        int nrows = ghostRows ? atoms.NAll : nlocal;
        var x = atoms.X;
        if (list.First.Length < nrows)
        {
            list.First = new int[nrows];
            list.Num = new int[nrows];
        }
        list.Inum = nlocal;
        list.GNum = nrows - nlocal;
        // one cut-off for every listed pair: no type lookups in the build
        double uniform = cut.Max();
        bool isUniform = true;
        int stride = ntypes + 1;
        for (int i = 1; i <= ntypes; i++) for (int j = 1; j <= ntypes; j++) isUniform &= cut[i * stride + j] == uniform;
        double sk = skin ?? Skin;
        var cutsqT = NeighCutSq(cut, sk);
        double cutsq = (uniform + sk) * (uniform + sk);
        int nchunks = Math.Max(1, Math.Min(threads, (nrows + 255) / 256));
        if (_chunkBuffers.Length < nchunks) Array.Resize(ref _chunkBuffers, nchunks);
        for (int c = 0; c < nchunks; c++) _chunkBuffers[c] ??= new int[Math.Max(1024, nrows / nchunks * 64)];
        long coincident = -1; // (i << 32) | j of the first pair found closer than CoincidentDistance
        var chunkLists = new int[nchunks][];
        var chunkCount = new int[nchunks];
        bool checkCoincident = CheckCoincident;
        var type = atoms.Type;
        WorkerTeam.Shared(nchunks).Run(nchunks, c =>
        {
            int i0 = (int)((long)nrows * c / nchunks), i1 = (int)((long)nrows * (c + 1) / nchunks);
            var buf = _chunkBuffers[c];
            int n = isUniform
                ? BuildChunk(new UniformCut(cutsq), i0, i1, x, type, nlocal, bins, half, checkCoincident, list.Num, list.First, ref buf, ref coincident)
                : BuildChunk(new TypeCut(cutsqT, stride), i0, i1, x, type, nlocal, bins, half, checkCoincident, list.Num, list.First, ref buf, ref coincident);
            _chunkBuffers[c] = buf;
            chunkLists[c] = buf;
            chunkCount[c] = n;
        });
        if (coincident >= 0)
        {
            int ci = (int)(coincident >> 32), cj = (int)(coincident & 0xffffffff);
            double dx = x[3 * ci] - x[3 * cj], dy = x[3 * ci + 1] - x[3 * cj + 1], dz = x[3 * ci + 2] - x[3 * cj + 2];
            throw new GarneticsException(
                $"coincident atoms: atoms {atoms.Tag[ci]} and {atoms.Tag[cj]} are {Math.Sqrt(dx * dx + dy * dy + dz * dz):G3} apart (closer than {Math.Sqrt(CoincidentDistanceSq):G2}); remove duplicates, e.g. with delete_atoms overlap");
        }
        Concatenate(list, nrows, nchunks, chunkLists, chunkCount);
    }

    /// <summary>Copy the chunks' neighbour buffers into the list (First[i] were relative to each chunk's buffer).</summary>
    private static void Concatenate(NeighList list, int nrows, int nchunks, int[][] chunkLists, int[] chunkCount)
    {
        long total = 0;
        for (int c = 0; c < nchunks; c++) total += chunkCount[c];
        if (total > int.MaxValue) throw new GarneticsException("neighbour list too large (more than 2^31 pairs)");
        if (list.Neighs.Length < total) list.Neighs = new int[(int)(total + total / 10)];
        var offsets = new int[nchunks + 1];
        for (int c = 0; c < nchunks; c++) offsets[c + 1] = offsets[c] + chunkCount[c];
        var neighs = list.Neighs;
        WorkerTeam.Shared(nchunks).Run(nchunks, c =>
        {
            int i0 = (int)((long)nrows * c / nchunks), i1 = (int)((long)nrows * (c + 1) / nchunks);
            Array.Copy(chunkLists[c], 0, neighs, offsets[c], chunkCount[c]);
            for (int i = i0; i < i1; i++) list.First[i] += offsets[c];
        });
        list.TotalPairs = total;
    }

    private int[][] _cutDownBuffers = [];

    /// <summary>
    /// Fill a request's list from the built one: keep the pairs within the request's own cut-off + skin per type
    /// pair, in the built list's order; from a full list to a half one, each pair once (j &gt; i for a local j, the
    /// build's coordinate tie-break for a ghost j).
    /// </summary>
    private void CutDown(NeighRequest r, NeighList from, Atoms atoms, int threads)
    {
        var list = r.List;
        int nlocal = atoms.NLocal;
        int nrows = r.Ghost ? nlocal + from.GNum : nlocal;
        if (list.First.Length < nrows)
        {
            list.First = new int[nrows];
            list.Num = new int[nrows];
        }
        list.Inum = nlocal;
        list.GNum = nrows - nlocal;
        bool toHalf = r.Kind == NeighKind.Half && from.Kind == NeighKind.Full;
        var cutsq = NeighCutSq(r.Cut, Skin);
        int stride = r.NTypes + 1;
        var x = atoms.X;
        var type = atoms.Type;
        int nchunks = Math.Max(1, Math.Min(threads, (nrows + 255) / 256));
        if (_cutDownBuffers.Length < nchunks) Array.Resize(ref _cutDownBuffers, nchunks);
        var chunkLists = new int[nchunks][];
        var chunkCount = new int[nchunks];
        WorkerTeam.Shared(nchunks).Run(nchunks, c =>
        {
            int i0 = (int)((long)nrows * c / nchunks), i1 = (int)((long)nrows * (c + 1) / nchunks);
            var buf = _cutDownBuffers[c] ?? new int[1024];
            int n = 0;
            for (int i = i0; i < i1; i++)
            {
                double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
                int row = type[i] * stride, start = n, jb = from.First[i], je = jb + from.Num[i];
                if (n + (je - jb) > buf.Length) Array.Resize(ref buf, Math.Max(2 * buf.Length, n + (je - jb)));
                for (int jj = jb; jj < je; jj++)
                {
                    int j = from.Neighs[jj];
                    double xj = x[3 * j], yj = x[3 * j + 1], zj = x[3 * j + 2];
                    double dx = xi - xj, dy = yi - yj, dz = zi - zj;
                    bool keep = dx * dx + dy * dy + dz * dz <= cutsq[row + type[j]];
                    if (toHalf)
                        keep &= j < nlocal ? j > i : (zj > zi) | ((zj == zi) & ((yj > yi) | ((yj == yi) & (xj >= xi))));
                    buf[n] = j;
                    n += keep ? 1 : 0;
                }
                list.Num[i] = n - start;
                list.First[i] = start;
            }
            _cutDownBuffers[c] = buf;
            chunkLists[c] = buf;
            chunkCount[c] = n;
        });
        Concatenate(list, nrows, nchunks, chunkLists, chunkCount);
    }

    /// <summary>Cut-off test of the build: one squared cut-off, or one per type pair (a compile-time switch).</summary>
    private interface ICutTest
    {
        static abstract bool NeedsTypes { get; }
        bool Within(double rsq, int row, int jtype);
    }

    private readonly struct UniformCut(double cutsq) : ICutTest
    {
        public static bool NeedsTypes => false;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Within(double rsq, int row, int jtype) => rsq <= cutsq;
    }

    private readonly struct TypeCut(double[] cutsq, int stride) : ICutTest
    {
        public static bool NeedsTypes => true;
        public int Stride => stride;
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Within(double rsq, int row, int jtype) => rsq <= Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(cutsq), row + jtype);
    }

    /// <summary>
    /// Neighbours of rows i0..i1-1 (locals, then ghosts for ghost rows) into buf (growing it); returns the count. A static method with everything in
    /// locals, so the JIT keeps the hot loop's state in registers. First[i] is set relative to this chunk's buffer.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int BuildChunk<TCut>(TCut cut, int i0, int i1, double[] xArr, int[] typeArr, int nlocal, Bins bins, bool half,
        bool checkCoincident, int[] num, int[] first, ref int[] buf, ref long coincident) where TCut : struct, ICutTest
    {
        ref double x = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(xArr);
        ref int tr = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(typeArr);
        int tstride = cut is TypeCut tc ? tc.Stride : 0;
        int[] sorted = bins.Sorted, binStart = bins.BinStart, ghostStart = bins.GhostStart, offs = bins.Offsets;
        byte[] kinds = bins.Kind;
        int n0 = bins.N0, n1 = bins.N1, n2 = bins.N2;
        int n = 0;
        for (int i = i0; i < i1; i++)
        {
            double xi = Unsafe.Add(ref x, 3 * i), yi = Unsafe.Add(ref x, 3 * i + 1), zi = Unsafe.Add(ref x, 3 * i + 2);
            int start = n;
            int row = TCut.NeedsTypes ? Unsafe.Add(ref tr, i) * tstride : 0;
            bins.Coords(xi, yi, zi, out int c0, out int c1, out int c2);
            for (int si = 0, so = 0; so < offs.Length; si++, so += 3)
            {
                int b0 = c0 + offs[so], b1 = c1 + offs[so + 1], b2 = c2 + offs[so + 2];
                if ((uint)b0 >= (uint)n0 || (uint)b1 >= (uint)n1 || (uint)b2 >= (uint)n2) continue;
                int b = (b2 * n1 + b1) * n0 + b0;
                int p0 = binStart[b], pg = ghostStart[b], pe = binStart[b + 1];
                if (n + (pe - p0) > buf.Length) Array.Resize(ref buf, Math.Max(2 * buf.Length, n + (pe - p0)));
                ref int bufRef = ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(buf);
                // Local partners. Half list: each local pair once, from the own bin with j > i and from the upper
                // half of the stencil (bin offsets between two local atoms are exactly antisymmetric).
                // The stores are branch-free: j is always written and kept only when it qualifies.
                int kind = kinds[si];
                if (!half || kind != Bins.Lower)
                {
                    int jmin = half && kind == Bins.Own ? i : -1;
                    for (int p = p0; p < pg; p++)
                    {
                        int j = sorted[p];
                        double dx = xi - Unsafe.Add(ref x, 3 * j), dy = yi - Unsafe.Add(ref x, 3 * j + 1), dz = zi - Unsafe.Add(ref x, 3 * j + 2);
                        double rsq = dx * dx + dy * dy + dz * dz;
                        bool keep = cut.Within(rsq, row, TCut.NeedsTypes ? Unsafe.Add(ref tr, j) : 0) & (j > jmin) & (j != i);
                        if (rsq < CoincidentDistanceSq && keep && checkCoincident) Interlocked.CompareExchange(ref coincident, ((long)i << 32) | (uint)j, -1);
                        Unsafe.Add(ref bufRef, n) = j;
                        n += Unsafe.As<bool, byte>(ref keep);
                    }
                }
                // Ghost partners: the whole stencil; for a half list LAMMPS's coordinate tie-break keeps exactly one
                // of the pair (i, image of k) and its mirror (k, image of i).
                for (int p = pg; p < pe; p++)
                {
                    int j = sorted[p];
                    double xj = Unsafe.Add(ref x, 3 * j), yj = Unsafe.Add(ref x, 3 * j + 1), zj = Unsafe.Add(ref x, 3 * j + 2);
                    double dx = xi - xj, dy = yi - yj, dz = zi - zj;
                    double rsq = dx * dx + dy * dy + dz * dz;
                    bool above = (zj > zi) | ((zj == zi) & ((yj > yi) | ((yj == yi) & (xj >= xi))));
                    // j != i only matters for the ghost rows of a full list
                    bool keep = cut.Within(rsq, row, TCut.NeedsTypes ? Unsafe.Add(ref tr, j) : 0) & (above | !half) & (j != i);
                    if (rsq < CoincidentDistanceSq && keep && checkCoincident) Interlocked.CompareExchange(ref coincident, ((long)i << 32) | (uint)j, -1);
                    Unsafe.Add(ref bufRef, n) = j;
                    n += Unsafe.As<bool, byte>(ref keep);
                }
            }
            num[i] = n - start;
            first[i] = start;
        }
        return n;
    }

    /// <summary>
    /// Cartesian bins of side >= half the neighbour cut-off over the bounding box of locals and ghosts, with a
    /// stencil of the bin offsets whose closest points lie within the cut-off (at most 5x5x5).
    /// </summary>
    private sealed class Bins
    {
        public readonly int[] BinStart;
        public readonly int[] Sorted;
        public readonly int[] Offsets;
        /// <summary>Per stencil entry: <see cref="Own"/>, <see cref="Upper"/> or <see cref="Lower"/> half.</summary>
        public readonly byte[] Kind;
        /// <summary>Per bin: index in <see cref="Sorted"/> where its ghosts start (locals come first, in index order).</summary>
        public readonly int[] GhostStart;
        public const byte Own = 0, Upper = 1, Lower = 2;
        public readonly int N0, N1, N2;
        private readonly double _lo0, _lo1, _lo2, _inv;

        public Bins(Atoms atoms, double cut)
        {
            int nall = atoms.NAll;
            var x = atoms.X;
            double lo0 = double.MaxValue, lo1 = double.MaxValue, lo2 = double.MaxValue;
            double hi0 = double.MinValue, hi1 = double.MinValue, hi2 = double.MinValue;
            for (int i = 0; i < nall; i++)
            {
                double a = x[3 * i], b = x[3 * i + 1], c = x[3 * i + 2];
                if (a < lo0) lo0 = a; if (a > hi0) hi0 = a;
                if (b < lo1) lo1 = b; if (b > hi1) hi1 = b;
                if (c < lo2) lo2 = c; if (c > hi2) hi2 = c;
            }
            if (nall == 0) { lo0 = lo1 = lo2 = 0; hi0 = hi1 = hi2 = 1; }
            double size = Math.Max(0.5 * cut, 1e-6);
            _inv = 1.0 / size;
            _lo0 = lo0; _lo1 = lo1; _lo2 = lo2;
            N0 = Math.Max(1, (int)((hi0 - lo0) * _inv) + 1);
            N1 = Math.Max(1, (int)((hi1 - lo1) * _inv) + 1);
            N2 = Math.Max(1, (int)((hi2 - lo2) * _inv) + 1);
            long nb = (long)N0 * N1 * N2;
            if (nb > 64_000_000) throw new GarneticsException($"too many neighbour bins ({nb}); atoms may have flown far away");
            BinStart = new int[nb + 1];
            var binOf = new int[nall];
            for (int i = 0; i < nall; i++)
            {
                int b = (Coord(x[3 * i + 2], _lo2, N2) * N1 + Coord(x[3 * i + 1], _lo1, N1)) * N0 + Coord(x[3 * i], _lo0, N0);
                binOf[i] = b;
                BinStart[b + 1]++;
            }
            for (long b = 0; b < nb; b++) BinStart[b + 1] += BinStart[b];
            Sorted = new int[nall];
            var fill = new int[nb];
            int nlocal = atoms.NLocal;
            for (int i = 0; i < nlocal; i++)
            {
                int b = binOf[i];
                Sorted[BinStart[b] + fill[b]++] = i;
            }
            GhostStart = new int[nb];
            for (long b = 0; b < nb; b++) GhostStart[b] = BinStart[b] + fill[b];
            for (int i = nlocal; i < nall; i++)
            {
                int b = binOf[i];
                Sorted[BinStart[b] + fill[b]++] = i;
            }
            // stencil: offsets whose nearest bin-to-bin distance is below the cut-off
            var offs = new List<int>();
            var kinds = new List<byte>();
            double cutsq = cut * cut;
            for (int k = -2; k <= 2; k++)
            for (int j = -2; j <= 2; j++)
            for (int i = -2; i <= 2; i++)
            {
                double d0 = Math.Max(0, Math.Abs(i) - 1) * size, d1 = Math.Max(0, Math.Abs(j) - 1) * size, d2 = Math.Max(0, Math.Abs(k) - 1) * size;
                if (d0 * d0 + d1 * d1 + d2 * d2 < cutsq)
                {
                    offs.Add(i); offs.Add(j); offs.Add(k);
                    bool upper = k > 0 || (k == 0 && (j > 0 || (j == 0 && i > 0)));
                    kinds.Add(i == 0 && j == 0 && k == 0 ? Own : upper ? Upper : Lower);
                }
            }
            Offsets = offs.ToArray();
            Kind = kinds.ToArray();
        }

        private int Coord(double v, double lo, int n)
        {
            int c = (int)((v - lo) * _inv);
            return c < 0 ? 0 : c >= n ? n - 1 : c;
        }

        public void Coords(double a, double b, double c, out int c0, out int c1, out int c2)
        {
            c0 = Coord(a, _lo0, N0);
            c1 = Coord(b, _lo1, N1);
            c2 = Coord(c, _lo2, N2);
        }
    }
}
