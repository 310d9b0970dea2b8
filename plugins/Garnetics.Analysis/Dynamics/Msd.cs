using Garnetics.Engine.Numerics;

namespace Garnetics.Analysis.Dynamics;

/// <summary>
/// An in-memory trajectory for diffusion analysis: unwrapped positions (x + image·box) of the analysed atoms at
/// equally spaced times, their species labels, and optional per-frame whole-system series: the centre of mass
/// (reference for drift removal) and the polarisation P = sum_i q_i r_i over all atoms (for the collective charge
/// displacement). Sampled by fix msd/fft or filled directly (tests, other readers).
/// </summary>
public sealed class DiffusionTrajectory
{
    public DiffusionTrajectory(string[] species, double[]? charges = null)
    {
        Species = species;
        Charges = charges;
        if (charges != null && charges.Length != species.Length)
            throw new ArgumentException("one charge per atom expected");
    }

    /// <summary>Species label of each stored atom (element symbol or "type N").</summary>
    public string[] Species { get; }
    /// <summary>Charge of each stored atom (e), or null.</summary>
    public double[]? Charges { get; }
    public int NAtoms => Species.Length;
    public List<double> Times { get; } = [];
    /// <summary>Per frame: 3N unwrapped coordinates, atom-major (x0 y0 z0 x1 ...).</summary>
    public List<double[]> Positions { get; } = [];
    /// <summary>Per frame: centre of mass of the whole system (drift reference); empty when not sampled.</summary>
    public List<double[]> CentreOfMass { get; } = [];
    /// <summary>Per frame: sum_i q_i r_i over all atoms (e·Å); empty when not sampled.</summary>
    public List<double[]> Polarization { get; } = [];
    /// <summary>Total charge of the whole system (P is corrected by -Q·R_com when drift is removed).</summary>
    public double TotalCharge { get; set; }
    public int Frames => Positions.Count;

    public void AddFrame(double time, double[] positions, double[]? com = null, double[]? polarization = null)
    {
        if (positions.Length != 3 * NAtoms) throw new ArgumentException($"expected {3 * NAtoms} coordinates, got {positions.Length}");
        Times.Add(time);
        Positions.Add(positions);
        if (com != null) CentreOfMass.Add(com);
        if (polarization != null) Polarization.Add(polarization);
    }
}

/// <summary>Mean-squared displacements of one species.</summary>
public sealed class SpeciesMsd
{
    public required string Species { get; init; }
    public required int Count { get; init; }
    /// <summary>Mean charge of the species' atoms (0 when no charges).</summary>
    public double Charge { get; init; }
    /// <summary>Tracer MSD per direction x, y, z (Å²), per lag.</summary>
    public required double[][] Direction { get; init; }
    /// <summary>Tracer MSD |Δr|² (Å²), per lag.</summary>
    public required double[] Total { get; init; }
    /// <summary>Non-Gaussian parameter α2 = 3⟨Δr⁴⟩/(5⟨Δr²⟩²) − 1 (NaN at lag 0).</summary>
    public double[]? NonGaussian { get; init; }
    /// <summary>Collective MSD (1/N)⟨|Σ_i Δr_i|²⟩ of the species (Å²), per lag.</summary>
    public required double[] Collective { get; init; }
}

public sealed class MsdResult
{
    public required double[] Lags { get; init; }
    public required List<SpeciesMsd> Species { get; init; }
    /// <summary>Charge-displacement MSD ⟨|ΔP|²⟩ (e²Å²), P = Σ q_i r_i over all atoms; null when not sampled.</summary>
    public double[]? Charge { get; init; }
    public SpeciesMsd this[string species] => Species.First(s => s.Species == species);
}

/// <summary>
/// Multiple-time-origin MSD with the FFT algorithm (O(N·T log T)):
/// MSD(m) = 1/(T−m) Σ_{k=0}^{T−1−m} (x_{k+m} − x_k)² = [Σ_k (x_{k+m}² + x_k²) − 2 Σ_k x_k x_{k+m}] / (T − m),
/// the first sum by a running recursion, the autocorrelation by a zero-padded FFT (<see cref="Fft1D"/>, length ≥ 2T). Each series is
/// shifted by its mean first (the MSD is shift invariant) to keep round-off at the level of the displacements.
/// </summary>
public static class Msd
{
    /// <summary>Windowed MSD of several 1-D series added together: Σ_series MSD_series(m), m = 0..T−1.</summary>
    public static double[] SumOfSeries(IEnumerable<double[]> series, int t)
    {
        var fft = new Fft1D(Fft1D.NextFactorable(2 * t));
        var power = new double[fft.N];
        var q = new double[t];
        var data = new double[2 * fft.N];
        var work = new double[2 * fft.N];
        double[]? pending = null;
        foreach (var raw in series)
        {
            if (raw.Length != t) throw new ArgumentException("all series must have the same length");
            var x = Centered(raw);
            AddSquareSums(x, q);
            if (pending == null) pending = x;
            else
            {
                AddPowerSpectra(fft, pending, x, power, data, work);
                pending = null;
            }
        }
        if (pending != null) AddPowerSpectra(fft, pending, null, power, data, work);
        var acf = AutocorrelationFromPower(fft, power, data, work);
        var msd = new double[t];
        for (int m = 0; m < t; m++)
            msd[m] = (q[m] - 2.0 * acf[m]) / (t - m);
        msd[0] = 0.0;
        return msd;
    }

