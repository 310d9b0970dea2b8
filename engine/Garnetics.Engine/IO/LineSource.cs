using System.Globalization;
using Garnetics.Engine.Core;

namespace Garnetics.Engine.IO;

/// <summary>A whitespace-separated word of a line with its 1-based column.</summary>
internal readonly record struct Token(string Text, int Column);

/// <summary>
/// Line-by-line reader of a text file that remembers the current line number and text so that every parse error can
/// name the file, line and column.
/// </summary>
internal sealed class LineSource : IDisposable
{
    private readonly TextReader _reader;
    private string? _pushedBack;
    private bool _hasPushedBack;

    public string FileName { get; }
    /// <summary>1-based number of the line most recently returned by <see cref="Next"/>.</summary>
    public int LineNumber { get; private set; }
    /// <summary>Text of the line most recently returned (null at end of file).</summary>
    public string? Current { get; private set; }
    public bool AtEnd { get; private set; }

    private LineSource(TextReader reader, string fileName)
    {
        _reader = reader;
        FileName = fileName;
    }

    public static LineSource Open(string path)
    {
        IoUtil.CheckReadable(path);
        try
        {
            return new LineSource(new StreamReader(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"cannot open file '{path}': {e.Message}", new SourceLocation(path, 0, 0), inner: e);
        }
    }

    /// <summary>Next line, or null at end of file.</summary>
    public string? Next()
    {
        if (_hasPushedBack)
        {
            _hasPushedBack = false;
            Current = _pushedBack;
            LineNumber++;
            return Current;
        }
        var line = _reader.ReadLine();
        if (line == null)
        {
            AtEnd = true;
            Current = null;
            return null;
        }
        LineNumber++;
        Current = line;
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

    /// <summary>Next line or an "unexpected end of file" error naming what was expected.</summary>
    public string Require(string expected)
    {
        var line = Next();
        if (line == null) throw EndOfFile(expected);
        return line;
    }

    public SourceLocation Here(int column = 0) => new(FileName, LineNumber, column, Current);

    public GarneticsException Error(string message, int column = 0, string? offending = null) =>
        new(message, Here(column), offending);

    public GarneticsException Error(string message, Token token) => new(message, Here(token.Column), token.Text);

    public GarneticsException EndOfFile(string expected) =>
        new($"unexpected end of file after line {LineNumber}: expected {expected}",
            new SourceLocation(FileName, Math.Max(LineNumber, 1), 0, null));

    public void Dispose() => _reader.Dispose();
}

internal static class IoUtil
{
    public static void CheckReadable(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new GarneticsException("no file name given");
        if (Directory.Exists(path))
            throw new GarneticsException($"cannot open file '{path}': it is a directory", new SourceLocation(path, 0, 0));
        if (!File.Exists(path))
            throw new GarneticsException($"cannot open file '{path}': file not found", new SourceLocation(path, 0, 0));
    }

    public static string[] ReadAllLines(string path)
    {
        CheckReadable(path);
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"cannot read file '{path}': {e.Message}", new SourceLocation(path, 0, 0), inner: e);
        }
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

    public static double Double(LineSource src, Token t, string what)
    {
        if (!TryParseDouble(t.Text, out var v))
            throw src.Error($"bad number '{t.Text}': expected {what} (a finite floating-point number)", t);
        return v;
    }

    public static int Int(LineSource src, Token t, string what)
    {
        if (!TryParseInt(t.Text, out var v))
            throw src.Error($"bad number '{t.Text}': expected {what} (an integer)", t);
        return v;
    }

    /// <summary>Shortest round-trip text of a double (e.g. 0.1 -> "0.1", 1/3 -> "0.3333333333333333").</summary>
    public static string Fmt(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static string Fmt(int v) => v.ToString(CultureInfo.InvariantCulture);
}
