using System.Runtime.CompilerServices;
using Garnetics.Engine.Core;
using Garnetics.Engine.Neighbor;
using Garnetics.Engine.Styles;

namespace Garnetics.Plugins.Example;

/// <summary>
/// Example plugin pair style: the soft cosine repulsion of LAMMPS's pair_style soft,
/// E(r) = A [1 + cos(pi r / rc)] for r &lt; rc, which is finite at r = 0 and goes smoothly to zero at rc.
/// </summary>
[PairStyle("example/soft", Syntax = "pair_style example/soft Rc; pair_coeff I J A [Rc]",
    Help = "Soft cosine repulsion (LAMMPS pair_style soft), from the example plugin: E = A [1 + cos(pi r / Rc)] for r < Rc, " +
           "force F = A (pi / Rc) sin(pi r / Rc). Finite at r = 0, so it can push apart overlapping atoms. Unset I,J pairs mix " +
           "A = sqrt(A_I A_J) and the cut-off by the pair_modify mix rule (geometric by default).")]
public sealed class PairExampleSoft : TypePairStyle
{
    private double[] _prefactor = [], _cut = [];

    protected override string[] CoeffNames => ["A"];
    protected override bool CanMix => true;

    protected override double[] Mix(double[] ci, double[] cj) => [Math.Sqrt(ci[0] * cj[0])];

    protected override void InitPair()
    {
        _prefactor = Table((i, j) => Raw[i, j][0]);
        _cut = Table((i, j) => CutIJ[i, j]);
    }

    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        var k = new Kernel(this);
        PairDriver.ComputeHalf(this, ref k, list, eflag, vflag);
    }

    private readonly struct Kernel(PairExampleSoft p) : IPairKernel
    {
        private readonly int _stride = p.Stride;
        private readonly double[] _cutsq = p.CutSq, _a = p._prefactor, _rc = p._cut;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool InRange(int it, int jt, double rsq) => rsq < _cutsq[it * _stride + jt];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double Compute(int it, int jt, double rsq, double qi, double qj, bool eflag, out double evdwl, out double ecoul)
        {
            int ij = it * _stride + jt;
            double r = Math.Sqrt(rsq);
            double arg = Math.PI * r / _rc[ij];
            evdwl = eflag ? _a[ij] * (1.0 + Math.Cos(arg)) : 0.0;
            ecoul = 0.0;
            return r > 0.0 ? _a[ij] * Math.Sin(arg) * Math.PI / _rc[ij] / r : 0.0;
        }
    }
}
