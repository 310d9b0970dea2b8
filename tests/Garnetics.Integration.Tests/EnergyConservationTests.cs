namespace Garnetics.Integration.Tests;

/// <summary>
/// NVE on 1536-atom tetragonal LLZO with buck + coul/dsf, dt = 1 fs, 2 ps from 1000 K (inputs/llzo-nve-drift.in).
/// Bound: the total energy per atom stays within 5e-4 eV/atom of its start over the whole run. A correct run drifts
/// by about 5e-5 eV/atom (measured: -5.5e-5 end-to-start, 7.5e-5 peak-to-peak); a wrong force (sign, missing ghost
/// force, inconsistent energy) or a broken integrator is off by orders of magnitude.
/// </summary>
public class EnergyConservationTests
{
    [Fact]
    public void LlzoBuckDsfNveConservesEnergy()
    {
        var log = Path.Combine(TempDir.Create("nve"), "log");
        var r = CliRunner.Run(TestPaths.RepoRoot, "-in", Path.Combine("inputs", "llzo-nve-drift.in"), "-log", log, "-var", "steps", "2000");
        Assert.True(r.ExitCode == 0, r.All);
        var t = ThermoLog.Parse(File.ReadAllText(log)).Single();
        var e = t.Column("TotEng");
        var temp = t.Column("Temp");
        Assert.Equal(21, e.Length);
        Assert.Equal(1536, double.Parse(r.Stdout.Split("for 2000 steps with ")[1].Split(' ')[0]));
        double maxDev = e.Max(v => Math.Abs(v - e[0]));
        Assert.True(maxDev < 5e-4, $"total energy moved by {maxDev:E3} eV/atom over 2 ps");
        // the atoms really move: the temperature relaxes from 1000 K towards equipartition
        Assert.InRange(temp.Skip(5).Average(), 700.0, 1100.0);
    }
}
