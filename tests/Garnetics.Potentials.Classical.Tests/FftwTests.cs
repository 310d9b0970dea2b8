using Garnetics.Engine.Numerics;
using Garnetics.Interop;
using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// The FFTW binding (Garnetics.Interop) against the managed Fft3D and a direct DFT, and PPPM with
/// kspace_modify fft fftw against fft managed. These fail (never skip) when libfftw3.so.3 is missing.
/// </summary>
public sealed class FftwTests(ITestOutputHelper log)
{
    private static void RequireFftw() =>
        Assert.True(Fftw.IsAvailable, $"FFTW is not available ({Fftw.LoadError}): tools/test.sh installs it (apt package libfftw3-double3)");

    private static double[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new double[n];
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble() - 0.5;
        return x;
    }

    /// <summary>Max |a - b| relative to max |b|.</summary>
    private static double RelErr(double[] a, double[] b)
    {
        double d = 0, m = 0;
        for (int i = 0; i < b.Length; i++) { d = Math.Max(d, Math.Abs(a[i] - b[i])); m = Math.Max(m, Math.Abs(b[i])); }
        return d / m;
    }

    [Theory]
    [InlineData(20, 20, 20, 1)]
    [InlineData(24, 18, 10, 2)]
    [InlineData(10, 9, 6, 1)]
    public void FftwMatchesManaged(int nx, int ny, int nz, int threads)
    {
        RequireFftw();
        var x = Random(2 * nx * ny * nz, nx * 1000 + ny * 10 + nz);
        using var fftw = new FftwFft3D(nx, ny, nz, threads);
        Assert.Equal(x.Length, 2 * fftw.Nx * fftw.Ny * fftw.Nz);
        var managed = new Fft3D(nx, ny, nz, threads);
        foreach (int sign in new[] { -1, 1 })
        {
            var a = (double[])x.Clone();
            var b = (double[])x.Clone();
            fftw.Transform(a, sign);
            managed.Transform(b, sign);
            double err = RelErr(a, b);
            log.WriteLine($"{nx}x{ny}x{nz} sign {sign} threads {threads}: rel err {err:E2}");
            Assert.True(err < 1e-12, $"{nx}x{ny}x{nz} sign {sign}: FFTW vs managed relative error {err:E2}");
        }
        // round trip: unnormalised, so backward(forward(x)) = N x
        var r = (double[])x.Clone();
        fftw.Transform(r, -1);
        fftw.Transform(r, 1);
        for (int i = 0; i < r.Length; i++) r[i] /= nx * ny * nz;
        Assert.True(RelErr(r, x) < 1e-13);
    }

    [Fact]
    public void FftwMatchesDirectDftOnOddGrid()
    {
        RequireFftw();
        const int nx = 6, ny = 5, nz = 3;
        var x = Random(2 * nx * ny * nz, 5);
        using var fftw = new FftwFft3D(nx, ny, nz, 1, measure: false);
        var managed = new Fft3D(nx, ny, nz, 1);
        foreach (int sign in new[] { -1, 1 })
        {
            var a = (double[])x.Clone();
            fftw.Transform(a, sign);
            var b = (double[])x.Clone();
            managed.Transform(b, sign);
            var d = DirectDft.Of(x, nx, ny, nz, sign);
            Assert.True(RelErr(a, d) < 1e-12, $"sign {sign}: FFTW vs direct DFT {RelErr(a, d):E2}");
            Assert.True(RelErr(b, d) < 1e-12, $"sign {sign}: managed vs direct DFT {RelErr(b, d):E2}");
        }
    }

    [Fact]
    public void FftwMatchesManaged75Cubed()
    {
        RequireFftw();
        const int n = 75;
        var x = Random(2 * n * n * n, 75);
        var a = (double[])x.Clone();
        var b = (double[])x.Clone();
        using (var fftw = new FftwFft3D(n, n, n, 2, measure: false)) fftw.Transform(a, -1);
        new Fft3D(n, n, n, 2).Transform(b, -1);
        double err = RelErr(a, b);
        log.WriteLine($"75^3 forward: FFTW vs managed rel err {err:E2}");
        Assert.True(err < 1e-12, $"75^3: relative error {err:E2}");
    }

    [Fact]
    public void PlanningDoesNotTouchCallerData()
    {
        RequireFftw();
        var x = Random(2 * 8 * 8 * 8, 1);
        var copy = (double[])x.Clone();
        using var p = new FftwPlan3D(8, 8, 8, Fftw.Forward, 1, measure: true);
        Assert.Equal(copy, x);
        Assert.Throws<ArgumentException>(() => p.Execute(new double[10]));
    }

    [Fact]
    public void PppmFftwEqualsManaged()
    {
        RequireFftw();
        var s = Cases.Llzo(1);
        var screen = new StringWriter();
        var sf = GarneticsCalc.Create(s, "metal", true, [.. PppmTests.BuckCoulLong(1e-5, []), "kspace_modify fft fftw"]);
        var sm = GarneticsCalc.Create(s, "metal", true, [.. PppmTests.BuckCoulLong(1e-5, []), "kspace_modify fft managed"]);
        Assert.StartsWith("FFTW 3", ((KSpacePppm)sf.KSpace!).FftDescription);
        Assert.StartsWith("managed", ((KSpacePppm)sm.KSpace!).FftDescription);
        var rf = GarneticsCalc.Result(sf);
        var rm = GarneticsCalc.Result(sm);
        double ef = ((KSpacePppm)sf.KSpace!).Energy, em = ((KSpacePppm)sm.KSpace!).Energy;
        log.WriteLine($"pe fftw {rf.Pe:R} managed {rm.Pe:R}; kspace {ef:R} vs {em:R}; forces rel {RelErr(rf.Forces, rm.Forces):E2}");
        Assert.True(Math.Abs(rf.Pe - rm.Pe) <= 1e-10 * Math.Abs(rm.Pe), $"pe {rf.Pe:R} vs {rm.Pe:R}");
        Assert.True(Math.Abs(ef - em) <= 1e-10 * Math.Abs(em), $"kspace energy {ef:R} vs {em:R}");
        Assert.True(RelErr(rf.Forces, rm.Forces) < 1e-10, $"forces rel err {RelErr(rf.Forces, rm.Forces):E2}");
        Assert.True(RelErr(rf.Pressure, rm.Pressure) < 1e-10, $"pressure rel err {RelErr(rf.Pressure, rm.Pressure):E2}");
    }

    [Fact]
    public void AutoPrintsTheChoice()
    {
        RequireFftw();
        var s = Cases.Llzo(1);
        var sim = GarneticsCalc.Create(s, "metal", true, [.. PppmTests.BuckCoulLong(1e-5, [])]);
        var k = (KSpacePppm)sim.KSpace!;
        var text = new StringWriter();
        sim.Screen = text;
        k.Init(sim);
        // re-init on the same grid keeps the choice; a fresh setup through a new style times again
        Assert.Contains("  FFT: ", text.ToString());
        var sim2 = GarneticsCalc.Create(s, "metal", true, [.. PppmTests.BuckCoulLong(1e-5, []), "kspace_modify fft auto"]);
        var k2 = (KSpacePppm)sim2.KSpace!;
        Assert.True(k2.FftDescription.StartsWith("FFTW 3") || k2.FftDescription.StartsWith("managed"), k2.FftDescription);
    }

    [Fact]
    public void FftNonsenseIsAnError()
    {
        var s = Cases.Llzo(1);
        var e = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. PppmTests.BuckCoulLong(1e-5, []), "kspace_modify fft nonsense"]));
        Assert.Contains("fft must be auto, fftw or managed", e.Message);
    }
}
