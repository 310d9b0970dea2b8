namespace Garnetics.Analysis.Dynamics;

[Command("conductivity",
    Syntax = "conductivity summary DIR|PATTERN [T Tx] [file OUT.txt] [plot OUT.svg] [use ne|collective] [model arrhenius|vtf] [species NAME] [level C] [weights blocks|none]",
    Help = """
        Read the per-run result files of fix msd/fft (all *.json in DIR, or the files matching PATTERN, e.g.
        runs/r-*.json), average the replicas of each temperature (runs whose T agree to 1 K; mean and standard error
        sd/√n), and fit, over all runs, ln(σT) = ln A − Ea/(k_B T) against 1/T (σ in S/cm, T in K, Ea in eV, k_B =
        8.617343e-5 eV/K, A in S·K/cm) by weighted least squares, weights 1/(δσ/σ)² from each run's block error (weights
        none, or any error missing: unweighted), covariance scaled by the reduced χ²; Ea and ln A with standard errors.
        σ(Tx) (default Tx = 300 K) = A/Tx·exp(−Ea/(k_B Tx)) with its two-sided interval at confidence C (default 0.95)
        from Student's t with n_runs − 2 degrees of freedom. Runs with σ ≤ 0 are listed but left out of the fit. use:
        σ_NE (Nernst–Einstein, default) or the collective σ. The same fit of ln D (tracer D of species NAME, default the
        first species) gives the diffusion activation energy. model vtf (Vogel–Tammann–Fulcher, VTF): σ = A T^(−1/2)
        exp(−B/(k_B(T − T0))) with T0 by least squares (≥ 4 runs). file: the table and fit (default: screen only); plot:
        Arrhenius SVG (σ against 1000/T, log scale, with the fit and the extrapolation).
        """)]
public sealed class ConductivityCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(2, -1);
        args.Choice(0, "summary");
        string pattern = args[1];
        double tx = 300;
        string? file = null, plot = null, species = null;
        bool collective = false, vtf = false, weights = true;
        double level = 0.95;
        for (int i = 2; i < args.Count;)
        {
            string kw = args[i];
            if (i + 1 >= args.Count) throw args.Error(i, $"conductivity summary keyword '{kw}' needs a value");
            switch (kw)
            {
                case "T":
                    tx = args.Double(i + 1, "temperature");
                    if (tx <= 0) throw args.Error(i + 1, $"T must be > 0 K, got {tx}");
                    break;
                case "file": file = args[i + 1]; break;
                case "plot": plot = args[i + 1]; break;
                case "use": collective = args.Choice(i + 1, "ne", "collective") == "collective"; break;
                case "model": vtf = args.Choice(i + 1, "arrhenius", "vtf") == "vtf"; break;
                case "species": species = args[i + 1]; break;
                case "weights": weights = args.Choice(i + 1, "blocks", "none") == "blocks"; break;
                case "level":
                    level = args.Double(i + 1, "confidence level");
                    if (!(level > 0 && level < 1)) throw args.Error(i + 1, $"level must be between 0 and 1, got {level}");
                    break;
                default:
                    throw args.Error(i, $"unknown conductivity summary keyword '{kw}' (expected T, file, plot, use, model, species, level, weights)");
            }
            i += 2;
        }
        var files = FindFiles(pattern, args);
        var runs = new List<(string file, DiffusionReport rep)>();
        foreach (var f in files)
        {
            try { runs.Add((f, DiffusionReport.Load(f))); }
            catch (GarneticsException e) { throw args.Error(1, e.Message); }
        }
        var summary = ConductivitySummary.Build(runs, tx, collective, vtf, species, level, weights, sim.Units.Boltz > 0 && sim.Units.Style == "metal" ? sim.Units.Boltz : 8.617343e-5);
        if (species != null && !summary.SpeciesNames.Contains(species))
            throw args.Error(Enumerable.Range(0, args.Count).First(k => args[k] == "species") + 1,
                $"species '{species}' is not in the result files (they have {string.Join(", ", summary.SpeciesNames)})");
        var text = summary.Format(pattern);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries)) sim.Print(line);
        if (file != null) AtomicFile.Write(file, w => w.Write(text));
        if (plot != null) summary.SavePlot(plot);
    }

    private static List<string> FindFiles(string pattern, CommandArgs args)
    {
        string dir, mask;
        if (Directory.Exists(pattern)) { dir = pattern; mask = "*.json"; }
        else
        {
            dir = Path.GetDirectoryName(pattern) is { Length: > 0 } d ? d : ".";
            mask = Path.GetFileName(pattern);
            if (!Directory.Exists(dir)) throw args.Error(1, $"folder '{dir}' of '{pattern}' does not exist");
            if (mask.Length == 0) mask = "*.json";
        }
        var files = Directory.GetFiles(dir, mask).OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0) throw args.Error(1, $"no result files match '{pattern}' (expected fix msd/fft result JSON files)");
        return files;
    }
}

