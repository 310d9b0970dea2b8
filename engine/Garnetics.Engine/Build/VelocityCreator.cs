using Garnetics.Engine.Rng;

namespace Garnetics.Engine.Build;

/// <summary>Distribution of the initial random velocity components (velocity create keyword dist).</summary>
public enum VelocityDistribution { Uniform, Gaussian }

/// <summary>How random numbers are assigned to atoms (velocity create keyword loop).</summary>
public enum VelocityLoop
{
    /// <summary>Loop over all atom IDs 1..N; independent of the processor count (needs consecutive IDs).</summary>
    All,
    /// <summary>Loop over local atoms with a generator seeded seed + rank and warmed up 100 draws.</summary>
    Local,
    /// <summary>Reseed from each atom's coordinates; independent of processor count and atom order.</summary>
    Geom,
}

/// <summary>Options of <c>velocity GROUP create T SEED</c> (LAMMPS defaults).</summary>
public sealed record VelocityCreateOptions
{
    public VelocityDistribution Dist { get; init; } = VelocityDistribution.Uniform;
    public VelocityLoop Loop { get; init; } = VelocityLoop.All;
    /// <summary>Zero the group's linear momentum (mom yes, the default).</summary>
    public bool Mom { get; init; } = true;
    /// <summary>Zero the group's angular momentum about its centre of mass (rot yes; default no).</summary>
    public bool Rot { get; init; }
    /// <summary>Add the new velocities to the existing ones (sum yes; default no).</summary>
    public bool Sum { get; init; }
    /// <summary>Processor rank for loop local (seed + rank); 0 in serial runs.</summary>
    public int Rank { get; init; }
    /// <summary>
    /// Optional temperature of the group's current velocities; when null, the kinetic temperature
    /// sum(m v^2) * mvv2e / (dof * boltz) is used (LAMMPS compute temp).
    /// </summary>
    public Func<double>? Temperature { get; init; }
    /// <summary>units box (true) or lattice (false, the default): scales the values of set and ramp.</summary>
    public bool UnitsBox { get; init; }
    /// <summary>ID given with the temp keyword, for the engine to resolve into <see cref="Temperature"/>.</summary>
    public string? TempComputeId { get; init; }

    /// <summary>
    /// Parse the keyword/value pairs of a velocity command from word <paramref name="start"/> on: dist, sum, mom,
    /// rot, loop, units, temp. bias and rigid are rejected with a clear error.
    /// </summary>
    public static VelocityCreateOptions Parse(CommandArgs args, int start)
    {
        var o = new VelocityCreateOptions();
        for (int i = start; i < args.Count; i += 2)
        {
            string kw = args[i];
            if (i + 1 >= args.Count) throw args.Error(i, $"velocity keyword '{kw}' needs a value");
            o = kw switch
            {
                "dist" => o with { Dist = args.Choice(i + 1, "uniform", "gaussian") == "uniform" ? VelocityDistribution.Uniform : VelocityDistribution.Gaussian },
                "sum" => o with { Sum = args.YesNo(i + 1, "sum") },
                "mom" => o with { Mom = args.YesNo(i + 1, "mom") },
                "rot" => o with { Rot = args.YesNo(i + 1, "rot") },
                "loop" => o with
                {
                    Loop = args.Choice(i + 1, "all", "local", "geom") switch
                    {
                        "all" => VelocityLoop.All,
                        "local" => VelocityLoop.Local,
                        _ => VelocityLoop.Geom,
                    },
                },
                "units" => o with { UnitsBox = args.Choice(i + 1, "box", "lattice") == "box" },
                "temp" => o with { TempComputeId = args.Str(i + 1, "temperature compute ID") },
                "bias" or "rigid" => throw args.Error(i, $"velocity keyword '{kw}' is not supported"),
                _ => throw args.Error(i, $"unknown velocity keyword '{kw}' (supported: dist, sum, mom, rot, loop, units, temp)"),
            };
        }
        return o;
    }
}

