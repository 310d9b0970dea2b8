using Garnetics.Engine.Input;

namespace Garnetics.Engine.Tests;

internal sealed class FakeHost : IInterpreterHost
{
    public readonly List<CommandArgs> Commands = new();
    public readonly List<(string text, bool screen, bool log)> Prints = new();
    public readonly Dictionary<string, double> Keywords = new() { ["step"] = 100, ["temp"] = 1.5, ["c_myT[2]"] = 7, ["f_ave"] = -2 };
    public int Clears;

    public void ExecuteCommand(CommandArgs args) => Commands.Add(args);

    public bool TryEvaluateKeyword(string name, SourceLocation loc, out double value) => Keywords.TryGetValue(name, out value);

    public bool TryEvaluateGroupFunction(string function, IReadOnlyList<string> args, SourceLocation loc, out double value)
    {
        value = function switch
        {
            "count" when args.Count == 1 && args[0] == "all" => 64,
            "xcm" when args.Count == 2 => args[1] == "x" ? 1.25 : 0,
            _ => double.NaN,
        };
        return !double.IsNaN(value);
    }

    public void Print(string text, bool screen = true, bool log = true) => Prints.Add((text, screen, log));

    public void Clear() => Clears++;

    /// <summary>Commands as "name arg1 arg2".</summary>
    public List<string> Lines => Commands.Select(c => string.Join(" ", new[] { c.Command }.Concat(c.Words.Select(w => w.Text)))).ToList();

    /// <summary>Texts printed by print (screen=true and log=true).</summary>
    public List<string> Printed => Prints.Where(p => p.screen && p.log).Select(p => p.text).ToList();
}

public class InterpreterTests : TempDirTest
{
    private readonly FakeHost _host = new();
    private readonly Interpreter _in;

    public InterpreterTests() : base("interp")
    {
        _in = new Interpreter(_host) { Echo = EchoMode.None };
    }

    private double Eval(string expr) => _in.EvaluateExpression(expr);

    private GarneticsException Fails(string deck, string name = "in.test") =>
        Assert.Throws<GarneticsException>(() => _in.RunString(deck, name));

    // ---------------------------------------------------------------- line reading and words

    [Fact]
    public void ForwardsCommandsWithWordsAndLocations()
    {
        _in.RunString("units lj\n\n  pair_style   lj/cut 2.5\n", "in.lj");
        Assert.Equal(new[] { "units lj", "pair_style lj/cut 2.5" }, _host.Lines);
        var c = _host.Commands[1];
        Assert.Equal("pair_style", c.Command);
        Assert.Equal(new SourceLocation("in.lj", 3, 3, "  pair_style   lj/cut 2.5"), c.Location);
        Assert.Equal(3, c.Words[1].Location.Line);
        Assert.Equal(23, c.Words[1].Location.Column);
        Assert.Equal("  pair_style   lj/cut 2.5", c.Words[1].Location.LineText);
    }

    [Fact]
    public void ContinuationJoinsLinesAndKeepsLocations()
    {
        _in.RunString("pair_coeff 1 1 &\n   1.0 &   \n 2.5\nrun 10", "in.c");
        Assert.Equal(new[] { "pair_coeff 1 1 1.0 2.5", "run 10" }, _host.Lines);
        var w = _host.Commands[0].Words;
        Assert.Equal((2, 4), (w[2].Location.Line, w[2].Location.Column));
        Assert.Equal((3, 2), (w[3].Location.Line, w[3].Location.Column));
        Assert.Equal(" 2.5", w[3].Location.LineText);
        Assert.Equal(4, _host.Commands[1].Location.Line);
    }

    [Fact]
    public void CommentsAreRemovedOutsideQuotesOnly()
    {
        _in.RunString("# full comment\nfix 1 all nve # trailing\nthermo_style custom \"a # b\" 'c#d'\ncmd x#y");
        Assert.Equal(new[] { "fix 1 all nve", "thermo_style custom a # b c#d", "cmd x" }, _host.Lines);
        var w = _host.Commands[1].Words;
        Assert.True(w[1].Quoted);
        Assert.Equal("a # b", w[1].Text);
        Assert.Equal("c#d", w[2].Text);
        Assert.False(w[0].Quoted);
    }

