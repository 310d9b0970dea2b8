using Garnetics.Engine.Fixes;
using Garnetics.Engine.Minimize;

namespace Garnetics.Engine.Tests;

/// <summary>Physical checks of the thermostats, barostats, momentum fix and minimizers on a 256-atom LJ system.</summary>
public class ThermostatBarostatTests
{
    /// <summary>
    /// The 256-atom LJ system at <paramref name="temperature"/> after <paramref name="commands"/>, printing thermo_style
    /// custom <paramref name="columns"/> every <paramref name="every"/> steps: the simulation, and the thermo rows it will record.
    /// </summary>
    private static (Simulation Sim, List<(long Step, double[] Values)> Rows) Setup(double temperature, string columns, int every,
        params string[] commands)
    {
        var sim = LjSystem.Create(temperature: temperature);
        foreach (var c in commands) sim.Cmd(c);
        sim.Cmd("thermo_style custom " + columns);
        sim.Cmd($"thermo {every}");
        return (sim, sim.RecordThermo());
    }

    /// <summary>The first value of thermo column c and the largest deviation of the column from it.</summary>
    private static (double Drift, double E0) Drift(List<(long Step, double[] Values)> rows, int c)
    {
        double e0 = rows[0].Values[c];
        return (rows.Max(r => Math.Abs(r.Values[c] - e0)), e0);
    }

    [Fact]
    public void NvtHoldsTargetTemperatureAndConservesEnergy()
    {
        var (sim, rows) = Setup(1.0, "step temp econserve", 10, "pair_modify shift yes", "fix 1 all nvt temp 1.5 1.5 0.1");
        sim.Run(2000);
        var late = rows.Where(r => r.Step >= 500).ToList();
        double tMean = late.Average(r => r.Values[1]);
        Assert.InRange(tMean, 1.5 * 0.95, 1.5 * 1.05);
        var (drift, e0) = Drift(rows, 2);
        Assert.True(drift < 2e-3 * Math.Abs(e0), $"econserve drift {drift} (e0 {e0})");
    }

    [Fact]
    public void NptReachesTargetPressure()
    {
        var (sim, rows) = Setup(1.5, "step press vol", 5, "fix 1 all npt temp 1.5 1.5 0.5 iso 2.0 2.0 2.0");
        double v0 = sim.Box.Volume;
        sim.Run(3000);
        var late = rows.Where(r => r.Step >= 1000).ToList();
        double pMean = late.Average(r => r.Values[1]);
        double pStd = Math.Sqrt(late.Average(r => (r.Values[1] - pMean) * (r.Values[1] - pMean)));
        // correlated samples: bound by 3 sigma over ~10 independent blocks, at least 0.15
        Assert.True(Math.Abs(pMean - 2.0) < Math.Max(0.15, 3 * pStd / Math.Sqrt(10)), $"mean pressure {pMean} (std {pStd})");
        Assert.True(Math.Abs(sim.Box.Volume - v0) > 1e-3 * v0, "the box should have changed size");
    }

    [Fact]
    public void NptConservesItsConservedQuantity()
    {
        // shifted LJ: the energy jump at the cut-off otherwise dominates when the box breathes. pchain 0: LAMMPS's iso
        // barostat-chain coupling uses kT in the equations of motion but 3 kT in the conserved quantity (kept for parity).
        var (sim, rows) = Setup(1.5, "step econserve vol", 10,
            "pair_modify shift yes", "timestep 0.002", "fix 1 all npt temp 1.5 1.5 0.2 iso 1.0 1.0 1.0 pchain 0");
        sim.Run(1500);
        var (drift, e0) = Drift(rows, 1);
        Assert.True(drift < 2e-4 * Math.Abs(e0), $"npt econserve drift {drift} (e0 {e0})");
    }

    [Fact]
    public void NphConservesItsConservedQuantity()
    {
        var (sim, rows) = Setup(1.2, "step econserve vol lx ly", 10, "pair_modify shift yes", "timestep 0.002", "fix 1 all nph aniso 1.0 1.0 1.0");
        sim.Run(1500);
        var (drift, e0) = Drift(rows, 1);
        Assert.True(drift < 1e-4 * Math.Abs(e0), $"nph econserve drift {drift} (e0 {e0})");
        Assert.True(rows.Select(r => r.Values[2]).Distinct().Count() > 10, "the volume should fluctuate");
    }

