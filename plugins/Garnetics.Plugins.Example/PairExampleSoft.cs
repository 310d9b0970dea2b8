namespace Garnetics.Plugins.Example;

/// <summary>
/// Example plugin pair style, written only against the engine's pairwise contract: the soft cosine repulsion of
/// LAMMPS's pair_style soft, E(r) = A [1 + cos(pi r / rc)] for r &lt; rc, which is finite at r = 0 and goes smoothly
/// to zero at rc. The style declares its coefficients and one short-range term; the engine supplies pair_coeff
/// parsing, mixing, cut-offs, the threaded loop, per-atom energies and virials, and hybrid/overlay fusion.
/// </summary>
[PairStyle("example/soft", Syntax = "pair_style example/soft Rc; pair_coeff I J A [Rc]",
    Help = """
        Soft cosine repulsion (LAMMPS pair_style soft), from the example plugin: E = A [1 + cos(pi r / Rc)] for r < Rc,
        force F = A (pi / Rc) sin(pi r / Rc). Finite at r = 0, so it can push apart overlapping atoms. Unset I,J pairs
        mix A = sqrt(A_I A_J) and the cut-off by the pair_modify mix rule (geometric by default). Per-atom energies and
        virials (compute pe/atom, stress/atom) and hybrid/overlay come from the engine's pairwise contract.
        """)]
public sealed class PairExampleSoft : KernelPair<ShortKernel<PairExampleSoft.Term, PairExampleSoft.Coef>>
{
    /// <summary>Coefficients of one type pair, precomputed at Init.</summary>
    public struct Coef
    {
        public double A, PiOverRc;
    }

    private Coef[] _coef = [];

    protected override string[] CoeffNames => ["A"];
    protected override bool CanMix => true;
    protected override double[] Mix(double[] ci, double[] cj) => [Math.Sqrt(ci[0] * cj[0])];

    protected override void InitPair() =>
        _coef = RecordTable((i, j) => new Coef { A = Raw[i, j][0], PiOverRc = Math.PI / CutIJ[i, j] });

    protected override ShortKernel<Term, Coef> MakeKernel() => new(_coef, CutSq, Stride);

    /// <summary>E = A [1 + cos(pi r / rc)], F r = A (pi / rc) sin(pi r / rc) r.</summary>
    public readonly struct Term : IShortTerm<Coef>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static double ForceTimesR(in Coef c, double rsq, double r2inv, bool eflag, out double energy)
        {
            double r = Math.Sqrt(rsq);
            double arg = c.PiOverRc * r;
            energy = eflag ? c.A * (1.0 + Math.Cos(arg)) : 0.0;
            return c.A * Math.Sin(arg) * c.PiOverRc * r;
        }
    }
}
