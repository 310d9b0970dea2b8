using System.Text.Json;
using System.Text.Json.Serialization;

namespace Garnetics.Analysis.Dynamics;

/// <summary>Options of the diffusion analysis (fit window as fractions of the longest lag, blocks for errors).</summary>
public sealed record DiffusionOptions
{
    public double FitStart { get; init; } = 0.1;
    public double FitEnd { get; init; } = 0.5;
    public int Blocks { get; init; } = 5;
    public bool RemoveDrift { get; init; } = true;
    public int NgpOrigins { get; init; } = 100;
    /// <summary>Temperature (K) for the conductivities; NaN: none.</summary>
    public double Temperature { get; init; } = double.NaN;
    /// <summary>Volume (Å³) for the carrier densities; NaN: none.</summary>
    public double Volume { get; init; } = double.NaN;
    /// <summary>Boltzmann constant in the energy unit per K (metal: eV/K).</summary>
    public double Boltzmann { get; init; } = 8.617343e-5;
}

public sealed class SpeciesResult
{
    public string Name { get; set; } = "";
    public int Count { get; set; }
    public double Charge { get; set; }
    /// <summary>Tracer D = slope(MSD)/6 (Å²/ps) and its standard error over blocks.</summary>
    public double D { get; set; }
    public double DErr { get; set; }
    /// <summary>Per-direction tracer D = slope(MSD_d)/2.</summary>
    public double[] DDirection { get; set; } = new double[3];
    /// <summary>Collective D = slope((1/N)⟨|ΣΔr|²⟩)/6 and its standard error.</summary>
    public double DCollective { get; set; }
    public double DCollectiveErr { get; set; }
}

/// <summary>One run's diffusion and conductivity results (the per-run JSON file of the campaign).</summary>
public sealed class DiffusionReport
{
    public string Format { get; set; } = "garnetics-diffusion-1";
    public double Temperature { get; set; } = double.NaN;
    public string Replica { get; set; } = "";
    public double Volume { get; set; } = double.NaN;
    public int Frames { get; set; }
    public double TimeSpan { get; set; }
    public double FitStart { get; set; }
    public double FitEnd { get; set; }
    /// <summary>The fit window in lag time: [FitStart, FitEnd] × the lag span of one block.</summary>
    public double FitLagStart { get; set; }
    public double FitLagEnd { get; set; }
    public int Blocks { get; set; }
    public bool DriftRemoved { get; set; }
    public List<SpeciesResult> Species { get; set; } = [];
    /// <summary>Nernst–Einstein σ = Σ_s n_s q_s² D_s/(k_B T) (S/cm) over the analysed species.</summary>
    public double SigmaNE { get; set; } = double.NaN;
    public double SigmaNEErr { get; set; } = double.NaN;
    /// <summary>σ from the charge displacement, slope(⟨|ΔP|²⟩)/(6 V k_B T) (S/cm).</summary>
    public double SigmaCollective { get; set; } = double.NaN;
    public double SigmaCollectiveErr { get; set; } = double.NaN;
    /// <summary>Haven ratio H = σ_NE/σ_collective = D*/D_σ.</summary>
    public double Haven { get; set; } = double.NaN;
    public double HavenErr { get; set; } = double.NaN;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public void Save(string path) => AtomicFile.Write(path, w => w.Write(JsonSerializer.Serialize(this, Json)));

    /// <summary>The numbers every result file must hold (a missing one would read as NaN or 0 and skew a summary).</summary>
    private static readonly string[] RequiredNumbers =
        ["temperature", "volume", "frames", "sigma_ne", "sigma_ne_err", "sigma_collective", "sigma_collective_err", "haven", "haven_err"];
    private static readonly string[] RequiredSpeciesNumbers = ["count", "charge", "d", "d_err"];

