namespace Garnetics.Engine.Input;

/// <summary>Syntax and help of the commands the interpreter itself handles (flow control and variables).</summary>
public static class InterpreterHelp
{
    public static readonly IReadOnlyDictionary<string, (string Syntax, string Help)> Commands = new Dictionary<string, (string, string)>
    {
        ["variable"] = ("variable name index|loop|string|equal|format|getenv|internal|delete args",
            "Define a variable. index: a list of strings advanced by next; loop N | N1 N2 [pad]: integers; string: one string (redefinable); " +
            "equal: a formula re-evaluated at every use (numbers, PI, + - * / % ^ (left-associative, like LAMMPS), unary - and !, comparisons, && || |^, " +
            "sqrt exp ln log abs sin cos tan asin acos atan atan2 ceil floor round ternary random(lo,hi,seed) normal(mu,sigma,seed) with LAMMPS's RanMars, " +
            "thermo keywords, c_ID, c_ID[i], f_ID, f_ID[i], v_name, count(group), mass(group)); format: an equal-style variable printed with a C format; " +
            "getenv: an environment variable; internal: a number set by commands. index and loop variables are not redefined if they exist (so -var " +
            "overrides a deck's default). Use $x, ${name} or $(formula[:format]) to substitute."),
        ["next"] = ("next name1 [name2 ...]",
            "Advance index/loop variables to their next value; when one is exhausted it is deleted and the next jump command is skipped, ending a loop."),
        ["jump"] = ("jump SELF|file [label]",
            "Continue reading from the start of a file (SELF: the current one), or from the line after `label`."),
        ["label"] = ("label name", "Mark a position in a deck for jump."),
        ["if"] = ("if \"condition\" then \"cmd\" ... [elif \"condition\" \"cmd\" ...] [else \"cmd\" ...]",
            "Run quoted commands depending on a boolean: numbers compared numerically, words compared as strings with == and !=, combined with && || !."),
        ["include"] = ("include file", "Read commands from another file, then continue after the include line."),
        ["print"] = ("print \"text\" [file f | append f] [screen yes|no]",
            "Print text (with variables substituted when it runs) to the screen and log, and optionally to a file."),
        ["clear"] = ("clear", "Delete the box, atoms, styles, fixes, computes and settings; variables are kept (as in LAMMPS)."),
        ["quit"] = ("quit [exit-code]", "Stop reading the deck and exit with the given code (default 0)."),
        ["shell"] = ("shell cmd [args ...]",
            "Run a shell command: mkdir dir... (parents too), rmdir dir... (with contents), rm file..., mv old new, cd dir and putenv VAR=value... are " +
            "done by Garnetics itself; any other command line is run by /bin/sh. A failure prints a warning and the deck goes on, as in LAMMPS."),
        ["echo"] = ("echo none|screen|log|both", "Echo each deck command to the screen and/or log before it runs (default log)."),
    };
}
