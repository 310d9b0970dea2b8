namespace Garnetics.Engine.Input;

/// <summary>Where commands are echoed (the `echo` command). LAMMPS default: log.</summary>
public enum EchoMode { None, Screen, Log, Both }

/// <summary>
/// The deck interpreter: reads LAMMPS-style input (continuation lines, comments, quotes), substitutes variables
/// ($x, ${name}, $(expr), $(expr:fmt)), splits commands into words, runs flow control (variable, next, jump,
/// label, if, include, print, clear, quit, echo) itself and forwards every other command to the host.
/// </summary>
public sealed class Interpreter : IVariableProvider
{
    private sealed class Frame(LineSource source)
    {
        public LineSource Source = source;
        public string? SearchLabel;
        public SourceLocation? JumpLocation;
    }

    private sealed class QuitSignal(int code) : Exception("quit")
    {
        public int Code { get; } = code;
    }

    private readonly IInterpreterHost _host;
    private readonly List<Frame> _frames = new();
    private bool _skipNextJump;

    public Interpreter(IInterpreterHost host)
    {
        _host = host ?? throw new ArgumentNullException(nameof(host));
        Variables = new Variables(host);
    }

    public Variables Variables { get; }

    /// <summary>Where each command line is echoed before it runs (default: log, as in LAMMPS).</summary>
    public EchoMode Echo { get; set; } = EchoMode.Log;

    /// <summary>Maximum nesting of include files (protects against an include loop).</summary>
    public int MaxIncludeDepth { get; set; } = 100;

    /// <summary>True after a `quit` command; further Run calls do nothing.</summary>
    public bool QuitRequested { get; private set; }

    /// <summary>The exit code given to `quit` (0 if none).</summary>
    public int ExitCode { get; private set; }

    /// <summary>True when the next `jump` will be skipped (a `next` exhausted a variable).</summary>
    public bool SkipNextJump => _skipNextJump;

    /// <summary>The -var option: an index variable defined before the deck, which the deck cannot redefine.</summary>
    public void DefineCommandLineVariable(string name, IReadOnlyList<string> values) =>
        Variables.DefineIndex(name, values, new SourceLocation("<command line>", 0, 0, $"-var {name} {string.Join(" ", values)}"));

    /// <summary>Run a deck file. A missing file is a <see cref="GarneticsException"/>.</summary>
    public void RunFile(string path) => RunTop(() => LineSource.Open(path, "input file", rewindable: true));

    /// <summary>Run a deck from a reader (e.g. stdin); lines are buffered so jump SELF works.</summary>
    public void Run(TextReader reader, string name = "<stdin>") => RunTop(() => LineSource.FromReader(reader, name));

    /// <summary>Run deck text held in a string.</summary>
    public void RunString(string text, string name = "<string>") => RunTop(() => LineSource.FromString(text, name));

    /// <summary>Evaluate an equal-style expression (v_name, thermo keywords, functions...).</summary>
    public double EvaluateExpression(string expression, SourceLocation? loc = null) =>
        Variables.Evaluate(expression, loc);

    /// <inheritdoc cref="Input.Variables.TryGetVariableValue"/>
    public bool TryGetVariableValue(string name, out double value) => Variables.TryGetVariableValue(name, out value);

    /// <inheritdoc cref="Input.Variables.GetVariableString(string)"/>
    public string? GetVariableString(string name) => Variables.GetVariableString(name);

    /// <summary>
    /// Substitute $x, ${name} and $(expr) in text (outside quotes), as done for each command line; for
    /// commands that substitute their own text later (fix print, run every).
    /// </summary>
    public string Substitute(string text, SourceLocation? loc = null) =>
        Substitute(LocatedText.FromString(text, loc ?? new SourceLocation("<text>", 0, 0, text))).Text;

    private void RunTop(Func<LineSource> open)
    {
        if (QuitRequested) return;
        var src = open();
        try
        {
            RunFrame(new Frame(src));
        }
        catch (QuitSignal q)
        {
            QuitRequested = true;
            ExitCode = q.Code;
        }
    }

