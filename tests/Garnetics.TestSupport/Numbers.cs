namespace Garnetics.TestSupport;

/// <summary>Numbers printed by reference programs and written by output commands (invariant culture).</summary>
public static class Numbers
{
    private static readonly char[] Blanks = [' ', '\t', '\n', '\r'];

    public static double Parse(string word) => double.Parse(word, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The whitespace-separated numbers of a line (or of a whole text).</summary>
    public static double[] Of(string text) => text.Split(Blanks, StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();

    /// <summary>The whitespace-separated numbers of a file (e.g. written by LAMMPS's print command).</summary>
    public static double[] ReadFile(string path) => Of(File.ReadAllText(path));

    /// <summary>One row of numbers per non-blank line of a text file; lines starting with '#' are comments.</summary>
    public static double[][] ReadTable(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0 && !l.StartsWith('#')).Select(Of).ToArray();
}
