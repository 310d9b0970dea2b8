namespace Garnetics.TestSupport;

/// <summary>One snapshot of a LAMMPS text dump (custom style, first column the atom ID); rows ordered by ID.</summary>
public sealed record DumpSnapshot(long Step, string[] Columns, double[][] Rows)
{
    /// <summary>Rows indexed by ID − 1 (IDs 1..N), without the ID column.</summary>
    public double[][] ByTag()
    {
        var byTag = new double[Rows.Length][];
        foreach (var r in Rows) byTag[(int)r[0] - 1] = r[1..];
        return byTag;
    }
}

/// <summary>Reads LAMMPS text dumps written by LAMMPS (dump / write_dump) or by Garnetics.</summary>
public static class LammpsDump
{
    /// <summary>The last snapshot of the dump.</summary>
    public static DumpSnapshot ReadLast(string path)
    {
        var lines = File.ReadAllLines(path);
        int step = -1, start = -1;
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("ITEM: TIMESTEP", StringComparison.Ordinal)) step = i + 1;
            if (lines[i].StartsWith("ITEM: ATOMS", StringComparison.Ordinal)) start = i + 1;
        }
        if (start < 0) throw new InvalidOperationException($"no ITEM: ATOMS section in {path}");
        var columns = lines[start - 1]["ITEM: ATOMS".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rows = new List<double[]>();
        for (int i = start; i < lines.Length && !lines[i].StartsWith("ITEM:", StringComparison.Ordinal); i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            rows.Add(Numbers.Of(lines[i]));
        }
        rows.Sort((a, b) => a[0].CompareTo(b[0]));
        long ts = step > 0 && step < lines.Length && long.TryParse(lines[step].Trim(), out var t) ? t : -1;
        return new DumpSnapshot(ts, columns, rows.ToArray());
    }

    /// <summary>Rows (all columns, ID first) of the last snapshot, ordered by ID.</summary>
    public static double[][] Read(string path) => ReadLast(path).Rows;
}
