namespace Garnetics.Engine.Tests;

/// <summary>
/// Commands that create, move or delete atoms, compared with LAMMPS on the same deck: the same atom IDs, types and
/// positions (to 1e-12), which also checks LAMMPS's random sequences where the command uses them.
/// Environment.CurrentDirectory is changed by the in-process runs, so these tests do not run in parallel with each other.
/// </summary>
[Collection("cwd")]
public class AtomCommandParityTests
{
    private static void AssertSameAtoms(double[][] lammps, double[][] ours, double tol = 1e-12)
    {
        Assert.Equal(lammps.Length, ours.Length);
        for (int i = 0; i < lammps.Length; i++)
        {
            Assert.Equal(lammps[i][0], ours[i][0]);
            Assert.Equal(lammps[i][1], ours[i][1]);
            for (int d = 2; d < 5; d++)
                Assert.True(Math.Abs(lammps[i][d] - ours[i][d]) <= tol * Math.Max(1, Math.Abs(lammps[i][d])),
                    $"atom {lammps[i][0]} coordinate {d - 2}: LAMMPS {lammps[i][d]:R} vs Garnetics {ours[i][d]:R}");
        }
    }

    private static void Compare(string deck, (string name, string text)? file = null, double tol = 1e-12)
    {
        string lmpDeck = deck + "\nwrite_dump all custom out.dump id type x y z modify sort id format float %.17g\n";
        LammpsRun lmpDir;
        if (file is { } f)
        {
            // LammpsRunner runs in its own folder: put the file there through an absolute path
            string tmp = TempDir.Create("cmp");
            File.WriteAllText(Path.Combine(tmp, f.name), f.text);
            lmpDir = LammpsRunner.Run(lmpDeck.Replace(f.name, Path.Combine(tmp, f.name)));
            var (sim, _) = DeckRunner.Run(deck, tmp);
            AssertSameAtoms(LammpsDump.Read(lmpDir.File("out.dump")), DeckRunner.Atoms(sim), tol);
        }
        else
        {
            lmpDir = LammpsRunner.Run(lmpDeck);
            var (sim, _) = DeckRunner.Run(deck);
            AssertSameAtoms(LammpsDump.Read(lmpDir.File("out.dump")), DeckRunner.Atoms(sim), tol);
        }
    }

    private const string TriclinicData = """
        triclinic test cell

        5 atoms
        2 atom types

        0.0 5.0 xlo xhi
        0.0 4.0 ylo yhi
        0.0 6.0 zlo zhi
        1.2 -0.8 0.5 xy xz yz

        Masses

        1 6.94
        2 16.0

        Atoms # atomic

        1 1 0.5 0.5 0.5
        2 2 2.0 1.0 3.0
        3 1 4.5 3.5 5.5
        4 2 1.0 2.5 1.0
        5 1 3.3 0.2 4.4
        """;

    [Fact]
    public void ReplicateTriclinicMatchesLammps() => Compare("""
        units metal
        atom_style atomic
        read_data tri.data
        replicate 2 3 2
        """, ("tri.data", TriclinicData));

    [Fact]
    public void DeleteOverlapMatchesLammps() => Compare("""
        units lj
        region box block 0 5 0 5 0 5 units box
        create_box 2 box
        create_atoms 1 random 200 12345 NULL
        create_atoms 2 random 100 777 NULL
        mass * 1.0
        pair_style lj/cut 1.0
        pair_coeff * * 1.0 1.0
        group one type 1
        delete_atoms overlap 0.7 all one
        """);

    [Fact]
    public void DisplaceRandomInLatticeUnitsMatchesLammps() => Compare(Decks.LjCell(3, atomStyle: null) + """
        region half block 0 1.5 INF INF INF INF
        group left region half
        displace_atoms left random 0.1 0.1 0.1 4567
        displace_atoms all move 0.25 0 0
        """);

    [Fact]
    public void ChangeBoxRemapMatchesLammps() => Compare("""
        units metal
        atom_style atomic
        read_data tri.data
        change_box all x scale 1.1 y final 0 4.5 xy final 0.3 remap units box
        """, ("tri.data", TriclinicData));

    [Fact]
    public void GroupsAndSetCountAndAssign()
    {
        var (sim, output) = DeckRunner.Run(Decks.LjCell(types: 2, atomStyle: "charge") + """
            region lower block INF INF INF INF 0 2
            group low region lower
            set group low type 2
            set type 2 charge -1.5
            group twos type 2
            group both union low twos
            group none subtract all low
            group ids id 1:10 20
            """);
        // 256 atoms, the lower half of z (0 <= z <= 2 lattice units) holds planes z = 0, 0.5, 1, 1.5, 2: 5 of 8 planes
        Assert.Equal(256, sim.Atoms.NAtoms);
        Assert.Equal(160, sim.GroupCount(sim.Groups.BitOf("low")));
        Assert.Equal(160, sim.GroupCount(sim.Groups.BitOf("twos")));
        Assert.Equal(160, sim.GroupCount(sim.Groups.BitOf("both")));
        Assert.Equal(96, sim.GroupCount(sim.Groups.BitOf("none")));
        Assert.Equal(11, sim.GroupCount(sim.Groups.BitOf("ids")));
        double q = 0;
        for (int i = 0; i < sim.Atoms.NLocal; i++) q += sim.Atoms.Q[i];
        Assert.Equal(-1.5 * 160, q, 12);
        Assert.Contains("160 atoms in group low", output);
    }
}

[CollectionDefinition("cwd", DisableParallelization = true)]
public class CwdCollection;
