namespace Garnetics.TestSupport;

/// <summary>
/// Runs Python (/usr/bin/python3, or GARNETICS_PYTHON) for independent reference values: numpy, scipy, mpmath,
/// MDAnalysis and pymatgen, installed by tools/test.sh. Throws with the script's stderr when it fails.
/// </summary>
public static class PythonRunner
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("GARNETICS_PYTHON") is { Length: > 0 } e ? e
        : File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    // one BLAS thread: reproducible sums, and the test machines are small
    private static readonly Dictionary<string, string> Env = new() { ["OMP_NUM_THREADS"] = "1" };

    private const string Hint =
        "; the reference tests need python3 with numpy, scipy, mpmath, MDAnalysis and pymatgen (tools/test.sh installs them) or GARNETICS_PYTHON";

    /// <summary>Write <paramref name="script"/> as reference.py in <paramref name="dir"/>, run it there (warnings off) and return its stdout.</summary>
    public static string RunScript(string dir, string script)
    {
        var path = Path.Combine(dir, "reference.py");
        File.WriteAllText(path, script);
        return Run(dir, "-W", "ignore", path);
    }

    /// <summary>Run `python ARGS` (a script file and its arguments) in <paramref name="workDir"/>; returns stdout.</summary>
    public static string Run(string? workDir, params string[] args)
    {
        var r = ProcessRunner.Run(Executable, args, workDir, env: Env, missingHint: Hint);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"python reference failed (exit {r.ExitCode}; needs numpy, scipy, mpmath):\n{r.Stderr}\n{r.Stdout}");
        return r.Stdout;
    }
}
