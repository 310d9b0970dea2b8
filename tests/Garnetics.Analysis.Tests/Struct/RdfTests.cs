using System.Xml.Linq;

namespace Garnetics.Analysis.Tests.Struct;

public class RdfTests
{
    /// <summary>
    /// Partial RDFs of 8 triclinic LLZO frames (train.xyz, via rerun) equal MDAnalysis InterRDF (norm='rdf',
    /// exclusion_block=(1,1) for identical species) to 1e-6. The python script rounds the positions and cells to the
    /// float32 values MDAnalysis works with and writes them for us, and chooses Rmax (near 5.7 Å, below half the
    /// smallest cell width, where minimum image = all images) so that no pair distance lies within 4e-6 Å of a bin
    /// edge: float32 arithmetic in MDAnalysis could otherwise move such a pair into the neighbouring bin.
    /// </summary>
    [Fact]
    public void PartialRdfMatchesMDAnalysisInterRdf()
    {
        string dir = TempDir.Create("rdf");
        string script = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "tests", "Garnetics.Analysis.Tests", "Struct", "rdf_reference.py"))
            .Replace("src = SRC", $"src = r'{LlzoData.TrainXyz}'");
        var py = PythonRunner.RunScript(dir, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string rmax = py.Single(l => l.StartsWith("rmax ")).Split(' ')[1];
        Assert.NotEqual("None", rmax);
        double[] Ref(string what, string a, string b) =>
            Numbers.Of(py.Single(l => l.StartsWith($"{what} {a} {b} ")).Substring(what.Length + a.Length + b.Length + 3));

        string[][] pairs = [["Li", "O"], ["La", "O"], ["Zr", "O"], ["O", "O"], ["La", "Zr"], ["Li", "Li"]];
        string deck = $"""
            units       metal
            atom_style  atomic
            read_data   frames.xyz elements Li La Zr O
            fix         r all rdf/partial 1 60 {rmax} {string.Join(" ", pairs.Select(p => p[0] + " " + p[1]))} file rdf.dat plot rdf.svg nplot n.svg
            rerun       frames.xyz dump x y z
            """;
        DeckHost.Run(deck, dir);
        var rows = Numbers.ReadTable(Path.Combine(dir, "rdf.dat"));
        Assert.Equal(60, rows.Length);
        Assert.Contains("# 8 sample(s)", File.ReadAllText(Path.Combine(dir, "rdf.dat")));
        for (int p = 0; p < pairs.Length; p++)
        {
            var bins = Ref("bins", pairs[p][0], pairs[p][1]);
            var g = Ref("rdf", pairs[p][0], pairs[p][1]);
            var n = Ref("ncum", pairs[p][0], pairs[p][1]);
            Assert.True(g.Max() > 0.5, $"pair {pairs[p][0]}-{pairs[p][1]} has no structure within Rmax");
            for (int k = 0; k < 60; k++)
            {
                Assert.Equal(bins[k], rows[k][0], 1e-10);
                Assert.True(Math.Abs(g[k] - rows[k][2 + 2 * p]) <= 1e-6 * Math.Max(1, Math.Abs(g[k])),
                    $"g {pairs[p][0]}-{pairs[p][1]} bin {k}: InterRDF {g[k]}, ours {rows[k][2 + 2 * p]}");
                Assert.True(Math.Abs(n[k] - rows[k][3 + 2 * p]) <= 1e-6 * Math.Max(1, Math.Abs(n[k])),
                    $"N {pairs[p][0]}-{pairs[p][1]} bin {k}: numpy {n[k]}, ours {rows[k][3 + 2 * p]}");
            }
        }
        // N(r) for disjoint species is the mean count of B within r of an A: La-O at 2.9 Å is about 8 (LaO8 dodecahedra)
        int k29 = Array.FindIndex(rows, r => r[1] >= 2.9);
        Assert.InRange(rows[k29][3 + 2 * 1], 7.0, 8.5);
        var svg = XDocument.Load(Path.Combine(dir, "rdf.svg"));
        Assert.Equal(pairs.Length, svg.Descendants().Count(e => e.Name.LocalName == "g" && (string?)e.Attribute("class") == "series"));
        XDocument.Load(Path.Combine(dir, "n.svg"));
    }
}
