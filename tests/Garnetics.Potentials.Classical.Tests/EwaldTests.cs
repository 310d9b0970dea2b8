using System.Text.RegularExpressions;
using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// kspace_style ewald with the coul/long pair family against LAMMPS (same data file and deck, `pair_modify table 0`) and
/// against an independent, fully converged Ewald sum in Python.
/// Parity bounds vs LAMMPS: LAMMPS's table-0 real-space path uses the Abramowitz-Stegun 7.1.26 polynomial erfc (absolute
/// error up to 1.5e-7 per pair term) where Garnetics evaluates erfc to 1e-15, so agreement is limited to about 1e-7 relative
/// in energy and a few 1e-6 eV/A in forces: bounds 2e-6 relative (energy), 1e-5 eV/A (forces), 1e-5 of the largest
/// pressure component. g_ewald (printed by LAMMPS to 8 digits: 1e-7 relative) and the k vectors must be identical.
/// </summary>
public sealed class EwaldTests(ITestOutputHelper log)
{
    private static readonly Lazy<Structure> Cell = new(() => Cases.Llzo(1));

    private static string[] BuckCoulLong(string kspace, params string[] extra) =>
    [
        "pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c),
        "pair_modify table 0", kspace, .. extra,
    ];

    private sealed record LammpsEwald(PairResult Result, double G, double Acc, int KCount, int Kx, int Ky, int Kz, string[] Log);

    private static LammpsEwald RunLammps(Structure s, string[] commands)
    {
        var lines = new List<string>();
        var r = LammpsPair.Run(s, "metal", true, commands, logLines: lines);
        double g = double.NaN, acc = double.NaN;
        int kc = -1, kx = -1, ky = -1, kz = -1;
        foreach (var l in lines)
        {
            var m = Regex.Match(l, @"G vector \(1/distance\) = (\S+)");
            if (m.Success) g = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            m = Regex.Match(l, @"estimated absolute RMS force accuracy = (\S+)");
            if (m.Success) acc = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            m = Regex.Match(l, @"KSpace vectors: actual max1d max3d = (\d+)");
            if (m.Success) kc = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            m = Regex.Match(l, @"kxmax kymax kzmax\s+= (\d+) (\d+) (\d+)");
            if (m.Success)
            {
                kx = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                ky = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                kz = int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            }
        }
        Assert.False(double.IsNaN(g) || double.IsNaN(acc) || kc < 0 || kx < 0, "could not parse the Ewald summary (G vector, KSpace vectors, kxmax) from log.lammps");
        return new LammpsEwald(r, g, acc, kc, kx, ky, kz, lines.ToArray());
    }

    /// <summary>g_ewald, the estimated accuracy (both printed by LAMMPS to 8 digits: rel = 1e-7) and the k vectors must agree.</summary>
    private void AssertSameParameters(LammpsEwald l, KSpaceEwald e, string what, double rel = 1e-7)
    {
        log.WriteLine($"{what}: g_ewald LAMMPS {l.G:R} Garnetics {e.GEwald:R}; kcount {l.KCount}/{e.KCount}; " +
                      $"kmax {l.Kx} {l.Ky} {l.Kz} / {e.KxMax} {e.KyMax} {e.KzMax}");
        Assert.True(Math.Abs(e.GEwald - l.G) <= rel * l.G, $"{what}: g_ewald {e.GEwald:R} vs LAMMPS {l.G:R}");
        // LAMMPS's estimate with table 0 has no table term, like Garnetics's; printed to 8 digits
        log.WriteLine($"{what}: estimated absolute RMS force accuracy LAMMPS {l.Acc:R} Garnetics {e.EstimatedAbsoluteAccuracy:R}");
        Assert.True(Math.Abs(e.EstimatedAbsoluteAccuracy - l.Acc) <= rel * l.Acc,
            $"{what}: estimated accuracy {e.EstimatedAbsoluteAccuracy:R} vs LAMMPS {l.Acc:R}");
        Assert.Equal((l.Kx, l.Ky, l.Kz), (e.KxMax, e.KyMax, e.KzMax));
        Assert.Equal(l.KCount, e.KCount);
    }

    private (LammpsEwald lmp, PairResult got, KSpaceEwald ewald) Both(Structure s, string[] commands)
    {
        var l = RunLammps(s, commands);
        var sim = GarneticsCalc.Create(s, "metal", true, commands);
        var e = Assert.IsType<KSpaceEwald>(sim.KSpace);
        return (l, GarneticsCalc.Result(sim), e);
    }

