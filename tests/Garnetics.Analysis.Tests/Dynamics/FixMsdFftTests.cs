using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

public class FixMsdFftTests(ITestOutputHelper output)
{
    /// <summary>The hot LJ liquid (256 atoms), 12 lines.</summary>
    private static readonly string LjDeck = Decks.LjLiquid();

    [Fact]
    public void SamplesUnwrappedPositionsEveryNStepsAcrossRuns()
    {
        string dir = TempDir.Create("fix-lj");
        var (sim, screen) = DeckHost.Run(LjDeck + $$"""
fix             m all msd/fft 10 table {{dir}}/sub/t.txt result {{dir}}/sub/r.json blocks 4
run             200
run             100
variable        d equal f_m[1]
print           "D(f_m) = ${d}"
""");
        var fix = (FixMsdFft)sim.FindFix("m")!;
        var traj = fix.Trajectory!;
        Assert.Equal(31, traj.Frames);                                // steps 0, 10, ..., 300
        Assert.Equal(0.005 * 300, traj.Times[^1], 1e-12);              // lj default dt 0.005
        // the last frame equals x + image*L of the final state, atom by atom (tag order)
        var a = sim.Atoms;
        var last = traj.Positions[^1];
        var order = Enumerable.Range(0, a.NLocal).OrderBy(i => a.Tag[i]).ToArray();
        double worst = 0;
        for (int k = 0; k < order.Length; k++)
        {
            int i = order[k];
            for (int d = 0; d < 3; d++)
            {
                double l = d == 0 ? sim.Box.Lx : d == 1 ? sim.Box.Ly : sim.Box.Lz;
                worst = Math.Max(worst, Math.Abs(last[3 * k + d] - (a.X[3 * i + d] + a.Image[3 * i + d] * l)));
            }
        }
        Assert.True(worst < 1e-12, $"unwrapped positions differ by {worst}");
        // atoms crossed the boundary during the run (otherwise unwrapping was not exercised)
        Assert.Contains(Enumerable.Range(0, a.NLocal), i => a.Image[3 * i] != 0 || a.Image[3 * i + 1] != 0 || a.Image[3 * i + 2] != 0);
        // hot LJ liquid (T* = 3 start, rho* = 0.8442 melting): diffusive, D of order 0.1 sigma^2/tau
        var rep = DiffusionReport.Load(Path.Combine(dir, "sub", "r.json"));
        var s = Assert.Single(rep.Species);
        output.WriteLine($"LJ: D = {s.D:F4} +- {s.DErr:F4}, frames {rep.Frames}");
        Assert.Equal(31, rep.Frames);
        Assert.InRange(s.D, 0.02, 0.5);
        Assert.True(double.IsNaN(rep.SigmaNE));                       // no conductivity in lj units
        Assert.Equal(2, screen.Split('\n').Count(l => l.Contains("msd/fft: type1 D =")));
        Assert.True(File.Exists(Path.Combine(dir, "sub", "t.txt")));
        // f_m[1] is the tracer D of the last analysis
        var printed = screen.Split('\n').First(l => l.StartsWith("D(f_m) = "));
        Assert.Equal(s.D, double.Parse(printed["D(f_m) = ".Length..], System.Globalization.CultureInfo.InvariantCulture), 1e-12);
    }

