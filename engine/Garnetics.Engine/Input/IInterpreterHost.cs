namespace Garnetics.Engine.Input;

/// <summary>
/// What the deck interpreter needs from the engine: run a command, evaluate thermo keywords and compute/fix
/// references inside equal-style expressions, and write text to the screen and log.
/// </summary>
public interface IInterpreterHost
{
    /// <summary>Execute one engine command (anything that is not interpreter flow control).</summary>
    void ExecuteCommand(CommandArgs args);

    /// <summary>
    /// Value of a thermo keyword (step, temp, pe, ...) or reference (c_ID, c_ID[i], f_ID, f_ID[i]) for an
    /// equal-style variable. Returns false when the name is unknown.
    /// </summary>
    bool TryEvaluateKeyword(string name, SourceLocation loc, out double value);

    /// <summary>Group-function support (count(group), mass(group), ...). Returns false when unknown.</summary>
    bool TryEvaluateGroupFunction(string function, IReadOnlyList<string> args, SourceLocation loc, out double value);

    /// <summary>Print a line to the screen and the log (the print command and echo).</summary>
    void Print(string text, bool screen = true, bool log = true);

    /// <summary>The `clear` command: reset the simulation state (variables survive, as in LAMMPS).</summary>
    void Clear();
}

/// <summary>Access to deck variables for engine code (thermo v_name keywords, fixes taking v_ arguments).</summary>
public interface IVariableProvider
{
    bool TryGetVariableValue(string name, out double value);
    string? GetVariableString(string name);
    double EvaluateExpression(string expression, SourceLocation? location = null);
    /// <summary>$x, ${name}, $(expr) substitution of text (fix print substitutes its text each time it prints).</summary>
    string Substitute(string text, SourceLocation? loc = null);
}
