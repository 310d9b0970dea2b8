using Garnetics.Potentials.Classical;

namespace Garnetics.Engine.Tests;

public sealed class RestartAndRunDumpTests() : TempDirTest("rst")
{
    // make sure the potentials assembly is registered (lj/cut)
    static RestartAndRunDumpTests() => Styles.StyleRegistry.Default.Register(typeof(PairLjCut).Assembly);

    private static void Forcefield(Simulation sim)
    {
        sim.Cmd("pair_style lj/cut 2.5");
        sim.Cmd("pair_coeff 1 1 1.0 1.0");
        sim.Cmd("neigh_modify every 1 delay 0 check yes");
        sim.Cmd("fix 1 all nve");
        sim.Cmd("thermo 50");
    }

    /// <summary>The seeded LJ fcc crystal of n³ cells with the force field, fix nve and thermo of these tests.</summary>
    private static Simulation Lj(int n, int seed, bool triclinic = false)
    {
        var sim = TestSystems.LjFcc(n, seed, triclinic);
        Forcefield(sim);
        return sim;
    }

    /// <summary>Lj(2, seed) after a run of <paramref name="steps"/> steps, with its restart file written to <paramref name="file"/>.</summary>
    private Simulation RestartAfter(int seed, int steps, string file)
    {
        var sim = Lj(2, seed);
        sim.Cmd($"run {steps}");
        sim.Cmd($"write_restart {P(file)}");
        return sim;
    }

    private static (double[] x, double[] v, int[] img) State(Simulation sim)
    {
        var a = sim.Atoms;
        return (a.X[..(3 * a.NLocal)], a.V[..(3 * a.NLocal)], a.Image[..(3 * a.NLocal)]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RestartContinuesBitForBit(bool triclinic)
    {
        var full = Lj(4, 12345, triclinic);
        full.Cmd("run 200");

        var first = Lj(4, 12345, triclinic);
        first.Cmd("run 100");
        long lastBuild = first.Neighbor.LastBuildStep;
        Assert.True(lastBuild > 0 && first.Neighbor.Ago > 0, $"the restart point should be between rebuilds ({lastBuild}, {first.Neighbor.Ago})");
        first.Cmd($"write_restart {P("lj.*.restart")}");
        Assert.True(File.Exists(P("lj.100.restart")));
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp.*"));

        var second = new Simulation().Quiet();
        second.Cmd($"read_restart {P("lj.100.restart")}");
        Assert.Equal(100, second.Step);
        Assert.NotNull(second.Pair); // replayed from the restart file
        Forcefield(second);
        second.Cmd("run 100");

        Assert.Equal(200, second.Step);
        var (x1, v1, i1) = State(full);
        var (x2, v2, i2) = State(second);
        Assert.True(second.Neighbor.LastBuildStep > 100, "the continued run should rebuild its lists");
        Assert.Equal(x1.Length, x2.Length);
        for (int k = 0; k < x1.Length; k++)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(x1[k]) == BitConverter.DoubleToInt64Bits(x2[k]), $"x[{k}] {x1[k]:R} != {x2[k]:R}");
            Assert.True(BitConverter.DoubleToInt64Bits(v1[k]) == BitConverter.DoubleToInt64Bits(v2[k]), $"v[{k}] {v1[k]:R} != {v2[k]:R}");
        }
        Assert.Equal(i1, i2);
        Assert.Equal(full.Neighbor.LastBuildStep, second.Neighbor.LastBuildStep);
    }

    [Fact]
    public void RestartRoundTripsState()
    {
        var sim = TestSystems.ThreeAtoms(triclinic: true);
        sim.Groups.FindOrCreate("heavy");
        sim.Atoms.Mask[1] |= 1 << sim.Groups.Find("heavy");
        sim.Atoms.TypeElement[2] = "Ne";
        sim.Step = 42;
        sim.Dt = 0.002;
        sim.Cmd($"write_restart {P("s.rst")}");
        var r = new Simulation().Quiet();
        r.Cmd($"read_restart {P("s.rst")}");
        Assert.Equal(42, r.Step);
        Assert.Equal(0.002, r.Dt);
        Assert.True(r.Box.Triclinic);
        Assert.Equal(-0.5, r.Box.YZ);
        Assert.Equal("charge", r.Atoms.Style);
        Assert.Equal(3, r.Atoms.NLocal);
        Assert.Equal("Ne", r.Atoms.TypeElement[2]);
        Assert.Equal(2.5, r.Atoms.Mass[2]);
        Assert.Equal(1, r.Groups.Find("heavy"));
        Assert.Equal(sim.Atoms.Mask[..3], r.Atoms.Mask[..3]);
        Assert.Equal(sim.Atoms.Image[..9], r.Atoms.Image[..9]);
        Assert.Equal(sim.Atoms.Q[..3], r.Atoms.Q[..3]);
        var e = Assert.Throws<GarneticsException>(() => r.Cmd($"read_restart {P("s.rst")}"));
        Assert.Contains("already defined", e.Message);
    }

