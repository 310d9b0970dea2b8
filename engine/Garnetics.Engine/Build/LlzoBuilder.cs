using Garnetics.Engine.Rng;

namespace Garnetics.Engine.Build;

/// <summary>The four species of Li-La-Zr-O builders: type order, formal charges, masses.</summary>
public static class LlzoSpecies
{
    public const int Li = 0, La = 1, Zr = 2, O = 3;
    public static readonly string[] Elements = ["Li", "La", "Zr", "O"];
    public static readonly int[] Charges = [1, 3, 4, -2];

    /// <summary>Index 0..3 of an element symbol (case-insensitive), or -1.</summary>
    public static int IndexOf(string symbol)
    {
        for (int k = 0; k < 4; k++)
            if (string.Equals(Elements[k], symbol, StringComparison.OrdinalIgnoreCase)) return k;
        return -1;
    }

    /// <summary>
    /// An empty structure with an orthogonal box [0,lx]x[0,ly]x[0,lz] and the four types Li La Zr O (types 1..4,
    /// masses from the periodic table); per-atom charges when <paramref name="charges"/>.
    /// </summary>
    public static StructureData NewData(double lx, double ly, double lz, bool charges)
    {
        var box = new Box { XLo = 0, XHi = lx, YLo = 0, YHi = ly, ZLo = 0, ZHi = lz, Defined = true };
        box.SetGlobal();
        var d = new StructureData { Box = box };
        d.SetNTypes(4);
        for (int t = 1; t <= 4; t++) d.TypeElements[t] = Elements[t - 1];
        d.FillMassesFromElements();
        if (charges) d.Charges = [];
        return d;
    }

    public static void Add(StructureData d, int species, double x, double y, double z)
    {
        int k = d.AddAtom(d.Count + 1, species + 1, Elements[species], x, y, z);
        if (d.Charges != null) d.Charges[k] = Charges[species];
    }

    /// <summary>Orbit of a fractional position under symmetry operations: wrapped into [0,1), duplicates merged.</summary>
    public static List<(double X, double Y, double Z)> Orbit(IReadOnlyList<CifReader.SymOp> ops, double x, double y, double z)
    {
        var pts = new List<(double X, double Y, double Z)>();
        foreach (var op in ops)
        {
            var (gx, gy, gz) = op.Apply(x, y, z);
            var g = (Wrap(gx), Wrap(gy), Wrap(gz));
            bool dup = false;
            foreach (var p in pts)
            {
                double dx = p.X - g.Item1, dy = p.Y - g.Item2, dz = p.Z - g.Item3;
                dx -= Math.Round(dx); dy -= Math.Round(dy); dz -= Math.Round(dz);
                if (dx * dx + dy * dy + dz * dz < 1e-10) { dup = true; break; }
            }
            if (!dup) pts.Add(g);
        }
        return pts;
    }

    public static double Wrap(double v)
    {
        double w = v - Math.Floor(v);
        return w >= 1.0 - 1e-12 ? 0.0 : w;
    }
}

/// <summary>Tetragonal LLZO (I4_1/acd, No. 142): the fully ordered DFT cell of t-llzo-dft.cif, replicated.</summary>
public static class TetragonalLlzo
{
    /// <summary>Lattice constants of the DFT cell (A), from ../shared/data/structures/t-llzo-dft.cif.</summary>
    public const double DefaultA = 13.23607, DefaultC = 12.701706;

