using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// LAMMPS-vs-Garnetics parity on identical structures (the same data file): energy 1e-9 relative, forces 1e-8 eV/A,
/// pressure tensor 1e-7 relative; coul/dsf (LAMMPS uses a polynomial erfc) 1e-6 and 1e-5 eV/A.
/// Every case runs on the single tetragonal LLZO cell (cut-off larger than half the box: several images of a neighbour)
/// and on a 2x2x2 replica.
/// </summary>
public sealed class ParityTests(ITestOutputHelper log)
{
    public static TheoryData<string, int> CaseData()
    {
        var d = new TheoryData<string, int>();
        foreach (var c in Cases.All)
        {
            // lj: 2x2x2 fcc cells (box 3.4 sigma < 2 (rc + skin)) and 5x5x5
            if (c == Cases.LjCut) { d.Add(c.Name, 2); d.Add(c.Name, 5); }
            else { d.Add(c.Name, 1); d.Add(c.Name, 2); }
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(CaseData))]
    public void MatchesLammps(string name, int n)
    {
        var c = Cases.Get(name);
        var s = c.Build(n);
        var reference = LammpsPair.Run(s, c.Units, c.Charge, c.Commands);
        var actual = GarneticsCalc.Run(s, c.Units, c.Charge, c.Commands);
        bool dsf = name == "coul/dsf";
        Compare.Results(reference, actual, dsf ? 1e-6 : 1e-9, dsf ? 1e-5 : 1e-8, dsf ? 1e-6 : 1e-7, log, $"{name} n={n} ({s.Count} atoms)");
    }

    [Theory]
    [InlineData("buck/coul/cut")]
    [InlineData("coul/dsf")]
    public void MatchesLammpsOnCubicLlzo12288(string name)
    {
        var c = Cases.Get(name);
        var s = BigCell.Value;
        var reference = LammpsPair.Run(s, c.Units, c.Charge, c.Commands);
        var actual = GarneticsCalc.Run(s, c.Units, c.Charge, c.Commands);
        bool dsf = name == "coul/dsf";
        Compare.Results(reference, actual, dsf ? 1e-6 : 1e-9, dsf ? 1e-5 : 1e-8, dsf ? 1e-6 : 1e-7, log, $"{name} c-LLZO 12288");
    }

    private static readonly Lazy<Structure> BigCell = new(Structure.CubicLlzo12288);
}
