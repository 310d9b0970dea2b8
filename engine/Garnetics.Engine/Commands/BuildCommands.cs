using Garnetics.Engine.Build;

namespace Garnetics.Engine.Commands;

internal static class LatticeState
{
    public const string Key = "lattice";
    public static Lattice? Get(Simulation sim) => sim.Objects.GetValueOrDefault(Key) as Lattice;
}

[Command("lattice", Syntax = "lattice none|sc|bcc|fcc|hcp|diamond|custom scale [origin x y z] [spacing dx dy dz] [a1/a2/a3 x y z] [basis x y z]",
    Help = """
        Define a lattice for create_atoms and for distances in lattice units. scale is the reduced density rho* in lj
        units (lattice constant (nbasis/rho*)^(1/3)) and the lattice constant in Angstrom in metal units. The default
        orientation is the only one supported.
        """)]
public sealed class LatticeCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1);
        var lat = args[0] == "none" && args.Count == 1 ? Lattice.None() : Lattice.Parse(args, sim.Units);
        sim.Objects[LatticeState.Key] = lat;
        if (args[0] != "none")
            sim.Print(FormattableString.Invariant($"Lattice spacing in x,y,z = {lat.XLattice:G8} {lat.YLattice:G8} {lat.ZLattice:G8}"));
    }
}

[Command("region", Syntax = "region ID block xlo xhi ylo yhi zlo zhi [side in|out] [units lattice|box] | region ID delete",
    Help = """
        Define a geometric region: an axis-aligned block (INF for unbounded, EDGE for the box bound). Bounds are in
        lattice units by default (units lattice), else box units. Used by create_box, create_atoms, group and
        delete_atoms.
        """)]
public sealed class RegionCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        if (args[1] == "delete")
        {
            if (!sim.Objects.Remove(RegionLookup.Prefix + args[0])) throw args.Error(0, $"region ID '{args[0]}' does not exist");
            return;
        }
        if (sim.Objects.ContainsKey(RegionLookup.Prefix + args[0])) throw args.Error(0, $"region ID '{args[0]}' already exists");
        if (args[1] != "block") throw args.Error(1, $"unsupported region style '{args[1]}' (supported: block)");
        var r = RegionBlock.Parse(args, sim.Box.Defined ? sim.Box : null, LatticeState.Get(sim));
        sim.Objects[RegionLookup.Prefix + args[0]] = r;
    }
}

[Command("create_box", Syntax = "create_box N region-ID",
    Help = "Create an orthogonal periodic box with the bounds of a block region and N atom types (no atoms).")]
public sealed class CreateBoxCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        if (sim.Box.Defined) throw args.Error(0, "create_box: a simulation box already exists");
        int n = args.Int(0, "number of atom types");
        if (n < 1) throw args.Error(0, "number of atom types must be >= 1");
        if (RegionLookup.Find(sim, args[1], args, 1) is not RegionBlock r)
            throw args.Error(1, "create_box needs a block region");
        if (!r.Interior || Math.Abs(r.XLo) >= RegionBlock.Big || Math.Abs(r.XHi) >= RegionBlock.Big ||
            Math.Abs(r.YLo) >= RegionBlock.Big || Math.Abs(r.YHi) >= RegionBlock.Big ||
            Math.Abs(r.ZLo) >= RegionBlock.Big || Math.Abs(r.ZHi) >= RegionBlock.Big)
            throw args.Error(1, "create_box needs a bounded region (no INF, side in)");
        if (args.Count > 2)
            throw args.Error(2, $"create_box keyword '{args[2]}' is not supported (no bonds/angles in atom styles atomic and charge)");
        var box = sim.Box;
        box.XLo = r.XLo; box.XHi = r.XHi; box.YLo = r.YLo; box.YHi = r.YHi; box.ZLo = r.ZLo; box.ZHi = r.ZHi;
        box.XY = box.XZ = box.YZ = 0;
        box.Triclinic = false;
        box.SetGlobal();
        box.Defined = true;
        sim.Atoms.SetTypes(n);
        sim.Print(FormattableString.Invariant($"Created orthogonal box = ({box.XLo:G8} {box.YLo:G8} {box.ZLo:G8}) to ({box.XHi:G8} {box.YHi:G8} {box.ZHi:G8})"));
    }
}

