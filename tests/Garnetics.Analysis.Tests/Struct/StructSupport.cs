using System.Diagnostics;
using System.Globalization;
using Garnetics.Engine;
using Garnetics.Engine.Input;
using Garnetics.Engine.Styles;

namespace Garnetics.Analysis.Tests.Struct;

/// <summary>Test helpers of the structural-analysis tests: paths, in-process decks, the python reference.</summary>
public static class StructSupport
{
    static StructSupport()
    {
        StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly);
        StyleRegistry.Default.Register(AnalysisAssembly.Assembly);
    }

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Garnetics.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("no folder containing Garnetics.sln above the test binaries");
        }
    }

    public static string SharedData
    {
        get
        {
            if (Environment.GetEnvironmentVariable("GARNETICS_SHARED_DATA") is { Length: > 0 } env && Directory.Exists(env)) return env;
            for (var dir = new DirectoryInfo(RepoRoot); dir != null; dir = dir.Parent)
            {
                var c = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(c)) return c;
            }
            throw new DirectoryNotFoundException("shared data folder (../shared/data) not found");
        }
    }

    public static string TrainXyz => Path.Combine(SharedData, "nep", "llzo-nep25-zbl", "train.xyz");
    public static string TetragonalCif => Path.Combine(SharedData, "structures", "t-llzo-dft.cif");

    public static string TempDir(string tag) => Directory.CreateTempSubdirectory("garnetics-" + tag + "-").FullName;

    /// <summary>Run deck text in-process in <paramref name="workDir"/>; returns the simulation and the screen output.</summary>
    public static (Simulation sim, string output) Run(string deck, string workDir)
    {
        var sw = new StringWriter();
        var sim = new Simulation { Screen = sw, Threads = 1 };
        var interp = new Interpreter(sim);
        sim.Variables = interp;
        string cwd = Environment.CurrentDirectory;
        lock (CwdLock)
        {
            try
            {
                Environment.CurrentDirectory = workDir;
                interp.RunString(deck, "test.in");
            }
            finally { Environment.CurrentDirectory = cwd; }
        }
        return (sim, sw.ToString());
    }

    static readonly object CwdLock = new();

    /// <summary>The LLZO rigid-ion potential of inputs/llzo-buck-dsf-nvt.in (types Li La Zr O).</summary>
    public const string BuckDsf = """
        set             type 1 charge  1.0
        set             type 2 charge  3.0
        set             type 3 charge  4.0
        set             type 4 charge -2.0
        pair_style      hybrid/overlay buck 10.0 coul/dsf 0.2 10.0
        pair_coeff      * * buck 0.0 1.0 0.0
        pair_coeff      1 4 buck 426.480 0.3000 0.0
        pair_coeff      2 4 buck 1439.7 0.3651 0.0
        pair_coeff      3 4 buck 1453.8 0.3500 0.0
        pair_coeff      4 4 buck 22764.0 0.1490 27.879
        pair_coeff      * * coul/dsf
        """;

    /// <summary>Numeric rows of thermo output lines that start with an integer step (after a header containing "Step").</summary>
    public static List<double[]> ThermoRows(string output)
    {
        var rows = new List<double[]>();
        bool inTable = false;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Step", StringComparison.Ordinal)) { inTable = true; continue; }
            if (!inTable) continue;
            var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (w.Length == 0 || !long.TryParse(w[0], out _)) { inTable = false; continue; }
            rows.Add(w.Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray());
        }
        return rows;
    }

    public static string Python =>
        Environment.GetEnvironmentVariable("GARNETICS_PYTHON") ?? (File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

    /// <summary>Run a python script in dir; returns stdout, throws with stderr on failure.</summary>
    public static string RunPython(string dir, string script)
    {
        var path = Path.Combine(dir, "reference.py");
        File.WriteAllText(path, script);
        var psi = new ProcessStartInfo(Python, $"-W ignore \"{path}\"")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start python");
        var so = p.StandardOutput.ReadToEndAsync();
        var se = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException("python reference did not finish in 120 s"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"python reference failed (exit {p.ExitCode}):\n{se.Result}");
        return so.Result;
    }

    public static double[] Numbers(string line) =>
        line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
}
