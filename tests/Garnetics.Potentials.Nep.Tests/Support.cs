using System.Diagnostics;
using System.Globalization;
using Garnetics.Engine;
using Garnetics.Engine.Input;
using Garnetics.Engine.Styles;

namespace Garnetics.Potentials.Nep.Tests;

/// <summary>Paths to the repository and the shared reference data.</summary>
public static class Paths
{
    public static string Repo { get; } = FindRepo();
    public static string Data => Environment.GetEnvironmentVariable("GARNETICS_SHARED_DATA") is { Length: > 0 } d ? d
        : Path.GetFullPath(Path.Combine(Repo, "..", "shared", "data"));
    public static string Nep25 => Path.Combine(Data, "nep", "llzo-nep25-zbl");
    public static string Nep25Model => Path.Combine(Nep25, "nep.txt");
    public static string Train => Path.Combine(Nep25, "train.xyz");
    public static string PythonRef => Path.Combine(Repo, "tests", "Garnetics.Potentials.Nep.Tests", "python", "nep_ref.py");

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Garnetics.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("no Garnetics.sln above the test binaries");
    }

    public static string Scratch(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "garnetics-nep-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>The first <paramref name="frame"/>-th frame of train.xyz as its own file.</summary>
    public static string TrainFrame(int frame, string dir, bool squeeze = false)
    {
        var lines = File.ReadAllLines(Train);
        int at = 0;
        for (int f = 0; f < frame; f++) at += int.Parse(lines[at].Trim(), CultureInfo.InvariantCulture) + 2;
        int n = int.Parse(lines[at].Trim(), CultureInfo.InvariantCulture);
        var path = Path.Combine(dir, $"frame{frame}{(squeeze ? "-squeezed" : "")}.xyz");
        var frameLines = lines.Skip(at).Take(n + 2).ToArray();
        if (squeeze)
        {
            // put the first atom (Li) 1.05 A from the first O along (1, 0.3, 0)/|.|: inside the ZBL ranges of the models
            int o = Array.FindIndex(frameLines, 2, l => l.TrimStart().StartsWith("O ", StringComparison.Ordinal));
            var w = frameLines[o].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var li = frameLines[2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            double nrm = 1.05 / Math.Sqrt(1 + 0.09);
            li[1] = (double.Parse(w[1], CultureInfo.InvariantCulture) + nrm).ToString("R", CultureInfo.InvariantCulture);
            li[2] = (double.Parse(w[2], CultureInfo.InvariantCulture) + 0.3 * nrm).ToString("R", CultureInfo.InvariantCulture);
            li[3] = w[3];
            frameLines[2] = string.Join(' ', li);
        }
        File.WriteAllLines(path, frameLines);
        return path;
    }
}

/// <summary>Runs decks in-process with the NEP styles registered.</summary>
public static class Deck
{
    static Deck() => StyleRegistry.Default.Register(NepAssembly.Assembly);

    public static (Simulation sim, string output) Run(string deck, int threads = 1, string? workDir = null)
    {
        var sw = new StringWriter();
        var sim = new Simulation { Screen = sw, Threads = threads };
        var interp = new Interpreter(sim);
        sim.Variables = interp;
        string cwd = Environment.CurrentDirectory;
        try
        {
            if (workDir != null) Environment.CurrentDirectory = workDir;
            interp.RunString(deck, "test.in");
        }
        finally { Environment.CurrentDirectory = cwd; }
        return (sim, sw.ToString());
    }

    /// <summary>A deck that loads a structure with elements Li La Zr O and the given NEP model.</summary>
    public static string Nep(string structure, string model, string extra = "") => $"""
        units metal
        read_data {structure} elements Li La Zr O
        pair_style nep
        pair_coeff * * {model} Li La Zr O
        {extra}
        run 0
        """;

    /// <summary>Forces by tag (1-based index = tag).</summary>
    public static double[][] ForcesByTag(Simulation sim)
    {
        var a = sim.Atoms;
        var f = new double[a.NLocal + 1][];
        for (int i = 0; i < a.NLocal; i++) f[a.Tag[i]] = [a.F[3 * i], a.F[3 * i + 1], a.F[3 * i + 2]];
        return f;
    }

    /// <summary>Recompute energy and forces after positions were changed by the caller.</summary>
    public static double Energy(Simulation sim)
    {
        sim.Setup();
        return sim.PotentialEnergy();
    }
}

public static class Python
{
    public static string Exe => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo(Exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start python");
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(300_000)) { p.Kill(true); throw new TimeoutException("python reference timed out"); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"python reference failed (needs numpy, scipy):\n{e.Result}");
        return o.Result;
    }

    public static double[] Numbers(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToArray();
}

public static class Table
{
    public static double[][] Read(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
}
