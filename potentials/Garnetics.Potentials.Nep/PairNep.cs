using System.Diagnostics;
using Garnetics.Engine.Core;
using Garnetics.Engine.Neighbor;
using Garnetics.Engine.Styles;

namespace Garnetics.Potentials.Nep;

[PairStyle("nep", Syntax = "pair_style nep; pair_coeff * * nep.txt E1 E2 ... (one element or NULL per atom type)",
    Help = "Neuroevolution potential (NEP) of GPUMD, read from the nep.txt that GPUMD writes: NEP2, NEP3, NEP4 and NEP5 " +
           "models, with universal ZBL (inner/outer switching cut-offs), flexible ZBL (fitted per-pair table) or type-wise " +
           "cut-offs when the file has them. E_i = Σ_h w1_h tanh(Σ_d w0_hd q_d − b0_h) − b1 for the descriptor q of atom i: " +
           "radial q_n = Σ_j g_n(r_ij) with g_n = Σ_k c^{t_i t_j}_{nk} f_k(r), f_k = (T_k(2(r/rc−1)²−1) + 1)/2 · (1 + cos(π r/rc))/2 " +
           "(Chebyshev T_k); angular q_nl = Σ_jk g_n(r_ij) g_n(r_ik) (2l+1)/(4π) P_l(cos θ_jik) for l = 1..l_max, plus the 4-body " +
           "(l = 2) and 5-body (l = 1) invariants when the header enables them; each q_d is multiplied by the file's scaler. " +
           "ZBL adds Σ_pairs (Z_i Z_j e²/r) φ(r/a) f_s(r), a = 0.46848/(Z_i^0.23 + Z_j^0.23), switched off between rc_inner and " +
           "rc_outer. The elements after the file name map atom types 1..N in order to the model's elements; NULL leaves a " +
           "type out entirely (its atoms neither feel nor exert NEP forces). Evaluated in double precision over a full " +
           "neighbour list with separate radial and angular cut-offs, multi-threaded (-threads). Per-atom energies and " +
           "virials are available to compute pe/atom and stress/atom (site energies E_i; virial in GPUMD's per-atom convention, " +
           "summing to the total virial) and to analysis code (pair_modify peratom yes).")]
public sealed class PairNep : PairStyle
{
    private NepModel? _model;
    private NepEvaluator? _eval;
    /// <summary>Model type of each deck type (1-based), −1 for NULL.</summary>
    private int[] _typeMap = [];
    private string[] _typeNames = [];
    private SourceLocation? _coeffAt;
    private int[] _mtype = [];
    private NepEvaluator.Scratch[] _scratch = [];
    private double[][] _forces = [];

    /// <summary>Per-atom energies (local atoms) of the last evaluation, when <see cref="PerAtom"/> is on.</summary>
    public double[]? EnergyPerAtom { get; private set; }
    /// <summary>Per-atom virials (9 per local atom: xx yy zz xy xz yz yx zx zy, eV), when <see cref="PerAtom"/> is on.</summary>
    public double[]? VirialPerAtom { get; private set; }
    public bool PerAtom { get; set; }

    public NepModel? Model => _model;

    /// <summary>Per-atom energies are NEP's site energies E_i; per-atom virials follow GPUMD (the r_ij ⊗ F_ij term of each i-j bond of E_i goes to j).</summary>
    public override bool CanTallyPerAtom => true;

    public override NeighKind NeighborKind => NeighKind.Full;

    public override void Settings(CommandArgs args)
    {
        if (args.Count != 0) throw args.Error(0, "pair_style nep takes no arguments (the model file goes in pair_coeff * * nep.txt elements...)");
    }

