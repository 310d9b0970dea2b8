namespace Garnetics.Engine.Tests;

/// <summary>
/// fix ave/time, fix print, compute msd and compute rdf in-process: averages against hand-computed values, wildcards,
/// array references, restart of the msd reference, and deck errors with their line and column.
/// </summary>
public sealed class AveTimeTests() : TempDirTest("avetime")
{
    /// <summary>Two atoms in a 10^3 box without forces (pair zero), moving at constant velocity: positions are known exactly.</summary>
    private const string Ballistic = """
        units lj
        atom_style atomic
        region box block 0 10 0 10 0 10 units box
        create_box 2 box
        create_atoms 1 single 1.0 5.0 5.0 units box
        create_atoms 2 single 6.0 5.0 5.0 units box
        mass 1 1.0
        mass 2 3.0
        pair_style zero 2.0
        pair_coeff * *
        timestep 0.01
        fix 1 all nve

        """;

    [Fact]
    public void AveOneRunningWindowAndOffMatchHandComputedMeans()
    {
        // v_s = step: ave/time 2 3 10 samples steps 6, 8, 10 for the output at 10 (mean 8), 16, 18, 20 (mean 18), ...
        DeckRunner.Run(Ballistic + """
            variable s equal step
            variable s2 equal step*step
            fix one all ave/time 2 3 10 v_s v_s2 v_s off 3 file one.dat
            fix run all ave/time 2 3 10 v_s ave running file run.dat
            fix win all ave/time 2 3 10 v_s ave window 2 file win.dat
            fix every all ave/time 5 1 10 v_s file every.dat
            fix last all ave/time 2 3 10 v_s ave running overwrite file last.dat title1 "# running mean of the step" title2 "# step mean"
            run 40
            """, Dir);
        // overwrite: only the latest output after the (user) titles
        Assert.Equal(new[] { "# running mean of the step", "# step mean", "40 23" }, File.ReadAllLines(P("last.dat")));
        var one = Numbers.ReadTable(P("one.dat"));
        Assert.Equal(new[] { 10.0, 20, 30, 40 }, one.Select(r => r[0]));
        Assert.Equal(new[] { 8.0, 18, 28, 38 }, one.Select(r => r[1]));
        // mean of squares: (36 + 64 + 100) / 3
        Assert.Equal((36 + 64 + 100) / 3.0, one[0][2], 4);  // printed with %g: 6 significant digits
        Assert.Equal((26.0 * 26 + 28 * 28 + 30 * 30) / 3, one[2][2], 3);
        Assert.Equal(new[] { 10.0, 20, 30, 40 }, one.Select(r => r[3]));           // off: the latest sample
        Assert.Equal(new[] { 8.0, 13, 18, 23 }, Numbers.ReadTable(P("run.dat")).Select(r => r[1]));   // running mean of 8, 18, 28, 38
        Assert.Equal(new[] { 8.0, 13, 23, 33 }, Numbers.ReadTable(P("win.dat")).Select(r => r[1]));   // mean of the last 2 outputs
        // Nrepeat 1: step 0 is sampled at the set-up
        Assert.Equal(new[] { 0.0, 10, 20, 30, 40 }, Numbers.ReadTable(P("every.dat")).Select(r => r[1]));
        Assert.Equal("# Time-averaged data for fix one", File.ReadLines(P("one.dat")).First());
        Assert.Equal("# TimeStep v_s v_s2 v_s", File.ReadLines(P("one.dat")).Skip(1).First());
    }

    [Fact]
    public void FixOutputIsUsableByThermoAndVariablesAndContinuesAcrossRuns()
    {
        var (sim, _) = DeckRunner.Run(Ballistic + """
            variable s equal step
            fix a all ave/time 1 4 10 v_s ave running start 12
            variable fa equal f_a
            thermo_style custom step f_a v_fa
            thermo 10
            run 15
            run 15
            """, Dir);
        // start 12: first window 17..20 (mean 18.5), then 27..30 (28.5): running mean 23.5
        Assert.Equal(23.5, sim.Thermo.LastValues.Single(v => v.Keyword == "f_a").Value, 12);
        Assert.Equal(23.5, sim.Thermo.LastValues.Single(v => v.Keyword == "v_fa").Value, 12);
    }

