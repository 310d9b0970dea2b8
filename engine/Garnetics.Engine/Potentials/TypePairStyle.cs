using System.Runtime.InteropServices;

namespace Garnetics.Engine.Potentials;

/// <summary>
/// Common machinery for pairwise styles with per-type-pair coefficients: a global cut-off from pair_style, explicit
/// pair_coeff settings for I,J ranges (with an optional per-pair cut-off as the last coefficient), mixing of unset
/// I,J pairs from I,I and J,J, flat (ntypes+1)^2 tables for the kernels, and the energy shift at the cut-off.
/// Subclasses declare their coefficient names and fill the kernel tables in <see cref="InitPair"/>.
/// </summary>
public abstract class TypePairStyle : PairStyle
{
    /// <summary>Global cut-off(s) given to pair_style (most styles have one; coul variants may have two).</summary>
    protected double CutGlobal;
    protected int NTypes;
    /// <summary>[i,j] explicitly set by pair_coeff (symmetric).</summary>
    protected bool[,] SetFlag = new bool[0, 0];
    /// <summary>Raw coefficients per type pair as given to pair_coeff (without the optional cut-off).</summary>
    protected double[,][] Raw = new double[0, 0][];
    /// <summary>Explicit per-pair cut-off (NaN: use the global one).</summary>
    protected double[,] CutExplicit = new double[0, 0];
    /// <summary>Final per-pair cut-off after Init.</summary>
    protected double[,] CutIJ = new double[0, 0];
    /// <summary>Flat tables indexed it*(NTypes+1)+jt for the kernels.</summary>
    protected double[] CutSq = [];
    protected int Stride;

