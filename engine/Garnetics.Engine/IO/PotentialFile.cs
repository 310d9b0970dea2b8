namespace Garnetics.Engine.IO;

/// <summary>One word of a potential file with where it stands, for error messages.</summary>
public readonly record struct PotentialWord(string Text, SourceLocation Location)
{
    /// <summary>An error at this word.</summary>
    public GarneticsException Error(string message) => new(message, Location, Text);

    /// <summary>The word as a finite number, or an error naming what was expected.</summary>
    public double Number(string what) =>
        IoUtil.TryParseDouble(Text, out double v) ? v : throw Error($"bad number '{Text}': expected {what} (a finite floating-point number)");
}

/// <summary>
/// Reader for LAMMPS-style potential parameter files (.sw, .tersoff, ...): whitespace-separated words, '#' to the
/// end of a line is a comment, and an entry may span lines. For plugin styles: every word keeps its file, line and
/// column, so a bad value is reported where it stands.
/// </summary>
public static class PotentialFile
{
    /// <summary>All words of the file. A missing or unreadable file is an error at <paramref name="at"/> (the deck line naming it).</summary>
    public static List<PotentialWord> Words(string path, SourceLocation? at, string what)
    {
        var words = new List<PotentialWord>();
        using var src = LineSource.Open(path, what, at);
        while (src.Next() is { } line)
            foreach (var t in LineSource.Tokenize(line))
                words.Add(new PotentialWord(t.Text, src.Here(t.Column)));
        if (words.Count == 0) throw new GarneticsException($"{what} '{path}' holds no entries", at, path);
        return words;
    }
}
