using System.Numerics;

namespace Garnetics.Engine.Core;

/// <summary>One word of a command after substitution and quote removal, with where it came from.</summary>
public sealed record Word(string Text, SourceLocation Location, bool Quoted = false)
{
    public override string ToString() => Text;
}

/// <summary>
/// The words of one deck command (the command name is not included). Typed accessors throw a
/// <see cref="GarneticsException"/> naming the location and what was expected.
/// </summary>
public sealed class CommandArgs
{
    public string Command { get; }
    public IReadOnlyList<Word> Words { get; }
    public SourceLocation Location { get; }

    public CommandArgs(string command, IReadOnlyList<Word> words, SourceLocation location)
    {
        Command = command;
        Words = words;
        Location = location;
    }

    /// <summary>Convenience constructor for programmatic use and tests.</summary>
    public static CommandArgs Of(string command, params string[] words)
    {
        var loc = new SourceLocation("<api>", 0, 0);
        return new CommandArgs(command, words.Select(w => new Word(w, loc)).ToList(), loc);
    }

    public int Count => Words.Count;
    public string this[int i] => Words[i].Text;

    public SourceLocation LocationOf(int i) => i < Words.Count ? Words[i].Location : Location;

    public GarneticsException Error(int i, string message) =>
        new(message, LocationOf(i), i < Words.Count ? Words[i].Text : null);

    public GarneticsException Error(string message) => new(message, Location);

    /// <summary>Require between min and max words (max = -1: unbounded).</summary>
    public void Require(int min, int max = -2, string? usage = null)
    {
        if (max == -2) max = min;
        if (Words.Count < min || (max >= 0 && Words.Count > max))
        {
            string expect = max == min ? $"{min}" : max < 0 ? $"at least {min}" : $"{min} to {max}";
            string msg = $"'{Command}' expects {expect} argument(s), got {Words.Count}";
            if (usage != null) msg += $"; usage: {Command} {usage}";
            int at = Words.Count > max && max >= 0 ? max : -1;
            throw at >= 0 ? Error(at, msg) : Error(msg);
        }
    }

    public string Str(int i, string what = "argument")
    {
        if (i >= Words.Count) throw Error($"'{Command}' is missing {what} (argument {i + 1})");
        return Words[i].Text;
    }

    public double Double(int i, string what = "number")
    {
        var s = Str(i, what);
        if (!TryParseDouble(s, out var v))
            throw Error(i, $"expected a floating-point {what}, got '{s}'");
        if (!double.IsFinite(v))
            throw Error(i, $"expected a finite {what}, got '{s}'");
        return v;
    }

    public int Int(int i, string what = "integer") => Integer<int>(i, what);

    /// <summary>
    /// An integer of at least <paramref name="min"/> (a count or a period); the error for a smaller one says
    /// "<paramref name="name"/> must be &gt;= min". <paramref name="what"/> describes it when it is not a number (default: the name).
    /// </summary>
    public int IntAtLeast(int i, int min, string name, string? what = null)
    {
        int v = Int(i, what ?? name);
        if (v < min) throw Error(i, $"{name} must be >= {min}");
        return v;
    }

    public long Long(int i, string what = "integer") => Integer<long>(i, what);

    private T Integer<T>(int i, string what) where T : IBinaryInteger<T>
    {
        var s = Str(i, what);
        if (!T.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw Error(i, $"expected an integer {what}, got '{s}'");
        return v;
    }

    public bool YesNo(int i, string what = "yes/no")
    {
        var s = Str(i, what);
        return s switch
        {
            "yes" or "on" or "true" => true,
            "no" or "off" or "false" => false,
            _ => throw Error(i, $"expected yes or no for {what}, got '{s}'"),
        };
    }

    /// <summary>Parse one of the allowed keywords.</summary>
    public string Choice(int i, params string[] allowed)
    {
        var s = Str(i, string.Join("|", allowed));
        if (Array.IndexOf(allowed, s) < 0)
            throw Error(i, $"expected one of {string.Join(", ", allowed)}, got '{s}'");
        return s;
    }

    /// <summary>Words from index i on, as a new argument list (same command name).</summary>
    public CommandArgs Skip(int i) => new(Command, Words.Skip(i).ToList(), i < Words.Count ? Words[i].Location : Location);

    public static bool TryParseDouble(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && !s.Contains(',');

    /// <summary>
    /// LAMMPS type range "N", "*", "N*", "*M", "N*M" within 1..n. Returns inclusive bounds.
    /// </summary>
    public (int lo, int hi) TypeRange(int i, int n, string what = "atom type")
    {
        var s = Str(i, what);
        int lo, hi;
        int star = s.IndexOf('*');
        try
        {
            if (star < 0) lo = hi = int.Parse(s, CultureInfo.InvariantCulture);
            else
            {
                var a = s[..star];
                var b = s[(star + 1)..];
                lo = a.Length == 0 ? 1 : int.Parse(a, CultureInfo.InvariantCulture);
                hi = b.Length == 0 ? n : int.Parse(b, CultureInfo.InvariantCulture);
            }
        }
        catch (FormatException)
        {
            throw Error(i, $"expected {what} (N, *, N*, *M or N*M), got '{s}'");
        }
        catch (OverflowException)
        {
            throw Error(i, $"expected {what} (N, *, N*, *M or N*M), got '{s}'");
        }
        if (lo < 1 || hi > n || lo > hi)
            throw Error(i, $"{what} '{s}' is out of range 1..{n}");
        return (lo, hi);
    }
}
