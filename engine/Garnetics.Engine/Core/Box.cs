namespace Garnetics.Engine.Core;

/// <summary>
/// Periodic simulation box in LAMMPS's convention: an orthogonal or restricted triclinic (lower-triangular) cell
/// with edge vectors a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz) starting at (xlo,ylo,zlo).
/// Fractional ("lamda") coordinates s satisfy x = lo + H s with H upper-triangular in LAMMPS's h[] ordering.
/// </summary>
public sealed class Box
{
    public double XLo, XHi, YLo, YHi, ZLo, ZHi;
    public double XY, XZ, YZ;
    public bool Triclinic;
    public bool Defined;
    /// <summary>Periodicity per dimension. Only fully periodic boxes are supported at present.</summary>
    public readonly bool[] Periodic = [true, true, true];

    public double Lx => XHi - XLo;
    public double Ly => YHi - YLo;
    public double Lz => ZHi - ZLo;
    public double Volume => Lx * Ly * Lz;

    /// <summary>LAMMPS h = (lx, ly, lz, yz, xz, xy).</summary>
    public readonly double[] H = new double[6];
    /// <summary>LAMMPS h_inv, same ordering.</summary>
    public readonly double[] HInv = new double[6];

    public Box Clone()
    {
        var b = new Box
        {
            XLo = XLo, XHi = XHi, YLo = YLo, YHi = YHi, ZLo = ZLo, ZHi = ZHi, XY = XY, XZ = XZ, YZ = YZ,
            Triclinic = Triclinic, Defined = Defined,
        };
        Array.Copy(Periodic, b.Periodic, 3);
        b.SetGlobal();
        return b;
    }

    public void CopyFrom(Box o)
    {
        XLo = o.XLo; XHi = o.XHi; YLo = o.YLo; YHi = o.YHi; ZLo = o.ZLo; ZHi = o.ZHi;
        XY = o.XY; XZ = o.XZ; YZ = o.YZ; Triclinic = o.Triclinic; Defined = o.Defined;
        Array.Copy(o.Periodic, Periodic, 3);
        SetGlobal();
    }

    /// <summary>Recompute derived quantities after the bounds or tilts changed.</summary>
    /// <summary>
    /// LAMMPS's limit on tilt factors ("Triclinic box skew is too large"): |xy/lx|, |xz/lx| and |yz/ly| at most 0.5; a
    /// description of the offending tilts, or null when the box is within it.
    /// </summary>
    public string? SkewTooLarge()
    {
        if (!Triclinic) return null;
        var bad = new List<string>();
        if (Math.Abs(XY / Lx) > 0.5) bad.Add(FormattableString.Invariant($"xy = {XY:G6} beyond lx/2 = {0.5 * Lx:G6}"));
        if (Math.Abs(XZ / Lx) > 0.5) bad.Add(FormattableString.Invariant($"xz = {XZ:G6} beyond lx/2 = {0.5 * Lx:G6}"));
        if (Math.Abs(YZ / Ly) > 0.5) bad.Add(FormattableString.Invariant($"yz = {YZ:G6} beyond ly/2 = {0.5 * Ly:G6}"));
        return bad.Count == 0 ? null : string.Join(", ", bad);
    }

    public void SetGlobal()
    {
        if (Lx <= 0 || Ly <= 0 || Lz <= 0)
            throw new GarneticsException($"box has non-positive length (lx={Lx}, ly={Ly}, lz={Lz})");
        H[0] = Lx; H[1] = Ly; H[2] = Lz; H[3] = YZ; H[4] = XZ; H[5] = XY;
        HInv[0] = 1.0 / H[0];
        HInv[1] = 1.0 / H[1];
        HInv[2] = 1.0 / H[2];
        HInv[3] = -H[3] / (H[1] * H[2]);
        HInv[4] = (H[3] * H[5] - H[1] * H[4]) / (H[0] * H[1] * H[2]);
        HInv[5] = -H[5] / (H[0] * H[1]);
    }

    /// <summary>Cartesian to fractional coordinates.</summary>
    public void ToLamda(double x, double y, double z, out double s0, out double s1, out double s2)
    {
        double dx = x - XLo, dy = y - YLo, dz = z - ZLo;
        s0 = HInv[0] * dx + HInv[5] * dy + HInv[4] * dz;
        s1 = HInv[1] * dy + HInv[3] * dz;
        s2 = HInv[2] * dz;
    }

    /// <summary>Fractional to Cartesian coordinates.</summary>
    public void FromLamda(double s0, double s1, double s2, out double x, out double y, out double z)
    {
        x = H[0] * s0 + H[5] * s1 + H[4] * s2 + XLo;
        y = H[1] * s1 + H[3] * s2 + YLo;
        z = H[2] * s2 + ZLo;
    }

    /// <summary>Cartesian displacement of the periodic image shift (ia, ib, ic) in cell vectors.</summary>
    public void ImageShift(int ia, int ib, int ic, out double dx, out double dy, out double dz)
    {
        dx = ia * Lx + ib * XY + ic * XZ;
        dy = ib * Ly + ic * YZ;
        dz = ic * Lz;
    }

