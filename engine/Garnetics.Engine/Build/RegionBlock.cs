namespace Garnetics.Engine.Build;

/// <summary>
/// LAMMPS <c>region ID block xlo xhi ylo yhi zlo zhi [side in|out] [units lattice|box]</c>: an axis-aligned block,
/// bounds inclusive. "INF" means ±1e20 and "EDGE" the box bound; numeric bounds are multiplied by the lattice
/// spacings with units lattice (the default).
/// </summary>
public sealed class RegionBlock : IRegion
{
    /// <summary>LAMMPS's BIG used for INF bounds.</summary>
    public const double Big = 1.0e20;

    public string Id { get; }
    public double XLo { get; }
    public double XHi { get; }
    public double YLo { get; }
    public double YHi { get; }
    public double ZLo { get; }
    public double ZHi { get; }
    /// <summary>True for side in (the default): points inside the block match.</summary>
    public bool Interior { get; }

    public RegionBlock(string id, double xlo, double xhi, double ylo, double yhi, double zlo, double zhi, bool interior = true)
    {
        if (xlo > xhi || ylo > yhi || zlo > zhi)
            throw new GarneticsException($"region block '{id}' has a lower bound above its upper bound");
        Id = id;
        XLo = xlo; XHi = xhi; YLo = ylo; YHi = yhi; ZLo = zlo; ZHi = zhi;
        Interior = interior;
    }

    /// <summary>Whether the point is inside the block (bounds included), ignoring the side setting.</summary>
    public bool Inside(double x, double y, double z) =>
        x >= XLo && x <= XHi && y >= YLo && y <= YHi && z >= ZLo && z <= ZHi;

    /// <summary>Whether the point belongs to the region, honouring side in/out (LAMMPS Region::match).</summary>
    public bool Contains(double x, double y, double z) => Inside(x, y, z) == Interior;

    /// <summary>Whether the region has a finite bounding box (LAMMPS bboxflag: side in).</summary>
    public bool HasExtent => Interior;

    /// <summary>
    /// Parse "ID block xlo xhi ylo yhi zlo zhi keyword value ..." (the words of a region command starting at the ID).
    /// <paramref name="box"/> is needed for EDGE (null when no box exists yet); <paramref name="lattice"/> provides
    /// the spacings for units lattice (null behaves like LAMMPS's default "lattice none 1.0").
    /// </summary>
    public static RegionBlock Parse(CommandArgs args, Box? box, Lattice? lattice)
    {
        if (args.Count < 8)
            throw args.Error("'region ID block' needs 6 bounds; usage: region ID block xlo xhi ylo yhi zlo zhi [side in|out] [units lattice|box]");
        string id = args[0];
        if (args[1] != "block") throw args.Error(1, $"expected region style 'block', got '{args[1]}'");
        bool interior = true, scaleLattice = true;
        for (int i = 8; i < args.Count; i += 2)
        {
            string kw = args[i];
            switch (kw)
            {
                case "side":
                    interior = args.Choice(i + 1, "in", "out") == "in";
                    break;
                case "units":
                    scaleLattice = args.Choice(i + 1, "lattice", "box") == "lattice";
                    break;
                case "move":
                case "rotate":
                case "open":
                    throw args.Error(i, $"region keyword '{kw}' is not supported");
                default:
                    throw args.Error(i, $"unknown region keyword '{kw}' (supported: side, units)");
            }
        }
        double xs = 1.0, ys = 1.0, zs = 1.0;
        if (scaleLattice && lattice != null) { xs = lattice.XLattice; ys = lattice.YLattice; zs = lattice.ZLattice; }

        double xlb = 0, xhb = 0, ylb = 0, yhb = 0, zlb = 0, zhb = 0;
        if (box is { Defined: true }) BoundingBox(box, out xlb, out xhb, out ylb, out yhb, out zlb, out zhb);

        double Bound(int i, double scale, bool upper, double edge)
        {
            string s = args[i];
            if (s == "INF" || s == "EDGE")
            {
                if (box is not { Defined: true })
                    throw args.Error(i, "cannot use region INF or EDGE when the box does not exist");
                if (s == "INF") return upper ? Big : -Big;
                return edge;
            }
            return scale * args.Double(i, "region bound");
        }

        double xlo = Bound(2, xs, false, xlb), xhi = Bound(3, xs, true, xhb);
        double ylo = Bound(4, ys, false, ylb), yhi = Bound(5, ys, true, yhb);
        double zlo = Bound(6, zs, false, zlb), zhi = Bound(7, zs, true, zhb);
        if (xlo > xhi || ylo > yhi || zlo > zhi)
            throw args.Error(2, $"region block '{id}' has a lower bound above its upper bound");
        return new RegionBlock(id, xlo, xhi, ylo, yhi, zlo, zhi, interior);
    }

    /// <summary>Axis-aligned bounding box of a (possibly triclinic) box (LAMMPS boxlo_bound/boxhi_bound).</summary>
    public static void BoundingBox(Box box, out double xlo, out double xhi, out double ylo, out double yhi,
        out double zlo, out double zhi)
    {
        if (!box.Triclinic)
        {
            xlo = box.XLo; xhi = box.XHi; ylo = box.YLo; yhi = box.YHi; zlo = box.ZLo; zhi = box.ZHi;
            return;
        }
        xlo = Math.Min(box.XLo, box.XLo + box.XY);
        xlo = Math.Min(xlo, xlo + box.XZ);
        ylo = Math.Min(box.YLo, box.YLo + box.YZ);
        zlo = box.ZLo;
        xhi = Math.Max(box.XHi, box.XHi + box.XY);
        xhi = Math.Max(xhi, xhi + box.XZ);
        yhi = Math.Max(box.YHi, box.YHi + box.YZ);
        zhi = box.ZHi;
    }
}