/// <summary>The campaign's table and fits (built from per-run reports; used by the conductivity command).</summary>
public sealed class ConductivitySummary
{
    public sealed record Run(string File, double T, string Replica, double Sigma, double SigmaErr, double SigmaNE, double SigmaNEErr,
        double SigmaColl, double SigmaCollErr, double Haven, double HavenErr, double D, double DErr);
    public sealed record TGroup(double T, int N, double Sigma, double SigmaSe, double Haven, double HavenSe, double D, double DSe);

    public List<Run> Runs { get; } = [];
    public List<TGroup> Groups { get; } = [];
    public List<string> SpeciesNames { get; private set; } = [];
    public string Species { get; private set; } = "";
    public bool Collective { get; private set; }
    public double Tx { get; private set; }
    public double Level { get; private set; }
    public ArrheniusFit? Fit { get; private set; }
    public ArrheniusFit? FitD { get; private set; }
    public VtfFit? Vtf { get; private set; }
    public string? FitNote { get; private set; }
    public double Boltzmann { get; private set; }

    public static ConductivitySummary Build(IReadOnlyList<(string file, DiffusionReport rep)> reports, double tx, bool collective, bool vtf,
        string? species, double level, bool weights, double boltzmann)
    {
        var s = new ConductivitySummary { Tx = tx, Collective = collective, Level = level, Boltzmann = boltzmann };
        s.SpeciesNames = reports.SelectMany(r => r.rep.Species.Select(x => x.Name)).Distinct().ToList();
        s.Species = species ?? s.SpeciesNames.FirstOrDefault() ?? "";
        foreach (var (file, r) in reports)
        {
            var sp = r.Species.FirstOrDefault(x => x.Name == s.Species);
            double sig = collective ? r.SigmaCollective : r.SigmaNE, sigErr = collective ? r.SigmaCollectiveErr : r.SigmaNEErr;
            s.Runs.Add(new Run(Path.GetFileName(file), r.Temperature, r.Replica, sig, sigErr, r.SigmaNE, r.SigmaNEErr, r.SigmaCollective,
                r.SigmaCollectiveErr, r.Haven, r.HavenErr, sp?.D ?? double.NaN, sp?.DErr ?? double.NaN));
        }
        s.Runs.Sort((a, b) => a.T != b.T ? a.T.CompareTo(b.T) : string.CompareOrdinal(a.Replica, b.Replica));
        foreach (var g in s.Runs.Where(r => double.IsFinite(r.T)).GroupBy(r => Math.Round(r.T)).OrderBy(g => g.Key))
        {
            var l = g.ToList();
            s.Groups.Add(new TGroup(l.Average(r => r.T), l.Count,
                l.Average(r => r.Sigma), Statistics.StdError(l.Select(r => r.Sigma).ToList()),
                l.Average(r => r.Haven), Statistics.StdError(l.Select(r => r.Haven).ToList()),
                l.Average(r => r.D), Statistics.StdError(l.Select(r => r.D).ToList())));
        }
        var pts = s.Runs.Where(r => r.T > 0 && r.Sigma > 0 && double.IsFinite(r.Sigma)).Select(r => new ArrheniusPoint(r.T, r.Sigma, weights ? r.SigmaErr : double.NaN)).ToList();
        int distinctT = pts.Select(p => Math.Round(p.T)).Distinct().Count();
        if (pts.Count >= 2 && distinctT >= 2)
        {
            s.Fit = ArrheniusFit.Fit(pts, boltzmann, 1.0);
            if (vtf)
            {
                if (pts.Count >= 4) s.Vtf = VtfFit.Fit(pts, boltzmann);
                else s.FitNote = $"VTF fit needs at least 4 runs with sigma > 0, have {pts.Count}";
            }
        }
        else s.FitNote = $"no fit: {pts.Count} run(s) with sigma > 0 at {distinctT} temperature(s); at least 2 temperatures are needed";
        var dpts = s.Runs.Where(r => r.T > 0 && r.D > 0 && double.IsFinite(r.D)).Select(r => new ArrheniusPoint(r.T, r.D, weights ? r.DErr : double.NaN)).ToList();
        if (dpts.Count >= 2 && dpts.Select(p => Math.Round(p.T)).Distinct().Count() >= 2) s.FitD = ArrheniusFit.Fit(dpts, boltzmann, 0.0);
        return s;
    }