    [Fact]
    public void QuotesGroupWordsAndTripleQuotesSpanLines()
    {
        _in.RunString("cmd \"two words\" 'single \"x\"' \"\"\"line one\nline 'two' # not a comment\"\"\" last\ncmd2 \"\" z");
        var w = _host.Commands[0].Words;
        Assert.Equal(new[] { "two words", "single \"x\"", "line one\nline 'two' # not a comment", "last" }, w.Select(x => x.Text));
        Assert.All(w.Take(3), x => Assert.True(x.Quoted));
        Assert.Equal((1, 6), (w[0].Location.Line, w[0].Location.Column));   // first character inside the quote
        Assert.Equal(2, w[3].Location.Line);
        Assert.Equal(new[] { "", "z" }, _host.Commands[1].Words.Select(x => x.Text));
        Assert.Equal(3, _host.Commands[1].Location.Line);
    }

    [Fact]
    public void UnbalancedQuoteIsAnErrorAtTheQuote()
    {
        var e = Fails("units lj\nprint \"hello world\n", "in.q");
        Assert.Contains("unbalanced double quote", e.Message);
        Assert.Equal(new SourceLocation("in.q", 2, 7, "print \"hello world"), e.Location);
        Assert.Contains("^", e.Describe());

        var e2 = Fails("cmd 'abc");
        Assert.Contains("unbalanced single quote", e2.Message);
        Assert.Equal(5, e2.Location!.Column);
    }

    [Fact]
    public void ClosingQuoteMustBeFollowedByWhitespace()
    {
        var e = Fails("cmd \"abc\"def");
        Assert.Contains("followed by whitespace", e.Message);
    }

    // ---------------------------------------------------------------- substitution

    [Fact]
    public void SubstitutesAllForms()
    {
        _in.RunString("""
            variable a index 3
            variable long string hello
            variable e equal 2*v_a+0.5
            cmd $a ${long} ${e} $(v_a/4) $(v_a/3:%.3f) $(1/3) x$a${a}y
            cmd 'no $a' "no ${long}" $(2*3)
            """);
        Assert.Equal("cmd 3 hello 6.5 0.75 1.000 0.33333333333333331483 x33y", _host.Lines[0]);
        Assert.Equal("cmd no $a no ${long} 6", _host.Lines[1]);
    }

    [Fact]
    public void NestedAndInvalidReferences()
    {
        _in.RunString("variable n index 4\ncmd $(${n}*2) $(2*$n:%.1f)");
        Assert.Equal("cmd 8 8.0", _host.Lines[0]);
        Assert.Contains("'$' must be followed", Fails("cmd a $ b").Message);
        Assert.Contains("missing '}'", Fails("cmd ${abc").Message);
        Assert.Contains("missing ')'", Fails("cmd $(1+2").Message);
        Assert.Contains("bad format", Fails("cmd $(1:%q)").Message);
    }

    [Fact]
    public void EqualVariableFormattingIsPercent15g()
    {
        _in.RunString("variable a equal 2\nvariable b equal 0.1\nvariable c equal 1/3\nvariable d equal 1e20\nvariable f equal 1e-5\ncmd ${a} ${b} ${c} ${d} ${f}");
        Assert.Equal("cmd 2 0.1 0.333333333333333 1e+20 1e-05", _host.Lines[0]);
        Assert.Equal("12.346", CFormat.Format("%.3f", 12.3456));
        Assert.Equal("  1.50e+00", CFormat.Format("%10.2e", 1.5));
        Assert.Equal("-0042", CFormat.Format("%05d", -42.7));
        Assert.Equal("T = 300 K", CFormat.Format("T = %g K", 300));
        Assert.Equal("100000", CFormat.G15(1e5));
        Assert.Equal("123456789012345", CFormat.G15(123456789012345));
        Assert.Equal("1.23456789012346e+15", CFormat.G15(1234567890123456));
    }

