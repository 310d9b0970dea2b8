using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// Full-precision complementary error function (.NET has none). erfcx(x) = exp(x^2) erfc(x) is evaluated from
/// piecewise degree-11 polynomials on [0, 12) in steps of 1/4 (Chebyshev interpolants generated with mpmath by
/// tools/gen_erfcx_table.py) and from its asymptotic series beyond; erfc(x) = erfcx(x) exp(-x^2). Relative error
/// below 1e-15 for all x (about 2 ulp plus the error of Math.Exp).
/// Pair kernels that already have exp(-x^2) call <see cref="Erfcx"/> and multiply, so one exp serves both
/// the erfc and its derivative.
/// </summary>
public static class SpecialFunctions
{
    public const double TwoOverSqrtPi = 1.1283791670955126; // 2/sqrt(pi)
    public const double InvSqrtPi = 0.56418958354775628;    // 1/sqrt(pi)

    /// <summary>Scaled complementary error function exp(x^2) erfc(x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Erfcx(double x)
    {
        if (x >= 0.0 && x < 12.0)
        {
            int i = (int)(x * ErfcxTable.InvWidth);
            ref double c = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(ErfcxTable.Data), i * ErfcxTable.Stride);
            double d = x - c;
            // Estrin's scheme with fused multiply-adds: a short dependency chain for the pair kernels
            double d2 = d * d, d4 = d2 * d2;
            double p01 = Fma(Unsafe.Add(ref c, 2), d, Unsafe.Add(ref c, 1));
            double p23 = Fma(Unsafe.Add(ref c, 4), d, Unsafe.Add(ref c, 3));
            double p45 = Fma(Unsafe.Add(ref c, 6), d, Unsafe.Add(ref c, 5));
            double p67 = Fma(Unsafe.Add(ref c, 8), d, Unsafe.Add(ref c, 7));
            double p89 = Fma(Unsafe.Add(ref c, 10), d, Unsafe.Add(ref c, 9));
            double pab = Fma(Unsafe.Add(ref c, 12), d, Unsafe.Add(ref c, 11));
            double q0 = Fma(p23, d2, p01);
            double q1 = Fma(p67, d2, p45);
            double q2 = Fma(pab, d2, p89);
            return Fma(Fma(q2, d4, q1), d4, q0);
        }
        return ErfcxOutside(x);
    }

    /// <summary>a*b + c, fused where the hardware has FMA (the software fallback of Math.FusedMultiplyAdd is slow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Fma(double a, double b, double c) =>
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
        // x >= 12: asymptotic series 1/(x sqrt(pi)) sum_n (-1)^n (2n-1)!! / (2x^2)^n; 14 terms reach 1e-19 at x = 12
        double inv2x2 = 0.5 / (x * x);
        double term = 1.0, sum = 1.0;
        for (int n = 1; n <= 14; n++)
        {
            term *= -(2 * n - 1) * inv2x2;
            sum += term;
        }
        return sum * InvSqrtPi / x;
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
