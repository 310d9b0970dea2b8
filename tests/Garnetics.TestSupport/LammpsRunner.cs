namespace Garnetics.TestSupport;

/// <summary>A finished LAMMPS run: its folder and the text of its log.lammps.</summary>
public sealed record LammpsRun(string Dir, string Log)
{
    /// <summary>A file the run wrote (path in its folder).</summary>
    public string File(string name) => Path.Combine(Dir, name);

    /// <summary>The thermo tables of the log.</summary>
    public List<ThermoLog.Table> Thermo(string firstColumn = "Step") => ThermoLog.Parse(Log, firstColumn);
}

/// <summary>
/// Runs the reference LAMMPS executable (`lmp` on PATH, or the path in LAMMPS_EXE / GARNETICS_LMP) on a deck:
/// <c>lmp -in DECK -log log.lammps -screen none</c>, one OpenMP thread. Throws (failing the test) when LAMMPS is missing
/// or exits with an error, so that parity tests never pass silently.
/// </summary>
public static class LammpsRunner
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("LAMMPS_EXE") is { Length: > 0 } e ? e
        : Environment.GetEnvironmentVariable("GARNETICS_LMP") is { Length: > 0 } g ? g
        : "lmp";

    private const string Hint =
        ". The parity tests need LAMMPS: tools/test.sh installs the Debian package `lammps` (provides `lmp`); or set LAMMPS_EXE to its path";

    private static readonly Dictionary<string, string> Env = new() { ["OMP_NUM_THREADS"] = "1" };

    /// <summary>`lmp` on PATH, or null when LAMMPS is not installed.</summary>
    public static string? Find()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length == 0) continue;
            var p = Path.Combine(dir, "lmp");
            if (System.IO.File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>
    /// Write <paramref name="deck"/> as in.deck into <paramref name="dir"/> (a fresh scratch folder when null) and run
    /// it there. A run whose lmp process exits non-zero is tried once more (an OpenMPI start-up hiccup under load was
    /// seen once); a deck error fails both times and the second error is reported. Comparisons are never retried.
    /// </summary>
    public static LammpsRun Run(string deck, string? dir = null, int timeoutMs = 300_000)
    {
        dir ??= TempDir.Create("lmp");
        System.IO.File.WriteAllText(Path.Combine(dir, "in.deck"), deck);
        return RunInput(dir, "in.deck", timeoutMs);
    }

    /// <summary>Run the input file <paramref name="input"/> (relative to <paramref name="dir"/>) in <paramref name="dir"/>.</summary>
    public static LammpsRun RunInput(string dir, string input, int timeoutMs = 300_000)
    {
        try { return RunOnce(dir, input, timeoutMs); }
        catch (LammpsExitException) { return RunOnce(dir, input, timeoutMs); }
    }

    private sealed class LammpsExitException(string message) : InvalidOperationException(message);

    private static LammpsRun RunOnce(string dir, string input, int timeoutMs)
    {
        string logPath = Path.Combine(dir, "log.lammps");
        var r = ProcessRunner.Run(Executable, ["-in", input, "-log", "log.lammps", "-screen", "none"], dir,
            env: Env, timeoutMs: timeoutMs, missingHint: Hint);
        string log = System.IO.File.Exists(logPath) ? System.IO.File.ReadAllText(logPath) : "";
        if (r.ExitCode != 0)
            throw new LammpsExitException(
                $"LAMMPS failed with exit code {r.ExitCode} in {dir}\nstderr:\n{r.Stderr}\nstdout:\n{r.Stdout}\nlog.lammps (end):\n{Tail(log, 3000)}");
        return new LammpsRun(dir, log);
    }

    private static string Tail(string s, int n) => s.Length <= n ? s : s[^n..];
}
