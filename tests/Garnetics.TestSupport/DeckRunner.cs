using Garnetics.Engine.Input;

namespace Garnetics.TestSupport;

/// <summary>
/// Runs deck text (or a deck file) in-process through the interpreter on a fresh <see cref="Simulation"/>, with the
/// classical potentials registered; the screen output is captured and returned. Test projects that need more styles
/// (NEP, analysis) register their assembly before running.
/// </summary>
public static class DeckRunner
{
    // Environment.CurrentDirectory is process-wide: runs in a working directory are serialised
    private static readonly object CwdLock = new();

    static DeckRunner() => StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly);

    /// <summary>Run <paramref name="deck"/> (reported as file <paramref name="name"/>).</summary>
    /// <param name="workDir">working directory of the run (relative file names in the deck); null: unchanged</param>
    /// <param name="threads">Simulation.Threads</param>
    /// <param name="vars">command-line variables (-var NAME VALUES)</param>
    /// <param name="quiet">no screen output at all (Screen = null); the returned output is empty</param>
    public static (Simulation sim, string output) Run(string deck, string? workDir = null, int threads = 1,
        IDictionary<string, string[]>? vars = null, string name = "test.in", bool quiet = false) =>
        Execute(interp => interp.RunString(deck, name), workDir, threads, vars, quiet);

    /// <summary>Run the deck file <paramref name="path"/>.</summary>
    public static (Simulation sim, string output) RunFile(string path, IDictionary<string, string[]>? vars = null,
        string? workDir = null, int threads = 1) =>
        Execute(interp => interp.RunFile(path), workDir, threads, vars, quiet: false);

    private static (Simulation sim, string output) Execute(Action<Interpreter> run, string? workDir, int threads,
        IDictionary<string, string[]>? vars, bool quiet)
    {
        var sw = quiet ? null : new StringWriter();
        var sim = new Simulation { Screen = sw, Threads = threads };
        var interp = new Interpreter(sim);
        sim.Variables = interp;
        if (vars != null) foreach (var (k, v) in vars) interp.DefineCommandLineVariable(k, v);
        if (workDir == null) run(interp);
        else
            lock (CwdLock)
            {
                string cwd = Environment.CurrentDirectory;
                try
                {
                    Environment.CurrentDirectory = workDir;
                    run(interp);
                }
                finally { Environment.CurrentDirectory = cwd; }
            }
        return (sim, sw?.ToString() ?? "");
    }

    /// <summary>Rows (tag, type, x, y, z) of the local atoms sorted by tag.</summary>
    public static double[][] Atoms(Simulation sim)
    {
        var a = sim.Atoms;
        return Enumerable.Range(0, a.NLocal)
            .Select(i => new double[] { a.Tag[i], a.Type[i], a.X[3 * i], a.X[3 * i + 1], a.X[3 * i + 2] })
            .OrderBy(r => r[0]).ToArray();
    }
}

/// <summary>Single deck commands on a programmatic <see cref="Simulation"/>.</summary>
public static class SimulationCommands
{
    /// <summary>Execute one deck line (words separated by blanks; no variables or quotes).</summary>
    public static void Cmd(this Simulation sim, string line)
    {
        var w = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        sim.ExecuteCommand(CommandArgs.Of(w[0], w[1..]));
    }

    /// <summary>No screen output (Screen = null).</summary>
    public static Simulation Quiet(this Simulation sim)
    {
        sim.Screen = null;
        return sim;
    }

    /// <summary>Record every thermo line (step and values) printed from now on.</summary>
    public static List<(long Step, double[] Values)> RecordThermo(this Simulation sim)
    {
        var rows = new List<(long, double[])>();
        sim.Thermo.LinePrinted += (s, v) => rows.Add((s, v.ToArray()));
        return rows;
    }
}
