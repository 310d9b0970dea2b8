namespace Garnetics.Analysis;

/// <summary>Anchor type the CLI uses to load and register this assembly's styles.</summary>
public static class AnalysisAssembly
{
    public static System.Reflection.Assembly Assembly => typeof(AnalysisAssembly).Assembly;
}
