namespace Garnetics.Analysis.Dynamics;

/// <summary>One measurement for an Arrhenius analysis: temperature (K), value (σ in S/cm or D) and its standard error.</summary>
public sealed record ArrheniusPoint(double T, double Value, double Err);

/// <summary>
/// Arrhenius fit ln(y·T^p) = ln A − Ea/(k_B T) (p = 1 for σ: ln(σT); p = 0 for D), weighted least squares in 1/T with
/// weights 1/(err/value)² (the standard error of ln y) when every point has a positive finite error, else unweighted.
/// Covariance scaled by the reduced χ²; intervals use Student's t with n − 2 degrees of freedom.
/// </summary>
public sealed class ArrheniusFit
{
    public required LineFit Line { get; init; }
    public required double Boltzmann { get; init; }
    public required double Power { get; init; }
    public required bool Weighted { get; init; }
    public int N => Line.N;
    public int Dof => Line.Dof;
    /// <summary>Activation energy (eV) and its standard error.</summary>
    public double Ea => -Line.Slope * Boltzmann;
    public double EaErr => Line.SeSlope * Boltzmann;
    /// <summary>ln A and its standard error (A in units of y·K^p).</summary>
    public double LnA => Line.Intercept;
    public double LnAErr => Line.SeIntercept;

    public static ArrheniusFit Fit(IReadOnlyList<ArrheniusPoint> points, double boltzmann = 8.617343e-5, double power = 1.0)
    {
        if (points.Count < 2) throw new ArgumentException("an Arrhenius fit needs at least 2 points");
        foreach (var p in points)
            if (!(p.T > 0 && p.Value > 0)) throw new ArgumentException($"Arrhenius points need T > 0 and a positive value (T = {p.T}, value = {p.Value})");
        bool weighted = points.All(p => double.IsFinite(p.Err) && p.Err > 0);
        var x = points.Select(p => 1.0 / p.T).ToList();
        var y = points.Select(p => Math.Log(p.Value * Math.Pow(p.T, power))).ToList();
        var w = weighted ? points.Select(p => 1.0 / Math.Pow(p.Err / p.Value, 2)).ToList() : null;
        return new ArrheniusFit { Line = Statistics.FitLine(x, y, w), Boltzmann = boltzmann, Power = power, Weighted = weighted };
    }

    /// <summary>Value at temperature T and its two-sided interval at the given confidence (t with n − 2 dof).</summary>
    public (double value, double lo, double hi) Predict(double t, double confidence = 0.95)
    {
        var (ly, se) = Line.Predict(1.0 / t);
        double scale = Math.Pow(t, -Power);
        double value = Math.Exp(ly) * scale;
        if (Dof < 1 || !double.IsFinite(se)) return (value, double.NaN, double.NaN);
        double tq = Statistics.StudentTQuantile(0.5 + confidence / 2, Dof);
        return (value, Math.Exp(ly - tq * se) * scale, Math.Exp(ly + tq * se) * scale);
    }
}

/// <summary>
/// Vogel–Tammann–Fulcher fit σ = A T^(−1/2) exp(−B/(k_B (T − T0))): for each T0 below the lowest temperature,
/// ln(σ√T) is linear in 1/(T − T0); T0 is chosen to minimise the weighted χ² (grid then golden-section search),
/// parameters and intervals are conditional on that T0 (n − 3 degrees of freedom).
/// </summary>
public sealed class VtfFit
{
    public required LineFit Line { get; init; }
    public required double T0 { get; init; }
    public required double Boltzmann { get; init; }
    public double B => -Line.Slope * Boltzmann;
    public double BErr => Line.SeSlope * Boltzmann;
    public double LnA => Line.Intercept;
    public int Dof => Line.N - 3;

    public static VtfFit Fit(IReadOnlyList<ArrheniusPoint> points, double boltzmann = 8.617343e-5)
    {
        if (points.Count < 4) throw new ArgumentException("a VTF fit needs at least 4 points (3 parameters and one degree of freedom)");
        bool weighted = points.All(p => double.IsFinite(p.Err) && p.Err > 0);
        double tmin = points.Min(p => p.T);
        LineFit At(double t0)
        {
            var x = points.Select(p => 1.0 / (p.T - t0)).ToList();
            var y = points.Select(p => Math.Log(p.Value * Math.Sqrt(p.T))).ToList();
            var w = weighted ? points.Select(p => 1.0 / Math.Pow(p.Err / p.Value, 2)).ToList() : null;
            return Statistics.FitLine(x, y, w);
        }
        double hi = tmin * 0.98;
        int ngrid = 200;
        double best = 0, bestChi = double.PositiveInfinity;
        for (int k = 0; k <= ngrid; k++)
        {
            double t0 = hi * k / ngrid;
            double c = At(t0).ChiSquare;
            if (c < bestChi) { bestChi = c; best = t0; }
        }
        double a = Math.Max(0, best - hi / ngrid), b = Math.Min(hi, best + hi / ngrid);
        double g = (Math.Sqrt(5) - 1) / 2;
        for (int it = 0; it < 100 && b - a > 1e-9 * hi; it++)
        {
            double c1 = b - g * (b - a), c2 = a + g * (b - a);
            if (At(c1).ChiSquare < At(c2).ChiSquare) b = c2; else a = c1;
        }
        double t0Best = 0.5 * (a + b);
        return new VtfFit { Line = At(t0Best), T0 = t0Best, Boltzmann = boltzmann };
    }

    public (double value, double lo, double hi) Predict(double t, double confidence = 0.95)
    {
        if (t <= T0) return (double.NaN, double.NaN, double.NaN);
        var (ly, se) = Line.Predict(1.0 / (t - T0));
        double scale = 1.0 / Math.Sqrt(t);
        // the line's covariance uses n − 2; rescale to n − 3 degrees of freedom for the three-parameter model
        int n = Line.N;
        if (Dof < 1 || !double.IsFinite(se)) return (Math.Exp(ly) * scale, double.NaN, double.NaN);
        se *= Math.Sqrt((n - 2.0) / (n - 3.0));
        double tq = Statistics.StudentTQuantile(0.5 + confidence / 2, Dof);
        return (Math.Exp(ly) * scale, Math.Exp(ly - tq * se) * scale, Math.Exp(ly + tq * se) * scale);
    }
}
