using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// pair_modify table N for the coul/long family: the tabulated real-space Coulomb term against the direct full-precision
/// path (the reference: erfc to 1e-15), and the settings (default table 12 with tabinner sqrt(2), table 0 = direct).
/// </summary>
public sealed class CoulLongTableTests(ITestOutputHelper log)
{
    private static readonly Lazy<Structure> Cell = new(() => Cases.Llzo(1));

    /// <summary>Largest relative differences (energy, F r) of the table against the direct path over r in [inner, cut].</summary>
    private static (double e, double f) MaxRelativeError(double g, double inner, double cut, int bits, int points)
    {
        var table = CoulLongTable.Get(g, inner, cut, bits, null);
        var tab = new CoulLongTerm(1.0, g, cut, table);
        var direct = new CoulLongTerm(1.0, g, cut);
        double worstE = 0, worstF = 0;
        for (int i = 0; i <= points; i++)
        {
            double r = inner + (cut - inner) * i / points;
            double rsq = r * r;
            if (rsq >= cut * cut) rsq = Math.BitDecrement(cut * cut); // the kernels use rsq < Rc^2
            double f = tab.ForceTimesR(rsq, 1.0, 1.0, true, out double e);
            double f0 = direct.ForceTimesR(rsq, 1.0, 1.0, true, out double e0);
            worstE = Math.Max(worstE, Math.Abs(e - e0) / Math.Abs(e0));
            worstF = Math.Max(worstF, Math.Abs(f - f0) / Math.Abs(f0));
        }
        return (worstE, worstF);
    }

    /// <summary>
    /// Table 12 (the default) on 2 million r values between tabinner = sqrt(2) A and the cut-off, for the g_ewald range
    /// of garnet decks (0.2-0.6 1/A at 8-12 A): every relative error of energy and force below 1e-9 x (h/h10)^4, the bound
    /// stated in the help text, with h = (Rc^2 - tabinner^2)/4096 and h10 its value for Rc = 10 A (cubic Hermite: error
    /// ~ h^4 max|f^(4)|/384, largest near tabinner; measured 2e-10 to 9e-10 at Rc <= 10 A, 2.4e-9 at 12 A; LAMMPS's
    /// linear table is ~1e-6). Fewer points follow the h^4 law: table 8 (16x wider intervals) is about 16^4 = 65536x
    /// worse (measured 47000x-56000x), checked within a factor 2.
    /// </summary>
    [Theory]
    [InlineData(0.2, 10.0)]
    [InlineData(0.3, 10.0)]
    [InlineData(0.45, 10.0)]
    [InlineData(0.6, 8.0)]
    [InlineData(0.25, 12.0)]
    public void Table12RelativeErrorIsBelowStatedBound(double g, double cut)
    {
        double inner = Math.Sqrt(2.0);
        var (e, f) = MaxRelativeError(g, inner, cut, 12, 2_000_000);
        log.WriteLine($"g {g} Rc {cut}: table 12 max relative error energy {e:E3}, force {f:E3}");
        double bound = 1e-9 * Math.Max(1.0, Math.Pow((cut * cut - 2.0) / 98.0, 4));
        Assert.True(e < bound, $"energy relative error {e:E3} above {bound:E2}");
        Assert.True(f < bound, $"force relative error {f:E3} above {bound:E2}");
        Assert.True(e > 0 && f > 0, "the table path was not taken");
        var (e8, f8) = MaxRelativeError(g, inner, cut, 8, 200_000);
        log.WriteLine($"table 8: energy {e8:E3} ({e8 / e:F0}x), force {f8:E3} ({f8 / f:F0}x)");
        Assert.InRange(e8 / e, 65536 / 2.0, 65536 * 2.0);
        Assert.InRange(f8 / f, 65536 / 2.0, 65536 * 2.0);
    }