    /// <summary>Symmetry operations of I4_1/acd (origin choice 2) as listed in t-llzo-dft.cif.</summary>
    public static readonly string[] Operations =
    [
        "x, y, z", "-y, x+1/2, z+1/4", "-x+1/2, -y+1/2, z+1/2", "y+1/2, -x, z+3/4", "x+1/2, -y, -z+1/4",
        "-y+1/2, -x+1/2, -z", "-x, y+1/2, -z+3/4", "y, x, -z+1/2", "-x, -y+1/2, -z+1/4", "y, -x, -z",
        "x+1/2, y, -z+3/4", "-y+1/2, x+1/2, -z+1/2", "-x+1/2, y+1/2, z", "y+1/2, x, z+1/4", "x, -y, z+1/2",
        "-y, -x+1/2, z+3/4", "x+1/2, y+1/2, z+1/2", "-y+1/2, x, z+3/4", "-x, -y, z", "y, -x+1/2, z+1/4",
        "x, -y+1/2, -z+3/4", "-y, -x, -z+1/2", "-x+1/2, y, -z+1/4", "y+1/2, x+1/2, -z", "-x+1/2, -y, -z+3/4",
        "y+1/2, -x+1/2, -z+1/2", "x, y+1/2, -z+1/4", "-y, x, -z", "-x, y, z+1/2", "y, x+1/2, z+3/4",
        "x+1/2, -y+1/2, z", "-y+1/2, -x, z+1/4",
    ];

    /// <summary>Asymmetric unit of t-llzo-dft.cif: species, multiplicity, fractional x y z (all fully occupied).</summary>
    public static readonly (int Species, int Mult, double X, double Y, double Z)[] Sites =
    [
        (LlzoSpecies.Li, 32, 0.08051550, 0.16246550, 0.93085650),
        (LlzoSpecies.Li, 16, 0.18121100, 0.18121100, 0.75000000),
        (LlzoSpecies.Li, 8, 0.00000000, 0.00000000, 0.00000000),
        (LlzoSpecies.La, 16, 0.12737000, 0.25000000, 0.37500000),
        (LlzoSpecies.La, 8, 0.00000000, 0.00000000, 0.25000000),
        (LlzoSpecies.Zr, 16, 0.00000000, 0.25000000, 0.12500000),
        (LlzoSpecies.O, 32, 0.03461600, 0.69451700, 0.47129600),
        (LlzoSpecies.O, 32, 0.05496300, 0.10244300, 0.09066700),
        (LlzoSpecies.O, 32, 0.15082300, 0.22322700, 0.57123600),
    ];

    /// <summary>The 192 fractional positions of one conventional cell with their species, in site order.</summary>
    public static List<(int Species, double X, double Y, double Z)> Basis()
    {
        var ops = Operations.Select(CifReader.ParseOperation).ToList();
        var basis = new List<(int, double, double, double)>();
        foreach (var s in Sites)
        {
            var orbit = LlzoSpecies.Orbit(ops, s.X, s.Y, s.Z);
            if (orbit.Count != s.Mult)
                throw new InvalidOperationException($"tetragonal LLZO site generates {orbit.Count} positions, expected {s.Mult}");
            basis.AddRange(orbit.Select(p => (s.Species, p.X, p.Y, p.Z)));
        }
        return basis;
    }

    /// <summary>
    /// NX x NY x NZ conventional cells with lattice constants a (x, y) and c (z); cells looped k, j, i (z slowest),
    /// basis atoms in the CIF's site order within each cell.
    /// </summary>
    public static StructureData Build(int nx, int ny, int nz, double a, double c, bool charges)
    {
        var basis = Basis();
        var d = LlzoSpecies.NewData(nx * a, ny * a, nz * c, charges);
        for (int k = 0; k < nz; k++)
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                    foreach (var (sp, x, y, z) in basis)
                        LlzoSpecies.Add(d, sp, (i + x) * a, (j + y) * a, (k + z) * c);
        return d;
    }
}

/// <summary>How the charge of an off-stoichiometric Li count is compensated in a cubic LLZO build.</summary>
public enum LiCompensation { Stoichiometric, None, OxygenVacancies }

