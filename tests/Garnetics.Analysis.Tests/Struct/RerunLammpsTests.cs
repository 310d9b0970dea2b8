namespace Garnetics.Analysis.Tests.Struct;

/// <summary>rerun of a dump written by LAMMPS itself (lmp): triclinic "ITEM: BOX BOUNDS xy xz yz" bounds, image flags, velocities.</summary>
public class RerunLammpsTests
{
    const string LammpsDeck = """
        units metal
        atom_style atomic
        boundary p p p
        lattice sc 2.3
        region box prism 0 5 0 5 0 5 1.2 0.6 -0.7
        create_box 2 box
        create_atoms 1 box
        set type 1 type/fraction 2 0.3 4321
        mass 1 40.0
        mass 2 20.0
        pair_style lj/cut 5.0
        pair_coeff * * 0.01 2.0
        pair_coeff 1 2 0.02 2.1
        velocity all create 3000 8765 dist gaussian mom yes loop geom
        write_data data.lmp
        fix 1 all nve
        timestep 0.002
        dump d all custom 5 lmp.dump id type x y z ix iy iz vx vy vz
        dump_modify d format float %20.15g
        fix p all print 5 "$(step) $(pe:%.15g) $(press:%.15g)" file pe.txt screen no
        run 40
        """;

    [Fact]
    public void RerunOfALammpsTriclinicDumpGivesLammpsEnergies()
    {
        string dir = TempDir.Create("rerun-lmp");
        LammpsRunner.Run(LammpsDeck, dir);
        var reference = Numbers.ReadTable(Path.Combine(dir, "pe.txt"));
        Assert.Equal(9, reference.Length);
        var (sim, output) = DeckHost.Run("""
            units           metal
            atom_style      atomic
            pair_style      lj/cut 5.0
            read_data       data.lmp
            pair_coeff      * * 0.01 2.0
            pair_coeff      1 2 0.02 2.1
            thermo_style    custom step pe press
            thermo_modify   format float %.15g
            thermo          5
            rerun           lmp.dump dump x y z ix iy iz vx vy vz
            """, dir);
        Assert.True(sim.Box.Triclinic);
        var rows = ThermoLog.Rows(output);
        Assert.Equal(reference.Select(r => r[0]), rows.Select(r => r[0]));
        for (int k = 0; k < rows.Count; k++)
        {
            // LAMMPS printed 15 significant digits; the pair sums differ only in summation order
            Assert.Equal(reference[k][1], rows[k][1], 1e-10 * (1 + Math.Abs(reference[k][1])));
            Assert.Equal(reference[k][2], rows[k][2], 1e-9 * Math.Abs(reference[k][2]));
        }
        Assert.True(reference.Max(r => r[1]) - reference.Min(r => r[1]) > 1.0); // the frames differ
    }
}
