using System.Text.Json;
using Garnetics.Analysis.Dynamics;
using Xunit.Abstractions;

namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>
/// The FFT MSD against independent references on the same trajectory: MDAnalysis 2.4.2's EinsteinMSD (its windowed,
/// non-FFT algorithm: fft=True needs the tidynamics package, which Debian does not ship; both compute the same
/// all-origins average), and numpy brute force for what MDAnalysis does not compute (drift removal, collective and
/// charge MSDs, the non-Gaussian parameter), scipy's linregress for D and scipy.constants for the conductivity units.
/// pymatgen's DiffusionAnalyzer lives in the separate pymatgen-analysis-diffusion package, absent from Debian's
/// python3-pymatgen 2022.11.7, so it is not used.
/// </summary>
public class MsdReferenceTests(ITestOutputHelper output)
{
    private const string Script = MsdPython.Preamble + """
import MDAnalysis as mda
from MDAnalysis.coordinates.memory import MemoryReader
from MDAnalysis.analysis.msd import EinsteinMSD
from scipy import stats, constants
meta = json.load(open('meta.json'))
T, N, dt = meta['frames'], meta['natoms'], meta['dt']
sp = np.array(meta['species']); q = np.array(meta['charges']); m = np.array(meta['masses'])
X = np.fromfile('frames.bin').reshape(T, N, 3)
u = mda.Universe.empty(N, trajectory=True)
u.add_TopologyAttr('name', list(sp))
u.load_new(X.astype(np.float32), format=MemoryReader, dt=dt)
out = {}
for s in ['La', 'Li', 'O']:
    for typ in ['xyz', 'x', 'y', 'z']:
        r = EinsteinMSD(u, select='name ' + s, msd_type=typ, fft=False).run()
        out['mda_%s_%s' % (s, typ)] = r.results.timeseries.tolist()
    out['lagtimes'] = (np.arange(r.n_frames) * u.trajectory.dt).tolist()
com = np.einsum('i,tid->td', m, X) / m.sum()
Y = X - com[:, None, :]
lags = np.arange(T) * dt
span = lags[T // 5 - 1]           # fit window: [0.1, 0.5] x the lag span of one of 5 blocks
win = (lags >= 0.1 * span) & (lags <= 0.5 * span)
V, Temp = meta['volume'], meta['temperature']
kT = constants.k * Temp
conv = 1e-8                       # 1 A^2/ps = 1e-8 m^2/s
sig_ne = 0.0
for s in ['La', 'Li', 'O']:
    sel = sp == s
    tr = wmsd(Y[:, sel, :])
    out['drift_%s' % s] = tr.tolist()
    C = Y[:, sel, :].sum(axis=1)
    out['coll_%s' % s] = (wmsd(C) / sel.sum()).tolist()
    stride = max(1, T // 100)
    a2 = [float('nan')]
    for lag in range(1, T):
        o = np.arange(0, T - lag, stride)
        d = Y[o + lag][:, sel, :] - Y[o][:, sel, :]
        r2 = np.sum(d * d, axis=-1)
        a2.append(3 * np.mean(r2 * r2) / (5 * np.mean(r2) ** 2) - 1)
    out['ngp_%s' % s] = a2
    D = stats.linregress(lags[win], tr[win]).slope / 6
    out['D_%s' % s] = D
    out['Dx_%s' % s] = stats.linregress(lags[win], wmsd(Y[:, sel, 0:1])[win]).slope / 2
    n = sel.sum() / (V * 1e-30)
    sig_ne += n * (q[sel].mean() * constants.e) ** 2 * D * conv / kT
P = np.einsum('i,tid->td', q, X) - q.sum() * com
cm = wmsd(P)
out['charge'] = cm.tolist()
out['sigma_ne'] = sig_ne / 100
out['sigma_coll'] = stats.linregress(lags[win], cm[win]).slope * conv * constants.e ** 2 / (6 * V * 1e-30 * kT) / 100
print(json.dumps(out).replace('NaN', 'null'))
""";

