namespace Garnetics.Integration.Tests;

public class CliTests
{
    [Fact]
    public void VersionAndHelp()
    {
        var dir = TempDir.Create("cli");
        var v = CliRunner.Run(dir, "--version");
        Assert.Equal(0, v.ExitCode);
        Assert.StartsWith("Garnetics ", v.Stdout);
        var h = CliRunner.Run(dir, "--help");
        Assert.Equal(0, h.ExitCode);
        foreach (var name in new[] { "lj/cut", "buck", "coul/dsf", "hybrid/overlay", "nve", "nvt", "npt", "langevin", "run", "read_data", "velocity" })
            Assert.Contains(name, h.Stdout);
    }

    [Theory]
    [InlineData("lj/cut", "12-6 Lennard-Jones")]
    [InlineData("fix nve", "velocity-Verlet")]
    [InlineData("run", "upto")]
    [InlineData("pair_style/lj/cut", "Lennard-Jones")]
    [InlineData("variable", "left-associative")]
    [InlineData("jump", "label")]
    public void HelpPrintsTheStylesOwnText(string topic, string expected)
    {
        var r = CliRunner.Run(TempDir.Create("cli-help"), ["help", .. topic.Split(' ')]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(expected, r.Stdout);
    }

    /// <summary>
    /// -sf gpu on a machine without a GPU backend runs the deck on the host styles, saying so once per style; -pk omp N
    /// sets the threads, -pk gpu is noted and ignored; both agree with the plain run.
    /// </summary>
    [Fact]
    public void SuffixAndPackageSwitchesFallBackToTheHost()
    {
        var dir = TempDir.Create("cli-sf");
        File.WriteAllText(Path.Combine(dir, "in.lj"), Decks.LjLiquid(3, atomStyle: null, neighbor: false) + """
            thermo_modify format float %.12g
            run 20
            """);
        var plain = CliRunner.Run(dir, "-in", "in.lj", "-log", "none", "-threads", "2");
        var gpu = CliRunner.Run(dir, "-sf", "gpu", "-pk", "gpu", "1", "-pk", "omp", "2", "-in", "in.lj", "-log", "none");
        Assert.True(gpu.ExitCode == 0, gpu.All);
        Assert.Contains("NOTE: suffix gpu: no gpu execution space is loaded", gpu.Stdout);
        Assert.Contains("NOTE: package gpu: no gpu execution space is loaded", gpu.Stdout);
        Assert.Contains("package omp: 2 host threads", gpu.Stdout);
        Assert.Contains("NOTE: suffix gpu: pair style lj/cut has no lj/cut/gpu; using the host style", gpu.Stdout);
        Assert.Equal(ThermoLog.Parse(plain.Stdout).Single().Rows.Select(r => string.Join(' ', r)),
            ThermoLog.Parse(gpu.Stdout).Single().Rows.Select(r => string.Join(' ', r)));
        var bad = CliRunner.Run(dir, "-pk");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("-pk needs a package name", bad.Stderr);
    }

    [Fact]
    public void HelpForUnknownTopicFails()
    {
        var r = CliRunner.Run(TempDir.Create("cli-help"), "help", "no_such_thing");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("no_such_thing", r.Stderr);
    }

    [Fact]
    public void UnknownOptionFails()
    {
        var r = CliRunner.Run(TempDir.Create("cli"), "-bogus");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("-bogus", r.Stderr);
    }

    /// <summary>An LJ cell of n³ fcc cells (n a deck variable, 2 unless given with -var n) that prints its atom count.</summary>
    private static readonly string SmallDeck =
        "variable n index 2\n" + Decks.LatticeBox("lj", Decks.LjFcc, "${n}", atomStyle: null) + "print \"ATOMS $(atoms)\"";

    [Fact]
    public void ReadsDeckFromStdinAndVarOverrides()
    {
        var dir = TempDir.Create("cli-stdin");
        var r = CliRunner.RunWithInput(dir, SmallDeck, "-var", "n", "3", "-log", "none");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("ATOMS 108", r.Stdout);
        Assert.False(File.Exists(Path.Combine(dir, "log.garnetics")));
    }

    /// <summary>A fresh folder <paramref name="name"/> with <see cref="SmallDeck"/> as d.in, and the CLI run on it with <paramref name="args"/>.</summary>
    private static (string Dir, ProcessResult Result) RunSmallDeck(string name, params string[] args)
    {
        var dir = TempDir.Create(name);
        File.WriteAllText(Path.Combine(dir, "d.in"), SmallDeck);
        return (dir, CliRunner.Run(dir, ["-in", "d.in", .. args]));
    }

    [Fact]
    public void LogFileAndScreenNone()
    {
        var (dir, r) = RunSmallDeck("cli-log", "-screen", "none", "-log", "my.log");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.DoesNotContain("ATOMS", r.Stdout);
        Assert.Contains("ATOMS 32", File.ReadAllText(Path.Combine(dir, "my.log")));
    }

    [Fact]
    public void EchoPrintsCommands()
    {
        var (_, r) = RunSmallDeck("cli-echo", "-echo", "screen", "-log", "none");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("create_atoms 1 box", r.Stdout);
    }

    [Fact]
    public void ThreadsOptionIsUsed()
    {
        var (dir, r) = RunSmallDeck("cli-threads", "-threads", "1", "-log", "none");
        Assert.True(r.ExitCode == 0, r.All);
        Assert.Contains("(1 threads)", r.Stdout);
        var bad = CliRunner.Run(dir, "-in", "d.in", "-threads", "zero");
        Assert.NotEqual(0, bad.ExitCode);
    }
}
