using Garnetics.Analysis.Dynamics;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>Synthetic trajectories of the dynamics tests and their export to the python references.</summary>
internal static class DynSupport
{
    /// <summary>Frames as raw float64 (frame-major, atom, xyz) for numpy.fromfile.</summary>
    public static void WriteFrames(string path, IReadOnlyList<double[]> frames)
    {
        using var w = new BinaryWriter(File.Create(path));
        foreach (var f in frames) foreach (var v in f) w.Write(v);
    }

    /// <summary>Standard normal deviate by Box–Muller from a seeded System.Random.</summary>
    public static double Gauss(Random r)
    {
        double u1 = 1.0 - r.NextDouble(), u2 = r.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// Deterministic random-walk trajectory: nSpecies-labelled atoms, Gaussian steps of sd sigma[species] per
    /// direction per frame plus a common drift; coordinates rounded to float32 so float32 readers see the same numbers.
    /// </summary>
    public static DiffusionTrajectory RandomWalk(int seed, string[] species, double[] sigma, int frames, double dt,
        double[]? charges = null, double[]? drift = null, double[]? masses = null)
    {
        var rnd = new Random(seed);
        int n = species.Length;
        var t = new DiffusionTrajectory(species, charges);
        var x = new double[3 * n];
        for (int i = 0; i < 3 * n; i++) x[i] = 20 * rnd.NextDouble();
        var kinds = species.Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
        for (int f = 0; f < frames; f++)
        {
            if (f > 0)
                for (int i = 0; i < n; i++)
                    for (int d = 0; d < 3; d++)
                        x[3 * i + d] += sigma[kinds.IndexOf(species[i])] * Gauss(rnd) + (drift?[d] ?? 0);
            var pos = x.Select(v => (double)(float)v).ToArray();
            double[]? com = null, pol = null;
            if (masses != null)
            {
                com = new double[3];
                double mt = masses.Sum();
                for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) com[d] += masses[i] * pos[3 * i + d] / mt;
            }
            if (charges != null)
            {
                pol = new double[3];
                for (int i = 0; i < n; i++) for (int d = 0; d < 3; d++) pol[d] += charges[i] * pos[3 * i + d];
            }
            t.AddFrame(f * dt, pos, com, pol);
        }
        if (charges != null) t.TotalCharge = charges.Sum();
        return t;
    }
}
