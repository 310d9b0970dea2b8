using Garnetics.Engine.Comm;

namespace Garnetics.Engine.Tests;

/// <summary>
/// Neighbour-list requests: per-type-pair cut-offs, half and full lists, ghost rows, and lists cut down from the one
/// built list, each against a brute-force search over local and ghost atoms.
/// </summary>
public class NeighborRequestTests
{
    private const double Skin = 0.4;

    /// <summary>300 random atoms of 3 types in a triclinic box, with ghosts out to cutGhost.</summary>
    private static Atoms System(double cutGhost)
    {
        var box = new Box { XLo = 0, XHi = 9, YLo = 0, YHi = 8, ZLo = 0, ZHi = 10, XY = 1.5, XZ = -0.8, YZ = 0.6, Triclinic = true, Defined = true };
        box.SetGlobal();
        var atoms = new Atoms();
        atoms.SetTypes(3);
        var rng = new LjSystem.Rng(99);
        for (int i = 0; i < 300; i++)
        {
            double a = rng.Uniform(), b = rng.Uniform(), c = rng.Uniform();
            double x = box.XLo + a * box.Lx + b * box.XY + c * box.XZ, y = box.YLo + b * box.Ly + c * box.YZ, z = box.ZLo + c * box.Lz;
            atoms.AddLocal(i + 1, 1 + i % 3, x, y, z);
        }
        new SerialComm().Borders(atoms, box, cutGhost);
        return atoms;
    }

    private static double Dist2(Atoms a, int i, int j)
    {
        double dx = a.X[3 * i] - a.X[3 * j], dy = a.X[3 * i + 1] - a.X[3 * j + 1], dz = a.X[3 * i + 2] - a.X[3 * j + 2];
        return dx * dx + dy * dy + dz * dz;
    }

    /// <summary>Per-type cut-off table: 1-1 2.0, 1-2 2.5, 1-3 0 (not listed), 2-2 3.0, 2-3 1.5, 3-3 2.8.</summary>
    private static double[] Table()
    {
        var c = new double[16];
        void Set(int i, int j, double v) { c[i * 4 + j] = v; c[j * 4 + i] = v; }
        Set(1, 1, 2.0); Set(1, 2, 2.5); Set(1, 3, 0); Set(2, 2, 3.0); Set(2, 3, 1.5); Set(3, 3, 2.8);
        return c;
    }

    /// <summary>Set of (i, j) pairs of rows [0, rows) in a list.</summary>
    private static HashSet<(int, int)> Pairs(NeighList l, int rows)
    {
        var s = new HashSet<(int, int)>();
        for (int i = 0; i < rows; i++)
            foreach (int j in l.Of(i)) Assert.True(s.Add((i, j)), $"pair ({i}, {j}) listed twice");
        return s;
    }