/// <summary>Options of <see cref="CubicLlzo.Build"/>.</summary>
public sealed record CubicLlzoOptions
{
    public int Nx { get; init; } = 1;
    public int Ny { get; init; } = 1;
    public int Nz { get; init; } = 1;
    public double A { get; init; } = CubicLlzo.DefaultA;
    public int Seed { get; init; } = 12345;
    /// <summary>Occupancy of the 24d sites (fraction of 24d sites holding Li).</summary>
    public double Li24d { get; init; } = CubicLlzo.DefaultLi24d;
    /// <summary>Li per formula unit Li_x La3 Zr2 O12 (7 is stoichiometric).</summary>
    public double LiPerFormula { get; init; } = 7.0;
    public LiCompensation Compensation { get; init; } = LiCompensation.Stoichiometric;
    /// <summary>No two Li closer than this (A).</summary>
    public double MinDist { get; init; } = CubicLlzo.DefaultMinDist;
    public bool Charges { get; init; } = true;
    public int MaxAttempts { get; init; } = 50;
}

/// <summary>Result of a cubic build: the structure and what was placed.</summary>
public sealed record CubicLlzoResult(StructureData Data, int Li24d, int Li96h, int OxygenVacancies, int Attempts, double NetCharge);

/// <summary>
/// Cubic LLZO (Ia-3d, No. 230): La 24c, Zr 16a, O 96h framework; Li distributed over the tetrahedral 24d and the
/// octahedral 96h sites, seeded, with no two Li closer than a minimum distance.
/// </summary>
public static class CubicLlzo
{
    /// <summary>Room-temperature lattice constant (A) of cubic LLZO (the 1000 K reference cell has a = 13.072 A).</summary>
    public const double DefaultA = 12.97;
    /// <summary>
    /// Default 24d occupancy: measured on ../shared/data/structures/c-llzo-12288-1000K.xyz by assigning every Li to
    /// its nearest 24d or 96h site (tools/refine-cubic-llzo.py): occ(24d) = 0.425, occ(96h) = 0.477.
    /// </summary>
    public const double DefaultLi24d = 0.425;
    /// <summary>
    /// Default minimum Li-Li distance (A). The site geometry has 96h-96h pairs at 0.83 A (the two halves of one
    /// octahedral cage) and 24d-96h pairs at 1.60 A (at a = 13.07 A), the next site pair at 2.41 A; the 1000 K
    /// reference has no Li-Li pair below 1.85 A, so any value between about 1.65 and 2.35 A excludes exactly the
    /// pairs the reference avoids, at any a between 12.9 and 13.3 A. 1.7 A sits safely inside that window.
    /// </summary>
    public const double DefaultMinDist = 1.7;

    /// <summary>
    /// Wyckoff coordinates. La 24c, Zr 16a and Li 24d are fixed by symmetry. O 96h and Li 96h were refined against
    /// c-llzo-12288-1000K.xyz with tools/refine-cubic-llzo.py: the 4x4x4 cell folded into one conventional cell,
    /// every atom mapped back onto the representative position by the inverse of the Ia-3d operation that takes the
    /// representative to its nearest image, and averaged (iterated to convergence; for Li only atoms whose nearest
    /// 24d/96h site is a 96h site).
    /// </summary>
    public static readonly (double X, double Y, double Z) La24c = (0.125, 0.0, 0.25), Zr16a = (0.0, 0.0, 0.0),
        Li24d = (0.375, 0.0, 0.25), O96h = (0.10029, 0.19629, 0.28108), Li96h = (0.09550, 0.19054, 0.42355);

