namespace Garnetics.TestSupport;

/// <summary>
/// Runs the garnetics CLI (garnetics.dll, built next to the binaries of a test project that references
/// tools/Garnetics.Cli) as a child process through `dotnet`.
/// </summary>
public static class CliRunner
{
    /// <summary>The CLI assembly next to the test binaries.</summary>
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "garnetics.dll");

    private static readonly Dictionary<string, string> Env = new() { ["CI"] = "1", ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" };

    /// <summary>Run `garnetics ARGS` in <paramref name="dir"/>.</summary>
    public static ProcessResult Run(string dir, params string[] args) => RunWithInput(dir, null, args);

    /// <summary>Run `garnetics ARGS` in <paramref name="dir"/> with <paramref name="stdin"/> as its standard input.</summary>
    public static ProcessResult RunWithInput(string dir, string? stdin, params string[] args)
    {
        if (!File.Exists(Dll)) throw new FileNotFoundException($"the garnetics CLI is not built next to the tests: {Dll}");
        return ProcessRunner.Run("dotnet", [Dll, .. args], dir, stdin, Env);
    }
}
