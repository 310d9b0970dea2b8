namespace Garnetics.Engine.Tests;

/// <summary>
/// The calculator API: a structure in any orientation gives the same physics, rotated back into its own frame;
/// per-atom energies and virials sum to the totals; results are cached until the structure changes; and it agrees
/// with a deck evaluating the same structure.
/// </summary>
public class CalculatorTests
{
    static CalculatorTests() => Styles.StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly);

    private static readonly string[] Lj = ["pair_style lj/cut 2.5", "pair_coeff * * 1.0 1.0", "pair_coeff 1 2 1.2 0.95"];

    /// <summary>108 atoms of two types: fcc at rho* 0.8 in a lower-triangular (restricted triclinic) cell, displaced.</summary>
    private static (double[,] Cell, List<(double, double, double)> X, List<int> Types) Liquid()
    {
        double a = Math.Pow(4 / 0.8, 1.0 / 3);
        var cell = new double[,] { { 3 * a, 0, 0 }, { 0.4, 3 * a, 0 }, { -0.3, 0.25, 3 * a } };
        var rng = new LjSystem.Rng(7);
        var x = new List<(double, double, double)>();
        var t = new List<int>();
        double[][] basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++)
            foreach (var b in basis)
            {
                double u = (i + b[0]) / 3, v = (j + b[1]) / 3, w = (k + b[2]) / 3;
                x.Add((u * cell[0, 0] + v * cell[1, 0] + w * cell[2, 0] + 0.1 * (rng.Uniform() - 0.5),
                       v * cell[1, 1] + w * cell[2, 1] + 0.1 * (rng.Uniform() - 0.5),
                       w * cell[2, 2] + 0.1 * (rng.Uniform() - 0.5)));
                t.Add(1 + x.Count % 2);
            }
        return (cell, x, t);
    }

    /// <summary>A proper rotation (about the axis (1, 2, 2)/3 by 0.7 rad).</summary>
    private static double[,] Rotation()
    {
        double[] n = [1 / 3.0, 2 / 3.0, 2 / 3.0];
        double c = Math.Cos(0.7), s = Math.Sin(0.7);
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                r[i, j] = (i == j ? c : 0) + (1 - c) * n[i] * n[j] - s * Eps(i, j, n);
        return r;
        static double Eps(int i, int j, double[] n)
        {
            double v = 0;
            for (int k = 0; k < 3; k++) v += ((i - j) * (j - k) * (k - i) / 2.0) * n[k];
            return v;
        }
    }

    private static (double, double, double) Mul(double[,] r, (double X, double Y, double Z) v) =>
        (r[0, 0] * v.X + r[0, 1] * v.Y + r[0, 2] * v.Z, r[1, 0] * v.X + r[1, 1] * v.Y + r[1, 2] * v.Z, r[2, 0] * v.X + r[2, 1] * v.Y + r[2, 2] * v.Z);

    [Fact]
    public void ARotatedStructureGivesTheSameEnergyAndRotatedForcesAndVirial()
    {
        var (cell, x, types) = Liquid();
        var calc = new Calculator("lj", Lj);
        var plain = calc.Calculate(StructureData.FromCell(cell, x, types, 2), CalcProperties.All);
        var q = Rotation();
        var rc = new double[3, 3];
        for (int i = 0; i < 3; i++)
        {
            var (a, b, c) = Mul(q, (cell[i, 0], cell[i, 1], cell[i, 2]));
            rc[i, 0] = a; rc[i, 1] = b; rc[i, 2] = c;
        }
        var rotatedData = StructureData.FromCell(rc, x.Select(p => Mul(q, p)).ToList(), types, 2);
        Assert.NotNull(rotatedData.Rotation);
        var rotated = calc.Calculate(rotatedData, CalcProperties.All);
        Assert.Equal(plain.Energy, rotated.Energy, 1e-10 * Math.Abs(plain.Energy));
        for (int i = 0; i < x.Count; i++)
        {
            var (fx, fy, fz) = Mul(q, (plain.Forces[3 * i], plain.Forces[3 * i + 1], plain.Forces[3 * i + 2]));
            Assert.Equal(fx, rotated.Forces[3 * i], 1e-9);
            Assert.Equal(fy, rotated.Forces[3 * i + 1], 1e-9);
            Assert.Equal(fz, rotated.Forces[3 * i + 2], 1e-9);
        }
        // W' = Q W Qᵀ
        double[,] w = Full(plain.Virial), wr = Full(rotated.Virial);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double e = 0;
                for (int k = 0; k < 3; k++) for (int l = 0; l < 3; l++) e += q[i, k] * w[k, l] * q[j, l];
                Assert.Equal(e, wr[i, j], 1e-8);
            }
        // stress is -W/V; per-atom energies and virials sum to the totals
        for (int c = 0; c < 6; c++) Assert.Equal(-rotated.Virial[c] / rotated.Volume, rotated.Stress[c], 1e-12);
        Assert.Equal(rotated.Energy, rotated.Energies!.Sum(), 1e-9);
        for (int c = 0; c < 6; c++)
            Assert.Equal(rotated.Virial[c], Enumerable.Range(0, x.Count).Sum(i => rotated.Virials![6 * i + c]), 1e-8);
    }

    private static double[,] Full(double[] v) => new double[,] { { v[0], v[3], v[4] }, { v[3], v[1], v[5] }, { v[4], v[5], v[2] } };

    [Fact]
    public void ResultsAreCachedUntilTheStructureChangesAndMatchADeck()
    {
        var (cell, x, types) = Liquid();
        var calc = new Calculator("lj", Lj);
        var a = calc.Calculate(StructureData.FromCell(cell, x, types, 2));
        Assert.Same(a, calc.Calculate(StructureData.FromCell(cell, x, types, 2)));
        Assert.Null(a.Energies);
        var withAtoms = calc.Calculate(StructureData.FromCell(cell, x, types, 2), CalcProperties.PerAtomEnergies);
        Assert.NotSame(a, withAtoms);
        Assert.Equal(a.Energy, withAtoms.Energy);
        x[5] = (x[5].Item1 + 0.01, x[5].Item2, x[5].Item3);
        var moved = calc.Calculate(StructureData.FromCell(cell, x, types, 2));
        Assert.NotEqual(a.Energy, moved.Energy);
        // the same structure through a deck (write_data / read_data, run 0)
        var dir = TempDir.Create("calc");
        string data = Path.Combine(dir, "s.data");
        var sd = StructureData.FromCell(cell, x, types, 2);
        sd.Masses[1] = sd.Masses[2] = 1.0;
        StructureIO.Write(data, sd);
        var (sim, _) = DeckRunner.Run($"""
            units lj
            read_data {data}
            {string.Join("\n", Lj)}
            run 0
            """);
        Assert.Equal(sim.PotentialEnergy(), moved.Energy, 1e-12 * Math.Abs(moved.Energy));
        var v = sim.TotalVirial();
        for (int c = 0; c < 6; c++) Assert.Equal(v[c], moved.Virial[c], 1e-9);
        TempDir.Delete(dir);
    }

    [Fact]
    public void AnotherNumberOfTypesIsAClearError()
    {
        var (cell, x, types) = Liquid();
        var calc = new Calculator("lj", Lj);
        calc.Calculate(StructureData.FromCell(cell, x, types, 2));
        var e = Assert.Throws<GarneticsException>(() => calc.Calculate(StructureData.FromCell(cell, x, types, 3)));
        Assert.Contains("3 atom types, the calculator was set up for 2", e.Message);
        var bad = new Calculator("lj", ["pair_style lj/cut 2.5", "pair_coeff 1 1 1.0 1.0 2.5 7"]);
        var b = Assert.Throws<GarneticsException>(() => bad.Calculate(StructureData.FromCell(cell, x, types, 2)));
        Assert.Equal("calculator command 2", b.Location!.File);
    }
}