/// <summary>
/// The algorithms of LAMMPS's <c>velocity</c> command (create, set, scale, zero) as functions over
/// <see cref="Atoms"/>. Operation order and floating-point expressions follow LAMMPS so that the velocities are
/// bit-identical for a serial run. Temperatures use the supplied degrees of freedom: LAMMPS's compute temp uses
/// dof = 3*Ngroup - 3 (<see cref="DefaultDof"/>) minus constraints removed by fixes.
/// </summary>
public static class VelocityCreator
{
    /// <summary>Three random components: uniform in [-0.5, 0.5) or standard normal (LAMMPS Velocity::triple).</summary>
    private static (double, double, double) Triple(RanPark random, bool gaussian) =>
        gaussian ? (random.Gaussian(), random.Gaussian(), random.Gaussian())
                 : (random.Uniform() - 0.5, random.Uniform() - 0.5, random.Uniform() - 0.5);

    /// <summary>v_i = (vx, vy, vz) / sqrt(m_i), LAMMPS's weighting of created velocities.</summary>
    private static void AssignMassWeighted(Atoms atoms, int i, double vx, double vy, double vz)
    {
        double factor = 1.0 / Math.Sqrt(atoms.Mass[atoms.Type[i]]);
        atoms.V[3 * i] = vx * factor;
        atoms.V[3 * i + 1] = vy * factor;
        atoms.V[3 * i + 2] = vz * factor;
    }

    /// <summary>Warm-up draws for loop local.</summary>
    public const int Warmup = 100;
    /// <summary>Threshold below which the inertia tensor is treated as singular (LAMMPS Group::omega).</summary>
    private const double InertiaEpsilon = 1.0e-6;

    /// <summary>Number of local atoms in the group.</summary>
    public static int Count(Atoms atoms, int groupBit)
    {
        int n = 0;
        for (int i = 0; i < atoms.NLocal; i++) if ((atoms.Mask[i] & groupBit) != 0) n++;
        return n;
    }

    /// <summary>LAMMPS compute temp's default degrees of freedom: 3*N - 3 for the group.</summary>
    public static double DefaultDof(Atoms atoms, int groupBit) => 3.0 * Count(atoms, groupBit) - 3.0;