    [Fact]
    public void BuckCoulLongEwaldMatchesLammps()
    {
        var s = Cell.Value;
        var (l, got, e) = Both(s, BuckCoulLong("kspace_style ewald 1e-8"));
        AssertSameParameters(l, e, "t-LLZO 192 ewald 1e-8");
        Compare.Results(l.Result, got, 2e-6, 1e-5, 1e-5, log, "buck/coul/long + ewald 1e-8, t-LLZO 192");
    }

    /// <summary>
    /// Both codes in their default table mode (no pair_modify table line: LAMMPS's bit-masked linear table, about 1e-6
    /// relative per pair; Garnetics's cubic Hermite table, below 1e-9): energy 2e-6 relative and pressure 1e-5 of the
    /// largest component as in the table-0 test; forces see below (LAMMPS's table error alone exceeds 1e-5 eV/A on one
    /// component). g_ewald must be identical (LAMMPS's accuracy estimate adds a term for its own table, not compared).
    /// </summary>
    [Fact]
    public void BuckCoulLongEwaldMatchesLammpsInDefaultTableMode()
    {
        var s = Cell.Value;
        string[] deck =
        [
            "pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c),
            "kspace_style ewald 1e-8",
        ];
        var (l, got, e) = Both(s, deck);
        Assert.Contains(l.Log, x => x.Contains("using 12-bit tables for long-range coulomb")); // LAMMPS did tabulate
        var table = ((PairBuckCoulLong)GarneticsCalc.Create(s, "metal", true, deck).Pair!).CoulTable;
        Assert.Equal(12, table!.Bits);
        log.WriteLine($"g_ewald LAMMPS {l.G:R} Garnetics {e.GEwald:R}");
        Assert.True(Math.Abs(e.GEwald - l.G) <= 1e-7 * l.G, $"g_ewald {e.GEwald:R} vs LAMMPS {l.G:R}");
        Assert.Equal((l.Kx, l.Ky, l.Kz), (e.KxMax, e.KyMax, e.KzMax));
        // LAMMPS's own table error, from the same deck with table 0 (its exact path): measured max 1.16e-5 eV/A, rms 2.8e-6
        var l0 = LammpsPair.Run(s, "metal", true, [.. deck[..^1], "pair_modify table 0", deck[^1]]);
        double MaxDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        double Rms(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Average());
        double lTable = MaxDiff(l.Result.Forces, l0.Forces), dF = MaxDiff(got.Forces, l.Result.Forces);
        log.WriteLine($"max |dF|: Garnetics - LAMMPS (both tables) {dF:E3}, rms {Rms(got.Forces, l.Result.Forces):E3}; LAMMPS table 12 - " +
                      $"LAMMPS table 0 {lTable:E3}, rms {Rms(l.Result.Forces, l0.Forces):E3}; Garnetics table 12 - LAMMPS table 0 " +
                      $"{MaxDiff(got.Forces, l0.Forces):E3}");
        // energy and pressure: the table-0 bounds hold as they are (measured 1.2e-7 and 5.6e-7)
        Compare.Results(l.Result, got, 2e-6, double.PositiveInfinity, 1e-5, log, "default tables: buck/coul/long + ewald 1e-8, t-LLZO 192");
        // forces: LAMMPS's linear table alone moves its forces by up to 1.16e-5 eV/A here, more than the 1e-5 parity
        // bound, so the raw component bound is 1e-5 plus LAMMPS's own measured table error (triangle inequality through
        // LAMMPS's exact path), the rms difference must stay below 1e-5, and against LAMMPS's exact path Garnetics's
        // table mode meets the table-0 bound of 1e-5 eV/A itself (measured 3.2e-6: Garnetics's table adds 4e-10)
        Assert.True(lTable < 2e-5, $"LAMMPS's table moved its forces by {lTable:E3} eV/A (expected ~1.2e-5)");
        Assert.True(dF <= 1e-5 + lTable, $"max force difference {dF:E3} eV/A > 1e-5 + LAMMPS's table error {lTable:E3}");
        Assert.True(Rms(got.Forces, l.Result.Forces) <= 1e-5, "rms force difference above 1e-5 eV/A");
        Assert.True(MaxDiff(got.Forces, l0.Forces) <= 1e-5, "Garnetics table 12 vs LAMMPS table 0: max force difference above 1e-5 eV/A");
    }