    /// <summary>
    /// Adds |X_k|² + |Y_k|² to <paramref name="power"/>: the power spectra of two real series (<paramref name="y"/> may be
    /// null), zero-padded to the transform length, from one complex transform with x in the real and y in the
    /// imaginary part. <paramref name="data"/> and <paramref name="work"/> are scratch of 2 N doubles.
    /// </summary>
    private static void AddPowerSpectra(Fft1D fft, double[] x, double[]? y, double[] power, double[] data, double[] work)
    {
        int n = fft.N;
        Array.Clear(data);
        for (int k = 0; k < x.Length; k++) data[2 * k] = x[k];
        if (y != null)
            for (int k = 0; k < y.Length; k++) data[2 * k + 1] = y[k];
        fft.Transform(data, work, -1);
        for (int k = 0; k < n; k++)
        {
            int nk = k == 0 ? 0 : n - k;
            double zr = data[2 * k], zi = data[2 * k + 1], cr = data[2 * nk], ci = data[2 * nk + 1];
            // X_k = (Z_k + conj Z_{n-k}) / 2, Y_k = (Z_k - conj Z_{n-k}) / (2i)
            double xr = 0.5 * (zr + cr), xi = 0.5 * (zi - ci);
            double yr = 0.5 * (zi + ci), yi = -0.5 * (zr - cr);
            power[k] += xr * xr + xi * xi;
            if (y != null) power[k] += yr * yr + yi * yi;
        }
    }

    /// <summary>Inverse transform of a real, even power spectrum: the circular autocorrelation (divided by N).</summary>
    private static double[] AutocorrelationFromPower(Fft1D fft, double[] power, double[] data, double[] work)
    {
        int n = fft.N;
        for (int k = 0; k < n; k++)
        {
            data[2 * k] = power[k];
            data[2 * k + 1] = 0;
        }
        fft.Transform(data, work, +1);
        var acf = new double[n];
        for (int k = 0; k < n; k++) acf[k] = data[2 * k] / n;
        return acf;
    }

    private static double[] Centered(double[] x)
    {
        double mean = 0;
        foreach (var v in x) mean += v;
        mean /= x.Length;
        var c = new double[x.Length];
        for (int k = 0; k < x.Length; k++) c[k] = x[k] - mean;
        return c;
    }

    /// <summary>q[m] += Σ_{k=0}^{T−1−m} (x_{k+m}² + x_k²) by the recursion Q(m) = Q(m−1) − x_{m−1}² − x_{T−m}².</summary>
    private static void AddSquareSums(double[] x, double[] q)
    {
        int t = x.Length;
        double s = 0;
        for (int k = 0; k < t; k++) s += x[k] * x[k];
        double cur = 2 * s;
        q[0] += cur;
        for (int m = 1; m < t; m++)
        {
            cur -= x[m - 1] * x[m - 1] + x[t - m] * x[t - m];
            q[m] += cur;
        }
    }

