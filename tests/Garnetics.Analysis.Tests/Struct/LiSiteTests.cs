using Garnetics.Analysis.Structure;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Struct;

/// <summary>Free-volume grid against exact sphere volumes (covered volume compared, the stricter quantity).</summary>
public class LiSiteTests(ITestOutputHelper log)
{
    static Box Cubic(double l) { var b = new Box { XHi = l, YHi = l, ZHi = l, Defined = true }; b.SetGlobal(); return b; }

    static double Sphere(double r) => 4.0 / 3.0 * Math.PI * r * r * r;
    /// <summary>Lens (intersection) of two spheres of radius r at distance d &lt; 2r.</summary>
    static double Lens(double r, double d) => Math.PI * (4 * r + d) * (2 * r - d) * (2 * r - d) / 12.0;

    static double CoveredError(Box box, List<(double, double, double, double)> s, double exactCovered, double h)
    {
        var res = FreeVolumeGrid.FreeFraction(box, s, h);
        double covered = (1 - res.Fraction) * box.Volume;
        return (covered - exactCovered) / exactCovered;
    }

    [Fact]
    public void OneSphereIncludingAcrossTheBoundaryOfATriclinicCell()
    {
        var box = Cubic(10);
        double e1 = CoveredError(box, [(5, 5, 5, 2.0)], Sphere(2.0), 0.1);
        // triclinic cell, sphere centred near a corner so it wraps across three faces
        var tri = new Box { XHi = 10, YHi = 9, ZHi = 11, XY = 2.5, XZ = -1.5, YZ = 1.0, Triclinic = true, Defined = true };
        tri.SetGlobal();
        double e2 = CoveredError(tri, [(0.3, 0.2, 10.9, 2.0)], Sphere(2.0), 0.1);
        log.WriteLine($"one sphere R=2, h=0.1: cubic {e1:E3}, triclinic wrapped {e2:E3}");
        Assert.InRange(Math.Abs(e1), 0, 0.01);
        Assert.InRange(Math.Abs(e2), 0, 0.01);
        // free fraction itself: 1 - 4/3 pi 8 / 1000
        Assert.Equal(1 - Sphere(2) / 1000, FreeVolumeGrid.FreeFraction(box, [(5, 5, 5, 2.0)], 0.1).Fraction, 1e-3);
    }

    [Fact]
    public void TwoOverlappingSpheres()
    {
        var box = Cubic(12);
        double exact = 2 * Sphere(2.0) - Lens(2.0, 2.5);
        double e = CoveredError(box, [(4.1, 6.2, 5.3, 2.0), (6.6, 6.2, 5.3, 2.0)], exact, 0.1);
        log.WriteLine($"two spheres R=2 d=2.5, h=0.1: {e:E3}");
        Assert.InRange(Math.Abs(e), 0, 0.01);
    }

    [Fact]
    public void OverlappingSimpleCubicLatticeOfSpheres()
    {
        // 3x3x3 spheres, a = 4, R = 2.332 in (a/2, a/sqrt2): only pairwise overlaps, 3 lenses per sphere
        var box = Cubic(12);
        double r = Math.Sqrt(4 + 1.2 * 1.2);
        var s = new List<(double, double, double, double)>();
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) s.Add((4 * i + 0.37, 4 * j + 0.11, 4 * k + 0.73, r));
        double exact = 27 * (Sphere(r) - 3 * Lens(r, 4));
        double e = CoveredError(box, s, exact, 0.1);
        log.WriteLine($"sc lattice R={r:F4}, h=0.1: {e:E3}; free fraction exact {1 - exact / 1728:F6}");
        Assert.InRange(Math.Abs(e), 0, 0.01);
    }

    [Fact]
    public void ConvergesAsTheGridIsRefined()
    {
        // mean |error| over 8 sphere positions, for h = 0.4, 0.2, 0.1, 0.05
        var box = Cubic(10);
        var rng = new Random(17);
        var centres = Enumerable.Range(0, 8).Select(_ => (rng.NextDouble() * 10, rng.NextDouble() * 10, rng.NextDouble() * 10)).ToArray();
        var errs = new[] { 0.4, 0.2, 0.1, 0.05 }.Select(h => centres.Average(c => Math.Abs(CoveredError(box, [(c.Item1, c.Item2, c.Item3, 1.7)], Sphere(1.7), h)))).ToArray();
        log.WriteLine("mean |rel. error| of the covered volume, R = 1.7: " + string.Join(", ", errs.Select(e => e.ToString("E2"))));
        for (int k = 1; k < errs.Length; k++) Assert.True(errs[k] < errs[k - 1], $"error did not decrease: {string.Join(", ", errs)}");
        Assert.True(errs[^1] < errs[0] / 8);
    }

    /// <summary>fix lisite through rerun: La on a simple cubic lattice and one Li; R_La = min d(Li, La) = sqrt(2² + 1.2²).</summary>
    [Fact]
    public void FixLiSiteOnALattice()
    {
        string dir = TempDir.Create("lisite");
        var sb = new System.Text.StringBuilder();
        sb.Append("28\nLattice=\"12 0 0 0 12 0 0 0 12\" Properties=species:S:1:pos:R:3 Timestep=5 pbc=\"T T T\"\n");
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++)
            sb.Append(FormattableString.Invariant($"La {4 * i + 0.37} {4 * j + 0.11} {4 * k + 0.73}\n"));
        sb.Append("Li 2.37 1.31 0.73\n");
        File.WriteAllText(Path.Combine(dir, "lat.xyz"), sb.ToString());
        var (sim, _) = DeckHost.Run("""
            units       metal
            atom_style  atomic
            read_data   lat.xyz
            fix         v all lisite 1 file li.dat
            rerun       lat.xyz dump x y z
            """, dir);
        var fix = (FixLiSite)sim.FindFix("v")!;
        var row = fix.Rows.Single();
        double r = Math.Sqrt(4 + 1.2 * 1.2);
        Assert.Equal(5, row.Step);
        Assert.Equal(r, row.R.Single(), 1e-12);
        double exact = 1 - 27 * (Sphere(r) - 3 * Lens(r, 4)) / 1728;
        Assert.Equal(exact, row.Frac, 1e-3);
        Assert.InRange(row.Err, 0, 0.01);
        var text = File.ReadAllText(Path.Combine(dir, "li.dat"));
        Assert.Contains("# mean fraction", text);
    }
}