    [Fact]
    public void UndefinedVariableReportsNameLineAndColumn()
    {
        var e = Fails("units lj\nfix 1 all temp/berendsen ${Tstart} 1.0 0.1\n", "in.melt");
        Assert.Contains("undefined variable 'Tstart'", e.Message);
        Assert.Equal("in.melt", e.Location!.File);
        Assert.Equal(2, e.Location.Line);
        Assert.Equal(26, e.Location.Column);
        Assert.Equal("fix 1 all temp/berendsen ${Tstart} 1.0 0.1", e.Location.LineText);
        Assert.Single(_host.Commands);

        var e2 = Fails("cmd $q");
        Assert.Contains("'q'", e2.Message);
        Assert.Equal(5, e2.Location!.Column);

        var e3 = Fails("variable x equal v_nope+1\ncmd ${x}");
        Assert.Contains("undefined variable 'nope'", e3.Message);
        Assert.Equal((1, 18), (e3.Location!.Line, e3.Location.Column));
    }

    // ---------------------------------------------------------------- expressions

    [Theory]
    [InlineData("1+2*3", 7)]
    [InlineData("(1+2)*3", 9)]
    [InlineData("10-4-3", 3)]
    [InlineData("24/4/2", 3)]
    [InlineData("2^3", 8)]
    [InlineData("2^3^2", 64)]           // left-associative, as LAMMPS 29Sep2021 evaluates it
    [InlineData("-2^2", 4)]              // unary minus binds tighter than ^ (LAMMPS precedence)
    [InlineData("2*-3", -6)]
    [InlineData("2^-1", 0.5)]
    [InlineData("7%3", 1)]
    [InlineData("-7%3", -1)]             // C fmod
    [InlineData("7.5%2", 1.5)]
    [InlineData("1e-3*1000", 1)]
    [InlineData(".5+2.", 2.5)]
    [InlineData("2.5E2", 250)]
    [InlineData("1 < 2", 1)]
    [InlineData("2 <= 2", 1)]
    [InlineData("3 > 4", 0)]
    [InlineData("4 >= 5", 0)]
    [InlineData("3 == 3", 1)]
    [InlineData("3 != 3", 0)]
    [InlineData("1+1 == 2", 1)]
    [InlineData("1 < 2 == 1", 1)]
    [InlineData("1 && 0", 0)]
    [InlineData("1 && 2", 1)]
    [InlineData("0 || 0", 0)]
    [InlineData("0 || 3", 1)]
    [InlineData("1 |^ 1", 0)]
    [InlineData("1 |^ 0", 1)]
    [InlineData("1 || 0 && 0", 1)]       // && binds tighter than ||
    [InlineData("!0", 1)]
    [InlineData("!5", 0)]
    [InlineData("!0 + 1", 2)]
    [InlineData("  3 *  ( 2 + 1 )  ", 9)]
    public void OperatorsAndPrecedence(string expr, double expected) =>
        Assert.Equal(expected, Eval(expr), 12);

    [Theory]
    [InlineData("sqrt(16)", 4)]
    [InlineData("exp(1)", Math.E)]
    [InlineData("ln(exp(2))", 2)]
    [InlineData("log(1000)", 3)]
    [InlineData("abs(-3.5)", 3.5)]
    [InlineData("sin(PI/2)", 1)]
    [InlineData("cos(PI)", -1)]
    [InlineData("tan(PI/4)", 1)]
    [InlineData("asin(1)", Math.PI / 2)]
    [InlineData("acos(1)", 0)]
    [InlineData("atan(1)", Math.PI / 4)]
    [InlineData("atan2(1,-1)", 3 * Math.PI / 4)]
    [InlineData("ceil(2.1)", 3)]
    [InlineData("floor(-2.1)", -3)]
    [InlineData("round(2.5)", 3)]
    [InlineData("round(-2.5)", -3)]
    [InlineData("round(2.4)", 2)]
    [InlineData("ternary(1,5,6)", 5)]
    [InlineData("ternary(0,5,6)", 6)]
    [InlineData("ternary(2>1, 10, 1/0)", 10)]
    [InlineData("sqrt(3^2+4^2)", 5)]
    [InlineData("PI", Math.PI)]
    [InlineData("yes+on+true-no-off-false", 3)]
    public void MathFunctions(string expr, double expected) =>
        Assert.Equal(expected, Eval(expr), 12);

