using System.Diagnostics;

namespace Garnetics.Potentials.Nep;

[PairStyle("nep", Syntax = "pair_style nep; pair_coeff * * nep.txt E1 E2 ... (one element or NULL per atom type)",
    Help = """
        Neuroevolution potential (NEP) of GPUMD, read from the nep.txt that GPUMD writes: NEP2, NEP3, NEP4 and NEP5
        models, with universal ZBL (inner/outer switching cut-offs), flexible ZBL (fitted per-pair table) or type-wise
        cut-offs when the file has them. E_i = Σ_h w1_h tanh(Σ_d w0_hd q_d − b0_h) − b1 for the descriptor q of atom i:
        radial q_n = Σ_j g_n(r_ij) with g_n = Σ_k c^{t_i t_j}_{nk} f_k(r), f_k = (T_k(2(r/rc−1)²−1) + 1)/2 · (1 + cos(π
        r/rc))/2 (Chebyshev T_k); angular q_nl = Σ_jk g_n(r_ij) g_n(r_ik) (2l+1)/(4π) P_l(cos θ_jik) for l = 1..l_max,
        plus the 4-body (l = 2) and 5-body (l = 1) invariants when the header enables them; each q_d is multiplied by
        the file's scaler. ZBL adds Σ_pairs (Z_i Z_j e²/r) φ(r/a) f_s(r), a = 0.46848/(Z_i^0.23 + Z_j^0.23), switched
        off between rc_inner and rc_outer. The elements after the file name map atom types 1..N in order to the model's
        elements; NULL leaves a type out entirely (its atoms neither feel nor exert NEP forces). Evaluated in double
        precision over a full neighbour list with separate radial and angular cut-offs, multi-threaded (-threads).
        Per-atom energies and virials are available to compute pe/atom and stress/atom (site energies E_i; virial in
        GPUMD's per-atom convention, summing to the total virial) and to analysis code (pair_modify peratom yes). Works
        inside hybrid and hybrid/overlay (e.g. hybrid/overlay nep zbl ... or hybrid nep buck ...), each sub-style on its
        own cut-down neighbour list.
        """)]
public sealed class PairNep : ManyBodyPairStyle<NepEvaluator.Scratch>
{
    private NepModel? _model;
    private NepEvaluator? _eval;

    public NepModel? Model => _model;

    protected override string ModelKind => "NEP model";

    /// <summary>The force pass writes every neighbour's pair force (zero where it vanishes).</summary>
    protected override bool AssignsEveryForce => true;

    protected override IReadOnlyList<string> ReadModel(string path, SourceLocation at)
    {
        var model = NepModel.Load(path, at);
        _model = model;
        _eval = new NepEvaluator(model);
        return model.Elements;
    }

    protected override void ModelLoaded(string path) => Sim.Print($"NEP model {path}: {_model!.Describe()}");

    protected override double ElementCutoff(int a, int b) => _eval!.PairCutoff(a, b);

    protected override void InitModel()
    {
        foreach (var s in Scratches) s.TicksDescriptor = s.TicksNetwork = s.TicksForces = 0;
    }

    protected override double ComputeAtom(AtomNeighbors nb, NepEvaluator.Scratch scratch) => _eval!.ComputeAtom(nb, scratch);

    /// <summary>Share of the pair time in descriptor, network and force work (summed over threads, scaled to wall time).</summary>
    public override string? TimingBreakdown(double pairSeconds)
    {
        long d = 0, n = 0, f = 0;
        foreach (var s in Scratches) { d += s.TicksDescriptor; n += s.TicksNetwork; f += s.TicksForces; }
        double all = d + n + f;
        if (all <= 0) return null;
        return FormattableString.Invariant(
            $"  nep: descriptor {100 * d / all:F1}%, network {100 * n / all:F1}%, forces {100 * f / all:F1}% of the per-atom work ({all / Stopwatch.Frequency:F3} s summed over threads)");
    }
}
