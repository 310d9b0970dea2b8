using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>fix msd/fft fed by `rerun` from an extended-XYZ trajectory of unwrapped positions.</summary>
public class RerunMsdTests(ITestOutputHelper output)
{
    [Fact]
    public void RerunOfAnExtendedXyzTrajectoryGivesTheInMemoryAnalysis()
    {
        var species = Enumerable.Repeat("Li", 30).Concat(Enumerable.Repeat("O", 20)).ToArray();
        int frames = 120;
        double dt = 0.05, l = 15.0;
        // La, Li, O ordinal order of sigma: only Li (0.25) and O (0.03) are present -> sigma array by sorted species
        var walk = DynSupport.RandomWalk(77, species, [0.25, 0.03], frames, dt);
        string dir = TempDir.Create("rerun");
        string xyz = Path.Combine(dir, "traj.xyz");
        using (var w = new StreamWriter(xyz))
        {
            w.NewLine = "\n";
            for (int f = 0; f < frames; f++)
            {
                w.WriteLine(species.Length);
                w.WriteLine(string.Format(CultureInfo.InvariantCulture,
                    "Lattice=\"{0} 0 0 0 {0} 0 0 0 {0}\" Properties=species:S:1:pos:R:3 Time={1:R} pbc=\"T T T\"", l, walk.Times[f]));
                var p = walk.Positions[f];
                for (int i = 0; i < species.Length; i++)
                    w.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0} {1:R} {2:R} {3:R}", species[i], p[3 * i], p[3 * i + 1], p[3 * i + 2]));
            }
        }
        var (sim, _) = DeckHost.Run($"""
units       metal
atom_style  atomic
read_data   {xyz} elements Li O
timestep    {dt.ToString(CultureInfo.InvariantCulture)}
fix         m all msd/fft 1 blocks 4 result {dir}/r.json temp 1000
rerun       {xyz} dump x y z
""");
        var fix = (FixMsdFft)sim.FindFix("m")!;
        var traj = fix.Trajectory!;
        Assert.Equal(frames, traj.Frames);
        // positions round-trip through the file (x wrapped + image·box): equal to the walk to round-off
        double worst = 0;
        for (int f = 0; f < frames; f++)
            for (int k = 0; k < 3 * species.Length; k++)
                worst = Math.Max(worst, Math.Abs(traj.Positions[f][k] - walk.Positions[f][k]));
        output.WriteLine($"max |unwrapped - written| = {worst:E2} A");
        Assert.True(worst < 1e-9, $"positions differ by {worst}");
        for (int f = 0; f < frames; f++) Assert.Equal(walk.Times[f], traj.Times[f], 1e-12);

        // the reference: the same analysis of the in-memory walk with the same masses for the drift reference
        double mLi = sim.Atoms.Mass[1], mO = sim.Atoms.Mass[2];
        var reference = new DiffusionTrajectory(species);
        for (int f = 0; f < frames; f++)
        {
            var p = walk.Positions[f];
            var com = new double[3];
            double mt = 0;
            for (int i = 0; i < species.Length; i++)
            {
                double m = species[i] == "Li" ? mLi : mO;
                mt += m;
                for (int d = 0; d < 3; d++) com[d] += m * p[3 * i + d];
            }
            for (int d = 0; d < 3; d++) com[d] /= mt;
            reference.AddFrame(walk.Times[f], p, com);
        }
        var (refRep, _) = Diffusion.Analyze(reference, new DiffusionOptions { Blocks = 4 });
        var rep = DiffusionReport.Load(Path.Combine(dir, "r.json"));
        foreach (var s in refRep.Species)
        {
            var mine = rep.Species.Single(x => x.Name == s.Name);
            output.WriteLine($"{s.Name}: D = {mine.D:E6} (in-memory {s.D:E6}) +- {mine.DErr:E2}");
            Assert.Equal(s.D, mine.D, Math.Abs(s.D) * 1e-8);
            Assert.Equal(s.DErr, mine.DErr, Math.Abs(s.DErr) * 1e-6);
        }
        // Li steps of 0.25 A per direction every 0.05 ps: D = 0.25^2/(2*0.05) = 0.625 A^2/ps
        Assert.InRange(rep.Species.Single(x => x.Name == "Li").D, 0.45, 0.8);
    }
}
