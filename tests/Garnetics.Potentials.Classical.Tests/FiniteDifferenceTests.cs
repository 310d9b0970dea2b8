using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// Forces equal minus the gradient of the energy: central differences with Richardson extrapolation
/// (F = -(4 D(h/2) - D(h))/3, h = 1e-3) for one atom of every type, checked to 1e-6 relative to the atom's force.
/// Atoms whose pair distances come within 2h of a cut-off are skipped (plain cut-offs make the energy jump there).
/// </summary>
public sealed class FiniteDifferenceTests(ITestOutputHelper log)
{
    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var c in Cases.All) d.Add(c.Name);
        return d;
    }

    private const double H = 1e-3;

    [Theory]
    [MemberData(nameof(Names))]
    public void ForcesAreMinusTheEnergyGradient(string name)
    {
        var c = Cases.Get(name);
        // LAMMPS's coul/wolf forces are the damped shifted forces, not minus the derivative of its (shifted-potential)
        // energy; they are the gradient of the coul/dsf energy with the same alpha and Rc, so that energy is used.
        var energyCase = name == "coul/wolf" ? Cases.CoulDsf : c;
        var s = c.Build(c == Cases.LjCut ? 3 : 1);
        var sim = GarneticsCalc.Create(s, c.Units, c.Charge, c.Commands, threads: 1);
        var forces = GarneticsCalc.Result(sim).Forces;
        var esim = energyCase == c ? sim : GarneticsCalc.Create(s, c.Units, c.Charge, energyCase.Commands, threads: 1);
        if (energyCase != c)
        {
            var f2 = GarneticsCalc.Result(esim).Forces;
            for (int k = 0; k < forces.Length; k++) Assert.Equal(f2[k], forces[k], 1e-12);
        }

        double worst = 0;
        int checkedAtoms = 0;
        for (int t = 1; t <= s.NTypes; t++)
        {
            int a = Enumerable.Range(0, s.Count).FirstOrDefault(i => s.Type[i] == t && Margin(s, i, c.Cutoffs) > 4 * H, -1);
            if (a < 0) continue;
            checkedAtoms++;
            double fnorm = Math.Sqrt(forces[3 * a] * forces[3 * a] + forces[3 * a + 1] * forces[3 * a + 1] + forces[3 * a + 2] * forces[3 * a + 2]);
            for (int k = 0; k < 3; k++)
            {
                double d1 = Diff(esim, a, k, H), d2 = Diff(esim, a, k, H / 2);
                double ffd = -(4 * d2 - d1) / 3;
                double err = Math.Abs(ffd - forces[3 * a + k]);
                double scale = Math.Max(fnorm, 1e-2);
                worst = Math.Max(worst, err / scale);
                Assert.True(err <= 1e-6 * scale,
                    $"{name}: atom {a + 1} (type {t}) component {k}: force {forces[3 * a + k]:R}, -dE/dx {ffd:R}, |diff| {err:E3} > 1e-6 * {scale:E3}");
            }
        }
        log.WriteLine($"{name}: {checkedAtoms} atoms checked, worst relative error {worst:E2}");
        Assert.True(checkedAtoms >= 2, $"{name}: too few atoms away from the cut-offs to test");
    }

    /// <summary>Central difference (E(x+h) - E(x-h)) / 2h of the energy in component k of the atom with tag a+1.</summary>
    private static double Diff(Simulation sim, int a, int k, double h)
    {
        var atoms = sim.Atoms;
        int i = Array.IndexOf(atoms.Tag, a + 1, 0, atoms.NLocal);
        double x0 = atoms.X[3 * i + k];
        atoms.X[3 * i + k] = x0 + h;
        double ep = GarneticsCalc.Energy(sim);
        i = Array.IndexOf(atoms.Tag, a + 1, 0, atoms.NLocal);
        atoms.X[3 * i + k] = x0 - h;
        double em = GarneticsCalc.Energy(sim);
        i = Array.IndexOf(atoms.Tag, a + 1, 0, atoms.NLocal);
        atoms.X[3 * i + k] = x0;
        GarneticsCalc.Energy(sim);
        return (ep - em) / (2 * h);
    }

    /// <summary>Smallest | |r_ij| - rc | over all periodic images j (itself included) within reach and all cut-offs.</summary>
    internal static double Margin(Structure s, int a, double[] cutoffs)
    {
        double rmax = cutoffs.Max() + 1;
        int nx = (int)Math.Ceiling(rmax / s.Lx), ny = (int)Math.Ceiling(rmax / s.Ly), nz = (int)Math.Ceiling(rmax / s.Lz);
        double m = double.MaxValue;
        for (int j = 0; j < s.Count; j++)
        for (int ix = -nx; ix <= nx; ix++)
        for (int iy = -ny; iy <= ny; iy++)
        for (int iz = -nz; iz <= nz; iz++)
        {
            double dx = s.X[3 * a] - s.X[3 * j] - ix * s.Lx, dy = s.X[3 * a + 1] - s.X[3 * j + 1] - iy * s.Ly, dz = s.X[3 * a + 2] - s.X[3 * j + 2] - iz * s.Lz;
            double r = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            if (r == 0 || r > rmax) continue;
            foreach (var rc in cutoffs) m = Math.Min(m, Math.Abs(r - rc));
        }
        return m;
    }
}
