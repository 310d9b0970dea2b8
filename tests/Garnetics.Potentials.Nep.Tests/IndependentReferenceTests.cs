using Xunit.Abstractions;

namespace Garnetics.Potentials.Nep.Tests;

/// <summary>
/// Model variants the shared data does not cover (NEP2, NEP3, NEP5, 5-body terms, l_max 6, flexible ZBL, type-wise
/// cut-offs), each a random model written by python/nep_ref.py: per-atom energies against that script's independent
/// evaluation (3-body terms from the Legendre form over neighbour pairs), and forces against finite differences. One
/// Li atom is placed 1.05 A from an O so that every model's ZBL term (and its switching function) is exercised.
/// </summary>
public class IndependentReferenceTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Variants() =>
        new[] { "nep3_5body_typewise", "nep4_flexzbl_l6", "nep2", "nep5" }.Select(v => new object[] { v });

    private static (Simulation sim, string model, string xyz) Setup(string variant, int frame)
    {
        var dir = TempDir.Create("nep-ref-" + variant);
        var model = Path.Combine(dir, "nep.txt");
        PythonRunner.Run(null, Paths.PythonRef, "write-model", model, variant, "7");
        var xyz = Paths.TrainFrame(frame, dir, squeeze: true);
        var (sim, _) = Deck.Run(Deck.Nep(xyz, model, "pair_modify peratom yes"));
        return (sim, model, xyz);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void PerAtomEnergiesMatchTheIndependentReference(string variant)
    {
        var (sim, model, xyz) = Setup(variant, 11);
        var pair = (PairNep)sim.Pair!;
        var mine = new double[sim.Atoms.NLocal];
        for (int i = 0; i < sim.Atoms.NLocal; i++) mine[sim.Atoms.Tag[i] - 1] = pair.EnergyPerAtom![i];
        var reference = Numbers.Of(PythonRunner.Run(null, Paths.PythonRef, "energies", model, xyz));
        Assert.Equal(reference.Length, mine.Length);
        double worst = 0, scale = reference.Max(Math.Abs);
        for (int i = 0; i < mine.Length; i++) worst = Math.Max(worst, Math.Abs(mine[i] - reference[i]));
        output.WriteLine($"{variant}: max |dE_i| = {worst:E3} eV (energies up to {scale:F3} eV); total {mine.Sum():F8} vs {reference.Sum():F8}");
        Assert.True(worst < 1e-9 * Math.Max(1, scale), $"{variant}: per-atom energy differs by {worst:E3} eV");
        Assert.Equal(sim.PotentialEnergy(), mine.Sum(), 1e-9 * Math.Abs(mine.Sum()));
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void ForcesMatchFiniteDifferences(string variant)
    {
        var (sim, _, _) = Setup(variant, 11);
        var a = sim.Atoms;
        var f = (double[])a.F.Clone();
        double worst = 0;
        foreach (int i in new[] { 0, 50, 100, 130, 170 })
            for (int c = 0; c < 3; c++)
            {
                double x0 = a.X[3 * i + c], h = 1e-3;
                double E(double d) { a.X[3 * i + c] = x0 + d; return Deck.Energy(sim); }
                double g = (E(-2 * h) - 8 * E(-h) + 8 * E(h) - E(2 * h)) / (12 * h);
                a.X[3 * i + c] = x0;
                worst = Math.Max(worst, Math.Abs(-g - f[3 * i + c]));
            }
        output.WriteLine($"{variant}: max |F + dE/dx| = {worst:E3} eV/A");
        Assert.True(worst < 1e-6, $"{variant}: force differs from -dE/dx by {worst:E3} eV/A");
    }
}
