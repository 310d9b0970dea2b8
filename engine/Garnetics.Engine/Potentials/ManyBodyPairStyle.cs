using System.Runtime.InteropServices;

namespace Garnetics.Engine.Potentials;

/// <summary>
/// The neighbourhood of one atom i as a many-body style sees it, and what the style returns besides the site
/// energy: every neighbour j within the element-pair cut-off (list order; neighbours of NULL types are left out),
/// with r_ij = x_j − x_i, and, written by the style, the pair force f_ij = ∂E_i/∂r_ij. The base then adds f_ij to
/// atom i and −f_ij to atom j, tallies the virial −Σ r_ij ⊗ f_ij, and the per-atom energies and virials. The arrays
/// are pinned (a style may take pointers) and hold at least <see cref="Count"/> + 4 entries per row (padding for
/// four-wide vector code).
/// </summary>
public sealed class AtomNeighbors
{
    /// <summary>The atom (a local index) and its element (index into the style's element list).</summary>
    public int I, ElementI;
    /// <summary>Number of neighbours.</summary>
    public int Count;
    /// <summary>Atom index of each neighbour (local or ghost).</summary>
    public int[] J = [];
    /// <summary>Element of each neighbour.</summary>
    public int[] Element = [];
    /// <summary>Four per neighbour: x, y, z of r_ij = x_j − x_i and r_ij².</summary>
    public double[] R = [];
    /// <summary>Four per neighbour (x, y, z, unused): ∂E_i/∂r_ij, zero on entry (unless the style assigns every entry); the style adds to it.</summary>
    public double[] Force = [];
    /// <summary>
    /// Per neighbour, the part of E_i that belongs to atom j in the per-atom energies (zero on entry; only read when
    /// <see cref="WantEnergyShares"/>). A three-body term of the triplet j-i-k, for instance, gives a third to j and
    /// to k, as LAMMPS's ev_tally3; the centre keeps E_i minus the shares. Styles without shares leave it alone:
    /// per-atom energies are then the site energies.
    /// </summary>
    public double[] EnergyShare = [];
    /// <summary>Whether per-atom energies are tallied in this evaluation (else <see cref="EnergyShare"/> is ignored).</summary>
    public bool WantEnergyShares;

    /// <summary>Distance to neighbour k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Distance(int k) => Math.Sqrt(R[4 * k + 3]);

    /// <summary>Add (fx, fy, fz) to the pair force of neighbour k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddForce(int k, double fx, double fy, double fz)
    {
        Force[4 * k] += fx;
        Force[4 * k + 1] += fy;
        Force[4 * k + 2] += fz;
    }

    internal void Ensure(int n)
    {
        if (n + 4 <= J.Length) return;
        int cap = Math.Max(n + 4, 2 * J.Length);
        J = GC.AllocateArray<int>(cap, pinned: true);
        Element = GC.AllocateArray<int>(cap, pinned: true);
        R = GC.AllocateArray<double>(4 * cap, pinned: true);
        Force = GC.AllocateArray<double>(4 * cap, pinned: true);
        EnergyShare = GC.AllocateArray<double>(cap, pinned: true);
    }
}

/// <summary>Scratch type of many-body styles that need no per-thread work space of their own.</summary>
public sealed class NoScratch;

/// <summary>
/// The many-body / machine-learned contract: a potential whose energy is a sum of site energies E_i, each a function
/// of the vectors from atom i to its neighbours (NEP, Stillinger-Weber, Deep Potential, GAP, ...). The style
/// supplies three things: the model file and its element names (<see cref="ReadModel"/>), a cut-off per element
/// pair (<see cref="ElementCutoff"/>), and the site energy of one atom with its pair forces
/// (<see cref="ComputeAtom"/>). The base does the rest: pair_coeff * * file E1 E2 ... (NULL leaves a type out) and
/// its checks, a full neighbour list with the element-pair cut-offs, threads with private force arrays and a
/// per-thread <typeparamref name="TScratch"/>, forces on i and j, the virial, per-atom energies and virials for
/// compute pe/atom and stress/atom (the r_ij ⊗ f_ij term of a bond goes to j, as GPUMD does; they sum to the
/// totals), the reverse communication of ghost shares, the non-finite energy check, and hybrid participation
/// (restricted to the pairs assigned to it).
/// </summary>
public abstract class ManyBodyPairStyle<TScratch> : PairStyle where TScratch : class, new()
{
    private string[] _elements = [];
    /// <summary>Element of each deck type (1-based; −1: NULL), from pair_coeff.</summary>
    protected int[] TypeElement { get; private set; } = [];
    private string[] _typeNames = [];
    private SourceLocation? _coeffAt;
    private string? _modelPath;
    private int[] _elementOf = [];
    private double[] _cutsq = [];
    private TScratch[] _scratch = [];
    private AtomNeighbors[] _nb = [];
    private readonly ThreadScatter _threads = new();

