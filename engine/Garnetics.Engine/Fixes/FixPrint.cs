namespace Garnetics.Engine.Fixes;

[FixStyle("print", Syntax = "fix ID group print N \"text\" [file F | append F] [screen yes|no] [title T]",
    Help = """
        Every N steps (at the end of the step, and at a run's set-up when the step is a multiple of N) print the text
        after substituting variables in it then ($x, ${name}, $(expr), $(expr:format); quote the text so the deck does
        not substitute it when the command is read). screen yes (default) writes it to the screen and log; file F
        truncates F and writes the title line first (default '# Fix print output for fix ID'), append F appends to F (no
        title); each printed text is one line of the file, as LAMMPS fix print. The group is ignored.
        """)]
public sealed class FixPrint : Fix
{
    private int _nevery;
    private string _text = "";
    private SourceLocation _textLoc = SourceLocation.None;
    private string? _file;
    private bool _screen = true;

    public override int NEvery => _nevery;

    public override void Configure(CommandArgs args)
    {
        if (args.Count < 2) throw args.Error("fix print needs N and the text");
        if (args[0].StartsWith("v_", StringComparison.Ordinal)) throw args.Error(0, "fix print with a variable period (v_name) is not supported; give N");
        _nevery = args.Int(0, "N");
        if (_nevery <= 0) throw args.Error(0, "fix print N must be > 0");
        _text = args[1];
        _textLoc = args.LocationOf(1);
        string? title = null;
        bool append = false;
        for (int i = 2; i < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "file": _file = args.Str(i + 1, "file name"); append = false; break;
                case "append": _file = args.Str(i + 1, "file name"); append = true; break;
                case "screen": _screen = args.YesNo(i + 1, "screen"); break;
                case "title": title = args.Str(i + 1, "title"); break;
                default: throw args.Error(i, $"unknown fix print keyword '{args[i]}' (expected file, append, screen, title; quote text with spaces)");
            }
        }
        if (_file == null || Sim.Comm.Rank != 0) return;
        _file = Path.GetFullPath(_file);
        try
        {
            if (!append) File.WriteAllText(_file, (title ?? $"# Fix print output for fix {Id}") + "\n");
            else File.AppendAllText(_file, "");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"fix print cannot write file '{_file}': {e.Message}", args.Location, _file, e);
        }
    }

    public override void Setup()
    {
        if (Sim.Step % _nevery == 0) EndOfStep();
    }

    public override void EndOfStep()
    {
        Sim.ClearStepComputes();
        string text = Sim.Variables != null ? Sim.Variables.Substitute(_text, _textLoc) : _text;
        if (_screen) Sim.Print(text);
        if (_file != null && Sim.Comm.Rank == 0)
        {
            try { File.AppendAllText(_file, text + "\n"); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new GarneticsException($"fix {Id} print cannot write file '{_file}': {e.Message}", Location, _file, e);
            }
        }
    }
}
