using System.Diagnostics;
using System.Globalization;

namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>Energy, per-atom forces (by tag, 1-based) and pressure tensor (xx yy zz xy xz yz) of one configuration.</summary>
public sealed record PairResult(double Pe, double[] Forces, double[] Pressure);

/// <summary>
/// Runs the installed LAMMPS (`lmp`) on a data file with given pair commands (`run 0`) in a temporary directory and
/// parses the force dump and the thermo line. Fails clearly when lmp is missing (CI installs the Debian package).
/// </summary>
public static class LammpsRunner
{
    public static string Executable => Environment.GetEnvironmentVariable("GARNETICS_LMP") ?? "lmp";

    public static PairResult Run(Structure s, string units, bool charge, IEnumerable<string> pairCommands, string? workDir = null,
        List<string>? logLines = null)
    {
        var dir = workDir ?? Directory.CreateTempSubdirectory("garnetics-lmp-").FullName;
        try
        {
            LammpsData.Write(s, Path.Combine(dir, "data.lmp"), charge);
            var input = new List<string>
            {
                $"units {units}",
                $"atom_style {(charge ? "charge" : "atomic")}",
                "boundary p p p",
                "read_data data.lmp",
            };
            input.AddRange(pairCommands);
            input.AddRange(
            [
                "thermo_style custom pe pxx pyy pzz pxy pxz pyz",
                "thermo_modify format float %20.15g norm no",
                "dump d all custom 1 dump.f id fx fy fz",
                "dump_modify d sort id format float %20.15g",
                "run 0",
            ]);
            File.WriteAllLines(Path.Combine(dir, "in.test"), input);
            RunProcess(dir);
            var forces = ReadDump(Path.Combine(dir, "dump.f"), s.Count);
            var (pe, press) = ReadThermo(Path.Combine(dir, "log.lammps"));
            logLines?.AddRange(File.ReadAllLines(Path.Combine(dir, "log.lammps")));
            return new PairResult(pe, forces, press);
        }
        finally
        {
            if (workDir == null) try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    public static void RunProcess(string dir)
    {
        var psi = new ProcessStartInfo(Executable, "-in in.test -log log.lammps -screen none")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["OMP_NUM_THREADS"] = "1";
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new InvalidOperationException("could not start lmp");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"LAMMPS executable '{Executable}' not found ({e.Message}). The parity tests need LAMMPS: install the Debian package " +
                "`lammps` (provides `lmp`) or set GARNETICS_LMP to its path.", e);
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000))
        {
            p.Kill(true);
            throw new TimeoutException("lmp did not finish within 300 s");
        }
        if (p.ExitCode != 0)
        {
            string log = File.Exists(Path.Combine(dir, "log.lammps")) ? File.ReadAllText(Path.Combine(dir, "log.lammps")) : "";
            throw new InvalidOperationException($"lmp failed with exit code {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}\n{Tail(log, 3000)}");
        }
    }

    private static string Tail(string s, int n) => s.Length <= n ? s : s[^n..];

    public static double[] ReadDump(string path, int natoms)
    {
        var lines = File.ReadAllLines(path);
        int start = Array.FindIndex(lines, l => l.StartsWith("ITEM: ATOMS"));
        if (start < 0 || lines[start].Trim() != "ITEM: ATOMS id fx fy fz") throw new InvalidOperationException("unexpected dump format");
        var f = new double[3 * natoms];
        for (int k = 0; k < natoms; k++)
        {
            var w = lines[start + 1 + k].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int id = int.Parse(w[0], CultureInfo.InvariantCulture) - 1;
            for (int c = 0; c < 3; c++) f[3 * id + c] = double.Parse(w[1 + c], CultureInfo.InvariantCulture);
        }
        return f;
    }

    private static (double pe, double[] press) ReadThermo(string logPath)
    {
        var lines = File.ReadAllLines(logPath);
        int h = Array.FindIndex(lines, l => l.Trim().StartsWith("PotEng"));
        if (h < 0) throw new InvalidOperationException("no thermo header in log.lammps");
        var v = lines[h + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return (v[0], v[1..7]);
    }
}
