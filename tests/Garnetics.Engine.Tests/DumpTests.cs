namespace Garnetics.Engine.Tests;

/// <summary>Dump output compared with files written by LAMMPS 29Sep2021 (read_data of the same 3 atoms + write_dump).</summary>
public sealed class DumpTests() : TempDirTest("dump")
{
    private const string TriBounds =
        "ITEM: BOX BOUNDS xy xz yz pp pp pp\n" +
        "0.0000000000000000e+00 4.7500000000000000e+00 5.0000000000000000e-01\n" +
        "-5.0000000000000000e-01 3.0000000000000000e+00 2.5000000000000000e-01\n" +
        "-1.0000000000000000e+00 1.5000000000000000e+00 -5.0000000000000000e-01\n";
    private const string OrthoBounds =
        "ITEM: BOX BOUNDS pp pp pp\n" +
        "0.0000000000000000e+00 4.0000000000000000e+00\n" +
        "0.0000000000000000e+00 3.0000000000000000e+00\n" +
        "-1.0000000000000000e+00 1.5000000000000000e+00\n";
    private const string Head = "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n3\n";
    private const string AllCols = "id type element q mass x y z xs ys zs xu yu zu ix iy iz vx vy vz fx fy fz";

    /// <summary>write_dump custom of all columns of the three atoms (elements Ar Ne, sorted by ID) equals LAMMPS's rows.</summary>
    private void AssertAllColumns(bool triclinic, string file, string rows)
    {
        var sim = TestSystems.ThreeAtoms(triclinic);
        sim.Cmd($"write_dump all custom {P(file)} {AllCols} modify element Ar Ne sort id");
        Assert.Equal(Head + (triclinic ? TriBounds : OrthoBounds) + "ITEM: ATOMS " + AllCols + "\n" + rows, File.ReadAllText(P(file)));
    }

    [Fact]
    public void CustomTriclinicMatchesLammps() => AssertAllColumns(true, "tri.custom",
        "1 2 Ne -0.25 2.5 3.5 2.75 -0.5 0.74375 0.95 0.2 4.5 8.75 -0.5 0 2 0 0.1 -0.2 0.3 0 0 0\n" +
        "2 1 Ar 0.5 1 1.25 0.5 0.75 0.233333 0.283333 0.7 5 1 -1.75 1 0 -1 1e-07 1.23457e+07 -0.0001 0 0 0\n" +
        "3 1 Ar 0 1 4.125 0.0625 1.25 0.953646 0.170833 0.9 -11.125 2.5625 3.75 -4 1 1 0 0 0 0 0 0\n");

    [Fact]
    public void CustomOrthoMatchesLammps() => AssertAllColumns(false, "o.custom",
        "1 2 Ne -0.25 2.5 3.5 2.75 -0.5 0.875 0.916667 0.2 3.5 8.75 -0.5 0 2 0 0.1 -0.2 0.3 0 0 0\n" +
        "2 1 Ar 0.5 1 1.25 0.5 0.75 0.3125 0.166667 0.7 5.25 0.5 -1.75 1 0 -1 1e-07 1.23457e+07 -0.0001 0 0 0\n" +
        "3 1 Ar 0 1 0.125 0.0625 1.25 0.03125 0.0208333 0.9 -11.875 3.0625 3.75 -3 1 1 0 0 0 0 0 0\n");

    [Fact]
    public void AtomXyzAndFormatsMatchLammps()
    {
        var sim = TestSystems.ThreeAtoms(triclinic: true);
        sim.Cmd($"write_dump all atom {P("a")}");
        Assert.Equal(Head + TriBounds + "ITEM: ATOMS id type xs ys zs\n2 1 0.233333 0.283333 0.7\n1 2 0.74375 0.95 0.2\n3 1 0.953646 0.170833 0.9\n",
            File.ReadAllText(P("a")));
        sim.Cmd($"write_dump all xyz {P("x")}");
        Assert.Equal("3\nAtoms. Timestep: 0\n2 3.5 2.75 -0.5\n1 1.25 0.5 0.75\n1 4.125 0.0625 1.25\n", File.ReadAllText(P("x")));
        sim.Cmd($"write_dump all custom {P("f")} id type x vx modify sort -3 format float %10.4f format 1 %5d");
        Assert.Equal(Head + TriBounds + "ITEM: ATOMS id type x vx\n    3 1     4.1250     0.0000\n    1 2     3.5000     0.1000\n    2 1     1.2500     0.0000\n",
            File.ReadAllText(P("f")));
        var oa = TestSystems.ThreeAtoms(triclinic: false);
        oa.Cmd($"write_dump all atom {P("oa")}");
        Assert.Equal(Head + OrthoBounds + "ITEM: ATOMS id type xs ys zs\n2 1 0.3125 0.166667 0.7\n1 2 0.875 0.916667 0.2\n3 1 0.03125 0.0208333 0.9\n",
            File.ReadAllText(P("oa")));
    }

