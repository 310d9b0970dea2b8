using Sprache;

namespace Garnetics.Engine.Input;

/// <summary>One word of a command line with the located text of its content (quotes removed).</summary>
internal sealed record Token(Word Word, LocatedText Content)
{
    public string Text => Word.Text;
    public bool Quoted => Word.Quoted;
    public SourceLocation Location => Word.Location;
}

/// <summary>
/// Splits a (comment-stripped, substituted) command line into words with a Sprache grammar. A word that starts
/// with ", ' or """ extends to the matching closing quote (which may not be followed directly by more text);
/// the quotes are removed. Other words end at whitespace; quoted sections inside them are kept literally.
/// </summary>
internal static class WordSplitter
{
    private readonly record struct RawWord(int Start, int ContentStart, int ContentEnd, int End, string Quote, bool Terminated);

    private static readonly Parser<char> Ws = Parse.Char(char.IsWhiteSpace, "whitespace");

    private static Parser<RawWord> QuotedWord(string quote, Parser<char> contentChar) =>
        from open in Parse.String(quote).Span()
        from body in contentChar.Many().Span()
        from close in Parse.String(quote).Text().Optional().Span()
        select new RawWord(open.Start.Pos, body.Start.Pos, body.End.Pos, close.End.Pos, quote, close.Value.IsDefined);

    private static readonly Parser<RawWord> Triple =
        QuotedWord("\"\"\"", Parse.AnyChar.Except(Parse.String("\"\"\"")));

    private static readonly Parser<RawWord> DoubleQ = QuotedWord("\"", Parse.CharExcept('"'));
    private static readonly Parser<RawWord> SingleQ = QuotedWord("'", Parse.CharExcept('\''));

    // A quoted section inside an unquoted word, kept literally (quotes included).
    private static Parser<string> Embedded(char q) =>
        from o in Parse.Char(q)
        from body in Parse.CharExcept(q).Many().Text()
        from c in Parse.Char(q)
        select q + body + q;

    private static readonly Parser<RawWord> Bare =
        (from chunks in Parse.Char(c => !char.IsWhiteSpace(c) && c != '"' && c != '\'', "word character")
                .AtLeastOnce().Text()
                .Or(Embedded('"')).Or(Embedded('\''))
                .AtLeastOnce().Span()
         select new RawWord(chunks.Start.Pos, chunks.Start.Pos, chunks.End.Pos, chunks.End.Pos, "", true));

    // Bare is tried first only when the word does not start with a quote (Embedded needs a preceding chunk).
    private static readonly Parser<RawWord> AnyWord =
        Parse.Char(c => !char.IsWhiteSpace(c) && c != '"' && c != '\'', "word").Preview()
            .Then(p => p.IsDefined ? Bare : Triple.Or(DoubleQ).Or(SingleQ));

    private static readonly Parser<IEnumerable<RawWord>> Line =
        from lead in Ws.Many()
        from words in (from w in AnyWord from t in Ws.Many() select w).Many()
        from end in Parse.End(Parse.Return(0))
        select words;

    public static List<Token> Split(LocatedText line)
    {
        var result = Line.TryParse(line.Text);
        if (!result.WasSuccessful)
        {
            int at = result.Remainder.Position;
            throw new GarneticsException($"cannot split command line into words at column {at + 1}: {result.Message}",
                line.LocAt(at));
        }
        var tokens = new List<Token>();
        RawWord? prev = null;
        foreach (var w in result.Value)
        {
            if (!w.Terminated)
            {
                string what = w.Quote == "\"\"\"" ? "triple quote \"\"\"" : w.Quote == "\"" ? "double quote \"" : "single quote '";
                throw new GarneticsException($"unbalanced {what}: no closing quote found", line.LocAt(w.Start), w.Quote);
            }
            if (prev is { } p && p.Quote.Length > 0 && p.End == w.Start)
                throw new GarneticsException("a closing quote must be followed by whitespace or the end of the line",
                    line.LocAt(p.End - 1), line.Text[p.Start..Math.Min(line.Length, w.End)]);
            var content = line.Slice(w.ContentStart, w.ContentEnd - w.ContentStart);
            // The location of a word is the location of its first character of content (after the quote).
            var loc = line.LocAt(w.Quote.Length > 0 && w.ContentEnd == w.ContentStart ? w.Start : w.ContentStart);
            tokens.Add(new Token(new Word(content.Text, loc, w.Quote.Length > 0), content));
            prev = w;
        }
        return tokens;
    }
}
