using System.Xml.Linq;
using Garnetics.Analysis.Structure;

namespace Garnetics.Analysis.Tests.Struct;

/// <summary>
/// coord, aggregation and sharedO on the 25 triclinic LLZO frames of train.xyz (rerun) against a brute-force
/// minimum-image numpy computation (struct_reference.py). All counts are integers, so the means agree to round-off.
/// </summary>
public class StructureTests
{
    static string Script(string auto) =>
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Garnetics.Analysis.Tests", "Struct", "struct_reference.py"))
            .Replace("src = SRC", $"src = r'{LlzoData.TrainXyz}'")
            .Replace("in AUTO:", $"in [{auto}]:");

    static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The first of the 25 frames as the system (3 lines); the fixes then rerun all of them.</summary>
    static readonly string FirstFrame = $"""
        units       metal
        atom_style  atomic
        read_data   {LlzoData.TrainXyz} elements Li La Zr O

        """;

    [Fact]
    public void CoordAggregationSharedOMatchNumpy()
    {
        string dir = TempDir.Create("struct");
        string deck = FirstFrame + $"""
            fix         c all coord 1 La O 3.2 Zr O 2.8 Li O 2.5 O O 3.0 file cn.dat plot cn.svg
            fix         z all coord 1 Zr O auto La O file cnauto.dat
            fix         a all aggregation 1 file agg.dat cut 5.9
            fix         s all sharedO 1 file shared.dat plot shared.svg
            fix         g all rdf/partial 1 120 6.0 O O La O file rdfp.dat density pairs
            rerun       {LlzoData.TrainXyz} dump x y z
            """;
        var (sim, _) = DeckHost.Run(deck, dir);
        var coord = ((FixCoord)sim.FindFix("c")!).Results();
        var auto = ((FixCoord)sim.FindFix("z")!).Results();
        var agg = ((FixAggregation)sim.FindFix("a")!).Rows;
        var shared = ((FixSharedO)sim.FindFix("s")!).Results();

        var autoArg = string.Join(", ", auto.Select(r => $"(\"{r.Label.Split('-')[0]}\", \"{r.Label.Split('-')[1]}\", {r.Cut.ToString("R", CultureInfo.InvariantCulture)})"));
        var py = PythonRunner.RunScript(dir, Script(autoArg)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        // coordination numbers: mean and histogram
        foreach (var r in coord)
        {
            var w = py.Single(l => l.StartsWith($"coord {r.Label} ")).Split(' ');
            Assert.Equal(D(w[2]), r.Mean, 1e-12);
            var h = w.Skip(3).Select(D).ToArray();
            Assert.Equal(h.Length, r.P.Length);
            for (int n = 0; n < h.Length; n++) Assert.Equal(h[n], r.P[n], 1e-12);
        }
        Assert.InRange(coord.Single(r => r.Label == "La-O").Mean, 7.5, 8.0); // LaO8 dodecahedra
        // rdf/partial with density pairs: N_ab(r) is the mean count of B within r of an A, also for A = B
        var (_, ru, _, nr) = ((FixRdfPartial)sim.FindFix("g")!).Results();
        int e30 = Array.FindIndex(ru, v => Math.Abs(v - 3.0) < 1e-9), e32 = Array.FindIndex(ru, v => Math.Abs(v - 3.2) < 1e-9);
        Assert.Equal(coord.Single(r => r.Label == "O-O").Mean, nr[0][e30], 1e-9);
        Assert.Equal(coord.Single(r => r.Label == "La-O").Mean, nr[1][e32], 1e-9);
        // automatic cut-off: first minimum of g, physically between the first and second shells
        var zr = auto.Single(r => r.Label == "Zr-O");
        Assert.InRange(zr.Cut, 2.4, 3.4);
        Assert.InRange(auto.Single(r => r.Label == "La-O").Cut, 2.9, 3.6);
        foreach (var r in auto)
        {
            var w = py.Single(l => l.StartsWith($"auto {r.Label} ")).Split(' ');
            Assert.Equal(D(w[2]), r.Mean, 1e-12);
            var h = w.Skip(3).Select(D).ToArray();
            for (int n = 0; n < h.Length; n++) Assert.Equal(h[n], r.P[n], 1e-12);
        }
        // aggregation per frame
        var pyAgg = py.Where(l => l.StartsWith("agg ")).Select(l => Numbers.Of(l[4..])).ToArray();
        Assert.Equal(25, agg.Count);
        Assert.Equal(25, pyAgg.Length);
        for (int k = 0; k < 25; k++)
        {
            Assert.Equal(k, agg[k].Step);
            Assert.Equal(pyAgg[k][0], agg[k].LaLa, 1e-12);
            Assert.Equal(pyAgg[k][1], agg[k].ZrZr, 1e-12);
            Assert.Equal(pyAgg[k][2], agg[k].MM, 1e-12);
        }
        Assert.Contains(pyAgg, r => r[1] > 0); // Zr-Zr pairs exist within 5.9 A: the test is not trivially zero
        // shared oxygen: polyhedron pairs per frame sharing n O
        foreach (var (name, per, _) in shared)
        {
            var line = py.Single(l => l.StartsWith($"shared {name}"));
            var refH = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2)
                .Select(t => t.Split(':')).ToDictionary(t => int.Parse(t[0], CultureInfo.InvariantCulture), t => D(t[1]));
            for (int n = 1; n < Math.Max(per.Length, refH.Keys.DefaultIfEmpty(0).Max() + 1); n++)
                Assert.Equal(refH.GetValueOrDefault(n), n < per.Length ? per[n] : 0, 1e-12);
        }
        Assert.True(shared[2].PairsPerSample.Length > 2 && shared[2].PairsPerSample[2] > 50); // La-Zr edge sharing dominates
        foreach (var f in new[] { "cn.dat", "cnauto.dat", "agg.dat", "shared.dat" }) Assert.True(new FileInfo(Path.Combine(dir, f)).Length > 100);
        XDocument.Load(Path.Combine(dir, "cn.svg"));
        XDocument.Load(Path.Combine(dir, "shared.svg"));
    }

    [Fact]
    public void BadArgumentsNameTheWord()
    {
        string dir = TempDir.Create("struct-err");
        string head = FirstFrame;
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run(head + "fix c all coord 1 La Xx 3.2 file cn.dat\n", dir));
        Assert.Equal("Xx", e.Offending);
        Assert.Equal(4, e.Location!.Line);
        e = Assert.Throws<GarneticsException>(() => DeckHost.Run(head + "fix c all rdf/partial 1 100 -6 Li O file r.dat\n", dir));
        Assert.Equal("-6", e.Offending);
        e = Assert.Throws<GarneticsException>(() => DeckHost.Run(head + "fix c all lisite 1 file l.dat grid 0.1 colour red\n", dir));
        Assert.Equal("colour", e.Offending);
        e = Assert.Throws<GarneticsException>(() => DeckHost.Run(head + "fix c all aggregation 1 cut 5\n", dir));
        Assert.Contains("file F", e.Message);
        e = Assert.Throws<GarneticsException>(() => DeckHost.Run(head + "fix c all sharedO 0 file s.dat\n", dir));
        Assert.Contains("Nevery", e.Message);
    }
}