    /// <summary>At and below tabinner^2, and with table 0, the direct path is taken: bit-identical to the untabulated term.</summary>
    [Fact]
    public void DirectPathAtAndBelowTabinnerAndWithoutTable()
    {
        const double g = 0.31, cut = 10.0;
        var tab = new CoulLongTerm(14.399645, g, cut, CoulLongTable.Get(g, Math.Sqrt(2.0), cut, 12, null));
        var direct = new CoulLongTerm(14.399645, g, cut);
        foreach (double rsq in new[] { 0.5, 1.0, 1.9999, 2.0000000000000004 })
        {
            double a = tab.ForceTimesR(rsq, 1.2, -2.0, true, out double ea);
            double b = direct.ForceTimesR(rsq, 1.2, -2.0, true, out double eb);
            Assert.Equal(b, a);
            Assert.Equal(eb, ea);
        }
        // just above tabinner^2 (= 2.0000000000000004): tabulated, and continuous with the direct path (the first
        // interval starts on the exact value)
        double x = Math.BitIncrement(2.0000000000000004);
        double t = tab.ForceTimesR(x, 1.0, 1.0, true, out double et);
        double d = direct.ForceTimesR(x, 1.0, 1.0, true, out double ed);
        Assert.Equal(d, t, Math.Abs(d) * 1e-14);
        Assert.Equal(ed, et, Math.Abs(ed) * 1e-14);
        // mid-way through the first interval (h = 98/4096 A^2) the table differs from the direct path by ~1e-10 relative
        t = tab.ForceTimesR(2.012, 1.0, 1.0, true, out et);
        d = direct.ForceTimesR(2.012, 1.0, 1.0, true, out ed);
        Assert.NotEqual(d, t);
        Assert.Equal(d, t, Math.Abs(d) * 1e-9);
        Assert.Equal(ed, et, Math.Abs(ed) * 1e-9);
    }

    /// <summary>
    /// The whole 192-atom LLZO cell (buck/coul/long 10 A + ewald 1e-8): default (table 12), explicit table 12 and table 0
    /// agree to the table's error (energy 1e-10 relative, forces 1e-8 eV/A, pressure 1e-9 relative); tabinner and the
    /// table size are taken from pair_modify, and a new g_ewald (kspace_modify gewald) rebuilds the table.
    /// </summary>
    [Fact]
    public void SettingsAndWholeSystemAgreement()
    {
        var s = Cell.Value;
        string[] Deck(params string[] extra) =>
        [
            "pair_style buck/coul/long 10.0", "pair_coeff * * 0.0 1.0 0.0", .. Cases.BuckCoeffs.Select(c => "pair_coeff " + c),
            .. extra, "kspace_style ewald 1e-8",
        ];
        var def = GarneticsCalc.Create(s, "metal", true, Deck());
        var t12 = GarneticsCalc.Create(s, "metal", true, Deck("pair_modify table 12"));
        var t0 = GarneticsCalc.Create(s, "metal", true, Deck("pair_modify table 0"));
        var custom = GarneticsCalc.Create(s, "metal", true, Deck("pair_modify table 10 tabinner 2.5"));
        var pd = (PairBuckCoulLong)def.Pair!;
        Assert.Equal(12, pd.CoulTable!.Bits);
        Assert.Equal(Math.Sqrt(2.0), pd.CoulTable.Inner);
        Assert.Equal(def.KSpace!.GEwald, pd.CoulTable.G);
        Assert.Null(((PairBuckCoulLong)t0.Pair!).CoulTable);
        var pc = ((PairBuckCoulLong)custom.Pair!).CoulTable!;
        Assert.Equal((10, 2.5), (pc.Bits, pc.Inner));

        var rDef = GarneticsCalc.Result(def);
        var r12 = GarneticsCalc.Result(t12);
        Assert.Equal(r12.Pe, rDef.Pe);
        Assert.Equal(r12.Forces, rDef.Forces);
        var r0 = GarneticsCalc.Result(t0);
        Compare.Results(r0, rDef, 1e-10, 1e-8, 1e-9, log, "table 12 vs table 0");
        Compare.Results(r0, GarneticsCalc.Result(custom), 1e-8, 1e-6, 1e-7, log, "table 10 tabinner 2.5 vs table 0");

        GarneticsCalc.Exec(def, "kspace_modify gewald 0.35");
        def.Setup();
        Assert.Equal(0.35, pd.CoulTable!.G);
        GarneticsCalc.Exec(t0, "kspace_modify gewald 0.35");
        t0.Setup();
        Compare.Results(GarneticsCalc.Result(t0), GarneticsCalc.Result(def), 1e-10, 1e-8, 1e-9, log, "g 0.35: table 12 vs table 0");
    }

    [Fact]
    public void InvalidSettingsAreErrors()
    {
        var s = Cell.Value;
        string[] deck = ["pair_style coul/long 10.0", "pair_coeff * *", "kspace_style ewald 1e-6"];
        var e1 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. deck, "pair_modify table -1"]));
        Assert.Contains("0 <= N <= 20", e1.Message);
        var e2 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. deck, "pair_modify tabinner 0"]));
        Assert.Contains("tabinner must be positive", e2.Message);
        var e3 = Assert.ThrowsAny<Exception>(() => GarneticsCalc.Create(s, "metal", true, [.. deck, "pair_modify tabinner 10.0"]));
        Assert.Contains("table inner cut-off", e3.Message);
        // table 0 never uses tabinner
        GarneticsCalc.Create(s, "metal", true, [.. deck, "pair_modify table 0 tabinner 10.0"]);
    }
}
