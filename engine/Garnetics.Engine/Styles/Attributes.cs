namespace Garnetics.Engine.Styles;

public enum StyleKind { Command, Pair, Fix, Compute, Dump, MinStyle, KSpace }

/// <summary>
/// Marks a class as implementing a deck keyword. The registry scans every loaded assembly for these, so plugin
/// assemblies add styles without any change to the engine. <see cref="Help"/> is the one-paragraph help printed by
/// `garnetics help NAME`.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class StyleAttribute(StyleKind kind, string name) : Attribute
{
    public StyleKind Kind { get; } = kind;
    public string Name { get; } = name;
    /// <summary>Syntax line, e.g. "pair_style lj/cut Rc".</summary>
    public string Syntax { get; set; } = "";
    /// <summary>One paragraph: what it does, its formula, conventions and defaults.</summary>
    /// <remarks>Written as a raw string over several source lines: each line break is read as one space.</remarks>
    public string Help { get => _help; set => _help = OneParagraph(value); }
    private string _help = "";

    /// <summary>A text written over several lines as one paragraph: every line break becomes one space.</summary>
    public static string OneParagraph(string text) => text.Replace("\r\n", "\n").Replace('\n', ' ');
}

/// <summary>A top-level deck command such as `units` or `run`.</summary>
public sealed class CommandAttribute(string name) : StyleAttribute(StyleKind.Command, name);
public sealed class PairStyleAttribute(string name) : StyleAttribute(StyleKind.Pair, name);
public sealed class FixStyleAttribute(string name) : StyleAttribute(StyleKind.Fix, name);
public sealed class ComputeStyleAttribute(string name) : StyleAttribute(StyleKind.Compute, name);
public sealed class DumpStyleAttribute(string name) : StyleAttribute(StyleKind.Dump, name);
public sealed class MinStyleAttribute(string name) : StyleAttribute(StyleKind.MinStyle, name);
public sealed class KSpaceStyleAttribute(string name) : StyleAttribute(StyleKind.KSpace, name);
