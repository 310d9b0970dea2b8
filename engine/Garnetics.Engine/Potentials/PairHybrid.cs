namespace Garnetics.Engine.Potentials;

[PairStyle("hybrid/overlay", Syntax = "pair_style hybrid/overlay style1 args1 style2 args2 ...; pair_coeff I J style [index] coeffs | pair_coeff I J none",
    Help = """
        Sum of several pair styles, as LAMMPS's hybrid/overlay: every sub-style acts only on the type pairs it was given
        coefficients for (pair_coeff I J STYLE ..., with an index after the name when a style is listed twice;
        pair_coeff I J none: no interaction; a many-body sub-style such as nep takes pair_coeff * * STYLE file
        elements..., and is assigned the pairs of the types it maps to an element, not NULL). An I,J pair never given a
        pair_coeff takes the sub-style of I,I and J,J by mixing when both are assigned to that one sub-style only.
        Energies, forces and virials are summed. The pairwise sub-styles are fused into one pass over one half list;
        every other sub-style (many-body, full list) gets its own list, cut down from the one list built per step, with
        its own per-pair cut-offs and only its pairs. pair_modify pair STYLE [index] KEYWORD ... (e.g. shift yes)
        modifies one sub-style; pair_modify without `pair` applies to all of them. A coul/long sub-style (e.g. buck +
        coul/long) works with a kspace style, which takes its Coulomb cut-off.
        """)]
public sealed class PairHybridOverlay : PairHybrid
{
    protected override bool Overlay => true;
}

[PairStyle("hybrid", Syntax = "pair_style hybrid style1 args1 style2 args2 ...; pair_coeff I J style [index] coeffs | pair_coeff I J none",
    Help = """
        Several pair styles, each type pair handled by exactly one of them, as LAMMPS's hybrid: pair_coeff I J STYLE ...
        assigns the pairs I,J to STYLE (a later pair_coeff for the same pair replaces the assignment), pair_coeff I J
        none switches them off. A many-body sub-style (nep, sw, ...) takes pair_coeff * * STYLE file elements... and is
        assigned the pairs of the types it maps (not NULL); its neighbour list holds only the pairs still assigned to
        it, so a pair given to another sub-style later is invisible to it, as LAMMPS's skip lists. Unset I,J pairs are
        mixed when I,I and J,J are assigned to the same one sub-style. Otherwise as hybrid/overlay (one neighbour build
        per step, pairwise sub-styles fused, pair_modify pair, kspace).
        """)]
public sealed class PairHybridExclusive : PairHybrid
{
    protected override bool Overlay => false;
}

/// <summary>
/// hybrid and hybrid/overlay: sub-styles of any kind (pairwise kernel styles, many-body styles, plugin styles),
/// each restricted to its type pairs (<see cref="PairStyle.Restrict"/>). The kernel sub-styles on half lists are
/// fused into one kernel and one pass over one half list; every other sub-style computes over its own
/// neighbour request. Per-atom tallies of all sub-styles go into this style's arrays.
/// </summary>
public abstract class PairHybrid : PairStyle, ICoulLongPair
{
    private readonly List<PairStyle> _styles = [];
    private readonly List<string> _names = [];
    /// <summary>[i, j, k]: sub-style k was assigned to I,J by pair_coeff (i &lt;= j).</summary>
    private bool[,,] _map = new bool[0, 0, 0];
    /// <summary>[i, j]: pair_coeff was given for I,J (with a style or none).</summary>
    private bool[,] _set = new bool[0, 0];
    private int _ntypes;
    /// <summary>Sub-styles fused into one kernel (set by Init) and the others, computed on their own lists.</summary>
    private List<PairStyle> _fusedStyles = [], _ownList = [];
    private IPairKernel? _fused;

    /// <summary>hybrid/overlay: a pair may have several sub-styles; hybrid: a new assignment replaces the old one.</summary>
    protected abstract bool Overlay { get; }
    private string Kind => Overlay ? "hybrid/overlay" : "hybrid";

