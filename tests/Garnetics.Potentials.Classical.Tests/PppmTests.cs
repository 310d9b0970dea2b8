using System.Text.RegularExpressions;
using Garnetics.Engine.Numerics;
using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// kspace_style pppm: the FFT against a direct DFT, the assignment weights, and the k-space forces, energy and
/// virial on tetragonal LLZO (192 atoms, formal charges, perturbed by 0.05 A) against a converged Ewald sum
/// computed independently in numpy, and against LAMMPS's pppm (same g_ewald and grid, same k-space energy and
/// virial, RMS force error no larger than LAMMPS's own).
/// </summary>
public sealed class PppmTests(ITestOutputHelper log)
{
    private const double Qqr2e = 14.399645;

    [Fact]
    public void FftMatchesDirectDft()
    {
        var rng = new Random(7);
        foreach (int n in new[] { 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 18, 20, 24, 25, 27, 30, 32, 36, 45, 48, 60, 64, 75 })
        {
            var fft = new Fft1D(n);
            var x = new double[2 * n];
            for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
            foreach (int sign in new[] { -1, 1 })
            {
                var y = (double[])x.Clone();
                fft.Transform(y, new double[2 * n], sign);
                double err = 0;
                for (int k = 0; k < n; k++)
                {
                    double re = 0, im = 0;
                    for (int j = 0; j < n; j++)
                    {
                        double a = sign * 2 * Math.PI * ((long)j * k % n) / n;
                        re += x[2 * j] * Math.Cos(a) - x[2 * j + 1] * Math.Sin(a);
                        im += x[2 * j] * Math.Sin(a) + x[2 * j + 1] * Math.Cos(a);
                    }
                    err = Math.Max(err, Math.Max(Math.Abs(re - y[2 * k]), Math.Abs(im - y[2 * k + 1])));
                }
                Assert.True(err < 1e-12 * n, $"n={n} sign={sign}: max error {err:E2}");
            }
        }
        Assert.False(Fft1D.Factorable(7));
        Assert.True(Fft1D.Factorable(360));
    }

