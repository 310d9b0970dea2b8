using System.Text;

namespace Garnetics.Engine.Input;

/// <summary>Where one character of a logical command line came from (1-based line and column).</summary>
internal readonly record struct CharPos(int Line, int Column, string LineText);

/// <summary>
/// Text with a source position for every character (and one extra entry for the end), so that words,
/// substituted values and sub-expressions can report exact file:line:column locations.
/// </summary>
internal sealed class LocatedText
{
    private readonly CharPos[] _pos;

    public string File { get; }
    public string Text { get; }
    public int Length => Text.Length;

    public LocatedText(string file, string text, CharPos[] pos)
    {
        if (pos.Length != text.Length + 1) throw new ArgumentException("position map must have Length + 1 entries");
        File = file;
        Text = text;
        _pos = pos;
    }

    internal CharPos PosAt(int i) => _pos[Math.Clamp(i, 0, _pos.Length - 1)];

    public SourceLocation LocAt(int i)
    {
        var p = PosAt(i);
        return new SourceLocation(File, p.Line, p.Column, p.LineText);
    }

    public LocatedText Slice(int start, int length)
    {
        var pos = new CharPos[length + 1];
        Array.Copy(_pos, start, pos, 0, length + 1);
        return new LocatedText(File, Text.Substring(start, length), pos);
    }

    /// <summary>Text that did not come from a file: positions count columns from <paramref name="origin"/>.</summary>
    public static LocatedText FromString(string text, SourceLocation origin)
    {
        var pos = new CharPos[text.Length + 1];
        string lineText = origin.LineText ?? text;
        int line = origin.Line, col = Math.Max(origin.Column, 1);
        for (int i = 0; i <= text.Length; i++) pos[i] = new CharPos(line, col + i, lineText);
        return new LocatedText(origin.File, text, pos);
    }

    public override string ToString() => Text;

    internal sealed class Builder
    {
        private readonly StringBuilder _sb = new();
        private readonly List<CharPos> _pos = new();
        private readonly string _file;

        public Builder(string file) => _file = file;

        public int Length => _sb.Length;

        public void Append(char c, CharPos p)
        {
            _sb.Append(c);
            _pos.Add(p);
        }

        public void Append(string s, CharPos p)
        {
            foreach (char c in s) Append(c, p);
        }

        public void Append(LocatedText t, int start, int length)
        {
            for (int i = start; i < start + length; i++) Append(t.Text[i], t.PosAt(i));
        }

        /// <summary>Remove characters from the end (used to drop a continuation '&amp;').</summary>
        public void TruncateTo(int length)
        {
            _sb.Length = length;
            _pos.RemoveRange(length, _pos.Count - length);
        }

        public string CurrentText => _sb.ToString();

        public char this[int i] => _sb[i];

        public LocatedText Build(CharPos end)
        {
            var pos = new CharPos[_pos.Count + 1];
            _pos.CopyTo(pos);
            pos[^1] = end;
            return new LocatedText(_file, _sb.ToString(), pos);
        }
    }
}

/// <summary>Tracks LAMMPS quoting ('single', "double", """triple""") while scanning a command line.</summary>
internal struct QuoteState
{
    /// <summary>0: outside quotes, '\'' or '"': inside that quote, 'T': inside triple quotes.</summary>
    public char Kind;
    /// <summary>Index of the opening quote of the current quoted section.</summary>
    public int OpenedAt;

    public readonly bool Inside => Kind != '\0';

    /// <summary>
    /// Advance over position i of s. Returns how many characters the quote delimiter at i spans (0 when the
    /// character at i is not a quote delimiter that changes state).
    /// </summary>
    public int Step(string s, int i)
    {
        char c = s[i];
        bool triple = c == '"' && i + 2 < s.Length && s[i + 1] == '"' && s[i + 2] == '"';
        switch (Kind)
        {
            case '\0':
                if (triple) { Kind = 'T'; OpenedAt = i; return 3; }
                if (c is '"' or '\'') { Kind = c; OpenedAt = i; return 1; }
                return 0;
            case 'T':
                if (triple) { Kind = '\0'; return 3; }
                return 0;
            default:
                if (c == Kind) { Kind = '\0'; return 1; }
                return 0;
        }
    }

    /// <summary>Index of the first '#' outside quotes, or -1; also reports whether s ends inside triple quotes.</summary>
    public static int FindComment(string s, out bool openTriple)
    {
        var q = new QuoteState();
        for (int i = 0; i < s.Length;)
        {
            if (!q.Inside && s[i] == '#')
            {
                openTriple = false;
                return i;
            }
            int n = q.Step(s, i);
            i += Math.Max(n, 1);
        }
        openTriple = q.Kind == 'T';
        return -1;
    }
}
