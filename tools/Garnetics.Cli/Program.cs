using System.Reflection;
using Garnetics.Engine.Input;

namespace Garnetics.Cli;

/// <summary>The `garnetics` executable: LAMMPS-style command line around the engine's deck interpreter.</summary>
public static class Program
{
    public static int Main(string[] argv)
    {
        var opts = CliOptions.Parse(argv, out var error);
        if (error != null)
        {
            Console.Error.WriteLine($"ERROR: {error}");
            Console.Error.WriteLine("Run 'garnetics --help' for usage.");
            return 1;
        }
        if (opts.ShowVersion) { Console.WriteLine($"Garnetics {Version}"); return 0; }
        // make sure the bundled style assemblies are loaded so that the registry sees them
        LoadBundledStyles();
        try
        {
            Garnetics.Engine.Plugins.PluginLoader.LoadDefaultFolders(StyleRegistry.Default);
        }
        catch (GarneticsException e)
        {
            Console.Error.WriteLine(e.Describe());
            return 1;
        }
        if (opts.ShowHelp) { HelpText.PrintUsage(Console.Out); return 0; }
        if (opts.HelpTopic != null) return HelpText.PrintTopic(Console.Out, opts.HelpTopic) ? 0 : 1;
        return RunDeck(opts);
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0";

    public static void LoadBundledStyles()
    {
        _ = typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly;
        StyleRegistry.Default.Register(typeof(Garnetics.Potentials.Classical.PairLjCut).Assembly);
        StyleRegistry.Default.Register(Garnetics.Potentials.Nep.NepAssembly.Assembly);
        StyleRegistry.Default.Register(Garnetics.Analysis.AnalysisAssembly.Assembly);
    }

    private static int RunDeck(CliOptions opts)
    {
        var sim = new Simulation();
        if (opts.Threads > 0) sim.Threads = opts.Threads;
        TextWriter? screen = opts.ScreenNone ? null : Console.Out;
        sim.Screen = screen;
        if (opts.LogFile != "none")
        {
            try
            {
                sim.Log = OutputFile.Open(opts.LogFile, append: false, "log file");
                sim.LogPath = opts.LogFile;
            }
            catch (GarneticsException e)
            {
                Console.Error.WriteLine($"ERROR: {e.Message}");
                return 1;
            }
        }
        if (!Console.IsErrorRedirected && !opts.ScreenNone && Environment.GetEnvironmentVariable("CI") == null)
            sim.Progress = ProgressLine.Report;
        sim.Print($"Garnetics {Version} ({sim.Threads} threads)");
        var interp = new Interpreter(sim);
        sim.Variables = interp;
        if (opts.Echo != null)
            interp.Echo = opts.Echo switch { "none" => EchoMode.None, "log" => EchoMode.Log, "both" => EchoMode.Both, _ => EchoMode.Screen };
        int code = 0;
        try
        {
            foreach (var (name, values) in opts.Variables) interp.DefineCommandLineVariable(name, values);
            if (opts.Suffix != null) interp.RunString($"suffix {opts.Suffix}", "-sf");
            foreach (var p in opts.Packages) interp.RunString("package " + string.Join(' ', p), "-pk");
            if (opts.InputFile != null) interp.RunFile(opts.InputFile);
            else interp.Run(Console.In, "<stdin>");
            if (interp.QuitRequested) code = interp.ExitCode;
            sim.Print($"Total wall time: {FormatWall(sim.Wall.Elapsed)}");
        }
        catch (GarneticsException e)
        {
            ProgressLine.Clear();
            var msg = e.Describe();
            Console.Error.WriteLine(msg);
            ToLog(sim, msg);
            if (opts.Debug) Console.Error.WriteLine(e);
            code = 1;
        }
        catch (Exception e) when (!opts.Debug)
        {
            ProgressLine.Clear();
            var msg = $"ERROR: internal error: {e.GetType().Name}: {e.Message} (rerun with -debug for a stack trace, and please report it)";
            Console.Error.WriteLine(msg);
            ToLog(sim, msg);
            code = 2;
        }
        finally
        {
            // every output is closed, each failure reported once; files completed before stay as they are
            foreach (var d in sim.Dumps)
                code = Closing(code, () => d.Close());
            code = Closing(code, () => (sim.Log as OutputFile)?.Close(throwOnError: true));
            sim.Log?.Dispose();
            Console.Out.Flush();
        }
        return code;
    }

    /// <summary>The error also goes to the log, unless the log is what failed.</summary>
    private static void ToLog(Simulation sim, string msg)
    {
        try { sim.Log?.WriteLine(msg); }
        catch (GarneticsException) { }
    }

    /// <summary>Run a closing step; a failure is one error line and exit code 1 (unless an error came first).</summary>
    private static int Closing(int code, Action close)
    {
        try { close(); }
        catch (GarneticsException e)
        {
            Console.Error.WriteLine(e.Describe());
            if (code == 0) code = 1;
        }
        return code;
    }

    private static string FormatWall(TimeSpan t) => $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}";
}