    /// <summary>
    /// The 12288-atom cubic LLZO at 1000 K (box 52.3 A, 62243 k vectors at 1e-8): LAMMPS needs about 3 s serial.
    /// Raw bounds as for the 192-atom cell (pressure 2e-5, see below) and the polynomial-erfc residual check.
    /// </summary>
    [Fact]
    public void BuckCoulLongEwaldMatchesLammpsOnCubicLlzo12288()
    {
        var s = BigCell.Value;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var l = RunLammps(s, BuckCoulLong("kspace_style ewald 1e-8"));
        double tl = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var sim = GarneticsCalc.Create(s, "metal", true, BuckCoulLong("kspace_style ewald 1e-8"));
        double tg = sw.Elapsed.TotalSeconds;
        var e = Assert.IsType<KSpaceEwald>(sim.KSpace);
        log.WriteLine($"wall time (set-up + one force evaluation): LAMMPS {tl:F2} s, Garnetics {tg:F2} s ({sim.Threads} threads)");
        AssertSameParameters(l, e, "c-LLZO 12288 ewald 1e-8");
        var got = GarneticsCalc.Result(sim);
        // raw bounds as for the small cell except the pressure: the polynomial-erfc bias is systematic (same sign for
        // every pair), measured 1.03e-5 of the largest component here; the residual check below is the tight one
        Compare.Results(l.Result, got, 2e-6, 1e-5, 2e-5, log, "buck/coul/long + ewald 1e-8, c-LLZO 12288");
        AssertResidualIsPolynomialErfc(s, l.Result, got, e.GEwald, "c-LLZO 12288");
    }

    private static readonly Lazy<Structure> BigCell = new(Structure.CubicLlzo12288);

    [Fact]
    public void TriclinicEwaldMatchesLammps()
    {
        var s = Cell.Value;
        var cmds = BuckCoulLong("kspace_style ewald 1e-6",
            "change_box all triclinic", "change_box all xy final 1.7 xz final -1.1 yz final 0.9 remap");
        var (l, got, e) = Both(s, cmds);
        AssertSameParameters(l, e, "triclinic t-LLZO 192 ewald 1e-6");
        Compare.Results(l.Result, got, 2e-6, 1e-5, 1e-5, log, "buck/coul/long + ewald 1e-6, tilted t-LLZO 192");
    }

    [Fact]
    public void NonNeutralSystemMatchesLammpsWithBackgroundTerm()
    {
        var s = Cell.Value;
        var cmds = BuckCoulLong("kspace_style ewald 1e-7", "set type 1 charge 1.1");
        var (l, got, e) = Both(s, cmds);
        Assert.Contains(l.Log, x => x.Contains("System is not charge neutral"));
        AssertSameParameters(l, e, "non-neutral t-LLZO 192");
        Compare.Results(l.Result, got, 2e-6, 1e-5, 1e-5, log, "non-neutral (net +5.6 e) buck/coul/long + ewald 1e-7");
    }

    [Fact]
    public void FixedGEwaldAndOtherCoulLongStylesMatchLammps()
    {
        var s = Cell.Value;
        string[][] decks =
        [
            ["pair_style coul/long 9.0", "pair_coeff * *", "pair_modify table 0", "kspace_style ewald 1e-6", "kspace_modify gewald 0.33"],
            ["pair_style born/coul/long 8.0 10.0", "pair_coeff * * 0.0 1.0 0.0 0.0 0.0",
             "pair_coeff 1 4 0.35 0.30 2.0 1.2 0.4", "pair_coeff 2 4 0.9 0.33 2.5 20.0 6.0",
             "pair_coeff 3 4 0.8 0.35 2.1 10.0 3.0 7.0", "pair_coeff 4 4 0.2 0.25 3.0 30.0 9.0", "pair_modify shift yes table 0",
             "kspace_style ewald 1e-7"],
            ["pair_style lj/cut/coul/long 8.0 10.0", "pair_coeff 1 1 0.01 1.5", "pair_coeff 2 2 0.02 2.0", "pair_coeff 3 3 0.02 1.9",
             "pair_coeff 4 4 0.005 2.8 7.5", "pair_modify mix arithmetic table 0", "kspace_style ewald 1e-7"],
            ["pair_style coul/long 9.0", "pair_coeff * *", "pair_modify table 0", "kspace_style ewald 1e-6",
             "kspace_modify gewald 0.31 kmax/ewald 5 6 4"],
            ["pair_style hybrid/overlay buck 10.0 coul/long 10.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c.Insert(4, "buck ")),
             "pair_coeff * * coul/long", "pair_modify pair coul/long table 0", "kspace_style ewald 1e-7"],
        ];
        foreach (var d in decks)
        {
            var (l, got, e) = Both(s, d);
            AssertSameParameters(l, e, d[0]);
            Compare.Results(l.Result, got, 2e-6, 1e-5, 1e-5, log, d[0] + " + " + d[^1]);
        }
    }

