namespace Garnetics.Engine.IO;

/// <summary>A whitespace-separated word of a line with its 1-based column.</summary>
public readonly record struct Token(string Text, int Column);

/// <summary>
/// The one line reader of Garnetics: lines of a text input (a file, a string or a stream such as stdin) with the
/// number and text of the current line, so that every error names the file, line, column and what was expected.
/// Used by the deck interpreter and by every reader of input files (LAMMPS data and dump files, extended XYZ,
/// POSCAR, CIF, NEP models). A rewindable source keeps the lines it has read, so that <c>jump SELF</c> can rewind a
/// stream.
/// </summary>
public sealed class LineSource : IDisposable
{
    private TextReader? _reader;
    private readonly bool _ownsReader;
    private readonly List<string>? _kept; // every line read so far (rewindable sources)
    private int _keptNext;                // index in _kept of the next line
    private string? _pushedBack;
    private bool _hasPushedBack;

    /// <summary>Name used in locations: the file path as given, or e.g. "&lt;stdin&gt;".</summary>
    public string FileName { get; }
    /// <summary>Directory of the file (null for strings and streams), for resolving relative include/jump paths.</summary>
    public string? Directory { get; }
    /// <summary>1-based number of the line most recently returned by <see cref="Next"/> (0 before the first).</summary>
    public int LineNumber { get; private set; }
    /// <summary>Text of the line most recently returned (null at end of input).</summary>
    public string? Current { get; private set; }

    private LineSource(TextReader reader, bool ownsReader, string fileName, string? directory, bool rewindable)
    {
        _reader = reader;
        _ownsReader = ownsReader;
        FileName = fileName;
        Directory = directory;
        if (rewindable) _kept = [];
    }

