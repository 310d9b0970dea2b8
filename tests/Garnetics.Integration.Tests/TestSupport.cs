using System.Diagnostics;

namespace Garnetics.Integration.Tests;

/// <summary>Paths of the repository, the shared reference data and the built CLI; a scratch folder per test.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Garnetics.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root (Garnetics.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>../shared/data beside the repository (also found from a git worktree one level further down).</summary>
    public static string SharedData
    {
        get
        {
            foreach (var cand in new[] { Path.Combine(Root, "..", "shared", "data"), Path.Combine(Root, "..", "..", "shared", "data") })
                if (Directory.Exists(cand)) return Path.GetFullPath(cand);
            throw new DirectoryNotFoundException($"reference data ../shared/data not found beside {Root}");
        }
    }

    public static string Structure(string name) => Path.Combine(SharedData, "structures", name);

    /// <summary>The garnetics CLI assembly built next to the tests (run with `dotnet`).</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "garnetics.dll");

    /// <summary>
    /// data.lmp in <paramref name="dir"/>: the 192-atom tetragonal DFT cell with formal charges (Li +1, La +3, Zr +4,
    /// O −2), written by the CLI so LAMMPS and Garnetics read the same file.
    /// </summary>
    public static string WriteChargedLlzoData(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "make.in"), $"""
            units metal
            atom_style charge
            read_data {Structure("t-llzo-dft.cif")} elements Li La Zr O
            set type 1 charge 1.0
            set type 2 charge 3.0
            set type 3 charge 4.0
            set type 4 charge -2.0
            write_data data.lmp
            """);
        var w = Cli.Run(dir, "-in", "make.in", "-log", "log.make");
        if (w.ExitCode != 0) throw new InvalidOperationException("writing the LLZO data file failed:\n" + w.All);
        return Path.Combine(dir, "data.lmp");
    }

    public static string NewScratch(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "garnetics-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;
}

public static class Cli
{
    /// <summary>Run the garnetics CLI as a child process in <paramref name="dir"/>.</summary>
    public static ProcessResult Run(string dir, params string[] args) => RunWithInput(dir, null, args);

    public static ProcessResult RunWithInput(string dir, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(Repo.CliDll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var errTask = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException("garnetics did not finish in 300 s"); }
        return new ProcessResult(p.ExitCode, outTask.Result, errTask.Result);
    }
}