[Command("create_atoms", Syntax = "create_atoms TYPE box | region ID | single x y z | random N seed region-ID [basis M T] [units box|lattice]",
    Help = """
        Create atoms on the lattice sites inside the box or a region (LAMMPS's order: loops over k, j, i unit cells then
        basis atoms), a single atom, or N atoms at random positions (LAMMPS's RanPark sequence). Positions of `single`
        are in lattice units unless units box.
        """)]
public sealed class CreateAtomsCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        sim.RequireBox(args);
        var a = sim.Atoms;
        int type = args.Int(0, "atom type");
        if (type < 1 || type > a.NTypes) throw args.Error(0, $"atom type {type} is out of range 1..{a.NTypes}");
        string style = args.Choice(1, "box", "region", "single", "random");
        int next = style switch { "box" => 2, "region" => 3, "single" => 5, _ => 5 };
        if (args.Count < next) throw args.Error($"create_atoms {style} needs more arguments");
        bool unitsBox = false;
        int[]? basisTypes = null;
        var lattice = LatticeState.Get(sim);
        for (int k = next; k < args.Count;)
        {
            switch (args[k])
            {
                case "units": unitsBox = args.Choice(k + 1, "box", "lattice") == "box"; k += 2; break;
                case "basis":
                {
                    if (lattice == null) throw args.Error(k, "create_atoms basis needs a lattice");
                    basisTypes ??= Enumerable.Repeat(type, lattice.NBasis).ToArray();
                    int m = args.Int(k + 1, "basis atom index");
                    int t = args.Int(k + 2, "atom type");
                    if (m < 1 || m > lattice.NBasis) throw args.Error(k + 1, $"basis atom {m} is out of range 1..{lattice.NBasis}");
                    if (t < 1 || t > a.NTypes) throw args.Error(k + 2, $"atom type {t} is out of range 1..{a.NTypes}");
                    basisTypes[m - 1] = t;
                    k += 3; break;
                }
                default: throw args.Error(k, $"unknown create_atoms keyword '{args[k]}' (expected basis, units)");
            }
        }
        int created;
        switch (style)
        {
            case "box":
            case "region":
            {
                if (lattice == null || lattice.Style == "none")
                    throw args.Error(1, "create_atoms box/region needs a lattice (use the lattice command first)");
                RegionBlock? region = null;
                if (style == "region")
                    region = RegionLookup.Find(sim, args[2], args, 2) as RegionBlock ?? throw args.Error(2, "create_atoms region needs a block region");
                created = CreateAtomsBox.Create(a, sim.Box, lattice, type, region, basisTypes);
                break;
            }
            case "single":
            {
                double x = args.Double(2, "x"), y = args.Double(3, "y"), z = args.Double(4, "z");
                if (!unitsBox)
                {
                    if (lattice == null) throw args.Error(2, "create_atoms single in lattice units needs a lattice (or use units box)");
                    lattice.LatticeToBox(ref x, ref y, ref z);
                }
                int ix = 0, iy = 0, iz = 0;
                sim.Box.Remap(ref x, ref y, ref z, ref ix, ref iy, ref iz);
                a.NGhost = 0;
                a.AddLocal(a.MaxTag + 1, type, x, y, z, 1);
                created = 1;
                break;
            }
            default:
            {
                int n = args.Int(2, "number of atoms");
                int seed = args.Int(3, "seed");
                if (n < 0) throw args.Error(2, "number of atoms must be >= 0");
                if (seed <= 0) throw args.Error(3, "seed must be a positive integer");
                IRegion? region = args[4] == "NULL" ? null : RegionLookup.Find(sim, args[4], args, 4);
                created = CreateRandom(sim, type, n, seed, region);
                break;
            }
        }
        sim.RecountAtoms();
        sim.Print($"Created {created} atoms");
    }

    /// <summary>LAMMPS create_atoms random: RanPark(seed) warmed up 30 draws, uniform positions in the box, rejected outside the region.</summary>
    private static int CreateRandom(Simulation sim, int type, int n, int seed, IRegion? region)
    {
        var rng = new Rng.RanPark(seed);
        for (int w = 0; w < 30; w++) rng.Uniform();
        var box = sim.Box;
        var a = sim.Atoms;
        a.NGhost = 0;
        int created = 0;
        long attempts = 0;
        while (created < n)
        {
            if (++attempts > 1000L * Math.Max(n, 1) + 1000)
                throw new GarneticsException($"create_atoms random: could not place {n} atoms in the region after {attempts} attempts");
            double s0 = rng.Uniform(), s1 = rng.Uniform(), s2 = rng.Uniform();
            box.FromLamda(s0, s1, s2, out var x, out var y, out var z);
            if (region != null && !region.Contains(x, y, z)) continue;
            a.AddLocal(a.MaxTag + 1, type, x, y, z, 1);
            created++;
        }
        return created;
    }
}