    private void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double rel, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        double worst = 0;
        for (int k = 1; k < expected.Count; k++)
        {
            double e = expected[k], a = actual[k];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(a), $"{what}[{k}]: expected NaN, got {a}"); continue; }
            worst = Math.Max(worst, Math.Abs(a - e) / Math.Abs(e));
        }
        output.WriteLine($"{what}: worst relative difference {worst:E2}");
        Assert.True(worst < rel, $"{what}: worst relative difference {worst:E3} >= {rel:E1}");
    }

    [Fact]
    public void MatchesMdAnalysisAndNumpyOnARandomWalk()
    {
        // 40 Li (+1), 20 La (+3), 50 O (-2): neutral; Gaussian steps of different sizes and a common drift
        var species = Enumerable.Repeat("Li", 40).Concat(Enumerable.Repeat("La", 20)).Concat(Enumerable.Repeat("O", 50)).ToArray();
        var charges = species.Select(s => s switch { "Li" => 1.0, "La" => 3.0, _ => -2.0 }).ToArray();
        var masses = species.Select(s => s switch { "Li" => 6.941, "La" => 138.905, _ => 15.9994 }).ToArray();
        int frames = 300;
        double dt = 0.05, volume = 9261.0, temp = 1000.0;
        // sigma per species in ordinal order: La, Li, O
        var traj = DynSupport.RandomWalk(12345, species, [0.05, 0.3, 0.02], frames, dt, charges, drift: [0.01, 0.0, -0.02], masses: masses);

        string dir = TempDir.Create("msd-ref");
        DynSupport.WriteFrames(Path.Combine(dir, "frames.bin"), traj.Positions);
        File.WriteAllText(Path.Combine(dir, "meta.json"), JsonSerializer.Serialize(new
        {
            frames, natoms = species.Length, dt, species, charges, masses, volume, temperature = temp,
        }));
        var refJson = JsonDocument.Parse(PythonRunner.RunScript(dir, Script)).RootElement;
        double[] Arr(string k) => refJson.GetProperty(k).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : double.NaN).ToArray();
        double Num(string k) => refJson.GetProperty(k).GetDouble();

        // no drift removal: MDAnalysis's definition
        var raw = Msd.Compute(traj, removeDrift: false, ngpOrigins: 0);
        AssertClose(Arr("lagtimes"), raw.Lags, 1e-12, "lag times");
        foreach (var s in new[] { "La", "Li", "O" })
        {
            AssertClose(Arr($"mda_{s}_xyz"), raw[s].Total, 1e-9, $"{s} MSD vs MDAnalysis");
            for (int d = 0; d < 3; d++)
                AssertClose(Arr($"mda_{s}_{"xyz"[d]}"), raw[s].Direction[d], 1e-9, $"{s} MSD_{"xyz"[d]} vs MDAnalysis");
        }

        // drift removed: numpy brute force, plus D, sigma
        var opts = new DiffusionOptions { Temperature = temp, Volume = volume, Blocks = 5 };
        var (rep, msd) = Diffusion.Analyze(traj, opts);
        foreach (var s in new[] { "La", "Li", "O" })
        {
            AssertClose(Arr($"drift_{s}"), msd[s].Total, 1e-9, $"{s} drift-removed MSD");
            AssertClose(Arr($"coll_{s}"), msd[s].Collective, 1e-9, $"{s} collective MSD");
            AssertClose(Arr($"ngp_{s}"), msd[s].NonGaussian!, 1e-9, $"{s} non-Gaussian parameter");
            var sr = rep.Species.Single(x => x.Name == s);
            Assert.Equal(Num($"D_{s}"), sr.D, Math.Abs(Num($"D_{s}")) * 1e-9);
            Assert.Equal(Num($"Dx_{s}"), sr.DDirection[0], Math.Abs(Num($"Dx_{s}")) * 1e-9);
        }
        AssertClose(Arr("charge"), msd.Charge!, 1e-9, "charge-displacement MSD");
        // scipy.constants k/e = 8.617333262e-5 eV/K vs LAMMPS's 8.617343e-5: 1.1e-6 relative
        Assert.Equal(Num("sigma_ne"), rep.SigmaNE, Num("sigma_ne") * 3e-6);
        Assert.Equal(Num("sigma_coll"), rep.SigmaCollective, Math.Abs(Num("sigma_coll")) * 3e-6);
        Assert.True(rep.Species.All(x => x.DErr > 0 && double.IsFinite(x.DErr)));
        foreach (var sr in rep.Species) output.WriteLine($"D_{sr.Name} = {sr.D:E6} (python {Num($"D_{sr.Name}"):E6}) +- {sr.DErr:E2}");
        output.WriteLine($"sigma_NE {rep.SigmaNE:E8} python {Num("sigma_ne"):E8}; sigma_coll {rep.SigmaCollective:E8} python {Num("sigma_coll"):E8}; H = {rep.Haven:F3}");
    }
}