    public IReadOnlyList<PairStyle> SubStyles => _styles;

    public override bool NeedsCharge => _styles.Any(s => s.NeedsCharge);

    public override void Settings(CommandArgs args)
    {
        if (args.Count == 0) throw args.Error($"pair_style {Kind} needs at least one sub-style");
        _styles.Clear();
        _names.Clear();
        _map = new bool[0, 0, 0];
        _set = new bool[0, 0];
        int i = 0;
        while (i < args.Count)
        {
            string name = args[i];
            if (name is "hybrid" or "hybrid/overlay" or "hybrid/scaled")
                throw args.Error(i, $"{name} cannot be a sub-style of {Kind}");
            if (name == "none") throw args.Error(i, $"'none' cannot be a sub-style of {Kind}");
            var sub = Sim.CreateStyle<PairStyle>(StyleKind.Pair, name, args, i, out string chosen);
            int j = i + 1;
            while (j < args.Count && !IsStyleName(args[j])) j++;
            sub.Sim = Sim;
            sub.StyleName = chosen;
            sub.Settings(new CommandArgs(args.Command, args.Words.Skip(i + 1).Take(j - i - 1).ToList(), args.LocationOf(i)));
            _styles.Add(sub);
            _names.Add(name);
            i = j;
        }
    }

    private bool IsStyleName(string w) =>
        !CommandArgs.TryParseDouble(w, out _) && Sim.Registry.Find(StyleKind.Pair, w) != null;

    private void Allocate()
    {
        int n = Sim.Atoms.NTypes;
        if (_ntypes == n && _set.Length > 0) return;
        _ntypes = n;
        _map = new bool[n + 1, n + 1, _styles.Count];
        _set = new bool[n + 1, n + 1];
    }

    /// <summary>Sub-style named at word w of args (with an optional index when the style is listed more than once); returns the number of words used.</summary>
    private int FindStyle(CommandArgs args, int w, out int k)
    {
        string name = args[w];
        int count = _names.Count(n => n == name);
        if (count == 0)
            throw args.Error(w, $"'{name}' is not a sub-style of this {Kind} (sub-styles: {string.Join(" ", _names)})");
        if (count == 1)
        {
            k = _names.IndexOf(name);
            return 1;
        }
        int idx = args.Int(w + 1, $"index of sub-style {name} (it is listed {count} times)");
        if (idx < 1 || idx > count) throw args.Error(w + 1, $"sub-style index must be between 1 and {count}");
        k = -1;
        for (int m = 0, seen = 0; m < _names.Count; m++)
            if (_names[m] == name && ++seen == idx) { k = m; break; }
        return 2;
    }

    public override void Coeff(CommandArgs args)
    {
        Allocate();
        args.Require(3, -1, "I J style coefficients... | I J none");
        var (ilo, ihi) = args.TypeRange(0, _ntypes);
        var (jlo, jhi) = args.TypeRange(1, _ntypes);
        if (args[2] == "none")
        {
            args.Require(3, 3, "I J none");
            int n = 0;
            for (int i = ilo; i <= ihi; i++)
                for (int j = Math.Max(jlo, i); j <= jhi; j++)
                {
                    for (int k = 0; k < _styles.Count; k++) _map[i, j, k] = false;
                    _set[i, j] = true;
                    n++;
                }
            if (n == 0) throw args.Error(0, "pair_coeff: no type pairs were set (I must be <= J)");
            return;
        }
        int used = FindStyle(args, 2, out int s);
        var words = new List<Word> { args.Words[0], args.Words[1] };
        words.AddRange(args.Words.Skip(2 + used));
        var sub = _styles[s];
        sub.Coeff(new CommandArgs(args.Command, words, args.Location));
        // the pairs of the range that the sub-style now has coefficients for (a many-body style: the pairs of the
        // types it maps to an element)
        int assigned = 0;
        for (int i = ilo; i <= ihi; i++)
            for (int j = Math.Max(jlo, i); j <= jhi; j++)
            {
                if (!sub.HasCoeff(i, j)) continue;
                if (!Overlay) for (int k = 0; k < _styles.Count; k++) _map[i, j, k] = false;
                _map[i, j, s] = true;
                _set[i, j] = true;
                assigned++;
            }
        if (assigned == 0) throw args.Error(2, $"pair_coeff: sub-style {args[2]} has coefficients for none of these type pairs");
    }

