namespace Garnetics.Integration.Tests;

/// <summary>LAMMPS's own examples/melt/in.melt, unchanged, in LAMMPS and in Garnetics: the thermo tables must agree.</summary>
public class MeltParityTests
{
    private const string MeltDeck = "/usr/share/lammps/examples/melt/in.melt";

    [Fact]
    public void MeltThermoMatchesLammpsToSixDigitsAtEveryStep()
    {
        Assert.True(File.Exists(MeltDeck), $"{MeltDeck} missing: tools/test.sh installs the Debian package lammps-examples");
        var dir = TempDir.Create("melt");
        File.Copy(MeltDeck, Path.Combine(dir, "in.melt"));
        var lmpLog = LammpsRunner.RunInput(dir, "in.melt").Log;
        var r = CliRunner.Run(dir, "-in", "in.melt", "-log", "log.garnetics");
        Assert.True(r.ExitCode == 0, r.All);
        var expected = ThermoLog.Parse(lmpLog).Single();
        var actual = ThermoLog.Parse(File.ReadAllText(Path.Combine(dir, "log.garnetics"))).Single();
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(6, expected.Rows.Count); // steps 0, 50, ..., 250
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (int i = 0; i < expected.Rows.Count; i++)
            for (int k = 0; k < expected.Columns.Length; k++)
                Assert.True(Tolerance.SameDigits(expected.Rows[i][k], actual.Rows[i][k], 6),
                    $"step {expected.Rows[i][0]}, {expected.Columns[k]}: LAMMPS {expected.Rows[i][k]:R} vs Garnetics {actual.Rows[i][k]:R}");
    }
}
