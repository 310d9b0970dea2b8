namespace Garnetics.Engine.Potentials;

/// <summary>
/// Base of every pair style (`pair_style NAME args`). A pair style sees NLocal owned atoms plus ghosts through a
/// neighbour list and accumulates forces into Atoms.F (ghost forces are sent back to owners by reverse
/// communication), the energy into EngVdwl/EngCoul and the virial (xx, yy, zz, xy, xz, yz) into Virial.
/// </summary>
public abstract class PairStyle
{
    public Simulation Sim { get; set; } = null!;
    public string StyleName { get; set; } = "";

    public double EngVdwl, EngCoul;
    public readonly double[] Virial = new double[6];

    /// <summary>
    /// Per-atom tallies requested for the current evaluation (LAMMPS eflag_atom / vflag_atom), set by the run loop only
    /// on steps when a per-atom compute is invoked. When set, the style adds each atom's share of the energy to
    /// <see cref="EAtom"/> and of the virial to <see cref="VAtom"/> (xx yy zz xy xz yz per atom), ghosts included; the
    /// run loop clears them before and sends ghost shares back to their owners after the evaluation, so that after
    /// it the local entries sum to EngVdwl + EngCoul and Virial.
    /// </summary>
    public bool EFlagAtom { get; set; }
    public bool VFlagAtom { get; set; }
    public double[] EAtom = [];
    public double[] VAtom = [];

    /// <summary>Whether the style can tally per-atom energies and virials (EFlagAtom / VFlagAtom).</summary>
    public virtual bool CanTallyPerAtom => false;

    /// <summary>Set the per-atom flags for the next evaluation and size and clear the arrays for nall atoms.</summary>
    public void BeginPerAtom(bool eatom, bool vatom, int nall, int capacity)
    {
        EFlagAtom = eatom;
        VFlagAtom = vatom;
        if (eatom)
        {
            if (EAtom.Length < nall) EAtom = new double[Math.Max(nall, capacity)];
            else Array.Clear(EAtom, 0, nall);
        }
        if (vatom)
        {
            if (VAtom.Length < 6 * nall) VAtom = new double[6 * Math.Max(nall, capacity)];
            else Array.Clear(VAtom, 0, 6 * nall);
        }
    }

    /// <summary>pair_modify shift yes: energies shifted to zero at the cut-off.</summary>
    public bool OffsetFlag { get; set; }

    /// <summary>
    /// pair_modify table N: the long-range Coulomb styles tabulate their real-space term on 2^N points for
    /// r &gt; <see cref="TabInner"/> (LAMMPS default 12); 0 evaluates it directly.
    /// </summary>
    public int CoulTableBits { get; set; } = 12;
    public const int MaxCoulTableBits = 20;

    /// <summary>pair_modify tabinner X: inner distance of the Coulomb table (LAMMPS default sqrt(2) distance units).</summary>
    public double TabInner { get; set; } = Math.Sqrt(2.0);

    /// <summary>
    /// Where the style runs (<see cref="Backend.ExecutionSpace"/>): the host by default. A device style syncs the fields
    /// it reads into its space and marks the forces it writes as modified there (Atoms.Sync); the run loop then brings
    /// them back only for host consumers that need them.
    /// </summary>
    public virtual Backend.ExecutionSpace Space => Backend.HostSpace.Instance;

    /// <summary>The neighbour list this style loops over: half (each pair once) or full (every neighbour of every atom).</summary>
    public virtual NeighKind NeighborKind => NeighKind.Half;
    /// <summary>Whether the style needs neighbour rows for ghost atoms too (full lists only).</summary>
    public virtual bool NeighborGhostRows => false;
    public virtual bool NeedsCharge => false;

    /// <summary>
    /// Only the type pairs this style handles, [i, j] for i, j in 1..NTypes (set by hybrid and hybrid/overlay for
    /// their sub-styles; null: all pairs). A restricted style reports cut-off 0 for the other pairs, so its
    /// neighbour list does not hold them at all (LAMMPS's skip lists).
    /// </summary>
    public bool[,]? Restrict { get; set; }

    /// <summary>The neighbour request made at the last set-up (<see cref="RequestNeighbors"/>); its list is rebuilt with every reneighbouring.</summary>
    public NeighRequest? NeighborRequest { get; protected set; }

