namespace Garnetics.Analysis.Tests.Struct;

public class RerunTests
{
    static string Setup(string structure, string extra = "") => $"""
        units           metal
        atom_style      charge
        boundary        p p p
        read_data       {structure} elements Li La Zr O {extra}
        include         {LlzoData.BuckDsfPotential}
        neighbor        2.0 bin
        timestep        0.001
        thermo_style    custom step pe evdwl ecoul press
        thermo_modify   format float %.15g
        """;

    /// <summary>Energies and pressure of each rerun snapshot equal the original run's thermo at that step.</summary>
    [Theory]
    [InlineData("x y z ix iy iz vx vy vz", "x y z ix iy iz vx vy vz", "t-llzo")]
    [InlineData("xs ys zs vx vy vz", "x y z vx vy vz", "t-llzo")]
    [InlineData("xu yu zu vx vy vz", "x y z vx vy vz", "train")]
    public void DumpRerunReproducesThermo(string columns, string fields, string which)
    {
        string dir = TempDir.Create("rerun");
        string structure = which == "train" ? LlzoData.TrainXyz : LlzoData.TetragonalCif;
        string deck1 = Setup(structure) + $"""

            velocity        all create 1500 4928459 dist gaussian mom yes loop geom
            fix             1 all nve
            thermo          5
            dump            d all custom 5 traj.dump id type {columns}
            dump_modify     d format float %.17g
            run             20
            """;
        var (sim1, out1) = DeckHost.Run(deck1, dir);
        var ref1 = ThermoLog.Rows(out1);
        Assert.Equal([0, 5, 10, 15, 20], ref1.Select(r => r[0]));
        // unwrapped coordinates of the final state
        var a1 = sim1.Atoms;
        var u1 = new Dictionary<int, double[]>();
        for (int i = 0; i < a1.NLocal; i++)
        {
            sim1.Box.Unmap(a1.X[3 * i], a1.X[3 * i + 1], a1.X[3 * i + 2], a1.Image[3 * i], a1.Image[3 * i + 1], a1.Image[3 * i + 2], out var ux, out var uy, out var uz);
            u1[a1.Tag[i]] = [ux, uy, uz];
        }

        string deck2 = Setup(structure) + $"""

            thermo          5
            dump            again all custom 10 again.dump id x y z
            rerun           traj.dump dump {fields}
            """;
        var (sim2, out2) = DeckHost.Run(deck2, dir);
        var ref2 = ThermoLog.Rows(out2);
        Assert.Equal(ref1.Count, ref2.Count);
        for (int k = 0; k < ref1.Count; k++)
        {
            Assert.Equal(ref1[k][0], ref2[k][0]);
            // positions round-trip through %.17g (exact); the force sums run in the same order → agreement to round-off
            for (int c = 1; c <= 3; c++) Assert.Equal(ref1[k][c], ref2[k][c], Math.Abs(ref1[k][c]) * 1e-11 + 1e-9);
            Assert.Equal(ref1[k][4], ref2[k][4], Math.Abs(ref1[k][4]) * 1e-9 + 1e-6); // pressure (bar) incl. kinetic part from vx vy vz
        }
        Assert.Contains("rerun: 5 snapshot(s) processed", out2);
        // dumps defined in the rerun deck are written on their period (steps 0, 10, 20)
        Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, "again.dump")).Count(l => l == "ITEM: TIMESTEP"));
        Assert.Equal(20, sim2.Step);
        if (fields.Contains("ix") || columns.Contains("xu"))
        {
            // image flags restored: x + image·box equals the original unwrapped position
            var a2 = sim2.Atoms;
            for (int i = 0; i < a2.NLocal; i++)
            {
                sim2.Box.Unmap(a2.X[3 * i], a2.X[3 * i + 1], a2.X[3 * i + 2], a2.Image[3 * i], a2.Image[3 * i + 1], a2.Image[3 * i + 2], out var ux, out var uy, out var uz);
                var u = u1[a2.Tag[i]];
                Assert.Equal(u[0], ux, 1e-9); Assert.Equal(u[1], uy, 1e-9); Assert.Equal(u[2], uz, 1e-9);
            }
        }
    }

    /// <summary>Extended XYZ frames (triclinic) rerun give the energies of the same frames read one by one.</summary>
    [Fact]
    public void ExtXyzRerunMatchesFrameByFrame()
    {
        string dir = TempDir.Create("rerun-xyz");
        var (_, outR) = DeckHost.Run(Setup(LlzoData.TrainXyz) + $"""

            thermo          1
            rerun           {LlzoData.TrainXyz} every 3 dump x y z
            """, dir);
        var rows = ThermoLog.Rows(outR);
        Assert.Equal([0, 3, 6, 9, 12, 15, 18, 21, 24], rows.Select(r => r[0]));
        foreach (int k in new[] { 0, 9, 24 })
        {
            var (_, o) = DeckHost.Run(Setup(LlzoData.TrainXyz, $"frame {k}") + "\nrun 0\n", dir);
            var single = ThermoLog.Rows(o).Single();
            var r = rows.Single(x => x[0] == k);
            Assert.Equal(single[1], r[1], Math.Abs(single[1]) * 1e-12);
            Assert.Equal(single[4], r[4], Math.Abs(single[4]) * 1e-9 + 1e-6);
        }
    }

    [Fact]
    public void SkipFirstLastSelection()
    {
        string dir = TempDir.Create("rerun-sel");
        var (_, o) = DeckHost.Run(Setup(LlzoData.TrainXyz) + $"""

            thermo          1
            rerun           {LlzoData.TrainXyz} first 4 last 20 skip 5 dump x y z format extxyz
            """, dir);
        Assert.Equal([4, 9, 14, 19], ThermoLog.Rows(o).Select(r => r[0]));
    }

    [Fact]
    public void UnknownAtomIdIsOneClearError()
    {
        string dir = TempDir.Create("rerun-err");
        File.WriteAllText(Path.Combine(dir, "bad.dump"), """
            ITEM: TIMESTEP
            7
            ITEM: NUMBER OF ATOMS
            1
            ITEM: BOX BOUNDS pp pp pp
            0 10
            0 10
            0 10
            ITEM: ATOMS id type x y z
            999 1 1 2 3

            """);
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run(Setup(LlzoData.TetragonalCif) + "\nrerun bad.dump dump x y z\n", dir));
        Assert.Contains("atom ID 999", e.Message);
        Assert.Equal(10, e.Location!.Line); // the atom line of the dump
        Assert.EndsWith("bad.dump", e.Location.File);

        var e2 = Assert.Throws<GarneticsException>(() => DeckHost.Run(Setup(LlzoData.TetragonalCif) + "\nrerun bad.dump dump x y\n", dir));
        Assert.Contains("x y z", e2.Message);
        // a truncated snapshot names the file and the line where it ends
        File.WriteAllText(Path.Combine(dir, "short.dump"), "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id type x y z\n1 1 1 2 3\n");
        var e4 = Assert.Throws<GarneticsException>(() => DeckHost.Run(Setup(LlzoData.TetragonalCif) + "\nrerun short.dump dump x y z\n", dir));
        Assert.Contains("2 more atom lines", e4.Message);
        Assert.EndsWith("short.dump", e4.Location!.File);
        var e5 = Assert.Throws<GarneticsException>(() => DeckHost.Run(Setup(LlzoData.TetragonalCif) + "\nrerun missing.dump dump x y z\n", dir));
        Assert.Equal("missing.dump", e5.Offending);
        Assert.Equal("test.in", e5.Location!.File);
        var e3 = Assert.Throws<GarneticsException>(() => DeckHost.Run(Setup(LlzoData.TetragonalCif) + "\nrerun bad.dump dump x y z box maybe\n", dir));
        Assert.Contains("yes or no", e3.Message);
        Assert.Equal("maybe", e3.Offending);
    }
}
