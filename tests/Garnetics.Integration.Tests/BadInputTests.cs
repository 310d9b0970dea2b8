namespace Garnetics.Integration.Tests;

/// <summary>
/// The bad-input corpus: each malformed deck or file must give one clear error naming the file and line, exit
/// non-zero, print no stack trace, and leave files written earlier in the deck intact.
/// </summary>
public class BadInputTests
{
    /// <summary>A small valid LJ system used as the prefix of many cases (lines 1-9; each case goes on with "\n" and its lines).</summary>
    private static readonly string LjPrefix = (Decks.LjCell(3) + Decks.LjPair()).TrimEnd('\n');

    private const string GoodData = """
        LAMMPS data file

        4 atoms
        2 atom types

        0.0 10.0 xlo xhi
        0.0 10.0 ylo yhi
        0.0 10.0 zlo zhi

        Masses

        1 1.0
        2 2.0

        Atoms # atomic

        1 1 1.0 1.0 1.0
        2 1 3.0 1.0 1.0
        3 2 1.0 3.0 1.0
        4 2 1.0 1.0 3.0
        """;

    public sealed record Case(string Name, string Deck, int Line, string Expect, Dictionary<string, string>? Files = null, string? ErrorFile = null)
    {
        public override string ToString() => Name;
    }

    private static Dictionary<string, string> F(params (string, string)[] files) => files.ToDictionary(f => f.Item1, f => f.Item2);

    public static readonly Case[] Cases =
    [
        new("unknown-command", "units lj\nfoo_bar 1 2\n", 2, "unknown command"),
        new("wrong-arg-count", "units\n", 1, "expects"),
        new("too-many-args", "units lj metal\n", 1, "expects"),
        new("bad-number", "units lj\ntimestep abc\n", 2, "expected a floating-point"),
        new("negative-timestep", "units lj\ntimestep -0.1\n", 2, "must be positive"),
        new("undefined-variable", "units lj\nprint \"${nope}\"\n", 2, "nope"),
        new("undefined-variable-dollar", "units lj\ntimestep $q\n", 2, "q"),
        new("unbalanced-quote", "units lj\nprint \"hello\n", 2, "quote"),
        new("bad-expression", "variable a equal 2+*3\nprint \"$(v_a)\"\n", 1, "expression"),
        new("division-by-zero", "variable a equal 1/0\nprint \"${a}\"\n", 1, "division by zero"),
        new("unsupported-units", "units real\n", 1, "unsupported unit style"),
        new("nonperiodic-boundary", "units lj\nboundary f p p\n", 2, "not supported"),
        new("missing-include", "units lj\ninclude no_such_file.in\n", 2, "no_such_file.in"),
        new("missing-label", "units lj\njump SELF nowhere\n", 2, "label"),
        new("missing-data-file", "units lj\nread_data nonexistent.data\n", 2, "nonexistent.data"),
        new("truncated-data-file", "units lj\nread_data trunc.data\n", 20, "trunc.data",
            F(("trunc.data", string.Join('\n', GoodData.Split('\n').Take(19)) + "\n")), "trunc.data"),
        new("data-type-out-of-range", "units lj\nread_data bad.data\n", 19, "type",
            F(("bad.data", GoodData.Replace("4 2 1.0 1.0 3.0", "4 3 1.0 1.0 3.0"))), "bad.data"),
        new("data-bad-number", "units lj\nread_data bad.data\n", 17, "bad.data",
            F(("bad.data", GoodData.Replace("2 1 3.0 1.0 1.0", "2 1 3.0 x.0 1.0"))), "bad.data"),
        new("data-wrong-columns", "units lj\nread_data bad.data\n", 17, "bad.data",
            F(("bad.data", GoodData.Replace("2 1 3.0 1.0 1.0", "2 1 3.0 1.0"))), "bad.data"),
        new("data-unknown-section", "units lj\nread_data bad.data\n", 20, "bad.data",
            F(("bad.data", GoodData + "\nBananas\n\n1 2 3\n")), "bad.data"),
        new("xyz-without-lattice", "units metal\nread_data plain.xyz\n", 2, "plain.xyz",
            F(("plain.xyz", "2\nno cell here\nLi 0 0 0\nO 1 1 1\n")), "plain.xyz:2"),
        new("poscar-truncated", "units metal\nread_data POSCAR\n", 2, "POSCAR",
            F(("POSCAR", "LLZO\n1.0\n10 0 0\n0 10 0\n0 0 10\nLi O\n2 2\nDirect\n0 0 0\n0.5 0.5 0.5\n")), "POSCAR:10"),
        new("coincident-atoms", LjPrefix + "\ncreate_atoms 1 single 0.0 0.0 0.0\nfix 1 all nve\nrun 1\n", 12, "coincident"),
        new("lost-atoms", LjPrefix + "\nset atom 1 vx 1e308\ntimestep 10\nfix 1 all nve\nrun 2\n", 13, "lost atoms"),
        new("nan-energy", LjPrefix.Replace("pair_coeff 1 1 1.0 1.0 2.5", "pair_coeff 1 1 1e308 1.0 2.5") + "\nfix 1 all nve\nrun 0\n", 11, "NaN"),
        new("unknown-pair-style", "units lj\npair_style lj/banana 2.5\n", 2, "unknown pair style"),
        new("unknown-fix-style", LjPrefix + "\nfix 1 all banana\n", 10, "unknown fix style"),
        new("pair-coeff-before-style", "units lj\nlattice fcc 0.8\nregion b block 0 1 0 1 0 1\ncreate_box 1 b\npair_coeff 1 1 1.0 1.0\n", 5, "pair_style"),
        new("pair-coeff-type-out-of-range", LjPrefix + "\npair_coeff 1 2 1.0 1.0\n", 10, "out of range"),
        new("missing-mass", LjPrefix.Replace("mass 1 1.0", "") + "\nrun 0\n", 10, "mass"),
        new("run-without-box", "units lj\nrun 10\n", 2, "box"),
        new("negative-run", LjPrefix + "\nrun -5\n", 10, ">= 0"),
        new("fix-unknown-group", LjPrefix + "\nfix 1 nogroup nve\n", 10, "unknown group"),
        new("thermo-unknown-keyword", LjPrefix + "\nthermo_style custom step banana\n", 10, "banana"),
        new("dump-unwritable", LjPrefix + "\ndump 1 all custom 1 /nonexistent-dir/x/dump.txt id x y z\nfix 1 all nve\nrun 1\n", 10, "/nonexistent-dir/x/dump.txt"),
        new("velocity-bad-seed", LjPrefix + "\nvelocity all create 1.0 0\n", 10, "seed"),
        new("missing-pair-coeff", "units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 2 b\ncreate_atoms 1 box\nmass * 1.0\npair_style lj/cut 2.5\npair_coeff 1 1 1.0 1.0\nrun 0\n", 9, "not set"),
        new("unknown-region", LjPrefix + "\ngroup g region nowhere\n", 10, "nowhere"),
        new("corrupt-restart", "read_restart bad.restart\n", 1, "bad.restart", F(("bad.restart", "this is not a restart file\n"))),
        new("plugin-missing", "plugin load /no/such/Plugin.dll\n", 1, "Plugin.dll"),
        new("neigh-every-zero", "units lj\nneigh_modify every 0\n", 2, "every"),
        new("atom-type-out-of-range-mass", LjPrefix + "\nmass 3 1.0\n", 10, "out of range"),
    ];