    /// <summary>The 96 general-position operations of Ia-3d (No. 230), the 48 point operations with and without the I centring.</summary>
    public static readonly string[] Operations =
    [
        "-x+1,-y+1/2,z+1", "-x+1,y+1/2,-z+1/2", "-x+1/2,-y+1/2,-z+1/2", "-x+1/2,-y,z+1/2", "-x+1/2,y+1/2,z", "-x+1/2,y,-z",
        "-x+1/4,-z+1/4,-y+1/4", "-x+1/4,-z-1/4,y-1/4", "-x+1/4,z+1/4,-y-1/4", "-x+1/4,z+3/4,y+1/4", "-x+3/4,-z+3/4,-y+3/4",
        "-x+3/4,z+5/4,y+3/4", "-x,-y,-z", "-x,y,z-1/2", "-x-1/4,-z-3/4,y-3/4", "-x-1/4,z-1/4,-y-3/4", "-y+1,-z+1/2,x+1",
        "-y+1/2,-z+1/2,-x+1/2", "-y+1/2,-z,x+1/2", "-y+1/2,z+1,-x+1", "-y+1/4,-x+1/4,-z+1/4", "-y+1/4,-x-1/4,z-1/4",
        "-y+1/4,x+1/4,-z-1/4", "-y+1/4,x+3/4,z+1/4", "-y+3/4,-x+3/4,-z+3/4", "-y+3/4,x+5/4,z+3/4", "-y,-z,-x",
        "-y,z+1/2,-x+1/2", "-y,z,x+1/2", "-y-1/2,z-1/2,x", "-y-1/4,-x-3/4,z-3/4", "-y-1/4,x-1/4,-z-3/4", "-z+1,-x+1/2,y+1",
        "-z+1,x+1/2,-y+1/2", "-z+1/2,-x+1/2,-y+1/2", "-z+1/2,-x,y+1/2", "-z+1/2,x+1/2,y", "-z+1/2,x,-y",
        "-z+1/4,-y+1/4,-x+1/4", "-z+3/4,-y+3/4,-x+3/4", "-z+3/4,y+1/4,x+3/4", "-z+5/4,y+3/4,x+5/4", "-z,-x,-y", "-z,x,y-1/2",
        "-z-1/4,-y+1/4,x+1/4", "-z-1/4,y-1/4,-x+1/4", "-z-3/4,-y-1/4,x-1/4", "-z-3/4,y-3/4,-x-1/4", "x+1/2,-y+1/2,-z+1",
        "x+1/2,y+1/2,z+1/2", "x+1/4,-z+1/4,y+3/4", "x+1/4,-z-1/4,-y+1/4", "x+1/4,z+1/4,y+1/4", "x+1/4,z+3/4,-y+3/4",
        "x+3/4,-z+3/4,y+5/4", "x+3/4,z+5/4,-y+5/4", "x,-y+1/2,z+1/2", "x,-y,-z+1/2", "x,y+1/2,-z", "x,y,z", "x-1/2,-y,z",
        "x-1/2,y,-z-1/2", "x-1/4,-z-3/4,-y-1/4", "x-1/4,z-1/4,y-1/4", "y+1,-z+1,-x+1/2", "y+1/2,-z+1/2,-x", "y+1/2,-z,x",
        "y+1/2,z+1/2,x+1/2", "y+1/4,-x+1/4,z+3/4", "y+1/4,-x-1/4,-z+1/4", "y+1/4,x+1/4,z+1/4", "y+1/4,x+3/4,-z+3/4",
        "y+3/4,-x+3/4,z+5/4", "y+3/4,x+5/4,-z+5/4", "y,-z-1/2,x-1/2", "y,z+1/2,-x", "y,z,x", "y-1/2,z,-x-1/2",
        "y-1/4,-x-3/4,-z-1/4", "y-1/4,x-1/4,z-1/4", "z+1/2,-x+1/2,-y+1", "z+1/2,x+1/2,y+1/2", "z+1/4,y+1/4,x+1/4",
        "z+3/4,-y+3/4,x+1/4", "z+3/4,y+1/4,-x+1/4", "z+5/4,-y+5/4,x+3/4", "z+5/4,y+3/4,-x+3/4", "z,-x+1/2,y+1/2",
        "z,-x,-y+1/2", "z,x+1/2,-y", "z,x,y", "z-1/2,-x,y", "z-1/2,x,-y-1/2", "z-1/4,-y+1/4,-x-1/4", "z-1/4,y-1/4,x-1/4",
        "z-3/4,-y-1/4,-x-3/4"
    ];

    private static List<CifReader.SymOp>? _ops;
    public static List<CifReader.SymOp> Ops => _ops ??= Operations.Select(CifReader.ParseOperation).ToList();

