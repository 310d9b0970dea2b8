namespace Garnetics.Engine.Input;

/// <summary>Logical command lines of a deck, read from the physical lines of a <see cref="LineSource"/>.</summary>
internal static class LogicalLines
{
    /// <summary>
    /// Read one logical command line: '&amp;' as the last printable character joins the next line, and an
    /// unclosed """ continues onto the next lines (joined with newlines). Returns null at the end of input.
    /// </summary>
    public static LocatedText? ReadLogicalLine(this LineSource src)
    {
        var first = src.Next();
        if (first == null) return null;
        var b = new LocatedText.Builder(src.FileName);
        int lineNo = src.LineNumber;
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
            var next = src.Next();
            if (next == null) break;
            if (triple) b.Append('\n', end);
            lineNo = src.LineNumber;
            text = next;
        }
        return b.Build(end);
    }
}
