using System.Text.Json;
using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>
/// pymatgen's trajectory handling on an MD trajectory of LLZO. pymatgen's DiffusionAnalyzer itself lives in the
/// separate pymatgen-analysis-diffusion package, which Debian's python3-pymatgen 2022.11.7 does not include (and there
/// is no PyPI here). What DiffusionAnalyzer.from_structures does first is available: pymatgen.core.trajectory.Trajectory
/// turns wrapped frames into displacements between consecutive frames with the periodic jumps removed
/// (to_displacements). Those displacements, summed, must give the unwrapped trajectory that fix msd/fft builds from
/// image flags, and the multiple-origin MSD of pymatgen's unwrapped positions (numpy) must be fix msd/fft's.
/// </summary>
public class PymatgenTrajectoryTests(ITestOutputHelper output)
{
    private const string Script = MsdPython.Preamble + """
from pymatgen.core.trajectory import Trajectory
from pymatgen.core.lattice import Lattice
frames, species = [], None
lines = open('traj.dump').read().split('\n')
k = 0
while k < len(lines):
    if lines[k].startswith('ITEM: NUMBER OF ATOMS'):
        n = int(lines[k + 1])
        lo_hi = [list(map(float, lines[k + 3 + d].split())) for d in range(3)]
        rows = [lines[k + 7 + a].split() for a in range(n)]
        rows.sort(key=lambda r: int(r[0]))
        species = [r[1] for r in rows]
        frames.append(np.array([[float(v) for v in r[2:5]] for r in rows]))
        k += 7 + n
    else:
        k += 1
L = np.diag([hi - lo for lo, hi in lo_hi])
lo = np.array([lo for lo, hi in lo_hi])
frac = np.array([np.linalg.solve(L.T, (f - lo).T).T for f in frames])
tr = Trajectory(Lattice(L), species, frac, constant_lattice=True)
tr.to_displacements()
disp = np.cumsum(np.array(tr.frac_coords), axis=0) @ L   # r(t) - r(0), Cartesian
T = disp.shape[0]
li = np.array([s == 'Li' for s in species])
msd = wmsd(disp[:, li])
largest_step = float(np.max(np.abs(np.diff(frac, axis=0) - np.around(np.diff(frac, axis=0)))))
print(json.dumps({'disp': disp.reshape(T, -1).tolist(), 'msd_li': msd.tolist(), 'frames': T, 'largest_step': largest_step}))
""";

    [Fact]
    public void UnwrappingAndMsdMatchPymatgenTrajectory()
    {
        string dir = TempDir.Create("pymatgen");
        string cif = LlzoData.TetragonalCif;
        string potential = LlzoData.BuckDsfPotential;
        // 192-atom tetragonal LLZO at 1600 K: Li hop and cross the cell faces within 0.4 ps
        var (sim, _) = DeckHost.Run($"""
units           metal
atom_style      charge
read_data       {cif} elements Li La Zr O
include         {potential}
neighbor        2.0 bin
timestep        0.001
velocity        all create 1600 90210 dist gaussian mom yes loop geom
fix             md all nvt temp 1600 1600 0.1
fix             msd all msd/fft 4 drift no blocks 4
dump            d all custom 4 {dir}/traj.dump id element x y z
dump_modify     d element Li La Zr O format float %.17g
run             400
""");
        var traj = ((FixMsdFft)sim.FindFix("msd")!).Trajectory!;
        Assert.Equal(101, traj.Frames);
        var a = sim.Atoms;
        Assert.Contains(Enumerable.Range(0, a.NLocal), i => a.Image[3 * i] != 0 || a.Image[3 * i + 1] != 0 || a.Image[3 * i + 2] != 0);

        var reference = JsonDocument.Parse(PythonRunner.RunScript(dir, Script)).RootElement;
        Assert.Equal(101, reference.GetProperty("frames").GetInt32());
        // minimum-image unwrapping needs every step below half a cell: the largest fractional step is far below 0.5
        Assert.True(reference.GetProperty("largest_step").GetDouble() < 0.1);

        // r(t) - r(0) of every atom (fix msd/fft stores all atoms of the group, in tag order)
        var disp = reference.GetProperty("disp").EnumerateArray().Select(f => f.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        double worst = 0;
        for (int f = 0; f < traj.Frames; f++)
            for (int j = 0; j < disp[f].Length; j++)
                worst = Math.Max(worst, Math.Abs(disp[f][j] - (traj.Positions[f][j] - traj.Positions[0][j])));
        output.WriteLine($"largest difference of r(t) - r(0), pymatgen vs image flags: {worst:E2} A");
        Assert.True(worst < 1e-9, $"unwrapped displacements differ by {worst} A");

        // the Li MSD over all origins, without drift removal
        var msd = Msd.Compute(traj, removeDrift: false, ngpOrigins: 0)["Li"].Total;
        var refMsd = reference.GetProperty("msd_li").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double rel = 0;
        for (int k = 1; k < refMsd.Length; k++) rel = Math.Max(rel, Math.Abs(msd[k] - refMsd[k]) / refMsd[k]);
        output.WriteLine($"Li MSD, pymatgen-unwrapped + numpy vs fix msd/fft: worst relative difference {rel:E2}; MSD(0.4 ps) = {msd[^1]:F3} A^2");
        Assert.True(rel < 1e-9, $"MSD differs by {rel} relative");
        Assert.True(msd[^1] > 0.5, "Li must move (a hop is ~2 A)");
    }
}
