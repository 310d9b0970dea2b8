using System.Text;
using System.Text.RegularExpressions;
using Garnetics.Engine.Input;
using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// compute ke/atom, pe/atom and stress/atom with the classical pair styles and kspace ewald: per-atom values sum to the
/// totals, agree atom by atom with LAMMPS (`lmp`, same data file with velocities, same deck, dump with %.17g), respect the
/// group, and bad decks fail with one located error.
/// </summary>
public sealed class PerAtomComputeTests(ITestOutputHelper log)
{
    static PerAtomComputeTests()
    {
        StyleRegistry.Default.Register(typeof(PairBuck).Assembly);
        StyleRegistry.Default.Register(typeof(PerAtomComputeTests).Assembly); // test/harmonic
    }

    private static readonly string[] BuckDsf =
    [
        "pair_style hybrid/overlay buck 10.0 coul/dsf 0.2 10.0", "pair_coeff * * buck 0.0 1.0 0.0",
        .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c.Insert(4, "buck ")), "pair_coeff * * coul/dsf",
    ];

    private static readonly string[] BuckDsfZbl =
    [
        "pair_style hybrid/overlay buck 10.0 coul/dsf 0.2 10.0 zbl 1.6 2.6", "pair_coeff * * buck 0.0 1.0 0.0",
        .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c.Insert(4, "buck ")), "pair_coeff * * coul/dsf",
        .. Cases.ZblCoeffs.Select(c => "pair_coeff " + c.Insert(4, "zbl ")), "pair_modify pair buck shift yes",
    ];

    private static readonly string[] BuckCoulLongEwald =
    [
        "pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c),
        "pair_modify table 0", "kspace_style ewald 1.0e-6",
    ];

    private static readonly string[] BuckCoulLongPppm =
    [
        "pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c),
        "pair_modify table 0", "kspace_style pppm 1.0e-5",
    ];

    private static readonly string[] LjCut =
        ["pair_style lj/cut 2.5", "pair_coeff 1 1 1.0 1.0", "pair_coeff 2 2 1.5 1.1 2.8", "pair_modify shift yes mix arithmetic"];

    private static readonly string[] BuckCoulCut =
        ["pair_style buck/coul/cut 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c)];

    private sealed record Setup(string Name, string Units, bool Charge, string[] Commands, Func<Structure> Build);

    private static readonly Setup[] Setups =
    [
        new("buck+coul/dsf", "metal", true, BuckDsf, () => Cases.Llzo(1)),
        new("buck+coul/dsf+zbl", "metal", true, BuckDsfZbl, () => Cases.LlzoCompressed(1)),
        new("buck/coul/long+ewald", "metal", true, BuckCoulLongEwald, () => Cases.Llzo(1)),
        new("buck/coul/long+pppm", "metal", true, BuckCoulLongPppm, () => Cases.Llzo(1)),
        new("buck/coul/cut", "metal", true, BuckCoulCut, () => Cases.Llzo(1)),
        new("born+coul/wolf", "metal", true,
            ["pair_style hybrid/overlay born 10.0 coul/wolf 0.2 10.0", "pair_coeff * * born 0.0 1.0 0.0 0.0 0.0",
             "pair_coeff 1 4 born 0.35 0.30 2.0 1.2 0.4", "pair_coeff 2 4 born 0.9 0.33 2.5 20.0 6.0",
             "pair_coeff 3 4 born 0.8 0.35 2.1 10.0 3.0", "pair_coeff 4 4 born 0.2 0.25 3.0 30.0 9.0", "pair_coeff * * coul/wolf"],
            () => Cases.Llzo(1)),
        new("lj/cut", "lj", false, LjCut, () => Structure.LjFcc(4, 0.8442, 4242, 0.05)),
    ];

    /// <summary>A tilted (triclinic) cell: the per-atom k-space terms use the skewed grid / k vectors.</summary>
    private const string Tilt = "change_box all triclinic\nchange_box all xy final 1.7 xz final -1.1 yz final 0.9 remap";

    private static Setup Get(string name) => Setups.First(s => s.Name == name);

    /// <summary>The data file of the structure with a Velocities section (reproducible pseudo-random velocities).</summary>
    private static void WriteData(Structure s, string path, bool charge, string units)
    {
        LammpsData.Write(s, path, charge);
        var rng = new Random(2718);
        double scale = units == "metal" ? 5.0 : 1.0; // A/ps: kinetic stress comparable to the virial per atom
        var sb = new StringBuilder("\nVelocities\n\n");
        for (int i = 0; i < s.Count; i++)
        {
            sb.Append(i + 1);
            for (int c = 0; c < 3; c++) sb.Append(' ').Append((scale * (2 * rng.NextDouble() - 1)).ToString("R", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        File.AppendAllText(path, sb.ToString());
    }

    private static readonly string[] Columns = ["c_pe", "c_ke", "c_st[1]", "c_st[2]", "c_st[3]", "c_st[4]", "c_st[5]", "c_st[6]", "c_sv[1]", "c_sv[2]", "c_sv[3]", "c_sv[4]", "c_sv[5]", "c_sv[6]"];

    /// <summary>The deck both programs run: pe/atom, ke/atom, stress/atom (all parts, and virial only), dumped at step 0.</summary>
    private static List<string> Deck(Setup c, string data, string dump, string group = "all") =>
    [
        $"units {c.Units}",
        $"atom_style {(c.Charge ? "charge" : "atomic")}",
        "boundary p p p",
        $"read_data {data}",
        .. c.Commands,
        "group li type 1",
        $"compute pe {group} pe/atom",
        $"compute ke {group} ke/atom",
        $"compute st {group} stress/atom NULL",
        $"compute sv {group} stress/atom NULL virial",
        "thermo_style custom step pe ke press",
        $"dump d all custom 1 {dump} id {string.Join(' ', Columns)}",
        "dump_modify d sort id format float %.17g",
        "run 0",
    ];

    /// <summary>Per-atom rows by tag (1-based index - 1) from a dump written by the deck above.</summary>
    private static double[][] ReadDump(string path)
    {
        var snapshot = LammpsDump.ReadLast(path);
        Assert.Equal("id " + string.Join(' ', Columns), string.Join(' ', snapshot.Columns));
        return snapshot.ByTag();
    }

    private static Simulation RunGarnetics(IEnumerable<string> deck, int threads = 2) =>
        DeckRunner.Run(string.Join('\n', deck), threads: threads, name: "peratom.in", quiet: true).sim;

    private static (Simulation sim, double[][] rows) Garnetics(Setup c, string dir, string group = "all", int threads = 2)
    {
        var data = Path.Combine(dir, "data.lmp");
        if (!File.Exists(data)) WriteData(c.Build(), data, c.Charge, c.Units);
        var dump = Path.Combine(dir, $"garnetics-{group}.dump");
        var sim = RunGarnetics(Deck(c, data, dump, group), threads);
        return (sim, ReadDump(dump));
    }

    private static double[][] Lammps(Setup c, string dir)
    {
        var data = Path.Combine(dir, "data.lmp");
        if (!File.Exists(data)) WriteData(c.Build(), data, c.Charge, c.Units);
        File.WriteAllLines(Path.Combine(dir, "in.test"), Deck(c, "data.lmp", "lammps.dump"));
        LammpsRunner.RunInput(dir, "in.test");
        return ReadDump(Path.Combine(dir, "lammps.dump"));
    }

    private static string Scratch() => TempDir.Create("peratom");

    [Theory]
    [InlineData("buck+coul/dsf", 1)]
    [InlineData("buck+coul/dsf", 2)]
    [InlineData("buck+coul/dsf+zbl", 2)]
    [InlineData("buck/coul/long+ewald", 2)]
    [InlineData("buck/coul/long+pppm", 1)]
    [InlineData("buck/coul/long+pppm", 2)]
    [InlineData("buck/coul/cut", 2)]
    [InlineData("born+coul/wolf", 2)]
    [InlineData("lj/cut", 2)]
    public void PerAtomValuesSumToTheTotals(string name, int threads)
    {
        var dir = Scratch();
        try
        {
            var (sim, rows) = Garnetics(Get(name), dir, threads: threads);
            double pe = sim.PotentialEnergy();
            double sumPe = rows.Sum(r => r[0]);
            log.WriteLine($"{name}, {threads} thread(s): pe {pe:R}, sum pe/atom {sumPe:R}, rel {Math.Abs(sumPe - pe) / Math.Abs(pe):E2}");
            // round-off of summing ~200-500 terms of mixed sign (|e_i| up to ~50 eV) and of %.17g: 1e-9 relative
            Assert.True(Math.Abs(sumPe - pe) <= 1e-9 * Math.Abs(pe), $"sum of pe/atom {sumPe:R} vs pe {pe:R}");

            // virial-only stress/atom sums to -(W nktv2p) = -(P_virial V); off-diagonals relative to the largest diagonal
            var w = sim.TotalVirial();
            double nktv2p = sim.Units.Nktv2p;
            var expected = w.Select(v => -v * nktv2p).ToArray();
            double scale = expected.Take(3).Max(Math.Abs);
            for (int c = 0; c < 6; c++)
            {
                double s = rows.Sum(r => r[8 + c]);
                log.WriteLine($"  stress/atom virial [{c + 1}]: sum {s:R} expected {expected[c]:R} (diff/scale {Math.Abs(s - expected[c]) / scale:E2})");
                Assert.True(Math.Abs(s - expected[c]) <= 1e-9 * scale, $"component {c + 1}: sum {s:R} vs -(W nktv2p) {expected[c]:R}");
            }

            // with the kinetic term: sum = -(P V) of the full pressure tensor (compute pressure with the NULL-free thermo_temp)
            var k = ((Garnetics.Engine.Computes.ComputeTemp)sim.FindCompute("thermo_temp")!).ComputeVector();
            for (int c = 0; c < 6; c++)
            {
                double s = rows.Sum(r => r[2 + c]);
                double e = -(w[c] + k[c]) * nktv2p;
                Assert.True(Math.Abs(s - e) <= 1e-9 * scale, $"component {c + 1} with ke: sum {s:R} vs {e:R}");
            }

            // ke/atom sums to the kinetic energy
            Assert.True(sim.TryEvaluateKeyword("ke", SourceLocation.None, out double ke));
            if (sim.Thermo.Normalize) ke *= sim.Atoms.NAtoms; // lj units: thermo ke is per atom
            double sumKe = rows.Sum(r => r[1]);
            Assert.True(Math.Abs(sumKe - ke) <= 1e-12 * ke, $"sum of ke/atom {sumKe:R} vs ke {ke:R}");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// Atom by atom against LAMMPS. Bounds, relative to each atom's magnitude (|pe_i|; the largest |S_ab,i| of the atom),
    /// or to the mean of that magnitude over atoms where it is larger (atoms whose terms cancel to a small net value):
    /// buck/coul/cut, born + coul/wolf (libm erfc in LAMMPS, full-precision erfc here) and lj/cut use the same closed
    /// forms in both programs: 1e-9 (pe) and 1e-8 (stress), round-off of
    /// sums of ~200 pair terms that cancel by one to two orders of magnitude. coul/dsf: LAMMPS evaluates erfc with a
    /// polynomial of relative error ~1e-7 where Garnetics uses a full-precision erfc (see CoulDsfReferenceTests), so
    /// per-atom Coulomb sums agree to a few 1e-7 of the individual pair terms: bound 5e-6. Ewald with pair_modify
    /// table 0: LAMMPS's real-space erfc (Abramowitz-Stegun 7.1.26, absolute error 1.5e-7 per pair term qqr2e qi qj/r)
    /// limits agreement the same way (EwaldTests: 2e-6 on the total energy); the k-space part uses the same g_ewald and
    /// k vectors (checked in EwaldTests): bound 1e-5.
    /// </summary>
    [Theory]
    [InlineData("buck/coul/cut", 1e-9, 1e-8)]
    [InlineData("lj/cut", 1e-9, 1e-8)]
    [InlineData("born+coul/wolf", 1e-9, 1e-8)]
    [InlineData("buck+coul/dsf", 5e-6, 5e-6)]
    [InlineData("buck+coul/dsf+zbl", 5e-6, 5e-6)]
    [InlineData("buck/coul/long+ewald", 1e-5, 1e-5)]
    [InlineData("buck/coul/long+pppm", 1e-5, 1e-5)]
    public void PerAtomValuesMatchLammps(string name, double peRel, double stressRel)
    {
        var dir = Scratch();
        try
        {
            var c = Get(name);
            var reference = Lammps(c, dir);
            var (_, got) = Garnetics(c, dir);
            Assert.Equal(reference.Length, got.Length);
            double worstPe = 0, worstKe = 0, worstS = 0;
            // floors of the per-atom scales: the mean magnitude over atoms (an atom whose terms cancel to a small
            // net value is compared at the typical size of the terms, which is what the LAMMPS approximations limit)
            double peFloor = reference.Average(r => Math.Abs(r[0]));
            double sFloor = reference.Average(r => Enumerable.Range(2, 6).Max(k => Math.Abs(r[k])));
            double svFloor = reference.Average(r => Enumerable.Range(8, 6).Max(k => Math.Abs(r[k])));
            for (int i = 0; i < got.Length; i++)
            {
                double dpe = Math.Abs(got[i][0] - reference[i][0]) / Math.Max(Math.Abs(reference[i][0]), peFloor);
                worstPe = Math.Max(worstPe, dpe);
                Assert.True(dpe <= peRel, $"{name}: pe/atom of atom {i + 1}: {got[i][0]:R} vs LAMMPS {reference[i][0]:R} (rel {dpe:E2} > {peRel:E0})");
                double dke = Math.Abs(got[i][1] - reference[i][1]) / Math.Abs(reference[i][1]);
                worstKe = Math.Max(worstKe, dke);
                Assert.True(dke <= 1e-14, $"{name}: ke/atom of atom {i + 1}: {got[i][1]:R} vs LAMMPS {reference[i][1]:R}");
                foreach (int off in new[] { 2, 8 })
                {
                    double mag = Math.Max(Enumerable.Range(off, 6).Max(k => Math.Abs(reference[i][k])), off == 2 ? sFloor : svFloor);
                    for (int k = off; k < off + 6; k++)
                    {
                        double ds = Math.Abs(got[i][k] - reference[i][k]) / mag;
                        worstS = Math.Max(worstS, ds);
                        Assert.True(ds <= stressRel,
                            $"{name}: {Columns[k]} of atom {i + 1}: {got[i][k]:R} vs LAMMPS {reference[i][k]:R} (rel to the atom's largest {mag:E3}: {ds:E2} > {stressRel:E0})");
                    }
                }
            }
            log.WriteLine($"{name}: {got.Length} atoms; worst relative difference pe/atom {worstPe:E2}, ke/atom {worstKe:E2}, stress/atom {worstS:E2}");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// The k-space part alone (pe/atom kspace, stress/atom NULL kspace) against LAMMPS. Ewald: both sum the same k
    /// vectors with the same g_ewald (EwaldTests) and no erfc is involved; pppm: the same g_ewald, grid, order and
    /// influence function (PppmTests), per-atom values from the potential and virial grids interpolated with the same
    /// weights. Ewald agrees to round-off of sums over ~1000 k vectors and 192 atoms: bound 1e-9 of each atom's
    /// magnitude (largest stress component of the atom for stress/atom), in orthogonal and tilted cells. pppm: the two
    /// programs' k-space results agree to ~1e-10 relative (PppmTests: k-space forces within 1e-10 RMS), here 1.8e-10
    /// for per-atom energies; LAMMPS's per-atom virials are larger than Garnetics's by a uniform factor 1 + 1.14e-9
    /// (every atom and component, orders 4 and 5, orthogonal and tilted; its origin was not traced, the sums of
    /// Garnetics's per-atom virials match its total virial to 1e-14, which matches LAMMPS's to the 1e-7 PppmTests
    /// bound): bound 1e-8.
    /// </summary>
    [Theory]
    [InlineData("buck/coul/long+ewald", "", 1e-9)]
    [InlineData("buck/coul/long+pppm", "", 1e-8)]
    [InlineData("buck/coul/long+pppm", "kspace_modify order 4", 1e-8)]
    [InlineData("buck/coul/long+ewald", Tilt, 1e-9)]
    [InlineData("buck/coul/long+pppm", Tilt, 1e-8)]
    public void KSpacePartMatchesLammpsAtomByAtom(string name, string modify, double tol)
    {
        var dir = Scratch();
        try
        {
            var c0 = Get(name);
            // box changes go before the pair and kspace commands (LAMMPS: kspace_style after the switch to triclinic)
            var c = c0 with
            {
                Commands = modify.Length == 0 ? c0.Commands
                    : modify.StartsWith("change_box", StringComparison.Ordinal) ? [.. modify.Split('\n'), .. c0.Commands]
                    : [.. c0.Commands, modify],
            };
            WriteData(c.Build(), Path.Combine(dir, "data.lmp"), c.Charge, c.Units);
            List<string> Deck(string data, string dump) =>
            [
                "units metal", "atom_style charge", "boundary p p p", $"read_data {data}", .. c.Commands,
                "compute pk all pe/atom kspace", "compute sk all stress/atom NULL kspace",
                $"dump d all custom 1 {dump} id c_pk c_sk[1] c_sk[2] c_sk[3] c_sk[4] c_sk[5] c_sk[6]",
                "dump_modify d sort id format float %.17g", "run 0",
            ];
            File.WriteAllLines(Path.Combine(dir, "in.test"), Deck("data.lmp", "lammps.dump"));
            LammpsRunner.RunInput(dir, "in.test");
            var sim = RunGarnetics(Deck(Path.Combine(dir, "data.lmp"), Path.Combine(dir, "garnetics.dump")));
            double[][] Read(string f) => LammpsDump.Read(Path.Combine(dir, f));
            var reference = Read("lammps.dump");
            var got = Read("garnetics.dump");
            Assert.Equal(reference.Length, got.Length);
            double worstE = 0, worstS = 0;
            for (int i = 0; i < got.Length; i++)
            {
                Assert.Equal(reference[i][0], got[i][0]);
                double de = Math.Abs(got[i][1] - reference[i][1]) / Math.Abs(reference[i][1]);
                worstE = Math.Max(worstE, de);
                Assert.True(de <= tol, $"pe/atom kspace of atom {i + 1}: {got[i][1]:R} vs LAMMPS {reference[i][1]:R} ({de:E2})");
                double mag = Enumerable.Range(2, 6).Max(k => Math.Abs(reference[i][k]));
                for (int k = 2; k < 8; k++)
                {
                    double ds = Math.Abs(got[i][k] - reference[i][k]) / mag;
                    worstS = Math.Max(worstS, ds);
                    Assert.True(ds <= tol, $"stress/atom kspace [{k - 1}] of atom {i + 1}: {got[i][k]:R} vs LAMMPS {reference[i][k]:R} ({ds:E2})");
                }
            }
            var g = Regex.Match(File.ReadAllText(Path.Combine(dir, "log.lammps")), @"G vector \(1/distance\) = (\S+)");
            log.WriteLine($"{name} k-space per atom: worst relative difference pe/atom {worstE:E2}, stress/atom {worstS:E2}; " +
                          $"g_ewald LAMMPS {g.Groups[1].Value} Garnetics {sim.KSpace!.GEwald:R}");
            // and they sum to the k-space energy and virial
            double ek = sim.KSpace!.Energy;
            Assert.Equal(ek, got.Sum(r => r[1]), 1e-10 * Math.Abs(ek));
            for (int k = 0; k < 6; k++)
                Assert.Equal(-sim.KSpace.Virial[k] * sim.Units.Nktv2p, got.Sum(r => r[2 + k]), 1e-10 * Math.Abs(sim.KSpace.Virial[0] * sim.Units.Nktv2p));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void AtomsOutsideTheGroupGetZero()
    {
        var dir = Scratch();
        try
        {
            var c = Get("buck/coul/long+ewald");
            var (sim, all) = Garnetics(c, dir);
            var (_, li) = Garnetics(c, dir, group: "li");
            int nli = 0;
            var type = new int[sim.Atoms.NLocal];
            for (int i = 0; i < sim.Atoms.NLocal; i++) type[sim.Atoms.Tag[i] - 1] = sim.Atoms.Type[i];
            for (int i = 0; i < all.Length; i++)
            {
                if (type[i] == 1)
                {
                    nli++;
                    // the group only masks the output: Li atoms keep their full values
                    for (int k = 0; k < all[i].Length; k++) Assert.Equal(all[i][k], li[i][k]);
                    Assert.NotEqual(0.0, li[i][0]);
                }
                else
                    for (int k = 0; k < li[i].Length; k++) Assert.Equal(0.0, li[i][k]);
            }
            Assert.True(nli > 0 && nli < all.Length);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Per-atom tallies are made on the steps a dump needs them, not on others; an invocation on another step fails clearly.</summary>
    [Fact]
    public void PerAtomTalliesOnlyOnDumpSteps()
    {
        var dir = Scratch();
        try
        {
            var c = Get("buck+coul/dsf");
            var data = Path.Combine(dir, "data.lmp");
            WriteData(c.Build(), data, c.Charge, c.Units);
            var dump = Path.Combine(dir, "run.dump");
            List<string> deck =
            [
                "units metal", "atom_style charge", $"read_data {data}", .. c.Commands,
                "compute pe all pe/atom", "compute st all stress/atom NULL",
                "fix 1 all nve", "timestep 0.0005", "thermo 100",
                $"dump d all custom 4 {dump} id c_pe c_st[1]",
                "run 6",
            ];
            var sim = RunGarnetics(deck);
            // snapshots at steps 0 and 4; the last step (6) tallied no per-atom terms
            var text = File.ReadAllText(dump);
            Assert.Equal(2, text.Split("ITEM: TIMESTEP").Length - 1);
            Assert.Equal(-1, sim.PerAtomEnergyStep);
            Assert.False(sim.Pair!.EFlagAtom);
            var ex = Assert.Throws<GarneticsException>(() => sim.FindCompute("pe")!.ComputePerAtom());
            Assert.Contains("not tallied on step 6", ex.Message);
            // write_dump at that step: the same clear error
            var ex2 = Assert.ThrowsAny<GarneticsException>(() =>
            {
                var interp = (Interpreter)sim.Variables!;
                interp.RunString($"write_dump all custom {Path.Combine(dir, "late.dump")} id c_pe", "late.in");
            });
            Assert.Contains("compute pe pe/atom", ex2.Message);
            // ke/atom needs no tallies: always current
            var ke = RunGarnetics(["units metal", "atom_style charge", $"read_data {data}", .. c.Commands, "compute ke all ke/atom", "run 0"]);
            var v = ke.FindCompute("ke")!.ComputePerAtom();
            Assert.True(ke.TryEvaluateKeyword("ke", SourceLocation.None, out double keTotal));
            Assert.Equal(keTotal, v.Sum(), 1e-12 * keTotal);
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// compute reduce over per-atom computes in thermo: per-atom terms are tallied on thermo steps that have no dump
    /// (step 2 here), and the reductions equal the totals (sum), and the dump's own values (min, max, ave).
    /// </summary>
    [Fact]
    public void ReduceOverPerAtomComputesInThermo()
    {
        var dir = Scratch();
        try
        {
            var c = Get("buck/coul/long+pppm");
            var data = Path.Combine(dir, "data.lmp");
            WriteData(c.Build(), data, c.Charge, c.Units);
            var dump = Path.Combine(dir, "r.dump");
            var sim = new Simulation { Screen = null, Threads = 2 };
            var interp = new Interpreter(sim);
            sim.Variables = interp;
            var lines = new List<(long Step, double[] Values)>();
            sim.Thermo.LinePrinted += (step, values) => lines.Add((step, values.ToArray()));
            List<string> deck =
            [
                "units metal", "atom_style charge", $"read_data {data}", .. c.Commands,
                "compute pe all pe/atom", "compute sv all stress/atom NULL virial", "compute ke all ke/atom",
                "compute rpe all reduce sum c_pe", "compute rsv all reduce sum c_sv[1] c_sv[2] c_sv[3] c_sv[4] c_sv[5] c_sv[6]",
                "compute mm all reduce min c_pe", "compute mx all reduce max c_pe", "compute av all reduce ave c_pe",
                "compute rke all reduce sum c_ke", "compute pv all pressure NULL virial",
                "thermo_style custom step pe ke pxx pyy pzz pxy pxz pyz c_rpe c_rsv[1] c_rsv[2] c_rsv[3] c_rsv[4] c_rsv[5] c_rsv[6] c_mm c_mx c_av c_rke vol c_pv[1] c_pv[2] c_pv[3] c_pv[4] c_pv[5] c_pv[6]",
                "thermo_modify format float %.17g",
                "fix 1 all nve", "timestep 0.0005", "thermo 2",
                $"dump d all custom 4 {dump} id c_pe", "dump_modify d sort id format float %.17g",
                "run 4",
            ];
            interp.RunString(string.Join('\n', deck), "reduce.in");
            Assert.Equal(new long[] { 0, 2, 4 }, lines.Select(l => l.Step).ToArray());
            double nktv2p = sim.Units.Nktv2p;
            Assert.All(lines, l => Assert.Equal(27, l.Values.Length));
            foreach (var (step, v) in lines)
            {
                double pe = v[1], vol = v[20];
                Assert.True(Math.Abs(v[9] - pe) <= 1e-9 * Math.Abs(pe), $"step {step}: reduce sum c_pe {v[9]:R} vs pe {pe:R}");
                Assert.True(Math.Abs(v[19] - v[2]) <= 1e-9 * v[2], $"step {step}: reduce sum c_ke {v[19]:R} vs ke {v[2]:R}");
                // sum of virial-only stress/atom = -(P_virial V), P_virial from compute pressure NULL virial
                for (int k = 0; k < 6; k++)
                    Assert.True(Math.Abs(v[10 + k] + v[21 + k] * vol) <= 1e-9 * Math.Abs(v[21] * vol),
                        $"step {step}: reduce sum c_sv[{k + 1}] {v[10 + k]:R} vs -P_virial V {-v[21 + k] * vol:R}");
            }
            // at the last step: virial sums equal the total virial exactly, min/max/ave equal the dump's
            var w = sim.TotalVirial();
            var last = lines[^1].Values;
            for (int k = 0; k < 6; k++)
                Assert.True(Math.Abs(last[10 + k] + w[k] * nktv2p) <= 1e-9 * Math.Abs(w[0] * nktv2p), $"reduce sum c_sv[{k + 1}] {last[10 + k]:R} vs {-w[k] * nktv2p:R}");
            var pes = File.ReadAllLines(dump).Reverse().TakeWhile(l => !l.StartsWith("ITEM:"))
                .Select(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(pes.Min(), last[16]);
            Assert.Equal(pes.Max(), last[17]);
            Assert.Equal(pes.Average(), last[18], 1e-12 * Math.Abs(pes.Average()));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>
    /// rerun: per-atom energies dumped while replaying a trajectory equal those of the original run at the same steps
    /// (the first snapshot goes through the run set-up, later ones through rerun's own force evaluation).
    /// </summary>
    [Fact]
    public void RerunDumpsTheSamePerAtomValues()
    {
        var dir = Scratch();
        try
        {
            var c = Get("buck+coul/dsf");
            var data = Path.Combine(dir, "data.lmp");
            WriteData(c.Build(), data, c.Charge, c.Units);
            string traj = Path.Combine(dir, "traj.dump"), orig = Path.Combine(dir, "orig.dump"), again = Path.Combine(dir, "rerun.dump");
            string[] head = ["units metal", "atom_style charge", $"read_data {data}", .. c.Commands,
                             "compute pe all pe/atom", "compute st all stress/atom NULL virial"];
            const string cols = "id c_pe c_st[1] c_st[2] c_st[3] c_st[4] c_st[5] c_st[6]";
            RunGarnetics([.. head, "fix 1 all nve", "timestep 0.001", "thermo 100",
                $"dump t all custom 2 {traj} id type x y z", "dump_modify t format float %.17g",
                $"dump o all custom 2 {orig} {cols}", "dump_modify o sort id format float %.17g", "run 6"]);
            RunGarnetics([.. head, $"dump r all custom 2 {again} {cols}", "dump_modify r sort id format float %.17g",
                $"rerun {traj} dump x y z"]);
            var a = File.ReadAllLines(orig);
            var b = File.ReadAllLines(again);
            Assert.Equal(4, a.Count(l => l == "ITEM: TIMESTEP"));
            Assert.Equal(a.Length, b.Length);
            double worst = 0;
            for (int k = 0; k < a.Length; k++)
            {
                if (a[k].StartsWith("ITEM:") || !a[k].Contains(' ')) { Assert.Equal(a[k], b[k]); continue; }
                var x = a[k].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                var y = b[k].Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                Assert.Equal(x[0], y[0]);
                double scale = x.Skip(1).Max(Math.Abs);
                for (int q = 1; q < x.Length; q++) worst = Math.Max(worst, Math.Abs(x[q] - y[q]) / scale);
            }
            // positions go through %.17g (exact) and are re-wrapped: differences are round-off of the rebuilt lists
            log.WriteLine($"rerun vs run: worst relative per-atom difference {worst:E2}");
            Assert.True(worst < 1e-10, $"rerun per-atom values differ from the run's by {worst:E2}");
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>During minimization thermo's reduce over pe/atom is current on every thermo line (tallied at each evaluation).</summary>
    [Fact]
    public void ReduceOverPeAtomDuringMinimize()
    {
        var dir = Scratch();
        try
        {
            var c = Get("lj/cut");
            var data = Path.Combine(dir, "data.lmp");
            WriteData(c.Build(), data, c.Charge, c.Units);
            var sim = new Simulation { Screen = null, Threads = 1 };
            var interp = new Interpreter(sim);
            sim.Variables = interp;
            var lines = new List<double[]>();
            sim.Thermo.LinePrinted += (_, values) => lines.Add(values.ToArray());
            List<string> deck =
            [
                "units lj", "atom_style atomic", $"read_data {data}", .. c.Commands,
                "compute pe all pe/atom", "compute r all reduce sum c_pe",
                "thermo_style custom step pe c_r", "thermo_modify norm no", "thermo 1",
                "minimize 0 1e-12 6 100",
            ];
            interp.RunString(string.Join('\n', deck), "min.in");
            Assert.True(lines.Count >= 3, $"only {lines.Count} thermo lines");
            Assert.All(lines, v => Assert.True(Math.Abs(v[2] - v[1]) <= 1e-9 * Math.Abs(v[1]), $"step {v[0]}: reduce sum c_pe {v[2]:R} vs pe {v[1]:R}"));
            Assert.True(lines[^1][1] < lines[0][1], "the minimizer lowered the energy");
        }
        finally { Directory.Delete(dir, true); }
    }

    private static GarneticsException Fails(string lastLines, string data, string[]? pair = null)
    {
        var deck = string.Join('\n', new[] { "units metal", "atom_style charge", $"read_data {data}" }
            .Concat(pair ?? BuckCoulLongEwald)) + "\n" + lastLines;
        return Assert.ThrowsAny<GarneticsException>(() => DeckRunner.Run(deck, name: "bad.in", quiet: true));
    }

    [Fact]
    public void BadDecksFailWithOneLocatedError()
    {
        var dir = Scratch();
        try
        {
            var data = Path.Combine(dir, "data.lmp");
            WriteData(Cases.Llzo(1), data, true, "metal");
            int first = 3 + BuckCoulLongEwald.Length + 1; // line of the first added command

            var e = Fails("compute pe all pe/atom pair foo", data);
            Assert.Contains("unknown compute pe/atom keyword 'foo'", e.Message);
            Assert.Equal((first, 29), (e.Location!.Line, e.Location.Column));

            e = Fails("compute st all stress/atom thermo_temp", data);
            Assert.Contains("only NULL", e.Message);
            Assert.Equal((first, 28), (e.Location!.Line, e.Location.Column));

            e = Fails("compute st all stress/atom NULL ke fix", data);
            Assert.Contains("'fix' is not supported", e.Message);

            e = Fails("compute pe all pe/atom\ndump d all custom 1 x.dump id c_pe[2]", data);
            Assert.Contains("gives one value per atom", e.Message);
            Assert.Equal((first + 1, 31), (e.Location!.Line, e.Location.Column));

            e = Fails("compute st all stress/atom NULL\ndump d all custom 1 x.dump id c_st", data);
            Assert.Contains("use c_st[1] .. c_st[6]", e.Message);

            e = Fails("compute st all stress/atom NULL\ndump d all custom 1 x.dump id c_st[7]", data);
            Assert.Contains("out of range", e.Message);

            e = Fails("dump d all custom 1 x.dump id c_nope", data);
            Assert.Contains("compute 'nope' of column 'c_nope' does not exist", e.Message);

            e = Fails("compute pe all pe/atom\ncompute r all reduce median c_pe", data);
            Assert.Contains("unknown compute reduce mode 'median'", e.Message);
            Assert.Equal((first + 1, 22), (e.Location!.Line, e.Location.Column));
            e = Fails("compute st all stress/atom NULL\ncompute r all reduce sum c_st", data);
            Assert.Contains("use c_st[1] .. c_st[6]", e.Message);
            e = Fails("compute r all reduce sum v_x", data);
            Assert.Contains("v_name are not supported", e.Message);

            e = Fails("compute t all temp\ndump d all custom 1 x.dump id c_t", data);
            Assert.Contains("has no per-atom output", e.Message);

            // a pair style that cannot tally per atom (inside hybrid/overlay too): error at the compute's line and style
            e = Fails("compute pe all pe/atom\nrun 0", data,
                ["pair_style hybrid/overlay coul/dsf 0.2 9.0 test/harmonic 4.0", "pair_coeff * * coul/dsf", "pair_coeff * * test/harmonic 0.01 3.0"]);
            Assert.Contains("compute pe pe/atom: pair style hybrid/overlay cannot tally per-atom energies", e.Message);
            Assert.Equal((7, 16), (e.Location!.Line, e.Location.Column));

            // a kspace style without per-atom terms (test/noperatom): one clear error naming the way out
            string[] noPerAtom = ["pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", "kspace_style test/noperatom"];
            e = Fails("compute pe all pe/atom\nrun 0", data, noPerAtom);
            Assert.Contains("compute pe pe/atom: kspace_style test/noperatom does not provide per-atom energies and virials; use kspace_style ewald, or compute pe all pe/atom pair without kspace", e.Message);
            Assert.Equal((7, 16), (e.Location!.Line, e.Location.Column));
            e = Fails("compute st all stress/atom NULL\nrun 0", data, noPerAtom);
            Assert.Contains("kspace_style test/noperatom does not provide per-atom", e.Message);

            // ... while the pair part alone works with it
            var sim = RunGarnetics(["units metal", "atom_style charge", $"read_data {data}", .. noPerAtom,
                "compute pe all pe/atom pair", $"dump d all custom 1 {Path.Combine(dir, "p.dump")} id c_pe", "run 0"]);
            double pair = sim.Pair!.EngVdwl + sim.Pair.EngCoul;
            Assert.Equal(pair, sim.FindCompute("pe")!.ComputePerAtom().Sum(), 1e-9 * Math.Abs(pair));
        }
        finally { Directory.Delete(dir, true); }
    }
}

/// <summary>Test only: a k-space style with no reciprocal-space terms and no per-atom support (the error path of pe/atom).</summary>
[KSpaceStyle("test/noperatom", Help = "Test-only kspace style: g_ewald 0.3, no forces or energy, no per-atom terms.")]
public sealed class KSpaceTestNoPerAtom : KSpaceStyle
{
    public override void Settings(CommandArgs args) => args.Require(0, 0, "test/noperatom");
    public override void Init(Simulation sim) => GEwald = 0.3;
    public override void Compute(Simulation sim, bool eflag, bool vflag) { }
}