    /// <summary>Fractional positions of one Wyckoff orbit.</summary>
    public static List<(double X, double Y, double Z)> Orbit((double X, double Y, double Z) p) => LlzoSpecies.Orbit(Ops, p.X, p.Y, p.Z);

    private readonly record struct SiteRef(int Site, int Di, int Dj, int Dk);

    public static CubicLlzoResult Build(CubicLlzoOptions o)
    {
        int nx = o.Nx, ny = o.Ny, nz = o.Nz;
        int ncell = nx * ny * nz;
        double a = o.A;
        var la = Orbit(La24c);
        var zr = Orbit(Zr16a);
        var ox = Orbit(O96h);
        var d24 = Orbit(Li24d);
        var h96 = Orbit(Li96h);
        if (la.Count != 24 || zr.Count != 16 || ox.Count != 96 || d24.Count != 24 || h96.Count != 96)
            throw new InvalidOperationException("cubic LLZO Wyckoff orbits have unexpected sizes");

        // ---- Li count and charge compensation
        double liTotalD = o.LiPerFormula * 8 * ncell;
        long liTotal = (long)Math.Round(liTotalD);
        if (Math.Abs(liTotalD - liTotal) > 1e-6)
            throw new GarneticsException(FormattableString.Invariant(
                $"{o.LiPerFormula:G10} Li per formula unit gives {liTotalD:G10} Li in {ncell} cell(s) of 8 formula units: not a whole number (choose li or the cell counts so that 8 x li x cells is an integer)"));
        long stoich = 56L * ncell;
        int oVac = 0;
        if (liTotal != stoich && o.Compensation == LiCompensation.Stoichiometric)
            throw new GarneticsException($"Li_{o.LiPerFormula.ToString(System.Globalization.CultureInfo.InvariantCulture)} is off-stoichiometric: state the charge compensation (compensate ovac: remove O at random; compensate none: leave the cell charged)");
        if (o.Compensation == LiCompensation.OxygenVacancies)
        {
            long deficit = stoich - liTotal;
            if (deficit < 0)
                throw new GarneticsException($"compensate ovac removes oxygen and cannot balance a Li excess ({liTotal} Li > {stoich}); use compensate none");
            if (deficit % 2 != 0)
                throw new GarneticsException($"compensate ovac needs an even Li deficit (one O vacancy per 2 Li), but the deficit is {deficit} Li; change li or the cell counts");
            oVac = (int)(deficit / 2);
        }
        int n24Total = 24 * ncell, n96Total = 96 * ncell;
        int nd = (int)Math.Round(o.Li24d * n24Total);
        long nh = liTotal - nd;
        if (nh < 0)
            throw new GarneticsException($"li24d {o.Li24d} puts {nd} Li on 24d sites, more than the {liTotal} Li of the cell");
        if (nh > n96Total / 2)
            throw new GarneticsException($"{nh} Li left for the 96h sites, but at most one Li fits in each of the {n96Total / 2} octahedral cages (two 96h sites 0.83 A apart); raise li24d");

        // ---- Li site table: unit-cell sites 0..23 are 24d, 24..119 are 96h; neighbours within MinDist
        var sites = new List<(double X, double Y, double Z)>(d24);
        sites.AddRange(h96);
        int ns = sites.Count;
        var near = NeighbourTable(sites, a, o.MinDist, nx, ny, nz);
        // 24d sites that compete for one octahedral cage: both block 96h sites that cannot both be left free
        var compete = new List<SiteRef>[24];
        for (int s = 0; s < 24; s++)
        {
            var set = new HashSet<SiteRef>();
            foreach (var b1 in near[s].Where(r => r.Site >= 24))
            {
                var partners = near[b1.Site].Where(r => r.Site >= 24).Select(r => r with { Di = r.Di + b1.Di, Dj = r.Dj + b1.Dj, Dk = r.Dk + b1.Dk }).Append(b1);
                foreach (var b2 in partners)
                    foreach (var d2 in near[b2.Site].Where(r => r.Site < 24))
                    {
                        var r2 = new SiteRef(d2.Site, d2.Di + b2.Di, d2.Dj + b2.Dj, d2.Dk + b2.Dk);
                        if (!(r2.Site == s && Mod(r2.Di, nx) == 0 && Mod(r2.Dj, ny) == 0 && Mod(r2.Dk, nz) == 0)) set.Add(r2);
                    }
            }
            compete[s] = [.. set];
        }
        int Global(int cell, SiteRef r)
        {
            int ci = cell % nx, cj = cell / nx % ny, ck = cell / (nx * ny);
            int gi = Mod(ci + r.Di, nx), gj = Mod(cj + r.Dj, ny), gk = Mod(ck + r.Dk, nz);
            return ((gk * ny + gj) * nx + gi) * ns + r.Site;
        }

        var rng = new RanMars(o.Seed);
        int nSitesAll = ns * ncell;
        var occupied = new bool[nSitesAll];
        var conflicts = new int[nSitesAll];
        int attempt = 0;
        bool ok = false;
        while (attempt < o.MaxAttempts && !ok)
        {
            attempt++;
            Array.Clear(occupied);
            Array.Clear(conflicts);
            bool Free(int g)
            {
                int cell = g / ns, s = g % ns;
                if (occupied[g]) return false;
                foreach (var r in near[s]) if (occupied[Global(cell, r)]) return false;
                return true;
            }
            // 24d: one at a time, uniformly among the free sites that compete with the fewest occupied ones
            var cand = new List<int>();
            int placedD = 0;
            for (; placedD < nd; placedD++)
            {
                int best = int.MaxValue;
                cand.Clear();
                for (int cell = 0; cell < ncell; cell++)
                    for (int s = 0; s < 24; s++)
                    {
                        int g = cell * ns + s;
                        if (occupied[g] || conflicts[g] > best || !Free(g)) continue;
                        if (conflicts[g] < best) { best = conflicts[g]; cand.Clear(); }
                        cand.Add(g);
                    }
                if (cand.Count == 0) break;
                int pick = cand[Math.Min((int)(rng.Uniform() * cand.Count), cand.Count - 1)];
                occupied[pick] = true;
                foreach (var r in compete[pick % ns]) conflicts[Global(pick / ns, r)]++;
            }
            if (placedD < nd) continue;
            // 96h: random order, rejecting sites within MinDist of a placed Li
            var order = new int[n96Total];
            for (int k = 0, cell = 0; cell < ncell; cell++)
                for (int s = 24; s < ns; s++) order[k++] = cell * ns + s;
            Shuffle(order, rng);
            long placedH = 0;
            foreach (int g in order)
            {
                if (placedH == nh) break;
                if (!Free(g)) continue;
                occupied[g] = true;
                placedH++;
            }
            ok = placedH == nh;
        }
        if (!ok)
            throw new GarneticsException(FormattableString.Invariant(
                $"could not place {liTotal} Li ({nd} on 24d, {nh} on 96h) with no two closer than {o.MinDist:G6} A in {o.MaxAttempts} attempts; lower li24d, the Li count or mindist"));

        // ---- atoms: Li, La, Zr, O, cell by cell (k slowest), in orbit order
        var data = LlzoSpecies.NewData(nx * a, ny * a, nz * a, o.Charges);
        void Put(int sp, int cell, (double X, double Y, double Z) f)
        {
            int ci = cell % nx, cj = cell / nx % ny, ck = cell / (nx * ny);
            LlzoSpecies.Add(data, sp, (ci + f.X) * a, (cj + f.Y) * a, (ck + f.Z) * a);
        }
        for (int g = 0; g < nSitesAll; g++)
            if (occupied[g]) Put(LlzoSpecies.Li, g / ns, sites[g % ns]);
        for (int cell = 0; cell < ncell; cell++) foreach (var f in la) Put(LlzoSpecies.La, cell, f);
        for (int cell = 0; cell < ncell; cell++) foreach (var f in zr) Put(LlzoSpecies.Zr, cell, f);
        var oxList = new List<(int Cell, (double, double, double) F)>();
        for (int cell = 0; cell < ncell; cell++) foreach (var f in ox) oxList.Add((cell, f));
        if (oVac > 0)
        {
            var idx = Enumerable.Range(0, oxList.Count).ToArray();
            Shuffle(idx, rng);
            var removed = new HashSet<int>(idx.Take(oVac));
            oxList = oxList.Where((_, k) => !removed.Contains(k)).ToList();
        }
        foreach (var (cell, f) in oxList) Put(LlzoSpecies.O, cell, f);
        double net = liTotal + 3.0 * 24 * ncell + 4.0 * 16 * ncell - 2.0 * oxList.Count;
        return new CubicLlzoResult(data, nd, (int)nh, oVac, attempt, net);
    }

