namespace Garnetics.Integration.Tests;

/// <summary>Every deck in inputs/ runs as written (at a reduced size through -var) and prints thermo output.</summary>
public class DeckSmokeTests
{
    public static IEnumerable<object[]> Decks() =>
        Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "inputs"), "*.in").Select(p => new object[] { Path.GetFileName(p) });

    /// <summary>Per-deck variables that shrink the run for the suite.</summary>
    private static readonly Dictionary<string, string[]> Small = new()
    {
        ["lj-melt.in"] = ["-var", "steps", "50", "-var", "n", "4"],
        ["llzo-buck-dsf-nvt.in"] = ["-var", "steps", "5"],
        ["llzo-pair-bench.in"] = ["-var", "steps", "5", "-var", "n", "1", "-var", "coul", "dsf"],
        ["llzo-pppm-nve.in"] = ["-var", "steps", "5", "-var", "n", "1"],
        ["llzo-nve-drift.in"] = ["-var", "steps", "20", "-var", "n", "1"],
        ["llzo-nep-nve.in"] = ["-var", "steps", "3", "-var", "thermo", "1"],
        ["llzo-nep-nvt.in"] = ["-var", "steps", "3"],
        ["llzo-nep-quick.in"] = ["-var", "steps", "20"],
        ["llzo-amorphous-meltquench.in"] = ["-var", "atoms", "300", "-var", "minsteps", "20", "-var", "meltsteps", "20", "-var", "holdsteps", "10",
            "-var", "rate", "100000", "-var", "annealsteps", "20", "-var", "thermoevery", "10", "-var", "out", Path.Combine(TempDir.Create("deck-mq"), "a.xyz")],
        ["llzo-minimize.in"] = ["-var", "maxiter", "5", "-var", "out", Path.Combine(TempDir.Create("deck-min"), "min.data")],
        ["llzo-conductivity-campaign.in"] = ["-var", "out", Path.Combine(TempDir.Create("deck-campaign"), "out")],
        ["llzo-structure-analysis.in"] = ["-var", "prod", "40", "-var", "equil", "10", "-var", "out", Path.Combine(TempDir.Create("deck-structure"), "out")],
    };

    [Theory]
    [MemberData(nameof(Decks))]
    public void DeckRuns(string deck)
    {
        // run from the repository root so relative paths such as ../shared/data work as written
        var args = new List<string> { "-in", Path.Combine("inputs", deck), "-log", Path.Combine(TempDir.Create("deck"), "log") };
        if (Small.TryGetValue(deck, out var extra)) args.AddRange(extra);
        var r = CliRunner.Run(TestPaths.RepoRoot, args.ToArray());
        Assert.True(r.ExitCode == 0, $"{deck} failed:\n{r.All}");
        Assert.NotEmpty(ThermoLog.Parse(r.Stdout));
        Assert.DoesNotContain("ERROR", r.All);
    }
}
