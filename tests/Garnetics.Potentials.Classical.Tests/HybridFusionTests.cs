using Garnetics.Potentials.Classical.Tests.Support;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// A pair style without a fusable kernel (test only): E = K (r - R0)^2 for r &lt; Rc, so that hybrid/overlay must
/// take its generic path (one pass per sub-style) when it is one of the sub-styles.
/// </summary>
[PairStyle("test/harmonic", Help = "Test-only harmonic pair: E = K (r - R0)^2 for r < Rc.")]
public sealed class PairTestHarmonic : TypePairStyle
{
    protected override string[] CoeffNames => ["K", "R0"];

    protected override void InitPair() { }

    public override void Compute(NeighList list, bool eflag, bool vflag)
    {
        var a = Sim.Atoms;
        var x = a.X;
        for (int i = 0; i < list.Inum; i++)
        {
            foreach (int j in list.Of(i))
            {
                double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
                double rsq = dx * dx + dy * dy + dz * dz;
                int it = a.Type[i], jt = a.Type[j];
                if (rsq >= CutSq[it * Stride + jt]) continue;
                var c = Raw[Math.Min(it, jt), Math.Max(it, jt)];
                double r = Math.Sqrt(rsq);
                double fpair = -2.0 * c[0] * (r - c[1]) / r;
                a.F[3 * i] += dx * fpair; a.F[3 * i + 1] += dy * fpair; a.F[3 * i + 2] += dz * fpair;
                a.F[3 * j] -= dx * fpair; a.F[3 * j + 1] -= dy * fpair; a.F[3 * j + 2] -= dz * fpair;
                if (eflag) EngVdwl += c[0] * (r - c[1]) * (r - c[1]);
                if (vflag)
                {
                    Virial[0] += dx * dx * fpair; Virial[1] += dy * dy * fpair; Virial[2] += dz * dz * fpair;
                    Virial[3] += dx * dy * fpair; Virial[4] += dx * dz * fpair; Virial[5] += dy * dz * fpair;
                }
            }
        }
    }
}

/// <summary>hybrid/overlay (fused single pass, or one pass per sub-style) equals the sum of its sub-styles run alone.</summary>
public class HybridFusionTests
{
    static HybridFusionTests() => StyleRegistry.Default.Register(typeof(HybridFusionTests).Assembly);

    private static readonly string[] Dsf = ["pair_style coul/dsf 0.2 9.0", "pair_coeff * *"];
    private static readonly string[] Buck = ["pair_style buck 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c)];
    private static readonly string[] Harmonic = ["pair_style test/harmonic 4.0", "pair_coeff * * 0.01 3.0"];

    private static void AssertSum(string[] hybrid, params string[][] parts)
    {
        var s = Cases.Llzo(1);
        var h = GarneticsCalc.Run(s, "metal", true, hybrid);
        var sum = parts.Select(p => GarneticsCalc.Run(s, "metal", true, p)).ToList();
        double e = sum.Sum(r => r.Pe);
        Assert.Equal(e, h.Pe, Math.Abs(e) * 1e-13);
        for (int k = 0; k < h.Forces.Length; k++)
            Assert.Equal(sum.Sum(r => r.Forces[k]), h.Forces[k], 1e-10);
        for (int k = 0; k < 6; k++)
            Assert.Equal(sum.Sum(r => r.Pressure[k]), h.Pressure[k], 1e-9 * Math.Max(1, Math.Abs(h.Pressure[k])));
    }

    [Fact]
    public void FusedBuckPlusDsfEqualsTheSum() =>
        AssertSum(["pair_style hybrid/overlay buck 10.0 coul/dsf 0.2 9.0", "pair_coeff * * buck 0.0 1.0 0.0",
                   .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c.Insert(4, "buck ")), "pair_coeff * * coul/dsf"],
            Buck, Dsf);

    [Fact]
    public void GenericPathWithANonKernelStyleEqualsTheSum() =>
        AssertSum(["pair_style hybrid/overlay test/harmonic 4.0 coul/dsf 0.2 9.0", "pair_coeff * * test/harmonic 0.01 3.0", "pair_coeff * * coul/dsf"],
            Harmonic, Dsf);
}
