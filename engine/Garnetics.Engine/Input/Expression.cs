namespace Garnetics.Engine.Input;

/// <summary>What an equal-style expression needs at evaluation time.</summary>
internal interface IExpressionEnvironment
{
    /// <summary>Numeric value of variable <paramref name="name"/> (for v_name).</summary>
    double VariableValue(string name, SourceLocation loc);
    bool TryKeyword(string name, SourceLocation loc, out double value);
    bool TryGroupFunction(string function, IReadOnlyList<string> args, SourceLocation loc, out double value);
}

/// <summary>Evaluation of one parsed expression: the environment and where the expression text starts.</summary>
internal readonly struct EvalContext
{
    public readonly IExpressionEnvironment Env;
    public readonly SourceLocation Base;
    public readonly string Text;

    public EvalContext(IExpressionEnvironment env, SourceLocation baseLoc, string text)
    {
        Env = env;
        Base = baseLoc;
        Text = text;
    }

    /// <summary>Location of character <paramref name="pos"/> of the expression text.</summary>
    public SourceLocation At(int pos) => Base.Column > 0 ? Base with { Column = Base.Column + pos } : Base;

    public GarneticsException Error(int pos, string message) =>
        new($"{message} in expression '{Text}'", At(pos));
}

/// <summary>A syntax problem found while building the tree (wrong argument count, ...).</summary>
internal sealed class ExprSyntaxError : Exception
{
    public int Pos { get; }
    public ExprSyntaxError(int pos, string message) : base(message) => Pos = pos;
}

internal abstract class ExprNode
{
    /// <summary>Offset of the node in the expression text (for error locations).</summary>
    public int Pos { get; init; }
    public abstract double Eval(in EvalContext ctx);
}

internal sealed class NumberNode(double value) : ExprNode
{
    public double Value { get; } = value;
    public override double Eval(in EvalContext ctx) => Value;
}

internal sealed class UnaryNode(char op, ExprNode operand) : ExprNode
{
    public override double Eval(in EvalContext ctx)
    {
        double v = operand.Eval(ctx);
        return op == '-' ? -v : v == 0.0 ? 1.0 : 0.0;
    }
}

internal sealed class BinaryNode(string op, ExprNode left, ExprNode right) : ExprNode
{
    public override double Eval(in EvalContext ctx)
    {
        double a = left.Eval(ctx);
        switch (op)
        {
            case "&&": return a != 0.0 && right.Eval(ctx) != 0.0 ? 1.0 : 0.0;
            case "||": return a != 0.0 || right.Eval(ctx) != 0.0 ? 1.0 : 0.0;
        }
        double b = right.Eval(ctx);
        switch (op)
        {
            case "+": return a + b;
            case "-": return a - b;
            case "*": return a * b;
            case "/":
                if (b == 0.0) throw ctx.Error(Pos, "division by zero");
                return a / b;
            case "%":
                if (b == 0.0) throw ctx.Error(Pos, "modulo by zero");
                return a % b;   // C fmod semantics
            case "^":
                if (b == 0.0) return 1.0;
                return Math.Pow(a, b);
            case "<": return a < b ? 1.0 : 0.0;
            case "<=": return a <= b ? 1.0 : 0.0;
            case ">": return a > b ? 1.0 : 0.0;
            case ">=": return a >= b ? 1.0 : 0.0;
            case "==": return a == b ? 1.0 : 0.0;
            case "!=": return a != b ? 1.0 : 0.0;
            case "|^": return (a != 0.0) != (b != 0.0) ? 1.0 : 0.0;
            default: throw new InvalidOperationException($"unknown operator {op}");
        }
    }
}

/// <summary>Math functions with expression arguments.</summary>
internal sealed class FunctionNode : ExprNode
{
    public static readonly IReadOnlyDictionary<string, int> Arity = new Dictionary<string, int>
    {
        ["sqrt"] = 1, ["exp"] = 1, ["ln"] = 1, ["log"] = 1, ["abs"] = 1, ["sin"] = 1, ["cos"] = 1, ["tan"] = 1,
        ["asin"] = 1, ["acos"] = 1, ["atan"] = 1, ["atan2"] = 2, ["ceil"] = 1, ["floor"] = 1, ["round"] = 1,
        ["ternary"] = 3, ["random"] = 3, ["normal"] = 3,
    };

    private readonly string _name;
    private readonly ExprNode[] _args;
    private Garnetics.Engine.Rng.RanMars? _rng;   // random()/normal(): LAMMPS's RanMars, seeded on first use, then kept

