using Garnetics.Potentials.Classical.Tests.Support;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// pair_style zero against LAMMPS on a perturbed 192-atom LLZO cell: zero energy, forces and virial, and the same
/// neighbour list (LAMMPS's "Total # of neighbors" is the number of listed pairs within cut-off + skin, so equal
/// counts mean the same per-type-pair cut-offs and the same half/full convention).
/// </summary>
public sealed class PairZeroTests
{
    static long LammpsNeighbors(List<string> log) =>
        long.Parse(log.First(l => l.StartsWith("Total # of neighbors")).Split('=')[1].Trim(), CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("pair_style zero 6.0|pair_coeff * *")]
    [InlineData("pair_style zero 4.0 nocoeff|pair_coeff * * 1.0 2.0 3.0|pair_coeff 1 4 2.5|pair_coeff 2 2 7.0")]
    [InlineData("pair_style zero 5.0|pair_coeff * * 5.0")]
    // per-type-pair cut-offs (explicit, global and mixed): each pair is listed within its own cut-off + skin, as LAMMPS
    [InlineData("pair_style zero 5.0|pair_coeff 1 1 3.0|pair_coeff 2 2|pair_coeff 3 3 4.0|pair_coeff 4 4 4.0|pair_coeff 1 4 2.0")]
    public void MatchesLammpsNeighboursWithZeroForces(string commands)
    {
        var pair = commands.Split('|').Append("neighbor 1.0 bin").ToList();
        var s = Cases.Llzo(1);
        var log = new List<string>();
        var lmp = LammpsPair.Run(s, "metal", true, pair, logLines: log);
        var sim = GarneticsCalc.Create(s, "metal", true, pair, threads: 1);
        var ours = GarneticsCalc.Result(sim);
        Assert.Equal(0.0, lmp.Pe);
        Assert.Equal(0.0, ours.Pe);
        Assert.All(ours.Forces, f => Assert.Equal(0.0, f));
        Assert.All(ours.Pressure, p => Assert.Equal(0.0, p));
        long neighbours = sim.Pair!.NeighborRequest!.List.TotalPairs;
        Assert.Equal(LammpsNeighbors(log), neighbours);
        Assert.True(neighbours > 1000);
    }

    /// <summary>
    /// Unset I,J cut-offs are mixed from I,I and J,J (geometric by default, as LAMMPS's pair zero does); `full` lists
    /// every pair from both sides. (Debian's LAMMPS 29Sep2021 has no `full` keyword yet, so this is checked here.)
    /// </summary>
    [Fact]
    public void CutoffsMixAndFullListsHoldEveryPairTwice()
    {
        var s = Cases.Llzo(1);
        var sim = GarneticsCalc.Create(s, "metal", true, ["pair_style zero 5.0", "pair_coeff 1 1 3.0", "pair_coeff 2 2", "pair_coeff 3 3 4.0", "pair_coeff 4 4 4.0", "pair_coeff 1 4 2.0"], threads: 1);
        Assert.Equal(3.0, sim.Pair!.Cutoff(1, 1));
        Assert.Equal(5.0, sim.Pair.Cutoff(2, 2));                       // global cut-off
        Assert.Equal(Math.Sqrt(3.0 * 5.0), sim.Pair.Cutoff(1, 2), 1e-15);
        Assert.Equal(Math.Sqrt(5.0 * 4.0), sim.Pair.Cutoff(3, 2), 1e-15);
        Assert.Equal(2.0, sim.Pair.Cutoff(4, 1));                       // explicit
        Assert.Equal(5.0, sim.Pair.CutoffMax);
        var half = GarneticsCalc.Create(s, "metal", true, ["pair_style zero 6.0", "pair_coeff * *"], threads: 1);
        var full = GarneticsCalc.Create(s, "metal", true, ["pair_style zero 6.0 full", "pair_coeff * *"], threads: 1);
        Assert.Equal(NeighKind.Half, half.Pair!.NeighborRequest!.List.Kind);
        Assert.Equal(NeighKind.Full, full.Pair!.NeighborRequest!.List.Kind);
        Assert.Equal(2 * half.Pair.NeighborRequest.List.TotalPairs, full.Pair.NeighborRequest.List.TotalPairs);
        Assert.Equal(0.0, GarneticsCalc.Result(full).Pe);
    }

    [Fact]
    public void BadArgumentsAreOneErrorAtTheWord()
    {
        var s = Cases.Llzo(1);
        var e = Assert.Throws<GarneticsException>(() => GarneticsCalc.Create(s, "metal", true, ["pair_style zero 6.0 half", "pair_coeff * *"]));
        Assert.Contains("unknown pair_style zero keyword 'half'", e.Message);
        e = Assert.Throws<GarneticsException>(() => GarneticsCalc.Create(s, "metal", true, ["pair_style zero 6.0", "pair_coeff * * 1.0 2.0"]));
        Assert.Contains("expects 2 to 3 argument(s)", e.Message);   // without nocoeff only a cut-off may follow I J
        e = Assert.Throws<GarneticsException>(() => GarneticsCalc.Create(s, "metal", true, ["pair_style zero -1"]));
        Assert.Contains("cutoff must be positive", e.Message);
    }
}
