namespace Garnetics.TestSupport;

/// <summary>The LLZO reference structures of the shared data and the LLZO inputs written from them.</summary>
public static class LlzoData
{
    /// <summary>Element order of the LLZO types 1..4.</summary>
    public const string Elements = "Li La Zr O";

    /// <summary>Tetragonal LLZO from DFT (I4_1/acd, 192 atoms), a CIF.</summary>
    public static string TetragonalCif => TestPaths.Structure("t-llzo-dft.cif");

    /// <summary>Cubic LLZO, 12288 atoms at 1000 K, extended XYZ.</summary>
    public static string Cubic12288Xyz => TestPaths.Structure("c-llzo-12288-1000K.xyz");

    /// <summary>The NEP model folder of the shared data (LLZO NEP4 + ZBL, 25 training configurations).</summary>
    public static string Nep25Dir => Path.Combine(TestPaths.SharedData, "nep", "llzo-nep25-zbl");

    /// <summary>The 25 DFT configurations the NEP model was trained on (extended XYZ).</summary>
    public static string TrainXyz => Path.Combine(Nep25Dir, "train.xyz");

    /// <summary>
    /// data.lmp in <paramref name="dir"/>: the 192-atom tetragonal DFT cell with formal charges (Li +1, La +3, Zr +4,
    /// O −2), written by the garnetics CLI so LAMMPS and Garnetics read the same file (test projects that build the CLI).
    /// </summary>
    public static string WriteChargedData(string dir)
    {
        File.WriteAllText(Path.Combine(dir, "make.in"), $"""
            units metal
            atom_style charge
            read_data {TetragonalCif} elements {Elements}
            set type 1 charge 1.0
            set type 2 charge 3.0
            set type 3 charge 4.0
            set type 4 charge -2.0
            write_data data.lmp
            """);
        var w = CliRunner.Run(dir, "-in", "make.in", "-log", "log.make");
        if (w.ExitCode != 0) throw new InvalidOperationException("writing the LLZO data file failed:\n" + w.All);
        return Path.Combine(dir, "data.lmp");
    }

    /// <summary>
    /// The LLZO rigid-ion potential file of the decks (inputs/llzo-buck-dsf.potential: the formal charges, buck +
    /// coul/dsf 10 A; types Li La Zr O), for a deck to include.
    /// </summary>
    public static string BuckDsfPotential => TestPaths.InRepo("inputs", "llzo-buck-dsf.potential");

    /// <summary>The Buckingham pairs of that potential: types, then A (eV), rho (A), C (eV A^6); cation-cation pairs off.</summary>
    private static readonly (string Types, string Coeffs)[] Buckingham =
    [
        ("* *", "0.0 1.0 0.0"),
        ("1 4", "426.480 0.3000 0.0"),
        ("2 4", "1439.7 0.3651 0.0"),
        ("3 4", "1453.8 0.3500 0.0"),
        ("4 4", "22764.0 0.1490 27.879"),
    ];

    /// <summary>The Buckingham pairs as the pair_coeff lines of buck/coul/cut or buck/coul/long (one a line).</summary>
    public static string BuckPairCoeffs => string.Concat(Buckingham.Select(b => $"pair_coeff {b.Types} {b.Coeffs}\n"));
}
