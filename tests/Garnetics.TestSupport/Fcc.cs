namespace Garnetics.TestSupport;

/// <summary>Sites of an n x n x n fcc lattice, in lattice units (cell index + basis), for programmatic test systems.</summary>
public static class Fcc
{
    /// <summary>The four basis sites of the conventional fcc cell.</summary>
    private static readonly double[][] Basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];

    /// <summary>
    /// All 4n³ sites; the basis varies fastest, then the cells with x outermost and z innermost, or (<paramref name="zOuter"/>)
    /// with z outermost and x innermost, the order of LAMMPS's create_atoms.
    /// </summary>
    public static IEnumerable<(double X, double Y, double Z)> Sites(int n, bool zOuter = false)
    {
        for (int p = 0; p < n; p++)
            for (int q = 0; q < n; q++)
                for (int r = 0; r < n; r++)
                    foreach (var b in Basis)
                    {
                        var (i, j, k) = zOuter ? (r, q, p) : (p, q, r);
                        yield return (i + b[0], j + b[1], k + b[2]);
                    }
    }
}
