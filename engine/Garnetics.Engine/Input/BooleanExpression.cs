using Sprache;

namespace Garnetics.Engine.Input;

/// <summary>
/// The Boolean expression of the `if` command (LAMMPS semantics): operands are numbers or strings (words
/// that are not numbers, or 'quoted' text); operators ! &lt; &lt;= &gt; &gt;= == != &amp;&amp; || |^ and
/// parentheses. Two strings may be compared with == and != only.
/// </summary>
internal static class BooleanExpression
{
    private readonly record struct Val(double Num, string? Str, int Pos)
    {
        public bool IsString => Str != null;
        public string Show => Str != null ? $"string '{Str}'" : $"number {CFormat.G15(Num)}";
    }

    private sealed class TypeError(int pos, string message) : Exception(message)
    {
        public int Pos { get; } = pos;
    }

    private abstract class Node
    {
        public int Pos;
        public abstract Val Eval();
    }

    private sealed class Leaf(Val v) : Node
    {
        public override Val Eval() => v;
    }

    private sealed class Not(Node e) : Node
    {
        public override Val Eval()
        {
            var v = e.Eval();
            if (v.IsString) throw new TypeError(v.Pos, $"'!' needs a number, got {v.Show}");
            return new Val(v.Num == 0 ? 1 : 0, null, Pos);
        }
    }

    private sealed class Bin(string op, Node l, Node r) : Node
    {
        public override Val Eval()
        {
            var a = l.Eval();
            var b = r.Eval();
            if (a.IsString || b.IsString)
            {
                if (a.IsString && b.IsString && op is "==" or "!=")
                    return new Val((a.Str == b.Str) == (op == "==") ? 1 : 0, null, Pos);
                if (a.IsString && b.IsString)
                    throw new TypeError(Pos, $"strings can only be compared with == or !=, not '{op}'");
                var s = a.IsString ? a : b;
                throw new TypeError(s.Pos, $"cannot use {s.Show} with '{op}' and a number");
            }
            bool res = op switch
            {
                "<" => a.Num < b.Num,
                "<=" => a.Num <= b.Num,
                ">" => a.Num > b.Num,
                ">=" => a.Num >= b.Num,
                "==" => a.Num == b.Num,
                "!=" => a.Num != b.Num,
                "&&" => a.Num != 0 && b.Num != 0,
                "||" => a.Num != 0 || b.Num != 0,
                "|^" => (a.Num != 0) != (b.Num != 0),
                _ => throw new InvalidOperationException(op),
            };
            return new Val(res ? 1 : 0, null, Pos);
        }
    }

    private static readonly Parser<Node> Expr;

    private static Parser<T> Tok<T>(Parser<T> p) =>
        from a in Parse.WhiteSpace.Many() from v in p from b in Parse.WhiteSpace.Many() select v;

    private static Parser<ITextSpan<string>> Op(string s) => Tok(Parse.String(s).Text().Span()).Named($"'{s}'");

    private static Node MakeBin(ITextSpan<string> op, Node l, Node r) => new Bin(op.Value, l, r) { Pos = op.Start.Pos };

    static BooleanExpression()
    {
        var word =
            from s in Parse.Char(c => !char.IsWhiteSpace(c) && "()<>=!&|'\"".IndexOf(c) < 0, "number or word")
                .AtLeastOnce().Text().Span()
            select (Node)new Leaf(CommandArgs.TryParseDouble(s.Value, out double d)
                ? new Val(d, null, s.Start.Pos) : new Val(0, s.Value, s.Start.Pos)) { Pos = s.Start.Pos };
        Parser<Node> Quoted(char q) =>
            from s in (from o in Parse.Char(q) from body in Parse.CharExcept(q).Many().Text() from c in Parse.Char(q)
                       select body).Span()
            select (Node)new Leaf(new Val(0, s.Value, s.Start.Pos)) { Pos = s.Start.Pos };

        var expr = Parse.Ref(() => Expr);
        var paren = from o in Parse.Char('(') from e in expr from c in Parse.Char(')').Named("')'") select e;
        var primary = Tok(word.Or(Quoted('\'')).Or(Quoted('"')).Or(paren)).Named("number, word or '('");
        Parser<Node>? unary = null;
        var unaryRef = Parse.Ref(() => unary!);
        unary = (from op in Tok(Parse.Char('!').Span()) from e in unaryRef select (Node)new Not(e) { Pos = op.Start.Pos })
            .Or(primary);
        var rel = Parse.XChainOperator(Op("<=").Or(Op(">=")).Or(Op("<")).Or(Op(">")), unary, MakeBin);
        var eq = Parse.XChainOperator(Op("==").Or(Op("!=")), rel, MakeBin);
        var and = Parse.XChainOperator(Op("&&"), eq, MakeBin);
        Expr = Parse.XChainOperator(Op("||").Or(Op("|^")), and, MakeBin);
    }

    /// <summary>
    /// Evaluate an if-condition. When it is not a valid Boolean expression of numbers and strings (for example
    /// it uses arithmetic or v_name), it is evaluated as an equal-style expression instead; if that fails too,
    /// the original error is reported.
    /// </summary>
    public static bool Evaluate(string text, SourceLocation loc, Variables vars)
    {
        SourceLocation At(int pos) => loc.Column > 0 ? loc with { Column = loc.Column + pos } : loc;
        GarneticsException error;
        var result = Parse.End(Expr).TryParse(text);
        if (result.WasSuccessful)
        {
            try
            {
                var v = result.Value.Eval();
                if (!v.IsString) return v.Num != 0;
                error = new GarneticsException(
                    $"if condition '{text}' is the string '{v.Str}', not a Boolean expression", At(v.Pos), v.Str);
            }
            catch (TypeError e)
            {
                error = new GarneticsException($"bad if condition '{text}': {e.Message}", At(e.Pos));
            }
        }
        else
        {
            if (text.Trim().Length == 0) throw new GarneticsException("if condition is empty", loc);
            int at = result.Remainder.Position;
            string found = result.Remainder.AtEnd ? "end of expression" : $"'{text[at]}'";
            var expected = result.Expectations.Select(e => e == "end of input" ? "an operator or the end" : e).Distinct();
            error = new GarneticsException(
                $"bad if condition '{text}': unexpected {found} at column {at + 1}; expected {string.Join(" or ", expected)}",
                At(at));
        }
        try
        {
            return vars.Evaluate(text, loc) != 0.0;
        }
        catch (GarneticsException)
        {
            throw error;
        }
    }
}
