using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>
/// A real MD run: fix msd/fft sampling during the run against MDAnalysis reading the same trajectory from a
/// LAMMPS dump of unwrapped coordinates (xu yu zu, 17 digits) written by the same run.
/// </summary>
public class LammpsDumpMsdTests(ITestOutputHelper output)
{
    [Fact]
    public void FixMsdEqualsMdAnalysisOnTheDumpOfTheSameRun()
    {
        string dir = TempDir.Create("lj-dump");
        DeckHost.Run(Decks.LjLiquid(types: 2, set: "set atom 1*64 type 2") + $"""
dump            d all custom 10 {dir}/traj.lammpstrj id type xu yu zu
dump_modify     d format float %.17g sort id
fix             m all msd/fft 10 drift no ngp 0 table {dir}/msd.txt
run             400
""");
        var py = PythonRunner.RunScript(dir, MsdPython.Preamble + """
import MDAnalysis as mda
from MDAnalysis.analysis.msd import EinsteinMSD
u = mda.Universe('traj.lammpstrj', format='LAMMPSDUMP', lammps_coordinate_convention='unwrapped')
print(u.trajectory.n_frames)
for t in ['1', '2']:
    r = EinsteinMSD(u, select='type ' + t, msd_type='xyz', fft=False).run()
    print(' '.join(repr(v) for v in r.results.timeseries))
""");
        var lines = py.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(41, int.Parse(lines[0], CultureInfo.InvariantCulture));
        var table = File.ReadAllLines(Path.Combine(dir, "msd.txt"));
        var header = table.Last(l => l.StartsWith("# lag")).TrimStart('#', ' ').Split(' ');
        var rows = table.Where(l => !l.StartsWith('#')).Select(Numbers.Of).ToArray();
        Assert.Equal(41, rows.Length);
        for (int t = 1; t <= 2; t++)
        {
            int col = Array.IndexOf(header, $"type{t}_msd");
            Assert.True(col > 0, $"column type{t}_msd missing in {string.Join(" ", header)}");
            var mda = Numbers.Of(lines[t]);
            double worst = 0;
            for (int m = 1; m < rows.Length; m++) worst = Math.Max(worst, Math.Abs(rows[m][col] / mda[m] - 1));
            output.WriteLine($"type {t}: MSD(last lag) {rows[^1][col]:F5} vs MDAnalysis {mda[^1]:F5}; worst relative difference {worst:E2}");
            // MDAnalysis holds coordinates as float32 (6e-8 relative, |x| up to ~10 sigma); averaged over 192/64 atoms
            // and all origins the rounding errors largely cancel: measured ~4e-8, bound 1e-6
            Assert.True(worst < 1e-6, $"type {t}: worst relative difference {worst}");
        }
    }
}
