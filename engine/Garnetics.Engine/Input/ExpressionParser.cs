using Sprache;

namespace Garnetics.Engine.Input;

/// <summary>
/// Sprache grammar for LAMMPS equal-style expressions. Precedence, highest first: unary - and !; ^ (power,
/// left-associative like LAMMPS: 2^3^2 = 64); * / %; + -; &lt; &lt;= &gt; &gt;=; == !=; &amp;&amp;; || |^.
/// </summary>
internal static class ExpressionParser
{
    private static readonly Parser<ExprNode> Expr;

    private static Parser<T> Tok<T>(Parser<T> p) =>
        from a in Parse.WhiteSpace.Many()
        from v in p
        from b in Parse.WhiteSpace.Many()
        select v;

    private static Parser<ITextSpan<string>> Op(string s) => Tok(Parse.String(s).Text().Span()).Named($"'{s}'");

    private static ExprNode Binary(ITextSpan<string> op, ExprNode l, ExprNode r) =>
        new BinaryNode(op.Value, l, r) { Pos = op.Start.Pos };

    static ExpressionParser()
    {
        var digits = Parse.Digit.AtLeastOnce().Text();
        var mantissa =
            (from a in digits
             from f in (from d in Parse.Char('.') from b in Parse.Digit.Many().Text() select "." + b).Optional()
             select a + (f.IsDefined ? f.Get() : ""))
            .Or(from d in Parse.Char('.') from b in digits select "." + b);
        var exponent =
            from e in Parse.Chars('e', 'E')
            from s in Parse.Chars('+', '-').Optional()
            from d in digits
            select "e" + (s.IsDefined ? s.Get().ToString() : "") + d;
        var number =
            (from span in (from m in mantissa from e in exponent.Optional() select m + (e.IsDefined ? e.Get() : "")).Span()
             select (ExprNode)new NumberNode(ParsedExpression.ParseNumber(span.Value)) { Pos = span.Start.Pos })
            .Named("number");

        var ident =
            (from first in Parse.Letter.Or(Parse.Char('_'))
             from rest in Parse.LetterOrDigit.Or(Parse.Char('_')).Many().Text()
             select first + rest).Named("name");
        var index = from o in Parse.Char('[') from d in digits from c in Parse.Char(']') select "[" + d + "]";

        var reference =
            from span in (from id in ident from idx in index.Repeat(0, 2) select (id, idx: string.Concat(idx))).Span()
            select MakeReference(span.Value.id, span.Value.idx, span.Start.Pos);

        var expr = Parse.Ref(() => Expr);

        // raw arguments of a group function: text with balanced parentheses, split at top-level commas
        Parser<string>? nested = null;
        var nestedRef = Parse.Ref(() => nested!);
        var rawInner = Parse.CharExcept("()").AtLeastOnce().Text().Or(nestedRef).Many().Select(string.Concat);
        nested = from o in Parse.Char('(') from inner in rawInner from c in Parse.Char(')') select "(" + inner + ")";
        var rawArg = Parse.CharExcept(",()").AtLeastOnce().Text().Or(nestedRef).Many().Select(s => string.Concat(s).Trim());
        var rawArgs = from args in rawArg.DelimitedBy(Parse.Char(','))
                      from c in Parse.Char(')').Named("')'")
                      select args.ToList();

        var mathArgs = from args in expr.DelimitedBy(Parse.Char(','))
                       from c in Parse.Char(')').Named("')' or ','")
                       select args.ToArray();

        var call =
            from name in ident.Span()
            from ws in Parse.WhiteSpace.Many()
            from open in Parse.Char('(')
            from node in FunctionNode.Arity.ContainsKey(name.Value)
                ? mathArgs.Select(a => (ExprNode)new FunctionNode(name.Value, a, name.Start.Pos))
                : rawArgs.Select(a => (ExprNode)new GroupFunctionNode(name.Value,
                    a.Count == 1 && a[0].Length == 0 ? Array.Empty<string>() : a) { Pos = name.Start.Pos })
            select node;

        var paren = from o in Parse.Char('(') from e in expr from c in Parse.Char(')').Named("')'") select e;

        var primary = Tok(number.Or(paren).Or(call).Or(reference))
            .Named("number, name, function or '('");

        Parser<ExprNode>? unary = null;
        var unaryRef = Parse.Ref(() => unary!);
        unary = (from op in Tok(Parse.Chars('-', '!').Span())
                 from e in unaryRef
                 select (ExprNode)new UnaryNode(op.Value, e) { Pos = op.Start.Pos })
            .Or(primary)
            .Named("a number, name, function, '(' or unary '-'/'!'");

        var pow = Parse.XChainOperator(Op("^"), unary, Binary);
        var mul = Parse.XChainOperator(Op("*").Or(Op("/")).Or(Op("%")), pow, Binary);
        var add = Parse.XChainOperator(Op("+").Or(Op("-")), mul, Binary);
        var rel = Parse.XChainOperator(Op("<=").Or(Op(">=")).Or(Op("<")).Or(Op(">")), add, Binary);
        var eq = Parse.XChainOperator(Op("==").Or(Op("!=")), rel, Binary);
        var and = Parse.XChainOperator(Op("&&"), eq, Binary);
        Expr = Parse.XChainOperator(Op("||").Or(Op("|^")), and, Binary);
    }

    private static ExprNode MakeReference(string id, string idx, int pos)
    {
        if (idx.Length == 0)
        {
            switch (id)
            {
                case "PI": return new NumberNode(Math.PI) { Pos = pos };
                case "on" or "true" or "yes": return new NumberNode(1.0) { Pos = pos };
                case "off" or "false" or "no": return new NumberNode(0.0) { Pos = pos };
            }
        }
        if (id.StartsWith("v_", StringComparison.Ordinal))
        {
            if (id.Length == 2) throw new ExprSyntaxError(pos, "missing variable name after 'v_'");
            if (idx.Length > 0)
                throw new ExprSyntaxError(pos, $"'{id}{idx}': vector- and atom-style variables are not supported");
            return new VariableNode(id[2..]) { Pos = pos };
        }
        return new KeywordNode(id + idx) { Pos = pos };
    }

    /// <summary>
    /// Parse <paramref name="text"/>; a syntax error is a <see cref="GarneticsException"/> at the offending
    /// column (relative to <paramref name="baseLoc"/>, the location of the first character of the text).
    /// </summary>
    public static ParsedExpression ParseExpression(string text, SourceLocation baseLoc)
    {
        SourceLocation At(int pos) => baseLoc.Column > 0 ? baseLoc with { Column = baseLoc.Column + pos } : baseLoc;
        IResult<ExprNode> result;
        try
        {
            result = Parse.End(Expr).TryParse(text);
        }
        catch (ExprSyntaxError e)
        {
            throw new GarneticsException($"bad expression '{text}': {e.Message} (column {e.Pos + 1})", At(e.Pos));
        }
        if (result.WasSuccessful) return new ParsedExpression(text, result.Value);

        int at = result.Remainder.Position;
        if (text.Trim().Length == 0)
            throw new GarneticsException("bad expression: the expression is empty", baseLoc);
        string found = result.Remainder.AtEnd ? "end of expression" : $"'{text[at]}'";
        var expected = result.Expectations
            .Select(e => e == "end of input" ? "an operator or the end of the expression" : e)
            .Distinct().ToList();
        string msg = $"bad expression '{text}': unexpected {found} at column {at + 1}";
        if (expected.Count > 0) msg += $"; expected {string.Join(" or ", expected)}";
        throw new GarneticsException(msg, At(at));
    }
}
