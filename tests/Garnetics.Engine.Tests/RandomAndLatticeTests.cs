using Garnetics.Engine.Build;
using Garnetics.Engine.Rng;

namespace Garnetics.Engine.Tests;

/// <summary>
/// Parity of the random number generators, lattices, create_atoms and velocity create with LAMMPS. Every reference
/// value is produced by running the LAMMPS executable (see <see cref="LammpsRunner"/>); the tests fail when it is
/// missing.
/// </summary>
public class RandomAndLatticeTests
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- random number generators

    [Theory]
    [InlineData(12345)]
    [InlineData(1)]
    [InlineData(900000000)]
    public void RanMars_UniformMatchesLammpsRandomFunction(int seed)
    {
        // random(0,1,seed) in an immediate expression draws RanMars(seed)->uniform()*(1-0)+0 == uniform(); the
        // generator is created on the first call and kept (later seeds are ignored). The function is used inline:
        // referencing an equal-style variable would round it to 15 digits.
        const int n = 40;
        string deck = "print \"" + string.Concat(Enumerable.Repeat($"$(random(0,1,{seed}):%.17g) ", n)) + "\" file u.txt screen no\n";
        var reference = Numbers.ReadFile(LammpsRunner.Run(deck).File("u.txt"));
        Assert.Equal(n, reference.Length);
        var rng = new RanMars(seed);
        for (int i = 0; i < n; i++) Assert.Equal(reference[i], rng.Uniform());
    }

    [Fact]
    public void RanMars_GaussianMatchesLammpsNormalFunction()
    {
        // normal(0,1,seed) draws 0 + 1*RanMars(seed)->gaussian() == gaussian() (pairs, second value saved)
        const int n = 41;
        string deck = "print \"" + string.Concat(Enumerable.Repeat("$(normal(0,1,4928459):%.17g) ", n)) + "\" file g.txt screen no\n";
        var reference = Numbers.ReadFile(LammpsRunner.Run(deck).File("g.txt"));
        Assert.Equal(n, reference.Length);
        var rng = new RanMars(4928459);
        for (int i = 0; i < n; i++) Assert.Equal(reference[i], rng.Gaussian());
    }

    [Fact]
    public void RanPark_UniformMatchesLammpsCreateAtomsRandom()
    {
        // create_atoms random uses RanPark(seed), warmed up with 30 draws, then x = xlo + u*(xhi-xlo) per component;
        // with a unit box starting at the origin the positions are the raw uniform deviates
        const int n = 50;
        string deck = """
            units lj
            atom_style atomic
            region box block 0 1 0 1 0 1 units box
            create_box 1 box
            create_atoms 1 random 50 4711 NULL
            mass 1 1.0
            write_dump all custom r.txt id x y z modify sort id format float %.17g
            """;
        var rows = LammpsDump.Read(LammpsRunner.Run(deck).File("r.txt"));
        Assert.Equal(n, rows.Length);
        var rng = new RanPark(4711);
        for (int i = 0; i < 30; i++) rng.Uniform();
        foreach (var row in rows)
            for (int d = 1; d <= 3; d++) Assert.Equal(row[d], rng.Uniform());
    }

    [Fact]
    public void RanPark_BasicProperties()
    {
        // minimal standard: seed 1 -> 16807 after one step, 1043618065 after 10000 steps (Park & Miller 1988)
        var rng = new RanPark(1);
        Assert.Equal(16807.0 / 2147483647.0, rng.Uniform());
        for (int i = 1; i < 10000; i++) rng.Uniform();
        Assert.Equal(1043618065, rng.State);
        Assert.Throws<GarneticsException>(() => new RanPark(0));
        Assert.Throws<GarneticsException>(() => new RanMars(0));
        Assert.Throws<GarneticsException>(() => new RanMars(900000001));

        // reset(seed, coord) depends only on its arguments and clears the saved Gaussian
        var a = new RanPark(5);
        var b = new RanPark(99);
        a.Gaussian();
        a.Reset(87287, 1.5, -2.25, 0.0);
        b.Reset(87287, [1.5, -2.25, 0.0]);
        for (int i = 0; i < 5; i++) Assert.Equal(b.Gaussian(), a.Gaussian());
    }

    // ---------------------------------------------------------------- lattices and create_atoms

    private static readonly string MeltSetup = Decks.LjCell(10);

    /// <summary>Build the box of "region box block ..." followed by create_box.</summary>
    private static Box BoxFromRegion(RegionBlock r, bool[]? periodic = null, double[]? tilt = null)
    {
        var box = new Box { XLo = r.XLo, XHi = r.XHi, YLo = r.YLo, YHi = r.YHi, ZLo = r.ZLo, ZHi = r.ZHi, Defined = true };
        if (tilt != null) { box.XY = tilt[0]; box.XZ = tilt[1]; box.YZ = tilt[2]; box.Triclinic = true; }
        if (periodic != null) Array.Copy(periodic, box.Periodic, 3);
        box.SetGlobal();
        return box;
    }

    private static string[] Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static (Atoms atoms, Box box, Lattice lattice) BuildMelt()
    {
        var lattice = Lattice.Parse(CommandArgs.Of("lattice", "fcc", "0.8442"), Units.Lj);
        var region = RegionBlock.Parse(CommandArgs.Of("region", Words("box block 0 10 0 10 0 10")), null, lattice);
        var box = BoxFromRegion(region);
        var atoms = new Atoms();
        atoms.SetTypes(1);
        atoms.Mass[1] = 1.0;
        atoms.MassSet[1] = true;
        int n = CreateAtomsBox.Create(atoms, box, lattice, 1);
        Assert.Equal(4000, n);
        return (atoms, box, lattice);
    }

    [Fact]
    public void Melt_CreateAtomsBox_MatchesLammpsPositionsInOrder()
    {
        var dir = LammpsRunner.Run(MeltSetup +
            "write_dump all custom pos.txt id x y z modify sort id format float %.17g\n" +
            "print \"$(xlat:%.17g) $(ylat:%.17g) $(zlat:%.17g) $(lx:%.17g)\" file lat.txt screen no\n");
        var rows = LammpsDump.Read(dir.File("pos.txt"));
        var lat = Numbers.ReadFile(dir.File("lat.txt"));
        var (atoms, box, lattice) = BuildMelt();

        Assert.Equal(lat[0], lattice.XLattice);
        Assert.Equal(lat[1], lattice.YLattice);
        Assert.Equal(lat[2], lattice.ZLattice);
        Assert.Equal(lat[3], box.Lx);
        Assert.Equal(4000, rows.Length);
        Assert.Equal(4000, atoms.NLocal);
        Assert.Equal(4000L, atoms.NAtoms);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i + 1, (int)rows[i][0]);
            Assert.Equal(i + 1, atoms.Tag[i]);
            for (int d = 0; d < 3; d++) Assert.Equal(rows[i][1 + d], atoms.X[3 * i + d], 1e-12);
        }
    }

    public static TheoryData<string, string, string, string, string?, string?> LatticeCases => new()
    {
        // units, boundary, lattice command args, box region args (after "box"), sub-region args or null, prism tilts or null
        { "lj", "p p p", "fcc 0.8442", "block 0 10 0 10 0 10", null, null },
        { "metal", "p p p", "bcc 3.3", "block 0 4 0 3 0 5", null, null },
        { "metal", "p p p", "hcp 2.95", "block 0 3 0 2 0 2", null, null },
        { "metal", "p p p", "diamond 5.431", "block 0 2.5 0 2 -1 1.3", null, null },
        { "lj", "p p p", "sc 0.9 origin 0.25 0.5 0.1", "block 0 6.3 0 5 0 4", null, null },
        { "lj", "p p f", "bcc 1.2 spacing 1 1 0.5", "block 0 4 0 4 0 4", null, null },
        { "metal", "p f p", "fcc 4.05", "block 0 4 0 4 0 4 units box", null, null },
        { "metal", "p p p", "fcc 3.615", "block 0 6 0 6 0 6", "sub block 1.2 3 INF 4 EDGE 2.5", null },
        { "lj", "p p p", "fcc 0.8442", "block 0 6 0 6 0 6", "sub block 2 4 2 4 2 4 side out", null },
        { "metal", "p p p", "custom 3.0 a1 1 0 0 a2 0 1.2 0 a3 0 0 1.5 basis 0 0 0 basis 0.5 0.5 0.25", "block 0 3 0 3 0 3", null, null },
        { "metal", "p p p", "hcp 2.95", "prism 0 4 0 4 0 4 1.0 0.5 0.3", null, "1.0 0.5 0.3" },
        { "lj", "p p p", "fcc 0.8442", "prism 0 5 0 5 0 5 -1.5 0 2", null, "-1.5 0 2" },
    };

    [Theory]
    [MemberData(nameof(LatticeCases))]
    public void CreateAtoms_MatchesLammps(string units, string boundary, string latticeArgs, string boxArgs,
        string? subRegion, string? tilts)
    {
        string deck = $"""
            units {units}
            atom_style atomic
            boundary {boundary}
            lattice {latticeArgs}
            region box {boxArgs}
            create_box 1 box

            """;
        deck += subRegion != null ? $"region {subRegion}\ncreate_atoms 1 region sub\n" : "create_atoms 1 box\n";
        deck += "mass 1 1.0\n" +
                "write_dump all custom pos.txt id x y z modify sort id format float %.17g\n" +
                "print \"$(xlat:%.17g) $(ylat:%.17g) $(zlat:%.17g)\" file lat.txt screen no\n";
        var dir = LammpsRunner.Run(deck);
        var rows = LammpsDump.Read(dir.File("pos.txt"));
        var lat = Numbers.ReadFile(dir.File("lat.txt"));

        var lattice = Lattice.Parse(CommandArgs.Of("lattice", Words(latticeArgs)), units);
        Assert.Equal(lat[0], lattice.XLattice);
        Assert.Equal(lat[1], lattice.YLattice);
        Assert.Equal(lat[2], lattice.ZLattice);

        var bw = Words(boxArgs);
        double[]? tilt = null;
        if (tilts != null)
        {
            // prism tilts in lattice units: xy and xz scale with xlattice, yz with ylattice
            var t = Words(tilts).Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            tilt = [t[0] * lattice.XLattice, t[1] * lattice.XLattice, t[2] * lattice.YLattice];
            bw = ["block", .. bw[1..7]];
        }
        var boxRegion = RegionBlock.Parse(CommandArgs.Of("region", ["box", .. bw]), null, lattice);
        var periodic = Words(boundary).Select(b => b == "p").ToArray();
        var box = BoxFromRegion(boxRegion, periodic, tilt);
        RegionBlock? sub = subRegion != null ? RegionBlock.Parse(CommandArgs.Of("region", Words(subRegion)), box, lattice) : null;

        var atoms = new Atoms();
        atoms.SetTypes(1);
        CreateAtomsBox.Create(atoms, box, lattice, 1, sub);
        Assert.Equal(rows.Length, atoms.NLocal);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(i + 1, (int)rows[i][0]);
            for (int d = 0; d < 3; d++) Assert.Equal(rows[i][1 + d], atoms.X[3 * i + d], 1e-12);
        }
    }

    [Fact]
    public void Lattice_ErrorsAndSpacings()
    {
        Assert.Throws<GarneticsException>(() => Lattice.Parse(CommandArgs.Of("lattice", Words("fcc 4.05 orient x 1 1 0")), "metal"));
        Assert.Throws<GarneticsException>(() => Lattice.Parse(CommandArgs.Of("lattice", Words("fcc 4.05 origin 1.0 0 0")), "metal"));
        Assert.Throws<GarneticsException>(() => Lattice.Parse(CommandArgs.Of("lattice", Words("fcc -1")), "metal"));
        Assert.Throws<GarneticsException>(() => Lattice.Parse(CommandArgs.Of("lattice", Words("bcc 3 basis 0 0 0")), "metal"));
        Assert.Throws<GarneticsException>(() => Lattice.Parse(CommandArgs.Of("lattice", Words("foo 3")), "metal"));
        var ok = Lattice.Parse(CommandArgs.Of("lattice", Words("fcc 4.05 orient x 1 0 0 orient y 0 1 0 orient z 0 0 1")), "metal");
        Assert.Equal(4.05, ok.XLattice);
        var none = Lattice.Parse(CommandArgs.Of("lattice", Words("none 2.0")), "metal");
        Assert.Equal(2.0, none.YLattice);
        var box = new Box { XHi = 10, YHi = 10, ZHi = 10, Defined = true };
        box.SetGlobal();
        Assert.Throws<GarneticsException>(() => CreateAtomsBox.Sites(none, box));

        var r = RegionBlock.Parse(CommandArgs.Of("region", Words("r block 1 2 INF INF EDGE 3 units box")), box, none);
        Assert.Equal(-RegionBlock.Big, r.YLo);
        Assert.Equal(0.0, r.ZLo);
        Assert.True(r.Contains(1, 5, 3));
        Assert.False(r.Contains(0.5, 5, 3));
        var outside = RegionBlock.Parse(CommandArgs.Of("region", Words("r block 1 2 INF INF EDGE 3 side out")), box, none);
        Assert.True(outside.Contains(0.5, 5, 3));
        Assert.Throws<GarneticsException>(() => RegionBlock.Parse(CommandArgs.Of("region", Words("r block INF 2 0 1 0 1")), null, none));
    }

    // ---------------------------------------------------------------- velocity create

    private static double[][] LammpsVelocities(string setup, string velocityLines)
    {
        var dir = LammpsRunner.Run(setup + velocityLines +
            "\nwrite_dump all custom v.txt id vx vy vz modify sort id format float %.17g\n");
        return LammpsDump.Read(dir.File("v.txt"));
    }

    private static void AssertVelocities(double[][] reference, Atoms atoms, double relTol)
    {
        Assert.Equal(reference.Length, atoms.NLocal);
        var map = atoms.BuildTagMap();
        double worst = 0;
        for (int r = 0; r < reference.Length; r++)
        {
            int i = map[(int)reference[r][0]];
            double d2 = 0, v2 = 0;
            for (int d = 0; d < 3; d++)
            {
                double dv = atoms.V[3 * i + d] - reference[r][1 + d];
                d2 += dv * dv;
                v2 += reference[r][1 + d] * reference[r][1 + d];
            }
            double rel = v2 > 0 ? Math.Sqrt(d2 / v2) : Math.Sqrt(d2);
            worst = Math.Max(worst, rel);
        }
        Assert.True(worst <= relTol, $"worst relative velocity difference {worst:E3} exceeds {relTol:E1}");
    }

    [Theory]
    [InlineData("3.0 87287 loop geom")]
    [InlineData("3.0 87287")]
    [InlineData("3.0 87287 dist gaussian")]
    [InlineData("3.0 87287 dist gaussian loop geom")]
    [InlineData("1.44 4928459 loop local")]
    [InlineData("1.44 4928459 loop local dist gaussian mom no")]
    [InlineData("2.0 12345 mom no")]
    [InlineData("1.5 777 rot yes dist gaussian")]
    public void VelocityCreate_Melt_MatchesLammps(string createArgs)
    {
        var reference = LammpsVelocities(MeltSetup, $"velocity all create {createArgs}");
        var (atoms, box, _) = BuildMelt();
        var w = Words(createArgs);
        var opts = VelocityCreateOptions.Parse(CommandArgs.Of("velocity", w), 2);
        VelocityCreator.Create(atoms, box, 1, Units.Lj.Boltz, Units.Lj.Mvv2e, VelocityCreator.DefaultDof(atoms, 1),
            double.Parse(w[0], CultureInfo.InvariantCulture), int.Parse(w[1], CultureInfo.InvariantCulture), opts);
        AssertVelocities(reference, atoms, 1e-14);
    }

    [Fact]
    public void VelocitySetThenCreateSum_MatchesLammps()
    {
        var reference = LammpsVelocities(MeltSetup,
            "velocity all set 0.1 NULL -0.2 units box\nvelocity all set 0.05 0.02 NULL sum yes\n" +
            "velocity all create 3.0 87287 sum yes\nvelocity all scale 2.5");
        var (atoms, box, lattice) = BuildMelt();
        double dof = VelocityCreator.DefaultDof(atoms, 1);
        VelocityCreator.Set(atoms, 1, 0.1, null, -0.2);
        // no units keyword: units lattice, values are multiplied by the lattice spacings
        VelocityCreator.Set(atoms, 1, 0.05, 0.02, null, sum: true, lattice.XLattice, lattice.YLattice, lattice.ZLattice);
        VelocityCreator.Create(atoms, box, 1, 1.0, 1.0, dof, 3.0, 87287, new VelocityCreateOptions { Sum = true });
        VelocityCreator.Scale(atoms, 1, 1.0, 1.0, dof, 2.5);
        AssertVelocities(reference, atoms, 1e-14);
    }

    [Fact]
    public void VelocityCreate_GroupTwoTypesMetal_MatchesLammps()
    {
        // two masses (1/sqrt(m) factor), a group from a region (dof = 3*Ngroup - 3), metal units
        const string setup = """
            units metal
            atom_style atomic
            lattice fcc 4.05
            region box block 0 4 0 5 0 6
            create_box 2 box
            create_atoms 1 box basis 2 2 basis 4 2
            mass 1 26.98
            mass 2 63.55
            region half block 0 2 INF INF INF INF
            group half region half

            """;
        var reference = LammpsVelocities(setup,
            "velocity half create 600.0 1234 dist gaussian rot yes\nvelocity all set NULL 0.5 NULL sum yes");
        var lattice = Lattice.Parse(CommandArgs.Of("lattice", "fcc", "4.05"), Units.Metal);
        var box = BoxFromRegion(RegionBlock.Parse(CommandArgs.Of("region", Words("box block 0 4 0 5 0 6")), null, lattice));
        var atoms = new Atoms();
        atoms.SetTypes(2);
        atoms.Mass[1] = 26.98; atoms.Mass[2] = 63.55;
        atoms.MassSet[1] = atoms.MassSet[2] = true;
        CreateAtomsBox.Create(atoms, box, lattice, 1, null, [1, 2, 1, 2]);
        var half = RegionBlock.Parse(CommandArgs.Of("region", Words("half block 0 2 INF INF INF INF")), box, lattice);
        const int bit = 2;
        for (int i = 0; i < atoms.NLocal; i++)
            if (half.Contains(atoms.X[3 * i], atoms.X[3 * i + 1], atoms.X[3 * i + 2])) atoms.Mask[i] |= bit;
        VelocityCreator.Create(atoms, box, bit, Units.Metal.Boltz, Units.Metal.Mvv2e,
            VelocityCreator.DefaultDof(atoms, bit), 600.0, 1234,
            new VelocityCreateOptions { Dist = VelocityDistribution.Gaussian, Rot = true });
        // velocity set uses units lattice by default: 0.5 lattice spacings per time unit
        VelocityCreator.Set(atoms, 1, null, 0.5, null, sum: true, lattice.XLattice, lattice.YLattice, lattice.ZLattice);
        AssertVelocities(reference, atoms, 1e-14);
    }

    [Fact]
    public void VelocityCreate_ZeroesMomentumAndRotation()
    {
        var (atoms, box, _) = BuildMelt();
        // give some atoms non-zero image flags so that the rotation uses unwrapped coordinates
        for (int i = 0; i < atoms.NLocal; i += 7) atoms.Image[3 * i + (i % 3)] = (i % 2 == 0) ? 1 : -1;
        double dof = VelocityCreator.DefaultDof(atoms, 1);
        VelocityCreator.Create(atoms, box, 1, 1.0, 1.0, dof, 3.0, 87287,
            new VelocityCreateOptions { Dist = VelocityDistribution.Gaussian, Rot = true });
        double px = 0, py = 0, pz = 0;
        for (int i = 0; i < atoms.NLocal; i++) { px += atoms.V[3 * i]; py += atoms.V[3 * i + 1]; pz += atoms.V[3 * i + 2]; }
        Assert.True(Math.Abs(px) < 1e-12 && Math.Abs(py) < 1e-12 && Math.Abs(pz) < 1e-12, $"momentum {px} {py} {pz}");
        Assert.Equal(3.0, VelocityCreator.Temperature(atoms, 1, 1.0, 1.0, dof), 12);

        var (xc, yc, zc) = VelocityCreator.Xcm(atoms, box, 1, VelocityCreator.GroupMass(atoms, 1));
        double lx = 0, ly = 0, lz = 0;
        for (int i = 0; i < atoms.NLocal; i++)
        {
            box.Unmap(atoms.X[3 * i], atoms.X[3 * i + 1], atoms.X[3 * i + 2], atoms.Image[3 * i], atoms.Image[3 * i + 1],
                atoms.Image[3 * i + 2], out var ux, out var uy, out var uz);
            double dx = ux - xc, dy = uy - yc, dz = uz - zc;
            lx += dy * atoms.V[3 * i + 2] - dz * atoms.V[3 * i + 1];
            ly += dz * atoms.V[3 * i] - dx * atoms.V[3 * i + 2];
            lz += dx * atoms.V[3 * i + 1] - dy * atoms.V[3 * i];
        }
        Assert.True(Math.Abs(lx) < 1e-9 && Math.Abs(ly) < 1e-9 && Math.Abs(lz) < 1e-9, $"angular momentum {lx} {ly} {lz}");
    }

    [Fact]
    public void ZeroRotation_LinearMoleculeUsesPrincipalAxes()
    {
        // two atoms on the x axis spinning about z: the inertia tensor is singular, rotation must still be removed
        var atoms = new Atoms();
        atoms.SetTypes(1);
        atoms.Mass[1] = 2.0;
        atoms.MassSet[1] = true;
        atoms.AddLocal(1, 1, 1.0, 2.0, 2.0);
        atoms.AddLocal(2, 1, 3.0, 2.0, 2.0);
        atoms.V[1] = -0.5; atoms.V[4] = 0.5;   // vy
        atoms.V[0] = 0.3; atoms.V[3] = -0.3;   // stretching along the axis, not a rotation
        var box = new Box { XHi = 10, YHi = 10, ZHi = 10, Defined = true };
        box.SetGlobal();
        VelocityCreator.ZeroRotation(atoms, box, 1);
        Assert.Equal(0.0, atoms.V[1], 14);
        Assert.Equal(0.0, atoms.V[4], 14);
        Assert.Equal(0.3, atoms.V[0], 14);
        Assert.Equal(-0.3, atoms.V[3], 14);
    }

    [Fact]
    public void Velocity_Errors()
    {
        var (atoms, box, _) = BuildMelt();
        Assert.Throws<GarneticsException>(() => VelocityCreator.Create(atoms, box, 1, 1, 1, 11997, 1.0, 0));
        Assert.Throws<GarneticsException>(() => VelocityCreator.ZeroMomentum(atoms, 4));
        Assert.Throws<GarneticsException>(() => VelocityCreateOptions.Parse(CommandArgs.Of("velocity", "loop", "foo"), 0));
        Assert.Throws<GarneticsException>(() => VelocityCreateOptions.Parse(CommandArgs.Of("velocity", "bias", "yes"), 0));
        atoms.Tag[5] = 9999;
        atoms.MaxTag = 9999;
        Assert.Throws<GarneticsException>(() => VelocityCreator.Create(atoms, box, 1, 1, 1, 11997, 1.0, 5));
    }
}