    [Fact]
    public void TruncatedOrCorruptRestartIsAClearError()
    {
        RestartAfter(1, 5, "a.rst");
        var bytes = File.ReadAllBytes(P("a.rst"));
        File.WriteAllBytes(P("t.rst"), bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<GarneticsException>(() => new Simulation().Quiet().Cmd($"read_restart {P("t.rst")}"));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("t.rst", e.Message);

        var c = (byte[])bytes.Clone();
        c[c.Length / 2] ^= 0x55;
        File.WriteAllBytes(P("c.rst"), c);
        e = Assert.Throws<GarneticsException>(() => new Simulation().Quiet().Cmd($"read_restart {P("c.rst")}"));
        Assert.Contains("corrupt", e.Message);

        File.WriteAllText(P("n.rst"), "not a restart file at all");
        e = Assert.Throws<GarneticsException>(() => new Simulation().Quiet().Cmd($"read_restart {P("n.rst")}"));
        Assert.Contains("not a Garnetics restart file", e.Message);

        var v = (byte[])bytes.Clone();
        v[8] = 99;
        File.WriteAllBytes(P("v.rst"), v);
        e = Assert.Throws<GarneticsException>(() => new Simulation().Quiet().Cmd($"read_restart {P("v.rst")}"));
        Assert.Contains("version 99", e.Message);

        e = Assert.Throws<GarneticsException>(() => new Simulation().Quiet().Cmd($"read_restart {P("missing.rst")}"));
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void FailedWriteLeavesExistingRestartUnchanged()
    {
        var sim = RestartAfter(3, 3, "keep.rst");
        var before = File.ReadAllBytes(P("keep.rst"));
        sim.Cmd("run 3");
        RestartFile.BeforeCommit = _ => throw new IOException("disk full (injected)");
        try
        {
            var e = Assert.Throws<GarneticsException>(() => sim.Cmd($"write_restart {P("keep.rst")}"));
            Assert.Contains("keep.rst", e.Message);
            Assert.Contains("disk full", e.Message);
        }
        finally
        {
            RestartFile.BeforeCommit = null;
        }
        Assert.Equal(before, File.ReadAllBytes(P("keep.rst")));
        Assert.Empty(Directory.GetFiles(Dir, "*.tmp.*"));
        var e2 = Assert.Throws<GarneticsException>(() => sim.Cmd($"write_restart {Path.Combine(Dir, "nodir", "x.rst")}"));
        Assert.Contains("x.rst", e2.Message);
    }

    [Fact]
    public void DumpsDuringRuns()
    {
        var sim = Lj(2, 7);
        File.WriteAllText(P("keep.dump"), "old contents\n");
        sim.Cmd($"dump 1 all custom 4 {P("keep.dump")} id x");
        Assert.Equal("old contents\n", File.ReadAllText(P("keep.dump"))); // nothing opened before the first snapshot
        sim.Cmd($"dump 2 all atom 3 {P("snap.*.atom")}");
        sim.Cmd($"dump 3 all xyz 5 {P("f.xyz")}");
        sim.Cmd("dump_modify 3 first yes every 5");
        sim.Step = 1;
        sim.Cmd("run 9");
        Assert.Equal(new[] { "4", "8" }, Steps(P("keep.dump")));
        Assert.Equal(new[] { "3", "6", "9" }, Directory.GetFiles(Dir, "snap.*.atom").Select(f => Path.GetFileName(f).Split('.')[1]).Order().ToArray());
        var xyz = File.ReadAllLines(P("f.xyz")).Where(l => l.StartsWith("Atoms.")).ToArray();
        Assert.Equal(new[] { "Atoms. Timestep: 1", "Atoms. Timestep: 5", "Atoms. Timestep: 10" }, xyz);
        // a second run continues the same file; setup does not write step 10 again
        sim.Cmd("run 4");
        Assert.Equal(new[] { "4", "8", "12" }, Steps(P("keep.dump")));
        sim.Cmd("undump 1");
        sim.Cmd($"dump 4 all custom 2 {P("keep.dump")} id");
        sim.Cmd("dump_modify 4 append yes");
        sim.Cmd("run 2");
        Assert.Equal(new[] { "4", "8", "12", "14", "16" }, Steps(P("keep.dump")));
        sim.Clear();
    }

    private static string[] Steps(string file)
    {
        var l = File.ReadAllLines(file);
        return Enumerable.Range(0, l.Length - 1).Where(i => l[i] == "ITEM: TIMESTEP").Select(i => l[i + 1]).ToArray();
    }
}
