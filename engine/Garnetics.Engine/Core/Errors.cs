namespace Garnetics.Engine.Core;

/// <summary>A position in an input deck or data file: file, 1-based line and column, and the line's text.</summary>
public sealed record SourceLocation(string File, int Line, int Column, string? LineText = null)
{
    public static readonly SourceLocation None = new("<none>", 0, 0);
    public override string ToString() => Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}

/// <summary>
/// A user error: bad deck, bad data file, physically invalid state (lost atoms, NaN energy).
/// The CLI prints it as one clear message with the location and exits non-zero; no stack trace unless -debug.
/// </summary>
public class GarneticsException : Exception
{
    public SourceLocation? Location { get; set; }
    /// <summary>The offending text, quoted in the message when known.</summary>
    public string? Offending { get; set; }

    public GarneticsException(string message, SourceLocation? location = null, string? offending = null,
        Exception? inner = null) : base(message, inner)
    {
        Location = location;
        Offending = offending;
    }

    /// <summary>Full message: "file:line:col: message" followed by the line with a caret under the column.</summary>
    public string Describe()
    {
        var sb = new System.Text.StringBuilder();
        sb.Append("ERROR: ");
        if (Location != null && Location.Line > 0) sb.Append(Location).Append(": ");
        sb.Append(Message);
        if (Offending != null && !Message.Contains(Offending, StringComparison.Ordinal))
            sb.Append(" (at '").Append(Offending).Append("')");
        if (Location?.LineText is { } text && text.Length > 0)
        {
            sb.Append('\n').Append("  ").Append(text.TrimEnd());
            if (Location.Column > 0)
                sb.Append('\n').Append("  ").Append(new string(' ', Math.Min(Location.Column - 1, text.Length))).Append('^');
        }
        return sb.ToString();
    }
}