    private void RunFrame(Frame frame)
    {
        _frames.Add(frame);
        try
        {
            while (true)
            {
                var line = frame.Source.ReadLogicalLine();
                if (line == null)
                {
                    if (frame.SearchLabel != null)
                        throw new GarneticsException(
                            $"label '{frame.SearchLabel}' not found in '{frame.Source.FileName}' (jump target)",
                            frame.JumpLocation, frame.SearchLabel);
                    return;
                }
                ExecuteLine(line, frame);
            }
        }
        finally
        {
            _frames.RemoveAt(_frames.Count - 1);
            frame.Source.Dispose();
        }
    }

    /// <summary>Execute one logical line. <paramref name="frame"/> is null for commands run by `if`.</summary>
    private void ExecuteLine(LocatedText line, Frame? frame)
    {
        int hash = QuoteState.FindComment(line.Text, out _);
        var code = hash >= 0 ? line.Slice(0, hash) : line;

        if (frame?.SearchLabel != null)
        {
            // Looking for a label: no substitution (variables used earlier may not exist yet)
            List<Token> words;
            try { words = WordSplitter.Split(code); }
            catch (GarneticsException) { return; }
            if (words.Count >= 2 && words[0].Text == "label" && words[1].Text == frame.SearchLabel)
                frame.SearchLabel = null;
            return;
        }

        if (line.Text.Trim().Length > 0) EchoText(line.Text);
        var substituted = Substitute(code);
        if (substituted.Text != code.Text) EchoText(substituted.Text);
        var tokens = WordSplitter.Split(substituted);
        if (tokens.Count == 0) return;
        Dispatch(tokens);
    }

    private void EchoText(string text)
    {
        if (Echo == EchoMode.None) return;
        _host.Print(text, screen: Echo is EchoMode.Screen or EchoMode.Both, log: Echo is EchoMode.Log or EchoMode.Both);
    }

    private void Dispatch(List<Token> tokens)
    {
        string command = tokens[0].Text;
        var args = new CommandArgs(command, tokens.Skip(1).Select(t => t.Word).ToList(), tokens[0].Location);
        switch (command)
        {
            case "variable":
                Variables.Define(args);
                return;
            case "next":
                if (Variables.Next(args)) _skipNextJump = true;
                return;
            case "jump":
                Jump(args);
                return;
            case "label":
                args.Require(1, 1, "ID");
                return;
            case "if":
                If(tokens, args);
                return;
            case "include":
            {
                args.Require(1, 1, "file");
                if (_frames.Count >= MaxIncludeDepth)
                    throw args.Error(0, $"include files nested more than {MaxIncludeDepth} deep (include loop?)");
                var src = LineSource.Open(args[0], "input file", args.LocationOf(0), CurrentDirectory(), rewindable: true);
                RunFrame(new Frame(src));
                return;
            }
            case "print":
                Print(tokens, args);
                return;
            case "clear":
                args.Require(0);
                _host.Clear();
                return;
            case "quit":
                args.Require(0, 1, "[exit-code]");
                throw new QuitSignal(args.Count == 1 ? args.Int(0, "exit code") : 0);
            case "echo":
            {
                args.Require(1, 1, "none|screen|log|both");
                Echo = args.Choice(0, "none", "screen", "log", "both") switch
                {
                    "none" => EchoMode.None,
                    "screen" => EchoMode.Screen,
                    "log" => EchoMode.Log,
                    _ => EchoMode.Both,
                };
                return;
            }
            case "shell":
                Shell(args);
                return;
            default:
                try
                {
                    _host.ExecuteCommand(args);
                }
                catch (GarneticsException e) when (e.Location == null)
                {
                    e.Location = args.Location;
                    throw;
                }
                return;
        }
    }

