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
        int tag = 0;
        foreach (var (u, v, w) in Fcc.Sites(n))
        {
            double x = u * a + disp * (2 * rng.Uniform() - 1);
            double y = v * a + disp * (2 * rng.Uniform() - 1);
            double z = w * a + disp * (2 * rng.Uniform() - 1);
            x = Wrap(x, l); y = Wrap(y, l); z = Wrap(z, l);
            sim.Atoms.AddLocal(++tag, 1, x, y, z);
        }
        sim.RecountAtoms();
        if (temperature > 0) SetVelocities(sim, temperature, rng);
        sim.Cmd("pair_style lj/cut 2.5");
        sim.Cmd("pair_coeff 1 1 1.0 1.0");
        sim.Cmd("neigh_modify every 1 delay 0 check yes");
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

    /// <summary>Write the current atoms as a LAMMPS data file (atomic style, with velocities), exactly round-tripping doubles.</summary>
    public static void WriteData(Simulation sim, string path)
    {
        var b = sim.Box;
        var a = sim.Atoms;
        var data = new DataFile(a.Mass[..(a.NTypes + 1)], title: "Garnetics test system")
            .Box(b.XLo, b.XHi, b.YLo, b.YHi, b.ZLo, b.ZHi, b.Triclinic ? (b.XY, b.XZ, b.YZ) : null);
        for (int i = 0; i < a.NLocal; i++) data.Atom(a.Tag[i], a.Type[i], 0, a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2]);
        for (int i = 0; i < a.NLocal; i++) data.Velocity(a.Tag[i], a.V[3 * i], a.V[3 * i + 1], a.V[3 * i + 2]);
        data.Write(path);
    }
}
