using System.Diagnostics;

namespace Garnetics.Integration.Tests;

/// <summary>LAMMPS's own examples/melt/in.melt, unchanged, in LAMMPS and in Garnetics: the thermo tables must agree.</summary>
public class MeltParityTests
{
    private const string MeltDeck = "/usr/share/lammps/examples/melt/in.melt";

    public static string RunLammps(string dir, string deck, params string[] extra)
    {
        var psi = new ProcessStartInfo("lmp") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-in", deck, "-log", "log.lammps", "-screen", "none" }.Concat(extra)) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("LAMMPS (lmp) is not installed; tools/test.sh installs it (apt-get install lammps)", e);
        }
        using (p)
        {
            var err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"lmp failed ({p.ExitCode}): {err}\n{File.ReadAllText(Path.Combine(dir, "log.lammps"))}");
        }
        return File.ReadAllText(Path.Combine(dir, "log.lammps"));
    }

    [Fact]
    public void MeltThermoMatchesLammpsToSixDigitsAtEveryStep()
    {
        Assert.True(File.Exists(MeltDeck), $"{MeltDeck} missing: tools/test.sh installs the Debian package lammps-examples");
        var dir = Repo.NewScratch("melt");
        File.Copy(MeltDeck, Path.Combine(dir, "in.melt"));
        var lmpLog = RunLammps(dir, "in.melt");
        var r = Cli.Run(dir, "-in", "in.melt", "-log", "log.garnetics");
        Assert.True(r.ExitCode == 0, r.All);
        var expected = ThermoLog.Parse(lmpLog).Single();
        var actual = ThermoLog.Parse(File.ReadAllText(Path.Combine(dir, "log.garnetics"))).Single();
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(6, expected.Rows.Count); // steps 0, 50, ..., 250
        Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (int i = 0; i < expected.Rows.Count; i++)
            for (int k = 0; k < expected.Columns.Length; k++)
                Assert.True(ThermoLog.SameDigits(expected.Rows[i][k], actual.Rows[i][k], 6),
                    $"step {expected.Rows[i][0]}, {expected.Columns[k]}: LAMMPS {expected.Rows[i][k]:R} vs Garnetics {actual.Rows[i][k]:R}");
    }
}