    [Fact]
    public void RandomAndNormalAreSeededAndInRange()
    {
        for (int i = 0; i < 200; i++)
        {
            double r = Eval("random(2,3,12345)");
            Assert.InRange(r, 2, 3);
        }
        var a = new Interpreter(new FakeHost());
        var b = new Interpreter(new FakeHost());
        Assert.Equal(a.EvaluateExpression("normal(1,0.5,42)"), b.EvaluateExpression("normal(1,0.5,42)"));
        double sum = 0;
        for (int i = 0; i < 2000; i++) sum += a.EvaluateExpression("normal(10,1,7)");
        Assert.InRange(sum / 2000, 9.8, 10.2);
        Assert.Throws<GarneticsException>(() => Eval("random(0,1,-3)"));
    }

    [Fact]
    public void VariablesKeywordsReferencesAndGroupFunctions()
    {
        _in.RunString("variable a equal 4\nvariable s string 2.5\nvariable f string v_a*2");
        Assert.Equal(9, Eval("v_a*2+1"));
        Assert.Equal(5, Eval("v_s*2"));
        Assert.Equal(8, Eval("v_f"));                     // string text evaluated as a formula
        Assert.Equal(150, Eval("step*temp"));
        Assert.Equal(5, Eval("c_myT[2]+f_ave"));
        Assert.Equal(65, Eval("count(all)+1"));
        Assert.Equal(2.5, Eval("xcm(all,x)*2"));
        var e = Assert.Throws<GarneticsException>(() => Eval("c_nope"));
        Assert.Contains("unknown compute reference 'c_nope'", e.Message);
        var e2 = Assert.Throws<GarneticsException>(() => Eval("bogus"));
        Assert.Contains("unknown thermo keyword 'bogus'", e2.Message);
        var e3 = Assert.Throws<GarneticsException>(() => Eval("mass(all)"));
        Assert.Contains("unknown function", e3.Message);
    }

    [Fact]
    public void EqualIsReEvaluatedAtEachUse()
    {
        _in.RunString("variable t equal step*2\ncmd ${t}");
        _host.Keywords["step"] = 7;
        _in.RunString("cmd ${t}");
        Assert.Equal(new[] { "cmd 200", "cmd 14" }, _host.Lines);
        Assert.True(_in.TryGetVariableValue("t", out double v));
        Assert.Equal(14, v);
        Assert.False(_in.TryGetVariableValue("missing", out _));
        Assert.Equal("14", _in.GetVariableString("t"));
        Assert.Null(_in.GetVariableString("missing"));
    }

    [Theory]
    [InlineData("1/0", "division by zero", 2)]
    [InlineData("5%0", "modulo by zero", 2)]
    [InlineData("sqrt(-1)", "sqrt of negative", 1)]
    [InlineData("ln(0)", "ln of non-positive", 1)]
    [InlineData("log(-1)", "log of non-positive", 1)]
    [InlineData("asin(2)", "outside [-1,1]", 1)]
    public void RuntimeMathErrors(string expr, string message, int column)
    {
        var e = Assert.Throws<GarneticsException>(() => _in.EvaluateExpression(expr, new SourceLocation("f", 1, 10)));
        Assert.Contains(message, e.Message);
        Assert.Equal(10 + column - 1, e.Location!.Column);
    }

