namespace Garnetics.Engine.Build;

/// <summary>
/// A subset of LAMMPS's <c>lattice</c> command: styles none, sc, bcc, fcc, hcp, diamond and custom, with the
/// keywords origin, orient (default orientation only), spacing, a1/a2/a3 and basis (custom only).
/// The scale argument is a reduced density rho* for units lj (lattice constant = (nbasis*V_cell/rho*)^(1/3)) and
/// the lattice constant in distance units otherwise. <see cref="XLattice"/>, <see cref="YLattice"/> and
/// <see cref="ZLattice"/> are the spacings used by "units lattice" in region, velocity and displace commands.
/// </summary>
public sealed class Lattice : Commands.ILatticeSpacing
{
    public static readonly string[] Styles = ["none", "sc", "bcc", "fcc", "hcp", "diamond", "custom"];

    /// <summary>Basis sites (fractions of the unit cell, in LAMMPS's order) of the styles with a built-in basis.</summary>
    private static readonly Dictionary<string, double[][]> BuiltInBases = new(StringComparer.Ordinal)
    {
        ["sc"] = [[0.0, 0.0, 0.0]],
        ["bcc"] = [[0.0, 0.0, 0.0], [0.5, 0.5, 0.5]],
        ["fcc"] = [[0.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.5, 0.0, 0.5], [0.0, 0.5, 0.5]],
        ["hcp"] = [[0.0, 0.0, 0.0], [0.5, 0.5, 0.0], [0.5, 5.0 / 6.0, 0.5], [0.0, 1.0 / 3.0, 0.5]],
        ["diamond"] =
        [
            [0.0, 0.0, 0.0], [0.0, 0.5, 0.5], [0.5, 0.0, 0.5], [0.5, 0.5, 0.0],
            [0.25, 0.25, 0.25], [0.25, 0.75, 0.75], [0.75, 0.25, 0.75], [0.75, 0.75, 0.25],
        ],
    };

    public string Style { get; }
    /// <summary>Lattice constant in distance units (after the lj density conversion).</summary>
    public double Scale { get; }
    public double XLattice { get; }
    public double YLattice { get; }
    public double ZLattice { get; }
    /// <summary>Origin shift in lattice units (each in [0,1)).</summary>
    public double[] Origin { get; } = new double[3];
    /// <summary>Basis atoms in fractional coordinates of the unit cell.</summary>
    public IReadOnlyList<double[]> Basis => _basis;
    public int NBasis => _basis.Count;
    /// <summary>Primitive vectors a1, a2, a3 (unscaled), rows of this array.</summary>
    public double[][] A { get; }

    private readonly List<double[]> _basis = [];
    // primitive: columns are a1, a2, a3; rotaterow: rows are the normalised orient vectors (identity here)
    private readonly double[,] _primitive = new double[3, 3];
    private readonly double[,] _priminv = new double[3, 3];
    private readonly double[,] _rotaterow = new double[3, 3];

    /// <summary>LAMMPS's default lattice: "none 1.0".</summary>
    public static Lattice None(double spacing = 1.0) => new("none", spacing, "lj");

    /// <summary>
    /// Build a lattice. <paramref name="unitStyle"/> is the units style name ("lj" makes <paramref name="scale"/> a
    /// reduced density). <paramref name="spacing"/> (in lattice units, multiplied by the scale) overrides the
    /// spacings computed from the unit cell. <paramref name="a1"/>..<paramref name="a3"/> and
    /// <paramref name="basis"/> are for style custom.
    /// </summary>
    public Lattice(string style, double scale, string unitStyle, double[]? origin = null, double[]? spacing = null,
        double[]? a1 = null, double[]? a2 = null, double[]? a3 = null, IEnumerable<double[]>? basis = null)
    {
        if (Array.IndexOf(Styles, style) < 0)
            throw new GarneticsException($"unknown lattice style '{style}' (supported: {string.Join(", ", Styles)})");
        Style = style;
        A = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];