    /// <summary>
    /// 100 NVE steps (1 fs, 1200 K start) with buck/coul/long + ewald 1e-6 from the same velocities: the kspace part is
    /// recomputed every step. The per-step force difference (LAMMPS's polynomial erfc, &lt;= 4e-6 eV/A) displaces the
    /// trajectories by at most 0.5 (F/m_Li) t^2 = 0.5 * 4e-6/6.94 * 9648.5 A/ps^2 * (0.1 ps)^2 = 3e-5 A, i.e. force changes
    /// up to ~30 eV/A^2 * 3e-5 A = 1e-3 eV/A in the worst case (measured 2.6e-5 eV/A: the displacements partly cancel).
    /// Bounds after the run: energy 2e-6 relative (the erfc bias, as at step 0), forces 2e-4 eV/A (8x the measured value,
    /// 5x below the worst case), pressure (kinetic part included) 2e-5 of the largest component (measured 4.9e-6).
    /// </summary>
    /// The NPT variant (aniso barostat, the volume changes by ~4% within 50 steps) exercises the per-step re-setup of the
    /// k vectors and kmax on box change, as LAMMPS's fix npt calls kspace setup; same bounds.
    [Theory]
    [InlineData("fix 1 all nve")]
    [InlineData("fix 1 all npt temp 1200 1200 0.1 aniso 0 0 0.5")]
    public void ShortRunMatchesLammps(string fix)
    {
        var s = Cell.Value;
        var cmds = BuckCoulLong("kspace_style ewald 1e-6",
            "velocity all create 1200 4928459 loop geom", fix, "timestep 0.001", "thermo 100", "run 100");
        var l = RunLammps(s, cmds);
        var sim = GarneticsCalc.Create(s, "metal", true, cmds);
        var e = Assert.IsType<KSpaceEwald>(sim.KSpace);
        // the final set-up uses the final box, which under npt differs from LAMMPS's by ~2e-7 relative (the trajectories
        // differ as above): g_ewald and the estimate compared to 1e-6 there
        AssertSameParameters(l, e, fix, 1e-6);
        // LAMMPS's thermo pressure includes the kinetic tensor sum m v_a v_b (the harness's Garnetics result does not)
        var atoms = sim.Atoms;
        var kin = new double[6];
        for (int i = 0; i < atoms.NLocal; i++)
        {
            double m = atoms.Mass[atoms.Type[i]];
            double vx = atoms.V[3 * i], vy = atoms.V[3 * i + 1], vz = atoms.V[3 * i + 2];
            kin[0] += m * vx * vx; kin[1] += m * vy * vy; kin[2] += m * vz * vz;
            kin[3] += m * vx * vy; kin[4] += m * vx * vz; kin[5] += m * vy * vz;
        }
        var r = GarneticsCalc.Result(sim);
        double scale = sim.Units.Mvv2e * sim.Units.Nktv2p / sim.Box.Volume;
        var got = r with { Pressure = r.Pressure.Select((p, c) => p + scale * kin[c]).ToArray() };
        Compare.Results(l.Result, got, 2e-6, 2e-4, 2e-5, log, $"after 100 steps of {fix}, buck/coul/long + ewald 1e-6");
    }

    [Fact]
    public void ComputeNoSkipsReciprocalPart()
    {
        var s = Cell.Value;
        var full = GarneticsCalc.Create(s, "metal", true, BuckCoulLong("kspace_style ewald 1e-6"));
        var none = GarneticsCalc.Create(s, "metal", true, BuckCoulLong("kspace_style ewald 1e-6", "kspace_modify compute no"));
        Assert.Equal(0.0, none.KSpace!.Energy);
        Assert.Equal(full.KSpace!.GEwald, none.KSpace.GEwald);
        Assert.Equal(full.PotentialEnergy() - full.KSpace.Energy, none.PotentialEnergy(), 1e-9 * Math.Abs(none.PotentialEnergy()));
    }