    public static DiffusionReport Load(string path)
    {
        DiffusionReport? r;
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new GarneticsException($"cannot read '{path}': {e.Message}"); }
        try
        {
            using (var doc = JsonDocument.Parse(text)) CheckFields(path, doc.RootElement);
            r = JsonSerializer.Deserialize<DiffusionReport>(text, Json);
        }
        catch (JsonException e) { throw new GarneticsException($"'{path}' is not a diffusion result file: {e.Message}"); }
        if (r == null || r.Format != "garnetics-diffusion-1")
            throw new GarneticsException($"'{path}' is not a diffusion result file (format garnetics-diffusion-1 expected)");
        if (!(r.Temperature > 0) || !double.IsFinite(r.Temperature))
            throw new GarneticsException($"'{path}': temperature must be a positive number, got {r.Temperature.ToString(CultureInfo.InvariantCulture)}");
        return r;
    }

    /// <summary>Every required field present, as a number (NaN and infinities written as "NaN", "Infinity" count).</summary>
    private static void CheckFields(string path, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new GarneticsException($"'{path}' is not a diffusion result file (a JSON object expected)");
        if (!root.TryGetProperty("format", out var f) || f.ValueKind != JsonValueKind.String || f.GetString() != "garnetics-diffusion-1")
            throw new GarneticsException($"'{path}' is not a diffusion result file (format garnetics-diffusion-1 expected)");
        foreach (var name in RequiredNumbers) RequireNumber(path, root, name, "");
        if (!root.TryGetProperty("species", out var sp) || sp.ValueKind != JsonValueKind.Array)
            throw new GarneticsException($"'{path}': field 'species' is missing (a result file of fix msd/fft has one entry per species)");
        int k = 0;
        foreach (var e in sp.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("name", out var n) || n.ValueKind != JsonValueKind.String)
                throw new GarneticsException($"'{path}': species entry {k + 1} has no name");
            foreach (var name in RequiredSpeciesNumbers) RequireNumber(path, e, name, $"species {n.GetString()}: ");
            k++;
        }
    }

    private static void RequireNumber(string path, JsonElement obj, string name, string where)
    {
        if (!obj.TryGetProperty(name, out var v))
            throw new GarneticsException($"'{path}': {where}field '{name}' is missing (fix msd/fft writes it in every result file)");
        bool ok = v.ValueKind == JsonValueKind.Number
            || (v.ValueKind == JsonValueKind.String && v.GetString() is "NaN" or "Infinity" or "-Infinity");
        if (!ok) throw new GarneticsException($"'{path}': {where}field '{name}' is not a number ({v.ValueKind.ToString().ToLowerInvariant()})");
    }
}

/// <summary>Fits D and the conductivities to the MSDs of a trajectory.</summary>
public static class Diffusion
{
    /// <summary>1 e²·Å⁻³·Å²·ps⁻¹/eV = 1 e/(V·Å·ps) = 1.602176634e3 S/m = 16.02176634 S/cm.</summary>
    public const double SiemensPerCm = 16.02176634;

    /// <summary>Slope of y(lag) by ordinary least squares over lags in [lo, hi] (time units).</summary>
    public static LineFit FitWindow(double[] lags, double[] y, double lo, double hi)
    {
        double tol = 1e-9 * Math.Max(Math.Abs(hi), 1e-300);
        var xs = new List<double>();
        var ys = new List<double>();
        for (int m = 0; m < lags.Length; m++)
        {
            if (lags[m] < lo - tol || lags[m] > hi + tol) continue;
            xs.Add(lags[m]); ys.Add(y[m]);
        }
        if (xs.Count < 2)
            throw new GarneticsException($"the fit window of lags {lo:G4}..{hi:G4} holds {xs.Count} sampled lag(s); at least 2 are needed (sample more often, run longer, use fewer blocks or widen the window)");
        return Statistics.FitLine(xs, ys);
    }

    private sealed record Numbers(double[] D, double[][] DDir, double[] DColl, double SigmaNE, double SigmaColl);