    /// <summary>Elements of the model, in the order <see cref="ComputeAtom"/> numbers them.</summary>
    public IReadOnlyList<string> Elements => _elements;
    /// <summary>The model file of the last pair_coeff.</summary>
    public string? ModelPath => _modelPath;

    /// <summary>pair_modify peratom yes: keep each evaluation's site energies and 9-component per-atom virials (<see cref="EnergyPerAtom"/>, <see cref="VirialPerAtom"/>) for analysis code.</summary>
    public bool PerAtom { get; set; }
    /// <summary>Per-atom energies (local atoms) of the last evaluation that tallied them (<see cref="PerAtom"/>, or a per-atom compute's step).</summary>
    public double[]? EnergyPerAtom { get; private set; }
    /// <summary>Per-atom virials (9 per local atom: xx yy zz xy xz yz yx zx zy), when <see cref="PerAtom"/> is on.</summary>
    public double[]? VirialPerAtom { get; private set; }

    /// <summary>Read the model (parameter) file named in pair_coeff; return the element names it defines, in model order.</summary>
    protected abstract IReadOnlyList<string> ReadModel(string path, SourceLocation at);

    /// <summary>Interaction cut-off between model elements a and b (0: they do not interact). Called after <see cref="ReadModel"/>.</summary>
    protected abstract double ElementCutoff(int a, int b);

    /// <summary>
    /// Site energy E_i of local atom <c>nb.I</c> (element <c>nb.ElementI</c>); add ∂E_i/∂r_ij to nb.Force for every
    /// neighbour. Called concurrently from several threads, each with its own <paramref name="nb"/> and
    /// <paramref name="scratch"/>; it must not write shared state.
    /// </summary>
    protected abstract double ComputeAtom(AtomNeighbors nb, TScratch scratch);

    /// <summary>What the model is called in messages ("NEP model", ...); the style name by default.</summary>
    protected virtual string ModelKind => $"{StyleName} model";

    /// <summary>Called at the end of pair_coeff, after the element map is set (e.g. to print the model).</summary>
    protected virtual void ModelLoaded(string path) { }

    /// <summary>Called by Init after the checks (e.g. to reset timing counters).</summary>
    protected virtual void InitModel() { }

    /// <summary>
    /// Whether <see cref="ComputeAtom"/> assigns nb.Force of every neighbour (rather than adding to some): the base
    /// then skips clearing it before the call. False by default (the style may add).
    /// </summary>
    protected virtual bool AssignsEveryForce => false;

    /// <summary>The per-thread scratch objects (for timing breakdowns and the like).</summary>
    protected IReadOnlyList<TScratch> Scratches => _scratch;

    public override NeighKind NeighborKind => NeighKind.Full;
    public override bool CanTallyPerAtom => true;

    public override void Settings(CommandArgs args)
    {
        if (args.Count != 0)
            throw args.Error(0, $"pair_style {StyleName} takes no arguments (the model file goes in pair_coeff * * file elements...)");
    }

