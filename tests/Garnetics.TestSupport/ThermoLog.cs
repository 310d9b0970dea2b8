namespace Garnetics.TestSupport;

/// <summary>
/// Parses thermo tables from a LAMMPS or Garnetics log or screen output: a header line whose first word is "Step"
/// (or another first column), rows of as many numbers as the header has words, ended by "Loop time". Lines inside a
/// table that are not such rows (warnings) are skipped.
/// </summary>
public static class ThermoLog
{
    public sealed record Table(string[] Columns, List<double[]> Rows)
    {
        public double[] Column(string name)
        {
            int k = Array.IndexOf(Columns, name);
            if (k < 0) throw new KeyNotFoundException($"no thermo column {name} in [{string.Join(", ", Columns)}]");
            return Rows.Select(r => r[k]).ToArray();
        }
    }

    /// <summary>Every table of <paramref name="text"/>, in order.</summary>
    /// <param name="firstColumn">the first word of the header ("PotEng" for a thermo_style without step)</param>
    public static List<Table> Parse(string text, string firstColumn = "Step")
    {
        var tables = new List<Table>();
        Table? cur = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith(firstColumn + " ", StringComparison.Ordinal) || line == firstColumn)
            {
                cur = new Table(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), []);
                tables.Add(cur);
                continue;
            }
            if (cur == null) continue;
            if (line.StartsWith("Loop time", StringComparison.Ordinal)) { cur = null; continue; }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != cur.Columns.Length) continue;
            var vals = new double[parts.Length];
            bool ok = true;
            for (int k = 0; k < parts.Length && ok; k++)
                ok = double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out vals[k]);
            if (ok) cur.Rows.Add(vals);
        }
        return tables;
    }

    /// <summary>The rows of all tables of <paramref name="text"/>, one after the other.</summary>
    public static List<double[]> Rows(string text) => Parse(text).SelectMany(t => t.Rows).ToList();

    /// <summary>
    /// Same columns and rows, and every value of <paramref name="actual"/> within rel·|expected| + abs of
    /// <paramref name="expected"/> (the message names the run label, step and column).
    /// </summary>
    public static void AssertClose(Table expected, Table actual, double rel, double abs, string label = "")
    {
        Xunit.Assert.Equal(expected.Columns, actual.Columns);
        Xunit.Assert.Equal(expected.Rows.Count, actual.Rows.Count);
        for (int i = 0; i < expected.Rows.Count; i++)
            for (int k = 0; k < expected.Columns.Length; k++)
            {
                double x = expected.Rows[i][k], y = actual.Rows[i][k];
                Xunit.Assert.True(Tolerance.Within(x, y, rel, abs),
                    string.Create(CultureInfo.InvariantCulture, $"{label}step {expected.Rows[i][0]} {expected.Columns[k]}: LAMMPS {x:R} vs Garnetics {y:R}"));
            }
    }
}