    public override void Modify(CommandArgs args)
    {
        if (args.Count > 0 && args[0] == "pair")
        {
            if (args.Count < 2) throw args.Error("pair_modify pair needs a sub-style name");
            int used = FindStyle(args, 1, out int s);
            var rest = args.Skip(1 + used);
            if (rest.Count == 0) throw args.Error($"pair_modify pair {args[1]}: no keyword given");
            // LAMMPS's per-sub-style keyword `special` does not apply (no bonds); everything else goes to the sub-style
            _styles[s].Modify(rest);
            return;
        }
        base.Modify(args);
        foreach (var st in _styles) st.Modify(args);
    }

    public override void Init()
    {
        if (_styles.Count == 0) throw new GarneticsException($"pair {Kind}: no sub-styles");
        if (_set.Length == 0 || _ntypes != Sim.Atoms.NTypes)
            throw new GarneticsException($"pair {Kind}: pair coefficients are not set (pair_coeff I J style ...)");
        int n = _ntypes, ns = _styles.Count;
        var assigned = new bool[n + 1, n + 1, ns];
        for (int i = 1; i <= n; i++)
        for (int j = i; j <= n; j++)
        {
            if (_set[i, j])
            {
                for (int k = 0; k < ns; k++) assigned[i, j, k] = _map[i, j, k];
                continue;
            }
            // LAMMPS: mix only when I,I and J,J are each assigned to exactly one and the same sub-style
            int si = SingleStyle(i), sj = SingleStyle(j);
            if (si < 0 || si != sj)
                throw new GarneticsException(
                    $"pair {Kind}: coefficients for atom types {i} {j} are not set (pair_coeff {i} {j} STYLE ... or pair_coeff {i} {j} none)");
            assigned[i, j, si] = true;
        }
        for (int k = 0; k < ns; k++)
        {
            var st = _styles[k];
            var restrict = new bool[n + 1, n + 1];
            bool any = false;
            for (int i = 1; i <= n; i++)
            for (int j = i; j <= n; j++)
            {
                if (!assigned[i, j, k]) continue;
                if (!st.HasCoeff(i, j))
                    throw new GarneticsException($"pair {Kind}: sub-style {_names[k]} has no coefficients for atom types {i} {j}");
                restrict[i, j] = restrict[j, i] = true;
                any = true;
            }
            if (!any) throw new GarneticsException($"pair {Kind}: sub-style {_names[k]} is not used by any pair_coeff");
            st.Restrict = restrict;
            st.Init();
        }
        // Kernels capture only what Init fixed (coefficient tables, cut-offs, g_ewald, Coulomb tables), so the fused
        // kernel is made once per run set-up, not every step (its construction goes through reflection).
        _fusedStyles = _styles.Where(st => st is IKernelPairStyle && st.NeighborKind == NeighKind.Half).ToList();
        _ownList = _styles.Where(st => !_fusedStyles.Contains(st)).ToList();
        _fused = _fusedStyles.Count > 0
            ? PairDriver.Combine(_fusedStyles.Select(st => ((IKernelPairStyle)st).CreateKernel()).ToList())
            : null;
    }

    /// <summary>
    /// One half list for the fused pairwise sub-styles, at the largest of their per-pair cut-offs; every other
    /// sub-style asks for its own list (the manager builds one list per step and cuts the others down from it).
    /// </summary>
    public override void RequestNeighbors(NeighborManager neighbor)
    {
        NeighborRequest = null;
        if (_fusedStyles.Count > 0)
        {
            var tables = _fusedStyles.Select(st => TableOf(st)).ToList();
            var cut = new double[tables[0].Length];
            foreach (var t in tables) for (int k = 0; k < cut.Length; k++) cut[k] = Math.Max(cut[k], t[k]);
            NeighborRequest = neighbor.Request(new NeighRequest($"pair {Kind} ({string.Join(" ", _fusedStyles.Select(s => s.StyleName))})",
                NeighKind.Half, cut, Sim.Atoms.NTypes));
        }
        foreach (var st in _ownList)
        {
            st.RequestNeighbors(neighbor);
            NeighborRequest ??= st.NeighborRequest;
        }
    }