    public FunctionNode(string name, ExprNode[] args, int pos)
    {
        Pos = pos;
        if (Arity.TryGetValue(name, out int n) && n != args.Length)
            throw new ExprSyntaxError(pos, $"function '{name}' expects {n} argument(s), got {args.Length}");
        _name = name;
        _args = args;
    }

    public override double Eval(in EvalContext ctx)
    {
        if (_name == "ternary") return _args[0].Eval(ctx) != 0.0 ? _args[1].Eval(ctx) : _args[2].Eval(ctx);
        double x = _args[0].Eval(ctx);
        switch (_name)
        {
            case "sqrt":
                if (x < 0) throw ctx.Error(Pos, $"sqrt of negative value {CFormat.G15(x)}");
                return Math.Sqrt(x);
            case "exp": return Math.Exp(x);
            case "ln":
                if (x <= 0) throw ctx.Error(Pos, $"ln of non-positive value {CFormat.G15(x)}");
                return Math.Log(x);
            case "log":
                if (x <= 0) throw ctx.Error(Pos, $"log of non-positive value {CFormat.G15(x)}");
                return Math.Log10(x);
            case "abs": return Math.Abs(x);
            case "sin": return Math.Sin(x);
            case "cos": return Math.Cos(x);
            case "tan": return Math.Tan(x);
            case "asin":
                if (x < -1 || x > 1) throw ctx.Error(Pos, $"asin argument {CFormat.G15(x)} is outside [-1,1]");
                return Math.Asin(x);
            case "acos":
                if (x < -1 || x > 1) throw ctx.Error(Pos, $"acos argument {CFormat.G15(x)} is outside [-1,1]");
                return Math.Acos(x);
            case "atan": return Math.Atan(x);
            case "atan2": return Math.Atan2(x, _args[1].Eval(ctx));
            case "ceil": return Math.Ceiling(x);
            case "floor": return Math.Floor(x);
            case "round": return Math.Round(x, MidpointRounding.AwayFromZero);
            case "random":
            case "normal":
            {
                double y = _args[1].Eval(ctx);
                double seed = _args[2].Eval(ctx);
                if (_rng == null)
                {
                    if (seed <= 0 || seed != Math.Floor(seed) || seed > int.MaxValue)
                        throw ctx.Error(Pos, $"{_name}() seed must be a positive integer, got {CFormat.G15(seed)}");
                    if (seed > 900000000) throw ctx.Error(Pos, $"{_name}() seed must be at most 900000000, got {CFormat.G15(seed)}");
                    _rng = new Garnetics.Engine.Rng.RanMars((int)seed);
                }
                if (_name == "random") return x + (y - x) * _rng.Uniform();
                if (y < 0) throw ctx.Error(Pos, $"normal() sigma must be >= 0, got {CFormat.G15(y)}");
                return x + y * _rng.Gaussian();
            }
            default: throw new InvalidOperationException($"unknown function {_name}");
        }
    }
}

/// <summary>v_name.</summary>
internal sealed class VariableNode(string name) : ExprNode
{
    public string Name { get; } = name;
    public override double Eval(in EvalContext ctx) => ctx.Env.VariableValue(Name, ctx.At(Pos));
}

/// <summary>Thermo keyword or c_ID, c_ID[i], f_ID, f_ID[i], evaluated by the host.</summary>
internal sealed class KeywordNode(string name) : ExprNode
{
    public override double Eval(in EvalContext ctx)
    {
        if (ctx.Env.TryKeyword(name, ctx.At(Pos), out double v)) return v;
        string what = name.StartsWith("c_", StringComparison.Ordinal) ? "compute reference"
            : name.StartsWith("f_", StringComparison.Ordinal) ? "fix reference" : "thermo keyword";
        throw ctx.Error(Pos, $"unknown {what} '{name}'");
    }
}

/// <summary>Group functions such as count(group) or xcm(group,x), evaluated by the host with raw arguments.</summary>
internal sealed class GroupFunctionNode(string name, IReadOnlyList<string> args) : ExprNode
{
    public override double Eval(in EvalContext ctx)
    {
        if (ctx.Env.TryGroupFunction(name, args, ctx.At(Pos), out double v)) return v;
        throw ctx.Error(Pos, $"unknown function '{name}({string.Join(",", args)})'");
    }
}

/// <summary>A parsed equal-style expression.</summary>
internal sealed class ParsedExpression(string text, ExprNode root)
{
    public string Text { get; } = text;
    public ExprNode Root { get; } = root;

    public double Evaluate(IExpressionEnvironment env, SourceLocation baseLoc) =>
        Root.Eval(new EvalContext(env, baseLoc, Text));

    internal static double ParseNumber(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
