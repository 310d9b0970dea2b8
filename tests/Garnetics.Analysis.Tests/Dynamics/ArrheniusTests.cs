using System.Text.Json;
using System.Xml.Linq;
using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

public class ArrheniusTests(ITestOutputHelper output)
{
    private const double Kb = 8.617343e-5;

    [Fact]
    public void StudentTQuantilesMatchMpmath()
    {
        // reference: the root of the t CDF written with mpmath's regularised incomplete beta at 40 digits (scipy's
        // stats.t.ppf is itself only good to ~2e-9 here, so it is the starting point of the root search only)
        var dofs = new[] { 1, 2, 3, 5, 12, 30, 200 };
        var ps = new[] { 0.975, 0.995, 0.9, 0.3 };
        string dir = TempDir.Create("tq");
        var py = PythonRunner.RunScript(dir, $$"""
import mpmath as mp
from scipy import stats
mp.mp.dps = 40
def cdf(t, nu):
    x = nu / (nu + t * t)
    tail = mp.betainc(mp.mpf(nu) / 2, mp.mpf(1) / 2, 0, x, regularized=True) / 2
    return 1 - tail if t >= 0 else tail
for nu in {{"[" + string.Join(",", dofs) + "]"}}:
    print(' '.join(mp.nstr(mp.findroot(lambda t: cdf(t, nu) - mp.mpf(p), stats.t.ppf(p, nu)), 20) for p in {{"[" + string.Join(",", ps.Select(p => p.ToString(CultureInfo.InvariantCulture))) + "]"}}))
""");
        var rows = py.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Numbers.Of).ToArray();
        double worst = 0;
        for (int i = 0; i < dofs.Length; i++)
            for (int j = 0; j < ps.Length; j++)
                worst = Math.Max(worst, Math.Abs(Statistics.StudentTQuantile(ps[j], dofs[i]) / rows[i][j] - 1));
        output.WriteLine($"t quantiles: worst relative difference to mpmath {worst:E2}");
        Assert.True(worst < 1e-12, $"worst {worst}");
    }

    [Fact]
    public void WeightedFitMatchesScipyCurveFit()
    {
        var rnd = new Random(31);
        double[] ts = [700, 800, 900, 950, 1000, 1100, 1200];
        var pts = ts.Select(t =>
        {
            double s = 0.05 + 0.15 * rnd.NextDouble();
            double sig = 50.0 / t * Math.Exp(-0.3 / (Kb * t) + s * DynSupport.Gauss(rnd));
            return new ArrheniusPoint(t, sig, s * sig);
        }).ToList();
        var fit = ArrheniusFit.Fit(pts, Kb);
        var (v, lo, hi) = fit.Predict(300);
        string dir = TempDir.Create("arr");
        string Arr(IEnumerable<double> xs) => "[" + string.Join(",", xs.Select(x => x.ToString("R", CultureInfo.InvariantCulture))) + "]";
        var py = PythonRunner.RunScript(dir, $$"""
import numpy as np
from scipy import optimize, stats
T = np.array({{Arr(pts.Select(p => p.T))}}); s = np.array({{Arr(pts.Select(p => p.Value))}}); e = np.array({{Arr(pts.Select(p => p.Err))}})
kb = 8.617343e-5
y = np.log(s * T); sy = e / s
p, cov = optimize.curve_fit(lambda x, a, b: a + b * x, 1 / T, y, sigma=sy, absolute_sigma=False)
x0 = 1 / 300.0
ly = p[0] + p[1] * x0
se = np.sqrt(cov[0, 0] + x0 * x0 * cov[1, 1] + 2 * x0 * cov[0, 1])
tq = stats.t.ppf(0.975, len(T) - 2)
print(repr(-p[1] * kb), repr(np.sqrt(cov[1, 1]) * kb), repr(p[0]), repr(np.sqrt(cov[0, 0])), repr(np.exp(ly) / 300), repr(np.exp(ly - tq * se) / 300), repr(np.exp(ly + tq * se) / 300))
""");
        var r = Numbers.Of(py.Trim());
        output.WriteLine($"Ea = {fit.Ea:F6} +- {fit.EaErr:F6} (scipy {r[0]:F6} +- {r[1]:F6}); sigma(300) = {v:E6} [{lo:E4}, {hi:E4}] (scipy {r[4]:E6} [{r[5]:E4}, {r[6]:E4}])");
        // curve_fit is an iterative Levenberg–Marquardt solve of the same linear problem: agreement to ~1e-8
        double[] mine = [fit.Ea, fit.EaErr, fit.LnA, fit.LnAErr, v, lo, hi];
        for (int k = 0; k < mine.Length; k++)
            Assert.True(Math.Abs(mine[k] / r[k] - 1) < 1e-7, $"quantity {k}: {mine[k]} vs scipy {r[k]}");
    }

    [Fact]
    public void IntervalCoversTrueSigma300InAbout95PercentOfTrials()
    {
        // true law sigma = A/T exp(-Ea/(kB T)); 7 temperatures x 2 replicas, Gaussian noise of ln sigma with known,
        // point-dependent sd in [0.05, 0.25]; fit weighted by those sd, interval from t with 12 dof
        const double ea = 0.32, lnA = 4.0;
        double truth = Math.Exp(lnA - ea / (Kb * 300)) / 300;
        double[] ts = [700, 800, 900, 950, 1000, 1100, 1200];
        var rnd = new Random(20261122);
        int covered = 0, trials = 100;
        double eaSum = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            var pts = new List<ArrheniusPoint>();
            foreach (var t in ts)
                for (int rep = 0; rep < 2; rep++)
                {
                    double s = 0.05 + 0.2 * rnd.NextDouble();
                    double sig = Math.Exp(lnA - ea / (Kb * t) + s * DynSupport.Gauss(rnd)) / t;
                    pts.Add(new ArrheniusPoint(t, sig, s * sig));
                }
            var fit = ArrheniusFit.Fit(pts, Kb);
            Assert.True(fit.Weighted);
            Assert.Equal(12, fit.Dof);
            var (_, lo, hi) = fit.Predict(300, 0.95);
            if (lo <= truth && truth <= hi) covered++;
            eaSum += fit.Ea;
        }
        output.WriteLine($"95% interval of sigma(300 K) covered the truth in {covered}/{trials} trials; mean Ea {eaSum / trials:F4} (true {ea})");
        Assert.InRange(covered, 90, 98);
        Assert.Equal(ea, eaSum / trials, 0.01);
    }

    [Fact]
    public void VtfFitRecoversKnownParameters()
    {
        // noiseless sigma = A T^-1/2 exp(-B/(kB (T - T0))), T0 = 250 K, B = 0.08 eV
        const double t0 = 250, b = 0.08, lnA = 3;
        var pts = new double[] { 600, 700, 800, 900, 1000, 1100, 1200 }
            .Select(t => new ArrheniusPoint(t, Math.Exp(lnA - b / (Kb * (t - t0))) / Math.Sqrt(t), double.NaN)).ToList();
        var fit = VtfFit.Fit(pts, Kb);
        output.WriteLine($"VTF: T0 = {fit.T0:F4} K, B = {fit.B:F6} eV, ln A = {fit.LnA:F6}");
        Assert.Equal(t0, fit.T0, 0.01);
        Assert.Equal(b, fit.B, 1e-5);
        Assert.Equal(lnA, fit.LnA, 1e-4);
    }

    private static DiffusionReport Report(double t, string replica, double sigma, double err, double d)
    {
        var r = new DiffusionReport
        {
            Temperature = t, Replica = replica, Volume = 1000, Frames = 100, TimeSpan = 10, FitStart = 0.1, FitEnd = 0.5, Blocks = 5,
            SigmaNE = sigma, SigmaNEErr = err, SigmaCollective = 2 * sigma, SigmaCollectiveErr = 2 * err, Haven = 0.5, HavenErr = 0.1,
        };
        r.Species.Add(new SpeciesResult { Name = "Li", Count = 56, Charge = 1, D = d, DErr = 0.1 * d, DCollective = d, DCollectiveErr = 0.1 * d });
        return r;
    }

    [Fact]
    public void SummaryCommandReadsRunsAveragesReplicasAndWritesTableAndPlot()
    {
        string dir = TempDir.Create("summary");
        string runs = Path.Combine(dir, "runs");
        Directory.CreateDirectory(runs);
        // sigma values chosen by hand: exactly Arrhenius with Ea = 0.3 eV except for replica scatter
        var vals = new List<(double t, string rep, double sig)>();
        foreach (var t in new[] { 800.0, 1000.0, 1200.0 })
        {
            double s = 40 / t * Math.Exp(-0.3 / (Kb * t));
            vals.Add((t, "1", s * 1.1));
            vals.Add((t, "2", s * 0.9));
        }
        foreach (var (t, rep, sig) in vals)
            Report(t, rep, sig, 0.1 * sig, sig * 2).Save(Path.Combine(runs, $"run-{t}-{rep}.json"));
        File.WriteAllText(Path.Combine(runs, "notes.txt"), "not a result");
        var (_, screen) = DeckHost.Run($"""
units metal
conductivity summary {runs}/run-*.json T 300 file {dir}/summary.txt plot {dir}/arrhenius.svg
""");
        var text = File.ReadAllText(Path.Combine(dir, "summary.txt"));
        output.WriteLine(text);
        Assert.Contains("Ea = ", screen);
        // per-temperature mean and standard error of the two replicas: mean = s, SE = 0.1 s
        var perT = text.Split('\n').SkipWhile(l => !l.StartsWith("# per temperature")).Skip(2).TakeWhile(l => !l.StartsWith('#'))
            .Select(Numbers.Of).ToList();
        Assert.Equal(3, perT.Count);
        foreach (var row in perT)
        {
            double s = 40 / row[0] * Math.Exp(-0.3 / (Kb * row[0]));
            Assert.Equal(2, row[1]);
            Assert.Equal(s, row[2], s * 1e-4);
            Assert.Equal(0.1 * s, row[3], s * 1e-4);
        }
        // symmetric replica scatter (x1.1, x0.9 at every T): the fit's slope is exactly the law's
        var ea = double.Parse(text.Split('\n').First(l => l.StartsWith("Ea = "))["Ea = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(0.3, ea, 1e-4);
        Assert.Contains("95% interval", text);
        var svg = XDocument.Load(Path.Combine(dir, "arrhenius.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);

        // the collective sigma (2x sigma_NE in these files) has the same Ea; VTF needs >= 4 runs (6 here)
        DeckHost.Run($"units metal\nconductivity summary {runs} use collective model vtf weights none file {dir}/vtf.txt\n");
        var vtf = File.ReadAllText(Path.Combine(dir, "vtf.txt"));
        Assert.Contains("sigma = collective", vtf);
        Assert.Contains("unweighted", vtf);
        Assert.Contains("# VTF fit", vtf);
        Assert.Contains("sigma_VTF(300.0 K) = ", vtf);
        var ea2 = double.Parse(vtf.Split('\n').First(l => l.StartsWith("Ea = "))["Ea = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.Equal(0.3, ea2, 1e-4);
    }

    [Fact]
    public void SummaryCommandErrorsNameTheArgument()
    {
        string dir = TempDir.Create("summary-err");
        string missing = $"conductivity summary {dir}/nothing-here/*.json";
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run($"units metal\n{missing}\n"));
        Assert.Contains("does not exist", e.Message);
        Assert.Equal(2, e.Location!.Line);
        Assert.Equal(22, e.Location.Column);
        string neg = $"conductivity summary {dir} T -5";
        var e2 = Assert.Throws<GarneticsException>(() => DeckHost.Run($"units metal\n{neg}\n"));
        Assert.Contains("T must be > 0", e2.Message);
        Assert.Equal(neg.LastIndexOf(" -5", StringComparison.Ordinal) + 2, e2.Location!.Column); // the scratch path may hold "-5" too
        var e3 = Assert.Throws<GarneticsException>(() => DeckHost.Run($"units metal\nconductivity summary {dir} colour red\n"));
        Assert.Contains("unknown conductivity summary keyword", e3.Message);
        var e4 = Assert.Throws<GarneticsException>(() => DeckHost.Run($"units metal\nconductivity summary {dir}\n"));
        Assert.Contains("no result files", e4.Message);
    }

    /// <summary>A result file with a field missing (or not a number) is one error naming the file and the field, not a NaN in the summary.</summary>
    [Theory]
    [InlineData("\"temperature\": 1000", "", "field 'temperature' is missing")]
    [InlineData("\"sigma_ne\": ", "\"sigma_ne_x\": ", "field 'sigma_ne' is missing")]
    [InlineData("\"d_err\": ", "\"derr\": ", "species Li: field 'd_err' is missing")]
    [InlineData("\"volume\": 1000", "\"volume\": \"big\"", "field 'volume' is not a number")]
    [InlineData("\"temperature\": 1000", "\"temperature\": -1", "temperature must be a positive number")]
    public void SummaryRefusesResultFilesWithMissingFields(string find, string replace, string expect)
    {
        string dir = TempDir.Create("summary-fields");
        string file = Path.Combine(dir, "run-1000-1.json");
        Report(1000, "1", 0.1, 0.01, 0.2).Save(file);
        string text = File.ReadAllText(file);
        int at = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{find}' not in the written file");
        if (replace.Length == 0)
        {
            // remove the whole line of the field (and keep the JSON valid: the field is not the last one)
            int lineStart = text.LastIndexOf('\n', at) + 1, lineEnd = text.IndexOf('\n', at) + 1;
            text = text.Remove(lineStart, lineEnd - lineStart);
        }
        else text = text[..at] + replace + text[(at + find.Length)..];
        File.WriteAllText(file, text);
        var e = Assert.Throws<GarneticsException>(() => DeckHost.Run($"units metal\nconductivity summary {dir}/*.json\n"));
        Assert.Contains(file, e.Message);
        Assert.Contains(expect, e.Message);
        TempDir.Delete(dir);
    }
}
