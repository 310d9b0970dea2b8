namespace Garnetics.Engine.IO;

/// <summary>Conversions between general cells (three row vectors) and LAMMPS boxes.</summary>
public static class CellMath
{
    /// <summary>
    /// LAMMPS box for cell vectors given as rows of <paramref name="cell"/> with origin <paramref name="origin"/> (in the
    /// same general frame). A cell that is already lower-triangular with a positive diagonal is taken over exactly
    /// (rotation null); otherwise <see cref="Box.FromGeneralCell"/> rotates it and the rotation is returned, to be
    /// applied to positions, velocities and forces (x' = R x).
    /// </summary>
    public static (Box Box, double[,]? Rotation) BoxFromCell(double[,] cell, (double X, double Y, double Z) origin = default)
    {
        if (cell.GetLength(0) != 3 || cell.GetLength(1) != 3) throw new ArgumentException("cell must be 3x3", nameof(cell));
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                if (!double.IsFinite(cell[i, j])) throw new GarneticsException("cell has a non-finite component");
        bool lower = cell[0, 1] == 0 && cell[0, 2] == 0 && cell[1, 2] == 0
            && cell[0, 0] > 0 && cell[1, 1] > 0 && cell[2, 2] > 0;
        if (lower)
        {
            var b = new Box
            {
                XLo = origin.X, XHi = origin.X + cell[0, 0],
                YLo = origin.Y, YHi = origin.Y + cell[1, 1],
                ZLo = origin.Z, ZHi = origin.Z + cell[2, 2],
                XY = cell[1, 0], XZ = cell[2, 0], YZ = cell[2, 1], Defined = true,
            };
            b.Triclinic = b.XY != 0 || b.XZ != 0 || b.YZ != 0;
            b.SetGlobal();
            return (b, null);
        }
        var (_, r) = Box.FromGeneralCell(cell);
        var lo = Rotate(r, origin);
        var (box, r2) = Box.FromGeneralCell(cell, lo.X, lo.Y, lo.Z);
        return (box, r2);
    }

    /// <summary>y = R x.</summary>
    public static (double X, double Y, double Z) Rotate(double[,]? r, (double X, double Y, double Z) v) =>
        r == null ? v : (
            r[0, 0] * v.X + r[0, 1] * v.Y + r[0, 2] * v.Z,
            r[1, 0] * v.X + r[1, 1] * v.Y + r[1, 2] * v.Z,
            r[2, 0] * v.X + r[2, 1] * v.Y + r[2, 2] * v.Z);

    /// <summary>
    /// A·S·Aᵀ of 3×3 matrices: a tensor S carried into another frame (a rotation) or cell (a deformation); sums over
    /// k then l of A[i,k]·S[k,l]·A[j,l].
    /// </summary>
    public static double[,] Sandwich(double[,] a, double[,] s)
    {
        var r = new double[3, 3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int k = 0; k < 3; k++)
                    for (int l = 0; l < 3; l++) sum += a[i, k] * s[k, l] * a[j, l];
                r[i, j] = sum;
            }
        return r;
    }

    /// <summary>The transpose of a 3×3 matrix.</summary>
    public static double[,] Transpose(double[,] m) => new double[,]
    {
        { m[0, 0], m[1, 0], m[2, 0] }, { m[0, 1], m[1, 1], m[2, 1] }, { m[0, 2], m[1, 2], m[2, 2] },
    };

    /// <summary>Cell vectors of a LAMMPS box as rows: a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz).</summary>
    public static double[,] CellOf(Box box) => new double[,]
    {
        { box.Lx, 0, 0 },
        { box.Triclinic ? box.XY : 0, box.Ly, 0 },
        { box.Triclinic ? box.XZ : 0, box.Triclinic ? box.YZ : 0, box.Lz },
    };

    /// <summary>
    /// LAMMPS box from lattice parameters (lengths, angles in degrees) with the LAMMPS formulas: lx = a, xy = b cos(gamma),
    /// ly = sqrt(b^2 - xy^2), xz = c cos(beta), yz = (b c cos(alpha) - xy xz)/ly, lz = sqrt(c^2 - xz^2 - yz^2).
    /// Right angles give exact zero tilts.
    /// </summary>
    public static Box BoxFromParameters(double a, double b, double c, double alpha, double beta, double gamma)
    {
        if (!(a > 0 && b > 0 && c > 0)) throw new GarneticsException($"cell lengths must be positive (a={a}, b={b}, c={c})");
        if (!(alpha > 0 && alpha < 180 && beta > 0 && beta < 180 && gamma > 0 && gamma < 180))
            throw new GarneticsException($"cell angles must lie strictly between 0 and 180 degrees ({alpha}, {beta}, {gamma})");
        double ca = CosDeg(alpha), cb = CosDeg(beta), cg = CosDeg(gamma);
        double sg = gamma == 90 ? 1.0 : Math.Sin(gamma * Math.PI / 180.0);
        double xy = b * cg;
        double ly = b * sg;
        double xz = c * cb;
        double yz = (b * c * ca - xy * xz) / ly;
        double lz2 = c * c - xz * xz - yz * yz;
        if (!(lz2 > 0)) throw new GarneticsException($"cell angles ({alpha}, {beta}, {gamma}) do not form a valid cell");
        double lz = xz == 0 && yz == 0 ? c : Math.Sqrt(lz2);
        var box = new Box
        {
            XLo = 0, XHi = a, YLo = 0, YHi = ly, ZLo = 0, ZHi = lz, XY = xy, XZ = xz, YZ = yz, Defined = true,
        };
        box.Triclinic = xy != 0 || xz != 0 || yz != 0;
        box.SetGlobal();
        return box;
    }

    private static double CosDeg(double deg) => deg == 90 ? 0.0 : Math.Cos(deg * Math.PI / 180.0);
}