    [Fact]
    public void MsdOfBallisticAtomsAcrossPeriodicBoundaries()
    {
        // atom 1: v = (30, 0, 0), atom 2: v = (-10, 4, 0); after 50 steps of 0.01 (t = 0.5): dx1 = 15 (crosses x = 10),
        // dx2 = -5, dy2 = 2. Masses 1 and 3: the centre of mass does not move in x (30 - 3*10 = 0), moves 1.5 in y.
        var (sim, _) = DeckRunner.Run(Ballistic + """
            group a type 1
            group b type 2
            velocity a set 30 0 0
            velocity b set -10 4 0
            compute m all msd
            compute mc all msd com yes
            compute m1 a msd
            fix f all ave/time 50 1 50 c_m[*] c_mc[2*4] c_m1[4] file msd.dat
            run 50
            """, Dir);
        var row = Numbers.ReadTable(P("msd.dat")).Last();
        Assert.Equal(50, row[0]);
        // com yes: displacements relative to the centre of mass, which moves 0 in x and (3 * 2) / 4 = 1.5 in y:
        // y displacements of atom 1: -1.5, of atom 2: 0.5
        double[] expect =
        [
            (15.0 * 15 + 5 * 5) / 2, 2.0 * 2 / 2, 0, (225.0 + 25 + 4) / 2,     // c_m[1..4]
            (1.5 * 1.5 + 0.5 * 0.5) / 2, 0, (225.0 + 25 + 1.5 * 1.5 + 0.5 * 0.5) / 2,  // c_mc[2..4]
            225.0,                                                           // c_m1[4]: atom 1 alone
        ];
        Assert.Equal(1 + expect.Length, row.Length);
        for (int k = 0; k < expect.Length; k++)
            Assert.True(Math.Abs(row[k + 1] - expect[k]) <= 1e-5 * Math.Max(1, expect[k]), $"column {k + 2}: {row[k + 1]} vs {expect[k]}");
        Assert.Equal("# TimeStep c_m[1] c_m[2] c_m[3] c_m[4] c_mc[2] c_mc[3] c_mc[4] c_m1[4]", File.ReadLines(P("msd.dat")).Skip(1).First());
        // the unwrapped displacement survives the wrap: atom 1 is back inside the box with image flag 1
        int i1 = Array.IndexOf(sim.Atoms.Tag, 1);
        Assert.Equal(1, sim.Atoms.Image[3 * i1]);
        Assert.Equal(225.0 + 25 + 4, 2 * sim.FindCompute("m")!.ComputeVector()[3], 9);
    }

    [Fact]
    public void MsdReferenceSurvivesRunsAndRestartFiles()
    {
        string common = Decks.LjCell(3) + """
            velocity all create 1.5 4928 loop geom
            pair_style lj/cut 2.5
            pair_coeff 1 1 1.0 1.0
            neigh_modify every 1 delay 0 check yes

            """;
        var (full, _) = DeckRunner.Run(common + """
            fix 1 all nve
            compute m all msd com yes average yes
            thermo_style custom step c_m[4]
            thermo 25
            run 50
            run 50
            """, Dir);
        double expected = full.Thermo.LastValues.Single(v => v.Keyword == "c_m[4]").Value;
        Assert.True(expected > 0.01, $"msd {expected}");

        DeckRunner.Run(common + """
            fix 1 all nve
            compute m all msd com yes average yes
            thermo_style custom step c_m[4]
            thermo 25
            run 50
            write_restart msd.rst
            """, Dir);
        var (second, _) = DeckRunner.Run("""
            read_restart msd.rst
            pair_style lj/cut 2.5
            pair_coeff 1 1 1.0 1.0
            neigh_modify every 1 delay 0 check yes
            fix 1 all nve
            compute m all msd com yes average yes
            thermo_style custom step c_m[4]
            thermo 25
            run 50
            """, Dir);
        double actual = second.Thermo.LastValues.Single(v => v.Keyword == "c_m[4]").Value;
        // the restart continues the trajectory bit for bit (RestartAndRunDumpTests), so the msd is the same number
        Assert.Equal(expected, actual, 12);

        var e = Assert.Throws<GarneticsException>(() => DeckRunner.Run("""
            read_restart msd.rst
            compute m all msd
            """, Dir));
        Assert.Contains("com yes average yes", e.Message);
    }