    /// <summary>
    /// For each unit-cell site, the sites (with cell offsets modulo the supercell) closer than r: every periodic image,
    /// found with <see cref="PeriodicCells"/> over the sites of one cell. The search runs in the fractional coordinates
    /// of a unit cube, where positions and displacements are exact copies of the sites' fractional numbers, so each
    /// displacement is the floating-point (f_t + d - f_s) and the test ((f_t + d - f_s)·a)² summed &lt; r² is
    /// evaluated exactly as for an explicit loop over images (the cell list's own cut-off is r/a with a margin, or a
    /// quarter cell if larger: a superset). Each list is in the order of that explicit loop: site t, then the offsets
    /// d lexicographically.
    /// </summary>
    private static List<SiteRef>[] NeighbourTable(List<(double X, double Y, double Z)> sites, double a, double r, int nx, int ny, int nz)
    {
        var unit = new Box { XLo = 0, XHi = 1, YLo = 0, YHi = 1, ZLo = 0, ZHi = 1, Defined = true };
        unit.SetGlobal();
        int ns = sites.Count;
        var f = new double[3 * ns];
        for (int s = 0; s < ns; s++) (f[3 * s], f[3 * s + 1], f[3 * s + 2]) = sites[s];
        double rr = r * r;
        // at least a quarter cell, so that a tiny r does not ask for a huge number of bins
        var cells = new PeriodicCells(unit, f, Enumerable.Range(0, ns).ToList(), Math.Max(Math.Sqrt(rr) / a * (1 + 1e-6), 0.25));
        var table = new List<SiteRef>[ns];
        var images = new List<(int T, int Di, int Dj, int Dk)>();
        for (int s = 0; s < ns; s++)
        {
            images.Clear();
            var (xs, ys, zs) = sites[s];
            cells.Query(unit, xs, ys, zs, s, (t, _, fx, fy, fz) =>
            {
                double dx = fx * a, dy = fy * a, dz = fz * a;
                double d2 = dx * dx + dy * dy + dz * dz;
                if (d2 >= rr || d2 < 1e-12) return;
                var (xt, yt, zt) = sites[t];
                images.Add((t, (int)Math.Round(fx - (xt - xs)), (int)Math.Round(fy - (yt - ys)), (int)Math.Round(fz - (zt - zs))));
            });
            images.Sort();
            var list = new HashSet<SiteRef>();
            // offsets are taken modulo the supercell so that small supercells see each image once
            foreach (var (t, di, dj, dk) in images) list.Add(new SiteRef(t, Mod(di, nx), Mod(dj, ny), Mod(dk, nz)));
            table[s] = [.. list];
        }
        return table;
    }

    private static int Mod(int i, int n) => ((i % n) + n) % n;

    /// <summary>Fisher-Yates shuffle with the given generator.</summary>
    internal static void Shuffle(int[] v, LammpsRandom rng)
    {
        for (int i = v.Length - 1; i > 0; i--)
        {
            int j = Math.Min((int)(rng.Uniform() * (i + 1)), i);
            (v[i], v[j]) = (v[j], v[i]);
        }
    }
}
