using System.Diagnostics;
using System.Globalization;
using System.Text;
using Garnetics.Engine;
using Garnetics.Engine.Core;
using Garnetics.Potentials.Classical;

namespace Garnetics.Engine.Tests;

/// <summary>Small programmatic Lennard-Jones systems (lj units, fcc, lj/cut 2.5) for the integrator and minimizer tests.</summary>
internal static class LjSystem
{
    /// <summary>Deterministic splitmix64 generator, so that the systems (and LAMMPS reference data) never change.</summary>
    internal sealed class Rng(ulong seed)
    {
        private ulong _s = seed;
        public double Uniform()
        {
            ulong z = _s += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }
        public double Gaussian()
        {
            double u1 = Uniform(), u2 = Uniform();
            return Math.Sqrt(-2.0 * Math.Log(1.0 - u1)) * Math.Cos(2 * Math.PI * u2);
        }
    }

    /// <summary>
    /// n x n x n fcc cells at reduced density rho, positions displaced by up to +-disp, Maxwell velocities at T (zero
    /// total momentum, scaled exactly to T with 3N-3 dof) unless T = 0.
    /// </summary>
    public static Simulation Create(int n = 4, double rho = 0.8442, double disp = 0.05, double temperature = 1.5, ulong seed = 12345,
        TextWriter? screen = null)
    {
        Styles.StyleRegistry.Default.Register(typeof(PairLjCut).Assembly); // no-op once registered
        var sim = new Simulation { Screen = screen, Threads = 1 };
        double a = Math.Pow(4.0 / rho, 1.0 / 3.0);
        double l = n * a;
        var box = sim.Box;
        box.XLo = box.YLo = box.ZLo = 0;
        box.XHi = box.YHi = box.ZHi = l;
        box.Defined = true;
        box.SetGlobal();
        sim.Atoms.SetTypes(1);
        sim.Atoms.Mass[1] = 1.0;
        sim.Atoms.MassSet[1] = true;
        var rng = new Rng(seed);
        double[][] basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
        int tag = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int k = 0; k < n; k++)
                    foreach (var b in basis)
                    {
                        double x = (i + b[0]) * a + disp * (2 * rng.Uniform() - 1);
                        double y = (j + b[1]) * a + disp * (2 * rng.Uniform() - 1);
                        double z = (k + b[2]) * a + disp * (2 * rng.Uniform() - 1);
                        x = Wrap(x, l); y = Wrap(y, l); z = Wrap(z, l);
                        sim.Atoms.AddLocal(++tag, 1, x, y, z);
                    }
        sim.RecountAtoms();
        if (temperature > 0) SetVelocities(sim, temperature, rng);
        Command(sim, "pair_style lj/cut 2.5");
        Command(sim, "pair_coeff 1 1 1.0 1.0");
        Command(sim, "neigh_modify every 1 delay 0 check yes");
        return sim;
    }

    private static double Wrap(double x, double l) => x < 0 ? x + l : x >= l ? x - l : x;

    private static void SetVelocities(Simulation sim, double t, Rng rng)
    {
        var at = sim.Atoms;
        int nl = at.NLocal;
        var v = at.V;
        for (int k = 0; k < 3 * nl; k++) v[k] = rng.Gaussian();
        for (int d = 0; d < 3; d++)
        {
            double s = 0;
            for (int i = 0; i < nl; i++) s += v[3 * i + d];
            s /= nl;
            for (int i = 0; i < nl; i++) v[3 * i + d] -= s;
        }
        double ke = 0;
        for (int k = 0; k < 3 * nl; k++) ke += v[k] * v[k];
        double tcur = ke / (3.0 * nl - 3.0);
        double f = Math.Sqrt(t / tcur);
        for (int k = 0; k < 3 * nl; k++) v[k] *= f;
    }

    /// <summary>Execute one deck line (words separated by blanks).</summary>
    public static void Command(Simulation sim, string line)
    {
        var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        sim.ExecuteCommand(CommandArgs.Of(w[0], w[1..]));
    }

    /// <summary>Record every thermo line (step and values) printed from now on.</summary>
    public static List<(long Step, double[] Values)> Record(Simulation sim)
    {
        var rows = new List<(long, double[])>();
        sim.Thermo.LinePrinted += (s, v) => rows.Add((s, v.ToArray()));
        return rows;
    }

    /// <summary>Write the current atoms as a LAMMPS data file (atomic style, with velocities), exactly round-tripping doubles.</summary>
    public static void WriteData(Simulation sim, string path)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        var b = sim.Box;
        var a = sim.Atoms;
        sb.Append("Garnetics test system\n\n");
        sb.Append(ci, $"{a.NLocal} atoms\n{a.NTypes} atom types\n\n");
        sb.Append(ci, $"{b.XLo:R} {b.XHi:R} xlo xhi\n{b.YLo:R} {b.YHi:R} ylo yhi\n{b.ZLo:R} {b.ZHi:R} zlo zhi\n");
        if (b.Triclinic) sb.Append(ci, $"{b.XY:R} {b.XZ:R} {b.YZ:R} xy xz yz\n");
        sb.Append("\nMasses\n\n");
        for (int t = 1; t <= a.NTypes; t++) sb.Append(ci, $"{t} {a.Mass[t]:R}\n");
        sb.Append("\nAtoms # atomic\n\n");
        for (int i = 0; i < a.NLocal; i++)
            sb.Append(ci, $"{a.Tag[i]} {a.Type[i]} {a.X[3 * i]:R} {a.X[3 * i + 1]:R} {a.X[3 * i + 2]:R} 0 0 0\n");
        sb.Append("\nVelocities\n\n");
        for (int i = 0; i < a.NLocal; i++)
            sb.Append(ci, $"{a.Tag[i]} {a.V[3 * i]:R} {a.V[3 * i + 1]:R} {a.V[3 * i + 2]:R}\n");
        File.WriteAllText(path, sb.ToString());
    }

    public static string? FindLammps()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            if (dir.Length == 0) continue;
            var p = Path.Combine(dir, "lmp");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Run LAMMPS on an input script in a directory and return the thermo rows of the last run (all-numeric lines after the header).</summary>
    public static List<double[]> RunLammps(string lmp, string dir, string input, string header)
    {
        File.WriteAllText(Path.Combine(dir, "in.test"), input);
        var psi = new ProcessStartInfo(lmp, "-in in.test -log none -screen screen.txt")
        {
            WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["OMP_NUM_THREADS"] = "1";
        using var p = Process.Start(psi)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        var lines = File.ReadAllLines(Path.Combine(dir, "screen.txt"));
        if (p.ExitCode != 0) throw new InvalidOperationException("LAMMPS failed:\n" + string.Join("\n", lines.TakeLast(20)));
        var rows = new List<double[]>();
        bool inTable = false;
        foreach (var line in lines)
        {
            var t = line.Trim();
            if (t.StartsWith(header, StringComparison.Ordinal)) { inTable = true; rows.Clear(); continue; }
            if (!inTable) continue;
            if (t.StartsWith("Loop time", StringComparison.Ordinal)) { inTable = false; continue; }
            var w = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var vals = new double[w.Length];
            bool ok = w.Length > 0;
            for (int k = 0; k < w.Length && ok; k++) ok = double.TryParse(w[k], NumberStyles.Float, CultureInfo.InvariantCulture, out vals[k]);
            if (ok) rows.Add(vals);
        }
        return rows;
    }
}
