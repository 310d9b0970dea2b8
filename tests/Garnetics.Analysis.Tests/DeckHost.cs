namespace Garnetics.Analysis.Tests;

/// <summary>
/// Runs deck text in-process (<see cref="DeckRunner"/>: the classical potentials) with the analysis styles registered
/// too. Decks that run in parallel tests use absolute paths; a working directory is set only where a test gives one.
/// </summary>
internal static class DeckHost
{
    static DeckHost() => StyleRegistry.Default.Register(AnalysisAssembly.Assembly);

    public static (Simulation sim, string output) Run(string deck, string? workDir = null) => DeckRunner.Run(deck, workDir);

    public static (Simulation sim, string output) RunFile(string path, IDictionary<string, string[]> vars) => DeckRunner.RunFile(path, vars);
}