    [Fact]
    public void RestartStateRoundTrips()
    {
        var sim = LjSystem.Create();
        sim.Cmd("fix 1 all npt temp 1.5 1.5 0.5 iso 1.0 1.0 1.0");
        sim.Cmd("thermo 0");
        sim.Run(50);
        var fix = sim.FindFix("1")!;
        var state = fix.WriteRestart()!;
        double e = fix.ComputeScalar();
        var sim2 = LjSystem.Create();
        sim2.Cmd("fix 1 all npt temp 1.5 1.5 0.5 iso 1.0 1.0 1.0");
        var fix2 = sim2.FindFix("1")!;
        fix2.ReadRestart(state);
        Assert.Equal(state, fix2.WriteRestart());
        Assert.NotEqual(0.0, e);
    }

    [Fact]
    public void FixModifyTempAndPressAreAccepted()
    {
        var sim = LjSystem.Create();
        sim.Cmd("compute myT all temp");
        sim.Cmd("compute myP all pressure myT");
        sim.Cmd("fix 1 all npt temp 1.5 1.5 0.5 iso 1.0 1.0 1.0");
        sim.Cmd("fix_modify 1 temp myT press myP");
        Assert.NotNull(sim.FindCompute("1_temp"));
        Assert.NotNull(sim.FindCompute("1_press"));
        sim.Cmd("thermo 0");
        sim.Run(10);
        Assert.Throws<Core.GarneticsException>(() => sim.Cmd("fix 2 all nvt temp 1.0 1.0 0.1 iso 1 1 1"));
        Assert.Throws<Core.GarneticsException>(() => sim.Cmd("fix 3 all npt temp 1.0 1.0 0.1"));
        Assert.Throws<Core.GarneticsException>(() => sim.Cmd("fix 4 all nvt temp 1.0 1.0 0.1 bogus 1"));
    }

    [Fact]
    public void LangevinSamplesTargetTemperature()
    {
        var (sim, rows) = Setup(0.5, "step temp", 10, "fix 1 all nve", "fix 2 all langevin 1.2 1.2 0.2 4928 zero yes");
        sim.Run(2500);
        double tMean = rows.Where(r => r.Step >= 500).Average(r => r.Values[1]);
        Assert.InRange(tMean, 1.2 * 0.95, 1.2 * 1.05);
    }

    [Fact]
    public void BerendsenRescalesExactlyOnce()
    {
        var sim = LjSystem.Create(temperature: 2.0);
        sim.Cmd("fix 1 all temp/berendsen 1.0 1.0 0.05");
        sim.Cmd("thermo 0");
        var v0 = sim.Atoms.V.Take(3 * sim.Atoms.NLocal).ToArray();
        // no integrator: velocities change only by the end-of-step rescaling
        sim.Run(1);
        double t = 2.0; // temperature before the rescale (3N-3 dof, exact by construction)
        double lambda = Math.Sqrt(1.0 + 0.005 / 0.05 * (1.0 / t - 1.0));
        for (int k = 0; k < v0.Length; k++) Assert.Equal(v0[k] * lambda, sim.Atoms.V[k], 12);
        double dof = 3.0 * sim.Atoms.NAtoms - 3.0;
        double expected = t * (1 - lambda * lambda) * 0.5 * dof; // kinetic energy removed, kept in ecouple
        Assert.Equal(expected, sim.FindFix("1")!.EnergyCoupling, 9);
    }

