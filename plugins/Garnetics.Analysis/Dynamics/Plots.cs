using Garnetics.Analysis.Plot;

namespace Garnetics.Analysis.Dynamics;

/// <summary>MSD plot (SVG, log-log) of fix msd/fft: tracer and collective MSD of each species against the lag.</summary>
public static class MsdPlot
{
    public static void Save(string path, MsdResult msd, string timeUnit)
    {
        var p = new SvgPlot("Mean-squared displacement", $"lag ({timeUnit})", "MSD (Å²)") { XLog = true, YLog = true };
        var lags = msd.Lags.Skip(1).ToArray();
        foreach (var s in msd.Species)
        {
            p.AddLine($"{s.Species} tracer", lags, s.Total.Skip(1).ToArray());
            p.AddLine($"{s.Species} collective", lags, s.Collective.Skip(1).ToArray());
        }
        p.Save(path);
    }
}

/// <summary>Arrhenius plot (SVG) of conductivity summary: σ against 1000/T on a log axis, fit and extrapolation.</summary>
public static class ArrheniusPlot
{
    public static void Save(string path, ConductivitySummary s)
    {
        string which = s.Collective ? "σ (collective)" : "σ (Nernst–Einstein)";
        var p = new SvgPlot("Arrhenius plot", "1000/T (1/K)", $"{which} (S/cm)") { YLog = true };
        var runs = s.Runs.Where(r => r.T > 0 && r.Sigma > 0).ToList();
        p.AddPoints("runs", runs.Select(r => 1000 / r.T).ToList(), runs.Select(r => r.Sigma).ToList(),
            runs.Select(r => double.IsFinite(r.SigmaErr) ? r.SigmaErr : 0).ToList());
        var means = s.Groups.Where(g => g.T > 0 && g.Sigma > 0).ToList();
        p.AddPoints("replica mean ± SE", means.Select(g => 1000 / g.T).ToList(), means.Select(g => g.Sigma).ToList(),
            means.Select(g => double.IsFinite(g.SigmaSe) ? g.SigmaSe : 0).ToList());
        if (s.Fit != null && runs.Count > 0)
        {
            double tLo = Math.Min(s.Tx, runs.Min(r => r.T)), tHi = Math.Max(s.Tx, runs.Max(r => r.T));
            int n = 60;
            var xs = new List<double>();
            var ys = new List<double>();
            var lo = new List<double>();
            var hi = new List<double>();
            for (int k = 0; k <= n; k++)
            {
                double inv = 1 / tHi + (1 / tLo - 1 / tHi) * k / n;
                var (v, l, h) = s.Fit.Predict(1 / inv, s.Level);
                xs.Add(1000 * inv); ys.Add(v); lo.Add(l); hi.Add(h);
            }
            p.AddLine(string.Format(CultureInfo.InvariantCulture, "fit Ea = {0:F3} ± {1:F3} eV", s.Fit.Ea, s.Fit.EaErr), xs, ys);
            if (lo.All(double.IsFinite))
            {
                int pct = (int)Math.Round(s.Level * 100);
                p.AddLine($"{pct}% interval", xs, lo);
                p.AddLine($"{pct}% interval ", xs, hi, p.AllSeries[^1].Color);
            }
            var (vx, _, _) = s.Fit.Predict(s.Tx, s.Level);
            p.AddPoints(string.Format(CultureInfo.InvariantCulture, "σ({0:F0} K) = {1:E2} S/cm", s.Tx, vx), [1000 / s.Tx], [vx]);
        }
        p.Save(path);
    }
}