    /// <summary>
    /// Ask for the neighbour lists this style needs (called by the set-up after <see cref="Init"/>): by default one
    /// list of <see cref="NeighborKind"/> with the style's own per-type-pair cut-offs (<see cref="Cutoff"/>), so that
    /// no style pays for another's cut-off. hybrid styles ask for their sub-styles.
    /// </summary>
    public virtual void RequestNeighbors(NeighborManager neighbor) =>
        NeighborRequest = neighbor.Request(new NeighRequest($"pair {StyleName}", NeighborKind, CutoffTable(), Sim.Atoms.NTypes, NeighborGhostRows));

    /// <summary>Flat (NTypes+1)^2 table of <see cref="Cutoff"/>(i, j) for the neighbour request.</summary>
    protected double[] CutoffTable()
    {
        int n = Sim.Atoms.NTypes, s = n + 1;
        var c = new double[s * s];
        for (int i = 1; i <= n; i++)
            for (int j = 1; j <= n; j++) c[i * s + j] = Cutoff(i, j);
        return c;
    }

    /// <summary>Evaluate over the list of this style's own neighbour request.</summary>
    public void Compute(bool eflag, bool vflag) =>
        Compute((NeighborRequest ?? throw new InvalidOperationException($"pair {StyleName}: no neighbour request (set-up not run)")).List, eflag, vflag);

    /// <summary>pair_style arguments (after the style name).</summary>
    public abstract void Settings(CommandArgs args);

    /// <summary>pair_coeff arguments (all words: I J coefficients...).</summary>
    public abstract void Coeff(CommandArgs args);

    /// <summary>Called before a run: check every needed coefficient is set and precompute tables.</summary>
    public abstract void Init();

    /// <summary>Largest interaction cut-off (sets the neighbour and ghost cut-offs).</summary>
    public abstract double CutoffMax { get; }

    /// <summary>Compute forces (always), energy if eflag, virial if vflag.</summary>
    public abstract void Compute(NeighList list, bool eflag, bool vflag);

    /// <summary>pair_modify keywords; the base handles `shift yes|no`.</summary>
    public virtual void Modify(CommandArgs args)
    {
        for (int i = 0; i < args.Count;)
        {
            switch (args[i])
            {
                case "shift":
                    OffsetFlag = args.YesNo(i + 1, "pair_modify shift");
                    i += 2;
                    break;
                case "table":
                {
                    int n = args.Int(i + 1, "pair_modify table N");
                    if (n < 0 || n > MaxCoulTableBits)
                        throw args.Error(i + 1, $"pair_modify table N needs 0 <= N <= {MaxCoulTableBits} (2^N table points; 0: no table), got {n}");
                    CoulTableBits = n;
                    i += 2;
                    break;
                }
                case "tabinner":
                {
                    double x = args.Double(i + 1, "pair_modify tabinner X");
                    if (!(x > 0)) throw args.Error(i + 1, $"pair_modify tabinner must be positive, got {args[i + 1]}");
                    TabInner = x;
                    i += 2;
                    break;
                }
                case "tail":
                    if (args.YesNo(i + 1, "pair_modify tail"))
                        throw args.Error(i, "pair_modify tail yes is not supported");
                    i += 2;
                    break;
                case "mix":
                    MixRule = args.Choice(i + 1, "geometric", "arithmetic", "sixthpower");
                    i += 2;
                    break;
                case "pair":
                    throw args.Error(i, "pair_modify pair is only valid with pair_style hybrid/overlay");
                default:
                    throw args.Error(i, $"unknown pair_modify keyword '{args[i]}' (expected shift, mix, table, tabinner, tail)");
            }
        }
    }

    public string MixRule { get; set; } = "geometric";

    /// <summary>Whether this style has coefficients for the type pair (used by hybrid/overlay).</summary>
    public abstract bool HasCoeff(int itype, int jtype);

    /// <summary>Per-type-pair cut-off after Init (0 when the pair does not interact).</summary>
    public abstract double Cutoff(int itype, int jtype);

    /// <summary>
    /// Optional lines for the end-of-run timing table, e.g. where a many-body style spends its time. Called with the
    /// pair section's seconds; styles reset their counters in <see cref="Init"/>.
    /// </summary>
    public virtual string? TimingBreakdown(double pairSeconds) => null;

    protected void ClearAccumulators()
    {
        EngVdwl = EngCoul = 0;
        Array.Clear(Virial);
    }
}

/// <summary>A pair style with a long-range (Ewald real-space) Coulomb part that a kspace style complements.</summary>
public interface ICoulLongPair
{
    /// <summary>The Coulomb cut-off of the real-space sum (distance units).</summary>
    double CoulombCutoff { get; }
}
