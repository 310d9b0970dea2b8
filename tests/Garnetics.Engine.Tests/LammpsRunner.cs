using System.Diagnostics;
using System.Globalization;

namespace Garnetics.Engine.Tests;

/// <summary>
/// Runs the reference LAMMPS executable (<c>lmp</c> on PATH, or the path in LAMMPS_EXE) on a deck in a fresh
/// temporary folder: <c>lmp -in in.deck -log none -screen none</c>. Throws (failing the test) when LAMMPS is missing
/// or exits with an error, so that parity tests never pass silently.
/// </summary>
public static class LammpsRunner
{
    public static string Executable => Environment.GetEnvironmentVariable("LAMMPS_EXE") is { Length: > 0 } e ? e : "lmp";

    /// <summary>
    /// Run the deck; returns the folder holding its output files. A run whose lmp process exits non-zero is tried once
    /// more in a fresh folder (an OpenMPI start-up hiccup under load was seen once); a deck error fails both times and
    /// the second error is reported. Comparisons in the tests are never retried.
    /// </summary>
    public static string Run(string deck, int timeoutMs = 120_000)
    {
        try { return RunOnce(deck, timeoutMs); }
        catch (LammpsExitException) { return RunOnce(deck, timeoutMs); }
    }

    private sealed class LammpsExitException(string message) : InvalidOperationException(message);

    private static string RunOnce(string deck, int timeoutMs)
    {
        string dir = Path.Combine(Path.GetTempPath(), "garnetics-lmp-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "in.deck"), deck);
        var psi = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-in", "in.deck", "-log", "none", "-screen", "none" }) psi.ArgumentList.Add(a);
        Process? p;
        try
        {
            p = Process.Start(psi);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"LAMMPS executable '{Executable}' could not be started (is LAMMPS installed and on PATH?): {ex.Message}", ex);
        }
        if (p == null) throw new InvalidOperationException($"LAMMPS executable '{Executable}' could not be started");
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutMs))
            {
                p.Kill();
                throw new InvalidOperationException($"LAMMPS timed out after {timeoutMs} ms in {dir}");
            }
            p.WaitForExit();
            if (p.ExitCode != 0)
                throw new LammpsExitException(
                    $"LAMMPS failed with exit code {p.ExitCode} in {dir}\nstderr:\n{stderr.Result}\nstdout:\n{stdout.Result}");
        }
        return dir;
    }

    /// <summary>
    /// Read a LAMMPS text dump (last snapshot) of a custom dump whose first column is the atom ID; returns rows
    /// ordered by ID, each with all columns as doubles (ID included).
    /// </summary>
    public static double[][] ReadDump(string path)
    {
        var lines = File.ReadAllLines(path);
        int start = -1;
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].StartsWith("ITEM: ATOMS", StringComparison.Ordinal)) start = i + 1;
        if (start < 0) throw new InvalidOperationException($"no ITEM: ATOMS section in {path}");
        var rows = new List<double[]>();
        for (int i = start; i < lines.Length && !lines[i].StartsWith("ITEM:", StringComparison.Ordinal); i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            rows.Add(lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray());
        }
        rows.Sort((a, b) => a[0].CompareTo(b[0]));
        return rows.ToArray();
    }

    /// <summary>Whitespace-separated doubles of a text file written by LAMMPS's print command.</summary>
    public static double[] ReadNumbers(string path) =>
        File.ReadAllText(path).Split([' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
}
