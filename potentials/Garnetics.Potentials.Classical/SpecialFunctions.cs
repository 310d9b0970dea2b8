using System.Runtime.InteropServices;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// Special functions for the pair kernels. Full-precision complementary error function (.NET has none):
/// erfcx(x) = exp(x^2) erfc(x) is evaluated from piecewise degree-8 polynomials on [0, 12) in steps of 1/16
/// (Chebyshev interpolants generated with mpmath by tools/gen_erfcx_table.py) and from its asymptotic series beyond;
/// erfc(x) = erfcx(x) exp(-x^2). Relative error below 1e-15 for all x (measured worst 5e-16 against mpmath).
/// Kernels that already have exp(-x^2) call <see cref="ErfcxNonNegative"/> and multiply, so one exp serves both
/// the erfc and its derivative. <see cref="Exp"/> is an inlined exp (no call in the pair loop).
/// </summary>
public static class SpecialFunctions
{
    public const double TwoOverSqrtPi = 1.1283791670955126; // 2/sqrt(pi)
    public const double InvSqrtPi = 0.56418958354775628;    // 1/sqrt(pi)

    /// <summary>Scaled complementary error function exp(x^2) erfc(x).</summary>
    public static double Erfcx(double x) =>
        x >= 0.0 && x < 12.0 ? ErfcxTabulated(x, ErfcxTable.Data) : ErfcxOutside(x);

    /// <summary>The polynomial table of <see cref="Erfcx(double)"/>, for kernels that keep it in a field.</summary>
    public static double[] ErfcxCoefficients => ErfcxTable.Data;

    /// <summary>
    /// erfcx for x &gt;= 0 with the table passed in, for the pair kernels: no calls (the asymptotic series beyond the
    /// table is inlined) and a kernel field is cheaper to reach than a static. x must not be negative.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ErfcxNonNegative(double x, double[] table)
    {
        if (x < 12.0) return ErfcxTabulated(x, table);
        double inv2x2 = 0.5 / (x * x);
        double term = 1.0, sum = 1.0;
        for (int n = 1; n <= 14; n++)
        {
            term *= -(2 * n - 1) * inv2x2;
            sum += term;
        }
        return sum * InvSqrtPi / x;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ErfcxTabulated(double x, double[] table)
    {
        int i = (int)(x * ErfcxTable.InvWidth);
        ref double c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), i * ErfcxTable.Stride);
        double d = x - c;
        // degree 8 by Estrin's scheme with fused multiply-adds: a short dependency chain
        double d2 = d * d, d4 = d2 * d2;
        double p01 = Fma(Unsafe.Add(ref c, 2), d, Unsafe.Add(ref c, 1));
        double p23 = Fma(Unsafe.Add(ref c, 4), d, Unsafe.Add(ref c, 3));
        double p45 = Fma(Unsafe.Add(ref c, 6), d, Unsafe.Add(ref c, 5));
        double p67 = Fma(Unsafe.Add(ref c, 8), d, Unsafe.Add(ref c, 7));
        double q0 = Fma(p23, d2, p01);
        double q1 = Fma(p67, d2, p45);
        return Fma(Fma(Unsafe.Add(ref c, 9), d4, q1), d4, q0);
    }

    private const double Log2E = 1.4426950408889634;
    private const double Ln2Hi = 0.6931471805599453;      // ln 2 rounded to double
    private const double Ln2Lo = 2.3190468138462996e-17;  // ln 2 - Ln2Hi

    private const double Shifter = 6755399441055744.0;      // 1.5 * 2^52: adding it rounds to an integer in the low bits

    /// <summary>
    /// exp(x) inlined into the pair kernels (Math.Exp is a call into the C library, and a call inside the pair loop
    /// makes the JIT keep the loop's values on the stack). exp(x) = 2^k exp(r) with k = round(x/ln 2) and
    /// r = x - k ln 2 (two-part ln 2, fused), |r| &lt;= ln2/2, and the degree-13 Taylor polynomial of exp(r)
    /// (truncation below 1e-17) by Estrin's scheme. Relative error about 2 ulp. Results below 2^-1022 (x &lt; -708)
    /// are flushed to zero; x &gt; 709 gives +infinity and NaN gives NaN. No calls.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Exp(double x)
    {
        if (x < -708.0) return 0.0;
        if (!(x <= 709.0)) return x * double.PositiveInfinity; // +inf, or NaN for NaN
        double t = Fma(x, Log2E, Shifter);
        double k = t - Shifter;
        double r = Fma(-k, Ln2Hi, x);
        r = Fma(-k, Ln2Lo, r);
        double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
        double p01 = r + 1.0;                                        // 1 + r
        double p23 = Fma(r, 1.0 / 6.0, 0.5);                         // 1/2! + r/3!
        double p45 = Fma(r, 1.0 / 120.0, 1.0 / 24.0);
        double p67 = Fma(r, 1.0 / 5040.0, 1.0 / 720.0);
        double p89 = Fma(r, 1.0 / 362880.0, 1.0 / 40320.0);
        double pab = Fma(r, 1.0 / 39916800.0, 1.0 / 3628800.0);
        double pcd = Fma(r, 1.0 / 6227020800.0, 1.0 / 479001600.0);
        double q0 = Fma(p23, r2, p01);
        double q1 = Fma(p67, r2, p45);
        double q2 = Fma(pab, r2, p89);
        double p = Fma(Fma(pcd, r4, q2), r8, Fma(q1, r4, q0));
        // the low bits of t hold k; shifting by 52 drops the shifter's own bits: 2^k for -1022 <= k <= 1023
        return p * BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(t) + 1023) << 52);
    }

    /// <summary>a*b + c, fused where the hardware has FMA (the software fallback of Math.FusedMultiplyAdd is slow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Fma(double a, double b, double c) =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported
            ? Math.FusedMultiplyAdd(a, b, c)
            : a * b + c;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ErfcxOutside(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (x < 0.0)
        {
            // erfcx(-y) = 2 exp(y^2) - erfcx(y)
            double y = -x;
            if (y > 26.7) return double.PositiveInfinity;
            return 2.0 / ExpMinusSquare(y) - Erfcx(y);
        }
        if (double.IsPositiveInfinity(x)) return 0.0;
        return ErfcxNonNegative(x, ErfcxTable.Data);
    }

    /// <summary>Complementary error function erfc(x) = 1 - erf(x), relative error below 1e-15.</summary>
    public static double Erfc(double x)
    {
        if (x >= 0.0)
        {
            if (x > 27.3) return 0.0; // underflows
            return Erfcx(x) * ExpMinusSquare(x);
        }
        if (double.IsNaN(x)) return double.NaN;
        if (x < -6.0) return 2.0;
        return 2.0 - Erfcx(-x) * ExpMinusSquare(x);
    }

    /// <summary>
    /// exp(-x^2) without the error of rounding x^2 (which grows like x^2 ulp): x^2 = hi + lo exactly (FMA), and
    /// exp(-x^2) = exp(-hi) (1 - lo).
    /// </summary>
    public static double ExpMinusSquare(double x)
    {
        double hi = x * x;
        double lo = Math.FusedMultiplyAdd(x, x, -hi);
        return Math.Exp(-hi) * (1.0 - lo);
    }
}
