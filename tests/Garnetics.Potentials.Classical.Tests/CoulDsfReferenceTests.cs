using Garnetics.Potentials.Classical.Tests.Support;
using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>
/// coul/dsf against an independent direct sum in Python (scipy.special.erfc, explicit periodic images, math.fsum),
/// written from the Fennell-Gezelter formulas with LAMMPS's self-energy convention: energy to 1e-10 relative,
/// forces to 1e-9 eV/A. This is what checks the full-precision erfc inside the kernel (the LAMMPS parity bound
/// for coul/dsf is loose because LAMMPS uses a polynomial erfc).
/// </summary>
public sealed class CoulDsfReferenceTests(ITestOutputHelper log)
{
    private const string Script = PyCharges.Preamble + """
        alpha = split
        sqpi = math.sqrt(math.pi)
        erfc_c = math.erfc(alpha * rc)
        exp_c = math.exp(-alpha * alpha * rc * rc)
        # damped shifted force (Fennell & Gezelter 2006): force shift so that F(rc) = 0
        fshift = erfc_c / rc**2 + 2.0 * alpha / sqpi * exp_c / rc
        # LAMMPS's self term: -(e_shift/2 + alpha/sqrt(pi)) q^2 qqr2e with e_shift = erfc(alpha rc)/rc + fshift rc
        e_shift = erfc_c / rc + fshift * rc
        terms = [-(e_shift / 2.0 + alpha / sqpi) * qi * qi * qqr2e for qi in q]
        F = np.zeros((n, 3))
        for i, j, dd, rr in image_pairs(rc):
            qq = qqr2e * q[i] * q[j]
            e = qq * (erfc(alpha * rr) / rr - erfc_c / rc + fshift * (rr - rc))
            terms.extend((0.5 * e).tolist())
            fmag = qq * (erfc(alpha * rr) / rr**2 + 2.0 * alpha / sqpi * np.exp(-alpha * alpha * rr * rr) / rr - fshift)
            np.add.at(F, i, (fmag / rr)[:, None] * dd)
        print(repr(math.fsum(terms)))
        for f in F:
            print(repr(f[0]), repr(f[1]), repr(f[2]))
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void MatchesPythonDirectSum(int n)
    {
        var c = Cases.CoulDsf;
        var s = c.Build(n);
        var actual = GarneticsCalc.Run(s, c.Units, c.Charge, c.Commands);
        var lines = PyCharges.Run(s, 0.2, 10.0, 14.399645, Script);
        double e = double.Parse(lines[0], CultureInfo.InvariantCulture);
        double rel = Math.Abs(actual.Pe - e) / Math.Abs(e);
        double df = 0;
        for (int i = 0; i < s.Count; i++)
        {
            var w = lines[1 + i].Split(' ');
            for (int k = 0; k < 3; k++)
                df = Math.Max(df, Math.Abs(double.Parse(w[k], CultureInfo.InvariantCulture) - actual.Forces[3 * i + k]));
        }
        log.WriteLine($"coul/dsf n={n}: E python {e:R}, Garnetics {actual.Pe:R}, relative difference {rel:E2}; max |dF| {df:E2}");
        Assert.True(rel <= 1e-10, $"energy {actual.Pe:R} vs direct sum {e:R}: relative difference {rel:E3} > 1e-10");
        Assert.True(df <= 1e-9, $"forces differ from the direct sum by up to {df:E3} eV/A > 1e-9");
    }
}