    [Fact]
    public void Fft3DRoundTrip()
    {
        var rng = new Random(3);
        var fft = new Fft3D(12, 10, 15, 2);
        var x = new double[2 * 12 * 10 * 15];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
        var y = (double[])x.Clone();
        fft.Transform(y, -1);
        // k = 0 component is the plain sum
        Assert.Equal(Enumerable.Range(0, x.Length / 2).Sum(i => x[2 * i]), y[0], 9);
        fft.Transform(y, 1);
        double err = 0;
        for (int i = 0; i < x.Length; i++) err = Math.Max(err, Math.Abs(y[i] / 1800 - x[i]));
        Assert.True(err < 1e-13, $"round trip error {err:E2}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Fft3DMatchesDirectDft(int threads)
    {
        // sizes with partial column blocks (x 10: one block of 8 and one of 2; x*y 90) and every radix
        const int nx = 10, ny = 9, nz = 6;
        var rng = new Random(11);
        var x = new double[2 * nx * ny * nz];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
        var y = (double[])x.Clone();
        new Fft3D(nx, ny, nz, threads).Transform(y, -1);
        var d = DirectDft.Of(x, nx, ny, nz, -1);
        double err = d.Select((v, i) => Math.Abs(v - y[i])).Max();
        Assert.True(err < 1e-11, $"3D FFT vs direct DFT: max error {err:E2}");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void AssignmentWeightsAreBSplines(int order)
    {
        var c = KSpacePppm.RhoCoefficients(order, out int nlower);
        Assert.Equal(-(order - 1) / 2, nlower);
        foreach (double dx in new[] { -0.5, -0.3, 0.0, 0.17, 0.4999 })
        {
            double sum = 0, first = 0;
            var w = new double[order];
            for (int k = 0; k < order; k++)
            {
                for (int l = order - 1; l >= 0; l--) w[k] = c[l][k] + w[k] * dx;
                sum += w[k];
                first += w[k] * (nlower + k + dx - (order % 2 == 0 ? 0.5 : 0.0));
                Assert.True(w[k] >= -1e-13, $"order {order}: negative weight {w[k]}");
            }
            Assert.Equal(1.0, sum, 12);  // partition of unity
            Assert.Equal(0.0, first, 12); // charge centre conserved
        }
        if (order == 2) Assert.Equal(0.75, EvalWeight(c, 0, 0.25), 14); // linear (CIC): weight 1/2 + dx
    }

    private static double EvalWeight(double[][] c, int k, double dx)
    {
        double w = 0;
        for (int l = c.Length - 1; l >= 0; l--) w = c[l][k] + w * dx;
        return w;
    }

    /// <summary>Converged Ewald sum (alpha 0.35, real space to 17.5 A, |k| to 4.3 1/A), plus the erfc real-space part for (g, rc).</summary>
    private const string EwaldScript = PyCharges.Preamble + """
        g = split
        V = L.prod()

        def real_space(alpha, cut, self_term):
            F = np.zeros((n, 3)); E = 0.0
            W = np.zeros(6)
            for i, j, dd, rr in image_pairs(cut):
                qq = qqr2e * q[i] * q[j]
                E += 0.5 * math.fsum(qq * erfc(alpha * rr) / rr)
                fmag = qq * (erfc(alpha * rr) / rr + 2 * alpha / math.sqrt(math.pi) * np.exp(-(alpha * rr) ** 2)) / rr ** 2
                np.add.at(F, i, fmag[:, None] * dd)
                W += 0.5 * np.array([(fmag * dd[:, 0] * dd[:, 0]).sum(), (fmag * dd[:, 1] * dd[:, 1]).sum(),
                                     (fmag * dd[:, 2] * dd[:, 2]).sum(), (fmag * dd[:, 0] * dd[:, 1]).sum(),
                                     (fmag * dd[:, 0] * dd[:, 2]).sum(), (fmag * dd[:, 1] * dd[:, 2]).sum()])
            if self_term:
                E -= qqr2e * alpha / math.sqrt(math.pi) * (q * q).sum()
            return E, F, W

        def recip(alpha, kcut):
            nmax = [int(math.ceil(kcut * l / (2 * math.pi))) for l in L]
            m = np.array([(a, b, c) for a in range(-nmax[0], nmax[0] + 1) for b in range(-nmax[1], nmax[1] + 1)
                          for c in range(-nmax[2], nmax[2] + 1) if (a, b, c) != (0, 0, 0)], dtype=float)
            k = 2 * math.pi * m / L
            k2 = (k * k).sum(axis=1)
            keep = k2 < kcut * kcut
            k, k2 = k[keep], k2[keep]
            pref = 4 * math.pi / V * np.exp(-k2 / (4 * alpha * alpha)) / k2
            phase = x @ k.T
            S = (q[:, None] * np.exp(1j * phase)).sum(axis=0)
            E = qqr2e * 0.5 * math.fsum(pref * np.abs(S) ** 2)
            # F_i = -dE/dr_i = -qqr2e q_i sum_k pref k Im(exp(-i k.r_i) S(k))
            F = -qqr2e * q[:, None] * ((pref * np.imag(np.exp(-1j * phase) * S[None, :])) @ k)
            return E, F

        alpha = 0.35
        er, fr, _ = real_space(alpha, 17.5, True)
        ek, fk = recip(alpha, 4.3)
        E = er + ek - qqr2e * math.pi * q.sum() ** 2 / (2 * alpha * alpha * V)
        F = fr + fk
        # real-space part of the split used by pppm (no self term: pppm has it)
        e2, f2, w2 = real_space(g, rc, False)
        print(repr(E), repr(e2))
        print(" ".join(repr(v) for v in w2))
        for i in range(n):
            print(" ".join(repr(v) for v in F[i]), " ".join(repr(v) for v in f2[i]))
        """;

    private sealed record EwaldReference(double E, double ERealSplit, double[] WRealSplit, double[] F, double[] FRealSplit);

    private static EwaldReference PythonEwald(Structure s, double g, double rc)
    {
        var lines = PyCharges.Run(s, g, rc, Qqr2e, EwaldScript);
        double[] Nums(string l) => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var e = Nums(lines[0]);
        var w = Nums(lines[1]);
        var f = new double[3 * s.Count];
        var fr = new double[3 * s.Count];
        for (int i = 0; i < s.Count; i++)
        {
            var v = Nums(lines[2 + i]);
            for (int c = 0; c < 3; c++) { f[3 * i + c] = v[c]; fr[3 * i + c] = v[3 + c]; }
        }
        return new EwaldReference(e[0], e[1], w, f, fr);
    }

    private sealed record LammpsPppm(double GEwald, int[] Grid, double EstRelative, double[] Forces, double[] KSpaceForces, double EKSpace, double[] PKSpace, double Pe);

    /// <summary>LAMMPS with coul/long (analytic erfc: pair_modify table 0) and pppm; the k-space energy and pressure from computes.</summary>
    private static LammpsPppm RunLammps(Structure s, double accuracy, double rc, string extra = "", string pre = "")
    {
        var dir = TempDir.Create("lmp");
        try
        {
            LammpsData.Write(s, Path.Combine(dir, "data.lmp"), true);
            File.WriteAllLines(Path.Combine(dir, "in.test"),
            [
                "units metal", "atom_style charge", "boundary p p p", "read_data data.lmp",
                pre, FormattableString.Invariant($"pair_style coul/long {rc}"), "pair_coeff * *", "pair_modify table 0",
                FormattableString.Invariant($"kspace_style pppm {accuracy}"), extra,
                "compute ek all pe kspace", "compute pk all pressure NULL kspace",
                "thermo_style custom pe c_ek c_pk[1] c_pk[2] c_pk[3] c_pk[4] c_pk[5] c_pk[6]",
                "thermo_modify format float %20.15g norm no",
                "dump d all custom 1 dump.f id fx fy fz", "dump_modify d sort id format float %20.15g",
                "run 0",
                // the same with the k-space part off: the difference of the two force dumps is LAMMPS's k-space force
                "undump d", "kspace_modify compute no",
                "dump p all custom 1 dump.pair id fx fy fz", "dump_modify p sort id format float %20.15g",
                "run 0",
            ]);
            var run = LammpsRunner.RunInput(dir, "in.test");
            var text = run.Log;
            double G(string pat) => double.Parse(Regex.Match(text, pat).Groups[1].Value, CultureInfo.InvariantCulture);
            var gm = Regex.Match(text, @"grid = (\d+) (\d+) (\d+)");
            int[] grid = [int.Parse(gm.Groups[1].Value), int.Parse(gm.Groups[2].Value), int.Parse(gm.Groups[3].Value)];
            var v = LammpsPair.FirstThermoRow(run);
            var total = LammpsPair.ReadForces(Path.Combine(dir, "dump.f"), s.Count);
            var pair = LammpsPair.ReadForces(Path.Combine(dir, "dump.pair"), s.Count);
            return new LammpsPppm(G(@"G vector \(1/distance\) = (\S+)"), grid, G(@"estimated relative force accuracy = (\S+)"),
                total, total.Zip(pair, (a, b) => a - b).ToArray(), v[1], v[2..8], v[0]);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static double RmsRelative(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s / (a.Length / 3)) / Qqr2e;
    }

    /// <summary>pppm k-space part (forces by tag, energy, virial) on a simulation set up with a plain pair style.</summary>
    private static (KSpacePppm k, double[] f, double e, double[] vir, double vol) Pppm(Structure s, double accuracy, double rc, params string[] modify) =>
        PppmIn(s, [], accuracy, rc, modify);

    private static (KSpacePppm k, double[] f, double e, double[] vir, double vol) PppmIn(Structure s, string[] boxCommands, double accuracy, double rc, params string[] modify)
    {
        var sim = GarneticsCalc.Create(s, "metal", true, ["pair_style coul/cut 1.0", "pair_coeff * *", .. boxCommands]);
        GarneticsCalc.Exec(sim, FormattableString.Invariant($"kspace_style pppm {accuracy}"));
        foreach (var m in modify) GarneticsCalc.Exec(sim, "kspace_modify " + m);
        var k = (KSpacePppm)sim.KSpace!;
        var text = new StringWriter();
        sim.Screen = text;
        k.Init(sim, rc);
        Array.Clear(sim.Atoms.F);
        k.Compute(sim, true, true);
        var f = new double[3 * sim.Atoms.NLocal];
        for (int i = 0; i < sim.Atoms.NLocal; i++)
            for (int c = 0; c < 3; c++) f[3 * (sim.Atoms.Tag[i] - 1) + c] = sim.Atoms.F[3 * i + c];
        Assert.Contains("PPPM initialization", text.ToString());
        return (k, f, k.Energy, (double[])k.Virial.Clone(), sim.Box.Volume);
    }

    [Fact]
    public void TetragonalLlzoMatchesEwaldAndLammps()
    {
        var s = Cases.Llzo(1);
        const double rc = 10.0, acc = 1e-5;
        var (k, fk, ek, vir, vol) = Pppm(s, acc, rc);
        var lmp = RunLammps(s, acc, rc);
        log.WriteLine($"Garnetics: {k}; est. relative {k.EstimatedRelativeAccuracy:G6}; LAMMPS: g {lmp.GEwald} grid {string.Join(' ', lmp.Grid)} est. {lmp.EstRelative}");
        Assert.Equal(lmp.GEwald, k.GEwald, lmp.GEwald * 2e-6);
        Assert.Equal(lmp.Grid, new[] { k.Nx, k.Ny, k.Nz });
        Assert.Equal(lmp.EstRelative, k.EstimatedRelativeAccuracy, lmp.EstRelative * 1e-4);

        var r = PythonEwald(s, k.GEwald, rc);
        var total = fk.Zip(r.FRealSplit, (a, b) => a + b).ToArray();
        double ours = RmsRelative(total, r.F);
        double theirs = RmsRelative(lmp.Forces, r.F);
        double etot = ek + r.ERealSplit;
        log.WriteLine($"RMS force error / qqr2e: Garnetics {ours:E3}, LAMMPS {theirs:E3}, LAMMPS estimate {lmp.EstRelative:E3}");
        log.WriteLine($"energy: Ewald {r.E:R}, Garnetics pppm+real {etot:R} (diff {etot - r.E:E2}), LAMMPS {lmp.Pe:R}; k-space {ek:R} vs LAMMPS {lmp.EKSpace:R}");
        Assert.True(ours < acc, $"RMS relative force error {ours:E3} above the requested {acc}");
        Assert.True(ours <= 1.1 * theirs, $"RMS error {ours:E3} larger than LAMMPS's {theirs:E3} x 1.1");
        Assert.InRange(ours / lmp.EstRelative, 0.5, 2.0);
        // the k-space part itself agrees with LAMMPS's (same g, grid, influence function): energy and forces
        Assert.Equal(lmp.EKSpace, ek, Math.Abs(lmp.EKSpace) * 1e-9);
        double dk = RmsRelative(fk, lmp.KSpaceForces);
        log.WriteLine($"k-space forces vs LAMMPS's (its total minus its pair-only forces): RMS {dk:E3} relative");
        Assert.True(dk < 1e-10, $"k-space forces differ from LAMMPS's by {dk:E3} (relative RMS)");
        // energy against the converged Ewald sum (measured 6.4e-7 relative; LAMMPS 7.5e-7)
        Assert.True(Math.Abs(etot - r.E) < 1e-6 * Math.Abs(r.E), $"energy {etot:R} vs Ewald {r.E:R}");
        // virial: pressure from the k-space part against LAMMPS's compute pressure ... kspace
        double nktv2p = 1.6021765e6;
        for (int c = 0; c < 6; c++)
            Assert.Equal(lmp.PKSpace[c], vir[c] * nktv2p / vol, Math.Max(Math.Abs(lmp.PKSpace[c]) * 1e-7, 1e-3));
        log.WriteLine($"virial: pressure xx {vir[0] * nktv2p / vol:R} vs LAMMPS {lmp.PKSpace[0]:R}");
    }

    [Theory]
    [InlineData(2, "20 20 20", 1e-10)]
    [InlineData(3, "16 18 15", 1e-10)]
    [InlineData(7, "12 12 12", 1e-10)]
    // coarse grid, wide Gaussian: one aliasing image per direction in the influence function; the image sums agree
    // with LAMMPS's to about 1e-9 relative (measured 1.4e-9 in forces, 5e-10 in energy)
    [InlineData(4, "8 9 10 gewald 1.5", 1e-8)]
    public void OrderAndMeshMatchLammps(int order, string mesh, double tol)
    {
        var s = Cases.Llzo(1);
        const double rc = 9.0, acc = 1e-4;
        var (k, fk, ek, vir, vol) = Pppm(s, acc, rc, $"order {order} mesh {mesh}");
        var lmp = RunLammps(s, acc, rc, $"kspace_modify order {order} mesh {mesh}");
        for (int c = 0; c < 6; c++)
            Assert.Equal(lmp.PKSpace[c], vir[c] * 1.6021765e6 / vol, Math.Max(Math.Abs(lmp.PKSpace[c]) * 1e-7, 1e-3));
        Assert.Equal(lmp.Grid, new[] { k.Nx, k.Ny, k.Nz });
        Assert.Equal(lmp.GEwald, k.GEwald, lmp.GEwald * 2e-6);
        double dk = RmsRelative(fk, lmp.KSpaceForces);
        log.WriteLine($"order {order} mesh {mesh}: {k}; E_k {ek:R} vs LAMMPS {lmp.EKSpace:R}; k-space force RMS difference {dk:E3}");
        Assert.Equal(lmp.EKSpace, ek, Math.Abs(lmp.EKSpace) * 10 * tol);
        Assert.True(dk < tol, $"k-space forces differ from LAMMPS's by {dk:E3}");
    }

    internal static string[] BuckCoulLong(double acc, params string[] extra) =>
    [
        "pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c),
        .. extra, FormattableString.Invariant($"kspace_style pppm {acc}"),
    ];

    /// <summary>
    /// The full engine path (buck/coul/long 10 A + pppm 1e-5 through Simulation.Setup) against LAMMPS with its defaults:
    /// same g_ewald and grid as LAMMPS's log; RMS force error against a converged Ewald sum (plus Buckingham forces
    /// from LAMMPS's plain buck) no larger than LAMMPS's own error x 1.1; energy and pressure against LAMMPS with
    /// analytic erfc (table 0, the Garnetics semantics) to 2e-7 relative and 1e-5 of the largest component.
    /// </summary>
    [Fact]
    public void BuckCoulLongPppmMatchesLammps()
    {
        var s = Cases.Llzo(1);
        const double acc = 1e-5;
        var sim = GarneticsCalc.Create(s, "metal", true, BuckCoulLong(acc));
        var ours = GarneticsCalc.Result(sim);
        var k = (KSpacePppm)sim.KSpace!;
        var lines = new List<string>();
        var lmp = LammpsPair.Run(s, "metal", true, BuckCoulLong(acc), logLines: lines);
        var lmp0 = LammpsPair.Run(s, "metal", true, BuckCoulLong(acc, "pair_modify table 0"));
        var buck = LammpsPair.Run(s, "metal", true,
            ["pair_style buck 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c)]);
        string text = string.Join("\n", lines);
        double gL = double.Parse(Regex.Match(text, @"G vector \(1/distance\) = (\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var gm = Regex.Match(text, @"grid = (\d+) (\d+) (\d+)");
        Assert.True(gm.Success, "no 'grid =' line in LAMMPS's log");
        int[] gridL = [int.Parse(gm.Groups[1].Value), int.Parse(gm.Groups[2].Value), int.Parse(gm.Groups[3].Value)];
        log.WriteLine($"g_ewald LAMMPS {gL:R} Garnetics {k.GEwald:R}; grid LAMMPS {string.Join(' ', gridL)} Garnetics {k.Nx} {k.Ny} {k.Nz}");
        Assert.True(Math.Abs(k.GEwald - gL) <= 1e-7 * gL, $"g_ewald {k.GEwald:R} vs LAMMPS {gL:R}");
        Assert.Equal(gridL, new[] { k.Nx, k.Ny, k.Nz });

        var r = PythonEwald(s, k.GEwald, 10.0);
        var reference = r.F.Zip(buck.Forces, (a, b) => a + b).ToArray();
        double ours_ = RmsRelative(ours.Forces, reference), theirs = RmsRelative(lmp.Forces, reference);
        log.WriteLine($"RMS force error / qqr2e vs Ewald+buck: Garnetics {ours_:E3}, LAMMPS (table 12) {theirs:E3}, LAMMPS table 0 {RmsRelative(lmp0.Forces, reference):E3}");
        Assert.True(ours_ < acc, $"RMS relative force error {ours_:E3} above {acc}");
        Assert.True(ours_ <= 1.1 * theirs, $"RMS error {ours_:E3} larger than LAMMPS's {theirs:E3} x 1.1");
        log.WriteLine($"pe Garnetics {ours.Pe:R} LAMMPS table 0 {lmp0.Pe:R} (table 12 {lmp.Pe:R}); pxx {ours.Pressure[0]:R} vs {lmp0.Pressure[0]:R}");
        Assert.True(Math.Abs(ours.Pe - lmp0.Pe) <= 2e-7 * Math.Abs(lmp0.Pe), $"pe {ours.Pe:R} vs LAMMPS {lmp0.Pe:R}");
        double pmax = lmp0.Pressure.Max(Math.Abs);
        for (int c = 0; c < 6; c++)
            Assert.True(Math.Abs(ours.Pressure[c] - lmp0.Pressure[c]) <= 1e-5 * pmax,
                $"pressure component {c}: {ours.Pressure[c]:R} vs LAMMPS {lmp0.Pressure[c]:R}");
    }

    /// <summary>
    /// The 12288-atom cubic LLZO: same g_ewald and grid as LAMMPS, and the RMS force error of pppm 1e-5 against a
    /// converged reference (Garnetics's ewald 1e-8, itself parity-tested against LAMMPS on this cell to 6e-6 eV/A) no
    /// larger than LAMMPS's own pppm error (table 0) against the same reference x 1.1 (measured: 1.390e-5 vs 1.391e-5).
    /// </summary>
    [Fact]
    public void BuckCoulLongPppmMatchesLammpsOnCubicLlzo12288()
    {
        var s = Structure.CubicLlzo12288();
        const double acc = 1e-5;
        var sim = GarneticsCalc.Create(s, "metal", true, BuckCoulLong(acc));
        var ours = GarneticsCalc.Result(sim);
        var k = (KSpacePppm)sim.KSpace!;
        var lines = new List<string>();
        var lmp0 = LammpsPair.Run(s, "metal", true, BuckCoulLong(acc, "pair_modify table 0"), logLines: lines);
        string text = string.Join("\n", lines);
        double gL = double.Parse(Regex.Match(text, @"G vector \(1/distance\) = (\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var gm = Regex.Match(text, @"grid = (\d+) (\d+) (\d+)");
        Assert.True(gm.Success, "no 'grid =' line in LAMMPS's log");
        int[] gridL = [int.Parse(gm.Groups[1].Value), int.Parse(gm.Groups[2].Value), int.Parse(gm.Groups[3].Value)];
        Assert.True(Math.Abs(k.GEwald - gL) <= 1e-7 * gL, $"g_ewald {k.GEwald:R} vs LAMMPS {gL:R}");
        Assert.Equal(gridL, new[] { k.Nx, k.Ny, k.Nz });
        var reference = GarneticsCalc.Run(s, "metal", true,
            ["pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c), "kspace_style ewald 1e-8"]);
        double ours_ = RmsRelative(ours.Forces, reference.Forces), theirs = RmsRelative(lmp0.Forces, reference.Forces);
        log.WriteLine($"c-LLZO 12288: grid {k.Nx} {k.Ny} {k.Nz}, g {k.GEwald:R}; RMS force error / qqr2e vs ewald 1e-8: Garnetics {ours_:E3}, LAMMPS {theirs:E3}");
        // On this disordered 1000 K cell both codes' actual error (1.39e-5, measured) exceeds the requested 1e-5: the
        // Deserno-Holm estimate both use is optimistic here. The criterion is therefore LAMMPS's error, plus a
        // sanity bound at twice the requested accuracy.
        Assert.True(ours_ < 2 * acc, $"RMS relative force error {ours_:E3} above 2 x {acc}");
        Assert.True(ours_ <= 1.1 * theirs, $"RMS error {ours_:E3} larger than LAMMPS's {theirs:E3} x 1.1");
        Assert.True(Math.Abs(ours.Pe - lmp0.Pe) <= 2e-7 * Math.Abs(lmp0.Pe), $"pe {ours.Pe:R} vs LAMMPS {lmp0.Pe:R}");
    }

    /// <summary>A net charge (one Li removed: -1 e): LAMMPS's neutralising-background energy term and the same forces.</summary>
    [Fact]
    public void NonNeutralSystemMatchesLammps()
    {
        var s = Cases.Llzo(1).Clone();
        int li = s.Type.IndexOf(1);
        s.Type.RemoveAt(li);
        s.X.RemoveRange(3 * li, 3);
        var (k, fk, ek, vir, vol) = Pppm(s, 1e-5, 10.0);
        var lmp = RunLammps(s, 1e-5, 10.0);
        log.WriteLine($"net charge -1: {k}; E_k {ek:R} vs LAMMPS {lmp.EKSpace:R}");
        Assert.Equal(lmp.Grid, new[] { k.Nx, k.Ny, k.Nz });
        Assert.Equal(lmp.EKSpace, ek, Math.Abs(lmp.EKSpace) * 1e-9);
        Assert.True(RmsRelative(fk, lmp.KSpaceForces) < 1e-10);
        for (int c = 0; c < 6; c++)
            Assert.Equal(lmp.PKSpace[c], vir[c] * 1.6021765e6 / vol, Math.Max(Math.Abs(lmp.PKSpace[c]) * 1e-7, 1e-3));
    }

    [Fact]
    public void ErrorsAreReported()
    {
        var s = Cases.Llzo(1);
        var e2 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. BuckCoulLong(1e-5), "kspace_modify order 8"]));
        Assert.Contains("between 2 and 7", e2.Message);
        var e3 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. BuckCoulLong(1e-5), "kspace_modify diff ad"]));
        Assert.Contains("only ik differentiation", e3.Message);
        var e4 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true,
            ["pair_style buck/coul/cut 10.0", "pair_coeff * * 0.0 1.0 0.0", "kspace_style pppm 1e-5"]));
        Assert.Contains("long-range Coulomb", e4.Message);
        var e5 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. BuckCoulLong(1e-5), "kspace_modify mesh 10 10"]));
        Assert.Contains("mesh", e5.Message);
        var e6 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. BuckCoulLong(1e-5), "kspace_modify mesh 4 4 4"]));
        Assert.Contains("smaller than the stencil order", e6.Message);
    }

    /// <summary>
    /// Tilted cell (xy 1.7, xz -1.1, yz 0.9) with the grid and g_ewald set: LAMMPS's k-space energy, forces and virial
    /// (fractional-coordinate grid, H^-T wave vectors, aliasing images). With the automatic choice (no tilt, xy, xz, yz,
    /// two and three tilts, negative ones included): LAMMPS's grid (skew scaling with the tilt magnitudes, e.g. xz -1.1
    /// gives 24 24 24, not 24 24 18) and g_ewald (error estimate on the H^-T grid spacings) to 1e-7, and its estimated
    /// accuracy.
    /// </summary>
    [Theory]
    [InlineData("xy final 1.7 xz final -1.1 yz final 0.9", "mesh 24 25 20 gewald 0.35", 1e-10)]
    [InlineData("xy final 1.7 xz final -1.1 yz final 0.9", "order 3 mesh 9 10 12 gewald 1.2", 1e-8)] // aliasing images
    [InlineData("xy final 0.0", "", 1e-10)]
    [InlineData("xy final 1.7", "", 1e-10)]
    [InlineData("xz final -1.1", "", 1e-10)]
    [InlineData("yz final 0.9", "", 1e-10)]
    [InlineData("xz final 2.3", "", 1e-10)]
    [InlineData("xy final -2.1 yz final -1.6", "", 1e-10)]
    [InlineData("xy final 1.7 xz final -1.1 yz final 0.9", "", 1e-10)]
    public void TriclinicMatchesLammps(string tilt, string modify, double tol)
    {
        var s = Cases.Llzo(1);
        const double acc = 1e-5;
        string[] box = ["change_box all triclinic", $"change_box all {tilt} remap"];
        string[] mods = modify.Length == 0 ? [] : [modify];
        var (k, fk, ek, vir, vol) = PppmIn(s, box, acc, 10.0, mods);
        var lmp = RunLammps(s, acc, 10.0, modify.Length == 0 ? "" : "kspace_modify " + modify, string.Join("\n", box));
        double dk = RmsRelative(fk, lmp.KSpaceForces);
        log.WriteLine($"triclinic {tilt} {modify}: {k}; LAMMPS g {lmp.GEwald} grid {string.Join(' ', lmp.Grid)}; E_k {ek:R} vs {lmp.EKSpace:R}; force RMS diff {dk:E3}");
        Assert.Equal(lmp.Grid, new[] { k.Nx, k.Ny, k.Nz });
        Assert.Equal(lmp.GEwald, k.GEwald, lmp.GEwald * 1e-7);
        Assert.Equal(lmp.EstRelative, k.EstimatedRelativeAccuracy, lmp.EstRelative * 1e-5);
        Assert.Equal(lmp.EKSpace, ek, Math.Abs(lmp.EKSpace) * 10 * tol);
        Assert.True(dk < tol, $"k-space forces differ from LAMMPS's by {dk:E3}");
        for (int c = 0; c < 6; c++)
            Assert.Equal(lmp.PKSpace[c], vir[c] * 1.6021765e6 / vol, Math.Max(Math.Abs(lmp.PKSpace[c]) * 1e-7, 1e-3));
    }

    /// <summary>
    /// Tilted cell with the automatic choice: total Coulomb forces (coul/long + pppm 1e-5) against coul/long + ewald 1e-10
    /// (itself checked against LAMMPS and a converged Ewald sum): RMS error below the requested accuracy.
    /// </summary>
    [Fact]
    public void TiltedCellAccuracyAgainstEwald()
    {
        var s = Cases.Llzo(1);
        string[] pre = ["change_box all triclinic", "change_box all xy final 1.7 xz final -1.1 yz final 0.9 remap",
                        "pair_style coul/long 10.0", "pair_coeff * *"];
        var pppm = GarneticsCalc.Run(s, "metal", true, [.. pre, "kspace_style pppm 1e-5"]);
        var ewald = GarneticsCalc.Run(s, "metal", true, [.. pre, "kspace_style ewald 1e-10"]);
        double err = RmsRelative(pppm.Forces, ewald.Forces);
        log.WriteLine($"tilted t-LLZO, pppm 1e-5 vs ewald 1e-10: RMS force error / qqr2e {err:E3}; energy {pppm.Pe:R} vs {ewald.Pe:R}");
        Assert.True(err < 1e-5, $"RMS relative force error {err:E3}");
        Assert.True(err > 1e-8, "pppm and ewald agree suspiciously well: is pppm running?");
        Assert.True(Math.Abs(pppm.Pe - ewald.Pe) < 1e-6 * Math.Abs(ewald.Pe), $"energy {pppm.Pe:R} vs {ewald.Pe:R}");
    }
}
