using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// Single-core pair-force timing against LAMMPS on the 12288-atom cubic LLZO cell (force-only steps, no neighbour
/// rebuilds; best of three). Runs only when GARNETICS_BENCH=1 (it takes a while and timings are machine dependent); prints
/// microseconds per step for both codes and their ratio. GARNETICS_BENCH_STYLES selects cases (comma separated).
/// </summary>
public sealed class PairBenchmark(ITestOutputHelper log)
{
    private static bool Enabled => Environment.GetEnvironmentVariable("GARNETICS_BENCH") == "1";

    [Fact]
    public void SingleCoreSpeedVersusLammps()
    {
        if (!Enabled)
        {
            log.WriteLine("skipped: set GARNETICS_BENCH=1 to run the pair benchmark");
            return;
        }
        var s = Structure.CubicLlzo12288();
        var names = (Environment.GetEnvironmentVariable("GARNETICS_BENCH_STYLES") ?? "buck,coul/cut,coul/dsf,coul/wolf,buck/coul/cut,hybrid/overlay")
            .Split(',', StringSplitOptions.RemoveEmptyEntries);
        const int steps = 10, repeats = 3;
        foreach (var name in names)
        {
            var c = Cases.Get(name);
            var dir = Directory.CreateTempSubdirectory("garnetics-bench-").FullName;
            try
            {
                LammpsRunner.Run(s, c.Units, c.Charge, [.. c.Commands, .. Enumerable.Repeat($"run {steps}", repeats)], dir);
                var logText = File.ReadAllText(Path.Combine(dir, "log.lammps"));
                var m = Regex.Matches(logText, @"^Pair\s*\|\s*([0-9.eE+-]+)", RegexOptions.Multiline);
                double lmpPair = m.Take(repeats).Min(x => double.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)) / steps;

                var sim = GarneticsCalc.Create(s, c.Units, c.Charge, c.Commands, threads: 1);
                for (int w = 0; w < 5; w++) sim.ComputeForces(false, false);
                double ours = double.MaxValue;
                for (int rep = 0; rep < repeats; rep++)
                {
                    var sw = Stopwatch.StartNew();
                    for (int k = 0; k < steps; k++) sim.ComputeForces(false, false);
                    ours = Math.Min(ours, sw.Elapsed.TotalSeconds / steps);
                }
                log.WriteLine($"{name,-16} pairs {sim.Neighbor.Half!.TotalPairs,10}  LAMMPS {lmpPair * 1e3,8:F2} ms/step  Garnetics {ours * 1e3,8:F2} ms/step  ratio {ours / lmpPair,5:F2}");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