    [Fact]
    public void BadExpressionSaysWhatWasExpectedWhere()
    {
        var e = Fails("variable x equal \"2 + * 3\"", "in.x");
        Assert.Contains("bad expression '2 + * 3'", e.Message);
        Assert.Contains("unexpected '*' at column 5", e.Message);
        Assert.Contains("expected", e.Message);
        Assert.Equal(new SourceLocation("in.x", 1, 23, "variable x equal \"2 + * 3\""), e.Location);

        var e2 = Assert.Throws<GarneticsException>(() => Eval("(1+2"));
        Assert.Contains("unexpected end of expression at column 5", e2.Message);
        Assert.Contains("')'", e2.Message);

        var e3 = Assert.Throws<GarneticsException>(() => Eval("2 3"));
        Assert.Contains("unexpected '3' at column 3", e3.Message);

        var e4 = Assert.Throws<GarneticsException>(() => Eval("sqrt(1,2)"));
        Assert.Contains("function 'sqrt' expects 1 argument", e4.Message);

        var e5 = Fails("cmd $(1+)");
        Assert.Contains("unexpected end of expression", e5.Message);

        Assert.Throws<GarneticsException>(() => Eval("2e"));
        Assert.Throws<GarneticsException>(() => Eval(""));
    }

    [Fact]
    public void CircularVariableIsAnError()
    {
        _in.RunString("variable a equal v_b+1\nvariable b equal v_a+1");
        var e = Assert.Throws<GarneticsException>(() => Eval("v_a"));
        Assert.Contains("refers to itself", e.Message);
    }

    // ---------------------------------------------------------------- variables

    [Fact]
    public void IndexAndLoopAreNotRedefinedButStringAndEqualAre()
    {
        _in.DefineCommandLineVariable("T", new[] { "500" });
        _in.RunString("""
            variable T index 300
            variable n loop 5
            variable n loop 9
            variable s string one
            variable s string two
            variable e equal 1
            variable e equal 2
            cmd $T $n $s $e
            variable s delete
            """);
        Assert.Equal("cmd 500 1 two 2", _host.Lines[0]);
        Assert.False(_in.Variables.Contains("s"));
        var e = Fails("variable e string x");
        Assert.Contains("cannot redefine variable 'e'", e.Message);
        Assert.Contains("not supported", Fails("variable v atom x*2").Message);
        Assert.Contains("not supported", Fails("variable v vector [1,2]").Message);
        Assert.Contains("unknown variable style", Fails("variable v bogus 1").Message);
        Assert.Contains("invalid variable name", Fails("variable a-b index 1").Message);
    }

    [Fact]
    public void FormatInternalAndGetenvStyles()
    {
        _in.RunString("variable x equal 1/3\nvariable f format x %.4f\nvariable i internal 2.5\ncmd $f $i");
        Assert.Equal("cmd 0.3333 2.5", _host.Lines[0]);
        _in.Variables.SetInternal("i", 4);
        Assert.Equal(8, Eval("v_i*2"));
    }

    [Fact]
    public void IndexLoopWithNextAndJumpRunsOncePerValue()
    {
        var p = WriteFile("in.loop", """
            variable a index one two three
            label loop
            run $a
            next a
            jump SELF loop
            cmd done
            """);
        _in.RunFile(p);
        Assert.Equal(new[] { "run one", "run two", "run three", "cmd done" }, _host.Lines);
        Assert.False(_in.Variables.Contains("a"));
        Assert.False(_in.SkipNextJump);
    }

    [Fact]
    public void LoopVariableWithPadAndRange()
    {
        _in.RunString("""
            variable i loop 3
            label top
            cmd $i
            next i
            jump SELF top
            variable k loop 8 10 pad
            label k
            cmd $k
            next k
            jump SELF k
            """, "in.s");
        Assert.Equal(new[] { "cmd 1", "cmd 2", "cmd 3", "cmd 08", "cmd 09", "cmd 10" }, _host.Lines);
    }