    public static IEnumerable<object[]> CaseData => Cases.Select(c => new object[] { c });

    [Fact]
    public void CorpusHasAtLeastThirtyCases() => Assert.True(Cases.Length >= 30, $"only {Cases.Length} cases");

    [Theory]
    [MemberData(nameof(CaseData))]
    public void BadInputGivesOneClearError(Case c)
    {
        var dir = TempDir.Create("bad-" + c.Name);
        // an earlier output that must stay intact
        File.WriteAllText(Path.Combine(dir, "earlier.txt"), "keep me\n");
        if (c.Files != null) foreach (var (name, text) in c.Files) File.WriteAllText(Path.Combine(dir, name), text);
        File.WriteAllText(Path.Combine(dir, "deck.in"), c.Deck);
        var r = CliRunner.Run(dir, "-in", "deck.in", "-log", "log.txt");
        Assert.NotEqual(0, r.ExitCode);
        var err = r.Stderr;
        Assert.Contains("ERROR", err);
        Assert.Contains(c.Expect, err, StringComparison.OrdinalIgnoreCase);
        string where = c.ErrorFile ?? "deck.in";
        string lineRef = c.ErrorFile == null ? $"{where}:{c.Line}" : where;
        Assert.Contains(lineRef, err);
        Assert.DoesNotContain("   at ", err); // no stack trace without -debug
        Assert.Single(err.Split('\n'), l => l.StartsWith("ERROR", StringComparison.Ordinal));
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(dir, "earlier.txt")));
        // the log was written up to the error and holds the same message
        Assert.Contains("ERROR", File.ReadAllText(Path.Combine(dir, "log.txt")));
    }

    [Fact]
    public void DebugFlagAddsStackTrace()
    {
        var dir = TempDir.Create("bad-debug");
        File.WriteAllText(Path.Combine(dir, "deck.in"), "units lj\ntimestep abc\n");
        var r = CliRunner.Run(dir, "-in", "deck.in", "-log", "none", "-debug");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("   at ", r.Stderr);
    }

    [Fact]
    public void ErrorAfterOutputLeavesEarlierFilesIntact()
    {
        var dir = TempDir.Create("bad-late");
        // a data file written successfully, then a failing second write_data to the same name must not truncate it
        File.WriteAllText(Path.Combine(dir, "deck.in"), LjPrefix + """

            write_data out.data
            dump 1 all custom 1 dump.txt id type x y z
            fix 1 all nve
            run 2
            undump 1
            variable bad equal 1/0
            write_data out.data
            print "${bad}"
            """);
        var r = CliRunner.Run(dir, "-in", "deck.in", "-log", "log.txt");
        Assert.NotEqual(0, r.ExitCode);
        var data = File.ReadAllText(Path.Combine(dir, "out.data"));
        Assert.Contains("108 atoms", data);
        Assert.Contains("Atoms", data);
        var dump = File.ReadAllLines(Path.Combine(dir, "dump.txt"));
        Assert.Equal(3, dump.Count(l => l == "ITEM: TIMESTEP"));
        Assert.Contains("division by zero", r.Stderr, StringComparison.OrdinalIgnoreCase);
    }
}
