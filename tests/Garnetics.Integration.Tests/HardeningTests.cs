using Xunit.Abstractions;

namespace Garnetics.Integration.Tests;

/// <summary>
/// Failing outputs (a full disk, a folder or a read-only file system where a file should go), LAMMPS's box and
/// data-file checks (decided against lmp on the same files), and inputs a command cannot use: each is one clear
/// error line, exit code 1, no stack trace, and the files completed before stay intact.
/// </summary>
public class HardeningTests(ITestOutputHelper output)
{
    private static string Lj(string tail) =>
        Decks.LjCell(3) + Decks.LjPair() + "velocity all create 3.0 87287 loop geom\nfix 1 all nve\n" + tail;

    /// <summary>Exit code 1, exactly one ERROR line containing <paramref name="expect"/>, nothing unhandled.</summary>
    private static void AssertOneError(ProcessResult r, string expect)
    {
        Assert.True(r.ExitCode == 1, $"exit code {r.ExitCode}:\n{r.All}");
        var errors = r.Stderr.Split('\n').Where(l => l.StartsWith("ERROR", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, $"expected one error line:\n{r.Stderr}");
        Assert.Contains(expect, errors[0]);
        Assert.DoesNotContain("Unhandled", r.All);
        Assert.DoesNotContain("internal error", r.All);
        Assert.DoesNotContain("   at ", r.All);
    }

    private static ProcessResult RunDeck(string dir, string deck, params string[] extra)
    {
        File.WriteAllText(Path.Combine(dir, "in.deck"), deck);
        return CliRunner.Run(dir, ["-in", "in.deck", .. extra]);
    }

    /// <summary>Every output path against /dev/full (every write fails with "No space left on device").</summary>
    [Theory]
    [InlineData("dump", "dump 1 all atom 10 /dev/full\nrun 50\n", "cannot write dump 1 file '/dev/full': No space left on device")]
    [InlineData("dump custom", "dump 1 all custom 10 /dev/full id x y z\ndump_modify 1 flush yes\nrun 50\n", "cannot write dump 1 file '/dev/full'")]
    [InlineData("fix print", "fix p all print 10 \"step $(step)\" file /dev/full\nrun 50\n", "cannot write file '/dev/full': No space left on device")]
    [InlineData("fix ave/time", "compute t all temp\nfix a all ave/time 10 1 10 c_t file /dev/full\nrun 50\n", "cannot write file '/dev/full': No space left on device")]
    public void AFullDiskIsOneErrorForEveryOutput(string name, string tail, string expect)
    {
        var dir = TempDir.Create("full-" + name.Replace(' ', '-').Replace('/', '-'));
        var r = RunDeck(dir, Lj(tail), "-log", "none");
        AssertOneError(r, expect);
        TempDir.Delete(dir);
    }

    [Fact]
    public void AFullLogIsOneError()
    {
        var dir = TempDir.Create("full-log");
        var r = RunDeck(dir, Lj("run 50\n"), "-log", "/dev/full");
        AssertOneError(r, "cannot write log file '/dev/full': No space left on device");
        // log on the deck's log command as well
        var r2 = RunDeck(dir, Lj("log /dev/full\nrun 50\n"), "-log", "none");
        AssertOneError(r2, "cannot write log file '/dev/full'");
        TempDir.Delete(dir);
    }

    /// <summary>
    /// A small real file system filling up (tmpfs, which needs root, as the CI machine runs the suite): dumps every
    /// step until it is full. One error, exit 1; the data file, restart file and fix output completed before keep
    /// exactly their content; a restart written over an existing one on the full disk leaves the old one intact.
    /// </summary>
    [Fact]
    public void AFillingFileSystemLeavesTheCompletedFilesIntact()
    {
        var dir = TempDir.Create("tmpfs");
        string mnt = Path.Combine(dir, "mnt");
        Directory.CreateDirectory(mnt);
        var mount = ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mnt], dir, timeoutMs: 20_000);
        if (mount.ExitCode != 0)
        {
            // not allowed to mount (not root, or a container without the capability): the /dev/full tests above still
            // cover every output path; the filling-disk part needs a real file system that fills
            output.WriteLine($"tmpfs not mountable here ({mount.All.Trim()}): the filling-disk part did not run");
            TempDir.Delete(dir);
            return;
        }
        try
        {
            string body = Lj("""
                write_data mnt/before.data
                write_restart mnt/before.restart
                fix p all print 1 "step $(step)" file mnt/print.txt
                run 5
                unfix p
                dump 1 all custom 1 mnt/traj.dump id type x y z vx vy vz fx fy fz
                dump_modify 1 format float %.17g
                run 100000
                """);
            var r = RunDeck(dir, body, "-log", "none");
            AssertOneError(r, "No space left on device");
            // the same files written on a roomy disk for comparison
            var refDir = TempDir.Create("tmpfs-ref");
            Directory.CreateDirectory(Path.Combine(refDir, "mnt"));
            var rr = RunDeck(refDir, body.Replace("run 100000", "run 0"), "-log", "none");
            Assert.True(rr.ExitCode == 0, rr.All);
            foreach (var f in new[] { "before.data", "before.restart", "print.txt" })
                Assert.True(File.ReadAllBytes(Path.Combine(mnt, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(refDir, "mnt", f))), $"{f} changed");
            // a restart over the existing one on the full disk: one error, the old file intact
            byte[] old = File.ReadAllBytes(Path.Combine(mnt, "before.restart"));
            var w = RunDeck(dir, Lj("write_restart mnt/before.restart\n"), "-log", "none");
            AssertOneError(w, "cannot write restart file 'mnt/before.restart'");
            Assert.DoesNotContain(".tmp", w.Stderr);
            Assert.True(old.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(mnt, "before.restart"))));
            TempDir.Delete(refDir);
        }
        finally
        {
            ProcessRunner.Run("umount", [mnt], dir, timeoutMs: 20_000);
            TempDir.Delete(dir);
        }
    }

    /// <summary>A folder where a file goes, and a target the system refuses, are named as the real path with the real reason.</summary>
    [Fact]
    public void MessagesNameTheRealPathAndReason()
    {
        var dir = TempDir.Create("paths");
        Directory.CreateDirectory(Path.Combine(dir, "adir"));
        AssertOneError(RunDeck(dir, Lj("write_data adir\n"), "-log", "none"), "cannot write 'adir': it is a directory");
        AssertOneError(RunDeck(dir, Lj("dump 1 all atom 1 adir\nrun 0\n"), "-log", "none"), "cannot open dump 1 file 'adir': it is a directory");
        AssertOneError(RunDeck(dir, Lj("log adir\n"), "-log", "none"), "cannot open log file 'adir': it is a directory");
        AssertOneError(RunDeck(dir, "units metal\nread_data adir\n", "-log", "none"), "cannot open data file 'adir': it is a directory");
        AssertOneError(RunDeck(dir, Lj("potential_test adir\n"), "-log", "none"), "cannot open extended XYZ file 'adir': it is a directory");
        // a target the operating system refuses: the message names it, not the temporary file written next to it
        var r = RunDeck(dir, Lj("write_data /sys/garnetics-test.data\n"), "-log", "none");
        AssertOneError(r, "cannot write '/sys/garnetics-test.data'");
        Assert.DoesNotContain(".tmp", r.Stderr);
        TempDir.Delete(dir);
    }

    private const string DataHead = """
        LAMMPS data file

        2 atoms
        1 atom types

        0 10 xlo xhi
        0 XHI ylo yhi
        0 10 zlo zhi
        TILT

        Masses

        1 1.0

        Atoms # atomic

        1 1 5 5 5
        2 1 X2 5 5
        """;

    /// <summary>
    /// Data-file and box cases: Garnetics refuses exactly those that lmp refuses (atoms outside a periodic box are
    /// wrapped by both; tilt beyond LAMMPS's limit is an error in both unless `box tilt large`, and so is change_box to
    /// it; a non-periodic boundary with an atom outside is refused by both, Garnetics supporting only periodic ones).
    /// </summary>
    [Theory]
    [InlineData("outside periodic box", "10", "", "12", "", false)]
    [InlineData("far outside periodic box", "10", "", "1e6", "", false)]
    [InlineData("tilt at the limit", "10", "5 0 0 xy xz yz", "6", "", false)]
    [InlineData("xy beyond lx/2", "20", "6 0 0 xy xz yz", "6", "", true)]
    [InlineData("xz beyond lx/2", "10", "0 6 0 xy xz yz", "6", "", true)]
    [InlineData("yz beyond ly/2", "20", "0 0 11 xy xz yz", "6", "", true)]
    [InlineData("box tilt large", "20", "6 0 0 xy xz yz", "6", "box tilt large", false)]
    [InlineData("change_box beyond", "10", "1 0 0 xy xz yz", "6", "CHANGE", true)]
    [InlineData("non-periodic with an atom outside", "10", "", "12", "boundary f p p", true)]
    [InlineData("type out of range", "10", "", "6", "TYPE", true)]
    [InlineData("duplicate atom ID", "10", "", "6", "DUP", true)]
    public void DataFileAndBoxErrorsAgreeWithLammps(string name, string yhi, string tilt, string x2, string pre, bool expectError)
    {
        var dir = TempDir.Create("box-" + name.Replace(' ', '-').Replace('/', '-'));
        string data = DataHead.Replace("XHI", yhi).Replace("TILT", tilt).Replace("X2", x2);
        if (pre == "TYPE") data = data.Replace("2 1 6 5 5", "2 3 6 5 5");
        if (pre == "DUP") data = data.Replace("2 1 6 5 5", "1 1 6 5 5");
        File.WriteAllText(Path.Combine(dir, "box.data"), data);
        string deck = $"units lj\n{(pre is "CHANGE" or "TYPE" or "DUP" ? "" : pre + "\n")}read_data box.data\n" +
                      (pre == "CHANGE" ? "change_box all xy final 6.0\n" : "") + "print \"atoms $(atoms)\"\n";
        File.WriteAllText(Path.Combine(dir, "in.box"), deck);
        bool lmpError;
        try { LammpsRunner.RunInput(dir, "in.box"); lmpError = false; }
        catch (InvalidOperationException e) when (e.Message.StartsWith("LAMMPS failed", StringComparison.Ordinal)) { lmpError = true; }
        var ours = CliRunner.Run(dir, "-in", "in.box", "-log", "none");
        output.WriteLine($"{name}: lmp {(lmpError ? "error" : "ok")}, garnetics exit {ours.ExitCode}: {ours.Stderr.Trim()}");
        Assert.Equal(expectError, lmpError);
        Assert.Equal(expectError, ours.ExitCode != 0);
        if (expectError) AssertOneError(ours, "");
        else Assert.Contains("atoms 2", ours.Stdout);
        if (name == "box tilt large") Assert.Contains("WARNING: triclinic box skew is large", ours.Stdout);
        TempDir.Delete(dir);
    }

    /// <summary>An atom so far outside that it is no usable periodic image (lmp loops wrapping it): one error at read_data.</summary>
    [Fact]
    public void AnAtomAbsurdlyFarOutsideTheBoxIsRefused()
    {
        var dir = TempDir.Create("box-far");
        File.WriteAllText(Path.Combine(dir, "box.data"), DataHead.Replace("XHI", "10").Replace("TILT", "").Replace("X2", "1e20"));
        AssertOneError(RunDeck(dir, "units lj\nread_data box.data\n", "-log", "none"), "atom 2 at (1E+20, 5, 5) lies more than");
        TempDir.Delete(dir);
    }

    [Theory]
    [InlineData("create_llzo cubic 1 1 1")]
    [InlineData("create_amorphous Li 7 La 3 Zr 2 atoms 48 density 5.0 seed 1")]
    public void LlzoBuildersNeedMetalUnits(string command)
    {
        var dir = TempDir.Create("llzo-units");
        AssertOneError(RunDeck(dir, $"units lj\n{command}\n", "-log", "none"), "it needs units metal (the deck has units lj)");
        TempDir.Delete(dir);
    }
}
