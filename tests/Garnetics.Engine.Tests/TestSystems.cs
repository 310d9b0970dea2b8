namespace Garnetics.Engine.Tests;

internal static class TestSystems
{
    /// <summary>
    /// A CIF of a body-centred centrosymmetric cell: the <paramref name="header"/> lines (data_ and cell), the four
    /// operations x,y,z, -x,-y,-z and both with +1/2 +1/2 +1/2 in a loop under <paramref name="symopTag"/>, and the atom
    /// sites (label, type symbol, fractional x y z, occupancy), one row a line.
    /// </summary>
    public static string BodyCentredCif(string header, string symopTag, string sites) => header + $"""

        loop_
         {symopTag}
          'x, y, z'
          '-x, -y, -z'
          'x+1/2, y+1/2, z+1/2'
          '-x+1/2, -y+1/2, -z+1/2'
        loop_
         _atom_site_label
         _atom_site_type_symbol
         _atom_site_fract_x
         _atom_site_fract_y
         _atom_site_fract_z
         _atom_site_occupancy

        """ + sites;

    /// <summary>The 3-atom system of the LAMMPS reference dumps (tests/.../DumpTests: made with lmp 29Sep2021 read_data + write_dump).</summary>
    public static Simulation ThreeAtoms(bool triclinic)
    {
        var sim = new Simulation().Quiet();
        sim.Atoms.Style = "charge";
        var b = sim.Box;
        b.XLo = 0; b.XHi = 4; b.YLo = 0; b.YHi = 3; b.ZLo = -1; b.ZHi = 1.5;
        if (triclinic) { b.XY = 0.5; b.XZ = 0.25; b.YZ = -0.5; b.Triclinic = true; }
        b.Defined = true;
        b.SetGlobal();
        var a = sim.Atoms;
        a.SetTypes(2);
        a.Mass[1] = 1.0; a.Mass[2] = 2.5; a.MassSet[1] = a.MassSet[2] = true;
        // LAMMPS local order: as in the data file (2, 1, 3)
        Add(a, 2, 1, 0.5, 1.25, 0.5, 0.75, 1, 0, -1, 1e-7, 12345678, -0.0001);
        Add(a, 1, 2, -0.25, 3.5, 2.75, -0.5, 0, 2, 0, 0.1, -0.2, 0.3);
        if (triclinic) Add(a, 3, 1, 0, 4.125, 0.0625, 1.25, -4, 1, 1, 0, 0, 0);
        else Add(a, 3, 1, 0, 0.125, 0.0625, 1.25, -3, 1, 1, 0, 0, 0);
        sim.RecountAtoms();
        return sim;
    }

    private static void Add(Atoms a, int tag, int type, double q, double x, double y, double z, int ix, int iy, int iz, double vx, double vy, double vz)
    {
        int i = a.AddLocal(tag, type, x, y, z);
        a.Q[i] = q;
        a.Image[3 * i] = ix; a.Image[3 * i + 1] = iy; a.Image[3 * i + 2] = iz;
        a.V[3 * i] = vx; a.V[3 * i + 1] = vy; a.V[3 * i + 2] = vz;
    }

    /// <summary>fcc LJ crystal (density 0.8442, n x n x n cells) with seeded random velocities.</summary>
    public static Simulation LjFcc(int n, int seed, bool triclinic = false, double vscale = 4.0)
    {
        var sim = new Simulation().Quiet();
        double a0 = Math.Pow(4.0 / 0.8442, 1.0 / 3.0);
        var b = sim.Box;
        b.XLo = 0; b.XHi = n * a0; b.YLo = 0; b.YHi = n * a0; b.ZLo = 0; b.ZHi = n * a0;
        if (triclinic) { b.XY = 0.3 * a0; b.XZ = -0.2 * a0; b.YZ = 0.1 * a0; b.Triclinic = true; }
        b.Defined = true;
        b.SetGlobal();
        var at = sim.Atoms;
        at.SetTypes(1);
        at.Mass[1] = 1.0; at.MassSet[1] = true;
        var rnd = new Random(seed);
        int tag = 1;
        foreach (var (u, v, w) in Fcc.Sites(n, zOuter: true))
        {
            b.FromLamda(u / n, v / n, w / n, out var x, out var y, out var z);
            int idx = at.AddLocal(tag++, 1, x, y, z);
            for (int d = 0; d < 3; d++) at.V[3 * idx + d] = vscale * (rnd.NextDouble() - 0.5);
        }
        sim.RecountAtoms();
        return sim;
    }
}
