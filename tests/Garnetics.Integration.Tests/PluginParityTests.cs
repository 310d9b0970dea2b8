namespace Garnetics.Integration.Tests;

/// <summary>
/// The two example plugins, written only against the engine's pairwise and many-body contracts, against LAMMPS
/// (lmp 29Sep2021) on the same data files: Stillinger-Weber (plugins/Garnetics.Plugins.StillingerWeber, LAMMPS
/// pair_style sw with Debian's Si.sw) and the soft cosine repulsion (plugins/Garnetics.Plugins.Example, LAMMPS
/// pair_style soft), alone and inside hybrid/overlay; energies, pressures and per-atom energies printed with %.17g.
/// </summary>
public class PluginParityTests
{
    private const string SiSw = "/usr/share/lammps/potentials/Si.sw";
    private const string SiMass = "mass 1 28.0855";

    /// <summary>Per-atom columns of a dump sorted by id: id type fx fy fz c_pe.</summary>
    private static double[][] ReadDump(string path)
    {
        var lines = File.ReadAllLines(path);
        int start = Array.FindLastIndex(lines, l => l.StartsWith("ITEM: ATOMS", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no ATOMS section in {path}");
        return lines.Skip(start + 1).Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => double.Parse(w, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
    }

    /// <summary>The evaluation deck: read the data file, the pair lines, per-atom energies, one step-0 thermo line and dump.</summary>
    private static string EvalDeck(string units, string data, string dump, params string[] pair) => $"""
        units {units}
        atom_style atomic
        read_data {data}
        {string.Join("\n", pair)}
        compute pe all pe/atom
        thermo_style custom step pe press pxx pyy pzz pxy pxz pyz
        thermo_modify format float %.17g
        dump 1 all custom 1 {dump} id type fx fy fz c_pe
        dump_modify 1 format float %.17g sort id
        run 0
        """;

    private sealed record Result(double[] Thermo, double[][] Atoms);

    private static Result RunLammps(string dir, string name, string deck)
    {
        File.WriteAllText(Path.Combine(dir, name + ".in"), deck);
        var log = LammpsRunner.RunInput(dir, name + ".in").Log;
        return new Result(ThermoLog.Parse(log).Last().Rows.Single(), ReadDump(Path.Combine(dir, name + ".dump")));
    }

    private static Result RunGarnetics(string dir, string name, string deck, params string[] extra)
    {
        File.WriteAllText(Path.Combine(dir, name + ".in"), deck);
        var r = CliRunner.Run(dir, ["-in", name + ".in", "-log", name + ".log", .. extra]);
        Assert.True(r.ExitCode == 0, r.All);
        return new Result(ThermoLog.Parse(r.Stdout).Last().Rows.Single(), ReadDump(Path.Combine(dir, name + ".dump")));
    }

    /// <summary>Energy and pressure components relative, forces and per-atom energies absolute.</summary>
    private static void AssertSame(Result expected, Result actual, double thermoRel, double forceAbs, double peAbs, string label)
    {
        for (int k = 1; k < expected.Thermo.Length; k++)
        {
            double x = expected.Thermo[k], y = actual.Thermo[k];
            Assert.True(Math.Abs(x - y) <= thermoRel * Math.Abs(x),
                string.Create(CultureInfo.InvariantCulture, $"{label}: thermo column {k}: expected {x:R}, got {y:R}"));
        }
        Assert.Equal(expected.Atoms.Length, actual.Atoms.Length);
        double fworst = 0, eworst = 0;
        for (int i = 0; i < expected.Atoms.Length; i++)
        {
            Assert.Equal(expected.Atoms[i][0], actual.Atoms[i][0]);
            for (int c = 2; c <= 4; c++) fworst = Math.Max(fworst, Math.Abs(expected.Atoms[i][c] - actual.Atoms[i][c]));
            eworst = Math.Max(eworst, Math.Abs(expected.Atoms[i][5] - actual.Atoms[i][5]));
        }
        Assert.True(fworst <= forceAbs, $"{label}: largest force difference {fworst:E3}");
        Assert.True(eworst <= peAbs, $"{label}: largest per-atom energy difference {eworst:E3}");
    }

    /// <summary>
    /// Acceptance of the many-body contract: diamond Si (216 atoms) heated by 100 steps of NVT at 1600 K in LAMMPS and
    /// written to a data file; both programs evaluate that file. Bounds: energy and pressure 1e-10 relative, forces 1e-9
    /// eV/A, per-atom energies 1e-10 eV (measured: about 1e-15 relative and 1e-14 eV/A; only the summation order differs).
    /// </summary>
    [Fact]
    public void StillingerWeberMatchesLammpsOnHotDiamondSilicon()
    {
        var dir = TempDir.Create("sw");
        File.WriteAllText(Path.Combine(dir, "gen.in"), Decks.LatticeBox("metal", "diamond 5.431", "3", mass: SiMass) + $"""
            pair_style sw
            pair_coeff * * {SiSw} Si
            velocity all create 1600.0 4928459 mom yes rot yes dist gaussian
            fix 1 all nvt temp 1600.0 1600.0 0.1
            timestep 0.001
            run 100
            write_data si.data
            """);
        LammpsRunner.RunInput(dir, "gen.in");
        string[] pair = ["pair_style sw", $"pair_coeff * * {SiSw} Si"];
        var lmp = RunLammps(dir, "lmp", EvalDeck("metal", "si.data", "lmp.dump", pair));
        string load = $"plugin load {PluginTests.PluginPath("Garnetics.Plugins.StillingerWeber")}";
        var ours = RunGarnetics(dir, "garn", EvalDeck("metal", "si.data", "garn.dump", [load, .. pair]));
        AssertSame(lmp, ours, 1e-10, 1e-9, 1e-10, "sw");
        // the per-atom energies (half of each pair, a third of each triplet to each atom) sum to the total
        Assert.Equal(ours.Thermo[1], ours.Atoms.Sum(a => a[5]), 1e-9);
        // two threads: the same numbers to round-off
        var two = RunGarnetics(dir, "garn2", EvalDeck("metal", "si.data", "garn2.dump", [load, .. pair]), "-threads", "2");
        AssertSame(ours, two, 1e-12, 1e-12, 1e-12, "sw 2 threads");
        TempDir.Delete(dir);
    }

    /// <summary>
    /// A many-body plugin inside hybrid/overlay (sw with a weak lj/cut on the same pairs) is the sum of its parts, each
    /// evaluated alone: one neighbour build, the full list of sw cut down from it, the half list of lj/cut fused.
    /// </summary>
    [Fact]
    public void StillingerWeberInsideHybridOverlayIsTheSumOfItsParts()
    {
        var dir = TempDir.Create("sw-hybrid");
        File.WriteAllText(Path.Combine(dir, "gen.in"), Decks.LatticeBox("metal", "diamond 5.431", "2", mass: SiMass) + """
            displace_atoms all random 0.15 0.15 0.15 2718
            write_data si.data
            """);
        var w = CliRunner.Run(dir, "-in", "gen.in", "-log", "none");
        Assert.True(w.ExitCode == 0, w.All);
        string load = $"plugin load {PluginTests.PluginPath("Garnetics.Plugins.StillingerWeber")}";
        var sw = RunGarnetics(dir, "sw", EvalDeck("metal", "si.data", "sw.dump", load, "pair_style sw", $"pair_coeff * * {SiSw} Si"));
        var lj = RunGarnetics(dir, "lj", EvalDeck("metal", "si.data", "lj.dump", "pair_style lj/cut 6.0", "pair_coeff 1 1 0.01 2.1"));
        var both = RunGarnetics(dir, "both", EvalDeck("metal", "si.data", "both.dump", load, "pair_style hybrid/overlay sw lj/cut 6.0",
            $"pair_coeff * * sw {SiSw} Si", "pair_coeff 1 1 lj/cut 0.01 2.1"));
        var sum = new Result(sw.Thermo.Zip(lj.Thermo, (a, b) => a + b).ToArray(),
            sw.Atoms.Zip(lj.Atoms, (a, b) => a.Zip(b, (x, y) => x + y).ToArray()).ToArray());
        for (int i = 0; i < sum.Atoms.Length; i++) sum.Atoms[i][0] = sw.Atoms[i][0];
        AssertSame(sum, both, 1e-10, 1e-10, 1e-10, "hybrid/overlay sw lj/cut");
        TempDir.Delete(dir);
    }

    /// <summary>
    /// The soft repulsion plugin against LAMMPS's pair_style soft on a hot LJ liquid (256 atoms, two types with mixed
    /// prefactors), alone and inside hybrid/overlay with lj/cut: energy and pressure to 1e-10 relative, forces and
    /// per-atom energies (compute pe/atom, which the plugin gets from the engine's pairwise driver) to 1e-10 absolute.
    /// </summary>
    [Fact]
    public void SoftPluginMatchesLammpsSoftAloneAndInsideHybridOverlay()
    {
        var dir = TempDir.Create("soft");
        File.WriteAllText(Path.Combine(dir, "gen.in"), Decks.LjLiquid(types: 2, set: "set atom 1*80 type 2", neighbor: false) + """
            run 200
            write_data liquid.data nocoeff
            """);
        LammpsRunner.RunInput(dir, "gen.in");
        string load = $"plugin load {PluginTests.ExamplePluginPath()}";
        var lmp = RunLammps(dir, "lmp", EvalDeck("lj", "liquid.data", "lmp.dump", "pair_style soft 1.12", "pair_coeff 1 1 10.0", "pair_coeff 2 2 20.0"));
        var ours = RunGarnetics(dir, "garn", EvalDeck("lj", "liquid.data", "garn.dump", load, "pair_style example/soft 1.12",
            "pair_coeff 1 1 10.0", "pair_coeff 2 2 20.0"));
        AssertSame(lmp, ours, 1e-10, 1e-10, 1e-10, "soft");
        string[] lmpHybrid = ["pair_style hybrid/overlay soft 1.12 lj/cut 2.5", "pair_coeff * * soft 15.0", "pair_coeff * * lj/cut 1.0 1.0"];
        string[] ourHybrid = [load, "pair_style hybrid/overlay example/soft 1.12 lj/cut 2.5", "pair_coeff * * example/soft 15.0", "pair_coeff * * lj/cut 1.0 1.0"];
        var lmpH = RunLammps(dir, "lmph", EvalDeck("lj", "liquid.data", "lmph.dump", lmpHybrid));
        var oursH = RunGarnetics(dir, "garnh", EvalDeck("lj", "liquid.data", "garnh.dump", ourHybrid));
        AssertSame(lmpH, oursH, 1e-10, 1e-10, 1e-10, "hybrid/overlay soft lj/cut");
        TempDir.Delete(dir);
    }
}
