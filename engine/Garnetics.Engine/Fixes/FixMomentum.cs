namespace Garnetics.Engine.Fixes;

[FixStyle("momentum", Syntax = "fix ID group momentum N [linear xflag yflag zflag] [angular] [rescale]",
    Help = """
        Every N steps (at the end of the step) zero the group's linear momentum (subtract the centre-of-mass velocity in
        the dimensions whose flag is 1) and/or its angular momentum about the centre of mass (subtract omega x r, with
        omega = I^-1 L from unwrapped positions), as LAMMPS fix momentum. rescale restores the kinetic energy the group
        had before. At least one of linear or angular is required.
        """)]
public sealed class FixMomentum : Fix
{
    private int _nevery;
    private bool _linear, _angular, _rescale;
    private bool _xflag = true, _yflag = true, _zflag = true;

    public override int NEvery => _nevery;

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 1) throw args.Error("fix momentum needs N");
        _nevery = args.Int(0, "N");
        if (_nevery <= 0) throw args.Error(0, "fix momentum N must be > 0");
        for (int i = 1; i < args.Count;)
        {
            switch (args[i])
            {
                case "linear":
                    if (i + 3 >= args.Count) throw args.Error(i, "linear needs xflag yflag zflag");
                    _linear = true;
                    _xflag = Flag(args, i + 1); _yflag = Flag(args, i + 2); _zflag = Flag(args, i + 3);
                    i += 4; break;
                case "angular": _angular = true; i++; break;
                case "rescale": _rescale = true; i++; break;
                default: throw args.Error(i, $"unknown fix momentum keyword '{args[i]}' (expected linear, angular, rescale)");
            }
        }
        if (!_linear && !_angular) throw args.Error("fix momentum needs the linear and/or angular keyword");
    }

    private static bool Flag(CommandArgs args, int i)
    {
        int v = args.Int(i, "flag");
        if (v != 0 && v != 1) throw args.Error(i, "flag must be 0 or 1");
        return v == 1;
    }

    public override void Init()
    {
        if (Sim.GroupCount(GroupBit) == 0) throw new GarneticsException($"fix {Id} momentum: the group has no atoms");
    }

    private double KineticSum()
    {
        var a = Sim.Atoms;
        double ke = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            double vx = a.V[3 * i], vy = a.V[3 * i + 1], vz = a.V[3 * i + 2];
            ke += a.Mass[a.Type[i]] * (vx * vx + vy * vy + vz * vz);
        }
        return Sim.Comm.SumAll(ke);
    }

    public override void EndOfStep()
    {
        var a = Sim.Atoms;
        var v = a.V;
        double masstotal = Sim.GroupMass(GroupBit);
        if (masstotal == 0.0) return;
        double ekinOld = _rescale ? KineticSum() : 0;

        if (_linear)
        {
            Span<double> p = stackalloc double[3];
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((a.Mask[i] & GroupBit) == 0) continue;
                double m = a.Mass[a.Type[i]];
                p[0] += m * v[3 * i]; p[1] += m * v[3 * i + 1]; p[2] += m * v[3 * i + 2];
            }
            Sim.Comm.SumAll(p);
            double vx = p[0] / masstotal, vy = p[1] / masstotal, vz = p[2] / masstotal;
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((a.Mask[i] & GroupBit) == 0) continue;
                if (_xflag) v[3 * i] -= vx;
                if (_yflag) v[3 * i + 1] -= vy;
                if (_zflag) v[3 * i + 2] -= vz;
            }
        }

        if (_angular) RemoveAngular(masstotal);

        if (_rescale)
        {
            double ekinNew = KineticSum();
            double factor = ekinNew != 0.0 ? Math.Sqrt(ekinOld / ekinNew) : 1.0;
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((a.Mask[i] & GroupBit) == 0) continue;
                v[3 * i] *= factor; v[3 * i + 1] *= factor; v[3 * i + 2] *= factor;
            }
        }
    }

    private void Unwrapped(int i, out double x, out double y, out double z)
    {
        var a = Sim.Atoms;
        Sim.Box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2], out x, out y, out z);
    }

    private void RemoveAngular(double masstotal)
    {
        var a = Sim.Atoms;
        var v = a.V;
        // centre of mass (unwrapped)
        Span<double> c = stackalloc double[3];
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            double m = a.Mass[a.Type[i]];
            Unwrapped(i, out var x, out var y, out var z);
            c[0] += m * x; c[1] += m * y; c[2] += m * z;
        }
        Sim.Comm.SumAll(c);
        double cx = c[0] / masstotal, cy = c[1] / masstotal, cz = c[2] / masstotal;

        // angular momentum and inertia tensor about it
        Span<double> li = stackalloc double[9]; // L(3), Ixx Iyy Izz Ixy Iyz Ixz
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            double m = a.Mass[a.Type[i]];
            Unwrapped(i, out var x, out var y, out var z);
            double dx = x - cx, dy = y - cy, dz = z - cz;
            double vx = v[3 * i], vy = v[3 * i + 1], vz = v[3 * i + 2];
            li[0] += m * (dy * vz - dz * vy);
            li[1] += m * (dz * vx - dx * vz);
            li[2] += m * (dx * vy - dy * vx);
            li[3] += m * (dy * dy + dz * dz);
            li[4] += m * (dx * dx + dz * dz);
            li[5] += m * (dx * dx + dy * dy);
            li[6] -= m * dx * dy;
            li[7] -= m * dy * dz;
            li[8] -= m * dx * dz;
        }
        Sim.Comm.SumAll(li);
        var inertia = new double[3, 3]
        {
            { li[3], li[6], li[8] },
            { li[6], li[4], li[7] },
            { li[8], li[7], li[5] },
        };
        var w = Omega(inertia, li[0], li[1], li[2]);
        for (int i = 0; i < a.NLocal; i++)
        {
            if ((a.Mask[i] & GroupBit) == 0) continue;
            Unwrapped(i, out var x, out var y, out var z);
            double dx = x - cx, dy = y - cy, dz = z - cz;
            v[3 * i] -= w[1] * dz - w[2] * dy;
            v[3 * i + 1] -= w[2] * dx - w[0] * dz;
            v[3 * i + 2] -= w[0] * dy - w[1] * dx;
        }
    }

    /// <summary>omega = I^-1 L; for a (nearly) singular I, the pseudo-inverse over its non-zero principal moments.</summary>
    internal static double[] Omega(double[,] I, double lx, double ly, double lz)
    {
        double det = I[0, 0] * (I[1, 1] * I[2, 2] - I[1, 2] * I[2, 1])
                   - I[0, 1] * (I[1, 0] * I[2, 2] - I[1, 2] * I[2, 0])
                   + I[0, 2] * (I[1, 0] * I[2, 1] - I[1, 1] * I[2, 0]);
        if (det > 1.0e-6)
        {
            var inv = new double[3, 3];
            inv[0, 0] = (I[1, 1] * I[2, 2] - I[1, 2] * I[2, 1]) / det;
            inv[0, 1] = -(I[0, 1] * I[2, 2] - I[0, 2] * I[2, 1]) / det;
            inv[0, 2] = (I[0, 1] * I[1, 2] - I[0, 2] * I[1, 1]) / det;
            inv[1, 0] = -(I[1, 0] * I[2, 2] - I[1, 2] * I[2, 0]) / det;
            inv[1, 1] = (I[0, 0] * I[2, 2] - I[0, 2] * I[2, 0]) / det;
            inv[1, 2] = -(I[0, 0] * I[1, 2] - I[0, 2] * I[1, 0]) / det;
            inv[2, 0] = (I[1, 0] * I[2, 1] - I[1, 1] * I[2, 0]) / det;
            inv[2, 1] = -(I[0, 0] * I[2, 1] - I[0, 1] * I[2, 0]) / det;
            inv[2, 2] = (I[0, 0] * I[1, 1] - I[0, 1] * I[1, 0]) / det;
            return
            [
                inv[0, 0] * lx + inv[0, 1] * ly + inv[0, 2] * lz,
                inv[1, 0] * lx + inv[1, 1] * ly + inv[1, 2] * lz,
                inv[2, 0] * lx + inv[2, 1] * ly + inv[2, 2] * lz,
            ];
        }
        var (evals, evecs) = Jacobi3(I);
        double max = Math.Max(evals[0], Math.Max(evals[1], evals[2]));
        var wv = new double[3];
        for (int k = 0; k < 3; k++)
        {
            if (evals[k] < 1.0e-6 * max || evals[k] <= 0) continue;
            double proj = (evecs[0, k] * lx + evecs[1, k] * ly + evecs[2, k] * lz) / evals[k];
            for (int d = 0; d < 3; d++) wv[d] += proj * evecs[d, k];
        }
        return wv;
    }

    /// <summary>Eigen-decomposition of a symmetric 3x3 matrix by cyclic Jacobi rotations (columns are eigenvectors).</summary>
    internal static (double[] values, double[,] vectors) Jacobi3(double[,] m)
    {
        var a = (double[,])m.Clone();
        var v = new double[3, 3] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(a[0, 1]) + Math.Abs(a[0, 2]) + Math.Abs(a[1, 2]);
            if (off < 1e-300) break;
            for (int p = 0; p < 2; p++)
                for (int q = p + 1; q < 3; q++)
                {
                    if (a[p, q] == 0) continue;
                    double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
                    double c = 1 / Math.Sqrt(t * t + 1), s = t * c;
                    for (int k = 0; k < 3; k++)
                    {
                        double akp = a[k, p], akq = a[k, q];
                        a[k, p] = c * akp - s * akq; a[k, q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double apk = a[p, k], aqk = a[q, k];
                        a[p, k] = c * apk - s * aqk; a[q, k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < 3; k++)
                    {
                        double vkp = v[k, p], vkq = v[k, q];
                        v[k, p] = c * vkp - s * vkq; v[k, q] = s * vkp + c * vkq;
                    }
                }
        }
        return ([a[0, 0], a[1, 1], a[2, 2]], v);
    }
}
