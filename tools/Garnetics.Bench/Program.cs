using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Garnetics.Bench;

/// <summary>
/// Named workloads run by Garnetics and by LAMMPS (`lmp`) on the same decks, printing atom-steps per second (from
/// each program's own "Loop time" line, so set-up is excluded), peak resident memory (VmHWM) and the ratio.
/// Usage: dotnet run -c Release --project tools/Garnetics.Bench [-- [--steps N] [--threads 1,2] [--only NAME] [--no-lammps]
/// [--baseline PATH [--repeat N]]]. With --baseline (another build's garnetics executable, e.g. of the previous
/// commit) each Garnetics figure is measured N times (default 3) alternating with the baseline on the same deck,
/// and the medians and the median of the pairwise ratios are printed, so a comparison holds on a noisy machine.
/// </summary>
public static partial class Program
{
    private sealed record Workload(string Name, string Description, Func<string, int, string> Deck, int Steps, bool LammpsCan = true);

    public static int Main(string[] args)
    {
        int? stepsOverride = null;
        var threads = new List<int> { 1, 2 };
        string? only = null;
        bool lammps = true;
        string? baseline = null;
        int repeat = 0;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--steps": stepsOverride = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(); break;
                case "--only": only = args[++i]; break;
                case "--no-lammps": lammps = false; break;
                case "--baseline": baseline = Path.GetFullPath(args[++i]); break;
                case "--repeat": repeat = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 1;
            }
        }
        string root = FindRepoRoot();
        string cli = Path.Combine(root, "tools/Garnetics.Cli/bin/Release/net10.0/garnetics");
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"build the CLI first: dotnet build -c Release tools/Garnetics.Cli  (missing {cli})");
            return 1;
        }
        if (baseline != null && !File.Exists(baseline))
        {
            Console.Error.WriteLine($"--baseline {baseline}: no such executable");
            return 1;
        }
        if (repeat <= 0) repeat = baseline != null ? 3 : 1;
        string work = Path.Combine(Path.GetTempPath(), "garnetics-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(work);
        string shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        bool haveLmp = lammps && Which("lmp") != null;
        bool haveMpi = Which("mpirun") != null;

        // LLZO data file for LAMMPS (which cannot read extended XYZ): Garnetics converts it once.
        string llzoData = Path.Combine(work, "c-llzo.data");
        // the decks' rigid-ion potential (formal charges, buck + coul/dsf 10 A), included by both programs
        string buckDsf = Path.Combine(root, "inputs", "llzo-buck-dsf.potential");
        // the LJ melt deck (LAMMPS's melt example); index variables defined before it set its size and length
        string ljMelt = File.ReadAllText(Path.Combine(root, "inputs", "lj-melt.in"));
        var workloads = new List<Workload>
        {
            new("lj-melt-32000", "LJ melt, fcc rho*=0.8442, 32000 atoms, lj/cut 2.5, NVE, neigh every 20",
                (engine, n) => $"variable steps index {n}\nvariable n index 20\n" + ljMelt, 500),
            new("llzo-12288-buck-dsf", "cubic LLZO 12288 atoms, buck + coul/dsf (alpha 0.2, rc 10 A), NVE 1 fs",
                (engine, n) => $"""
                units metal
                atom_style charge
                read_data {llzoData}
                include {buckDsf}
                neighbor 2.0 bin
                neigh_modify every 1 delay 0 check yes
                timestep 0.001
                velocity all create 1000.0 4928459 loop geom
                fix 1 all nve
                thermo 50
                run {n}
                """, 100),
            new("llzo-12288-buck-pppm", "cubic LLZO 12288 atoms, buck/coul/long 10 A + pppm 1e-5, NVT 1000 K",
                (engine, n) => $"""
                units metal
                atom_style charge
                read_data {llzoData}
                pair_style buck/coul/long 10.0
                pair_coeff * * 0.0 1.0 0.0
                pair_coeff 1 4 426.480 0.3000 0.0
                pair_coeff 2 4 1439.7 0.3651 0.0
                pair_coeff 3 4 1453.8 0.3500 0.0
                pair_coeff 4 4 22764.0 0.1490 27.879
                kspace_style pppm 1.0e-5
                neighbor 2.0 bin
                neigh_modify every 1 delay 0 check yes
                timestep 0.001
                velocity all create 1000.0 4928459 loop geom
                fix 1 all nvt temp 1000.0 1000.0 0.1
                thermo 50
                run {n}
                """, 100),
            // Debian's LAMMPS has no NEP (it needs the NEP_CPU package): Garnetics only
            new("llzo-12288-nep-nvt", "cubic LLZO 12288 atoms, NEP4+ZBL (llzo-nep25-zbl, rc 6/4 A), NVT 1000 K, skin 1 A",
                (engine, n) => $"""
                units metal
                read_data {Path.Combine(shared, "structures/c-llzo-12288-1000K.xyz")} elements Li La Zr O
                pair_style nep
                pair_coeff * * {Path.Combine(shared, "nep/llzo-nep25-zbl/nep.txt")} Li La Zr O
                neighbor 1.0 bin
                neigh_modify every 1 delay 0 check yes
                timestep 0.001
                velocity all create 1000.0 4928459 mom yes rot yes dist gaussian
                fix 1 all nvt temp 1000.0 1000.0 0.1
                thermo 50
                run {n}
                """, 100, LammpsCan: false),
        };

        // prepare the LLZO data file
        string conv = Path.Combine(work, "convert.in");
        File.WriteAllText(conv, $"""
            units metal
            atom_style charge
            read_data {Path.Combine(shared, "structures/c-llzo-12288-1000K.xyz")} elements Li La Zr O
            set type 1 charge 1.0
            set type 2 charge 3.0
            set type 3 charge 4.0
            set type 4 charge -2.0
            write_data {llzoData}
            """);
        var (crc, cout, _) = RunProcess(cli, ["-in", conv, "-log", "none"], work);
        if (crc != 0) { Console.Error.WriteLine("could not convert the LLZO structure:\n" + cout); return 1; }

        Console.WriteLine($"Garnetics benchmark on {Environment.ProcessorCount} cores; LAMMPS: {(haveLmp ? "lmp" : "not available")}{(haveLmp && haveMpi ? " (+mpirun)" : "")}");
        Console.WriteLine($"{"workload",-22} {"program",-22} {"atoms",7} {"steps",6} {"atom-steps/s",14} {"peak MiB",9} {"ratio",7}");
        foreach (var w in workloads)
        {
            if (only != null && w.Name != only) continue;
            int steps = stepsOverride ?? w.Steps;
            foreach (int t in threads)
            {
                string deckG = Path.Combine(work, $"{w.Name}.garnetics.in");
                File.WriteAllText(deckG, w.Deck("garnetics", steps));
                string[] gargs = ["-in", deckG, "-log", "none", "-threads", t.ToString(CultureInfo.InvariantCulture)];
                string tname = $"{t} thread{(t > 1 ? "s" : "")}";
                var runs = new List<Result>();
                var baseRuns = new List<Result>();
                for (int k = 0; k < repeat; k++)
                {
                    runs.Add(Measure(cli, gargs, work));
                    if (baseline != null) baseRuns.Add(Measure(baseline, gargs, work));
                }
                var g = Median(runs);
                Print(w.Name, $"garnetics {tname}", g, null, runs);
                if (g.Ok) PrintBreakdown(g.Output);
                if (baseline != null)
                {
                    var b = Median(baseRuns);
                    Print(w.Name, $"baseline {tname}", b, null, baseRuns);
                    if (g.Ok && b.Ok)
                    {
                        var ratios = runs.Zip(baseRuns, (x, y) => x.AtomStepsPerSecond / y.AtomStepsPerSecond).Order().ToList();
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{"",-22}   current/baseline: median {ratios[ratios.Count / 2]:F3} (range {ratios[0]:F3}-{ratios[^1]:F3}, {ratios.Count} pairs)"));
                    }
                }
                if (!haveLmp || !w.LammpsCan) continue;
                string deckL = Path.Combine(work, $"{w.Name}.lammps.in");
                File.WriteAllText(deckL, w.Deck("lammps", steps));
                Result l;
                if (t == 1) l = Measure("lmp", ["-in", deckL, "-log", "none"], work);
                else if (haveMpi) l = Measure("mpirun", ["--allow-run-as-root", "--oversubscribe", "-np", t.ToString(CultureInfo.InvariantCulture), "lmp", "-in", deckL, "-log", "none"], work);
                else continue;
                Print(w.Name, $"lammps {t} rank{(t > 1 ? "s" : "")}", l, g.AtomStepsPerSecond);
            }
        }
        try { Directory.Delete(work, true); } catch (IOException) { }
        return 0;
    }

    private sealed record Result(bool Ok, long Atoms, long Steps, double LoopSeconds, double PeakMiB, string Output)
    {
        public double AtomStepsPerSecond => Ok && LoopSeconds > 0 ? Atoms * (double)Steps / LoopSeconds : double.NaN;
    }

    /// <summary>The run with the median rate (a failed run if any failed).</summary>
    private static Result Median(List<Result> runs) =>
        runs.FirstOrDefault(r => !r.Ok) ?? runs.OrderBy(r => r.AtomStepsPerSecond).ElementAt(runs.Count / 2);

    private static void Print(string workload, string program, Result r, double? garneticsRate, List<Result>? runs = null)
    {
        if (!r.Ok)
        {
            Console.WriteLine($"{workload,-22} {program,-22} FAILED");
            Console.WriteLine(string.Join('\n', r.Output.Split('\n').TakeLast(15)));
            return;
        }
        string ratio = garneticsRate.HasValue ? (garneticsRate.Value / r.AtomStepsPerSecond).ToString("F2", CultureInfo.InvariantCulture) : "";
        string spread = runs is { Count: > 1 }
            ? string.Create(CultureInfo.InvariantCulture, $"  (median of {runs.Count}: {runs.Min(x => x.AtomStepsPerSecond):E3}-{runs.Max(x => x.AtomStepsPerSecond):E3})")
            : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workload,-22} {program,-22} {r.Atoms,7} {r.Steps,6} {r.AtomStepsPerSecond,14:E3} {r.PeakMiB,9:F0} {ratio,7}{spread}"));
    }

    /// <summary>Where the time went: the section table's Pair/Neigh/Comm/Modify shares and any style breakdown line.</summary>
    private static void PrintBreakdown(string output)
    {
        var lines = output.Split('\n');
        var parts = new List<string>();
        foreach (var name in new[] { "Pair", "Kspace", "Neigh", "Comm", "Modify" })
        {
            var l = lines.LastOrDefault(x => x.StartsWith(name + " ", StringComparison.Ordinal) && x.Contains('|'));
            if (l == null) continue;
            var cols = l.Split('|');
            parts.Add($"{name} {cols[2].Trim()}%");
        }
        Console.WriteLine($"{"",-22}   time: {string.Join(", ", parts)}");
        var style = lines.LastOrDefault(x => x.StartsWith("  nep:", StringComparison.Ordinal));
        if (style != null) Console.WriteLine($"{"",-22}   {style.Trim()}");
    }

    [GeneratedRegex(@"Loop time of ([0-9.eE+-]+) on \d+ procs.*? for (\d+) steps with (\d+) atoms")]
    private static partial Regex LoopLine();

    private static Result Measure(string exe, string[] args, string dir)
    {
        var (rc, output, peak) = RunProcess(exe, args, dir);
        var m = LoopLine().Matches(output).LastOrDefault();
        if (rc != 0 || m == null) return new Result(false, 0, 0, 0, peak, output);
        return new Result(true, long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), peak, output);
    }

    /// <summary>Run a process, sampling the peak resident set (VmHWM) of it and its children from /proc.</summary>
    private static (int rc, string output, double peakMiB) RunProcess(string exe, string[] args, string dir)
    {
        var psi = new ProcessStartInfo(exe) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["CI"] = "1"; // no progress line
        using var p = Process.Start(psi)!;
        var sbOut = new System.Text.StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data != null) lock (sbOut) sbOut.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (sbOut) sbOut.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        double peak = 0;
        while (!p.WaitForExit(100)) peak = Math.Max(peak, TreeHwmMiB(p.Id));
        p.WaitForExit();
        return (p.ExitCode, sbOut.ToString(), peak);
    }

    private static double TreeHwmMiB(int pid)
    {
        double total = 0;
        foreach (var id in ProcessTree(pid))
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{id}/status"))
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                        total += double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return total;
    }

    private static IEnumerable<int> ProcessTree(int pid)
    {
        yield return pid;
        string children = $"/proc/{pid}/task/{pid}/children";
        string text;
        try { text = File.ReadAllText(children); } catch (IOException) { yield break; }
        foreach (var c in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            foreach (var d in ProcessTree(int.Parse(c, CultureInfo.InvariantCulture))) yield return d;
    }

    private static string? Which(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, exe)).FirstOrDefault(File.Exists);

    private static string FindRepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Garnetics.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Garnetics.sln)");
    }
}
