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

    /// <summary>Relative agreement to n significant digits (with an absolute floor for values near zero).</summary>
    public static bool SameDigits(double a, double b, int digits, double absFloor = 1e-12)
    {
        double tol = 0.5 * Math.Pow(10, 1 - digits);
        return Math.Abs(a - b) <= tol * Math.Max(Math.Abs(a), Math.Abs(b)) + absFloor;
    }
}
