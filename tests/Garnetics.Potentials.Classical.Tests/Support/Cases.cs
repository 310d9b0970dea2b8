namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>A pair-style test case: structure, units, whether charges are used, the pair commands and its cut-offs.</summary>
public sealed record PairCase(string Name, string Units, bool Charge, string[] Commands, double[] Cutoffs, Func<int, Structure> Build)
{
    public override string ToString() => Name;
}

/// <summary>The pair settings used by the parity and finite-difference tests (LLZO types: 1 Li, 2 La, 3 Zr, 4 O).</summary>
public static class Cases
{
    private static readonly Lazy<Structure> TLlzo = new(Structure.TetragonalLlzo);

    /// <summary>Tetragonal LLZO, randomly displaced by up to 0.05 A (breaks the symmetry), replicated n x n x n.</summary>
    public static Structure Llzo(int n) => TLlzo.Value.Perturbed(0.05, 12345).Replicate(n, n, n);

    /// <summary>Same, compressed by 0.8 so that cation-anion pairs fall inside the ZBL inner cut-off.</summary>
    public static Structure LlzoCompressed(int n) => TLlzo.Value.Scaled(0.8).Perturbed(0.05, 777).Replicate(n, n, n);

    // Buckingham parameters of the usual LLZO shell-less rigid-ion kind (eV, A, eV A^6); cation-cation pairs off.
    public static readonly string[] BuckCoeffs =
    [
        "1 4 426.480 0.3 0.0",
        "2 4 4579.23 0.3044 0.0",
        "3 4 1453.8 0.35 0.0",
        "4 4 22764.3 0.149 27.89",
    ];

    public static readonly string[] ZblCoeffs =
    [
        "1 1 3 3", "2 2 57 57", "3 3 40 40", "4 4 8 8",
        "1 2 3 57", "1 3 3 40", "1 4 3 8", "2 3 57 40", "2 4 57 8", "3 4 40 8",
    ];

    public static readonly PairCase LjCut = new("lj/cut", "lj", false,
        ["pair_style lj/cut 2.5", "pair_coeff 1 1 1.0 1.0", "pair_coeff 2 2 1.5 1.1 2.8", "pair_modify shift yes mix arithmetic"],
        [2.5, 2.65, 2.8], n => Structure.LjFcc(n, 0.8442, 4242, 0.05));

    public static readonly PairCase Buck = new("buck", "metal", false,
        ["pair_style buck 10.0", "pair_coeff * * 0.0 1.0 0.0", .. BuckCoeffs.Select(c => "pair_coeff " + c), "pair_coeff 1 4 426.480 0.3 0.0 8.0"],
        [10.0, 8.0], Llzo);

    public static readonly PairCase BuckShift = new("buck shift", "metal", false,
        ["pair_style buck 10.0", "pair_coeff * * 0.0 1.0 0.0", .. BuckCoeffs.Select(c => "pair_coeff " + c), "pair_modify shift yes"],
        [10.0], Llzo);

    public static readonly PairCase Born = new("born", "metal", false,
        ["pair_style born 10.0", "pair_coeff * * 0.0 1.0 0.0 0.0 0.0",
         "pair_coeff 1 4 0.35 0.30 2.0 1.2 0.4", "pair_coeff 2 4 0.9 0.33 2.5 20.0 6.0",
         "pair_coeff 3 4 0.8 0.35 2.1 10.0 3.0", "pair_coeff 4 4 0.2 0.25 3.0 30.0 9.0 9.5", "pair_modify shift yes"],
        [10.0, 9.5], Llzo);

    public static readonly PairCase Morse = new("morse", "metal", false,
        ["pair_style morse 10.0", "pair_coeff * * 0.01 1.0 3.5",
         "pair_coeff 1 4 0.5 2.0 2.1", "pair_coeff 2 4 1.2 1.8 2.5", "pair_coeff 3 4 1.5 2.0 2.1 9.0", "pair_coeff 4 4 0.05 1.2 3.0"],
        [10.0, 9.0], Llzo);

    public static readonly PairCase MorseShift = new("morse shift", "metal", false,
        ["pair_style morse 10.0", "pair_coeff * * 0.01 1.0 3.5", "pair_coeff 1 4 0.5 2.0 2.1", "pair_modify shift yes"],
        [10.0], Llzo);

    public static readonly PairCase Zbl = new("zbl", "metal", false,
        ["pair_style zbl 1.6 2.6", "pair_coeff 1 1 3 3", "pair_coeff 2 2 57 57", "pair_coeff 3 3 40 40", "pair_coeff 4 4 8 8",
         "pair_coeff 2 3 57.0 40.0"],
        [2.6], LlzoCompressed);

    public static readonly PairCase CoulCut = new("coul/cut", "metal", true,
        ["pair_style coul/cut 10.0", "pair_coeff * *", "pair_coeff 4 4 9.0"], [10.0, 9.0], Llzo);

    public static readonly PairCase CoulWolf = new("coul/wolf", "metal", true,
        ["pair_style coul/wolf 0.2 10.0", "pair_coeff * *"], [10.0], Llzo);

    public static readonly PairCase CoulDsf = new("coul/dsf", "metal", true,
        ["pair_style coul/dsf 0.2 10.0", "pair_coeff * *"], [10.0], Llzo);

    public static readonly PairCase BuckCoulCut = new("buck/coul/cut", "metal", true,
        ["pair_style buck/coul/cut 10.0", "pair_coeff * * 0.0 1.0 0.0", .. BuckCoeffs.Select(c => "pair_coeff " + c)], [10.0], Llzo);

    public static readonly PairCase BuckCoulCutTwoCuts = new("buck/coul/cut two cut-offs", "metal", true,
        ["pair_style buck/coul/cut 8.0 10.0", "pair_coeff * * 0.0 1.0 0.0", .. BuckCoeffs.Select(c => "pair_coeff " + c),
         "pair_coeff 4 4 22764.3 0.149 27.89 7.0 9.0", "pair_coeff 1 4 426.480 0.3 0.0 6.5", "pair_modify shift yes"],
        [10.0, 8.0, 7.0, 9.0, 6.5], Llzo);

    public static readonly PairCase Hybrid = new("hybrid/overlay", "metal", true,
        ["pair_style hybrid/overlay buck 10.0 zbl 1.6 2.6 coul/cut 10.0",
         .. BuckCoeffs.Select(c => "pair_coeff " + c.Insert(4, "buck ")),
         .. ZblCoeffs.Select(c => "pair_coeff " + c.Insert(4, "zbl ")),
         "pair_coeff * * coul/cut",
         "pair_modify pair buck shift yes"],
        [10.0, 2.6], Llzo);

    public static readonly PairCase[] All =
        [LjCut, Buck, BuckShift, Born, Morse, MorseShift, Zbl, CoulCut, CoulWolf, CoulDsf, BuckCoulCut, BuckCoulCutTwoCuts, Hybrid];

    public static PairCase Get(string name) => All.First(c => c.Name == name);
}
