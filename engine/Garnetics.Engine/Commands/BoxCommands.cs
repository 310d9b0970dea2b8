namespace Garnetics.Engine.Commands;

[Command("change_box", Syntax = "change_box group x|y|z final lo hi | delta dlo dhi | scale f | xy|xz|yz final t | delta dt | triclinic | ortho [remap [x]] [units box]",
    Help = """
        Change the box size or shape. Operations are applied in order; with `remap` the atoms of the group are mapped
        affinely (fractional coordinates kept), otherwise they stay where they are. `triclinic` makes the box triclinic
        with zero tilts; `ortho` requires zero tilts. Distances in box units.
        """)]
public sealed class ChangeBoxCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        sim.RequireBox(args);
        var a = sim.Atoms;
        int bit = sim.Groups.BitOf(args, 0);
        bool remap = false;
        for (int k = 1; k < args.Count; k++) if (args[k] == "remap") remap = true;
        for (int k = 1; k < args.Count; k++) if (args[k] == "units" && k + 1 < args.Count && args.Choice(k + 1, "box", "lattice") == "lattice")
            throw args.Error(k + 1, "change_box units lattice is not supported; use units box");
        var box = sim.Box;
        // fractional coordinates of the group, for remap
        var s = new double[3 * a.NLocal];
        for (int i = 0; i < a.NLocal; i++) box.ToLamda(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], out s[3 * i], out s[3 * i + 1], out s[3 * i + 2]);
        for (int k = 1; k < args.Count;)
        {
            string op = args[k];
            switch (op)
            {
                case "x": case "y": case "z":
                {
                    string how = args.Choice(k + 1, "final", "delta", "scale", "volume");
                    double lo = op == "x" ? box.XLo : op == "y" ? box.YLo : box.ZLo;
                    double hi = op == "x" ? box.XHi : op == "y" ? box.YHi : box.ZHi;
                    switch (how)
                    {
                        case "final": lo = args.Double(k + 2, "lo"); hi = args.Double(k + 3, "hi"); k += 4; break;
                        case "delta": lo += args.Double(k + 2, "dlo"); hi += args.Double(k + 3, "dhi"); k += 4; break;
                        case "scale":
                        {
                            double f = args.Double(k + 2, "scale factor");
                            if (f <= 0) throw args.Error(k + 2, "scale factor must be positive");
                            double mid = 0.5 * (lo + hi), half = 0.5 * (hi - lo) * f;
                            lo = mid - half; hi = mid + half; k += 3; break;
                        }
                        default: throw args.Error(k + 1, "change_box volume is not supported");
                    }
                    if (hi <= lo) throw args.Error(k - 1, $"change_box would make the {op} extent non-positive");
                    if (op == "x") { box.XLo = lo; box.XHi = hi; }
                    else if (op == "y") { box.YLo = lo; box.YHi = hi; }
                    else { box.ZLo = lo; box.ZHi = hi; }
                    break;
                }
                case "xy": case "xz": case "yz":
                {
                    if (!box.Triclinic) throw args.Error(k, $"change_box {op} needs a triclinic box (use change_box ... triclinic first)");
                    string how = args.Choice(k + 1, "final", "delta");
                    double v = args.Double(k + 2, "tilt");
                    double t = op == "xy" ? box.XY : op == "xz" ? box.XZ : box.YZ;
                    t = how == "final" ? v : t + v;
                    if (op == "xy") box.XY = t; else if (op == "xz") box.XZ = t; else box.YZ = t;
                    k += 3; break;
                }
                case "triclinic": box.Triclinic = true; k++; break;
                case "ortho":
                    if (box.XY != 0 || box.XZ != 0 || box.YZ != 0) throw args.Error(k, "change_box ortho needs all tilt factors to be zero");
                    box.Triclinic = false; k++; break;
                case "boundary":
                    for (int d = 0; d < 3; d++) if (args.Str(k + 1 + d) != "p") throw args.Error(k + 1 + d, "only periodic boundaries are supported");
                    k += 4; break;
                case "remap":
                    k++;
                    if (k < args.Count && args[k] == "x") k++;
                    break;
                case "units": k += 2; break;
                default: throw args.Error(k, $"unknown change_box keyword '{op}'");
            }
            box.SetGlobal();
        }
        sim.CheckSkew(args.Location);
        if (remap)
        {
            for (int i = 0; i < a.NLocal; i++)
            {
                if ((a.Mask[i] & bit) == 0) continue;
                box.FromLamda(s[3 * i], s[3 * i + 1], s[3 * i + 2], out a.X[3 * i], out a.X[3 * i + 1], out a.X[3 * i + 2]);
            }
        }
        var img = a.Image;
        for (int i = 0; i < a.NLocal; i++)
            box.Remap(ref a.X[3 * i], ref a.X[3 * i + 1], ref a.X[3 * i + 2], ref img[3 * i], ref img[3 * i + 1], ref img[3 * i + 2]);
    }
}

