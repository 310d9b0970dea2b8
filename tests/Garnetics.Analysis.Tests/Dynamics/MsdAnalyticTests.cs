using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>Analytic limits of the MSD, D and the conductivities.</summary>
public class MsdAnalyticTests(ITestOutputHelper output)
{
    [Fact]
    public void GaussianRandomWalkGivesMsdEqualTo2dDt()
    {
        // steps N(0, s^2) per direction every dt: MSD(t) = 3 s^2 t/dt, D = s^2/(2 dt) = 0.2 A^2/ps, alpha2 = 0
        const double s = 0.2, dt = 0.1;
        int n = 400, frames = 1000;
        var traj = DynSupport.RandomWalk(2024, Enumerable.Repeat("Li", n).ToArray(), [s], frames, dt);
        var (rep, msd) = Diffusion.Analyze(traj, new DiffusionOptions { RemoveDrift = false, Blocks = 5 });
        double dTrue = s * s / (2 * dt);
        var li = rep.Species[0];
        output.WriteLine($"D = {li.D:F5} +- {li.DErr:F5} (true {dTrue}); Dx,y,z = {string.Join(" ", li.DDirection.Select(v => v.ToString("F5")))}");
        // lag 1: 3 x 400 x 999 independent squared increments -> relative sd sqrt(2/(3*400*999)) = 0.13 %; 1 % is ~8 sd
        Assert.Equal(3 * s * s, msd["Li"].Total[1], 3 * s * s * 0.01);
        // lag 10: increments overlap; 2 % is > 5 sd of the all-origins average
        Assert.Equal(30 * s * s, msd["Li"].Total[10], 30 * s * s * 0.02);
        // D over lags 2..10 ps (0.1..0.5 of a 20 ps block) with all origins: 1200 independent 1-D walks, relative sd ~1 %
        Assert.True(Math.Abs(li.D - dTrue) < 0.05 * dTrue, $"D = {li.D}, expected {dTrue} within 5 %");
        Assert.True(Math.Abs(li.D - dTrue) < 4 * li.DErr, $"D = {li.D} +- {li.DErr}: more than 4 standard errors from {dTrue}");
        Assert.InRange(li.DErr / li.D, 0.005, 0.1);
        // per direction: 400 walks each, relative sd of the slope about 2 %; 10 % is ~5 sd
        foreach (var dd in li.DDirection) Assert.True(Math.Abs(dd - dTrue) < 0.1 * dTrue, $"per-direction D {dd}");
        // Gaussian displacements: alpha2 = 0 (sd of the estimate at lag 5 about 0.01)
        Assert.InRange(msd["Li"].NonGaussian![5], -0.05, 0.05);
    }

    [Fact]
    public void BlockErrorsAreCalibratedOverIndependentWalks()
    {
        // 60 independent random-walk trajectories (50 atoms, 500 frames): the scatter of D over trajectories must
        // match the block standard error each trajectory reports, and D +- 2 err must cover the truth about 95 % of the time
        const double s = 0.2, dt = 0.1;
        double dTrue = s * s / (2 * dt);
        var ds = new List<double>();
        var errs = new List<double>();
        int covered = 0;
        for (int seed = 0; seed < 60; seed++)
        {
            var traj = DynSupport.RandomWalk(1000 + seed, Enumerable.Repeat("Li", 50).ToArray(), [s], 500, dt);
            var (rep, _) = Diffusion.Analyze(traj, new DiffusionOptions { RemoveDrift = false, Blocks = 5, NgpOrigins = 0 });
            ds.Add(rep.Species[0].D);
            errs.Add(rep.Species[0].DErr);
            if (Math.Abs(rep.Species[0].D - dTrue) < 2 * rep.Species[0].DErr) covered++;
        }
        double sd = Statistics.StdDev(ds), meanErr = errs.Average();
        output.WriteLine($"sd of D over 60 trajectories {sd:F5}, mean block error {meanErr:F5} (ratio {meanErr / sd:F2}); D +- 2 err covers the truth {covered}/60; mean D {ds.Average():F4} (true {dTrue})");
        // the sd of 60 values is itself uncertain by ~9 %, the block errors (4 dof each) average to a few %:
        // the ratio must be 1 within a factor 1.6
        Assert.InRange(meanErr / sd, 1 / 1.6, 1.6);
        Assert.InRange(covered, 50, 60);
        Assert.Equal(dTrue, ds.Average(), 3 * sd / Math.Sqrt(60));
    }