/// <summary>Parsed command-line options (LAMMPS-compatible names and abbreviations).</summary>
public sealed class CliOptions
{
    public string? InputFile;
    public List<(string, List<string>)> Variables = [];
    public string LogFile = "log.garnetics";
    public bool ScreenNone;
    public string? Echo;
    public int Threads;
    /// <summary>-sf NAME: the style suffix; -pk NAME args: package commands run before the deck.</summary>
    public string? Suffix;
    public List<List<string>> Packages = [];
    public bool Debug;
    public bool ShowVersion;
    public bool ShowHelp;
    public string? HelpTopic;

    public static CliOptions Parse(string[] argv, out string? error)
    {
        var o = new CliOptions();
        error = null;
        for (int i = 0; i < argv.Length; i++)
        {
            string a = argv[i];
            string Next(string what)
            {
                if (i + 1 >= argv.Length) throw new ArgumentException($"option {a} needs {what}");
                return argv[++i];
            }
            try
            {
                switch (a)
                {
                    case "-in": case "-i": o.InputFile = Next("a file name"); break;
                    case "-var": case "-v":
                    {
                        string name = Next("a variable name");
                        var values = new List<string>();
                        while (i + 1 < argv.Length && !(argv[i + 1].StartsWith('-') && argv[i + 1].Length > 1 && !double.TryParse(argv[i + 1], out _)))
                            values.Add(argv[++i]);
                        if (values.Count == 0) throw new ArgumentException($"-var {name} needs at least one value");
                        o.Variables.Add((name, values));
                        break;
                    }
                    case "-log": case "-l": o.LogFile = Next("a file name or none"); break;
                    case "-screen": case "-sc":
                    {
                        var s = Next("none");
                        if (s != "none") throw new ArgumentException("-screen supports only 'none' (output to a file: use the log)");
                        o.ScreenNone = true;
                        break;
                    }
                    case "-echo": case "-e":
                        if (i + 1 < argv.Length && argv[i + 1] is "none" or "screen" or "log" or "both") o.Echo = argv[++i];
                        else o.Echo = "screen";
                        break;
                    case "-sf": case "-suffix": o.Suffix = Next("a style suffix (e.g. gpu)"); break;
                    case "-pk": case "-package":
                    {
                        var words = new List<string> { Next("a package name (omp, gpu)") };
                        while (i + 1 < argv.Length && !(argv[i + 1].StartsWith('-') && argv[i + 1].Length > 1 && !double.TryParse(argv[i + 1], out _)))
                            words.Add(argv[++i]);
                        o.Packages.Add(words);
                        break;
                    }
                    case "-threads": case "-t":
                    {
                        var s = Next("a thread count");
                        if (!int.TryParse(s, out o.Threads) || o.Threads < 1) throw new ArgumentException($"-threads needs a positive integer, got '{s}'");
                        break;
                    }
                    case "-debug": o.Debug = true; break;
                    case "--version": case "-version": o.ShowVersion = true; break;
                    case "--help": case "-help": case "-h": o.ShowHelp = true; break;
                    case "help":
                        o.HelpTopic = string.Join(' ', argv.Skip(i + 1));
                        if (o.HelpTopic.Length == 0) o.ShowHelp = true;
                        i = argv.Length;
                        break;
                    default:
                        throw new ArgumentException($"unknown option '{a}'");
                }
            }
            catch (ArgumentException e)
            {
                error = e.Message;
                return o;
            }
        }
        return o;
    }
}
