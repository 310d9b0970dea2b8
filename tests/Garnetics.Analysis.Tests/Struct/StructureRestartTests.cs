using Garnetics.Analysis.Structure;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Struct;

/// <summary>
/// The structural-analysis fixes carry their accumulators in restart files: 100 + 100 steps continued through
/// write_restart / read_restart write the same results as 200 steps in one piece.
/// </summary>
public class StructureRestartTests(ITestOutputHelper log)
{
    /// <summary>
    /// Hot LJ liquid (T* = 3, rho* = 0.8442) of 256 atoms on an fcc lattice whose four basis sites are types 1..4,
    /// standing in for Li, La, Zr and O (the fixes take the species as type numbers); all types interact alike.
    /// </summary>
    static readonly string Lj = Decks.LjLiquid(types: 4, createAtoms: "create_atoms 1 box basis 2 2 basis 3 3 basis 4 4");

    /// <summary>The seven fixes, sampling every 10 steps, each writing its results to the file out.*.</summary>
    public static TheoryData<string, string> Fixes => new()
    {
        { "rdf/partial", "fix s all rdf/partial 10 50 2.5 1 2 3 4 4 4 file out.dat" },
        { "coord", "fix s all coord 10 1 2 1.3 3 4 auto 4 4 1.2 file out.dat rmax 2.5 nbin 50" },
        { "aggregation", "fix s all aggregation 10 file out.dat cut 1.5 la 2 zr 3" },
        { "sharedO", "fix s all sharedO 10 file out.dat cut La 1.4 cut Zr 1.3 la 2 zr 3 o 4" },
        { "lisite", "fix s all lisite 10 file out.dat grid 0.25 li 1 spheres 2 3 4" },
        // windows of 3 samples end at steps 30, 60, ..., 180: the window of steps 100, 110, 120 spans the restart
        { "avepos", "fix s all avepos 10 3 file out.xyz" },
        { "densmap", "fix s all densmap 10 1 2 4 axis c slice 0.25 0.75 nbin 4 4 file out.dat" },
    };

    /// <summary>
    /// The results file of the split run equals that of the run in one piece, number by number. The one-piece run is
    /// also two runs of 100 steps, so both rebuild neighbour lists at step 100; the continued trajectory can still
    /// differ by the round-off of force sums in another order (below 1e-9 in positions over 100 LJ steps, see
    /// FixMsdFftTests.RestartFilesCarryTheStoredFrames), so reals are compared to 1e-9 relative (absolute below 1);
    /// sample counts, steps and integer histograms come out identical.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixes))]
    public void SplitRunWithRestartWritesTheSameResults(string style, string fixLine)
    {
        string whole = TempDir.Create("srestart-whole"), split = TempDir.Create("srestart-split");
        string file = style == "avepos" ? "out.xyz" : "out.dat";
        var (ws, _) = DeckHost.Run(Lj + fixLine + "\nrun 100\nrun 100\n", whole);
        DeckHost.Run(Lj + fixLine + "\nrun 100\nwrite_restart half.restart\n", split);
        var halfText = File.ReadAllText(Path.Combine(split, file));
        var (ss, screen) = DeckHost.Run($"""
            read_restart    half.restart
            neighbor        0.3 bin
            fix             1 all nve
            {fixLine}
            run             100
            """, split);
        var wf = (StructureFix)ws.FindFix("s")!;
        var sf = (StructureFix)ss.FindFix("s")!;
        Assert.Equal(style, sf.StyleName);
        Assert.Equal(20, wf.Samples);
        Assert.Equal(20, sf.Samples);                                    // 10 carried + 10 new
        Assert.DoesNotContain("WARNING", screen);
        string a = File.ReadAllText(Path.Combine(whole, file)), b = File.ReadAllText(Path.Combine(split, file));
        if (style != "avepos")
        {
            Assert.Contains("# 10 sample(s) at steps 10..100 every 10", halfText);
            Assert.Contains("# 20 sample(s) at steps 10..200 every 10", a);
            Assert.Contains("# 20 sample(s) at steps 10..200 every 10", b);
        }
        else
        {
            Assert.Equal(3, halfText.Split('\n').Count(l => l.Contains("Timestep=")));
            Assert.Equal(6, b.Split('\n').Count(l => l.Contains("Timestep=")));
            Assert.Contains("Timestep=120", b);                           // the window across the restart
        }
        double worst = CompareNumerically(a, b);
        log.WriteLine($"{style}: largest relative difference, split vs whole run: {worst:E2}");
        Assert.True(worst <= 1e-9, $"{style}: results differ by {worst}");
        // the result is not trivial: the averages moved between the two halves
        Assert.NotEqual(halfText, b);
    }

    /// <summary>Each style's help says that restart files continue its averages.</summary>
    [Theory]
    [MemberData(nameof(Fixes))]
    public void HelpSaysRestartFilesContinueTheAverages(string style, string _)
    {
        Garnetics.Engine.Styles.StyleRegistry.Default.Register(AnalysisAssembly.Assembly);
        var help = Garnetics.Engine.Styles.StyleRegistry.Default.Find(Garnetics.Engine.Styles.StyleKind.Fix, style)!.Attribute.Help;
        Assert.Contains("Restart files (write_restart) carry the", help);
        Assert.Contains("after read_restart, the fix defined again with the same ID, style and settings continues them", help);
    }