    [Fact]
    public void RdfNormalisationArrayReferencesAndVectorMode()
    {
        // simple cubic lattice, a = 1, 216 atoms in a 6^3 box; Rc = 2 in 15 bins (dr = 2/15): the shells at 1 (6 neighbours),
        // sqrt2 (12) and sqrt3 (8) fall in bins 7, 10 and 12 (0-based), away from bin edges
        var (sim, _) = DeckRunner.Run(Decks.LatticeBox("lj", "sc 1.0", "6", types: 2, set: "set atom 1*100 type 2") + """
            pair_style lj/cut 2.05
            pair_coeff * * 1.0 1.0
            compute r all rdf 15 cutoff 2.0
            compute r12 all rdf 15 1 2 * 2 cutoff 2.0
            fix v all ave/time 1 1 1 c_r[*] c_r12[*] mode vector file rdf.dat
            variable g equal c_r[8][2]
            thermo_style custom step c_r[8][2] c_r[8][3] f_v[13][3] v_g
            run 0
            """, Dir);
        var th = sim.Thermo.LastValues.ToDictionary(v => v.Keyword, v => v.Value);
        const double n = 216, volume = 216, dr = 2.0 / 15;
        double Vfrac(int k) => 4.0 * Math.PI / 3.0 * (Math.Pow((k + 1) * dr, 3) - Math.Pow(k * dr, 3)) / volume;
        double g = 6 / ((n - 1) * Vfrac(7));
        Assert.Equal(g, th["c_r[8][2]"], 10);
        Assert.Equal(g, th["v_g"], 10);
        Assert.Equal(6.0, th["c_r[8][3]"], 10);     // coordination within the upper edge of bin 7
        Assert.Equal(26.0, th["f_v[13][3]"], 10);   // 6 + 12 + 8 within bin 12's edge

        // the type-pair columns against a brute-force minimum-image count with the documented normalisation
        var a = sim.Atoms;
        var hist12 = new double[15];
        var hist22 = new double[15];
        int n1 = 0, n2 = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            if (a.Type[i] == 1) n1++; else n2++;
            for (int j = 0; j < a.NLocal; j++)
            {
                if (i == j || a.Type[j] != 2) continue;
                double rsq = 0;
                for (int d = 0; d < 3; d++)
                {
                    double x = a.X[3 * i + d] - a.X[3 * j + d];
                    x -= 6 * Math.Round(x / 6);
                    rsq += x * x;
                }
                double r = Math.Sqrt(rsq);
                if (r >= 2.0) continue;
                int bin = (int)(r / dr);
                if (a.Type[i] == 1) hist12[bin]++;
                hist22[bin]++;   // I = * (types 1 and 2), J = 2
            }
        }
        Assert.Equal(100, n2);
        var arr = sim.FindCompute("r12")!.ComputeArray();
        double c12 = 0, c22 = 0;
        double norm22 = n2 - (double)n2 / n;   // Nj - Ndup/Ni with Ni = all 216 atoms, Nj = Ndup = 100
        for (int k = 0; k < 15; k++)
        {
            double g12 = hist12[k] / (Vfrac(k) * n2 * n1), g22 = hist22[k] / (Vfrac(k) * norm22 * n);
            c12 += g12 * Vfrac(k) * n2;
            c22 += g22 * Vfrac(k) * norm22;
            Assert.Equal((k + 0.5) * dr, arr[k, 0], 12);
            Assert.Equal(g12, arr[k, 1], 10);
            Assert.Equal(c12, arr[k, 2], 10);
            Assert.Equal(g22, arr[k, 3], 10);
            Assert.Equal(c22, arr[k, 4], 10);
        }
        Assert.True(c12 > 1 && c22 > 1, $"{c12} {c22}");