    [Fact]
    public void MomentumZeroesLinearAndAngularMomentum()
    {
        var sim = LjSystem.Create(temperature: 1.0);
        var a = sim.Atoms;
        for (int i = 0; i < a.NLocal; i++) { a.V[3 * i] += 0.3; a.V[3 * i + 1] -= 0.2; a.V[3 * i + 2] += 0.1 * (a.X[3 * i + 1] - 3.0); }
        double ke0 = Enumerable.Range(0, 3 * a.NLocal).Sum(k => a.V[k] * a.V[k]);
        sim.Cmd("fix 1 all momentum 1 linear 1 1 1 angular rescale");
        sim.Cmd("thermo 0");
        sim.Run(1);
        double px = 0, py = 0, pz = 0;
        for (int i = 0; i < a.NLocal; i++) { px += a.V[3 * i]; py += a.V[3 * i + 1]; pz += a.V[3 * i + 2]; }
        Assert.True(Math.Abs(px) < 1e-10 && Math.Abs(py) < 1e-10 && Math.Abs(pz) < 1e-10, $"p = {px} {py} {pz}");
        double ke1 = Enumerable.Range(0, 3 * a.NLocal).Sum(k => a.V[k] * a.V[k]);
        Assert.Equal(ke0, ke1, 9);
        // angular momentum about the centre of mass is zero too
        double cx = 0, cy = 0, cz = 0;
        for (int i = 0; i < a.NLocal; i++) { cx += a.X[3 * i]; cy += a.X[3 * i + 1]; cz += a.X[3 * i + 2]; }
        cx /= a.NLocal; cy /= a.NLocal; cz /= a.NLocal;
        double lx = 0, ly = 0, lz = 0;
        for (int i = 0; i < a.NLocal; i++)
        {
            double dx = a.X[3 * i] - cx, dy = a.X[3 * i + 1] - cy, dz = a.X[3 * i + 2] - cz;
            lx += dy * a.V[3 * i + 2] - dz * a.V[3 * i + 1];
            ly += dz * a.V[3 * i] - dx * a.V[3 * i + 2];
            lz += dx * a.V[3 * i + 1] - dy * a.V[3 * i];
        }
        Assert.True(Math.Abs(lx) + Math.Abs(ly) + Math.Abs(lz) < 1e-8, $"L = {lx} {ly} {lz}");
    }

    [Theory]
    [InlineData("cg")]
    [InlineData("fire")]
    [InlineData("sd")]
    public void MinimizersReachForceTolerance(string style)
    {
        var sim = LjSystem.Create(temperature: 0, disp: 0.15);
        sim.Cmd("min_style " + style);
        sim.Cmd("thermo_style custom step pe fnorm");
        sim.Cmd("thermo 1");
        var rows = sim.RecordThermo();
        var min = MinimizeCommand.Run(sim, 0.0, 1e-6, 5000, 50000);
        Assert.Equal(MinStop.ForceTol, min.Stop);
        Assert.True(min.FNorm2Final < 1e-6, $"{style}: final force norm {min.FNorm2Final}");
        Assert.True(min.EFinal < min.EInitial);
        if (style != "fire")
            for (int r = 1; r < rows.Count; r++)
                Assert.True(rows[r].Values[1] <= rows[r - 1].Values[1] + 1e-12, $"{style}: energy rose at step {rows[r].Step}");
    }

    [Fact]
    public void MinimizeStopsOnEnergyToleranceAndPrintsStats()
    {
        var screen = new StringWriter();
        var sim = LjSystem.Create(temperature: 0, disp: 0.15, screen: screen);
        sim.Cmd("minimize 1.0e-6 0.0 1000 10000");
        string text = screen.ToString();
        Assert.Contains("Minimization stats:", text);
        Assert.Contains("Stopping criterion = energy tolerance", text);
        Assert.Contains("Energy initial, next-to-last, final =", text);
        Assert.Contains("Force two-norm initial, final =", text);
    }

    [Fact]
    public void EveryNewStyleHasHelp()
    {
        var reg = StyleRegistry.Default;
        foreach (var (kind, name) in new[] { (StyleKind.Fix, "nvt"), (StyleKind.Fix, "npt"), (StyleKind.Fix, "nph"), (StyleKind.Fix, "langevin"),
                     (StyleKind.Fix, "temp/berendsen"), (StyleKind.Fix, "momentum"), (StyleKind.MinStyle, "cg"), (StyleKind.MinStyle, "fire"),
                     (StyleKind.MinStyle, "sd"), (StyleKind.Command, "minimize"), (StyleKind.Command, "min_style"), (StyleKind.Command, "min_modify") })
        {
            var e = reg.Find(kind, name);
            Assert.NotNull(e);
            Assert.False(string.IsNullOrWhiteSpace(e!.Attribute.Syntax), $"{name} syntax");
            Assert.True(e.Attribute.Help.Length > 40, $"{name} help");
        }
        Assert.Equal(typeof(FixNH), reg.Find(StyleKind.Fix, "npt")!.Type);
    }
}
