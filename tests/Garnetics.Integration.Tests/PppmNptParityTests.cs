namespace Garnetics.Integration.Tests;

/// <summary>
/// kspace_style pppm through a whole anisotropic NPT run (box change every step: the influence function is rebuilt,
/// the k-space virial drives the barostat) in LAMMPS and in Garnetics: tetragonal LLZO (192 atoms), buck/coul/long
/// 10 A with analytic erfc (table 0) + pppm 1e-5, 100 steps. LAMMPS's table-0 erfc is a polynomial (about 1e-7
/// relative), so the thermo tables agree to that level: energies 2e-7 relative, pressures 1e-5 of the largest value,
/// temperature 1e-5 relative, box lengths 1e-6 relative (measured: 4e-8, 1.5e-6, 3e-6, 1e-7).
/// </summary>
public class PppmNptParityTests
{
    private static readonly string Deck = """
        units metal
        atom_style charge
        boundary p p p
        read_data data.lmp
        pair_style      buck/coul/long 10.0

        """ + LlzoData.BuckPairCoeffs + """
        pair_modify     table 0
        kspace_style    pppm 1e-5
        neighbor        2.0 bin
        neigh_modify    every 1 delay 0 check yes
        timestep        0.001
        velocity        all create 300.0 4928459 dist gaussian mom yes loop geom
        fix             1 all npt temp 300 300 0.1 aniso 0 0 1.0
        thermo_style    custom step temp pe etotal press pxx pyy pzz lx ly lz
        thermo_modify   format float %20.12g
        thermo          20
        run             100
        """;

    [Fact]
    public void AnisotropicNptWithPppmMatchesLammps()
    {
        var dir = TempDir.Create("pppm-npt");
        LlzoData.WriteChargedData(dir);
        File.WriteAllText(Path.Combine(dir, "npt.in"), Deck);
        var lmpLog = LammpsRunner.RunInput(dir, "npt.in").Log;
        var r = CliRunner.Run(dir, "-in", "npt.in", "-log", "log.garnetics");
        Assert.True(r.ExitCode == 0, r.All);
        var gLog = File.ReadAllText(Path.Combine(dir, "log.garnetics"));
        Assert.Contains("grid = 20 20 20", lmpLog);
        Assert.Contains("grid = 20 20 20", gLog);
        var e = ThermoLog.Parse(lmpLog).Single();
        var a = ThermoLog.Parse(gLog).Single();
        Assert.Equal(e.Columns, a.Columns);
        Assert.Equal(6, e.Rows.Count);
        Assert.Equal(e.Rows.Count, a.Rows.Count);
        double pmax = e.Rows.SelectMany(row => row.Skip(4).Take(4)).Max(Math.Abs);
        for (int i = 0; i < e.Rows.Count; i++)
            for (int k = 1; k < e.Columns.Length; k++)
            {
                string c = e.Columns[k];
                double x = e.Rows[i][k], y = a.Rows[i][k];
                double bound = c switch
                {
                    "Temp" => 1e-5 * Math.Abs(x),
                    "PotEng" or "TotEng" => 2e-7 * Math.Abs(x),
                    "Press" or "Pxx" or "Pyy" or "Pzz" => 1e-5 * pmax,
                    _ => 1e-6 * Math.Abs(x),
                };
                Assert.True(Math.Abs(x - y) <= bound,
                    string.Create(CultureInfo.InvariantCulture, $"step {e.Rows[i][0]}, {c}: LAMMPS {x:R} vs Garnetics {y:R} (bound {bound:E2})"));
            }
    }
}
