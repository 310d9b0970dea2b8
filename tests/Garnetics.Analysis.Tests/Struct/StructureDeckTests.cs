using System.Xml.Linq;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Struct;

/// <summary>
/// inputs/llzo-structure-analysis.in at its toy size (192-atom tetragonal cell, 200 + 400 steps at 1000 K), run as
/// written: the output folder is made by `shell mkdir`, every analysis fix writes its files, and the numbers are those
/// of the garnet framework, which stays crystalline over 0.6 ps at 1000 K.
/// </summary>
public class StructureDeckTests(ITestOutputHelper output)
{
    static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    static string[] Rows(string file) => File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();

    [Fact]
    public void ToyStructureDeckWritesEveryAnalysis()
    {
        string outDir = Path.Combine(TempDir.Create("structure-deck"), "out", "nested");   // made by the deck
        var (_, screen) = DeckHost.RunFile(Path.Combine(TestPaths.RepoRoot, "inputs", "llzo-structure-analysis.in"),
            new Dictionary<string, string[]> { ["out"] = [outDir], ["structure"] = [LlzoData.TetragonalCif] });
        Assert.DoesNotContain("WARNING", screen);

        // coordination at the first minimum of g: ZrO6 octahedra and LaO8 dodecahedra, exactly, in every sample
        var cn = File.ReadAllLines(Path.Combine(outDir, "coord.dat"));
        double Mean(string pair) => D(cn.First(l => l.StartsWith($"# pair {pair}:")).Split("<n> = ")[1]);
        output.WriteLine(string.Join("\n", cn.Where(l => l.StartsWith("# pair"))));
        Assert.Equal(6.0, Mean("Zr-O"), 1e-12);
        Assert.Equal(8.0, Mean("La-O"), 1e-12);
        Assert.InRange(Mean("Li-O"), 3.0, 5.0);        // Li on 8a (4 O) and 16f/32g (4-6 O) sites

        // aggregation within 5 A: each La (24c) has 4 La at a*sqrt(6)/8 = 3.9-4.1 A and 4 Zr at a*sqrt(5)/8 = 3.6-3.7 A;
        // Zr-Zr is a*sqrt(3)/4 = 5.5-5.7 A. So N_LaLa = 4, N_ZrZr = 0 and, with La+Zr as one species,
        // (24 * (4 + 4) + 16 * 6) / 40 = 7.2 (each Zr has 6 La within 5 A).
        var mean = File.ReadAllLines(Path.Combine(outDir, "aggregation.dat")).First(l => l.StartsWith("# mean")).Split(' ');
        Assert.Equal([4.0, 0.0, 7.2], mean.Skip(2).Select(D).ToArray());
        Assert.Equal(20, Rows(Path.Combine(outDir, "aggregation.dat")).Length);   // 400 steps sampled every 20

        // shared O: LaO8 dodecahedra share edges (2 O) with each other and with the ZrO6 octahedra
        var shared = Rows(Path.Combine(outDir, "sharedO.dat")).Select(l => l.Split(' ').Select(D).ToArray()).ToArray();
        var two = shared.First(r => r[0] == 2);
        output.WriteLine($"edge-sharing fraction: La-La {two[2]:F3}, La-Zr {two[6]:F3}");
        Assert.True(two[2] > 0.9 && two[6] > 0.9, "edge sharing must dominate in the crystalline framework");

        // Li-site volume: one row per sample, a fraction strictly between 0 and 1 with sphere radii below 3 A
        var site = Rows(Path.Combine(outDir, "lisite.dat")).Select(l => l.Split(' ').Select(D).ToArray()).ToArray();
        Assert.Equal(20, site.Length);
        foreach (var r in site)
        {
            Assert.InRange(r[1], 1.5, 3.0);    // R_La
            Assert.InRange(r[3], 1.3, 2.0);    // R_O: the shortest Li-O distance of a hot frame, below the 1.9-2.0 A bond
            Assert.InRange(r[4], 1e-3, 0.5);
        }

        // averaged positions: 20 samples in windows of 10 -> two frames of 192 atoms
        var xyz = File.ReadAllLines(Path.Combine(outDir, "avepos.xyz"));
        Assert.Equal(2 * (192 + 2), xyz.Length);
        Assert.Equal(40 * 40, Rows(Path.Combine(outDir, "densmap.dat")).Length);
        foreach (var svg in new[] { "rdf.svg", "nr.svg", "coord.svg", "sharedO.svg", "densmap-Li.svg", "densmap-La.svg" })
            Assert.Equal("svg", XDocument.Load(Path.Combine(outDir, svg)).Root!.Name.LocalName);

        // the Zr-O first peak of g(r) sits at the Zr-O bond length (2.05-2.15 A in LLZO)
        var rdf = Rows(Path.Combine(outDir, "rdf.dat")).Select(l => l.Split(' ').Select(D).ToArray()).ToArray();
        var header = File.ReadAllLines(Path.Combine(outDir, "rdf.dat")).Last(l => l.StartsWith('#')).Split(' ');
        int col = Array.IndexOf(header, "g(Zr-O)") - 1;
        Assert.True(col > 0, string.Join(' ', header));
        double rPeak = rdf.MaxBy(r => r[col])![0];
        Assert.InRange(rPeak, 2.0, 2.2);
    }
}
