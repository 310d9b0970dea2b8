namespace Garnetics.TestSupport;

/// <summary>The comparisons of reference values used by the parity tests.</summary>
public static class Tolerance
{
    /// <summary>|actual − expected| ≤ rel·|expected| + abs.</summary>
    public static bool Within(double expected, double actual, double rel, double abs) =>
        Math.Abs(expected - actual) <= rel * Math.Abs(expected) + abs;

    /// <summary>|a − b| ≤ rel·max(|a|, |b|) + abs (symmetric in a and b).</summary>
    public static bool WithinOfLarger(double a, double b, double rel, double abs) =>
        Math.Abs(a - b) <= rel * Math.Max(Math.Abs(a), Math.Abs(b)) + abs;

    /// <summary>Relative agreement to n significant digits (with an absolute floor for values near zero).</summary>
    public static bool SameDigits(double a, double b, int digits, double absFloor = 1e-12) =>
        WithinOfLarger(a, b, 0.5 * Math.Pow(10, 1 - digits), absFloor);
}