    [Fact]
    public void CommandLineVariableLoopsOverValues()
    {
        _in.DefineCommandLineVariable("T", new[] { "100", "200" });
        _in.RunString("variable T index 5\nlabel a\ncmd $T\nnext T\njump SELF a\n");
        Assert.Equal(new[] { "cmd 100", "cmd 200" }, _host.Lines);
    }

    [Fact]
    public void NestedLoops()
    {
        _in.RunString("""
            variable i loop 2
            label outer
            variable j loop 3
            label inner
            cmd $i $j
            next j
            jump SELF inner
            next i
            jump SELF outer
            """);
        Assert.Equal(new[] { "cmd 1 1", "cmd 1 2", "cmd 1 3", "cmd 2 1", "cmd 2 2", "cmd 2 3" }, _host.Lines);
    }

    [Fact]
    public void ExhaustedNextSkipsTheNextJumpEvenLater()
    {
        _in.RunString("variable a index x\nnext a\ncmd between\njump SELF nowhere\ncmd after");
        Assert.Equal(new[] { "cmd between", "cmd after" }, _host.Lines);
    }

    [Fact]
    public void JumpToAnotherFileReplacesCurrentInput()
    {
        var second = WriteFile("in.second", "cmd skipped\nlabel here\ncmd second\n");
        var first = WriteFile("in.first", $"cmd first\njump {second} here\ncmd never\n");
        _in.RunFile(first);
        Assert.Equal(new[] { "cmd first", "cmd second" }, _host.Lines);
    }

    [Fact]
    public void LabelNotFoundAndMissingJumpFile()
    {
        var e = Fails("cmd a\njump SELF nolabel\n", "in.j");
        Assert.Contains("label 'nolabel' not found", e.Message);
        Assert.Equal((2, 11), (e.Location!.Line, e.Location.Column));

        var e2 = Fails("jump missing.in\n", "in.j");
        Assert.Contains("cannot open input file 'missing.in'", e2.Message);
        Assert.Equal((1, 6), (e2.Location!.Line, e2.Location.Column));
    }

    [Fact]
    public void JumpSelfWorksOnAStream()
    {
        using var r = new StringReader("variable n loop 2\nlabel l\ncmd $n\nnext n\njump SELF l\n");
        _in.Run(r, "<stdin>");
        Assert.Equal(new[] { "cmd 1", "cmd 2" }, _host.Lines);
    }

    // ---------------------------------------------------------------- if, include, print, misc

    [Fact]
    public void IfElifElse()
    {
        _in.RunString("""
            variable x equal 5
            if "${x} > 3" then "cmd big" "cmd really big"
            if "${x} > 10" then "cmd huge" elif "${x} == 5" "cmd five" else "cmd other"
            if "${x} > 10" then "cmd huge" elif "${x} < 0" "cmd neg" else "cmd other1" "cmd other2"
            if "${x} < 0" then "cmd neg"
            variable name string abc
            if "${name} == abc" then "cmd str-eq"
            if "${name} != abc" then "cmd str-ne" else "cmd not-ne"
            if "$x > 1 && (${name} == abc || 0)" then "cmd compound"
            if "v_x*2 == 10" then "cmd arithmetic"
            if "!0" then 'print "it is $x"'
            """);
        Assert.Equal(new[] { "cmd big", "cmd really big", "cmd five", "cmd other1", "cmd other2", "cmd str-eq", "cmd not-ne", "cmd compound", "cmd arithmetic" },
            _host.Lines);
        Assert.Equal(new[] { "it is 5" }, _host.Printed);
    }

    [Fact]
    public void IfErrors()
    {
        Assert.Contains("strings can only be compared", Fails("if \"abc < def\" then \"cmd x\"").Message);
        Assert.Contains("expected 'then'", Fails("if \"1\" \"cmd x\"").Message);
        var e = Fails("if \"1\" then \"cmd ${zz}\"", "in.if");
        Assert.Contains("undefined variable 'zz'", e.Message);
        Assert.Equal((1, 18), (e.Location!.Line, e.Location.Column));
    }