    /// <summary>
    /// A trajectory split by write_restart / read_restart gives the same frames and D as the run made in one piece:
    /// frames stored before the restart come back bit for bit; the continued frames differ only by the order of
    /// force sums after the neighbour list is rebuilt (round-off, far below 1e-9 over 100 LJ steps).
    /// </summary>
    [Fact]
    public void RestartFilesCarryTheStoredFrames()
    {
        string dir = TempDir.Create("fix-restart");
        var (whole, _) = DeckHost.Run(LjDeck + $"""
fix             m all msd/fft 10 blocks 3 result {dir}/whole.json
run             200
run             100
""");
        var (first, _) = DeckHost.Run(LjDeck + $"""
fix             m all msd/fft 10 blocks 3
run             200
write_restart   {dir}/half.restart
""");
        var (second, screen) = DeckHost.Run($"""
read_restart    {dir}/half.restart
neighbor        0.3 bin
fix             1 all nve
fix             m all msd/fft 10 blocks 3 result {dir}/split.json
run             100
""");
        var t1 = ((FixMsdFft)first.FindFix("m")!).Trajectory!;
        var t2 = ((FixMsdFft)second.FindFix("m")!).Trajectory!;
        var tw = ((FixMsdFft)whole.FindFix("m")!).Trajectory!;
        Assert.Equal(21, t1.Frames);
        Assert.Equal(31, t2.Frames);                                  // not 32: step 200 is not sampled twice
        for (int f = 0; f < t1.Frames; f++)
        {
            Assert.Equal(t1.Times[f], t2.Times[f]);
            Assert.Equal(t1.Positions[f], t2.Positions[f]);
            Assert.Equal(t1.CentreOfMass[f], t2.CentreOfMass[f]);
        }
        double worst = 0;
        for (int f = 0; f < tw.Frames; f++)
            for (int j = 0; j < tw.Positions[f].Length; j++)
                worst = Math.Max(worst, Math.Abs(tw.Positions[f][j] - t2.Positions[f][j]));
        output.WriteLine($"largest position difference, split vs whole run: {worst:E2}");
        Assert.True(worst < 1e-9, $"continued trajectory differs by {worst}");
        var dw = DiffusionReport.Load(Path.Combine(dir, "whole.json")).Species[0];
        var ds = DiffusionReport.Load(Path.Combine(dir, "split.json")).Species[0];
        Assert.Equal(dw.D, ds.D, 1e-9 * dw.D);
        Assert.Equal(dw.DErr, ds.DErr, 1e-9 * dw.DErr);

        // a different sampling interval cannot continue the stored trajectory
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run($"""
read_restart    {dir}/half.restart
fix             1 all nve
fix             m all msd/fft 20
"""));
        Assert.Contains("sampled every 10 steps, this fix every 20", e.Message);
        Assert.Equal(3, e.Location!.Line);
    }

    [Theory]
    [InlineData("fix m all msd/fft 0", 19, "must be > 0")]
    [InlineData("fix m all msd/fft 10 fit 0.6 0.2", 26, "fit window")]
    [InlineData("fix m all msd/fft 10 blocks 0", 29, "blocks must be >= 1")]
    [InlineData("fix m all msd/fft 10 colour red", 22, "unknown fix msd/fft keyword")]
    [InlineData("fix m all msd/fft 10 temp", 22, "needs a value")]
    [InlineData("fix m all msd/fft ten", 19, "expected an integer")]
    public void BadArgumentsGiveOneErrorAtTheWord(string line, int column, string message)
    {
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run(LjDeck + line + "\n"));
        Assert.Contains(message, e.Message);
        Assert.Equal(13, e.Location!.Line);
        Assert.Equal(column, e.Location.Column);
    }

    [Fact]
    public void TooFewFramesForTheBlocksIsAClearError()
    {
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run(LjDeck + "fix m all msd/fft 10 blocks 5\nrun 50\n"));
        Assert.Contains("cannot be split into 5 blocks", e.Message);
        Assert.Equal(13, e.Location!.Line);
    }

    [Fact]
    public void HelpStatesFormulasAndConventions()
    {
        var fix = StyleRegistry.Default.Find(StyleKind.Fix, "msd/fft")!.Attribute;
        foreach (var s in new[] { "FFT", "x + image·box", "MSD(τ)", "α2 = 3⟨Δr⁴⟩/(5⟨Δr²⟩²) − 1", "slope/6", "Nernst–Einstein", "16.02176634 S/cm",
                     "Haven", "blocks", "drift", "N_group × frames × 3 doubles" })
            Assert.Contains(s, fix.Help);
        var cmd = StyleRegistry.Default.Find(StyleKind.Command, "conductivity")!.Attribute;
        foreach (var s in new[] { "ln(σT) = ln A − Ea/(k_B T)", "S/cm", "eV", "Student's t", "n_runs − 2", "standard error", "VTF", "weighted" })
            Assert.Contains(s, cmd.Help);
        Assert.StartsWith("fix ID group msd/fft N", fix.Syntax);
        Assert.StartsWith("conductivity summary", cmd.Syntax);
    }
}
