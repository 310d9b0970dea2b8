namespace Garnetics.Engine.Tests;

public class PeriodicCellsTests
{
    /// <summary>
    /// All image pairs within cut-offs up to 2.5 times the cell width in a skewed triclinic cell, against an explicit
    /// enumeration of images n ∈ [-6, 6]³ (distance list compared after sorting).
    /// </summary>
    [Theory]
    [InlineData(2.0)]
    [InlineData(4.9)]
    [InlineData(11.0)]
    public void FindsEveryImageWithinTheCutoff(double rc)
    {
        var box = new Box { XLo = -1, XHi = 5, YLo = 0.5, YHi = 5.5, ZLo = 0, ZHi = 4.5, XY = 1.7, XZ = -2.1, YZ = 1.3, Triclinic = true, Defined = true };
        box.SetGlobal();
        var rng = new Random(5);
        int n = 13;
        var x = new double[3 * n];
        for (int i = 0; i < n; i++)
            box.FromLamda(rng.NextDouble() * 1.4 - 0.2, rng.NextDouble(), rng.NextDouble(), out x[3 * i], out x[3 * i + 1], out x[3 * i + 2]);
        var targets = Enumerable.Range(0, n).Where(i => i % 3 != 1).ToList();
        var cells = new PeriodicCells(box, x, targets, rc);
        for (int i = 0; i < n; i++)
        {
            var found = new List<double>();
            cells.Query(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], i, (j, r2, dx, dy, dz) =>
            {
                Assert.Equal(r2, dx * dx + dy * dy + dz * dz, 1e-9);
                found.Add(Math.Sqrt(r2));
            });
            var expected = new List<double>();
            foreach (int j in targets)
                for (int a = -6; a <= 6; a++) for (int b = -6; b <= 6; b++) for (int c = -6; c <= 6; c++)
                {
                    if (j == i && a == 0 && b == 0 && c == 0) continue;
                    box.ImageShift(a, b, c, out double sx, out double sy, out double sz);
                    double dx = x[3 * j] + sx - x[3 * i], dy = x[3 * j + 1] + sy - x[3 * i + 1], dz = x[3 * j + 2] + sz - x[3 * i + 2];
                    double r = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                    if (r < rc) expected.Add(r);
                }
            found.Sort();
            expected.Sort();
            Assert.Equal(expected.Count, found.Count);
            for (int k = 0; k < found.Count; k++) Assert.Equal(expected[k], found[k], 1e-9);
            if (rc > 10) Assert.True(found.Count > 50); // many images of each atom
        }
    }
}