    /// <summary>
    /// Wrap a position into the box, updating its image flags (LAMMPS Domain::remap semantics, via fractional
    /// coordinates so that it works for triclinic cells).
    /// </summary>
    public void Remap(ref double x, ref double y, ref double z, ref int ix, ref int iy, ref int iz)
    {
        if (!Triclinic)
        {
            if (Periodic[0]) WrapOrtho(ref x, XLo, XHi, Lx, ref ix);
            if (Periodic[1]) WrapOrtho(ref y, YLo, YHi, Ly, ref iy);
            if (Periodic[2]) WrapOrtho(ref z, ZLo, ZHi, Lz, ref iz);
            return;
        }
        ToLamda(x, y, z, out var s0, out var s1, out var s2);
        if (Periodic[0]) WrapFrac(ref s0, ref ix);
        if (Periodic[1]) WrapFrac(ref s1, ref iy);
        if (Periodic[2]) WrapFrac(ref s2, ref iz);
        FromLamda(s0, s1, s2, out x, out y, out z);
    }

    private static void WrapOrtho(ref double x, double lo, double hi, double l, ref int image)
    {
        if (x < lo || x >= hi)
        {
            double n = Math.Floor((x - lo) / l);
            x -= n * l;
            image = ClampImage(image + n);
            // guard against round-off landing exactly on hi
            if (x >= hi) { x -= l; image++; }
            if (x < lo) { x += l; image--; }
        }
    }

    /// <summary>Image flags saturate far beyond any physical value, so a runaway atom is detectable, not wrapped around.</summary>
    private static int ClampImage(double v) => (int)Math.Clamp(v, -(1 << 30), 1 << 30);

    private static void WrapFrac(ref double s, ref int image)
    {
        if (s < 0.0 || s >= 1.0)
        {
            double n = Math.Floor(s);
            s -= n;
            image = ClampImage(image + n);
            if (s >= 1.0) { s -= 1.0; image++; }
            if (s < 0.0) { s += 1.0; image--; }
        }
    }

    /// <summary>Unwrapped coordinate from a wrapped one plus image flags.</summary>
    public void Unmap(double x, double y, double z, int ix, int iy, int iz, out double ux, out double uy, out double uz)
    {
        ImageShift(ix, iy, iz, out var dx, out var dy, out var dz);
        ux = x + dx; uy = y + dy; uz = z + dz;
    }

    /// <summary>Perpendicular widths of the cell (distance between opposite faces).</summary>
    public (double wx, double wy, double wz) PerpendicularWidths()
    {
        // For the restricted triclinic cell: widths are 1/|row i of H^-1|.
        double r0 = Math.Sqrt(HInv[0] * HInv[0] + HInv[5] * HInv[5] + HInv[4] * HInv[4]);
        double r1 = Math.Sqrt(HInv[1] * HInv[1] + HInv[3] * HInv[3]);
        double r2 = Math.Abs(HInv[2]);
        return (1.0 / r0, 1.0 / r1, 1.0 / r2);
    }

    /// <summary>
    /// Build a LAMMPS box from three general cell vectors (rows of <paramref name="cell"/>), returning the rotation
    /// that maps Cartesian positions given in the general frame into the LAMMPS frame (x' = R x).
    /// The cell must be right-handed.
    /// </summary>
    public static (Box box, double[,] rotation) FromGeneralCell(double[,] cell, double xlo = 0, double ylo = 0, double zlo = 0)
    {
        double[] a = [cell[0, 0], cell[0, 1], cell[0, 2]];
        double[] b = [cell[1, 0], cell[1, 1], cell[1, 2]];
        double[] c = [cell[2, 0], cell[2, 1], cell[2, 2]];
        double an = Norm(a);
        if (an == 0) throw new GarneticsException("cell vector a has zero length");
        double[] ahat = [a[0] / an, a[1] / an, a[2] / an];
        double ax = an;
        double bx = Dot(b, ahat);
        double[] axb = Cross(a, b);
        double axbn = Norm(axb);
        if (axbn == 0) throw new GarneticsException("cell vectors a and b are parallel");
        double by = axbn / an;
        double cx = Dot(c, ahat);
        double[] axbHat = [axb[0] / axbn, axb[1] / axbn, axb[2] / axbn];
        double[] yhat = Cross(axbHat, ahat);
        double cy = Dot(c, yhat);
        double cz = Dot(c, axbHat);
        if (cz <= 0) throw new GarneticsException("cell vectors are not right-handed (a x b . c <= 0)");
        var r = new double[3, 3];
        for (int k = 0; k < 3; k++) { r[0, k] = ahat[k]; r[1, k] = yhat[k]; r[2, k] = axbHat[k]; }
        var box = new Box
        {
            XLo = xlo, XHi = xlo + ax, YLo = ylo, YHi = ylo + by, ZLo = zlo, ZHi = zlo + cz,
            XY = bx, XZ = cx, YZ = cy, Defined = true,
        };
        box.Triclinic = Math.Abs(bx) > 1e-12 * ax || Math.Abs(cx) > 1e-12 * ax || Math.Abs(cy) > 1e-12 * by;
        if (!box.Triclinic) { box.XY = 0; box.XZ = 0; box.YZ = 0; }
        box.SetGlobal();
        return (box, r);
    }

    private static double Dot(double[] u, double[] v) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    private static double Norm(double[] u) => Math.Sqrt(Dot(u, u));
    private static double[] Cross(double[] u, double[] v) =>
        [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
}