    public override void Coeff(CommandArgs args)
    {
        if (args.Count < 3 || args[0] != "*" || args[1] != "*")
            throw args.Error(0, "expected pair_coeff * * nep.txt E1 E2 ... (one element symbol or NULL per atom type)");
        var model = NepModel.Load(args[2], args.LocationOf(2));
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
            int mt = model.TypeOf(e);
            if (mt < 0)
                throw args.Error(2 + t, $"element '{e}' for atom type {t} is not in the NEP model {args[2]} (its elements: {string.Join(' ', model.Elements)})");
            map[t] = mt;
        }
        _model = model;
        _eval = new NepEvaluator(model);
        _typeMap = map;
        _typeNames = names;
        _coeffAt = args.Location;
        Sim.Print($"NEP model {args[2]}: {model.Describe()}");
    }

    public override void Modify(CommandArgs args)
    {
        for (int i = 0; i < args.Count;)
        {
            if (args[i] == "peratom") { PerAtom = args.YesNo(i + 1, "pair_modify peratom"); i += 2; }
            else throw args.Error(i, $"unknown pair_modify keyword '{args[i]}' for pair_style nep (expected peratom yes|no)");
        }
    }

    public override void Init()
    {
        foreach (var s in _scratch) s.TicksDescriptor = s.TicksNetwork = s.TicksForces = 0;
        if (_model == null) throw new GarneticsException("pair_style nep: no model: use pair_coeff * * nep.txt E1 E2 ...");
        var atoms = Sim.Atoms;
        if (_typeMap.Length - 1 != atoms.NTypes)
            throw new GarneticsException($"pair_style nep: pair_coeff mapped {_typeMap.Length - 1} atom types but the system has {atoms.NTypes}", _coeffAt);
        for (int t = 1; t <= atoms.NTypes; t++)
        {
            string? known = atoms.TypeElement[t];
            if (_typeMap[t] >= 0 && known != null && known != _typeNames[t])
                throw new GarneticsException(
                    $"pair_style nep: atom type {t} holds {known} atoms (from the structure file) but pair_coeff maps it to {_typeNames[t]}; " +
                    "list the elements in the order of the atom types", _coeffAt);
        }
    }

    public override double CutoffMax => _eval?.Cutoff ?? 0;

    /// <summary>Share of the pair time in descriptor, network and force work (summed over threads, scaled to wall time).</summary>
    public override string? TimingBreakdown(double pairSeconds)
    {
        long d = 0, n = 0, f = 0;
        foreach (var s in _scratch) { d += s.TicksDescriptor; n += s.TicksNetwork; f += s.TicksForces; }
        double all = d + n + f;
        if (all <= 0) return null;
        return FormattableString.Invariant(
            $"  nep: descriptor {100 * d / all:F1}%, network {100 * n / all:F1}%, forces {100 * f / all:F1}% of the per-atom work ({all / Stopwatch.Frequency:F3} s summed over threads)");
    }

    public override bool HasCoeff(int itype, int jtype) => _model != null && _typeMap[itype] >= 0 && _typeMap[jtype] >= 0;

    public override double Cutoff(int itype, int jtype) => HasCoeff(itype, jtype) ? CutoffMax : 0;

    /// <summary>Below this many local atoms per thread the evaluation runs on fewer threads.</summary>
    public const int MinAtomsPerThread = 64;

    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        var eval = _eval!;
        var atoms = Sim.Atoms;
        int nall = atoms.NAll, nlocal = list.Inum;
        if (_mtype.Length < nall) _mtype = new int[atoms.Capacity];
        for (int i = 0; i < nall; i++) _mtype[i] = _typeMap[atoms.Type[i]];
        double[]? eatom = null, vatom = null;
        if (PerAtom || EFlagAtom) EnergyPerAtom = eatom = new double[nlocal];
        if (PerAtom || VFlagAtom) vatom = new double[9 * nall];
        int threads = Math.Clamp(nlocal / MinAtomsPerThread, 1, Math.Max(1, Sim.Threads));
        if (_scratch.Length < threads)
        {
            int old = _scratch.Length;
            Array.Resize(ref _scratch, threads);
            for (int t = old; t < threads; t++) _scratch[t] = new NepEvaluator.Scratch();
            Array.Resize(ref _forces, threads);
        }
        for (int t = 0; t < threads; t++)
        {
            _scratch[t].Energy = 0;
            Array.Clear(_scratch[t].Virial);
        }
        if (threads == 1)
        {
            eval.Compute(0, nlocal, atoms.X, _mtype, list.First, list.Num, list.Neighs, atoms.F, _scratch[0], eatom, vatom);
        }
        else
        {
            for (int t = 1; t < threads; t++)
            {
                if (_forces[t] == null || _forces[t].Length < 3 * nall) _forces[t] = new double[3 * atoms.Capacity];
                else Array.Clear(_forces[t], 0, 3 * nall);
            }
            var split = PairDriver.SplitByWork(list, threads);
            double[][]? vat = null;
            if (vatom != null)
            {
                vat = new double[threads][];
                vat[0] = vatom;
                for (int t = 1; t < threads; t++) vat[t] = new double[9 * nall];
            }
            WorkerTeam.Shared(threads).Run(threads, t =>
            {
                var f = t == 0 ? atoms.F : _forces[t];
                eval.Compute(split[t], split[t + 1], atoms.X, _mtype, list.First, list.Num, list.Neighs, f, _scratch[t], eatom, vat?[t]);
            });
            var fm = atoms.F;
            int n3 = 3 * nall;
            WorkerTeam.Shared(threads).Run(threads, t =>
            {
                int q0 = (int)((long)n3 * t / threads), q1 = (int)((long)n3 * (t + 1) / threads);
                for (int u = 1; u < threads; u++)
                {
                    var src = _forces[u];
                    for (int q = q0; q < q1; q++) fm[q] += src[q];
                }
            });
            if (vat != null)
                for (int t = 1; t < threads; t++)
                    for (int q = 0; q < vatom!.Length; q++) vatom[q] += vat[t][q];
        }
        for (int t = 0; t < threads; t++)
        {
            EngVdwl += _scratch[t].Energy;
            for (int c = 0; c < 6; c++) Virial[c] += _scratch[t].Virial[c];
        }
        if (vatom != null)
        {
            Sim.Comm.ReverseComm(vatom, 9);
            VirialPerAtom = vatom.AsSpan(0, 9 * nlocal).ToArray();
        }
        // the engine's per-atom tallies (compute pe/atom, stress/atom): NEP's own site energies, and the symmetric
        // components of its per-atom virial (xx yy zz xy xz yz; their sums are the total virial's)
        if (EFlagAtom) Array.Copy(eatom!, EAtom, nlocal);
        if (VFlagAtom)
            for (int i = 0; i < nlocal; i++)
                for (int c = 0; c < 6; c++) VAtom[6 * i + c] = vatom![9 * i + c];
        if (!double.IsFinite(EngVdwl))
            throw new GarneticsException("pair_style nep: the energy is not finite (NaN or infinity): atoms too close or the structure is corrupt");
    }
}
