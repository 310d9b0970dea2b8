namespace Garnetics.Engine.IO;

/// <summary>
/// Chemical elements H..Bi (plus Th, U) with standard (conventional IUPAC) atomic masses in g/mol, used to set per-type
/// masses automatically when a structure file names its elements.
/// </summary>
public static class PeriodicTable
{
    private static readonly (string Symbol, double Mass)[] Table =
    [
        ("H", 1.008), ("He", 4.002602), ("Li", 6.94), ("Be", 9.0121831), ("B", 10.81), ("C", 12.011),
        ("N", 14.007), ("O", 15.999), ("F", 18.998403163), ("Ne", 20.1797), ("Na", 22.98976928), ("Mg", 24.305),
        ("Al", 26.9815385), ("Si", 28.085), ("P", 30.973761998), ("S", 32.06), ("Cl", 35.45), ("Ar", 39.948),
        ("K", 39.0983), ("Ca", 40.078), ("Sc", 44.955908), ("Ti", 47.867), ("V", 50.9415), ("Cr", 51.9961),
        ("Mn", 54.938044), ("Fe", 55.845), ("Co", 58.933194), ("Ni", 58.6934), ("Cu", 63.546), ("Zn", 65.38),
        ("Ga", 69.723), ("Ge", 72.630), ("As", 74.921595), ("Se", 78.971), ("Br", 79.904), ("Kr", 83.798),
        ("Rb", 85.4678), ("Sr", 87.62), ("Y", 88.90584), ("Zr", 91.224), ("Nb", 92.90637), ("Mo", 95.95),
        ("Tc", 98.0), ("Ru", 101.07), ("Rh", 102.90550), ("Pd", 106.42), ("Ag", 107.8682), ("Cd", 112.414),
        ("In", 114.818), ("Sn", 118.710), ("Sb", 121.760), ("Te", 127.60), ("I", 126.90447), ("Xe", 131.293),
        ("Cs", 132.90545196), ("Ba", 137.327), ("La", 138.90547), ("Ce", 140.116), ("Pr", 140.90766),
        ("Nd", 144.242), ("Pm", 145.0), ("Sm", 150.36), ("Eu", 151.964), ("Gd", 157.25), ("Tb", 158.92535),
        ("Dy", 162.500), ("Ho", 164.93033), ("Er", 167.259), ("Tm", 168.93422), ("Yb", 173.045),
        ("Lu", 174.9668), ("Hf", 178.49), ("Ta", 180.94788), ("W", 183.84), ("Re", 186.207), ("Os", 190.23),
        ("Ir", 192.217), ("Pt", 195.084), ("Au", 196.966569), ("Hg", 200.592), ("Tl", 204.38), ("Pb", 207.2),
        ("Bi", 208.98040), ("Th", 232.0377), ("U", 238.02891),
    ];

    private static readonly Dictionary<string, (int Z, double Mass)> BySymbol = BuildIndex();

    private static Dictionary<string, (int, double)> BuildIndex()
    {
        var d = new Dictionary<string, (int, double)>(StringComparer.Ordinal);
        for (int i = 0; i < Table.Length; i++)
        {
            int z = Table[i].Symbol switch { "Th" => 90, "U" => 92, _ => i + 1 };
            d[Table[i].Symbol] = (z, Table[i].Mass);
        }
        return d;
    }

    /// <summary>All known symbols.</summary>
    public static IEnumerable<string> Symbols => Table.Select(t => t.Symbol);

    public static bool IsKnown(string symbol) => BySymbol.ContainsKey(symbol);

    /// <summary>Standard atomic mass (g/mol) of an element given by its exact symbol ("Li", not "LI").</summary>
    public static bool TryGetMass(string symbol, out double mass)
    {
        if (BySymbol.TryGetValue(symbol, out var e)) { mass = e.Mass; return true; }
        mass = 0;
        return false;
    }

    public static double Mass(string symbol) =>
        TryGetMass(symbol, out var m) ? m : throw new Core.GarneticsException($"unknown element '{symbol}'");

    /// <summary>Atomic number, or 0 if unknown.</summary>
    public static int AtomicNumber(string symbol) => BySymbol.TryGetValue(symbol, out var e) ? e.Z : 0;

    /// <summary>
    /// Canonical element symbol from a label such as "li", "LI", "Li+", "La3+", "O2-", "Li_sv", "Zr1" or "O12a":
    /// the leading letters, capitalised, trying two letters before one. Null if no known element matches.
    /// </summary>
    public static string? Normalize(string label)
    {
        int n = 0;
        while (n < label.Length && n < 2 && char.IsAsciiLetter(label[n])) n++;
        if (n == 0) return null;
        if (n == 2)
        {
            string two = char.ToUpperInvariant(label[0]) + char.ToLowerInvariant(label[1]).ToString();
            if (BySymbol.ContainsKey(two)) return two;
        }
        string one = char.ToUpperInvariant(label[0]).ToString();
        return BySymbol.ContainsKey(one) ? one : null;
    }

    /// <summary>
    /// Strict symbol check for species columns: the whole token must be an element symbol (any letter case).
    /// </summary>
    public static string? NormalizeExact(string token)
    {
        if (token.Length is < 1 or > 2 || !token.All(char.IsAsciiLetter)) return null;
        string s = char.ToUpperInvariant(token[0]) + (token.Length == 2 ? char.ToLowerInvariant(token[1]).ToString() : "");
        return BySymbol.ContainsKey(s) ? s : null;
    }
}