    /// <summary>
    /// MSDs of every species of the trajectory over frames [start, start+count): tracer per direction and total,
    /// collective, non-Gaussian parameter (on every ngpStride-th origin; 0 = skip), and the charge displacement.
    /// With removeDrift, positions are taken relative to the whole-system centre of mass of each frame.
    /// </summary>
    public static MsdResult Compute(DiffusionTrajectory traj, bool removeDrift = true, int start = 0, int count = -1,
        int ngpOrigins = 100)
    {
        if (count < 0) count = traj.Frames - start;
        if (count < 2) throw new GarneticsException($"MSD needs at least 2 frames, got {count}");
        if (removeDrift && traj.CentreOfMass.Count != traj.Frames)
            throw new GarneticsException("drift removal needs the centre of mass of every frame");
        CheckUniform(traj, start, count);
        int t = count;
        var lags = new double[t];
        for (int m = 0; m < t; m++) lags[m] = traj.Times[start + m] - traj.Times[start];

        double Coord(int frame, int atom, int d) =>
            traj.Positions[start + frame][3 * atom + d] - (removeDrift ? traj.CentreOfMass[start + frame][d] : 0.0);

        var species = new List<SpeciesMsd>();
        foreach (var sp in traj.Species.Distinct().OrderBy(s => s, StringComparer.Ordinal))
        {
            var atoms = Enumerable.Range(0, traj.NAtoms).Where(i => traj.Species[i] == sp).ToArray();
            var dir = new double[3][];
            for (int d = 0; d < 3; d++)
            {
                int dd = d;
                var sum = SumOfSeries(atoms.Select(i =>
                {
                    var x = new double[t];
                    for (int k = 0; k < t; k++) x[k] = Coord(k, i, dd);
                    return x;
                }), t);
                for (int m = 0; m < t; m++) sum[m] /= atoms.Length;
                dir[d] = sum;
            }
            var total = new double[t];
            for (int m = 0; m < t; m++) total[m] = dir[0][m] + dir[1][m] + dir[2][m];

            var coll = SumOfSeries(Enumerable.Range(0, 3).Select(d =>
            {
                var c = new double[t];
                for (int k = 0; k < t; k++)
                {
                    double s = 0;
                    foreach (var i in atoms) s += Coord(k, i, d);
                    c[k] = s;
                }
                return c;
            }), t);
            for (int m = 0; m < t; m++) coll[m] /= atoms.Length;

            double charge = traj.Charges == null ? 0.0 : atoms.Average(i => traj.Charges[i]);
            species.Add(new SpeciesMsd
            {
                Species = sp, Count = atoms.Length, Charge = charge, Direction = dir, Total = total, Collective = coll,
                NonGaussian = ngpOrigins > 0 ? NonGaussian(t, atoms, Coord, ngpOrigins) : null,
            });
        }

        double[]? chargeMsd = null;
        if (traj.Polarization.Count == traj.Frames && traj.Frames > 0)
        {
            chargeMsd = SumOfSeries(Enumerable.Range(0, 3).Select(d =>
            {
                var p = new double[t];
                for (int k = 0; k < t; k++)
                    p[k] = traj.Polarization[start + k][d] - (removeDrift ? traj.TotalCharge * traj.CentreOfMass[start + k][d] : 0.0);
                return p;
            }), t);
        }
        return new MsdResult { Lags = lags, Species = species, Charge = chargeMsd };
    }

    private static void CheckUniform(DiffusionTrajectory traj, int start, int count)
    {
        double dt = traj.Times[start + 1] - traj.Times[start];
        if (!(dt > 0)) throw new GarneticsException("trajectory times must increase");
        for (int k = start + 1; k < start + count; k++)
        {
            double d = traj.Times[k] - traj.Times[k - 1];
            if (Math.Abs(d - dt) > 1e-6 * dt)
                throw new GarneticsException($"trajectory frames are not equally spaced in time (Δt = {dt} then {d} at frame {k})");
        }
    }

    /// <summary>α2(m) = 3⟨Δr⁴⟩/(5⟨Δr²⟩²) − 1 over origins 0, s, 2s, ... (s = max(1, T/origins)) and the atoms.</summary>
    private static double[] NonGaussian(int t, int[] atoms, Func<int, int, int, double> coord, int origins)
    {
        int stride = Math.Max(1, t / origins);
        var r2 = new double[t];
        var r4 = new double[t];
        var n = new long[t];
        foreach (var i in atoms)
        {
            var x = new double[3 * t];
            for (int k = 0; k < t; k++)
                for (int d = 0; d < 3; d++) x[3 * k + d] = coord(k, i, d);
            for (int o = 0; o < t; o += stride)
                for (int m = 1; o + m < t; m++)
                {
                    double dx = x[3 * (o + m)] - x[3 * o], dy = x[3 * (o + m) + 1] - x[3 * o + 1], dz = x[3 * (o + m) + 2] - x[3 * o + 2];
                    double s = dx * dx + dy * dy + dz * dz;
                    r2[m] += s; r4[m] += s * s; n[m]++;
                }
        }
        var a = new double[t];
        a[0] = double.NaN;
        for (int m = 1; m < t; m++)
        {
            double m2 = r2[m] / n[m], m4 = r4[m] / n[m];
            a[m] = m2 > 0 ? 3.0 * m4 / (5.0 * m2 * m2) - 1.0 : double.NaN;
        }
        return a;
    }
}
