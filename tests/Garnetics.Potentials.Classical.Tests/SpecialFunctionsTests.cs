using Xunit.Abstractions;

namespace Garnetics.Potentials.Classical.Tests;

/// <summary>erfc, erfcx and the inlined exp against mpmath at 40 digits.</summary>
public sealed class SpecialFunctionsTests(ITestOutputHelper log)
{
    private const string Script = """
        from mpmath import mp, mpf, erfc, exp
        mp.dps = 40
        for line in open("x.txt"):
            x = mpf(float(line.strip()))  # the exact double, not the decimal string
            v = erfc(x)
            print(mp.nstr(v, 30, min_fixed=1, max_fixed=0), mp.nstr(exp(x * x) * v, 30, min_fixed=1, max_fixed=0))
        """;

    private const string ExpScript = """
        from mpmath import mp, mpf, exp
        mp.dps = 40
        for line in open("x.txt"):
            print(mp.nstr(exp(mpf(float(line.strip()))), 30, min_fixed=1, max_fixed=0))
        """;

    [Fact]
    public void InlinedExpIsAccurateToAFewUlp()
    {
        var rng = new Random(99);
        var xs = new List<double>();
        for (int i = 0; i < 3000; i++) xs.Add(-60.0 * rng.NextDouble());              // pair-kernel range
        for (int i = 0; i < 1000; i++) xs.Add(-707.9 + 1416.8 * rng.NextDouble());     // everything that stays normal
        xs.AddRange([0.0, -1e-300, 1e-300, 0.34657359027997264, -0.34657359027997264, 1.0, -1.0, 708.9, -707.99, 709.0]);
        var dir = TempDir.Create("exp");
        try
        {
            File.WriteAllLines(Path.Combine(dir, "x.txt"), xs.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
            var lines = PythonRunner.RunScript(dir, ExpScript).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            double worst = 0;
            for (int i = 0; i < xs.Count; i++)
            {
                double reference = double.Parse(lines[i], CultureInfo.InvariantCulture);
                double rel = Math.Abs(SpecialFunctions.Exp(xs[i]) - reference) / reference;
                worst = Math.Max(worst, rel);
                Assert.True(rel < 1e-15, $"exp({xs[i]:R}) = {SpecialFunctions.Exp(xs[i]):R}, mpmath {reference:R}: relative error {rel:E2}");
            }
            log.WriteLine($"{xs.Count} points: worst relative error of Exp {worst:E2}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        Assert.Equal(0.0, SpecialFunctions.Exp(-800.0));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.Exp(800.0));
        Assert.True(double.IsNaN(SpecialFunctions.Exp(double.NaN)));
        Assert.Equal(1.0, SpecialFunctions.Exp(0.0));
    }

    [Fact]
    public void ErfcAndErfcxHaveFullDoublePrecision()
    {
        var rng = new Random(2024);
        var xs = new List<double>();
        for (int i = 0; i <= 2000; i++) xs.Add(-6.0 + 33.0 * i / 2000);                 // -6 .. 27 uniform
        for (int i = 0; i < 2000; i++) xs.Add(12.0 * rng.NextDouble());                // the tabulated range
        for (int i = 0; i < 48; i++) { xs.Add(i * 0.25); xs.Add(Math.BitDecrement(i * 0.25 + 0.25)); } // interval edges
        xs.AddRange([1e-300, 1e-10, 1e-5, 11.999999999, 12.0, 12.5, 15, 20, 26, 30, 100, 1e3, 1e6]);
        var dir = TempDir.Create("erfc");
        try
        {
            File.WriteAllLines(Path.Combine(dir, "x.txt"), xs.Select(x => x.ToString("R", CultureInfo.InvariantCulture)));
            var lines = PythonRunner.RunScript(dir, Script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            double worstErfc = 0, worstErfcx = 0;
            for (int i = 0; i < xs.Count; i++)
            {
                var w = lines[i].Split(' ');
                double x = xs[i];
                double refErfc = double.Parse(w[0], CultureInfo.InvariantCulture);
                double refErfcx = double.Parse(w[1], CultureInfo.InvariantCulture);
                if (refErfc > 1e-300)
                {
                    double rel = Math.Abs(SpecialFunctions.Erfc(x) - refErfc) / refErfc;
                    worstErfc = Math.Max(worstErfc, rel);
                    Assert.True(rel < 1e-15, $"erfc({x:R}) = {SpecialFunctions.Erfc(x):R}, mpmath {refErfc:R}: relative error {rel:E2}");
                }
                double relx = Math.Abs(SpecialFunctions.Erfcx(x) - refErfcx) / refErfcx;
                worstErfcx = Math.Max(worstErfcx, relx);
                Assert.True(relx < 1e-15, $"erfcx({x:R}) = {SpecialFunctions.Erfcx(x):R}, mpmath {refErfcx:R}: relative error {relx:E2}");
            }
            log.WriteLine($"{xs.Count} points: worst relative error erfc {worstErfc:E2}, erfcx {worstErfcx:E2}");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        Assert.Equal(0.0, SpecialFunctions.Erfc(30.0));
        Assert.Equal(0.0, SpecialFunctions.ErfcxNonNegative(double.PositiveInfinity, SpecialFunctions.ErfcxCoefficients));
        Assert.Equal(2.0, SpecialFunctions.Erfc(-30.0));
        Assert.Equal(1.0, SpecialFunctions.Erfc(0.0));
        Assert.True(double.IsNaN(SpecialFunctions.Erfc(double.NaN)));
    }
}