    /// <summary>
    /// LAMMPS's `shell`: mkdir, rmdir, rm, mv, cd and putenv are done here (on every platform); anything else is run by
    /// /bin/sh with the rest of the line. As in LAMMPS, a failure is a warning, not an error.
    /// </summary>
    private void Shell(CommandArgs args)
    {
        args.Require(1, -1, "cmd [args ...]");
        var words = Enumerable.Range(0, args.Count).Select(i => args[i]).ToList();
        void Warn(string what) => _host.Print($"WARNING: shell {words[0]}: {what} ({args.Location})");
        try
        {
            switch (words[0])
            {
                case "mkdir":
                    args.Require(2, -1, "mkdir dir1 [dir2 ...]");
                    foreach (var d in words.Skip(1)) Directory.CreateDirectory(d);
                    return;
                case "rmdir":
                    args.Require(2, -1, "rmdir dir1 [dir2 ...]");
                    foreach (var d in words.Skip(1))
                        if (Directory.Exists(d)) Directory.Delete(d, recursive: true); else Warn($"no folder '{d}'");
                    return;
                case "rm":
                    args.Require(2, -1, "rm file1 [file2 ...]");
                    foreach (var f in words.Skip(1))
                        if (File.Exists(f)) File.Delete(f); else Warn($"no file '{f}'");
                    return;
                case "mv":
                    args.Require(3, 3, "mv old new");
                    if (Directory.Exists(words[2])) File.Move(words[1], Path.Combine(words[2], Path.GetFileName(words[1])), overwrite: true);
                    else File.Move(words[1], words[2], overwrite: true);
                    return;
                case "cd":
                    args.Require(2, 2, "cd dir");
                    Directory.SetCurrentDirectory(words[1]);
                    return;
                case "putenv":
                    args.Require(2, -1, "putenv VAR=value ...");
                    foreach (var kv in words.Skip(1))
                    {
                        int eq = kv.IndexOf('=');
                        if (eq <= 0) Environment.SetEnvironmentVariable(kv, "");
                        else Environment.SetEnvironmentVariable(kv[..eq], kv[(eq + 1)..]);
                    }
                    return;
            }
            var psi = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(string.Join(' ', words));
            using var p = System.Diagnostics.Process.Start(psi) ?? throw new IOException("could not start /bin/sh");
            p.WaitForExit();
            if (p.ExitCode != 0) Warn($"returned exit status {p.ExitCode}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or ArgumentException)
        {
            Warn(e.Message);
        }
    }

    private string? CurrentDirectory() => _frames.Count > 0 ? _frames[^1].Source.Directory : null;

    private void Jump(CommandArgs args)
    {
        args.Require(1, 2, "SELF|file [label]");
        if (_skipNextJump)
        {
            _skipNextJump = false;
            return;
        }
        if (_frames.Count == 0) throw args.Error("jump can only be used while reading an input");
        var frame = _frames[^1];
        if (args[0] == "SELF") frame.Source.Rewind();
        else
        {
            var previous = frame.Source;
            frame.Source = LineSource.Open(args[0], "input file", args.LocationOf(0), previous.Directory, rewindable: true);
            previous.Dispose();
        }
        if (args.Count == 2)
        {
            frame.SearchLabel = args[1];
            frame.JumpLocation = args.LocationOf(1);
        }
    }

    private static bool IsWord(Token t, string s) => t.Text == s;

    private void If(List<Token> tokens, CommandArgs args)
    {
        // if cond then cmd... [elif cond cmd...]... [else cmd...]
        if (tokens.Count < 3 || !IsWord(tokens[2], "then"))
            throw tokens.Count < 3
                ? args.Error("usage: if \"condition\" then \"command\" ... [elif \"condition\" \"command\" ...] [else \"command\" ...]")
                : args.Error(1, $"expected 'then' after the if condition, got '{tokens[2].Text}'");
        var branches = new List<(Token? cond, List<Token> cmds)> { (tokens[1], new List<Token>()) };
        bool sawElse = false;
        for (int i = 3; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (IsWord(t, "elif"))
            {
                if (sawElse) throw args.Error(i - 1, "'elif' after 'else' in if command");
                if (i + 1 >= tokens.Count) throw args.Error(i - 1, "'elif' needs a condition");
                branches.Add((tokens[i + 1], new List<Token>()));
                i++;
            }
            else if (IsWord(t, "else"))
            {
                if (sawElse) throw args.Error(i - 1, "more than one 'else' in if command");
                sawElse = true;
                branches.Add((null, new List<Token>()));
            }
            else branches[^1].cmds.Add(t);
        }
        foreach (var (cond, cmds) in branches)
        {
            if (cond != null)
            {
                var text = Substitute(cond.Content);
                if (!BooleanExpression.Evaluate(text.Text, cond.Location, Variables)) continue;
            }
            foreach (var cmd in cmds) ExecuteLine(cmd.Content, null);
            return;
        }
    }

    private static readonly HashSet<string> PrintKeywords = new() { "screen", "file", "append", "universe" };

    private void Print(List<Token> tokens, CommandArgs args)
    {
        args.Require(1, -1, "\"text\" [screen yes|no] [file name] [append name] [universe yes|no]");
        int i = 1;
        var parts = new List<string>();
        while (i < tokens.Count && (i == 1 || tokens[i].Quoted || !PrintKeywords.Contains(tokens[i].Text)))
        {
            // quoted text is substituted now (unquoted words already were when the line was read)
            parts.Add(tokens[i].Quoted ? Substitute(tokens[i].Content).Text : tokens[i].Text);
            i++;
        }
        string text = string.Join(" ", parts);
        bool screen = true;
        string? file = null;
        bool append = false;
        for (; i < tokens.Count; i += 2)
        {
            int a = i - 1;   // index in args
            string kw = args[a];
            if (!PrintKeywords.Contains(kw))
                throw args.Error(a, $"unknown print keyword '{kw}' (expected screen, file, append or universe; quote text with spaces)");
            if (a + 1 >= args.Count) throw args.Error(a, $"print keyword '{kw}' needs a value");
            switch (kw)
            {
                case "screen": screen = args.YesNo(a + 1, "screen"); break;
                case "universe": args.YesNo(a + 1, "universe"); break;
                case "file": file = args[a + 1]; append = false; break;
                case "append": file = args[a + 1]; append = true; break;
            }
        }
        _host.Print(text, screen, log: true);
        if (file != null)
        {
            try
            {
                if (append) File.AppendAllText(file, text + "\n");
                else File.WriteAllText(file, text + "\n");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new GarneticsException($"print cannot write file '{file}': {e.Message}", args.Location, file, e);
            }
        }
    }

    /// <summary>
    /// $x, ${name}, $(expr) and $(expr:format) substitution outside quotes. Substituted characters take the
    /// location of their '$'.
    /// </summary>
    private LocatedText Substitute(LocatedText src)
    {
        string s = src.Text;
        if (!s.Contains('$')) return src;
        var b = new LocatedText.Builder(src.File);
        var q = new QuoteState();
        int i = 0;
        while (i < s.Length)
        {
            if (q.Inside || s[i] != '$')
            {
                int n = Math.Max(q.Step(s, i), 1);
                b.Append(src, i, n);
                i += n;
                continue;
            }
            var at = src.PosAt(i);
            var loc = src.LocAt(i);
            if (i + 1 >= s.Length || char.IsWhiteSpace(s[i + 1]))
                throw new GarneticsException("'$' must be followed by a variable name, {name} or (expression)", loc, "$");
            char c = s[i + 1];
            if (c == '{')
            {
                int close = s.IndexOf('}', i + 2);
                if (close < 0) throw new GarneticsException("missing '}' in variable reference", loc, s[i..]);
                string name = s[(i + 2)..close];
                b.Append(Lookup(name, loc, s[i..(close + 1)]), at);
                i = close + 1;
            }
            else if (c == '(')
            {
                int depth = 0, close = -1;
                for (int k = i + 1; k < s.Length; k++)
                {
                    if (s[k] == '(') depth++;
                    else if (s[k] == ')' && --depth == 0)
                    {
                        close = k;
                        break;
                    }
                }
                if (close < 0) throw new GarneticsException("missing ')' in immediate variable $(...)", loc, s[i..]);
                // ${name} and $x inside $(...) are substituted first
                string expr = Substitute(src.Slice(i + 2, close - i - 2)).Text;
                string? fmt = null;
                int colon = expr.LastIndexOf(':');
                if (colon >= 0 && expr.IndexOf('%', colon) > colon)
                {
                    fmt = expr[(colon + 1)..];
                    expr = expr[..colon];
                }
                double v = Variables.Evaluate(expr, src.LocAt(i + 2));
                string value;
                try
                {
                    value = CFormat.Format(fmt ?? "%.20g", v, requireConversion: true);
                }
                catch (GarneticsException e)
                {
                    throw new GarneticsException($"bad format in immediate variable: {e.Message}", src.LocAt(i + 3 + colon), fmt);
                }
                b.Append(value, at);
                i = close + 1;
            }
            else
            {
                b.Append(Lookup(c.ToString(), loc, s.Substring(i, 2)), at);
                i += 2;
            }
        }
        return b.Build(src.PosAt(s.Length));
    }

    private string Lookup(string name, SourceLocation loc, string reference)
    {
        if (name.Length == 0) throw new GarneticsException("empty variable name in ${}", loc, reference);
        return Variables.GetVariableString(name, loc)
               ?? throw new GarneticsException($"undefined variable '{name}' (in {reference})", loc, reference);
    }
}
