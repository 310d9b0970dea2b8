using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests.Support;

public static class Compare
{
    /// <summary>
    /// Assert the project's parity bounds: |dE| &lt;= eRel |E|, every force component within fAbs, every pressure
    /// component within pRel times the largest reference component (off-diagonal terms may be near zero).
    /// </summary>
    public static void Results(PairResult reference, PairResult actual, double eRel, double fAbs, double pRel, ITestOutputHelper? log = null, string what = "")
    {
        double de = Math.Abs(actual.Pe - reference.Pe);
        double pScale = reference.Pressure.Max(Math.Abs);
        double dp = reference.Pressure.Zip(actual.Pressure, (a, b) => Math.Abs(a - b)).Max();
        int worst = 0;
        double df = 0;
        for (int k = 0; k < reference.Forces.Length; k++)
        {
            double d = Math.Abs(reference.Forces[k] - actual.Forces[k]);
            if (!(d <= df)) { df = d; worst = k; }
        }
        double fmax = reference.Forces.Max(Math.Abs);
        log?.WriteLine($"{what}: E ref {reference.Pe:R} got {actual.Pe:R} rel {de / Math.Abs(reference.Pe):E2}; " +
                       $"max |dF| {df:E2} (max |F| {fmax:E3}); max |dP| {dp:E2} rel {dp / pScale:E2}");
        Assert.True(de <= eRel * Math.Abs(reference.Pe),
            $"{what}: energy {actual.Pe:R} vs reference {reference.Pe:R}: relative difference {de / Math.Abs(reference.Pe):E3} > {eRel:E1}");
        Assert.True(df <= fAbs,
            $"{what}: force component {worst % 3} of atom {worst / 3 + 1}: {actual.Forces[worst]:R} vs reference {reference.Forces[worst]:R} " +
            $"(|diff| {df:E3} > {fAbs:E1} eV/A)");
        for (int c = 0; c < 6; c++)
            Assert.True(Math.Abs(actual.Pressure[c] - reference.Pressure[c]) <= pRel * pScale,
                $"{what}: pressure component {c}: {actual.Pressure[c]:R} vs reference {reference.Pressure[c]:R} (scale {pScale:E3}, bound {pRel:E1} relative)");
    }
}