[Command("velocity", Syntax = "velocity group create T seed [dist uniform|gaussian] [mom yes|no] [rot yes|no] [loop all|local|geom] [sum yes|no] [temp ID] | set vx vy vz [sum yes|no] [units box|lattice] | scale T | zero linear|angular",
    Help = """
        Set atom velocities. create: random velocities reproducing LAMMPS's exactly (RanPark; loop all/local/geom;
        1/sqrt(m) weighting), then zero linear (mom yes, default) and angular (rot yes) momentum, then scale to T with
        dof = 3N-3 (or the named temperature compute). set: fixed components (NULL keeps one; lattice units by default
        as in LAMMPS). scale: rescale to T. zero: remove linear or angular momentum.
        """)]
public sealed class VelocityCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        sim.RequireBox(args);
        var a = sim.Atoms;
        int bit = sim.Groups.BitOf(args, 0);
        var u = sim.Units;
        double dof = VelocityCreator.DefaultDof(a, bit);
        switch (args[1])
        {
            case "create":
            {
                args.Require(4, -1);
                double t = args.Double(2, "temperature");
                if (t < 0) throw args.Error(2, "temperature must be >= 0");
                int seed = args.Int(3, "seed");
                if (seed <= 0) throw args.Error(3, $"velocity create seed must be a positive integer, got {seed}");
                var o = VelocityCreateOptions.Parse(args, 4);
                o = WithTemperature(sim, args, o);
                try { VelocityCreator.Create(a, sim.Box, bit, u.Boltz, u.Mvv2e, dof, t, seed, o); }
                catch (GarneticsException e) when (e.Location == null) { e.Location = args.Location; throw; }
                break;
            }
            case "set":
            {
                args.Require(5, -1);
                double? Comp(int i) => args[i] == "NULL" ? null : args.Double(i, "velocity component");
                var (vx, vy, vz) = (Comp(2), Comp(3), Comp(4));
                var o = VelocityCreateOptions.Parse(args, 5);
                double sx = 1, sy = 1, sz = 1;
                if (!o.UnitsBox)
                {
                    var lat = LatticeState.Get(sim);
                    if (lat != null) (sx, sy, sz) = (lat.XLattice, lat.YLattice, lat.ZLattice);
                }
                VelocityCreator.Set(a, bit, vx, vy, vz, o.Sum, sx, sy, sz);
                break;
            }
            case "scale":
            {
                args.Require(3, -1);
                double t = args.Double(2, "temperature");
                var o = WithTemperature(sim, args, VelocityCreateOptions.Parse(args, 3));
                try { VelocityCreator.Scale(a, bit, u.Boltz, u.Mvv2e, dof, t, o.Temperature); }
                catch (GarneticsException e) when (e.Location == null) { e.Location = args.Location; throw; }
                break;
            }
            case "zero":
            {
                args.Require(3, -1);
                if (args.Choice(2, "linear", "angular") == "linear") VelocityCreator.ZeroMomentum(a, bit);
                else VelocityCreator.ZeroRotation(a, sim.Box, bit);
                break;
            }
            case "ramp": throw args.Error(1, "velocity ramp is not supported");
            default: throw args.Error(1, $"unknown velocity style '{args[1]}' (expected create, set, scale, zero)");
        }
    }

    private static VelocityCreateOptions WithTemperature(Simulation sim, CommandArgs args, VelocityCreateOptions o)
    {
        if (o.TempComputeId == null) return o;
        var c = sim.FindCompute(o.TempComputeId) ?? throw args.Error($"velocity: temperature compute '{o.TempComputeId}' does not exist");
        c.Init();
        return o with { Temperature = c.ComputeScalar };
    }
}
