using System.ComponentModel;
using System.Diagnostics;

namespace Garnetics.TestSupport;

/// <summary>Exit code and captured output of a child process.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

/// <summary>
/// Starts an external program (garnetics, lmp, python3) with redirected output and a closed (or given) standard input,
/// waits with a time limit and returns what it printed. A program that cannot be started or does not finish in time
/// throws, so a reference that is missing fails the test instead of passing it silently.
/// </summary>
public static class ProcessRunner
{
    /// <param name="exe">the program</param>
    /// <param name="args">its arguments, passed as they are (no shell quoting)</param>
    /// <param name="workDir">working directory; null: the test process's</param>
    /// <param name="stdin">text written to standard input before it is closed</param>
    /// <param name="env">environment variables set for the child</param>
    /// <param name="timeoutMs">time limit; the process tree is killed after it</param>
    /// <param name="missingHint">appended to the message when the program cannot be started (how to install it)</param>
    public static ProcessResult Run(string exe, IEnumerable<string> args, string? workDir = null, string? stdin = null,
        IReadOnlyDictionary<string, string>? env = null, int timeoutMs = 300_000, string missingHint = "")
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workDir != null) psi.WorkingDirectory = workDir;
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        Process? started;
        try
        {
            started = Process.Start(psi);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{exe}' could not be started ({e.Message}){missingHint}", e);
        }
        using var p = started ?? throw new InvalidOperationException($"'{exe}' could not be started{missingHint}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(true);
            throw new TimeoutException($"'{exe} {string.Join(' ', psi.ArgumentList)}' did not finish within {timeoutMs / 1000} s" +
                                       (workDir != null ? $" in {workDir}" : ""));
        }
        p.WaitForExit(); // the output streams are complete
        return new ProcessResult(p.ExitCode, stdout.Result, stderr.Result);
    }
}