    /// <summary>ke/atom = m v^2/2 (lj units: mvv2e = 1) through c_ID columns, 0 outside the group, sortable like any column.</summary>
    [Fact]
    public void KeAtomColumnsAndGroups()
    {
        var sim = TestSystems.ThreeAtoms(triclinic: false);
        sim.Cmd("group heavy type 2");
        sim.Cmd("compute ke all ke/atom");
        sim.Cmd("compute k2 heavy ke/atom");
        sim.Cmd($"write_dump all custom {P("ke")} id c_ke c_k2 modify sort -2 format float %.10g");
        // atom 2: 1/2 * 1 * (1e-14 + 12345678^2 + 1e-8); atom 1: 1/2 * 2.5 * (0.01 + 0.04 + 0.09); atom 3 at rest
        Assert.Equal(Head + OrthoBounds + "ITEM: ATOMS id c_ke c_k2\n2 7.620788264e+13 0\n1 0.175 0.175\n3 0 0\n", File.ReadAllText(P("ke")));
        var ex = Assert.Throws<GarneticsException>(() => sim.Cmd("compute bad all ke/atom extra"));
        Assert.Contains("compute ke/atom takes no arguments", ex.Message);
    }

    [Fact]
    public void FormatLineAndExtXyz()
    {
        var sim = TestSystems.ThreeAtoms(triclinic: true);
        sim.ExecuteCommand(CommandArgs.Of("write_dump", "all", "custom", P("l"), "id", "element", "x",
            "modify", "format", "line", "%d %s %.3f", "sort", "id", "element", "Cu", "O"));
        Assert.EndsWith("ITEM: ATOMS id element x\n1 O 3.500\n2 Cu 1.250\n3 Cu 4.125\n", File.ReadAllText(P("l")));
        sim.Cmd($"write_dump all extxyz {P("e.xyz")} modify element Ar Ne");
        var lines = File.ReadAllLines(P("e.xyz"));
        Assert.Equal("3", lines[0]);
        Assert.Equal("Lattice=\"4 0 0 0.5 3 0 0.25 -0.5 2.5\" Properties=species:S:1:pos:R:3:vel:R:3:forces:R:3 Time=0 Timestep=0 pbc=\"T T T\"", lines[1]);
        Assert.Equal("Ne 3.5 2.75 -0.5 0.1 -0.2 0.3 0 0 0", lines[2]);
        sim.Cmd($"write_dump all extxyz {P("e2.xyz")} modify forces no vel no");
        Assert.Contains("Properties=species:S:1:pos:R:3 ", File.ReadAllLines(P("e2.xyz"))[1]);
        Assert.Equal("2 3.5 2.75 -0.5", File.ReadAllLines(P("e2.xyz"))[2]);
    }

    [Fact]
    public void ErrorsAreClear()
    {
        var sim = TestSystems.ThreeAtoms(triclinic: false);
        var e = Assert.Throws<GarneticsException>(() => sim.Cmd($"dump 1 all custom 10 {P("d.gz")} id"));
        Assert.Contains(".gz", e.Message);
        e = Assert.Throws<GarneticsException>(() => sim.Cmd($"dump 1 all custom 10 {P("d")} id bogus"));
        Assert.Contains("unknown column 'bogus'", e.Message);
        sim.Cmd($"dump 1 all custom 10 {P("d")} id");
        e = Assert.Throws<GarneticsException>(() => sim.Cmd($"dump 1 all atom 10 {P("d2")}"));
        Assert.Contains("already exists", e.Message);
        e = Assert.Throws<GarneticsException>(() => sim.Cmd("dump_modify 1 nonsense 3"));
        Assert.Contains("nonsense", e.Message);
        var missing = Path.Combine(Dir, "no", "such", "dir", "out.dump");
        e = Assert.Throws<GarneticsException>(() => sim.Cmd($"write_dump all atom {missing}"));
        Assert.Contains(missing, e.Message);
        sim.Cmd("undump 1");
        Assert.Empty(sim.Dumps);
    }
}
