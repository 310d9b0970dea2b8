using System.Diagnostics;
using System.Xml.Linq;
using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>inputs/llzo-conductivity-campaign.in end to end at its toy size (2 temperatures x 2 replicas).</summary>
public class CampaignDeckTests(ITestOutputHelper output)
{
    [Fact]
    public void ToyCampaignWritesRunsTableFitAndPlots()
    {
        string outDir = Path.Combine(TempDir.Create("campaign"), "out");   // created by the deck
        var sw = Stopwatch.StartNew();
        string structure = LlzoData.TetragonalCif;
        var (_, screen) = DeckHost.RunFile(Path.Combine(TestPaths.RepoRoot, "inputs", "llzo-conductivity-campaign.in"),
            new Dictionary<string, string[]> { ["out"] = [outDir], ["structure"] = [structure] });
        output.WriteLine($"campaign ran in {sw.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(4, screen.Split('\n').Count(l => l.StartsWith("=== campaign run:")));

        var runs = Directory.GetFiles(outDir, "run-*.json").Select(DiffusionReport.Load).ToList();
        Assert.Equal(4, runs.Count);
        Assert.Equal([1300.0, 1300.0, 1600.0, 1600.0], runs.Select(r => r.Temperature).OrderBy(t => t));
        Assert.Equal(["1", "1", "2", "2"], runs.Select(r => r.Replica).OrderBy(r => r));
        foreach (var r in runs)
        {
            var li = Assert.Single(r.Species);
            Assert.Equal("Li", li.Name);
            Assert.Equal(56, li.Count);                  // 56 Li in the 192-atom cell
            Assert.Equal(1.0, li.Charge);
            Assert.Equal(61, r.Frames);                  // 300 steps sampled every 5, plus the first
            Assert.Equal(0.3, r.TimeSpan, 1e-9);
            Assert.True(li.D > 0 && double.IsFinite(li.DErr), $"D = {li.D} +- {li.DErr}");
            // 56 Li in ~2190 A^3 with q = 1: sigma_NE = n q^2 D/(kB T) in S/cm, by hand
            double expected = 56 / r.Volume * li.D / (8.617343e-5 * r.Temperature) * 16.02176634;
            Assert.Equal(expected, r.SigmaNE, expected * 1e-9);
            Assert.InRange(r.Volume, 1800, 2600);
            Assert.True(double.IsFinite(r.SigmaCollective) && double.IsFinite(r.Haven));
            output.WriteLine($"T {r.Temperature} rep {r.Replica}: D_Li = {li.D:E3} +- {li.DErr:E2} A^2/ps, sigma_NE = {r.SigmaNE:E3} S/cm, sigma = {r.SigmaCollective:E3}, H = {r.Haven:G3}");
        }
        var summary = File.ReadAllText(Path.Combine(outDir, "summary.txt"));
        output.WriteLine(summary);
        var eaLine = summary.Split('\n').First(l => l.StartsWith("Ea = "));
        double ea = double.Parse(eaLine["Ea = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.True(double.IsFinite(ea), eaLine);
        Assert.Contains("sigma(300.0 K) = ", summary);
        Assert.Contains("95% interval [", summary);
        foreach (var svg in Directory.GetFiles(outDir, "*.svg").Append(Path.Combine(outDir, "arrhenius.svg")))
            Assert.Equal("svg", XDocument.Load(svg).Root!.Name.LocalName);
        Assert.Equal(5, Directory.GetFiles(outDir, "*.svg").Length);
        var table = File.ReadAllLines(Directory.GetFiles(outDir, "msd-*.txt")[0]).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(61, table.Count);
    }
    /// <summary>rfirst continues a campaign: replicas rfirst..rfirst+nrep-1 with the seeds a full campaign gives them.</summary>
    [Fact]
    public void RFirstRunsLaterReplicasWithTheirOwnSeeds()
    {
        string outDir = Path.Combine(TempDir.Create("campaign-rfirst"), "out");
        string structure = LlzoData.TetragonalCif;
        var (_, screen) = DeckHost.RunFile(Path.Combine(TestPaths.RepoRoot, "inputs", "llzo-conductivity-campaign.in"),
            new Dictionary<string, string[]>
            {
                ["out"] = [outDir], ["structure"] = [structure], ["T"] = ["1300"], ["nrep"] = ["2"], ["rfirst"] = ["2"],
                ["equil"] = ["0"], ["prod"] = ["100"], ["sample"] = ["2"],
            });
        var starts = screen.Split('\n').Where(l => l.StartsWith("=== campaign run:")).ToList();
        // the velocity seed is seed0 + 7919 r + T, as in a campaign that starts at replica 1
        Assert.Equal([$"=== campaign run: T = 1300 K, replica 2, velocity seed {4928459 + 7919 * 2 + 1300} ===",
                      $"=== campaign run: T = 1300 K, replica 3, velocity seed {4928459 + 7919 * 3 + 1300} ==="], starts);
        var runs = Directory.GetFiles(outDir, "run-*.json").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["run-T1300-r2.json", "run-T1300-r3.json"], runs);
        Assert.Equal(["2", "3"], runs.Select(f => DiffusionReport.Load(Path.Combine(outDir, f!)).Replica).ToList());
    }
}
