using Garnetics.Engine;
using Garnetics.Engine.Input;
using Garnetics.Engine.Styles;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>
/// Runs deck text in-process with the classical potentials and the analysis styles registered. The working directory
/// is never changed (tests run in parallel and it is process-wide): decks use absolute paths.
/// </summary>
internal static class DeckHost
{
    static DeckHost()
    {
        StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly);
        StyleRegistry.Default.Register(AnalysisAssembly.Assembly);
    }

    public static (Simulation sim, string output) Run(string deck, IDictionary<string, string[]>? vars = null, bool file = false)
    {
        var sw = new StringWriter();
        var sim = new Simulation { Screen = sw, Threads = 1 };
        var interp = new Interpreter(sim);
        sim.Variables = interp;
        if (vars != null) foreach (var (k, v) in vars) interp.DefineCommandLineVariable(k, v);
        if (file) interp.RunFile(deck); else interp.RunString(deck, "test.in");
        return (sim, sw.ToString());
    }
}
