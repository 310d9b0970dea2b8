using Garnetics.Engine.Input;
using Garnetics.Engine.Styles;

namespace Garnetics.Engine.Tests;

/// <summary>Runs deck text in-process through the interpreter; screen output is captured.</summary>
public static class DeckRunner
{
    static DeckRunner() => StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly);

    public static (Simulation sim, string output) Run(string deck, string? workDir = null, int threads = 1)
    {
        var sw = new StringWriter();
        var sim = new Simulation { Screen = sw, Threads = threads };
        var interp = new Interpreter(sim);
        sim.Variables = interp;
        string cwd = Environment.CurrentDirectory;
        try
        {
            if (workDir != null) Environment.CurrentDirectory = workDir;
            interp.RunString(deck, "test.in");
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
        return (sim, sw.ToString());
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
