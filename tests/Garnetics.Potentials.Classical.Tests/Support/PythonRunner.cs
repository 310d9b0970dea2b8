using System.Diagnostics;

namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>Runs a Python script (numpy, scipy, mpmath needed) used as an independent reference.</summary>
public static class PythonRunner
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("GARNETICS_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>Run `python script.py` in dir with the given script text; returns stdout. Throws with stderr on failure.</summary>
    public static string Run(string dir, string script)
    {
        var path = Path.Combine(dir, "reference.py");
        File.WriteAllText(path, script);
        var psi = new ProcessStartInfo(Executable, $"\"{path}\"")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException("could not start python");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Python '{Executable}' not found ({e.Message}); the reference tests need python3 with numpy, scipy and mpmath " +
                "(or set GARNETICS_PYTHON).", e);
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(true);
            throw new TimeoutException("python reference did not finish within 120 s");
        }
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"python reference failed (exit {p.ExitCode}; needs numpy, scipy, mpmath):\n{stderr.Result}");
        return stdout.Result;
    }
}
