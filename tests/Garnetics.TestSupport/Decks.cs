namespace Garnetics.TestSupport;

/// <summary>
/// Deck text of the tests' standard systems, one command a line, each line ending with a newline so that a test's own
/// commands follow (their line numbers in error locations count from there). The same text goes to Garnetics and, in
/// the parity tests, to LAMMPS.
/// </summary>
public static class Decks
{
    /// <summary>The reduced density of the LJ tests (LAMMPS's melt example).</summary>
    public const string LjFcc = "fcc 0.8442";

    /// <summary>
    /// A cubic box of <paramref name="cells"/>³ lattice cells filled with atoms: units, atom_style (none when null:
    /// LAMMPS's default, atomic), lattice, region box block 0 N 0 N 0 N, create_box with <paramref name="types"/> types,
    /// <paramref name="createAtoms"/>, the optional <paramref name="set"/> command (e.g. "set atom 1*80 type 2") and the
    /// masses: <paramref name="mass"/>, by default 1.0 for every type ("mass 1 1.0" for one type, "mass * 1.0" for more).
    /// </summary>
    public static string LatticeBox(string units, string lattice, string cells, int types = 1, string? atomStyle = "atomic",
        string createAtoms = "create_atoms 1 box", string? set = null, string? mass = null)
    {
        var lines = new List<string> { $"units {units}" };
        if (atomStyle != null) lines.Add($"atom_style {atomStyle}");
        lines.Add($"lattice {lattice}");
        lines.Add($"region box block 0 {cells} 0 {cells} 0 {cells}");
        lines.Add($"create_box {types} box");
        lines.Add(createAtoms);
        if (set != null) lines.Add(set);
        lines.Add(mass ?? $"mass {AllTypes(types, "1")} 1.0");
        return Lines(lines);
    }

    /// <summary>The LJ cell of the tests: <see cref="LatticeBox"/> in lj units on the fcc lattice at rho* = 0.8442.</summary>
    public static string LjCell(int cells = 4, int types = 1, string? atomStyle = "atomic", string createAtoms = "create_atoms 1 box",
        string? set = null) =>
        LatticeBox("lj", LjFcc, cells.ToString(CultureInfo.InvariantCulture), types, atomStyle, createAtoms, set);

    /// <summary>The LJ interaction of the tests: pair_style lj/cut 2.5 with epsilon = sigma = 1 and cut-off 2.5 for all type pairs.</summary>
    public static string LjPair(int types = 1) => Lines(["pair_style lj/cut 2.5", $"pair_coeff {AllTypes(types, "1 1")} 1.0 1.0 2.5"]);

    /// <summary>
    /// The hot LJ liquid of the tests (LAMMPS's melt example): an <see cref="LjCell"/>, velocity all create 3.0 87287
    /// loop geom, <see cref="LjPair"/>, the skin neighbor 0.3 bin when <paramref name="neighbor"/>, and fix 1 all nve.
    /// </summary>
    public static string LjLiquid(int cells = 4, int types = 1, string? atomStyle = "atomic", string createAtoms = "create_atoms 1 box",
        string? set = null, bool neighbor = true) =>
        LjCell(cells, types, atomStyle, createAtoms, set) + Lines(["velocity all create 3.0 87287 loop geom"]) + LjPair(types)
        + Lines(neighbor ? ["neighbor 0.3 bin", "fix 1 all nve"] : ["fix 1 all nve"]);

    /// <summary>"*" (or "* *") for all types when there are several, else the single type's own indices.</summary>
    private static string AllTypes(int types, string single) => types == 1 ? single : string.Join(' ', single.Split(' ').Select(_ => "*"));

    private static string Lines(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\n"));
}
