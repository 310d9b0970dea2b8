using Garnetics.Engine.Computes;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Nep.Tests;

/// <summary>compute pe/atom and stress/atom with pair_style nep: NEP's site energies and per-atom virials through dump custom.</summary>
public sealed class PerAtomComputeTests(ITestOutputHelper log)
{
    private static string Cif => LlzoData.TetragonalCif;

    private static string DeckText(string dump, string group) => $"""
        units metal
        read_data {Cif} elements Li La Zr O
        pair_style nep
        pair_coeff * * {Paths.Nep25Model} Li La Zr O
        group li type 1
        velocity all create 800.0 4928459 mom yes rot yes dist gaussian
        compute pe {group} pe/atom
        compute sv {group} stress/atom NULL virial
        compute st {group} stress/atom NULL
        fix 1 all nve
        timestep 0.001
        thermo 2
        dump d all custom 2 {dump} id type c_pe c_sv[1] c_sv[2] c_sv[3] c_sv[4] c_sv[5] c_sv[6] c_st[1] c_st[2] c_st[3] c_st[4] c_st[5] c_st[6]
        dump_modify d sort id format float %.17g
        run 4
        """;

    /// <summary>The last snapshot's rows by tag: type, pe, virial-only stress (6), full stress (6).</summary>
    private static double[][] LastSnapshot(string path)
    {
        var snapshot = LammpsDump.ReadLast(path);
        Assert.Equal(4, snapshot.Step);
        return snapshot.ByTag();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void PerAtomValuesSumToTheTotals(int threads)
    {
        var dir = TempDir.Create("nep-peratom");
        var dump = Path.Combine(dir, "nep.dump");
        var (sim, _) = Deck.Run(DeckText(dump, "all"), threads: threads);
        var rows = LastSnapshot(dump);
        Assert.Equal(192, rows.Length);
        double pe = sim.PotentialEnergy();
        double sum = rows.Sum(r => r[1]);
        log.WriteLine($"{threads} thread(s): pe {pe:R}, sum pe/atom {sum:R}");
        // round-off of a sum of 192 site energies of about -7 eV: 1e-9 relative (and %.17g is exact)
        Assert.True(Math.Abs(sum - pe) <= 1e-9 * Math.Abs(pe), $"sum of pe/atom {sum:R} vs pe {pe:R}");
        var w = sim.TotalVirial();
        var k = ((ComputeTemp)sim.FindCompute("thermo_temp")!).ComputeVector();
        double nktv2p = sim.Units.Nktv2p;
        double scale = w.Take(3).Max(Math.Abs) * nktv2p;
        for (int c = 0; c < 6; c++)
        {
            double sv = rows.Sum(r => r[2 + c]), st = rows.Sum(r => r[8 + c]);
            log.WriteLine($"  [{c + 1}] virial: sum {sv:R} expected {-w[c] * nktv2p:R}; with ke: sum {st:R} expected {-(w[c] + k[c]) * nktv2p:R}");
            Assert.True(Math.Abs(sv + w[c] * nktv2p) <= 1e-9 * scale, $"virial component {c + 1}: {sv:R} vs {-w[c] * nktv2p:R}");
            Assert.True(Math.Abs(st + (w[c] + k[c]) * nktv2p) <= 1e-9 * scale, $"stress component {c + 1}: {st:R} vs {-(w[c] + k[c]) * nktv2p:R}");
        }
        // the per-atom energies are NEP's site energies (pair_modify peratom yes keeps the same values)
        var nep = (PairNep)sim.Pair!;
        for (int i = 0; i < sim.Atoms.NLocal; i++) Assert.Equal(nep.EnergyPerAtom![i], rows[sim.Atoms.Tag[i] - 1][1]);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void AtomsOutsideTheGroupGetZero()
    {
        var dir = TempDir.Create("nep-peratom-group");
        var (_, _) = Deck.Run(DeckText(Path.Combine(dir, "all.dump"), "all"));
        var (_, _) = Deck.Run(DeckText(Path.Combine(dir, "li.dump"), "li"));
        var all = LastSnapshot(Path.Combine(dir, "all.dump"));
        var li = LastSnapshot(Path.Combine(dir, "li.dump"));
        for (int i = 0; i < all.Length; i++)
        {
            if (all[i][0] == 1) Assert.Equal(all[i], li[i]);
            else Assert.All(li[i].Skip(1), v => Assert.Equal(0.0, v));
        }
        Directory.Delete(dir, true);
    }

    [Fact]
    public void StressAtomNeedsNullTemperature()
    {
        var ex = Assert.Throws<GarneticsException>(() => Deck.Run($"""
            units metal
            read_data {Cif} elements Li La Zr O
            compute st all stress/atom thermo_temp ke
            """));
        Assert.Contains("only NULL", ex.Message);
        Assert.Equal((3, 28), (ex.Location!.Line, ex.Location.Column));
    }
}
