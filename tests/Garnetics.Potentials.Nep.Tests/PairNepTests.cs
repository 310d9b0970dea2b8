using Xunit.Abstractions;

namespace Garnetics.Potentials.Nep.Tests;

public class PairNepTests(ITestOutputHelper output)
{
    private static string Frame(int k) => Paths.TrainFrame(k, TempDir.Create("nep-pair"));

    [Fact]
    public void ThreadsGiveTheSameForcesEnergyAndVirial()
    {
        var deck = Deck.Nep(Frame(5), Paths.Nep25Model, "replicate 2 1 1");
        var (s1, _) = Deck.Run(deck, threads: 1);
        var (s2, _) = Deck.Run(deck, threads: 2);
        Assert.Equal(s1.PotentialEnergy(), s2.PotentialEnergy(), 1e-9);
        var f1 = Deck.ForcesByTag(s1);
        var f2 = Deck.ForcesByTag(s2);
        double worst = 0;
        for (int t = 1; t < f1.Length; t++)
            for (int c = 0; c < 3; c++) worst = Math.Max(worst, Math.Abs(f1[t][c] - f2[t][c]));
        Assert.True(worst < 1e-11, $"forces differ by {worst:E2} between 1 and 2 threads");
        var v1 = s1.TotalVirial();
        var v2 = s2.TotalVirial();
        for (int c = 0; c < 6; c++) Assert.Equal(v1[c], v2[c], 1e-9);
    }

    [Fact]
    public void PerAtomEnergyAndVirialSumToTheTotals()
    {
        var (sim, _) = Deck.Run(Deck.Nep(Frame(2), Paths.Nep25Model, "pair_modify peratom yes"), threads: 2);
        var pair = (PairNep)sim.Pair!;
        Assert.Equal(sim.PotentialEnergy(), pair.EnergyPerAtom!.Sum(), 1e-9);
        var w = sim.TotalVirial();
        var va = pair.VirialPerAtom!;
        int[] comp = [0, 1, 2, 3, 4, 5];
        foreach (int c in comp)
        {
            double s = 0;
            for (int i = 0; i < sim.Atoms.NLocal; i++) s += va[9 * i + c];
            Assert.Equal(w[c], s, 1e-8);
        }
        // the per-atom tensor is not symmetric, but its sum is: Σ W_yx = Σ W_xy
        double yx = 0;
        for (int i = 0; i < sim.Atoms.NLocal; i++) yx += va[9 * i + 6];
        Assert.Equal(w[3], yx, 1e-8);
    }

    [Fact]
    public void NullTypeIsLeftOutEntirely()
    {
        // all O atoms mapped to NULL: identical to a structure without the O atoms
        var frame = Frame(0);
        var (withNull, _) = Deck.Run($"""
            units metal
            read_data {frame} elements Li La Zr O
            pair_style nep
            pair_coeff * * {Paths.Nep25Model} Li La Zr NULL
            run 0
            """);
        var (without, _) = Deck.Run($"""
            units metal
            read_data {frame} elements Li La Zr O
            group ox type 4
            delete_atoms group ox
            pair_style nep
            pair_coeff * * {Paths.Nep25Model} Li La Zr NULL
            run 0
            """);
        Assert.Equal(without.PotentialEnergy(), withNull.PotentialEnergy(), 1e-9);
        var a = withNull.Atoms;
        for (int i = 0; i < a.NLocal; i++)
            if (a.Type[i] == 4) Assert.Equal(0.0, Math.Abs(a.F[3 * i]) + Math.Abs(a.F[3 * i + 1]) + Math.Abs(a.F[3 * i + 2]));
    }

    /// <summary>The suite's short version of the NVE acceptance run: 192 atoms at 1000 K, 2 ps, dt = 1 fs.</summary>
    [Fact]
    public void NveConservesEnergy()
    {
        var (sim, log) = Deck.Run($"""
            variable structure index {Frame(0)}
            variable model index {Paths.Nep25Model}
            variable steps index 2000
            variable thermo index 100
            include {Path.Combine(TestPaths.RepoRoot, "inputs", "llzo-nep-nve.in")}
            """, threads: 2);
        var rows = log.Split('\n').Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length == 7 && long.TryParse(w[0], out _)).Select(w => w.Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToArray();
        Assert.Equal(21, rows.Length);
        int n = sim.Atoms.NLocal;
        double e0 = rows[0][5];
        double worst = rows.Max(r => Math.Abs(r[5] - e0)) / n;
        // drift: least-squares slope of E(t) times the run length (fluctuations of velocity Verlet average out)
        double tm = rows.Average(r => r[1]), em = rows.Average(r => r[5]);
        double slope = rows.Sum(r => (r[1] - tm) * (r[5] - em)) / rows.Sum(r => (r[1] - tm) * (r[1] - tm));
        double drift = Math.Abs(slope * (rows[^1][1] - rows[0][1])) / n;
        double tMean = rows.Skip(5).Average(r => r[2]);
        output.WriteLine($"192 atoms, 2 ps: drift {drift:E3} eV/atom, max |E - E0| = {worst:E3} eV/atom, <T> = {tMean:F0} K");
        Assert.True(tMean > 300, "the system must actually be hot");
        Assert.True(drift < 1e-4, $"energy drifted by {drift:E3} eV/atom over 2 ps");
        // Verlet's bounded energy fluctuation for 192 atoms at ~700 K and dt = 1 fs is ~1e-4 eV/atom (it shrinks as 1/sqrt(N))
        Assert.True(worst < 3e-4, $"energy fluctuated by {worst:E3} eV/atom");
    }
}