    private double[] TableOf(PairStyle st)
    {
        int n = Sim.Atoms.NTypes, s = n + 1;
        var c = new double[s * s];
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= n; j++) c[i * s + j] = st.Cutoff(i, j);
        return c;
    }

    private int SingleStyle(int t)
    {
        if (!_set[t, t]) return -1;
        int found = -1;
        for (int k = 0; k < _styles.Count; k++)
        {
            if (!_map[t, t, k]) continue;
            if (found >= 0) return -1;
            found = k;
        }
        return found;
    }

    /// <summary>The Coulomb cut-off of the coul/long sub-style(s), for kspace styles; an error when there is none.</summary>
    public double CoulombCutoff
    {
        get
        {
            var c = _styles.OfType<ICoulLongPair>().ToList();
            if (c.Count == 0)
                throw new GarneticsException($"kspace style needs a pair style with a long-range Coulomb part: pair {Kind} has no coul/long sub-style");
            return c.Max(x => x.CoulombCutoff);
        }
    }

    public override double CutoffMax => _styles.Count == 0 ? 0.0 : _styles.Max(s => s.CutoffMax);

    public override bool HasCoeff(int itype, int jtype)
    {
        if (_set.Length == 0) return false;
        int i = Math.Min(itype, jtype), j = Math.Max(itype, jtype);
        for (int k = 0; k < _styles.Count; k++) if (_map[i, j, k]) return true;
        return false;
    }

    public override double Cutoff(int itype, int jtype)
    {
        double c = 0;
        foreach (var s in _styles) c = Math.Max(c, s.Cutoff(itype, jtype));
        return c;
    }

    /// <summary>Per-atom tallies when every sub-style can make them (they add into this style's arrays).</summary>
    public override bool CanTallyPerAtom => _styles.Count > 0 && _styles.All(s => s.CanTallyPerAtom);

    public override string? TimingBreakdown(double pairSeconds)
    {
        var lines = _styles.Select(s => s.TimingBreakdown(pairSeconds)).Where(l => l != null).ToList();
        return lines.Count == 0 ? null : string.Join(Environment.NewLine, lines);
    }

    /// <summary>
    /// The fused sub-styles over <paramref name="list"/> (the list of this style's request) in one pass, then the
    /// others over their own lists.
    /// </summary>
    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        // sub-styles add their per-atom shares (self energies, or their own loops) into this style's arrays
        foreach (var st in _styles)
        {
            st.EFlagAtom = EFlagAtom;
            st.VFlagAtom = VFlagAtom;
            st.EAtom = EAtom;
            st.VAtom = VAtom;
        }
        if (_fused != null)
        {
            // one pass over the neighbour list for all fused sub-styles; their per-atom terms separately
            PairDriver.ComputeHalf(this, _fused, list, eflag, vflag);
            foreach (var st in _fusedStyles)
            {
                st.EngVdwl = st.EngCoul = 0;
                Array.Clear(st.Virial);
                ((IKernelPairStyle)st).ComputeOutsideLoop(eflag, vflag);
                Add(st);
            }
        }
        foreach (var st in _ownList)
        {
            st.EngVdwl = st.EngCoul = 0;
            Array.Clear(st.Virial);
            st.Compute(eflag, vflag);
            Add(st);
        }
    }

    private void Add(PairStyle st)
    {
        EngVdwl += st.EngVdwl;
        EngCoul += st.EngCoul;
        for (int c = 0; c < 6; c++) Virial[c] += st.Virial[c];
    }
}
