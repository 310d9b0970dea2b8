using Garnetics.Engine.Core;

namespace Garnetics.Engine.Input;

/// <summary>
/// Physical lines of one input (a file, a string or a stream such as stdin). Lines read from a stream are
/// buffered so that <c>jump SELF</c> can rewind it.
/// </summary>
internal sealed class LineSource
{
    private readonly List<string> _lines;
    private TextReader? _reader;
    private int _next;

    /// <summary>Name used in locations (the file path as given, or e.g. "&lt;stdin&gt;").</summary>
    public string Name { get; }
    /// <summary>Directory of the file, used as a fallback to resolve relative include/jump paths.</summary>
    public string? Directory { get; }

    private LineSource(string name, string? directory, List<string> lines, TextReader? reader)
    {
        Name = name;
        Directory = directory;
        _lines = lines;
        _reader = reader;
    }

    public static LineSource FromString(string text, string name) =>
        new(name, null, SplitLines(text), null);

    public static LineSource FromReader(TextReader reader, string name) => new(name, null, new List<string>(), reader);

    /// <summary>Open a deck file; a missing or unreadable file is a <see cref="GarneticsException"/> at <paramref name="loc"/>.</summary>
    public static LineSource FromFile(string path, SourceLocation? loc, string? fallbackDir = null)
    {
        string resolved = path;
        if (!File.Exists(resolved) && fallbackDir != null && !Path.IsPathRooted(path))
        {
            var alt = Path.Combine(fallbackDir, path);
            if (File.Exists(alt)) resolved = alt;
        }
        if (!File.Exists(resolved))
            throw new GarneticsException($"cannot open input file '{path}': file not found", loc, path);
        try
        {
            var text = File.ReadAllText(resolved);
            return new LineSource(path, Path.GetDirectoryName(Path.GetFullPath(resolved)), SplitLines(text), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"cannot read input file '{path}': {e.Message}", loc, path, e);
        }
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        using var r = new StringReader(text);
        while (r.ReadLine() is { } l) lines.Add(l);
        return lines;
    }

    /// <summary>1-based number of the line returned by the last <see cref="ReadLine"/>.</summary>
    public int LineNumber => _next;

    public string? ReadLine()
    {
        if (_next < _lines.Count) return _lines[_next++];
        if (_reader == null) return null;
        var l = _reader.ReadLine();
        if (l == null)
        {
            _reader = null;
            return null;
        }
        _lines.Add(l);
        _next++;
        return l;
    }

    public void Rewind() => _next = 0;

    /// <summary>
    /// Read one logical command line: '&amp;' as the last printable character joins the next line, and an
    /// unclosed """ continues onto the next lines (joined with newlines). Returns null at the end of input.
    /// </summary>
    public LocatedText? ReadLogicalLine()
    {
        var first = ReadLine();
        if (first == null) return null;
        var b = new LocatedText.Builder(Name);
        int lineNo = LineNumber;
        string text = first;
        CharPos end;
        while (true)
        {
            for (int i = 0; i < text.Length; i++) b.Append(text[i], new CharPos(lineNo, i + 1, text));
            end = new CharPos(lineNo, text.Length + 1, text);

            // continuation with '&'
            int k = b.Length - 1;
            while (k >= 0 && char.IsWhiteSpace(b[k])) k--;
            bool amp = k >= 0 && b[k] == '&';
            bool triple = false;
            if (!amp) QuoteState.FindComment(b.CurrentText, out triple);
            if (!amp && !triple) break;
            if (amp) b.TruncateTo(k);
            var next = ReadLine();
            if (next == null) break;
            if (triple) b.Append('\n', end);
            lineNo = LineNumber;
            text = next;
        }
        return b.Build(end);
    }
}