    /// <summary>Token-by-token comparison: reals to the largest relative difference (scaled by max(1, |x|)), other words exactly.</summary>
    static double CompareNumerically(string a, string b)
    {
        char[] seps = [' ', '\n', '\r', '\t', '=', '"', ','];
        var ta = a.Split(seps, StringSplitOptions.RemoveEmptyEntries);
        var tb = b.Split(seps, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ta.Length, tb.Length);
        double worst = 0;
        int reals = 0;
        for (int k = 0; k < ta.Length; k++)
        {
            bool na = double.TryParse(ta[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double x);
            bool nb = double.TryParse(tb[k], NumberStyles.Float, CultureInfo.InvariantCulture, out double y);
            if (na && nb)
            {
                worst = Math.Max(worst, Math.Abs(x - y) / Math.Max(1.0, Math.Max(Math.Abs(x), Math.Abs(y))));
                reals++;
            }
            else Assert.Equal(ta[k], tb[k]);
        }
        Assert.True(reals > 20, $"only {reals} numbers compared");
        return worst;
    }

    /// <summary>Different settings cannot continue the stored averages: one error at the fix line naming every difference.</summary>
    [Fact]
    public void MismatchedSettingsAreOneErrorAtTheFixLine()
    {
        string dir = TempDir.Create("srestart-mismatch");
        var (first, _) = DeckHost.Run(Lj + "fix g all rdf/partial 10 200 2.5 1 2 file g.dat\nrun 20\nwrite_restart half.restart\n", dir);
        // a truncated state is named as such, at the fix line (13)
        var fix = (StructureFix)first.FindFix("g")!;
        var state = fix.WriteRestart()!;
        var t = Assert.Throws<GarneticsException>(() => fix.ReadRestart(state[..^12]));
        Assert.Equal("fix g rdf/partial: the restart state is truncated", t.Message);
        Assert.Equal(13, t.Location!.Line);

        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run("""
            read_restart    half.restart
            fix             1 all nve
            fix             g all rdf/partial 20 100 2.0 1 2 file g.dat
            run             10
            """, dir));
        Assert.Equal("fix g rdf/partial: the restart file has samples every 10 steps, this fix samples every 20 steps; " +
                     "the restart file has 200 bins up to 2.5 A, this fix 100 bins up to 2 A; " +
                     "use the same settings to continue the averages, or a new fix ID to start afresh", e.Message);
        Assert.Equal(3, e.Location!.Line);

        // species are compared by their types; the same fix with other pairs is refused too
        e = Assert.Throws<GarneticsException>(() => DeckHost.Run("""
            read_restart    half.restart
            fix             g all rdf/partial 10 200 2.5 1 3 file g.dat
            """, dir));
        Assert.Contains("the restart file has pairs 1-2, this fix pairs 1-3", e.Message);
        Assert.Equal(2, e.Location!.Line);

        // a new fix ID starts afresh; the same settings continue (2 carried + 1 new sample)
        var (sim, _) = DeckHost.Run("""
            read_restart    half.restart
            fix             1 all nve
            fix             h all rdf/partial 20 100 2.0 1 2 file h.dat
            fix             g all rdf/partial 10 200 2.5 1 2 file g.dat
            run             10
            """, dir);
        Assert.Equal(0, ((StructureFix)sim.FindFix("h")!).Samples);
        Assert.Equal(3, ((StructureFix)sim.FindFix("g")!).Samples);
        Assert.Contains("# 3 sample(s) at steps 10..30 every 10", File.ReadAllText(Path.Combine(dir, "g.dat")));
    }

    /// <summary>
    /// A rerun samples its first frame; consecutive dumps share their boundary frame (the second run's dump starts at
    /// step 50), so reading them one after the other must not count step 50 twice.
    /// </summary>
    [Fact]
    public void RerunOfConsecutiveDumpsSamplesTheSharedFrameOnce()
    {
        string dir = TempDir.Create("srestart-rerun");
        var (run, _) = DeckHost.Run(Lj + """
            fix             a all aggregation 10 file run.dat cut 1.5 la 2 zr 3
            dump            d all custom 10 a.dump id type x y z ix iy iz
            dump_modify     d format float %.17g
            run             50
            undump          d
            dump            e all custom 10 b.dump id type x y z ix iy iz
            dump_modify     e format float %.17g
            run             50
            """, dir);
        var (sim, _) = DeckHost.Run(Lj + """
            fix             a all aggregation 10 file rerun.dat cut 1.5 la 2 zr 3
            rerun           a.dump dump x y z ix iy iz
            rerun           b.dump dump x y z ix iy iz
            """, dir);
        var rows = ((FixAggregation)sim.FindFix("a")!).Rows;
        Assert.Equal(Enumerable.Range(0, 11).Select(k => 10L * k), rows.Select(r => r.Step));
        Assert.Equal(11, ((StructureFix)sim.FindFix("a")!).Samples);
        // the frames are those of the run (written with 17 digits): the rows of steps 10..100 are the run's rows
        var runRows = ((FixAggregation)run.FindFix("a")!).Rows;
        Assert.Equal(10, runRows.Count);
        for (int k = 0; k < 10; k++)
        {
            Assert.Equal(runRows[k].Step, rows[k + 1].Step);
            Assert.Equal(runRows[k].LaLa, rows[k + 1].LaLa, 1e-12);
            Assert.Equal(runRows[k].ZrZr, rows[k + 1].ZrZr, 1e-12);
            Assert.Equal(runRows[k].MM, rows[k + 1].MM, 1e-12);
        }
        Assert.Contains(rows, r => r.MM > 0);
    }
}