    [Fact]
    public void BallisticMotionGivesVSquaredTSquaredExactly()
    {
        // r_i(t) = r_i(0) + v_i t, |v_i| = 0.5 A/ps in random directions: MSD = v^2 t^2 and alpha2 = 3/5 - 1 = -0.4 exactly
        var rnd = new Random(7);
        int n = 50, frames = 200;
        double dt = 0.01, speed = 0.5;
        var species = Enumerable.Repeat("O", n).ToArray();
        var traj = new DiffusionTrajectory(species);
        var x0 = new double[3 * n];
        var v = new double[3 * n];
        for (int i = 0; i < n; i++)
        {
            double gx = DynSupport.Gauss(rnd), gy = DynSupport.Gauss(rnd), gz = DynSupport.Gauss(rnd);
            double norm = Math.Sqrt(gx * gx + gy * gy + gz * gz);
            v[3 * i] = speed * gx / norm; v[3 * i + 1] = speed * gy / norm; v[3 * i + 2] = speed * gz / norm;
            for (int d = 0; d < 3; d++) x0[3 * i + d] = 30 * rnd.NextDouble();
        }
        for (int f = 0; f < frames; f++)
            traj.AddFrame(f * dt, x0.Select((x, k) => x + v[k] * f * dt).ToArray());
        var msd = Msd.Compute(traj, removeDrift: false, ngpOrigins: 200);
        double worst = 0, worstNgp = 0, worstX = 0;
        double vx2 = Enumerable.Range(0, n).Average(i => v[3 * i] * v[3 * i]);
        for (int m = 1; m < frames; m++)
        {
            double t = m * dt;
            worst = Math.Max(worst, Math.Abs(msd["O"].Total[m] / (speed * speed * t * t) - 1));
            worstX = Math.Max(worstX, Math.Abs(msd["O"].Direction[0][m] / (vx2 * t * t) - 1));
            worstNgp = Math.Max(worstNgp, Math.Abs(msd["O"].NonGaussian![m] + 0.4));
        }
        output.WriteLine($"ballistic: worst relative MSD error {worst:E2} (x: {worstX:E2}), worst |alpha2 + 0.4| {worstNgp:E2}");
        Assert.True(worst < 1e-9, $"MSD relative error {worst}");
        Assert.True(worstX < 1e-9, $"MSD_x relative error {worstX}");
        Assert.True(worstNgp < 1e-9, $"alpha2 error {worstNgp}");
    }

    [Fact]
    public void PerfectlyCorrelatedCarriersGiveHavenRatioOneOverN()
    {
        // N Li (+1) all taking the same steps over a fixed framework of N/2 O (-2): sum of displacements = N dr, so
        // D_collective = N D*, sigma_collective = N sigma_NE and H = 1/N exactly (no drift removal)
        int n = 16;
        var species = Enumerable.Repeat("Li", n).Concat(Enumerable.Repeat("O", n / 2)).ToArray();
        var charges = species.Select(s => s == "Li" ? 1.0 : -2.0).ToArray();
        var rnd = new Random(99);
        var traj = new DiffusionTrajectory(species, charges);
        var x = new double[3 * species.Length];
        for (int k = 0; k < x.Length; k++) x[k] = 10 * rnd.NextDouble();
        for (int f = 0; f < 400; f++)
        {
            if (f > 0)
            {
                double sx = 0.3 * DynSupport.Gauss(rnd), sy = 0.3 * DynSupport.Gauss(rnd), sz = 0.3 * DynSupport.Gauss(rnd);
                for (int i = 0; i < n; i++) { x[3 * i] += sx; x[3 * i + 1] += sy; x[3 * i + 2] += sz; }
            }
            var pol = new double[3];
            for (int i = 0; i < species.Length; i++) for (int d = 0; d < 3; d++) pol[d] += charges[i] * x[3 * i + d];
            traj.AddFrame(f * 0.05, (double[])x.Clone(), null, pol);
        }
        var (rep, _) = Diffusion.Analyze(traj, new DiffusionOptions { RemoveDrift = false, Temperature = 900, Volume = 2000, Blocks = 4 });
        var li = rep.Species.Single(s => s.Name == "Li");
        output.WriteLine($"D* = {li.D:E6}, D_coll = {li.DCollective:E6}, sigma_NE = {rep.SigmaNE:E6}, sigma = {rep.SigmaCollective:E6}, H = {rep.Haven:E10}");
        Assert.Equal(n * li.D, li.DCollective, li.DCollective * 1e-9);
        Assert.Equal(1.0 / n, rep.Haven, 1e-9 / n);
        // sigma_NE = N q^2 D / (V kB T) * 16.02176634 S/cm by hand (the framework does not move)
        Assert.Equal(n * li.D / (2000 * 8.617343e-5 * 900) * 16.02176634, rep.SigmaNE, rep.SigmaNE * 1e-12);
    }
}