    [Fact]
    public void ErrorsAreReported()
    {
        var s = Cell.Value;
        var e1 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, ["pair_style coul/long 10.0", "pair_coeff * *"]));
        Assert.Contains("requires a kspace style", e1.Message);
        var e2 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true,
            ["pair_style buck/coul/cut 10.0", "pair_coeff * * 0.0 1.0 0.0", "kspace_style ewald 1e-6"]));
        Assert.Contains("long-range Coulomb", e2.Message);
        var e3 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true,
            ["pair_style coul/long 10.0", "pair_coeff * *", "kspace_style ewald 0"]));
        Assert.Contains("accuracy must be > 0", e3.Message);
    }

    /// <summary>
    /// Independent reference: the Coulomb energy and forces of the same cell from a fully converged Ewald sum in Python
    /// (g = 0.3 1/A, real-space images to erfc(g r) &lt; 1e-17, |k| up to exp(-k^2/4g^2) &lt; 1e-19). Garnetics runs coul/long
    /// with kspace_style ewald 1e-10 (its estimated RMS force error ~1e-9 eV/A) so its own truncation is below the bounds:
    /// energy 1e-9 relative, forces 1e-7 eV/A, pressure tensor (virial: real-space pair sum plus the reciprocal
    /// u_k |S|^2 (delta - 2 (1/k^2 + 1/4g^2) k k)) 1e-9 of the largest component.
    /// </summary>
    [Fact]
    public void MatchesConvergedPythonEwald()
    {
        var s = Cell.Value;
        var sim = GarneticsCalc.Create(s, "metal", true, ["pair_style coul/long 10.0", "pair_coeff * *", "pair_modify table 0", "kspace_style ewald 1e-10"]);
        var got = GarneticsCalc.Result(sim);
        var dir = TempDir.Create("ewald-py");
        try
        {
            var w = RunPython(s, dir, PythonEwald, "");
            double eRef = w[0];
            var pRef = w[1..7];
            var fRef = w[7..];
            double de = Math.Abs(got.Pe - eRef);
            double df = fRef.Zip(got.Forces, (a, b) => Math.Abs(a - b)).Max();
            log.WriteLine($"Coulomb energy: python {eRef:R} Garnetics {got.Pe:R} rel {de / Math.Abs(eRef):E2}; max |dF| {df:E2} eV/A");
            Assert.True(de <= 1e-9 * Math.Abs(eRef), $"energy {got.Pe:R} vs converged {eRef:R}: rel {de / Math.Abs(eRef):E3}");
            Assert.True(df <= 1e-7, $"max force difference {df:E3} eV/A > 1e-7");
            double pScale = pRef.Max(Math.Abs);
            double dp = pRef.Zip(got.Pressure, (a, b) => Math.Abs(a - b)).Max();
            log.WriteLine($"pressure tensor: max |dP| {dp:E2} bar, relative to the largest component {pScale:E3}: {dp / pScale:E2}");
            Assert.True(dp <= 1e-9 * pScale, $"pressure difference {dp:E3} bar > 1e-9 x {pScale:E3}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static double[] RunPython(Structure s, string dir, string script, string args)
    {
        s.WriteChargedAtoms(Path.Combine(dir, "atoms.txt"), FormattableString.Invariant($"{s.Lx:R} {s.Ly:R} {s.Lz:R} {args}\n"));
        var outText = PythonRunner.RunScript(dir, script);
        return outText.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>
    /// The remaining Garnetics-LAMMPS difference is LAMMPS's table-0 real-space approximation: the Abramowitz-Stegun 7.1.26
    /// polynomial erfc (published constants p = 0.3275911, a1..a5; absolute error up to 1.5e-7) and 2/sqrt(pi) rounded to
    /// 1.12837917. A Python model of exactly that difference (same g, same cut-off, every pair) predicts E_Garnetics - E_LAMMPS,
    /// the force and the pressure differences; after removing it the residual must be at LAMMPS's output and summation
    /// precision: 1e-10 relative in energy (%20.15g output, sums of ~1e5 terms), 1e-9 eV/A in forces, 1e-9 of the largest
    /// pressure component.
    /// </summary>
    [Fact]
    public void LammpsDifferenceIsItsPolynomialErfc()
    {
        var s = Cell.Value;
        var (l, got, e) = Both(s, BuckCoulLong("kspace_style ewald 1e-8"));
        AssertResidualIsPolynomialErfc(s, l.Result, got, e.GEwald, "t-LLZO 192");
    }

    private void AssertResidualIsPolynomialErfc(Structure s, PairResult lmp, PairResult got, double g, string what)
    {
        var dir = TempDir.Create("ewald-as");
        try
        {
            var w = RunPython(s, dir, PythonPolynomialErfcDelta, FormattableString.Invariant($"{g:R} 10.0"));
            double dePred = w[0];
            var dpPred = w[1..7];
            var dfPred = w[7..];
            double de = got.Pe - lmp.Pe;
            double resE = Math.Abs(de - dePred);
            double resF = 0, resP = 0;
            for (int k = 0; k < dfPred.Length; k++) resF = Math.Max(resF, Math.Abs(got.Forces[k] - lmp.Forces[k] - dfPred[k]));
            for (int k = 0; k < 6; k++) resP = Math.Max(resP, Math.Abs(got.Pressure[k] - lmp.Pressure[k] - dpPred[k]));
            double pScale = lmp.Pressure.Max(Math.Abs);
            double rawF = got.Forces.Zip(lmp.Forces, (a, b) => Math.Abs(a - b)).Max();
            double rawP = got.Pressure.Zip(lmp.Pressure, (a, b) => Math.Abs(a - b)).Max();
            log.WriteLine($"{what}: E_G - E_L = {de:E6}, predicted {dePred:E6}, residual {resE:E2} (rel {resE / Math.Abs(lmp.Pe):E2}); " +
                          $"max |dF| {rawF:E2} -> residual {resF:E2} eV/A; max |dP| rel {rawP / pScale:E2} -> residual rel {resP / pScale:E2}");
            Assert.True(resE <= 1e-10 * Math.Abs(lmp.Pe), $"{what}: energy residual {resE:E3} eV after removing the polynomial-erfc difference {dePred:E4}");
            Assert.True(resF <= 1e-9, $"{what}: force residual {resF:E3} eV/A after removing the polynomial-erfc difference");
            Assert.True(resP <= 1e-9 * pScale, $"{what}: pressure residual {resP:E3} (scale {pScale:E3}) after removing the polynomial-erfc difference");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private const string PythonPolynomialErfcDelta = """
import numpy as np
from scipy.special import erfc
from scipy.spatial import cKDTree
lines = open('atoms.txt').read().split('\n')
h = [float(x) for x in lines[0].split()]
L, g, rc = np.array(h[:3]), h[3], h[4]
a = np.array([[float(x) for x in l.split()] for l in lines[1:] if l.strip()])
q, r = a[:, 0], a[:, 1:4]
n = len(q)
qqr2e, nktv2p = 14.399645, 1.6021765e6
P, A1, A2, A3, A4, A5 = 0.3275911, 0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
EF = 1.12837917
# periodic images covering the cut-off, then all (i, image j) pairs within rc from a k-d tree (both orders)
nimg = np.ceil(rc / L).astype(int)
sh = np.array([[ix, iy, iz] for ix in range(-nimg[0], nimg[0] + 1) for iy in range(-nimg[1], nimg[1] + 1)
               for iz in range(-nimg[2], nimg[2] + 1)]) * L
R = (r[None, :, :] + sh[:, None, :]).reshape(-1, 3)
J = np.tile(np.arange(n), len(sh))
pairs = cKDTree(r).sparse_distance_matrix(cKDTree(R), rc, output_type='ndarray')
i, jj, rr = pairs['i'], pairs['j'], pairs['v']
keep = rr > 0
i, jj, rr = i[keep], jj[keep], rr[keep]
keep = rr * rr < rc * rc
i, jj, rr = i[keep], jj[keep], rr[keep]
d = r[i] - R[jj]
qq = q[i] * q[J[jj]]
x = g * rr
ex = np.exp(-x * x)
t = 1.0 / (1.0 + P * x)
poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5)))) * ex
exact = erfc(x)
# Garnetics (exact erfc, exact 2/sqrt(pi)) minus LAMMPS table 0: energy and fpair = F/r
de = qq / rr * (exact - poly)
dfp = qq / rr * ((exact - poly) + (2 / np.sqrt(np.pi) - EF) * x * ex) / rr ** 2
dE = 0.5 * de.sum()
dF = np.zeros((n, 3))
np.add.at(dF, i, dfp[:, None] * d)
w = 0.5 * np.array([(dfp * d[:, 0] * d[:, 0]).sum(), (dfp * d[:, 1] * d[:, 1]).sum(), (dfp * d[:, 2] * d[:, 2]).sum(),
                    (dfp * d[:, 0] * d[:, 1]).sum(), (dfp * d[:, 0] * d[:, 2]).sum(), (dfp * d[:, 1] * d[:, 2]).sum()])
print(repr(qqr2e * dE))
print(' '.join(repr(v) for v in qqr2e * w * nktv2p / L.prod()))
print(' '.join(repr(v) for v in (qqr2e * dF).ravel()))
""";


    private const string PythonEwald = """
import numpy as np
from scipy.special import erfc
lines = open('atoms.txt').read().split('\n')
L = np.array([float(x) for x in lines[0].split()])
a = np.array([[float(x) for x in l.split()] for l in lines[1:] if l.strip()])
q, r = a[:, 0], a[:, 1:4]
n = len(q)
qqr2e = 14.399645
g = 0.3
V = L.prod()
# real space: erfc(g r)/r below 1e-17 beyond rc = 6.5/g
rc = 6.5 / g
nimg = np.ceil(rc / L).astype(int)
E = 0.0
F = np.zeros((n, 3))
W = np.zeros((3, 3))
d0 = r[:, None, :] - r[None, :, :]
for ix in range(-nimg[0], nimg[0] + 1):
    for iy in range(-nimg[1], nimg[1] + 1):
        for iz in range(-nimg[2], nimg[2] + 1):
            d = d0 + np.array([ix, iy, iz]) * L
            rr = np.sqrt((d * d).sum(-1))
            self_img = (ix == 0 and iy == 0 and iz == 0)
            if self_img:
                np.fill_diagonal(rr, np.inf)
            m = rr < rc
            qq = np.outer(q, q)
            e = np.where(m, qq * erfc(g * rr) / rr, 0.0)
            E += 0.5 * e.sum()
            fr = np.where(m, qq * (erfc(g * rr) / rr + 2 * g / np.sqrt(np.pi) * np.exp(-(g * rr) ** 2)) / rr ** 2, 0.0)
            F += (fr[:, :, None] * d).sum(1)
            W += 0.5 * np.einsum('ij,ija,ijb->ab', fr, d, d)
# reciprocal space: all k with exp(-k^2/4g^2) > 1e-19
kc = 2 * g * np.sqrt(19 * np.log(10))
nk = np.ceil(kc * L / (2 * np.pi)).astype(int)
Er = 0.0
Fr = np.zeros((n, 3))
for ix in range(0, nk[0] + 1):
    for iy in range(-nk[1], nk[1] + 1):
        for iz in range(-nk[2], nk[2] + 1):
            if ix == 0 and (iy < 0 or (iy == 0 and iz <= 0)):
                continue
            k = 2 * np.pi * np.array([ix, iy, iz]) / L
            k2 = k @ k
            if k2 > kc * kc:
                continue
            ph = r @ k
            c, s = np.cos(ph), np.sin(ph)
            A, B = (q * c).sum(), (q * s).sum()
            u = 4 * np.pi / V * np.exp(-k2 / (4 * g * g)) / k2
            Er += u * (A * A + B * B)
            Fr += (2 * u * q * (s * A - c * B))[:, None] * k[None, :]
            W += u * (A * A + B * B) * (np.eye(3) - 2 * (1 / k2 + 1 / (4 * g * g)) * np.outer(k, k))
Eself = -g / np.sqrt(np.pi) * (q * q).sum()
Etot = qqr2e * (E + Er + Eself)
Ftot = qqr2e * (F + Fr)
P = qqr2e * W * 1.6021765e6 / V
print(repr(Etot))
print(' '.join(repr(x) for x in [P[0, 0], P[1, 1], P[2, 2], P[0, 1], P[0, 2], P[1, 2]]))
print(' '.join(repr(x) for x in Ftot.ravel()))
""";
}