    /// <summary>
    /// Kinetic temperature of the group: sum(m v^2) * (mvv2e / (dof * boltz)); 0 when dof &lt;= 0 (as LAMMPS).
    /// </summary>
    public static double Temperature(Atoms atoms, int groupBit, double boltz, double mvv2e, double dof)
    {
        double t = 0.0;
        var v = atoms.V;
        for (int i = 0; i < atoms.NLocal; i++)
            if ((atoms.Mask[i] & groupBit) != 0)
                t += (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]) * atoms.Mass[atoms.Type[i]];
        double tfactor = dof > 0.0 ? mvv2e / (dof * boltz) : 0.0;
        return t * tfactor;
    }

    /// <summary>
    /// <c>velocity GROUP create T SEED</c>: random velocities with a 1/sqrt(m) factor, optional momentum and
    /// rotation zeroing, then rescaled so that the group's temperature is <paramref name="tDesired"/>.
    /// </summary>
    public static void Create(Atoms atoms, Box box, int groupBit, double boltz, double mvv2e, double dof,
        double tDesired, int seed, VelocityCreateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        ArgumentNullException.ThrowIfNull(box);
        var o = options ?? new VelocityCreateOptions();
        if (seed <= 0) throw new GarneticsException($"velocity create: seed must be a positive integer, got {seed}");
        if (tDesired < 0.0) throw new GarneticsException($"velocity create: temperature must be >= 0, got {tDesired}");
        atoms.CheckMasses();
        int nlocal = atoms.NLocal;
        var v = atoms.V;
        var mask = atoms.Mask;

        double[]? vhold = null;
        if (o.Sum)
        {
            vhold = new double[3 * nlocal];
            Array.Copy(v, vhold, 3 * nlocal);
        }

        bool gaussian = o.Dist == VelocityDistribution.Gaussian;
        double vx, vy, vz;
        if (o.Loop == VelocityLoop.All)
        {
            int natoms = nlocal;
            var map = atoms.BuildTagMap();
            if (atoms.MaxTag != natoms)
                throw new GarneticsException("velocity create loop all requires consecutive atom IDs 1..N");
            for (int t = 1; t <= natoms; t++)
                if (map[t] < 0) throw new GarneticsException("velocity create loop all requires consecutive atom IDs 1..N");

            var random = new RanPark(seed);
            for (int tag = 1; tag <= natoms; tag++)
            {
                (vx, vy, vz) = Triple(random, gaussian);
                int m = map[tag];
                if (m >= 0 && m < nlocal && (mask[m] & groupBit) != 0)
                {
                    AssignMassWeighted(atoms, m, vx, vy, vz);
                }
            }
        }
        else if (o.Loop == VelocityLoop.Local)
        {
            var random = new RanPark(seed + o.Rank);
            for (int w = 0; w < Warmup; w++) random.Uniform();
            for (int i = 0; i < nlocal; i++)
            {
                if ((mask[i] & groupBit) == 0) continue;
                (vx, vy, vz) = Triple(random, gaussian);
                AssignMassWeighted(atoms, i, vx, vy, vz);
            }
        }
        else
        {
            // one generator reseeded from (seed, position) for every atom: independent of atom order and layout
            var random = new RanPark(1);
            var x = atoms.X;
            for (int i = 0; i < nlocal; i++)
            {
                if ((mask[i] & groupBit) == 0) continue;
                random.Reset(seed, x[3 * i], x[3 * i + 1], x[3 * i + 2]);
                (vx, vy, vz) = Triple(random, gaussian);
                AssignMassWeighted(atoms, i, vx, vy, vz);
            }
        }

        if (o.Mom) ZeroMomentum(atoms, groupBit);
        if (o.Rot) ZeroRotation(atoms, box, groupBit);

        double tcur = o.Temperature?.Invoke() ?? Temperature(atoms, groupBit, boltz, mvv2e, dof);
        Rescale(atoms, groupBit, tcur, tDesired);

        if (vhold != null)
            for (int i = 0; i < nlocal; i++)
                if ((mask[i] & groupBit) != 0)
                {
                    v[3 * i] += vhold[3 * i];
                    v[3 * i + 1] += vhold[3 * i + 1];
                    v[3 * i + 2] += vhold[3 * i + 2];
                }
    }

    /// <summary>
    /// <c>velocity GROUP set vx vy vz [sum yes|no]</c>: null components are left unchanged. Values are multiplied
    /// by the scale factors (the lattice spacings for units lattice, LAMMPS's default; 1 for units box).
    /// </summary>
    public static void Set(Atoms atoms, int groupBit, double? vx, double? vy, double? vz, bool sum = false,
        double xscale = 1.0, double yscale = 1.0, double zscale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        double?[] val = [vx * xscale, vy * yscale, vz * zscale];
        var v = atoms.V;
        for (int i = 0; i < atoms.NLocal; i++)
        {
            if ((atoms.Mask[i] & groupBit) == 0) continue;
            for (int d = 0; d < 3; d++)
            {
                if (val[d] is not { } value) continue;
                if (sum) v[3 * i + d] += value;
                else v[3 * i + d] = value;
            }
        }
    }

    /// <summary><c>velocity GROUP scale T</c>: rescale the group's velocities to temperature T.</summary>
    public static void Scale(Atoms atoms, int groupBit, double boltz, double mvv2e, double dof, double tDesired,
        Func<double>? temperature = null)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        if (tDesired < 0.0) throw new GarneticsException($"velocity scale: temperature must be >= 0, got {tDesired}");
        double t = temperature?.Invoke() ?? Temperature(atoms, groupBit, boltz, mvv2e, dof);
        Rescale(atoms, groupBit, t, tDesired);
    }

    /// <summary>Multiply the group's velocities by sqrt(tNew/tOld).</summary>
    public static void Rescale(Atoms atoms, int groupBit, double tOld, double tNew)
    {
        if (!(tOld > 0.0))
            throw new GarneticsException($"cannot rescale velocities to a temperature: the current temperature is {tOld} (no atoms, no degrees of freedom or all velocities zero)");
        double factor = Math.Sqrt(tNew / tOld);
        var v = atoms.V;
        for (int i = 0; i < atoms.NLocal; i++)
            if ((atoms.Mask[i] & groupBit) != 0)
            {
                v[3 * i] *= factor;
                v[3 * i + 1] *= factor;
                v[3 * i + 2] *= factor;
            }
    }

    /// <summary>Total mass of the group.</summary>
    public static double GroupMass(Atoms atoms, int groupBit)
    {
        double one = 0.0;
        for (int i = 0; i < atoms.NLocal; i++)
            if ((atoms.Mask[i] & groupBit) != 0) one += atoms.Mass[atoms.Type[i]];
        return one;
    }

    /// <summary>Centre-of-mass velocity of the group.</summary>
    public static (double x, double y, double z) Vcm(Atoms atoms, int groupBit, double masstotal)
    {
        double p0 = 0, p1 = 0, p2 = 0;
        var v = atoms.V;
        for (int i = 0; i < atoms.NLocal; i++)
            if ((atoms.Mask[i] & groupBit) != 0)
            {
                double m = atoms.Mass[atoms.Type[i]];
                p0 += v[3 * i] * m;
                p1 += v[3 * i + 1] * m;
                p2 += v[3 * i + 2] * m;
            }
        if (masstotal > 0.0) { p0 /= masstotal; p1 /= masstotal; p2 /= masstotal; }
        return (p0, p1, p2);
    }

    /// <summary>Centre of mass of the group from unwrapped coordinates.</summary>
    public static (double x, double y, double z) Xcm(Atoms atoms, Box box, int groupBit, double masstotal)
    {
        double c0 = 0, c1 = 0, c2 = 0;
        for (int i = 0; i < atoms.NLocal; i++)
            if ((atoms.Mask[i] & groupBit) != 0)
            {
                double m = atoms.Mass[atoms.Type[i]];
                Unwrapped(atoms, box, i, out var ux, out var uy, out var uz);
                c0 += ux * m;
                c1 += uy * m;
                c2 += uz * m;
            }
        if (masstotal > 0.0) { c0 /= masstotal; c1 /= masstotal; c2 /= masstotal; }
        return (c0, c1, c2);
    }

    /// <summary><c>velocity GROUP zero linear</c>: subtract the centre-of-mass velocity.</summary>
    public static void ZeroMomentum(Atoms atoms, int groupBit)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        if (Count(atoms, groupBit) == 0) throw new GarneticsException("cannot zero momentum of no atoms");
        double masstotal = GroupMass(atoms, groupBit);
        var (cx, cy, cz) = Vcm(atoms, groupBit, masstotal);
        var v = atoms.V;
        for (int i = 0; i < atoms.NLocal; i++)
            if ((atoms.Mask[i] & groupBit) != 0)
            {
                v[3 * i] -= cx;
                v[3 * i + 1] -= cy;
                v[3 * i + 2] -= cz;
            }
    }

    /// <summary>
    /// <c>velocity GROUP zero angular</c>: remove the rigid rotation omega x r about the group's centre of mass,
    /// with omega = I^-1 L from the angular momentum and inertia tensor (unwrapped coordinates).
    /// </summary>
    public static void ZeroRotation(Atoms atoms, Box box, int groupBit)
    {
        ArgumentNullException.ThrowIfNull(atoms);
        ArgumentNullException.ThrowIfNull(box);
        if (Count(atoms, groupBit) == 0) throw new GarneticsException("cannot zero angular momentum of no atoms");
        double masstotal = GroupMass(atoms, groupBit);
        var (xc, yc, zc) = Xcm(atoms, box, groupBit, masstotal);
        var v = atoms.V;
        var mask = atoms.Mask;

        // angular momentum and inertia tensor about the centre of mass
        double l0 = 0, l1 = 0, l2 = 0;
        var inertia = new double[3, 3];
        for (int i = 0; i < atoms.NLocal; i++)
        {
            if ((mask[i] & groupBit) == 0) continue;
            Unwrapped(atoms, box, i, out var ux, out var uy, out var uz);
            double dx = ux - xc, dy = uy - yc, dz = uz - zc;
            double m = atoms.Mass[atoms.Type[i]];
            l0 += m * (dy * v[3 * i + 2] - dz * v[3 * i + 1]);
            l1 += m * (dz * v[3 * i] - dx * v[3 * i + 2]);
            l2 += m * (dx * v[3 * i + 1] - dy * v[3 * i]);
        }
        for (int i = 0; i < atoms.NLocal; i++)
        {
            if ((mask[i] & groupBit) == 0) continue;
            Unwrapped(atoms, box, i, out var ux, out var uy, out var uz);
            double dx = ux - xc, dy = uy - yc, dz = uz - zc;
            double m = atoms.Mass[atoms.Type[i]];
            inertia[0, 0] += m * (dy * dy + dz * dz);
            inertia[1, 1] += m * (dx * dx + dz * dz);
            inertia[2, 2] += m * (dx * dx + dy * dy);
            inertia[0, 1] -= m * dx * dy;
            inertia[1, 2] -= m * dy * dz;
            inertia[0, 2] -= m * dx * dz;
        }
        inertia[1, 0] = inertia[0, 1];
        inertia[2, 1] = inertia[1, 2];
        inertia[2, 0] = inertia[0, 2];

        var w = Omega([l0, l1, l2], inertia);
        for (int i = 0; i < atoms.NLocal; i++)
        {
            if ((mask[i] & groupBit) == 0) continue;
            Unwrapped(atoms, box, i, out var ux, out var uy, out var uz);
            double dx = ux - xc, dy = uy - yc, dz = uz - zc;
            v[3 * i] -= w[1] * dz - w[2] * dy;
            v[3 * i + 1] -= w[2] * dx - w[0] * dz;
            v[3 * i + 2] -= w[0] * dy - w[1] * dx;
        }
    }

    private static void Unwrapped(Atoms atoms, Box box, int i, out double ux, out double uy, out double uz) =>
        box.Unmap(atoms.X[3 * i], atoms.X[3 * i + 1], atoms.X[3 * i + 2],
            atoms.Image[3 * i], atoms.Image[3 * i + 1], atoms.Image[3 * i + 2], out ux, out uy, out uz);

    /// <summary>
    /// Angular velocity from angular momentum and inertia tensor: the explicit inverse when the determinant is
    /// above 1e-6, otherwise via principal axes with moments below 1e-6 * max treated as zero (linear or
    /// two-atom groups).
    /// </summary>
    internal static double[] Omega(double[] angmom, double[,] I)
    {
        double det = I[0, 0] * I[1, 1] * I[2, 2] + I[0, 1] * I[1, 2] * I[2, 0] + I[0, 2] * I[1, 0] * I[2, 1] -
                     I[0, 0] * I[1, 2] * I[2, 1] - I[0, 1] * I[1, 0] * I[2, 2] - I[2, 0] * I[1, 1] * I[0, 2];
        var w = new double[3];
        if (det > InertiaEpsilon)
        {
            var inv = new double[3, 3];
            inv[0, 0] = I[1, 1] * I[2, 2] - I[1, 2] * I[2, 1];
            inv[0, 1] = -(I[0, 1] * I[2, 2] - I[0, 2] * I[2, 1]);
            inv[0, 2] = I[0, 1] * I[1, 2] - I[0, 2] * I[1, 1];
            inv[1, 0] = -(I[1, 0] * I[2, 2] - I[1, 2] * I[2, 0]);
            inv[1, 1] = I[0, 0] * I[2, 2] - I[0, 2] * I[2, 0];
            inv[1, 2] = -(I[0, 0] * I[1, 2] - I[0, 2] * I[1, 0]);
            inv[2, 0] = I[1, 0] * I[2, 1] - I[1, 1] * I[2, 0];
            inv[2, 1] = -(I[0, 0] * I[2, 1] - I[0, 1] * I[2, 0]);
            inv[2, 2] = I[0, 0] * I[1, 1] - I[0, 1] * I[1, 0];
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    inv[a, b] /= det;
            for (int a = 0; a < 3; a++)
                w[a] = inv[a, 0] * angmom[0] + inv[a, 1] * angmom[1] + inv[a, 2] * angmom[2];
            return w;
        }

        JacobiEigen(I, out var evals, out var evecs);
        double max = Math.Max(Math.Max(evals[0], evals[1]), evals[2]);
        for (int k = 0; k < 3; k++)
        {
            if (evals[k] < InertiaEpsilon * max) continue;
            double lk = angmom[0] * evecs[0, k] + angmom[1] * evecs[1, k] + angmom[2] * evecs[2, k];
            double wk = lk / evals[k];
            for (int a = 0; a < 3; a++) w[a] += wk * evecs[a, k];
        }
        return w;
    }

    // cyclic Jacobi eigen-decomposition of a symmetric 3x3 matrix; eigenvectors are the columns of v
    private static void JacobiEigen(double[,] matrix, out double[] evals, out double[,] v)
    {
        var a = (double[,])matrix.Clone();
        v = new double[3, 3];
        for (int d = 0; d < 3; d++) v[d, d] = 1.0;
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (off == 0.0) break;
            for (int p = 0; p < 2; p++)
                for (int q = p + 1; q < 3; q++)
                {
                    if (a[p, q] == 0.0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2.0 * a[p, q]);
                    double t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1.0));
                    if (theta == 0.0) t = 1.0;
                    double c = 1.0 / Math.Sqrt(t * t + 1.0), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq;
                        a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk;
                        a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq;
                        v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        evals = [a[0, 0], a[1, 1], a[2, 2]];
    }
}
