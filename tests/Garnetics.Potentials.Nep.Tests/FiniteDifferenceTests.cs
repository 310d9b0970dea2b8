using Xunit.Abstractions;

namespace Garnetics.Potentials.Nep.Tests;

/// <summary>Forces are minus the gradient of the energy; the virial is minus the strain derivative.</summary>
public class FiniteDifferenceTests(ITestOutputHelper output)
{
    /// <summary>Fourth-order central difference of E along one coordinate of the atom with index i.</summary>
    private static double Gradient(Simulation sim, int i, int c, double h)
    {
        var x = sim.Atoms.X;
        double x0 = x[3 * i + c];
        double E(double dx)
        {
            x[3 * i + c] = x0 + dx;
            return Deck.Energy(sim);
        }
        double g = (E(-2 * h) - 8 * E(-h) + 8 * E(h) - E(2 * h)) / (12 * h);
        x[3 * i + c] = x0;
        return g;
    }

    /// <summary>
    /// A 192-atom DFT configuration (triclinic) with one Li pushed towards its nearest O so that the pair sits inside
    /// the ZBL switching region (0.9-1.8 A), and a second Li-O pair inside the inner cut-off; every component of a set
    /// of atoms covering all elements, the two compressed pairs and their neighbours.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForcesAreMinusTheEnergyGradient(bool compressed)
    {
        var dir = TempDir.Create("nep-fd");
        var (sim, _) = Deck.Run(Deck.Nep(Paths.TrainFrame(3, dir), Paths.Nep25Model));
        var a = sim.Atoms;
        var picks = new List<int>();
        // one atom of each type plus a few more
        for (int t = 1; t <= 4; t++) picks.Add(Enumerable.Range(0, a.NLocal).First(i => a.Type[i] == t));
        picks.AddRange([10, 77, 150]);
        if (compressed)
        {
            // move two Li atoms towards their nearest O: to 1.3 A (switching region) and 0.85 A (inside rc_inner)
            int[] lis = Enumerable.Range(0, a.NLocal).Where(i => a.Type[i] == 1).Take(2).ToArray();
            double[] target = [1.3, 0.85];
            for (int k = 0; k < 2; k++)
            {
                int li = lis[k];
                var (o, vec) = NearestO(sim, li);
                double dist = Math.Sqrt(vec[0] * vec[0] + vec[1] * vec[1] + vec[2] * vec[2]);
                for (int c = 0; c < 3; c++) a.X[3 * li + c] += vec[c] * (1 - target[k] / dist);
                picks.Add(li);
                if (o >= 0) picks.Add(o);
            }
            Deck.Energy(sim);
        }
        var f = (double[])a.F.Clone();
        double worst = 0;
        foreach (int i in picks.Distinct())
            for (int c = 0; c < 3; c++)
            {
                double fd = -Gradient(sim, i, c, double.Parse(Environment.GetEnvironmentVariable("FDH") ?? "1e-3", System.Globalization.CultureInfo.InvariantCulture));
                worst = Math.Max(worst, Math.Abs(fd - f[3 * i + c]));
            }
        output.WriteLine($"compressed={compressed}: max |F + dE/dx| = {worst:E3} eV/A over {picks.Distinct().Count()} atoms");
        Assert.True(worst < 1e-6, $"force differs from -dE/dx by {worst:E3} eV/A");
    }

    private static (int, double[]) NearestO(Simulation sim, int i)
    {
        var a = sim.Atoms;
        int best = -1;
        double bd = double.MaxValue;
        double[] bv = [];
        for (int j = 0; j < a.NAll; j++)
        {
            if (a.Type[j] != 4) continue;
            double dx = a.X[3 * j] - a.X[3 * i], dy = a.X[3 * j + 1] - a.X[3 * i + 1], dz = a.X[3 * j + 2] - a.X[3 * i + 2];
            double d = dx * dx + dy * dy + dz * dz;
            if (d < bd) { bd = d; best = j; bv = [dx, dy, dz]; }
        }
        int owner = best < a.NLocal ? best : -1;
        return (owner, bv);
    }

    /// <summary>W_ab = −dE/dε_ab for the strains that keep LAMMPS's restricted triclinic form (x' = x + ε y etc.).</summary>
    [Fact]
    public void VirialIsMinusTheStrainDerivative()
    {
        var dir = TempDir.Create("nep-fd-virial");
        var (sim, _) = Deck.Run(Deck.Nep(Paths.TrainFrame(7, dir), Paths.Nep25Model));
        var w = sim.TotalVirial();
        var box = sim.Box;
        var x0 = (double[])sim.Atoms.X.Clone();
        var b0 = box.Clone();
        int n = sim.Atoms.NLocal;
        // components as (row a, column b) of r' = (1 + ε) r, ε upper triangular; virial order xx yy zz xy xz yz
        (int a, int b)[] comps = [(0, 0), (1, 1), (2, 2), (0, 1), (0, 2), (1, 2)];
        double worst = 0;
        for (int k = 0; k < 6; k++)
        {
            double E(double e)
            {
                var (ca, cb) = comps[k];
                box.CopyFrom(b0);
                for (int i = 0; i < n; i++)
                {
                    for (int c = 0; c < 3; c++) sim.Atoms.X[3 * i + c] = x0[3 * i + c];
                    sim.Atoms.X[3 * i + ca] += e * x0[3 * i + cb];
                }
                StrainBox(box, ca, cb, e);
                return Deck.Energy(sim);
            }
            double h = 1e-4;
            double dE = (E(-2 * h) - 8 * E(-h) + 8 * E(h) - E(2 * h)) / (12 * h);
            double rel = Math.Abs(-dE - w[k]) / Math.Max(1, Math.Abs(w[k]));
            output.WriteLine($"W[{k}] = {w[k]:F6} eV, -dE/de = {-dE:F6} eV");
            worst = Math.Max(worst, rel);
        }
        Assert.True(worst < 1e-6, $"virial differs from the strain derivative by {worst:E3} (relative)");
    }

    /// <summary>Apply x_a += e x_b to the box (lower bounds at the origin after the shift, tilts and lengths scaled).</summary>
    private static void StrainBox(Engine.Core.Box box, int a, int b, double e)
    {
        // cell rows: A = (lx,0,0), B = (xy,ly,0), C = (xz,yz,lz); r' = r + e r_b along a
        double lx = box.Lx, ly = box.Ly, lz = box.Lz, xy = box.XY, xz = box.XZ, yz = box.YZ;
        double[][] cell = [[lx, 0, 0], [xy, ly, 0], [xz, yz, lz]];
        foreach (var v in cell) v[a] += e * v[b];
        double[] lo = [box.XLo, box.YLo, box.ZLo];
        lo[a] += e * lo[b];
        box.XLo = lo[0]; box.XHi = lo[0] + cell[0][0];
        box.YLo = lo[1]; box.YHi = lo[1] + cell[1][1];
        box.ZLo = lo[2]; box.ZHi = lo[2] + cell[2][2];
        box.XY = cell[1][0]; box.XZ = cell[2][0]; box.YZ = cell[2][1];
        box.SetGlobal();
    }
}