[Command("replicate", Syntax = "replicate nx ny nz",
    Help = """
        Replicate the current system nx*ny*nz times along the three cell vectors. Atom IDs are renumbered so that copy
        (i,j,k) of atom n gets ID n + N*(i + nx*(j + ny*k)); copies are made from positions unwrapped with the image
        flags and wrapped into the new box (as LAMMPS does); velocities, charges, types and group membership are copied.
        Triclinic boxes are supported.
        """)]
public sealed class ReplicateCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(3);
        sim.RequireBox(args);
        int nx = args.Int(0, "nx"), ny = args.Int(1, "ny"), nz = args.Int(2, "nz");
        if (nx < 1) throw args.Error(0, "replication counts must be >= 1");
        if (ny < 1) throw args.Error(1, "replication counts must be >= 1");
        if (nz < 1) throw args.Error(2, "replication counts must be >= 1");
        long total = (long)sim.Atoms.NLocal * nx * ny * nz;
        if (total > int.MaxValue / 4) throw args.Error($"replicate would create {total} atoms, too many");
        var a = sim.Atoms;
        var box = sim.Box;
        int n0 = a.NLocal;
        a.NGhost = 0;
        // copies are made from unwrapped positions (image flags applied) and wrapped into the new box afterwards
        for (int i = 0; i < n0; i++)
        {
            box.Unmap(a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2], a.Image[3 * i], a.Image[3 * i + 1], a.Image[3 * i + 2], out var ux, out var uy, out var uz);
            a.X[3 * i] = ux; a.X[3 * i + 1] = uy; a.X[3 * i + 2] = uz;
            a.Image[3 * i] = a.Image[3 * i + 1] = a.Image[3 * i + 2] = 0;
        }
        int maxTag = a.MaxTag;
        var old = new Box(); old.CopyFrom(box);
        a.Grow((int)total);
        int idx = n0;
        for (int k = 0; k < nz; k++)
        for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
        {
            if (i == 0 && j == 0 && k == 0) continue;
            old.ImageShift(i, j, k, out var sx, out var sy, out var sz);
            int copy = i + nx * (j + ny * k);
            for (int m = 0; m < n0; m++)
            {
                a.CopyAtom(m, idx);
                a.X[3 * idx] += sx; a.X[3 * idx + 1] += sy; a.X[3 * idx + 2] += sz;
                a.Tag[idx] = a.Tag[m] + maxTag * copy;
                idx++;
            }
        }
        a.NLocal = idx;
        a.MaxTag = maxTag * nx * ny * nz;
        box.XHi = box.XLo + nx * old.Lx;
        box.YHi = box.YLo + ny * old.Ly;
        box.ZHi = box.ZLo + nz * old.Lz;
        box.XY = ny * old.XY;
        box.XZ = nz * old.XZ;
        box.YZ = nz * old.YZ;
        box.SetGlobal();
        var img = a.Image;
        for (int i = 0; i < a.NLocal; i++)
            box.Remap(ref a.X[3 * i], ref a.X[3 * i + 1], ref a.X[3 * i + 2], ref img[3 * i], ref img[3 * i + 1], ref img[3 * i + 2]);
        sim.RecountAtoms();
        sim.Print($"Replicated to {a.NAtoms} atoms ({nx}x{ny}x{nz})");
    }
}
