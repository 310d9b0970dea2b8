namespace Garnetics.Engine.Input;

/// <summary>Supported variable styles (LAMMPS names).</summary>
public enum VariableStyle { Index, Loop, String, Equal, Internal, Format, Getenv }

/// <summary>
/// The deck's variables with LAMMPS semantics: index/loop variables are not redefined when they already exist
/// (so -var wins over the deck), string/equal/internal/format/getenv may be redefined with the same style,
/// equal-style formulas are re-evaluated at each use.
/// </summary>
public sealed class Variables : IExpressionEnvironment
{
    private sealed class Variable
    {
        public required string Name;
        public required VariableStyle Style;
        public List<string> Values = new();   // index
        public int Current;                    // index/loop position (0-based)
        public long LoopFirst, LoopLast;       // loop
        public int PadWidth;                   // loop with pad (0: none)
        public string Text = "";               // string value, equal formula, getenv name, format string
        public string FormatOf = "";           // format: name of the equal-style variable
        public double Internal;                // internal
        public SourceLocation Loc = SourceLocation.None;  // where Text starts (formula error locations)
    }

    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "atom", "vector", "atomfile", "file", "world", "universe", "uloop", "python", "timer",
    };

    private readonly IInterpreterHost _host;
    private readonly Dictionary<string, Variable> _vars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParsedExpression> _parsed = new(StringComparer.Ordinal);
    private readonly List<string> _evaluating = new();

    public Variables(IInterpreterHost host) => _host = host;

    public bool Contains(string name) => _vars.ContainsKey(name);

    public IReadOnlyCollection<string> Names => _vars.Keys;

    /// <summary>Remove a variable; returns false when it did not exist.</summary>
    public bool Delete(string name) => _vars.Remove(name);

    /// <summary>Define an index variable unless it exists (the -var command-line option).</summary>
    public void DefineIndex(string name, IReadOnlyList<string> values, SourceLocation? loc = null)
    {
        loc ??= new SourceLocation("<command line>", 0, 0);
        CheckName(name, loc);
        if (values.Count == 0) throw new GarneticsException($"variable '{name}' needs at least one value", loc, name);
        if (_vars.ContainsKey(name)) return;
        _vars[name] = new Variable { Name = name, Style = VariableStyle.Index, Values = values.ToList(), Loc = loc };
    }

    /// <summary>Set (or create) an internal-style variable: a numeric value set by engine code.</summary>
    public void SetInternal(string name, double value)
    {
        if (_vars.TryGetValue(name, out var v))
        {
            if (v.Style != VariableStyle.Internal)
                throw new GarneticsException($"cannot redefine variable '{name}' ({Style(v)}) as internal-style");
            v.Internal = value;
            return;
        }
        _vars[name] = new Variable { Name = name, Style = VariableStyle.Internal, Internal = value };
    }

    /// <summary>The `variable` command: args are "name style values...".</summary>
    public void Define(CommandArgs args)
    {
        args.Require(2, -1, "name style args...");
        string name = args[0];
        CheckName(name, args.LocationOf(0));
        string style = args[1];
        _vars.TryGetValue(name, out var existing);
        switch (style)
        {
            case "delete":
                args.Require(2);
                _vars.Remove(name);
                return;
            case "index":
                args.Require(3, -1, "name index value1 value2 ...");
                if (existing != null) return;
                _vars[name] = new Variable
                {
                    Name = name, Style = VariableStyle.Index, Loc = args.LocationOf(2),
                    Values = args.Words.Skip(2).Select(w => w.Text).ToList(),
                };
                return;
            case "loop":
            {
                args.Require(3, 5, "name loop N [pad] | name loop N1 N2 [pad]");
                bool pad = args[args.Count - 1] == "pad";
                int nnum = args.Count - 2 - (pad ? 1 : 0);
                if (nnum < 1 || nnum > 2) throw args.Error(args.Count - 1, "loop variable expects N, N pad, N1 N2 or N1 N2 pad");
                long first = 1, last;
                if (nnum == 1)
                {
                    last = args.Long(2, "loop count");
                    if (last < 1) throw args.Error(2, $"loop count must be >= 1, got {last}");
                }
                else
                {
                    first = args.Long(2, "loop start");
                    last = args.Long(3, "loop end");
                    if (first > last) throw args.Error(3, $"loop end {last} is smaller than loop start {first}");
                }
                if (existing != null) return;
                _vars[name] = new Variable
                {
                    Name = name, Style = VariableStyle.Loop, LoopFirst = first, LoopLast = last, Loc = args.LocationOf(2),
                    PadWidth = pad ? last.ToString(CultureInfo.InvariantCulture).Length : 0,
                };
                return;
            }
            case "string":
                args.Require(3, -1, "name string text");
                Redefine(name, VariableStyle.String, existing, args).Text = JoinFrom(args, 2);
                return;
            case "equal":
            {
                args.Require(3, -1, "name equal \"formula\"");
                string text = JoinFrom(args, 2);
                GetParsed(text, args.LocationOf(2));   // syntax check now, with the definition's location
                var v = Redefine(name, VariableStyle.Equal, existing, args);
                v.Text = text;
                v.Loc = args.LocationOf(2);
                return;
            }
            case "internal":
                args.Require(3);
                Redefine(name, VariableStyle.Internal, existing, args).Internal = args.Double(2, "value");
                return;
            case "format":
            {
                args.Require(4, 4, "name format vname fstr");
                string fmt = args[3];
                try { CFormat.Format(fmt, 0.0, requireConversion: true); }
                catch (GarneticsException e) { throw args.Error(3, e.Message); }
                var v = Redefine(name, VariableStyle.Format, existing, args);
                v.FormatOf = args[2];
                v.Text = fmt;
                v.Loc = args.LocationOf(2);
                return;
            }
            case "getenv":
                args.Require(3);
                Redefine(name, VariableStyle.Getenv, existing, args).Text = args[2];
                return;
            default:
                if (Unsupported.Contains(style))
                    throw args.Error(1, $"variable style '{style}' is not supported by Garnetics");
                throw args.Error(1, $"unknown variable style '{style}' (expected index, loop, string, equal, internal, format, getenv or delete)");
        }
    }

    private Variable Redefine(string name, VariableStyle style, Variable? existing, CommandArgs args)
    {
        if (existing == null)
        {
            var v = new Variable { Name = name, Style = style, Loc = args.LocationOf(2) };
            _vars[name] = v;
            return v;
        }
        if (existing.Style != style)
            throw args.Error(0, $"cannot redefine variable '{name}' ({Style(existing)}) as {style.ToString().ToLowerInvariant()}-style");
        return existing;
    }

    private static string Style(Variable v) => v.Style.ToString().ToLowerInvariant() + "-style";

    private static string JoinFrom(CommandArgs args, int i) => string.Join(" ", args.Words.Skip(i).Select(w => w.Text));

    private static void CheckName(string name, SourceLocation loc)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            throw new GarneticsException($"invalid variable name '{name}': use letters, digits and underscores", loc, name);
    }

    /// <summary>
    /// The `next` command: advance each variable; an exhausted variable is deleted. Returns true when any
    /// variable was exhausted (the interpreter then skips the next jump).
    /// </summary>
    public bool Next(CommandArgs args)
    {
        args.Require(1, -1, "name1 name2 ...");
        bool exhausted = false;
        VariableStyle? first = null;
        for (int i = 0; i < args.Count; i++)
        {
            if (!_vars.TryGetValue(args[i], out var v))
                throw args.Error(i, $"undefined variable '{args[i]}' in next command");
            if (v.Style is not (VariableStyle.Index or VariableStyle.Loop))
                throw args.Error(i, $"next cannot advance {Style(v)} variable '{v.Name}' (only index and loop)");
            if (first != null && first != v.Style)
                throw args.Error(i, "all variables in a next command must have the same style");
            first = v.Style;
        }
        for (int i = 0; i < args.Count; i++)
        {
            if (!_vars.TryGetValue(args[i], out var v)) continue;   // named twice and already removed
            v.Current++;
            long count = v.Style == VariableStyle.Index ? v.Values.Count : v.LoopLast - v.LoopFirst + 1;
            if (v.Current >= count)
            {
                _vars.Remove(v.Name);
                exhausted = true;
            }
        }
        return exhausted;
    }

    /// <summary>
    /// Numeric value of a variable (equal-style formulas are evaluated now). Returns false when the variable
    /// does not exist; an evaluation error (bad formula, unknown keyword) is a <see cref="GarneticsException"/>.
    /// </summary>
    public bool TryGetVariableValue(string name, out double value)
    {
        if (!_vars.ContainsKey(name))
        {
            value = 0;
            return false;
        }
        value = VariableValue(name, SourceLocation.None);
        return true;
    }

    /// <summary>
    /// The text a variable substitutes to ($x, ${name}); equal-style values are formatted "%.15g".
    /// Null when the variable does not exist.
    /// </summary>
    public string? GetVariableString(string name) => GetVariableString(name, SourceLocation.None);

    internal string? GetVariableString(string name, SourceLocation loc)
    {
        if (!_vars.TryGetValue(name, out var v)) return null;
        switch (v.Style)
        {
            case VariableStyle.Index: return v.Values[v.Current];
            case VariableStyle.Loop:
            {
                string s = (v.LoopFirst + v.Current).ToString(CultureInfo.InvariantCulture);
                return v.PadWidth > 0 ? s.PadLeft(v.PadWidth, '0') : s;
            }
            case VariableStyle.String: return v.Text;
            case VariableStyle.Getenv: return Environment.GetEnvironmentVariable(v.Text) ?? "";
            case VariableStyle.Internal: return CFormat.G15(v.Internal);
            case VariableStyle.Equal: return CFormat.G15(EvaluateVariable(v, loc));
            case VariableStyle.Format:
            {
                if (!_vars.TryGetValue(v.FormatOf, out var target))
                    throw new GarneticsException($"format variable '{name}' refers to undefined variable '{v.FormatOf}'", v.Loc, v.FormatOf);
                if (target.Style is not (VariableStyle.Equal or VariableStyle.Internal))
                    throw new GarneticsException($"format variable '{name}' needs an equal-style variable, '{v.FormatOf}' is {Style(target)}", v.Loc, v.FormatOf);
                return CFormat.Format(v.Text, VariableValue(v.FormatOf, loc), requireConversion: true);
            }
            default: throw new InvalidOperationException();
        }
    }

    /// <summary>Evaluate an equal-style expression. <paramref name="loc"/> is where its first character is.</summary>
    public double Evaluate(string expression, SourceLocation? loc = null)
    {
        loc ??= new SourceLocation("<expression>", 0, 0);
        return GetParsed(expression, loc).Evaluate(this, loc);
    }

    private ParsedExpression GetParsed(string text, SourceLocation loc)
    {
        if (_parsed.TryGetValue(text, out var p)) return p;
        p = ExpressionParser.ParseExpression(text, loc);
        _parsed[text] = p;
        return p;
    }

    private double EvaluateVariable(Variable v, SourceLocation useLoc)
    {
        if (_evaluating.Contains(v.Name))
            throw new GarneticsException(
                $"variable '{v.Name}' refers to itself ({string.Join(" -> ", _evaluating.Append(v.Name))})", useLoc, v.Name);
        _evaluating.Add(v.Name);
        try
        {
            return GetParsed(v.Text, v.Loc).Evaluate(this, v.Loc);
        }
        finally
        {
            _evaluating.RemoveAt(_evaluating.Count - 1);
        }
    }

    /// <inheritdoc />
    public double VariableValue(string name, SourceLocation loc)
    {
        if (!_vars.TryGetValue(name, out var v))
            throw new GarneticsException($"undefined variable '{name}'", loc, "v_" + name);
        switch (v.Style)
        {
            case VariableStyle.Equal: return EvaluateVariable(v, loc);
            case VariableStyle.Internal: return v.Internal;
        }
        string s = GetVariableString(name, loc)!;
        if (CommandArgs.TryParseDouble(s.Trim(), out double d)) return d;
        // LAMMPS evaluates the text of a string-like variable as a formula
        if (_evaluating.Contains(v.Name))
            throw new GarneticsException($"variable '{v.Name}' refers to itself", loc, v.Name);
        _evaluating.Add(v.Name);
        try
        {
            return GetParsed(s, v.Loc).Evaluate(this, v.Loc);
        }
        catch (GarneticsException e)
        {
            throw new GarneticsException($"{Style(v)} variable '{name}' = '{s}' is not a number: {e.Message}", loc, "v_" + name, e);
        }
        finally
        {
            _evaluating.RemoveAt(_evaluating.Count - 1);
        }
    }

    bool IExpressionEnvironment.TryKeyword(string name, SourceLocation loc, out double value) =>
        _host.TryEvaluateKeyword(name, loc, out value);

    bool IExpressionEnvironment.TryGroupFunction(string function, IReadOnlyList<string> args, SourceLocation loc, out double value) =>
        _host.TryEvaluateGroupFunction(function, args, loc, out value);
}
