using System.Globalization;

namespace Garnetics.Integration.Tests;

/// <summary>Parses thermo tables (a header line starting with "Step", rows of numbers, ended by "Loop time") from a LAMMPS or Garnetics log.</summary>
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

    public static List<Table> Parse(string text)
    {
        var tables = new List<Table>();
        Table? cur = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("Step ", StringComparison.Ordinal) || line == "Step")
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
                Xunit.Assert.True(Math.Abs(x - y) <= rel * Math.Abs(x) + abs,
                    string.Create(CultureInfo.InvariantCulture, $"{label}step {expected.Rows[i][0]} {expected.Columns[k]}: LAMMPS {x:R} vs Garnetics {y:R}"));
            }
    }

    /// <summary>Relative agreement to n significant digits (with an absolute floor for values near zero).</summary>
    public static bool SameDigits(double a, double b, int digits, double absFloor = 1e-12)
    {
        double tol = 0.5 * Math.Pow(10, 1 - digits);
        return Math.Abs(a - b) <= tol * Math.Max(Math.Abs(a), Math.Abs(b)) + absFloor;
    }
}