    public sealed override void Coeff(CommandArgs args)
    {
        if (args.Count < 3 || args[0] != "*" || args[1] != "*")
            throw args.Error(0, "expected pair_coeff * * file E1 E2 ... (one element symbol or NULL per atom type)");
        var elements = ReadModel(args[2], args.LocationOf(2)).ToArray();
        int ntypes = Sim.Atoms.NTypes;
        int given = args.Count - 3;
        if (ntypes > 0 && given != ntypes)
            throw args.Error(Math.Min(args.Count - 1, 3 + Math.Min(given, ntypes)),
                $"pair_coeff * * {args[2]} needs one element (or NULL) for each of the {ntypes} atom types, got {given}");
        var map = new int[given + 1];
        var names = new string[given + 1];
        map[0] = -1;
        for (int t = 1; t <= given; t++)
        {
            string e = args[2 + t];
            names[t] = e;
            if (e == "NULL") { map[t] = -1; continue; }
            int mt = Array.IndexOf(elements, e);
            if (mt < 0)
                throw args.Error(2 + t, $"element '{e}' for atom type {t} is not in the {ModelKind} {args[2]} (its elements: {string.Join(' ', elements)})");
            map[t] = mt;
        }
        _elements = elements;
        TypeElement = map;
        _typeNames = names;
        _coeffAt = args.Location;
        _modelPath = args[2];
        ModelLoaded(args[2]);
    }

    /// <summary>
    /// pair_modify peratom yes|no; the generic keywords (shift, mix, table, tabinner, tail) are accepted as LAMMPS's
    /// base Pair does and have no effect on a many-body style (so pair_modify on a hybrid reaches every sub-style).
    /// </summary>
    public override void Modify(CommandArgs args)
    {
        var generic = new List<Word>();
        for (int i = 0; i < args.Count; i += 2)
        {
            if (args[i] == "peratom") PerAtom = args.YesNo(i + 1, "pair_modify peratom");
            else if (args[i] is "shift" or "mix" or "table" or "tabinner" or "tail")
            {
                args.Require(i + 2, -1, $"pair_modify {args[i]} value");
                generic.Add(args.Words[i]);
                generic.Add(args.Words[i + 1]);
            }
            else throw args.Error(i, $"unknown pair_modify keyword '{args[i]}' for pair_style {StyleName} (expected peratom yes|no, or shift, mix, table, tabinner, tail)");
        }
        if (generic.Count > 0) base.Modify(new CommandArgs(args.Command, generic, args.Location));
    }

    public override void Init()
    {
        if (_modelPath == null) throw new GarneticsException($"pair_style {StyleName}: no model: use pair_coeff * * file E1 E2 ...");
        var atoms = Sim.Atoms;
        if (TypeElement.Length - 1 != atoms.NTypes)
            throw new GarneticsException($"pair_style {StyleName}: pair_coeff mapped {TypeElement.Length - 1} atom types but the system has {atoms.NTypes}", _coeffAt);
        for (int t = 1; t <= atoms.NTypes; t++)
        {
            string? known = atoms.TypeElement[t];
            if (TypeElement[t] >= 0 && known != null && known != _typeNames[t])
                throw new GarneticsException(
                    $"pair_style {StyleName}: atom type {t} holds {known} atoms (from the structure file) but pair_coeff maps it to {_typeNames[t]}; " +
                    "list the elements in the order of the atom types", _coeffAt);
        }
        int ne = _elements.Length;
        _cutsq = new double[ne * ne];
        for (int a = 0; a < ne; a++)
            for (int b = 0; b < ne; b++) _cutsq[a * ne + b] = ElementCutoff(a, b) * ElementCutoff(a, b);
        InitModel();
    }

    public override bool HasCoeff(int itype, int jtype) =>
        _modelPath != null && itype < TypeElement.Length && jtype < TypeElement.Length && TypeElement[itype] >= 0 && TypeElement[jtype] >= 0;

    public override double Cutoff(int itype, int jtype)
    {
        if (!HasCoeff(itype, jtype) || (Restrict != null && !Restrict[itype, jtype])) return 0;
        return ElementCutoff(TypeElement[itype], TypeElement[jtype]);
    }

    public override double CutoffMax
    {
        get
        {
            double m = 0;
            for (int a = 0; a < _elements.Length; a++)
                for (int b = 0; b < _elements.Length; b++) m = Math.Max(m, ElementCutoff(a, b));
            return m;
        }
    }

