namespace Garnetics.Cli;

internal static class HelpText
{
    public static void PrintUsage(TextWriter w)
    {
        w.WriteLine($"Garnetics {Program.Version} - molecular dynamics for garnet solid electrolytes (LAMMPS-style input decks)");
        w.WriteLine();
        w.WriteLine("Usage: garnetics [options] [-in deck.in]        (reads the deck from stdin without -in)");
        w.WriteLine("       garnetics help <command|style>            (e.g. help run, help lj/cut, help fix nvt)");
        w.WriteLine();
        w.WriteLine("Options:");
        w.WriteLine("  -in, -i FILE          input deck");
        w.WriteLine("  -var, -v NAME V...    define an index variable (overrides the deck's definition)");
        w.WriteLine("  -log, -l FILE|none    log file (default log.garnetics)");
        w.WriteLine("  -screen, -sc none     no screen output");
        w.WriteLine("  -echo [screen|log|both|none]  echo deck commands");
        w.WriteLine("  -threads, -t N        worker threads (default: all cores)");
        w.WriteLine("  -sf, -suffix NAME     style suffix, as the suffix command (gpu: nep/gpu where a GPU backend is loaded)");
        w.WriteLine("  -pk, -package NAME A  package command before the deck (omp N: N threads; gpu ...)");
        w.WriteLine("  -debug                print stack traces on errors");
        w.WriteLine("  --version, --help");
        w.WriteLine();
        w.WriteLine("interpreter commands:");
        WriteWrapped(w, string.Join(" ", Garnetics.Engine.Input.InterpreterHelp.Commands.Keys.Order(StringComparer.Ordinal)), "  ");
        foreach (var group in StyleRegistry.Default.All().GroupBy(e => e.Kind))
        {
            w.WriteLine($"{StyleRegistry.KindWord(group.Key)}s:");
            WriteWrapped(w, string.Join(" ", group.Select(e => e.Name)), "  ");
        }
        w.WriteLine();
        w.WriteLine("Environment: GARNETICS_PLUGIN_PATH=dir1:dir2 loads plugin assemblies (*.dll) at start-up.");
    }

    public static bool PrintTopic(TextWriter w, string topic)
    {
        var words = topic.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var reg = StyleRegistry.Default;
        var matches = new List<StyleEntry>();
        if (words.Length == 2)
        {
            StyleKind? kind = words[0] switch
            {
                "pair_style" or "pair" => StyleKind.Pair,
                "fix" => StyleKind.Fix,
                "compute" => StyleKind.Compute,
                "dump" => StyleKind.Dump,
                "min_style" => StyleKind.MinStyle,
                _ => null,
            };
            if (kind != null && reg.Find(kind.Value, words[1]) is { } e) matches.Add(e);
        }
        else if (words.Length == 1)
        {
            string name = words[0];
            int slash = name.IndexOf('/');
            foreach (var e in reg.All()) if (e.Name == name) matches.Add(e);
            // "pair_style/lj/cut" style topics
            if (matches.Count == 0 && slash > 0) return PrintTopic(w, name[..slash] + " " + name[(slash + 1)..]);
        }
        if (matches.Count == 0 && words.Length == 1 && Garnetics.Engine.Input.InterpreterHelp.Commands.TryGetValue(words[0], out var ih))
        {
            w.WriteLine($"command {words[0]}   (deck interpreter)");
            w.WriteLine($"  syntax: {ih.Syntax}");
            WriteWrapped(w, ih.Help, "  ");
            return true;
        }
        if (matches.Count == 0)
        {
            Console.Error.WriteLine($"ERROR: no help for '{topic}': not a known command or style (see garnetics --help)");
            return false;
        }
        foreach (var e in matches)
        {
            w.WriteLine($"{StyleRegistry.KindWord(e.Kind)} {e.Name}" + (e.AssemblyName.StartsWith("Garnetics.", StringComparison.Ordinal) ? "" : $"   (plugin {e.AssemblyName})"));
            if (e.Attribute.Syntax.Length > 0) w.WriteLine($"  syntax: {e.Attribute.Syntax}");
            if (e.Attribute.Help.Length > 0) WriteWrapped(w, e.Attribute.Help, "  ");
            w.WriteLine();
        }
        return true;
    }

    private static void WriteWrapped(TextWriter w, string text, string indent, int width = 100)
    {
        var line = new System.Text.StringBuilder(indent);
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length + word.Length + 1 > width && line.Length > indent.Length)
            {
                w.WriteLine(line.ToString());
                line.Clear().Append(indent);
            }
            if (line.Length > indent.Length) line.Append(' ');
            line.Append(word);
        }
        if (line.Length > indent.Length) w.WriteLine(line.ToString());
    }
}

/// <summary>A single self-overwriting progress line with ETA on an interactive terminal (stderr).</summary>
internal static class ProgressLine
{
    private static bool _shown;

    public static void Report(long done, long total, TimeSpan elapsed)
    {
        if (total <= 0) return;
        double frac = (double)done / total;
        var eta = frac > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (1 - frac) / frac) : TimeSpan.Zero;
        if (done >= total)
        {
            Clear();
            return;
        }
        Console.Error.Write($"\r  step {done}/{total} ({100 * frac:F1}%)  elapsed {elapsed:hh\\:mm\\:ss}  ETA {eta:hh\\:mm\\:ss}   ");
        _shown = true;
    }

    public static void Clear()
    {
        if (!_shown) return;
        Console.Error.Write("\r" + new string(' ', 72) + "\r");
        _shown = false;
    }
}
