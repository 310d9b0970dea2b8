using Garnetics.Engine.Rng;

namespace Garnetics.Engine.Build;

/// <summary>Options of <see cref="AmorphousBuilder.Build"/>.</summary>
public sealed record AmorphousOptions
{
    /// <summary>Li : La : Zr ratio (any non-negative numbers, not all zero).</summary>
    public double Li { get; init; }
    public double La { get; init; }
    public double Zr { get; init; }
    /// <summary>Target number of atoms.</summary>
    public int Atoms { get; init; }
    /// <summary>Mass density (g/cm^3).</summary>
    public double Density { get; init; }
    public int Seed { get; init; } = 12345;
    /// <summary>Minimum distances (A), 4x4 symmetric in the species order Li La Zr O.</summary>
    public double[,] MinDist { get; init; } = AmorphousBuilder.DefaultMinDist();
    public bool Charges { get; init; } = true;
    /// <summary>Trial positions allowed per atom before giving up.</summary>
    public int MaxTrialsPerAtom { get; init; } = 20000;
}

/// <summary>The formula unit and the counts chosen for a target size.</summary>
public sealed record AmorphousComposition(int[] FormulaUnit, int Multiplier, int[] Counts, bool Doubled)
{
    public int Total => Counts.Sum();
    public string Formula => $"Li{FormulaUnit[0]} La{FormulaUnit[1]} Zr{FormulaUnit[2]} O{FormulaUnit[3]}";
}

/// <summary>
/// Amorphous Li-La-Zr-O by random insertion: the composition is charge balanced with oxygen, w = (x + 3y + 4z)/2,
/// and the atoms are inserted at uniformly random positions in a cubic box of the target density, rejecting a trial
/// that comes closer than the pair's minimum distance to an atom already placed (cell list, periodic).
/// </summary>
public static class AmorphousBuilder
{
    /// <summary>
    /// Default minimum distances (A): cation-O Li-O 1.6, Zr-O 1.7, La-O 1.8 (below the crystal bonds 1.9-2.1, 2.1, 2.5);
    /// O-O 2.2; Li-Li 2.0; Li-La, Li-Zr 2.4; La-La, La-Zr, Zr-Zr 2.8 (cation-cation pairs stay well apart in oxides).
    /// </summary>
    public static double[,] DefaultMinDist()
    {
        var m = new double[4, 4];
        void Set(int i, int j, double v) { m[i, j] = v; m[j, i] = v; }
        const int li = LlzoSpecies.Li, la = LlzoSpecies.La, zr = LlzoSpecies.Zr, o = LlzoSpecies.O;
        Set(li, o, 1.6); Set(zr, o, 1.7); Set(la, o, 1.8); Set(o, o, 2.2);
        Set(li, li, 2.0); Set(li, la, 2.4); Set(li, zr, 2.4);
        Set(la, la, 2.8); Set(la, zr, 2.8); Set(zr, zr, 2.8);
        return m;
    }

    /// <summary>
    /// Random sequential addition of equal spheres jams at a volume fraction of about 0.38; the insertion refuses a
    /// request whose estimated packing fraction (see <see cref="PackingFraction"/>) exceeds this.
    /// </summary>
    public const double MaxPackingFraction = 0.36;

    /// <summary>
    /// Smallest integer formula unit Li_x La_y Zr_z O_w of the ratio (scaled by the smallest k &lt;= 1000 that makes
    /// x, y, z whole, and doubled when x + 3y + 4z is odd so that w is whole), and the multiple of it nearest to the
    /// requested atom count.
    /// </summary>
    public static AmorphousComposition Compose(double li, double la, double zr, int atoms)
    {
        if (li < 0 || la < 0 || zr < 0) throw new GarneticsException("Li, La and Zr counts must be >= 0");
        if (li + la + zr <= 0) throw new GarneticsException("the composition has no cations: nothing to charge-balance with oxygen");
        if (atoms < 1) throw new GarneticsException($"the number of atoms must be >= 1, got {atoms}");
        int k = 1;
        for (; k <= 1000; k++)
            if (IsWhole(li * k) && IsWhole(la * k) && IsWhole(zr * k)) break;
        if (k > 1000)
            throw new GarneticsException(FormattableString.Invariant(
                $"Li:La:Zr = {li:G10}:{la:G10}:{zr:G10} has no integer formula unit with a multiplier up to 1000, so it cannot be charge-balanced by whole O atoms"));
        long x = (long)Math.Round(li * k), y = (long)Math.Round(la * k), z = (long)Math.Round(zr * k);
        long charge = x + 3 * y + 4 * z;
        bool doubled = charge % 2 != 0;
        if (doubled) { x *= 2; y *= 2; z *= 2; charge *= 2; }
        long w = charge / 2;
        long per = x + y + z + w;
        if (per > int.MaxValue / 2) throw new GarneticsException("the formula unit is too large");
        int mult = (int)Math.Max(1, Math.Round((double)atoms / per));
        var fu = new[] { (int)x, (int)y, (int)z, (int)w };
        return new AmorphousComposition(fu, mult, fu.Select(c => c * mult).ToArray(), doubled);
    }

    private static bool IsWhole(double v) => Math.Abs(v - Math.Round(v)) < 1e-9 * Math.Max(1, Math.Abs(v));

    /// <summary>Box edge (A) of a cube holding the counts at the density (g/cm^3).</summary>
    public static double BoxEdge(int[] counts, double density)
    {
        double mass = 0;
        for (int s = 0; s < 4; s++) mass += counts[s] * PeriodicTable.Mass(LlzoSpecies.Elements[s]);
        // g/mol -> g: / N_A; cm^3 -> A^3: 1e24
        double volume = mass / (density * 0.6022140857);
        return Math.Cbrt(volume);
    }