        // the vector-mode file: header, one block of 15 rows: index, then the 3 columns of r and the 5 of r12
        var lines = File.ReadAllLines(P("rdf.dat"));
        Assert.Equal("# TimeStep Number-of-rows", lines[1]);
        Assert.Equal("# Row c_r[1] c_r[2] c_r[3] c_r12[1] c_r12[2] c_r12[3] c_r12[4] c_r12[5]", lines[2]);
        Assert.Equal("0 15", lines[3]);
        Assert.Equal(3 + 1 + 15, lines.Length);
        var row8 = lines[3 + 8].Split(' ');
        Assert.Equal(9, row8.Length);
        Assert.Equal("8", row8[0]);
        Assert.Equal(g, double.Parse(row8[2], CultureInfo.InvariantCulture), 4);
    }

    [Fact]
    public void FixPrintSubstitutesWhenItPrints()
    {
        var (_, output) = DeckRunner.Run(Ballistic + """
            variable t equal step*2
            fix p all print 10 "step $(step) t ${t} $(v_t/4:%.2f)" file p.txt screen no title "my title"
            fix q all print 15 "q $(step)" append q.txt
            run 20
            run 10
            """, Dir);
        Assert.Equal(new[] { "my title", "step 0 t 0 0.00", "step 10 t 20 5.00", "step 20 t 40 10.00", "step 20 t 40 10.00", "step 30 t 60 15.00" },
            File.ReadAllLines(P("p.txt")));
        Assert.Equal(new[] { "q 0", "q 15", "q 30" }, File.ReadAllLines(P("q.txt")));
        Assert.DoesNotContain("step 10 t", output);
        Assert.Contains("q 15", output);
    }

    [Theory]
    [InlineData("fix a all ave/time 3 1 10 c_m[4]", 6, "multiple of Nevery")]
    [InlineData("fix a all ave/time 5 3 10 c_m[4]", 5, "must not exceed Nfreq")]
    [InlineData("fix a all ave/time 5 1 10 c_m[4] bogus", 8, "unknown fix ave/time value or keyword 'bogus'")]
    [InlineData("fix a all ave/time 5 1 10 c_nope", 7, "compute 'nope'")]
    [InlineData("fix a all ave/time 5 1 10 c_m[5]", 7, "out of range")]
    [InlineData("fix a all ave/time 5 1 10 c_m", 7, "no scalar output")]
    [InlineData("fix a all ave/time 5 1 10 c_m[*] mode vector", 7, "no array")]
    [InlineData("fix a all ave/time 5 1 10 c_m[4] off 2", 9, "out of range")]
    [InlineData("fix a all ave/time 0 1 10 c_m[4]", 4, "Nevery must be > 0")]
    [InlineData("fix a all ave/time 5 1 10 c_m[4] ave window 0", 10, "M must be > 0")]
    [InlineData("fix a all print 0 \"x\"", 4, "N must be > 0")]
    [InlineData("fix a all print 10 \"x\" color red", 6, "unknown fix print keyword 'color'")]
    [InlineData("compute r all rdf 10 1 2 1", 7, "pairs")]
    [InlineData("compute r all rdf 10 1 3", 6, "out of range")]
    [InlineData("compute q all msd com maybe", 5, "yes or no")]
    public void BadArgumentsGiveOneErrorAtTheWord(string line, int word, string message)
    {
        // 1-based column of the offending word (words separated by single blanks)
        int column = 1 + line.Split(' ').Take(word).Sum(w => w.Length + 1);
        var e = Assert.Throws<GarneticsException>(() => DeckRunner.Run(Ballistic + "compute m all msd\n" + line + "\n", Dir));
        Assert.Contains(message, e.Message);
        Assert.NotNull(e.Location);
        Assert.Equal(14, e.Location!.Line);
        Assert.Equal(column, e.Location.Column);
    }

    [Fact]
    public void RdfCutoffBeyondThePairCutoffIsAnErrorAtTheRun()
    {
        var e = Assert.Throws<GarneticsException>(() => DeckRunner.Run(Ballistic + "compute r all rdf 10 cutoff 3.0\nthermo_style custom step c_r[1][2]\nrun 0\n", Dir));
        Assert.Contains("exceeds the pair cut-off", e.Message);
        Assert.Equal(13, e.Location!.Line);
    }
}