    /// <summary>Below this many local atoms per thread the evaluation runs on fewer threads.</summary>
    public const int MinAtomsPerThread = 64;

    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        var atoms = Sim.Atoms;
        int nall = atoms.NAll, nlocal = list.Inum;
        if (_elementOf.Length < nall) _elementOf = new int[atoms.Capacity];
        for (int i = 0; i < nall; i++) _elementOf[i] = TypeElement[atoms.Type[i]];
        bool eatom = PerAtom || EFlagAtom, vatom = PerAtom || VFlagAtom;
        // per-atom energies and virials (9 per atom) into arrays of our own, whose ghost shares are reverse-communicated
        // below; then added into the engine's per-atom arrays when it asked for them
        double[]? ea = eatom ? new double[nall] : null;
        double[]? va = vatom ? new double[9 * nall] : null;
        int threads = Math.Clamp(nlocal / MinAtomsPerThread, 1, Math.Max(1, Sim.Threads));
        if (_scratch.Length < threads)
        {
            int old = _scratch.Length;
            Array.Resize(ref _scratch, threads);
            Array.Resize(ref _nb, threads);
            for (int t = old; t < threads; t++) { _scratch[t] = new TScratch(); _nb[t] = new AtomNeighbors(); }
        }
        _threads.Prepare(threads, atoms, ea != null ? 1 : 0, va != null ? 9 : 0);
        var acc = _threads.Acc;
        if (threads == 1) Range(0, nlocal, list, atoms.X, atoms.F, ea, va, acc, 0, _nb[0], _scratch[0]);
        else
        {
            var split = PairDriver.SplitByWork(list, threads);
            WorkerTeam.Shared(threads).Run(threads, t =>
                Range(split[t], split[t + 1], list, atoms.X, _threads.Force(t, atoms.F), ea == null ? null : _threads.EAtom(t, ea),
                    va == null ? null : _threads.VAtom(t, va), acc, ThreadScatter.AccStride * t, _nb[t], _scratch[t]));
            _threads.Reduce(threads, atoms.F, ea, va, nall);
        }
        for (int t = 0; t < threads; t++)
        {
            int a0 = ThreadScatter.AccStride * t;
            EngVdwl += acc[a0];
            for (int c = 0; c < 6; c++) Virial[c] += acc[a0 + 2 + c];
        }
        if (!double.IsFinite(EngVdwl))
            throw new GarneticsException($"pair_style {StyleName}: the energy is not finite (NaN or infinity): atoms too close or the structure is corrupt");
        if (va != null)
        {
            Sim.Comm.ReverseComm(va, 9);
            VirialPerAtom = va.AsSpan(0, 9 * nlocal).ToArray();
            // the engine's per-atom virials (stress/atom): the symmetric components, which sum to the total virial's
            if (VFlagAtom)
                for (int i = 0; i < nlocal; i++)
                    for (int c = 0; c < 6; c++) VAtom[6 * i + c] += va[9 * i + c];
        }
        if (ea != null)
        {
            Sim.Comm.ReverseComm(ea, 1);
            EnergyPerAtom = ea.AsSpan(0, nlocal).ToArray();
            if (EFlagAtom) for (int i = 0; i < nlocal; i++) EAtom[i] += ea[i];
        }
    }

    /// <summary>Gather, evaluate and tally local atoms [i0, i1) on one thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Range(int i0, int i1, NeighList list, double[] xa, double[] fa, double[]? eatom, double[]? vatom,
        double[] acc, int a0, AtomNeighbors nb, TScratch scratch)
    {
        // unchecked access: indices come from the neighbour list (atoms < NAll, arrays sized for NAll) and the
        // gather arrays are sized for every neighbour of the row (AtomNeighbors.Ensure)
        ref double x = ref MemoryMarshal.GetArrayDataReference(xa);
        ref double f = ref MemoryMarshal.GetArrayDataReference(fa);
        ref int elem = ref MemoryMarshal.GetArrayDataReference(_elementOf);
        ref double cutsq = ref MemoryMarshal.GetArrayDataReference(_cutsq);
        ref int neighs = ref MemoryMarshal.GetArrayDataReference(list.Neighs);
        int ne = _elements.Length;
        int[] first = list.First, num = list.Num;
        double etot = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        nb.WantEnergyShares = eatom != null;
        bool clearForces = !AssignsEveryForce;
        for (int i = i0; i < i1; i++)
        {
            int ei = Unsafe.Add(ref elem, i);
            if (ei < 0) continue;
            int nn = num[i], jb = first[i];
            nb.Ensure(nn);
            double xi = Unsafe.Add(ref x, 3 * i), yi = Unsafe.Add(ref x, 3 * i + 1), zi = Unsafe.Add(ref x, 3 * i + 2);
            ref int jn = ref MemoryMarshal.GetArrayDataReference(nb.J);
            ref int en = ref MemoryMarshal.GetArrayDataReference(nb.Element);
            ref double r = ref MemoryMarshal.GetArrayDataReference(nb.R);
            ref double crow = ref Unsafe.Add(ref cutsq, ei * ne);
            int count = 0;
            // neighbours within the element-pair cut-off, in list order (branch-free: always written, kept when inside)
            for (int jj = 0; jj < nn; jj++)
            {
                int j = Unsafe.Add(ref neighs, jb + jj);
                int ej = Unsafe.Add(ref elem, j);
                if (ej < 0) continue;
                ref double xj = ref Unsafe.Add(ref x, 3 * j);
                double dx = xj - xi, dy = Unsafe.Add(ref xj, 1) - yi, dz = Unsafe.Add(ref xj, 2) - zi;
                double d2 = dx * dx + dy * dy + dz * dz;
                ref double o = ref Unsafe.Add(ref r, 4 * count);
                o = dx; Unsafe.Add(ref o, 1) = dy; Unsafe.Add(ref o, 2) = dz; Unsafe.Add(ref o, 3) = d2;
                Unsafe.Add(ref jn, count) = j;
                Unsafe.Add(ref en, count) = ej;
                count += d2 < Unsafe.Add(ref crow, ej) ? 1 : 0;
            }
            nb.I = i;
            nb.ElementI = ei;
            nb.Count = count;
            if (clearForces) new Span<double>(nb.Force, 0, 4 * count).Clear();
            if (eatom != null) new Span<double>(nb.EnergyShare, 0, count).Clear();
            double e = ComputeAtom(nb, scratch);
            // F_i += f_ij, F_j -= f_ij; W -= r_ij ⊗ f_ij (per atom: to j)
            ref double fr = ref MemoryMarshal.GetArrayDataReference(nb.Force);
            double fix = 0, fiy = 0, fiz = 0;
            for (int k = 0; k < count; k++)
            {
                ref double fk = ref Unsafe.Add(ref fr, 4 * k);
                double fx = fk, fy = Unsafe.Add(ref fk, 1), fz = Unsafe.Add(ref fk, 2);
                if (fx == 0 && fy == 0 && fz == 0) continue;
                ref double rk = ref Unsafe.Add(ref r, 4 * k);
                double dx = rk, dy = Unsafe.Add(ref rk, 1), dz = Unsafe.Add(ref rk, 2);
                int j = Unsafe.Add(ref jn, k);
                fix += fx; fiy += fy; fiz += fz;
                ref double fj = ref Unsafe.Add(ref f, 3 * j);
                fj -= fx; Unsafe.Add(ref fj, 1) -= fy; Unsafe.Add(ref fj, 2) -= fz;
                v0 -= dx * fx; v1 -= dy * fy; v2 -= dz * fz;
                v3 -= dx * fy; v4 -= dx * fz; v5 -= dy * fz;
                if (vatom != null)
                {
                    int b = 9 * j;
                    vatom[b] -= dx * fx; vatom[b + 1] -= dy * fy; vatom[b + 2] -= dz * fz;
                    vatom[b + 3] -= dx * fy; vatom[b + 4] -= dx * fz; vatom[b + 5] -= dy * fz;
                    vatom[b + 6] -= dy * fx; vatom[b + 7] -= dz * fx; vatom[b + 8] -= dz * fy;
                }
            }
            ref double fi = ref Unsafe.Add(ref f, 3 * i);
            fi += fix; Unsafe.Add(ref fi, 1) += fiy; Unsafe.Add(ref fi, 2) += fiz;
            etot += e;
            if (eatom != null)
            {
                double own = e;
                var share = nb.EnergyShare;
                for (int k = 0; k < count; k++)
                {
                    if (share[k] == 0) continue;
                    eatom[nb.J[k]] += share[k];
                    own -= share[k];
                }
                eatom[i] += own;
            }
        }
        acc[a0] += etot;
        acc[a0 + 2] += v0; acc[a0 + 3] += v1; acc[a0 + 4] += v2;
        acc[a0 + 5] += v3; acc[a0 + 6] += v4; acc[a0 + 7] += v5;
    }
}