    /// <summary>Every j of the atoms present (locals and ghosts) within cut(ti, tj) + skin of row i.</summary>
    private static HashSet<(int, int)> BruteFull(Atoms a, double[] cut, int rows)
    {
        var s = new HashSet<(int, int)>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < a.NAll; j++)
            {
                if (j == i) continue;
                double c = cut[a.Type[i] * 4 + a.Type[j]];
                if (c > 0 && Dist2(a, i, j) <= (c + Skin) * (c + Skin)) s.Add((i, j));
            }
        return s;
    }

    [Fact]
    public void PerTypeCutoffsFullHalfAndCutDownListsMatchABruteForceSearch()
    {
        var atoms = System(3.0 + Skin);
        var cut = Table();
        var nm = new NeighborManager(Skin);
        var full = nm.Request(new NeighRequest("full", NeighKind.Full, cut, 3));
        var half = nm.Request(new NeighRequest("half", NeighKind.Half, cut, 3));
        var shortCut = cut.Select(c => Math.Min(c, 1.2)).ToArray(); // 1.2 where the table lists a pair (1-3 stays out)
        var shortHalf = nm.Request(new NeighRequest("short", NeighKind.Half, shortCut, 3));
        Assert.Equal(3.0, nm.CutForce);
        nm.Build(atoms, threads: 2, step: 0);
        // the full list is the one built; the two half lists are cut down from it
        Assert.True(full.Shared);
        Assert.False(half.Shared);
        Assert.False(shortHalf.Shared);
        int nlocal = atoms.NLocal;
        var expected = BruteFull(atoms, cut, nlocal);
        Assert.Equal(expected.OrderBy(p => p), Pairs(full.List, nlocal).OrderBy(p => p));
        // the half list: each local-local pair once, and for a local-ghost pair exactly one of (i, image of k), (k, image of i)
        var h = Pairs(half.List, nlocal);
        foreach (var (i, j) in h) Assert.Contains((i, j), expected);
        int localPairs = expected.Count(p => p.Item2 < nlocal), ghostPairs = expected.Count(p => p.Item2 >= nlocal);
        Assert.Equal(localPairs / 2, h.Count(p => p.Item2 < nlocal));
        Assert.Equal(ghostPairs / 2, h.Count(p => p.Item2 >= nlocal));
        foreach (var (i, j) in h.Where(p => p.Item2 < nlocal)) Assert.DoesNotContain((j, i), h);
        var tags = h.Where(p => p.Item2 >= nlocal).Select(p => (Math.Min(atoms.Tag[p.Item1], atoms.Tag[p.Item2]), Math.Max(atoms.Tag[p.Item1], atoms.Tag[p.Item2]), Math.Round(Dist2(atoms, p.Item1, p.Item2), 9))).ToList();
        Assert.Equal(tags.Count, tags.Distinct().Count());
        // no 1-3 pairs (cut-off 0: not listed at all)
        Assert.DoesNotContain(h, p => atoms.Type[p.Item1] + atoms.Type[p.Item2] == 4 && atoms.Type[p.Item1] != atoms.Type[p.Item2]);
        var shortExpected = BruteFull(atoms, shortCut, nlocal);
        var sh = Pairs(shortHalf.List, nlocal);
        Assert.Equal(shortExpected.Count / 2, sh.Count);
        foreach (var p in sh) Assert.Contains(p, shortExpected);
    }

    private static double[] UniformTable(double c)
    {
        var t = new double[16];
        for (int i = 1; i <= 3; i++) for (int j = 1; j <= 3; j++) t[i * 4 + j] = c;
        return t;
    }

    [Fact]
    public void ARequestThatMatchesTheBuiltListSharesIt()
    {
        var atoms = System(2.5 + Skin);
        var nm = new NeighborManager(Skin);
        var a = nm.Request(NeighRequest.Uniform("a", NeighKind.Half, 2.5, 3));
        var b = nm.Request(NeighRequest.Uniform("b", NeighKind.Half, 2.5, 3));
        nm.Build(atoms, 1, 0);
        Assert.True(a.Shared && b.Shared);
        Assert.Same(a.List, b.List);
        Assert.Equal(BruteFull(atoms, UniformTable(2.5), atoms.NLocal).Count / 2, a.List.TotalPairs);
    }

    [Fact]
    public void GhostRowsHoldEveryNeighbourPresent()
    {
        var atoms = System(2.0 + Skin);
        var nm = new NeighborManager(Skin);
        var g = nm.Request(NeighRequest.Uniform("ghost rows", NeighKind.Full, 2.0, 3, ghost: true));
        var plain = nm.Request(NeighRequest.Uniform("plain", NeighKind.Full, 2.0, 3));
        nm.Build(atoms, 2, 0);
        Assert.Equal(atoms.NLocal, g.List.Inum);
        Assert.Equal(atoms.NGhost, g.List.GNum);
        Assert.Equal(0, plain.List.GNum);
        Assert.Equal(BruteFull(atoms, UniformTable(2.0), atoms.NAll).OrderBy(p => p), Pairs(g.List, atoms.NAll).OrderBy(p => p));
        Assert.Equal(BruteFull(atoms, UniformTable(2.0), atoms.NLocal).OrderBy(p => p), Pairs(plain.List, atoms.NLocal).OrderBy(p => p));
        Assert.Throws<ArgumentException>(() => NeighRequest.Uniform("bad", NeighKind.Half, 2.0, 3, ghost: true));
    }
}