    /// <summary>
    /// Open a text file. <paramref name="what"/> names it in errors ("cannot open input file 'x': file not found");
    /// <paramref name="requestedAt"/> is where the deck asked for it; a relative path not found from the working
    /// directory is looked up in <paramref name="searchDirectory"/> (the including deck's directory). Locations keep
    /// the path as given.
    /// </summary>
    public static LineSource Open(string path, string what = "file", SourceLocation? requestedAt = null,
        string? searchDirectory = null, bool rewindable = false)
    {
        string resolved = path;
        if (searchDirectory != null && !string.IsNullOrWhiteSpace(path) && !File.Exists(path) && !Path.IsPathRooted(path))
        {
            var alt = Path.Combine(searchDirectory, path);
            if (File.Exists(alt)) resolved = alt;
        }
        CheckReadable(resolved, what, requestedAt, path);
        try
        {
            return new LineSource(new StreamReader(resolved), true, path, Path.GetDirectoryName(Path.GetFullPath(resolved)), rewindable);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"cannot open {what} '{path}': {e.Message}", requestedAt ?? new SourceLocation(path, 0, 0),
                requestedAt != null ? path : null, e);
        }
    }

    /// <summary>The lines of a string (rewindable).</summary>
    public static LineSource FromString(string text, string name) => new(new StringReader(text), true, name, null, true);

    /// <summary>The lines of a stream that the caller owns, e.g. stdin (rewindable: lines are kept as they are read).</summary>
    public static LineSource FromReader(TextReader reader, string name) => new(reader, false, name, null, true);

    /// <summary>Every line of a text file (readers that need random access, e.g. CIF text fields).</summary>
    public static string[] ReadAllLines(string path, string what = "file", SourceLocation? requestedAt = null)
    {
        using var src = Open(path, what, requestedAt);
        var lines = new List<string>();
        while (src.Next() is { } l) lines.Add(l);
        return [.. lines];
    }

    /// <summary>
    /// A <see cref="GarneticsException"/> unless <paramref name="path"/> names a readable file (not a directory).
    /// <paramref name="shownPath"/> is the path as the user gave it, when it was resolved against a directory.
    /// </summary>
    public static void CheckReadable(string path, string what = "file", SourceLocation? requestedAt = null, string? shownPath = null)
    {
        shownPath ??= path;
        if (string.IsNullOrWhiteSpace(path))
            throw new GarneticsException($"no {what} name given", requestedAt);
        SourceLocation loc = requestedAt ?? new SourceLocation(shownPath, 0, 0);
        string? offending = requestedAt != null ? shownPath : null;
        if (System.IO.Directory.Exists(path))
            throw new GarneticsException($"cannot open {what} '{shownPath}': it is a directory", loc, offending);
        if (!File.Exists(path))
            throw new GarneticsException($"cannot open {what} '{shownPath}': file not found", loc, offending);
    }

    /// <summary>Next line, or null at end of input.</summary>
    public string? Next()
    {
        string? line;
        if (_hasPushedBack)
        {
            _hasPushedBack = false;
            line = _pushedBack;
        }
        else if (_kept != null && _keptNext < _kept.Count) line = _kept[_keptNext++];
        else
        {
            line = ReadFromReader();
            if (line != null && _kept != null)
            {
                _kept.Add(line);
                _keptNext++;
            }
        }
        Current = line;
        if (line != null) LineNumber++;
        return line;
    }

    /// <summary>Next line that is not blank (whitespace only), or null at end of input.</summary>
    public string? NextNonBlank()
    {
        string? line;
        do line = Next(); while (line != null && line.Trim().Length == 0);
        return line;
    }

    private string? ReadFromReader()
    {
        if (_reader == null) return null;
        string? line;
        try
        {
            line = _reader.ReadLine();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"cannot read '{FileName}' after line {LineNumber}: {e.Message}",
                new SourceLocation(FileName, LineNumber, 0), inner: e);
        }
        if (line == null)
        {
            if (_ownsReader) _reader.Dispose();
            _reader = null;
        }
        return line;
    }

    /// <summary>Give the current line back so that the next <see cref="Next"/> returns it again.</summary>
    public void PushBack()
    {
        if (Current == null) return;
        _pushedBack = Current;
        _hasPushedBack = true;
        LineNumber--;
    }

    /// <summary>Start again from the first line (rewindable sources only).</summary>
    public void Rewind()
    {
        if (_kept == null) throw new InvalidOperationException($"line source '{FileName}' cannot be rewound");
        _keptNext = 0;
        _hasPushedBack = false;
        LineNumber = 0;
        Current = null;
    }

    /// <summary>Next line or an "unexpected end of file" error naming what was expected.</summary>
    public string Require(string expected) => Next() ?? throw EndOfFile(expected);

    public SourceLocation Here(int column = 0) => new(FileName, LineNumber, column, Current);

    public GarneticsException Error(string message, int column = 0, string? offending = null) =>
        new(message, Here(column), offending);

    public GarneticsException Error(string message, Token token) => new(message, Here(token.Column), token.Text);

    public GarneticsException EndOfFile(string expected) =>
        new($"unexpected end of file after line {LineNumber}: expected {expected}",
            new SourceLocation(FileName, Math.Max(LineNumber, 1), 0, null));

    /// <summary>A token as a finite floating-point number, or an error at its column naming what was expected.</summary>
    public double Double(Token t, string what)
    {
        if (!IoUtil.TryParseDouble(t.Text, out var v))
            throw Error($"bad number '{t.Text}': expected {what} (a finite floating-point number)", t);
        return v;
    }

    /// <summary>A token as an integer, or an error at its column naming what was expected.</summary>
    public int Int(Token t, string what)
    {
        if (!IoUtil.TryParseInt(t.Text, out var v))
            throw Error($"bad number '{t.Text}': expected {what} (an integer)", t);
        return v;
    }

    /// <summary>Split a line into whitespace-separated tokens, dropping everything from <paramref name="comment"/> on.</summary>
    public static List<Token> Tokenize(string line, char? comment = '#')
    {
        var list = new List<Token>();
        int n = line.Length;
        if (comment is char c)
        {
            int k = line.IndexOf(c);
            if (k >= 0) n = k;
        }
        int i = 0;
        while (i < n)
        {
            while (i < n && char.IsWhiteSpace(line[i])) i++;
            if (i >= n) break;
            int start = i;
            while (i < n && !char.IsWhiteSpace(line[i])) i++;
            list.Add(new Token(line[start..i], start + 1));
        }
        return list;
    }

    public void Dispose()
    {
        if (_ownsReader) _reader?.Dispose();
        _reader = null;
    }
}

/// <summary>Number parsing of file readers (invariant culture; doubles must be finite).</summary>
internal static class IoUtil
{
    /// <summary>Text after '#' (trimmed) or null when the line has no comment.</summary>
    public static string? CommentOf(string line)
    {
        int k = line.IndexOf('#');
        return k < 0 ? null : line[(k + 1)..].Trim();
    }

    public static bool TryParseDouble(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    public static bool TryParseInt(string s, out int v) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v);

    public static bool TryParseLong(string s, out long v) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v);

    public static string Fmt(int v) => v.ToString(CultureInfo.InvariantCulture);
}