    /// <summary>
    /// Estimated packing fraction of additive exclusion spheres: O has radius r_O = d(O-O)/2 and a cation s the
    /// radius d(s-O) - r_O (cation-O contacts dominate an oxide; the cations are dilute), so that each
    /// cation-O and the O-O minimum distance is a contact distance.
    /// </summary>
    public static double PackingFraction(int[] counts, double[,] minDist, double edge)
    {
        const int o = LlzoSpecies.O;
        double rO = minDist[o, o] / 2;
        double v = counts[o] * 4.0 / 3.0 * Math.PI * rO * rO * rO;
        for (int s = 0; s < 3; s++)
        {
            double r = counts[o] > 0 ? Math.Max(minDist[s, o] - rO, 0) : minDist[s, s] / 2;
            v += counts[s] * 4.0 / 3.0 * Math.PI * r * r * r;
        }
        return v / (edge * edge * edge);
    }

    public static (StructureData Data, AmorphousComposition Composition) Build(AmorphousOptions o)
    {
        if (!(o.Density > 0)) throw new GarneticsException($"density must be positive, got {o.Density.ToString(CultureInfo.InvariantCulture)}");
        var comp = Compose(o.Li, o.La, o.Zr, o.Atoms);
        var counts = comp.Counts;
        double edge = BoxEdge(counts, o.Density);
        double dmax = 0;
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
            {
                if (o.MinDist[i, j] < 0) throw new GarneticsException("minimum distances must be >= 0");
                if (counts[i] > 0 && counts[j] > 0) dmax = Math.Max(dmax, o.MinDist[i, j]);
            }
        double phi = PackingFraction(counts, o.MinDist, edge);
        if (phi > MaxPackingFraction)
            throw new GarneticsException(FormattableString.Invariant(
                $"density {o.Density:G6} g/cm^3 cannot fit the minimum distances: the exclusion spheres would fill an estimated {phi:F3} of the volume (random insertion jams near 0.38; at most {MaxPackingFraction} is accepted); lower the density or the minimum distances"));
        if (dmax >= edge / 2)
            throw new GarneticsException(FormattableString.Invariant($"the box ({edge:G6} A) is too small for the minimum distance {dmax:G6} A; use more atoms"));

        // cell list over the cubic box: cells of side >= dmax, 27 neighbours
        int nc = Math.Max(1, (int)Math.Floor(edge / Math.Max(dmax, 1e-6)));
        nc = Math.Min(nc, 200);
        if (nc < 3) nc = 1; // with fewer than 3 cells per side the 27-cell stencil would miss or repeat cells
        double cw = edge / nc;
        var head = new List<int>[nc * nc * nc];
        for (int c = 0; c < head.Length; c++) head[c] = [];
        int total = comp.Total;
        var px = new double[total];
        var py = new double[total];
        var pz = new double[total];
        var ps = new int[total];
        int n = 0;
        var rng = new RanMars(o.Seed);
        int CellOf(double v) => Math.Min((int)(v / cw), nc - 1);

        // larger exclusion first: La, Zr, O, then Li
        foreach (int sp in new[] { LlzoSpecies.La, LlzoSpecies.Zr, LlzoSpecies.O, LlzoSpecies.Li })
        {
            for (int m = 0; m < counts[sp]; m++)
            {
                bool placed = false;
                for (int trial = 0; trial < o.MaxTrialsPerAtom && !placed; trial++)
                {
                    double x = rng.Uniform() * edge, y = rng.Uniform() * edge, z = rng.Uniform() * edge;
                    int ci = CellOf(x), cj = CellOf(y), ck = CellOf(z);
                    bool clash = false;
                    int span = nc >= 3 ? 1 : 0;
                    for (int di = -span; di <= span && !clash; di++)
                        for (int dj = -span; dj <= span && !clash; dj++)
                            for (int dk = -span; dk <= span && !clash; dk++)
                            {
                                int c = ((ci + di + nc) % nc * nc + (cj + dj + nc) % nc) * nc + (ck + dk + nc) % nc;
                                foreach (int j in head[c])
                                {
                                    double dx = px[j] - x, dy = py[j] - y, dz = pz[j] - z;
                                    dx -= edge * Math.Round(dx / edge); dy -= edge * Math.Round(dy / edge); dz -= edge * Math.Round(dz / edge);
                                    double r = o.MinDist[sp, ps[j]];
                                    if (dx * dx + dy * dy + dz * dz < r * r) { clash = true; break; }
                                }
                            }
                    if (clash) continue;
                    px[n] = x; py[n] = y; pz[n] = z; ps[n] = sp;
                    head[(ci * nc + cj) * nc + ck].Add(n);
                    n++;
                    placed = true;
                }
                if (!placed)
                    throw new GarneticsException(FormattableString.Invariant(
                        $"density {o.Density:G6} g/cm^3 cannot fit the minimum distances: no room for {LlzoSpecies.Elements[sp]} atom {m + 1} of {counts[sp]} after {o.MaxTrialsPerAtom} random trials ({n} of {total} atoms placed); lower the density or the minimum distances"));
            }
        }

        var data = LlzoSpecies.NewData(edge, edge, edge, o.Charges);
        for (int sp = 0; sp < 4; sp++)
            for (int i = 0; i < n; i++)
                if (ps[i] == sp) LlzoSpecies.Add(data, sp, px[i], py[i], pz[i]);
        return (data, comp);
    }
}