        if (style == "none")
        {
            if (scale <= 0.0) throw new GarneticsException($"lattice spacing must be positive, got {scale}");
            Scale = scale;
            XLattice = YLattice = ZLattice = scale;
            return;
        }
        if (scale <= 0.0) throw new GarneticsException($"lattice scale must be positive, got {scale}");

        if (style != "custom" && (a1 != null || a2 != null || a3 != null || basis != null))
            throw new GarneticsException($"lattice keywords a1, a2, a3 and basis are only allowed with style custom, not '{style}'");

        if (BuiltInBases.TryGetValue(style, out var sites))
            foreach (var b in sites) AddBasis(b[0], b[1], b[2]);
        switch (style)
        {
            case "hcp":
                A[1][1] = Math.Sqrt(3.0);
                A[2][2] = Math.Sqrt(8.0 / 3.0);
                break;
            case "custom":
                if (a1 != null) A[0] = Check3(a1, "a1");
                if (a2 != null) A[1] = Check3(a2, "a2");
                if (a3 != null) A[2] = Check3(a3, "a3");
                if (basis != null)
                    foreach (var b in basis)
                    {
                        Check3(b, "basis");
                        for (int d = 0; d < 3; d++)
                            if (b[d] < 0.0 || b[d] >= 1.0)
                                throw new GarneticsException($"lattice basis coordinates must be in [0,1), got ({b[0]}, {b[1]}, {b[2]})");
                        AddBasis(b[0], b[1], b[2]);
                    }
                if (_basis.Count == 0) throw new GarneticsException("lattice custom needs at least one basis atom");
                break;
        }

        if (origin != null)
        {
            Check3(origin, "origin");
            for (int d = 0; d < 3; d++)
            {
                if (origin[d] < 0.0 || origin[d] >= 1.0)
                    throw new GarneticsException($"lattice origin components must be in [0,1), got {origin[d]}");
                Origin[d] = origin[d];
            }
        }

        // lj units: the scale is a reduced density, convert it to a lattice constant
        if (unitStyle == "lj")
        {
            double[] vec = Cross(A[1], A[2]);
            double volume = Math.Abs(Dot(A[0], vec));
            scale = Math.Pow(NBasis * volume / scale, 1.0 / 3);
        }
        Scale = scale;

        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                _primitive[r, c] = A[c][r];
        double det = _primitive[0, 0] * _primitive[1, 1] * _primitive[2, 2] +
                     _primitive[0, 1] * _primitive[1, 2] * _primitive[2, 0] +
                     _primitive[0, 2] * _primitive[1, 0] * _primitive[2, 1] -
                     _primitive[0, 0] * _primitive[1, 2] * _primitive[2, 1] -
                     _primitive[0, 1] * _primitive[1, 0] * _primitive[2, 2] -
                     _primitive[0, 2] * _primitive[1, 1] * _primitive[2, 0];
        if (det == 0.0) throw new GarneticsException("degenerate lattice primitive vectors (zero volume)");
        var p = _primitive;
        _priminv[0, 0] = (p[1, 1] * p[2, 2] - p[1, 2] * p[2, 1]) / det;
        _priminv[1, 0] = (p[1, 2] * p[2, 0] - p[1, 0] * p[2, 2]) / det;
        _priminv[2, 0] = (p[1, 0] * p[2, 1] - p[1, 1] * p[2, 0]) / det;
        _priminv[0, 1] = (p[0, 2] * p[2, 1] - p[0, 1] * p[2, 2]) / det;
        _priminv[1, 1] = (p[0, 0] * p[2, 2] - p[0, 2] * p[2, 0]) / det;
        _priminv[2, 1] = (p[0, 1] * p[2, 0] - p[0, 0] * p[2, 1]) / det;
        _priminv[0, 2] = (p[0, 1] * p[1, 2] - p[0, 2] * p[1, 1]) / det;
        _priminv[1, 2] = (p[0, 2] * p[1, 0] - p[0, 0] * p[1, 2]) / det;
        _priminv[2, 2] = (p[0, 0] * p[1, 1] - p[0, 1] * p[1, 0]) / det;

        // default orientation x = [100], y = [010], z = [001], each normalised
        for (int d = 0; d < 3; d++) _rotaterow[d, d] = 1.0;