    [Fact]
    public void IfCanBreakOutOfLoop()
    {
        _in.RunString("""
            variable i loop 10
            label l
            cmd $i
            if "$i >= 3" then "jump SELF done"
            next i
            jump SELF l
            label done
            cmd finished
            """);
        Assert.Equal(new[] { "cmd 1", "cmd 2", "cmd 3", "cmd finished" }, _host.Lines);
    }

    [Fact]
    public void IncludeRunsFileInPlace()
    {
        var inc = WriteFile("in.inc", "cmd inc1 $a\ncmd inc2\n");
        _in.RunString($"variable a string A\ncmd before\ninclude {inc}\ncmd after\nif \"1\" then \"include {inc}\" \"cmd then\"");
        Assert.Equal(new[] { "cmd before", "cmd inc1 A", "cmd inc2", "cmd after", "cmd inc1 A", "cmd inc2", "cmd then" }, _host.Lines);

        var e = Fails("cmd ok\ninclude nothere.in", "in.main");
        Assert.Contains("cannot open input file 'nothere.in'", e.Message);
        Assert.Equal(new SourceLocation("in.main", 2, 9, "include nothere.in"), e.Location);

        var bad = WriteFile("in.bad", "cmd x\ncmd ${undefined}\n");
        var e2 = Fails($"include {bad}");
        Assert.Equal((bad, 2, 5), (e2.Location!.File, e2.Location.Line, e2.Location.Column));

        var loop = WriteFile("in.self", "include in.self\n");
        Assert.Contains("nested", Assert.Throws<GarneticsException>(() => _in.RunFile(loop)).Message);
    }

    [Fact]
    public void PrintSubstitutesAndWritesFiles()
    {
        var f = Path.Combine(Dir, "out.txt");
        _in.RunString($$"""
            variable x equal 2.5
            print "x = ${x} and $(v_x*2:%.2f)"
            print 'quiet' screen no
            print "first" file {{f}}
            print "second $x" append {{f}}
            print plain words
            """);
        Assert.Equal(new[] { "x = 2.5 and 5.00", "first", "second 2.5", "plain words" }, _host.Printed);
        Assert.Contains(("quiet", false, true), _host.Prints);
        Assert.Equal("first\nsecond 2.5\n", File.ReadAllText(f));
        Assert.Contains("unknown print keyword", Fails("print \"a\" screen no bogus 1").Message);
    }

    [Fact]
    public void ClearQuitEchoShellAndLog()
    {
        _in.RunString("clear\nlog log.txt append\necho screen\ncmd $(1+1)\nquit 3\ncmd never");
        Assert.Equal(1, _host.Clears);
        Assert.Equal(new[] { "log log.txt append", "cmd 2" }, _host.Lines);
        Assert.Equal(EchoMode.Screen, _in.Echo);
        Assert.Contains(("cmd $(1+1)", true, false), _host.Prints);
        Assert.Contains(("cmd 2", true, false), _host.Prints);
        Assert.True(_in.QuitRequested);
        Assert.Equal(3, _in.ExitCode);

    }