    private static Numbers Evaluate(MsdResult msd, DiffusionOptions o, double lo, double hi)
    {
        int ns = msd.Species.Count;
        var d = new double[ns];
        var dd = new double[ns][];
        var dc = new double[ns];
        double kt = o.Boltzmann * o.Temperature;
        double sigmaNe = 0;
        for (int s = 0; s < ns; s++)
        {
            var sp = msd.Species[s];
            d[s] = FitWindow(msd.Lags, sp.Total, lo, hi).Slope / 6.0;
            dd[s] = new double[3];
            for (int k = 0; k < 3; k++) dd[s][k] = FitWindow(msd.Lags, sp.Direction[k], lo, hi).Slope / 2.0;
            dc[s] = FitWindow(msd.Lags, sp.Collective, lo, hi).Slope / 6.0;
            sigmaNe += sp.Count / o.Volume * sp.Charge * sp.Charge * d[s];
        }
        sigmaNe *= SiemensPerCm / kt;
        double sigmaColl = double.NaN;
        if (msd.Charge != null)
            sigmaColl = FitWindow(msd.Lags, msd.Charge, lo, hi).Slope / (6.0 * o.Volume * kt) * SiemensPerCm;
        return new Numbers(d, dd, dc, sigmaNe, sigmaColl);
    }

    /// <summary>
    /// The fit window is [f0, f1] × the lag span of one block (T/B frames; the whole trajectory when B = 1), in
    /// absolute lag time, the same for the whole trajectory and for each of the B contiguous blocks. The values come
    /// from the MSDs of the whole trajectory (all origins), the standard errors sd(block values)/√B from the blocks.
    /// </summary>
    public static (DiffusionReport report, MsdResult msd) Analyze(DiffusionTrajectory traj, DiffusionOptions o)
    {
        if (!(o.FitStart >= 0 && o.FitEnd > o.FitStart && o.FitEnd <= 1))
            throw new GarneticsException($"fit window must satisfy 0 <= start < end <= 1, got {o.FitStart} {o.FitEnd}");
        if (o.Blocks < 1) throw new GarneticsException($"blocks must be >= 1, got {o.Blocks}");
        int len = traj.Frames / o.Blocks;
        if (o.Blocks > 1 && len < 4)
            throw new GarneticsException($"{traj.Frames} frames cannot be split into {o.Blocks} blocks of at least 4 frames (sample more often, run longer or use fewer blocks)");
        if (traj.Frames < 2) throw new GarneticsException($"MSD needs at least 2 frames, got {traj.Frames}");
        double span = traj.Times[Math.Min(len, traj.Frames) - 1] - traj.Times[0];
        double lo = o.FitStart * span, hi = o.FitEnd * span;
        var full = Msd.Compute(traj, o.RemoveDrift, ngpOrigins: o.NgpOrigins);
        var all = Evaluate(full, o, lo, hi);
        var blocks = new List<Numbers>();
        if (o.Blocks > 1)
            for (int b = 0; b < o.Blocks; b++)
                blocks.Add(Evaluate(Msd.Compute(traj, o.RemoveDrift, b * len, len, ngpOrigins: 0), o, lo, hi));
        double Se(Func<Numbers, double> f) => blocks.Count > 1 ? Statistics.StdError(blocks.Select(f).ToList()) : double.NaN;

        var rep = new DiffusionReport
        {
            Temperature = o.Temperature, Volume = o.Volume, Frames = traj.Frames,
            TimeSpan = traj.Times[^1] - traj.Times[0], FitStart = o.FitStart, FitEnd = o.FitEnd, FitLagStart = lo, FitLagEnd = hi, Blocks = o.Blocks,
            DriftRemoved = o.RemoveDrift,
        };
        for (int s = 0; s < full.Species.Count; s++)
        {
            int ss = s;
            rep.Species.Add(new SpeciesResult
            {
                Name = full.Species[s].Species, Count = full.Species[s].Count, Charge = full.Species[s].Charge,
                D = all.D[s], DErr = Se(n => n.D[ss]), DDirection = all.DDir[s],
                DCollective = all.DColl[s], DCollectiveErr = Se(n => n.DColl[ss]),
            });
        }
        if (double.IsFinite(o.Temperature) && double.IsFinite(o.Volume))
        {
            rep.SigmaNE = all.SigmaNE;
            rep.SigmaNEErr = Se(n => n.SigmaNE);
            if (full.Charge != null)
            {
                rep.SigmaCollective = all.SigmaColl;
                rep.SigmaCollectiveErr = Se(n => n.SigmaColl);
                rep.Haven = all.SigmaNE / all.SigmaColl;
                // first-order propagation of the two (independently estimated) relative errors
                rep.HavenErr = Math.Abs(rep.Haven) * Math.Sqrt(Math.Pow(rep.SigmaNEErr / all.SigmaNE, 2) + Math.Pow(rep.SigmaCollectiveErr / all.SigmaColl, 2));
            }
        }
        else
        {
            rep.SigmaNE = rep.SigmaNEErr = rep.SigmaCollective = rep.SigmaCollectiveErr = rep.Haven = rep.HavenErr = double.NaN;
        }
        return (rep, full);
    }