    /// <summary>Names of the required coefficients (for messages), e.g. ["epsilon", "sigma"].</summary>
    protected abstract string[] CoeffNames { get; }
    /// <summary>How many optional cut-offs may follow the coefficients (usually 1).</summary>
    protected virtual int MaxOptionalCutoffs => 1;
    /// <summary>Whether unset I,J pairs may be derived by mixing (LJ-like styles) or must be set explicitly.</summary>
    protected virtual bool CanMix => false;

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 1, $"{StyleName} cutoff");
        CutGlobal = ParseCutoff(args, 0);
        // LAMMPS: resetting the global cut-off resets explicit per-pair cut-offs already set
        if (CutExplicit.Length > 0)
            for (int i = 0; i < CutExplicit.GetLength(0); i++)
                for (int j = 0; j < CutExplicit.GetLength(1); j++)
                    if (SetFlag[i, j]) CutExplicit[i, j] = double.NaN;
    }

    protected static double ParseCutoff(CommandArgs args, int i)
    {
        double c = args.Double(i, "cutoff");
        if (!(c > 0)) throw args.Error(i, $"cutoff must be positive, got {args[i]}");
        return c;
    }

    protected void Allocate()
    {
        int n = Sim.Atoms.NTypes;
        if (NTypes == n && SetFlag.Length > 0) return;
        NTypes = n;
        SetFlag = new bool[n + 1, n + 1];
        Raw = new double[n + 1, n + 1][];
        CutExplicit = new double[n + 1, n + 1];
        CutIJ = new double[n + 1, n + 1];
        for (int i = 0; i <= n; i++) for (int j = 0; j <= n; j++) CutExplicit[i, j] = double.NaN;
    }

    public override void Coeff(CommandArgs args)
    {
        Allocate();
        int nc = CoeffNames.Length;
        string usage = string.Join(" ", ["I", "J", .. CoeffNames, .. (MaxOptionalCutoffs > 0 ? new[] { "[cutoff]" } : [])]);
        args.Require(2 + nc, 2 + nc + MaxOptionalCutoffs, usage);
        var (ilo, ihi) = args.TypeRange(0, NTypes);
        var (jlo, jhi) = args.TypeRange(1, NTypes);
        var c = new double[nc];
        for (int k = 0; k < nc; k++) c[k] = args.Double(2 + k, CoeffNames[k]);
        ValidateCoeffs(args, c);
        double cut = double.NaN;
        if (args.Count > 2 + nc) cut = ParseCutoff(args, 2 + nc);
        ExtraCutoffs(args, 2 + nc);
        int count = 0;
        for (int i = ilo; i <= ihi; i++)
        for (int j = Math.Max(jlo, i); j <= jhi; j++)
        {
            Raw[i, j] = (double[])c.Clone();
            CutExplicit[i, j] = cut;
            SetFlag[i, j] = true;
            count++;
        }
        if (count == 0) throw args.Error(0, "pair_coeff: no type pairs were set (I must be <= J)");
    }

    /// <summary>Check coefficient values (e.g. positive rho). Throw args.Error for bad ones.</summary>
    protected virtual void ValidateCoeffs(CommandArgs args, double[] c) { }
    /// <summary>Styles with two optional cut-offs (vdW and Coulomb) handle the second one here.</summary>
    protected virtual void ExtraCutoffs(CommandArgs args, int first) { }

    /// <summary>Mix coefficients for an unset pair (only when CanMix).</summary>
    protected virtual double[] Mix(double[] ci, double[] cj) =>
        throw new InvalidOperationException($"pair {StyleName} allows mixing (CanMix) but does not define Mix");

    public override bool HasCoeff(int itype, int jtype)
    {
        if (SetFlag.Length == 0) return false;
        int i = Math.Min(itype, jtype), j = Math.Max(itype, jtype);
        return SetFlag[i, j] || (CanMix && SetFlag[i, i] && SetFlag[j, j]);
    }

    public override double Cutoff(int itype, int jtype) => CutIJ[Math.Min(itype, jtype), Math.Max(itype, jtype)];

    public override double CutoffMax
    {
        get
        {
            double m = 0;
            for (int i = 1; i <= NTypes; i++) for (int j = i; j <= NTypes; j++) m = Math.Max(m, CutIJ[i, j]);
            return m;
        }
    }

    public override void Init()
    {
        if (NTypes != Sim.Atoms.NTypes || SetFlag.Length == 0)
        {
            if (SetFlag.Length == 0) Allocate();
            else throw new GarneticsException($"pair {StyleName}: the number of atom types changed after pair_coeff; re-issue pair_coeff");
        }
        int n = NTypes;
        Stride = n + 1;
        CutSq = new double[Stride * Stride];
        for (int i = 1; i <= n; i++)
        for (int j = i; j <= n; j++)
        {
            bool wanted = Restrict == null || Restrict[i, j];
            if (!SetFlag[i, j])
            {
                if (CanMix && SetFlag[i, i] && SetFlag[j, j])
                {
                    Raw[i, j] = Mix(Raw[i, i], Raw[j, j]);
                    double ci = double.IsNaN(CutExplicit[i, i]) ? CutGlobal : CutExplicit[i, i];
                    double cj = double.IsNaN(CutExplicit[j, j]) ? CutGlobal : CutExplicit[j, j];
                    CutExplicit[i, j] = MixDistance(ci, cj);
                }
                else if (wanted && Restrict == null)
                    throw new GarneticsException($"pair {StyleName}: coefficients for atom types {i} {j} are not set (pair_coeff {i} {j} ...)");
                else { CutIJ[i, j] = CutIJ[j, i] = 0; continue; }
            }
            if (!wanted) { CutIJ[i, j] = CutIJ[j, i] = 0; continue; }
            double cut = double.IsNaN(CutExplicit[i, j]) ? CutGlobal : CutExplicit[i, j];
            CutIJ[i, j] = CutIJ[j, i] = cut;
            CutSq[i * Stride + j] = CutSq[j * Stride + i] = cut * cut;
        }
        InitPair();
    }

    protected double MixDistance(double a, double b) => MixRule switch
    {
        "geometric" => Math.Sqrt(a * b),
        "arithmetic" => 0.5 * (a + b),
        "sixthpower" => Math.Pow(0.5 * (Math.Pow(a, 6) + Math.Pow(b, 6)), 1.0 / 6.0),
        _ => Math.Sqrt(a * b),
    };

    protected double MixEnergy(double e1, double e2, double s1, double s2) => MixRule switch
    {
        "sixthpower" => 2.0 * Math.Sqrt(e1 * e2) * Math.Pow(s1, 3) * Math.Pow(s2, 3) / (Math.Pow(s1, 6) + Math.Pow(s2, 6)),
        _ => Math.Sqrt(e1 * e2),
    };

    /// <summary>Build the flat kernel tables from Raw and CutIJ (and offsets when OffsetFlag).</summary>
    protected abstract void InitPair();

    /// <summary>A flat symmetric table filled by f(i, j) for the type pairs that interact.</summary>
    protected double[] Table(Func<int, int, double> f) => RecordTable(f);

    /// <summary>
    /// A flat (NTypes+1)^2 symmetric table of records filled by f(i, j) for the type pairs that interact (one cache
    /// line per type pair instead of one load per table).
    /// </summary>
    protected T[] RecordTable<T>(Func<int, int, T> f) where T : struct
    {
        var t = new T[Stride * Stride];
        for (int i = 1; i <= NTypes; i++)
        for (int j = i; j <= NTypes; j++)
        {
            if (CutIJ[i, j] <= 0) continue;
            t[i * Stride + j] = t[j * Stride + i] = f(i, j);
        }
        return t;
    }

    /// <summary>Types that take part in at least one interacting pair (self terms of coul/dsf and coul/wolf).</summary>
    protected bool[] ActiveTypes()
    {
        var a = new bool[NTypes + 1];
        for (int i = 1; i <= NTypes; i++)
            for (int j = 1; j <= NTypes; j++)
                if (CutIJ[Math.Min(i, j), Math.Max(i, j)] > 0) a[i] = true;
        return a;
    }

    /// <summary>Unchecked element access for kernels (indices come from type tables sized (NTypes+1)^2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref T At<T>(T[] a, int i) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), i);
}
