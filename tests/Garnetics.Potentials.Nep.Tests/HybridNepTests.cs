using Xunit.Abstractions;

namespace Garnetics.Potentials.Nep.Tests;

/// <summary>
/// NEP as a sub-style of hybrid/overlay and hybrid, with classical styles beside it: the sum of the parts evaluated
/// separately (energy, forces, virial, per-atom energies), one neighbour build per step with NEP's full list and the
/// classical half list cut down from it, and LAMMPS's hybrid semantics (a pair given to another sub-style is taken
/// out of NEP's list).
/// </summary>
public class HybridNepTests(ITestOutputHelper output)
{
    static HybridNepTests() => StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairBuck).Assembly);

    private sealed record Eval(double Pe, double[] Virial, double[][] Forces, double[] PeAtom, Simulation Sim);

    /// <summary>Run a deck on frame 3 of the training set (atom 1 squeezed to 1.05 A from an O: inside the ZBL range), with per-atom energies.</summary>
    private static Eval Run(string structure, string types, params string[] pair)
    {
        var (sim, _) = Deck.Run($"""
            units metal
            read_data {structure} elements Li La Zr O
            {types}
            {string.Join("\n", pair)}
            compute pe all pe/atom
            compute sum all reduce sum c_pe
            thermo_style custom step pe c_sum
            run 0
            """, threads: 2);
        var peAtom = new double[sim.Atoms.NLocal + 1];
        var c = (Garnetics.Engine.Computes.ComputePeAtom)sim.FindCompute("pe")!;
        var values = c.ComputePerAtom();
        for (int i = 0; i < sim.Atoms.NLocal; i++) peAtom[sim.Atoms.Tag[i]] = values[i];
        return new Eval(sim.PotentialEnergy(), sim.TotalVirial(), Deck.ForcesByTag(sim), peAtom, sim);
    }

    private void AssertSum(Eval a, Eval b, Eval both, string label)
    {
        double scale = Math.Max(1, Math.Abs(both.Pe));
        output.WriteLine($"{label}: parts {a.Pe:R} + {b.Pe:R} = {a.Pe + b.Pe:R}, together {both.Pe:R}");
        Assert.True(Math.Abs(a.Pe + b.Pe - both.Pe) <= 1e-10 * scale, $"{label}: energy {both.Pe:R} vs parts {a.Pe + b.Pe:R}");
        for (int k = 0; k < 6; k++)
            Assert.True(Math.Abs(a.Virial[k] + b.Virial[k] - both.Virial[k]) <= 1e-10 * Math.Max(1, Math.Abs(both.Virial[k])),
                $"{label}: virial {k}: {both.Virial[k]:R} vs parts {a.Virial[k] + b.Virial[k]:R}");
        double fw = 0, ew = 0;
        for (int t = 1; t < both.Forces.Length; t++)
        {
            for (int d = 0; d < 3; d++) fw = Math.Max(fw, Math.Abs(a.Forces[t][d] + b.Forces[t][d] - both.Forces[t][d]));
            ew = Math.Max(ew, Math.Abs(a.PeAtom[t] + b.PeAtom[t] - both.PeAtom[t]));
        }
        output.WriteLine($"{label}: largest force difference {fw:E2} eV/A, per-atom energy {ew:E2} eV");
        Assert.True(fw <= 1e-10, $"{label}: forces differ from the sum of the parts by {fw:E3}");
        Assert.True(ew <= 1e-10, $"{label}: per-atom energies differ from the sum of the parts by {ew:E3}");
    }

    [Fact]
    public void HybridOverlayNepZblIsTheSumOfItsParts()
    {
        var frame = Paths.TrainFrame(3, TempDir.Create("hyb-zbl"), squeeze: true);
        // every type pair explicitly: under hybrid/overlay an unset I,J pair is not mixed when I,I is also NEP's
        int[] zn = [0, 3, 57, 40, 8];
        var zbl = (from i in Enumerable.Range(1, 4) from j in Enumerable.Range(i, 5 - i) select $"pair_coeff {i} {j} zbl {zn[i]} {zn[j]}").ToArray();
        var nep = Run(frame, "", "pair_style nep", $"pair_coeff * * {Paths.Nep25Model} Li La Zr O");
        var z = Run(frame, "", ["pair_style zbl 0.9 2.0", .. zbl.Select(l => l.Replace(" zbl ", " "))]);
        var both = Run(frame, "", ["pair_style hybrid/overlay nep zbl 0.9 2.0", $"pair_coeff * * nep {Paths.Nep25Model} Li La Zr O", .. zbl]);
        Assert.True(Math.Abs(z.Pe) > 1e-3, "the squeezed pair is inside the ZBL range");
        AssertSum(nep, z, both, "hybrid/overlay nep zbl");
        // one build: NEP's full list at its cut-off; ZBL's half list (2 A) cut down from it, with only its short pairs
        var requests = both.Sim.Neighbor.Requests;
        Assert.Equal(2, requests.Count);
        var full = requests.Single(r => r.Kind == NeighKind.Full);
        var half = requests.Single(r => r.Kind == NeighKind.Half);
        Assert.True(full.Shared && !half.Shared);
        Assert.True(half.List.TotalPairs < full.List.TotalPairs / 10, $"the 2 A list has {half.List.TotalPairs} pairs of the full list's {full.List.TotalPairs}");
    }

    [Fact]
    public void HybridNepBuckIsTheSumOfItsParts()
    {
        // type 5: the first 8 atoms (Li), left out of NEP (NULL) and given to buck with every other type
        var frame = Paths.TrainFrame(3, TempDir.Create("hyb-buck"));
        string data = FiveTypes(frame), retype = "group li8 id 1:8\nset group li8 type 5";
        var nep = RunData(data, retype, "pair_style nep", $"pair_coeff * * {Paths.Nep25Model} Li La Zr O NULL");
        var b = RunData(data, retype, "pair_style buck 8.0", "pair_coeff * * 0.0 1.0 0.0", "pair_coeff * 5 426.480 0.3000 0.0");
        var both = RunData(data, retype, "pair_style hybrid nep buck 8.0", $"pair_coeff * * nep {Paths.Nep25Model} Li La Zr O NULL",
            "pair_coeff * 5 buck 426.480 0.3000 0.0");
        Assert.True(Math.Abs(b.Pe) > 1e-3);
        AssertSum(nep, b, both, "hybrid nep buck");
    }

    /// <summary>A LAMMPS data file of the frame with a fifth atom type (mass of Li, no atoms yet) so that some Li can be left out of NEP.</summary>
    private static string FiveTypes(string frame)
    {
        string data = Path.Combine(Path.GetDirectoryName(frame)!, "five.data");
        Deck.Run($"""
            units metal
            read_data {frame} elements Li La Zr O
            write_data {data}
            """);
        var lines = File.ReadAllLines(data).ToList();
        int types = lines.FindIndex(l => l.Trim() == "4 atom types");
        lines[types] = "5 atom types";
        int masses = lines.FindIndex(l => l.Trim() == "Masses");
        int li = lines.FindIndex(masses, l => l.TrimStart().StartsWith("1 ", StringComparison.Ordinal));
        int o = lines.FindIndex(masses, l => l.TrimStart().StartsWith("4 ", StringComparison.Ordinal));
        lines.Insert(o + 1, "5 " + lines[li].Trim().Split(' ', 3)[1]);
        File.WriteAllLines(data, lines);
        return data;
    }

    private static Eval RunData(string data, string retype, params string[] pair)
    {
        var (sim, _) = Deck.Run($"""
            units metal
            read_data {data}
            {retype}
            {string.Join("\n", pair)}
            compute pe all pe/atom
            compute sum all reduce sum c_pe
            thermo_style custom step pe c_sum
            run 0
            """, threads: 2);
        var c = (Garnetics.Engine.Computes.ComputePeAtom)sim.FindCompute("pe")!;
        var values = c.ComputePerAtom();
        var peAtom = new double[sim.Atoms.NLocal + 1];
        for (int i = 0; i < sim.Atoms.NLocal; i++) peAtom[sim.Atoms.Tag[i]] = values[i];
        return new Eval(sim.PotentialEnergy(), sim.TotalVirial(), Deck.ForcesByTag(sim), peAtom, sim);
    }

    /// <summary>
    /// hybrid (not overlay): a pair assigned to buck after NEP's pair_coeff * * is taken out of NEP's neighbour list, as
    /// LAMMPS's skip lists do, so NEP no longer sees Li-O neighbours and the buck term is the only Li-O interaction.
    /// </summary>
    [Fact]
    public void HybridTakesReassignedPairsOutOfNepsList()
    {
        var frame = Paths.TrainFrame(3, TempDir.Create("hyb-skip"));
        var both = Run(frame, "", "pair_style hybrid nep buck 8.0", $"pair_coeff * * nep {Paths.Nep25Model} Li La Zr O", "pair_coeff 1 4 buck 426.480 0.3000 0.0");
        var sim = both.Sim;
        var nep = ((PairHybrid)sim.Pair!).SubStyles[0];
        var list = nep.NeighborRequest!.List;
        var type = sim.Atoms.Type;
        long liO = 0, others = 0;
        for (int i = 0; i < list.Inum; i++)
            foreach (int j in list.Of(i))
            {
                if ((type[i] == 1 && type[j] == 4) || (type[i] == 4 && type[j] == 1)) liO++;
                else others++;
            }
        Assert.Equal(0, liO);
        Assert.True(others > 1000);
        // buck is the Li-O interaction; NEP (on its list without Li-O) the rest: together different from plain NEP
        var plain = Run(frame, "", "pair_style nep", $"pair_coeff * * {Paths.Nep25Model} Li La Zr O");
        var buck = Run(frame, "", "pair_style buck 8.0", "pair_coeff * * 0.0 1.0 0.0", "pair_coeff 1 4 426.480 0.3000 0.0");
        Assert.True(Math.Abs(both.Pe - buck.Pe - plain.Pe) > 1.0, "NEP without its Li-O neighbours differs from NEP");
    }

    /// <summary>pair_modify on a hybrid reaches every sub-style: NEP accepts the generic keywords (no effect) and names its own.</summary>
    [Fact]
    public void PairModifyReachesNepInsideHybrid()
    {
        var frame = Paths.TrainFrame(3, TempDir.Create("hyb-modify"), squeeze: true);
        var plain = Run(frame, "", "pair_style hybrid/overlay nep zbl 0.9 2.0", $"pair_coeff * * nep {Paths.Nep25Model} Li La Zr O", "pair_coeff * * zbl 8 8");
        var shifted = Run(frame, "", "pair_style hybrid/overlay nep zbl 0.9 2.0", $"pair_coeff * * nep {Paths.Nep25Model} Li La Zr O", "pair_coeff * * zbl 8 8",
            "pair_modify shift yes");
        Assert.Equal(plain.Pe, shifted.Pe); // ZBL is zero at its cut-off, NEP has no shift
        var e = Assert.Throws<GarneticsException>(() => Run(frame, "", "pair_style nep", $"pair_coeff * * {Paths.Nep25Model} Li La Zr O", "pair_modify colour red"));
        Assert.Contains("unknown pair_modify keyword 'colour' for pair_style nep (expected peratom yes|no, or shift, mix, table, tabinner, tail)", e.Message);
    }
}