        if (spacing == null)
        {
            // bounding box of the unit cell mapped to box coordinates (spacings are still zero here, so the origin
            // does not enter)
            double xmin = double.MaxValue, ymin = double.MaxValue, zmin = double.MaxValue;
            double xmax = -double.MaxValue, ymax = -double.MaxValue, zmax = -double.MaxValue;
            for (int c = 0; c < 8; c++)
            {
                double x = c & 1, y = (c >> 1) & 1, z = (c >> 2) & 1;
                LatticeToBoxRaw(ref x, ref y, ref z, 0, 0, 0);
                xmin = Math.Min(xmin, x); xmax = Math.Max(xmax, x);
                ymin = Math.Min(ymin, y); ymax = Math.Max(ymax, y);
                zmin = Math.Min(zmin, z); zmax = Math.Max(zmax, z);
            }
            XLattice = xmax - xmin;
            YLattice = ymax - ymin;
            ZLattice = zmax - zmin;
        }
        else
        {
            Check3(spacing, "spacing");
            if (spacing[0] <= 0.0 || spacing[1] <= 0.0 || spacing[2] <= 0.0)
                throw new GarneticsException("lattice spacings must be positive");
            XLattice = spacing[0] * scale;
            YLattice = spacing[1] * scale;
            ZLattice = spacing[2] * scale;
        }
    }

    /// <summary>
    /// Parse the arguments of a <c>lattice</c> command (style scale keyword values ...).
    /// </summary>
    public static Lattice Parse(CommandArgs args, Units units) => Parse(args, units.Style);

    public static Lattice Parse(CommandArgs args, string unitStyle)
    {
        if (args.Count < 1) throw args.Error("'lattice' needs a style; usage: lattice style scale keyword values ...");
        string style = args.Choice(0, Styles);
        if (args.Count < 2) throw args.Error($"'lattice {style}' needs a scale argument");
        double scale = args.Double(1, "lattice scale");
        if (style == "none")
        {
            if (args.Count != 2) throw args.Error(2, "lattice none takes only a spacing argument");
            if (scale <= 0.0) throw args.Error(1, "lattice spacing must be positive");
            return None(scale);
        }
        if (scale <= 0.0) throw args.Error(1, "lattice scale must be positive");

        double[]? origin = null, spacing = null, a1 = null, a2 = null, a3 = null;
        List<double[]>? basis = null;
        int i = 2;
        while (i < args.Count)
        {
            string kw = args[i];
            switch (kw)
            {
                case "origin":
                    origin = Read3(args, i + 1, "origin");
                    for (int d = 0; d < 3; d++)
                        if (origin[d] < 0.0 || origin[d] >= 1.0) throw args.Error(i + 1 + d, "lattice origin components must be in [0,1)");
                    i += 4;
                    break;
                case "orient":
                {
                    string dim = args.Choice(i + 1, "x", "y", "z");
                    int ix = args.Int(i + 2, "orient component"), iy = args.Int(i + 3, "orient component"), iz = args.Int(i + 4, "orient component");
                    int d = dim[0] - 'x';
                    int[] expect = [d == 0 ? 1 : 0, d == 1 ? 1 : 0, d == 2 ? 1 : 0];
                    if (ix != expect[0] || iy != expect[1] || iz != expect[2])
                        throw args.Error(i, $"lattice orient {dim} {ix} {iy} {iz} is not supported: only the default orientation (x 1 0 0, y 0 1 0, z 0 0 1) is implemented");
                    i += 5;
                    break;
                }
                case "spacing":
                    spacing = Read3(args, i + 1, "spacing");
                    for (int d = 0; d < 3; d++)
                        if (spacing[d] <= 0.0) throw args.Error(i + 1 + d, "lattice spacings must be positive");
                    i += 4;
                    break;
                case "a1":
                case "a2":
                case "a3":
                    if (style != "custom") throw args.Error(i, $"lattice keyword {kw} is only allowed with style custom");
                    var v = Read3(args, i + 1, kw);
                    if (kw == "a1") a1 = v; else if (kw == "a2") a2 = v; else a3 = v;
                    i += 4;
                    break;
                case "basis":
                    if (style != "custom") throw args.Error(i, "lattice keyword basis is only allowed with style custom");
                    var b = Read3(args, i + 1, "basis");
                    for (int d = 0; d < 3; d++)
                        if (b[d] < 0.0 || b[d] >= 1.0) throw args.Error(i + 1 + d, "lattice basis coordinates must be in [0,1)");
                    (basis ??= []).Add(b);
                    i += 4;
                    break;
                case "triclinic/general":
                    throw args.Error(i, "lattice keyword triclinic/general is not supported");
                default:
                    throw args.Error(i, $"unknown lattice keyword '{kw}' (supported: origin, orient, spacing, a1, a2, a3, basis)");
            }
        }
        if (style == "custom" && basis == null) throw args.Error("lattice custom needs at least one basis keyword");
        try
        {
            return new Lattice(style, scale, unitStyle, origin, spacing, a1, a2, a3, basis);
        }
        catch (GarneticsException e) when (e.Location == null)
        {
            e.Location = args.Location;
            throw;
        }
    }

    /// <summary>Convert lattice coordinates (in unit cells) to box coordinates (LAMMPS Lattice::lattice2box).</summary>
    public void LatticeToBox(ref double x, ref double y, ref double z) =>
        LatticeToBoxRaw(ref x, ref y, ref z, XLattice, YLattice, ZLattice);

    private void LatticeToBoxRaw(ref double x, ref double y, ref double z, double xl, double yl, double zl)
    {
        var p = _primitive;
        double x1 = p[0, 0] * x + p[0, 1] * y + p[0, 2] * z;
        double y1 = p[1, 0] * x + p[1, 1] * y + p[1, 2] * z;
        double z1 = p[2, 0] * x + p[2, 1] * y + p[2, 2] * z;
        x1 *= Scale;
        y1 *= Scale;
        z1 *= Scale;
        var r = _rotaterow;
        double xnew = r[0, 0] * x1 + r[0, 1] * y1 + r[0, 2] * z1;
        double ynew = r[1, 0] * x1 + r[1, 1] * y1 + r[1, 2] * z1;
        double znew = r[2, 0] * x1 + r[2, 1] * y1 + r[2, 2] * z1;
        x = xnew + xl * Origin[0];
        y = ynew + yl * Origin[1];
        z = znew + zl * Origin[2];
    }

    /// <summary>Convert box coordinates to lattice coordinates (LAMMPS Lattice::box2lattice).</summary>
    public void BoxToLattice(ref double x, ref double y, ref double z)
    {
        x -= XLattice * Origin[0];
        y -= YLattice * Origin[1];
        z -= ZLattice * Origin[2];
        var r = _rotaterow;
        double x1 = r[0, 0] * x + r[1, 0] * y + r[2, 0] * z;
        double y1 = r[0, 1] * x + r[1, 1] * y + r[2, 1] * z;
        double z1 = r[0, 2] * x + r[1, 2] * y + r[2, 2] * z;
        x1 /= Scale;
        y1 /= Scale;
        z1 /= Scale;
        var q = _priminv;
        x = q[0, 0] * x1 + q[0, 1] * y1 + q[0, 2] * z1;
        y = q[1, 0] * x1 + q[1, 1] * y1 + q[1, 2] * z1;
        z = q[2, 0] * x1 + q[2, 1] * y1 + q[2, 2] * z1;
    }

    private void AddBasis(double x, double y, double z) => _basis.Add([x, y, z]);

    private static double[] Check3(double[] v, string what)
    {
        if (v.Length != 3) throw new GarneticsException($"lattice {what} needs 3 components, got {v.Length}");
        return [v[0], v[1], v[2]];
    }

    private static double[] Read3(CommandArgs args, int i, string what) =>
        [args.Double(i, what), args.Double(i + 1, what), args.Double(i + 2, what)];

    private static double Dot(double[] u, double[] v) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    private static double[] Cross(double[] u, double[] v) =>
        [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
}
