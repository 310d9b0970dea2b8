using Garnetics.Engine.Commands;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Nep.Tests;

/// <summary>
/// Acceptance against GPUMD's own predictions (single precision, six printed digits) for the 25 DFT configurations
/// the LLZO NEP4+ZBL model was trained on: energy_train.out, force_train.out, stress_train.out.
/// </summary>
[Collection("potential_test")]
public class GpumdReferenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<(string dir, double eRmse, double fRmse, double sRmse)> Run = new(() =>
    {
        var dir = TempDir.Create("nep-gpumd");
        Deck.Run($"""
            units metal
            read_data {Paths.Train} elements Li La Zr O
            pair_style nep
            pair_coeff * * {Paths.Nep25Model} Li La Zr O
            potential_test {Paths.Train} prefix {dir}/
            """);
        return (dir, PotentialTestCommand.LastEnergyRmse, PotentialTestCommand.LastForceRmse, PotentialTestCommand.LastStressRmse);
    });

    [Fact]
    public void EnergiesForcesAndStressMatchGpumdPredictions()
    {
        var dir = Run.Value.dir;
        var e = Numbers.ReadTable(Path.Combine(dir, "energy_test.out"));
        var eg = Numbers.ReadTable(Path.Combine(Paths.Nep25, "energy_train.out"));
        Assert.Equal(25, e.Length);
        Assert.Equal(25, eg.Length);
        double maxE = e.Zip(eg).Max(p => Math.Abs(p.First[0] - p.Second[0]));
        // the reference columns must agree too: same configurations in the same order (GPUMD prints 6 digits)
        double maxRefE = e.Zip(eg).Max(p => Math.Abs(p.First[1] - p.Second[1]));

        var f = Numbers.ReadTable(Path.Combine(dir, "force_test.out"));
        var fg = Numbers.ReadTable(Path.Combine(Paths.Nep25, "force_train.out"));
        Assert.Equal(4800, f.Length);
        Assert.Equal(4800, fg.Length);
        double maxF = 0, sumSq = 0, maxRefF = 0;
        for (int i = 0; i < f.Length; i++)
            for (int c = 0; c < 3; c++)
            {
                double dlt = f[i][c] - fg[i][c];
                maxF = Math.Max(maxF, Math.Abs(dlt));
                sumSq += dlt * dlt;
                maxRefF = Math.Max(maxRefF, Math.Abs(f[i][3 + c] - fg[i][3 + c]));
            }
        double rmsF = Math.Sqrt(sumSq / (3.0 * f.Length));

        var s = Numbers.ReadTable(Path.Combine(dir, "stress_test.out"));
        var sg = Numbers.ReadTable(Path.Combine(Paths.Nep25, "stress_train.out"));
        double maxS = 0, maxRefS = 0;
        for (int i = 0; i < 25; i++)
            for (int c = 0; c < 6; c++)
            {
                maxS = Math.Max(maxS, Math.Abs(s[i][c] - sg[i][c]));
                maxRefS = Math.Max(maxRefS, Math.Abs(s[i][6 + c] - sg[i][6 + c]));
            }
        output.WriteLine($"max |dE| {maxE:E3} eV/atom, max |dF| {maxF:E3} eV/A, RMS dF {rmsF:E3} eV/A, max |dW/V| {maxS:E3} GPa");
        output.WriteLine($"reference columns: max |dE_dft| {maxRefE:E2}, |dF_dft| {maxRefF:E2}, |dS_dft| {maxRefS:E2}");
        // the bounds; GPUMD's six printed digits alone allow ~5e-6 eV/atom and ~5e-6 eV/A
        Assert.True(maxE < 2e-5, $"energy per atom off by {maxE:E3} eV/atom");
        Assert.True(maxF < 2e-4, $"force component off by {maxF:E3} eV/A");
        Assert.True(rmsF < 2e-5, $"force RMS difference {rmsF:E3} eV/A");
        Assert.True(maxS < 5e-4, $"stress component off by {maxS:E3} GPa");
        // the DFT columns we read from train.xyz agree with GPUMD's copy to its printing precision: same frames, same order,
        // same sign and component conventions for the stress
        Assert.True(maxRefE < 2e-5 && maxRefF < 2e-5 && maxRefS < 2e-4, $"reference columns differ: {maxRefE:E2} {maxRefF:E2} {maxRefS:E2}");
    }

    [Fact]
    public void RmseAgainstDftEqualsTheOneImpliedByGpumd()
    {
        var eg = Numbers.ReadTable(Path.Combine(Paths.Nep25, "energy_train.out"));
        var fg = Numbers.ReadTable(Path.Combine(Paths.Nep25, "force_train.out"));
        double gE = Math.Sqrt(eg.Average(r => (r[0] - r[1]) * (r[0] - r[1])));
        double gF = Math.Sqrt(fg.Sum(r => (r[0] - r[3]) * (r[0] - r[3]) + (r[1] - r[4]) * (r[1] - r[4]) + (r[2] - r[5]) * (r[2] - r[5])) / (3.0 * fg.Length));
        var (_, eR, fR, sR) = Run.Value;
        output.WriteLine($"energy RMSE {eR * 1000:F4} meV/atom (GPUMD {gE * 1000:F4}); force RMSE {fR * 1000:F3} meV/A (GPUMD {gF * 1000:F3}); virial RMSE {sR:F4} GPa");
        Assert.True(Math.Abs(eR - gE) < 1e-4, $"energy RMSE {eR * 1000:F4} vs {gE * 1000:F4} meV/atom");
        Assert.True(Math.Abs(fR - gF) < 1e-3, $"force RMSE {fR * 1000:F3} vs {gF * 1000:F3} meV/A");
        Assert.True(eR > 0 && fR > 0.01, "RMSEs must be those of a real fit, not zero");
    }
}