    private static string G(double v, string fmt = "E4") => double.IsFinite(v) ? v.ToString(fmt, CultureInfo.InvariantCulture) : "nan";

    public string Format(string source)
    {
        var sb = new System.Text.StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        string which = Collective ? "collective (charge displacement)" : "Nernst-Einstein";
        sb.Append($"# conductivity summary: {Runs.Count} run(s) from {source}; sigma = {which} (S/cm), D = tracer D of {Species} (A^2/ps)\n");
        sb.Append("# per run\n# T(K) replica sigma err sigma_NE err sigma_collective err Haven err D err file\n");
        foreach (var r in Runs)
            sb.Append($"{G(r.T, "F2")} {(r.Replica.Length > 0 ? r.Replica : "-")} {G(r.Sigma)} {G(r.SigmaErr)} {G(r.SigmaNE)} {G(r.SigmaNEErr)} {G(r.SigmaColl)} {G(r.SigmaCollErr)} {G(r.Haven)} {G(r.HavenErr)} {G(r.D)} {G(r.DErr)} {r.File}\n");
        sb.Append("# per temperature: mean over replicas and standard error (nan for a single replica)\n# T(K) replicas sigma se Haven se D se\n");
        foreach (var g in Groups)
            sb.Append($"{G(g.T, "F2")} {g.N} {G(g.Sigma)} {G(g.SigmaSe)} {G(g.Haven)} {G(g.HavenSe)} {G(g.D)} {G(g.DSe)}\n");
        int pct = (int)Math.Round(Level * 100);
        if (Fit != null)
        {
            var (v, lo, hi) = Fit.Predict(Tx, Level);
            sb.Append($"# Arrhenius fit ln(sigma T) = ln A - Ea/(kB T): {Fit.N} runs, {(Fit.Weighted ? "weighted by 1/(dsigma/sigma)^2" : "unweighted")}, {Fit.Dof} degrees of freedom\n");
            sb.Append(string.Format(ci, "Ea = {0:F4} +- {1:F4} eV\n", Fit.Ea, Fit.EaErr));
            sb.Append(string.Format(ci, "ln A = {0:F4} +- {1:F4} (A = {2} S K/cm)\n", Fit.LnA, Fit.LnAErr, G(Math.Exp(Fit.LnA))));
            sb.Append($"sigma({G(Tx, "F1")} K) = {G(v)} S/cm, {pct}% interval [{G(lo)}, {G(hi)}] S/cm" +
                      (Fit.Dof >= 1 ? string.Format(ci, " (t = {0:F4}, {1} dof)\n", Statistics.StudentTQuantile(0.5 + Level / 2, Fit.Dof), Fit.Dof) : " (no degrees of freedom left for an interval)\n"));
        }
        if (FitNote != null) sb.Append("# ").Append(FitNote).Append('\n');
        if (Vtf != null)
        {
            var (v, lo, hi) = Vtf.Predict(Tx, Level);
            sb.Append(string.Format(ci, "# VTF fit sigma = A T^-1/2 exp(-B/(kB (T - T0))): T0 = {0:F1} K, B = {1:F4} +- {2:F4} eV, ln A = {3:F4}, {4} dof\n", Vtf.T0, Vtf.B, Vtf.BErr, Vtf.LnA, Vtf.Dof));
            sb.Append($"sigma_VTF({G(Tx, "F1")} K) = {G(v)} S/cm, {pct}% interval [{G(lo)}, {G(hi)}] S/cm (conditional on T0)\n");
        }
        if (FitD != null)
        {
            var (v, lo, hi) = FitD.Predict(Tx, Level);
            sb.Append($"# Arrhenius fit ln D = ln D0 - Ea/(kB T) for {Species}: {FitD.N} runs, {FitD.Dof} dof\n");
            sb.Append(string.Format(ci, "Ea_D = {0:F4} +- {1:F4} eV, D0 = {2} A^2/ps\n", FitD.Ea, FitD.EaErr, G(Math.Exp(FitD.LnA))));
            sb.Append($"D({G(Tx, "F1")} K) = {G(v)} A^2/ps, {pct}% interval [{G(lo)}, {G(hi)}]\n");
        }
        return sb.ToString();
    }

    public void SavePlot(string path) => ArrheniusPlot.Save(path, this);
}
