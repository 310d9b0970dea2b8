namespace Garnetics.Analysis.Dynamics;

/// <summary>Straight line y = a + b x fitted by (weighted) least squares, with the parameter covariance.</summary>
public sealed record LineFit(double Intercept, double Slope, double VarIntercept, double VarSlope, double CovInterceptSlope,
    int N, double ChiSquare)
{
    public int Dof => N - 2;
    public double SeIntercept => Math.Sqrt(VarIntercept);
    public double SeSlope => Math.Sqrt(VarSlope);

    /// <summary>Prediction a + b x and its standard error from the covariance.</summary>
    public (double y, double se) Predict(double x)
    {
        double v = VarIntercept + x * x * VarSlope + 2 * x * CovInterceptSlope;
        return (Intercept + Slope * x, Math.Sqrt(Math.Max(v, 0)));
    }
}

public static class Statistics
{
    /// <summary>
    /// Least squares y = a + b x. With weights w_i = 1/s_i² the covariance is (XᵀWX)⁻¹ scaled by the reduced χ²
    /// (χ²/(n−2)): the weights fix the relative precision of the points, the scatter fixes the overall scale — the
    /// convention for which the t-distribution with n−2 degrees of freedom gives exact intervals for Gaussian
    /// noise. Without weights this is ordinary least squares with the usual s² (XᵀX)⁻¹ covariance.
    /// </summary>
    public static LineFit FitLine(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double>? weights = null)
    {
        int n = x.Count;
        if (n != y.Count || (weights != null && weights.Count != n)) throw new ArgumentException("x, y, weights lengths differ");
        if (n < 2) throw new ArgumentException("a line fit needs at least 2 points");
        double sw = 0, sx = 0, sy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0;
            sw += w; sx += w * x[i]; sy += w * y[i];
        }
        double xm = sx / sw, ym = sy / sw;
        double sxx = 0, sxy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0;
            sxx += w * (x[i] - xm) * (x[i] - xm);
            sxy += w * (x[i] - xm) * (y[i] - ym);
        }
        if (!(sxx > 0)) throw new ArgumentException("a line fit needs at least two distinct x values");
        double b = sxy / sxx, a = ym - b * xm;
        double chi2 = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weights?[i] ?? 1.0;
            double r = y[i] - a - b * x[i];
            chi2 += w * r * r;
        }
        double s2 = n > 2 ? chi2 / (n - 2) : double.NaN;
        double varB = s2 / sxx;
        double varA = s2 * (1.0 / sw + xm * xm / sxx);
        double cov = -s2 * xm / sxx;
        return new LineFit(a, b, varA, varB, cov, n, chi2);
    }

    public static double Mean(IReadOnlyList<double> v) => v.Average();

    /// <summary>Sample standard deviation (n−1).</summary>
    public static double StdDev(IReadOnlyList<double> v)
    {
        if (v.Count < 2) return double.NaN;
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Count - 1));
    }

    /// <summary>Standard error of the mean sd/√n (NaN for fewer than 2 values).</summary>
    public static double StdError(IReadOnlyList<double> v) => StdDev(v) / Math.Sqrt(v.Count);

    // ------------------------------------------------------------------ Student's t distribution

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, 9 terms; ~1e-15 relative).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        double s = c[0];
        for (int i = 1; i < 9; i++) s += c[i] / (x + i);
        double t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(s);
    }

    /// <summary>Regularised incomplete beta I_x(a, b) by its continued fraction (modified Lentz).</summary>
    public static double IncompleteBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double lnFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        if (x > (a + 1) / (a + b + 2)) return 1 - IncompleteBeta(1 - x, b, a);
        const double tiny = 1e-300;
        double f = 1, c = 1, d = 0;
        for (int i = 0; i <= 400; i++)
        {
            int m = i / 2;
            double num;
            if (i == 0) num = 1;
            else if (i % 2 == 0) num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            else num = -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1 + num * d;
            if (Math.Abs(d) < tiny) d = tiny;
            d = 1 / d;
            c = 1 + num / c;
            if (Math.Abs(c) < tiny) c = tiny;
            double cd = c * d;
            f *= cd;
            if (Math.Abs(1 - cd) < 1e-15) break;
        }
        return Math.Exp(lnFront) * (f - 1) / a;
    }

    /// <summary>Student's t cumulative distribution with nu degrees of freedom.</summary>
    public static double StudentTCdf(double t, double nu)
    {
        double x = nu / (nu + t * t);
        double tail = 0.5 * IncompleteBeta(x, nu / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>Quantile of Student's t: the t with CDF(t) = p (bisection then Newton polish to ~1e-12).</summary>
    public static double StudentTQuantile(double p, double nu)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p));
        if (!(nu > 0)) throw new ArgumentOutOfRangeException(nameof(nu), "degrees of freedom must be > 0");
        if (p == 0.5) return 0;
        double lo = -1, hi = 1;
        while (StudentTCdf(lo, nu) > p) lo *= 2;
        while (StudentTCdf(hi, nu) < p) hi *= 2;
        for (int i = 0; i < 200 && hi - lo > 1e-13 * Math.Max(1, Math.Abs(hi)); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (StudentTCdf(mid, nu) < p) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}