    [Fact]
    public void ShellMakesMovesAndRemovesFilesAndWarnsOnFailure()
    {
        string dir = Path.Combine(Path.GetTempPath(), "garnetics-shell-" + Guid.NewGuid().ToString("N"));
        var host = new FakeHost();
        var it = new Interpreter(host) { Echo = EchoMode.None };
        it.RunString($"""
shell mkdir {dir}/a/b {dir}/c
print "x" file {dir}/a/b/f.txt
shell mv {dir}/a/b/f.txt {dir}/c
shell putenv GARNETICS_SHELL_TEST=ok=1
shell echo hi > {dir}/sh.txt
shell rm {dir}/missing.txt
shell rmdir {dir}/a
shell false
""", "s.in");
        Assert.True(File.Exists(Path.Combine(dir, "c", "f.txt")));
        Assert.False(Directory.Exists(Path.Combine(dir, "a")));
        Assert.Equal("ok=1", Environment.GetEnvironmentVariable("GARNETICS_SHELL_TEST"));
        Assert.Equal("hi", File.ReadAllText(Path.Combine(dir, "sh.txt")).Trim());   // other commands go to /bin/sh
        var warnings = host.Prints.Select(p => p.text).Where(t => t.StartsWith("WARNING: shell")).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("no file", warnings[0]);
        Assert.Contains("s.in:6", warnings[0]);
        Assert.Contains("exit status 1", warnings[1]);
        var e = Assert.Throws<GarneticsException>(() => it.RunString("shell mv onlyone", "s.in"));
        Assert.Contains("mv old new", e.Message);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void HostErrorsWithoutLocationGetTheCommandLocation()
    {
        var host = new ThrowingHost();
        var it = new Interpreter(host) { Echo = EchoMode.None };
        var e = Assert.Throws<GarneticsException>(() => it.RunString("units lj\n  bad 1", "in.h"));
        Assert.Equal(new SourceLocation("in.h", 2, 3, "  bad 1"), e.Location);
    }

    private sealed class ThrowingHost : IInterpreterHost
    {
        public void ExecuteCommand(CommandArgs args)
        {
            if (args.Command == "bad") throw new GarneticsException("bad command");
        }
        public bool TryEvaluateKeyword(string name, SourceLocation loc, out double value) { value = 0; return false; }
        public bool TryEvaluateGroupFunction(string function, IReadOnlyList<string> args, SourceLocation loc, out double value) { value = 0; return false; }
        public void Print(string text, bool screen = true, bool log = true) { }
        public void Clear() { }
    }

    [Fact]
    public void DescribePointsAtTheColumn()
    {
        var e = Fails("variable x equal \"2 + * 3\"", "in.d");
        Assert.Equal("ERROR: in.d:1:23: bad expression '2 + * 3': unexpected '*' at column 5; expected a number, name, function, '(' or unary '-'/'!'\n"
                     + "  variable x equal \"2 + * 3\"\n"
                     + "                        ^", e.Describe());
        var e2 = Fails("variable x equal 1/0\ncmd $x", "in.d");
        Assert.Equal((1, 19), (e2.Location!.Line, e2.Location.Column));
        Assert.Contains("division by zero", e2.Message);
    }

    [Fact]
    public void SubstituteIsAvailableToEngineCode()
    {
        _in.RunString("variable t equal temp*2");
        Assert.Equal("T=3 '$t'", _in.Substitute("T=$t '$t'"));
    }
}

/// <summary>Operator semantics checked against the installed LAMMPS on the same expressions.</summary>
public class ExpressionLammpsParityTests
{
    [Fact]
    public void OperatorsEvaluateLikeLammps()
    {
        string[] exprs = ["2^3^2", "-2^2", "2^-1", "10-2-3", "8/2/2", "7%3", "2+3*4^2", "!0+1", "1<2==1", "3>2&&2>3||1", "-3%2"];
        string deck = string.Join("\n", exprs.Select((e, i) => $"variable v{i} equal \"{e}\"")) + "\n" +
                      "print \"" + string.Join(" ", exprs.Select((_, i) => $"$(v_v{i}:%.17g)")) + "\" file out.txt\n";
        var dir = LammpsRunner.Run(deck);
        var expected = Numbers.ReadFile(dir.File("out.txt"));
        var (_, output) = DeckRunner.Run(deck.Replace(" file out.txt", ""));
        var line = output.Split('\n').First(l => l.Length > 0 && !l.StartsWith("Garnetics", StringComparison.Ordinal));
        var actual = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < exprs.Length; i++) Assert.True(expected[i] == actual[i], $"{exprs[i]}: LAMMPS {expected[i]} vs Garnetics {actual[i]}");
    }
}
