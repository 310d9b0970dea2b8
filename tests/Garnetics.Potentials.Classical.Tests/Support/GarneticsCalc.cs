namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>
/// Evaluates the same data file and pair commands as the LAMMPS run, through the engine's calculator API
/// (<see cref="Calculator"/>); the simulation behind it is returned for the tests that inspect styles and lists.
/// </summary>
public static class GarneticsCalc
{
    static GarneticsCalc() => StyleRegistry.Default.Register(typeof(PairBuck).Assembly);

    public static Simulation Create(Structure s, string units, bool charge, IEnumerable<string> pairCommands, int threads = 2)
    {
        var dir = Directory.CreateTempSubdirectory("garnetics-sim-").FullName;
        try
        {
            var path = Path.Combine(dir, "data.lmp");
            LammpsData.Write(s, path, charge);
            string style = charge ? "charge" : "atomic";
            var data = StructureIO.Read(path, StructureFormat.LammpsData, new StructureReadOptions { AtomStyle = style });
            var calc = new Calculator(units, pairCommands, atomStyle: style, threads: threads);
            calc.Calculate(data);
            return calc.Simulation;
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    public static void Exec(Simulation sim, string line)
    {
        var w = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        sim.ExecuteCommand(CommandArgs.Of(w[0], w[1..]));
    }

    public static PairResult Run(Structure s, string units, bool charge, IEnumerable<string> pairCommands, int threads = 2) =>
        Result(Create(s, units, charge, pairCommands, threads));

    /// <summary>Energy, forces by tag and pressure tensor (no kinetic part: atoms are at rest) of the last force evaluation.</summary>
    public static PairResult Result(Simulation sim)
    {
        var atoms = sim.Atoms;
        var f = new double[3 * atoms.NLocal];
        for (int i = 0; i < atoms.NLocal; i++)
        {
            int t = atoms.Tag[i] - 1;
            for (int c = 0; c < 3; c++) f[3 * t + c] = atoms.F[3 * i + c];
        }
        var vir = sim.TotalVirial();
        double scale = sim.Units.Nktv2p / sim.Box.Volume;
        return new PairResult(sim.PotentialEnergy(), f, vir.Select(v => v * scale).ToArray());
    }

    /// <summary>Re-evaluate the energy after positions changed (re-wrap, new ghosts and lists).</summary>
    public static double Energy(Simulation sim)
    {
        sim.Reneighbor();
        sim.ComputeForces(eflag: true, vflag: false);
        return sim.PotentialEnergy();
    }

    public static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