    /// <summary>The MSD table: lag, then per species msd_x msd_y msd_z msd ngp msd_coll, then the charge MSD.</summary>
    public static void WriteTable(string path, MsdResult msd, DiffusionReport rep, string timeUnit = "ps")
    {
        var ci = CultureInfo.InvariantCulture;
        AtomicFile.Write(path, w =>
        {
            w.WriteLine("# Multiple-time-origin mean-squared displacements (FFT algorithm), unwrapped positions" +
                        (rep.DriftRemoved ? ", centre-of-mass drift removed" : ""));
            w.WriteLine($"# frames {rep.Frames}, time span {rep.TimeSpan.ToString("G8", ci)} {timeUnit}, fit window lags {rep.FitLagStart.ToString("G6", ci)}..{rep.FitLagEnd.ToString("G6", ci)} {timeUnit} ({rep.FitStart.ToString(ci)}..{rep.FitEnd.ToString(ci)} of one block's lag span), {rep.Blocks} blocks for errors");
            foreach (var s in rep.Species)
                w.WriteLine(string.Format(ci, "# {0} (N = {1}, q = {2:G6}): D = {3:E6} +- {4:E3} A^2/{7} (Dx {8:E4} Dy {9:E4} Dz {10:E4}), D_collective = {5:E6} +- {6:E3}",
                    s.Name, s.Count, s.Charge, s.D, s.DErr, s.DCollective, s.DCollectiveErr, timeUnit, s.DDirection[0], s.DDirection[1], s.DDirection[2]));
            if (double.IsFinite(rep.SigmaNE))
                w.WriteLine(string.Format(ci, "# T = {0:F2} K, V = {1:F3} A^3: sigma_NE = {2:E6} +- {3:E3} S/cm, sigma_collective = {4:E6} +- {5:E3} S/cm, Haven ratio = {6:G6} +- {7:G3}",
                    rep.Temperature, rep.Volume, rep.SigmaNE, rep.SigmaNEErr, rep.SigmaCollective, rep.SigmaCollectiveErr, rep.Haven, rep.HavenErr));
            var cols = new List<string> { $"lag({timeUnit})" };
            foreach (var s in msd.Species)
                cols.AddRange([$"{s.Species}_msd_x", $"{s.Species}_msd_y", $"{s.Species}_msd_z", $"{s.Species}_msd", $"{s.Species}_ngp", $"{s.Species}_msd_coll"]);
            if (msd.Charge != null) cols.Add("charge_msd(e^2A^2)");
            w.WriteLine("# " + string.Join(" ", cols));
            for (int m = 0; m < msd.Lags.Length; m++)
            {
                var sb = new System.Text.StringBuilder();
                sb.Append(msd.Lags[m].ToString("G10", ci));
                foreach (var s in msd.Species)
                {
                    foreach (var v in new[] { s.Direction[0][m], s.Direction[1][m], s.Direction[2][m], s.Total[m],
                                 s.NonGaussian?[m] ?? double.NaN, s.Collective[m] })
                        sb.Append(' ').Append(v.ToString("G10", ci));
                }
                if (msd.Charge != null) sb.Append(' ').Append(msd.Charge[m].ToString("G10", ci));
                w.WriteLine(sb.ToString());
            }
        });
    }
}
