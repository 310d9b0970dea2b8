using Garnetics.Engine.Numerics;
using Garnetics.Engine.Output;
using Garnetics.Interop;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// Particle-particle particle-mesh Ewald (Hockney and Eastwood) with LAMMPS's `kspace_style pppm` semantics:
/// charges spread on a regular grid with cardinal B-splines of order P (kspace_modify order, default 5), the
/// Poisson equation solved by FFT with the optimal influence function for ik-differentiation (Hockney-Eastwood,
/// Deserno-Holm 1998), fields obtained by ik-differentiation and interpolated back with the same splines.
/// The splitting parameter and the grid are chosen from the requested relative accuracy as LAMMPS does: g_ewald
/// from the real-space error estimate, the smallest grid with factors 2, 3 and 5 whose k-space error estimate
/// (Deserno-Holm) is below the accuracy, then g_ewald re-balanced so the real- and k-space estimates are equal.
/// Orthogonal and triclinic periodic boxes (triclinic: the grid spans the fractional coordinates, LAMMPS's skew scaling).
/// </summary>
[KSpaceStyle("pppm", Syntax = "kspace_style pppm accuracy; kspace_modify mesh Nx Ny Nz | order P | gewald G | compute yes|no | diff ik | fft auto|fftw|managed",
    Help = """
        Particle-particle particle-mesh Ewald sum (LAMMPS pppm): charges assigned to a grid with B-splines of order P
        (kspace_modify order, 2-7, default 5), Poisson solve by FFT with the optimal (Hockney-Eastwood) influence
        function, ik-differentiated fields. accuracy is the relative RMS force error (relative to two unit charges 1 A
        apart); g_ewald and the grid (factors 2,3,5) are chosen from it as LAMMPS does unless kspace_modify gewald/mesh
        set them. Energy includes the self term and, for a net charge q, the neutralising background -pi q^2/(2 g^2 V).
        Orthogonal and triclinic boxes (grid in fractional coordinates; for tilted cells the grid is scaled for the skew
        and the error estimate behind g_ewald uses the tilted grid spacings, as LAMMPS does). kspace_modify fft picks
        the 3d FFT: fftw (the system FFTW 3, libfftw3.so.3 from the Debian package libfftw3-double3, threaded through
        libfftw3_threads.so.3; an error if it is missing), managed (Garnetics's own Stockham FFT) or auto (default: both
        are timed on the actual grid at setup and the faster is used; managed when FFTW is missing). The choice is
        printed. Per atom (compute pe/atom, stress/atom), as LAMMPS: the potential grid IFFT(G rho(k)) and the six
        virial grids IFFT(G rho(k) [delta_ab - 2 (1/k^2 + 1/(4 g^2)) k_a k_b]) are interpolated to each atom with its
        assignment weights: e_i = qqr2e [q_i/2 u_i - g q_i^2/sqrt(pi) - pi q_i Q/(2 g^2 V)], W_ab,i = qqr2e q_i/2
        v_ab,i; they sum to the totals (7 extra FFTs, on the steps that need them only).
        """)]
public sealed class KSpacePppm : KSpaceStyle
{
    /// <summary>Per-atom energies and virials by interpolating the potential and virial grids back to the atoms.</summary>
    public override string? PerAtomUnsupported => null;

    public int Order { get; private set; } = 5;
    private int _meshX, _meshY, _meshZ;

    /// <summary>Grid dimensions in use (after Init).</summary>
    public int Nx { get; private set; }
    public int Ny { get; private set; }
    public int Nz { get; private set; }
    /// <summary>LAMMPS's estimated absolute RMS force error (force units) and the same relative to two unit charges 1 A apart.</summary>
    public double EstimatedAbsoluteAccuracy { get; private set; }
    public double EstimatedRelativeAccuracy { get; private set; }
    /// <summary>Deserno-Holm estimate of the k-space part alone (force units).</summary>
    public double EstimatedKSpaceError { get; private set; }

    private double _cutoff, _q2, _qsum, _qsqsum, _qqrd2e, _accuracy;
    private long _natoms;
    private int _threads;
    private WorkerTeam? _team;
    private IFft3D? _fft;
    private string _fftMode = "auto";
    /// <summary>Description of the 3d FFT in use (after Init), e.g. "FFTW 3 (libfftw3.so.3, 2 threads)".</summary>
    public string FftDescription => _fft?.Description ?? "";
    private double[] _greens = [];
    private double[] _fkx = [], _fky = [], _fkz = [];
    private double[] _hkx = [], _hky = [], _hkz = []; // the same with the Nyquist one zeroed (field differentiation)
    // Cartesian k = A (2 pi m) with A = H^-T (lower triangular): kx = a00 p0, ky = a10 p0 + a11 p1, kz = a20 p0 + a21 p1 + a22 p2
    private double _a00, _a10, _a11, _a20, _a21, _a22;
    private readonly double[] _setupH = new double[6];
    private double[][] _dens = [];
    private double[] _work = [], _ex = [], _ey = [], _ez = [];
    private double[][] _rhoCoeff = []; // [l][k - nlower]
    private int _nlower;
    private int[] _start = [];
    private double[] _wts = [];
    private readonly double[][] _partial = new double[64][];

    public override void Settings(CommandArgs args)
    {
        args.Require(1, 1, "kspace_style pppm accuracy");
        double a = args.Double(0, "accuracy");
        if (!(a > 0)) throw args.Error(0, "pppm accuracy must be > 0");
        Accuracy = a;
    }

    public override int Modify(CommandArgs args, int i)
    {
        switch (args[i])
        {
            case "mesh":
            {
                if (i + 3 >= args.Count) throw args.Error(i, "kspace_modify mesh needs Nx Ny Nz");
                int a = args.Int(i + 1, "Nx"), b = args.Int(i + 2, "Ny"), c = args.Int(i + 3, "Nz");
                if (a < 0 || b < 0 || c < 0) throw args.Error(i, "kspace_modify mesh values must be >= 0");
                bool zero = a == 0 && b == 0 && c == 0;
                if (!zero && (a < 2 || b < 2 || c < 2)) throw args.Error(i, "kspace_modify mesh: PPPM grid must be at least 2 in each dimension (0 0 0: automatic)");
                _meshX = a; _meshY = b; _meshZ = c;
                return i + 4;
            }
            case "order":
            {
                int p = args.Int(i + 1, "order");
                if (p < 2 || p > 7) throw args.Error(i + 1, "PPPM order must be between 2 and 7");
                Order = p;
                return i + 2;
            }
            case "fft":
            {
                var f = args.Str(i + 1, "fft");
                if (f != "auto" && f != "fftw" && f != "managed") throw args.Error(i + 1, "kspace_modify fft must be auto, fftw or managed");
                if (f == "fftw" && !Fftw.IsAvailable)
                    throw args.Error(i + 1, $"kspace_modify fft fftw: FFTW is not available ({Fftw.LoadError}); install the Debian package libfftw3-double3");
                _fftMode = f;
                return i + 2;
            }
            case "diff":
            {
                var d = args.Str(i + 1, "diff");
                if (d == "ad") throw args.Error(i + 1, "pppm: only ik differentiation is implemented (kspace_modify diff ik)");
                if (d != "ik") throw args.Error(i + 1, "kspace_modify diff must be ik or ad");
                return i + 2;
            }
            default:
                return base.Modify(args, i);
        }
    }

    public override void Init(Simulation sim)
    {
        if (sim.Pair is not ICoulLongPair p)
            throw new GarneticsException("kspace style pppm needs a pair style with a long-range Coulomb part (coul/long, buck/coul/long, ...)");
        Init(sim, p.CoulombCutoff);
    }

    /// <summary>Initialise with an explicit real-space Coulomb cut-off (what the pair style would report).</summary>
    public void Init(Simulation sim, double coulombCutoff)
    {
        Sim = sim;
        var box = sim.Box;
        if (!box.Periodic[0] || !box.Periodic[1] || !box.Periodic[2])
            throw new GarneticsException("kspace style pppm needs a fully periodic box");
        if (!sim.Atoms.HasCharge) throw new GarneticsException("kspace style pppm needs per-atom charges: use atom_style charge");
        if (!(coulombCutoff > 0)) throw new GarneticsException("kspace style pppm: the Coulomb cut-off must be > 0");
        _cutoff = coulombCutoff;
        _qqrd2e = sim.Units.Qqr2e;
        // LAMMPS: accuracy (force units) = relative accuracy * force between two unit charges 1 distance unit apart
        _accuracy = Accuracy * _qqrd2e;
        _natoms = sim.Atoms.NAtoms;
        ChargeSums(sim.Atoms);
        if (Math.Abs(_qsum) > 1e-5)
            sim.Print($"WARNING: Using kspace solver on system with net charge (total {Fmt(_qsum)}): a neutralising background is added");

        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        double vol = xprd * yprd * zprd;
        if (!GEwaldFixed)
        {
            if (_q2 == 0) throw new GarneticsException("kspace style pppm: all charges are zero; use kspace_modify gewald to set g_ewald");
            double g = _accuracy * Math.Sqrt(_natoms * _cutoff * vol) / (2.0 * _q2);
            GEwald = g >= 1.0 ? (1.35 - 0.15 * Math.Log(_accuracy)) / _cutoff : Math.Sqrt(-Math.Log(g)) / _cutoff;
        }
        if (_meshX > 0)
        {
            Nx = _meshX; Ny = _meshY; Nz = _meshZ;
        }
        else
        {
            Nx = GridFor(xprd);
            Ny = GridFor(yprd);
            Nz = GridFor(zprd);
            if (box.Triclinic)
            {
                // LAMMPS: scale the grid for the skew, t = |H|^T (Nx/lx, Ny/ly, Nz/lz), with the tilt factors taken
                // by magnitude (a negative tilt enlarges the grid as a positive one does)
                var h = box.H;
                double t0 = Nx / xprd, t1 = Ny / yprd, t2 = Nz / zprd;
                Nx = (int)(h[0] * t0) + 1;
                Ny = (int)(Math.Abs(h[5]) * t0 + h[1] * t1) + 1;
                Nz = (int)(Math.Abs(h[4]) * t0 + Math.Abs(h[3]) * t1 + h[2] * t2) + 1;
            }
        }
        Nx = Fft1D.NextFactorable(Nx);
        Ny = Fft1D.NextFactorable(Ny);
        Nz = Fft1D.NextFactorable(Nz);
        if (Nx < Order || Ny < Order || Nz < Order)
            throw new GarneticsException($"kspace style pppm: grid {Nx} {Ny} {Nz} is smaller than the stencil order {Order}; reduce the order or refine the mesh");
        SetErrorSpacings(box);
        if (!GEwaldFixed) AdjustGEwald();

        // final accuracy (LAMMPS final_accuracy, without a table term: coul/long here is evaluated analytically)
        EstimatedKSpaceError = DfKSpace();
        double dfr = RealSpaceError(GEwald);
        EstimatedAbsoluteAccuracy = Math.Sqrt(EstimatedKSpaceError * EstimatedKSpaceError + dfr * dfr);
        EstimatedRelativeAccuracy = EstimatedAbsoluteAccuracy / _qqrd2e;

        sim.Print("PPPM initialization ...");
        sim.Print($"  G vector (1/distance) = {Fmt(GEwald)}");
        sim.Print($"  grid = {Nx} {Ny} {Nz}");
        sim.Print($"  stencil order = {Order}");
        sim.Print($"  estimated absolute RMS force accuracy = {Fmt(EstimatedAbsoluteAccuracy)}");
        sim.Print($"  estimated relative force accuracy = {Fmt(EstimatedRelativeAccuracy)}");
        sim.Print($"  3d grid and FFT values/proc = {Nx * Ny * Nz} {Nx * Ny * Nz}");

        Allocate(sim);
        SetupBox(box);
    }

    private static string Fmt(double v) => CFormat.Format("%g", v);

    private void ChargeSums(Atoms atoms)
    {
        double s = 0, s2 = 0;
        for (int i = 0; i < atoms.NLocal; i++) { s += atoms.Q[i]; s2 += atoms.Q[i] * atoms.Q[i]; }
        _qsum = s; _qsqsum = s2;
        _q2 = _qsqsum * _qqrd2e;
    }

    /// <summary>LAMMPS set_grid_global for ik: from h = 1/g_ewald, refine until the estimated error is below the accuracy.</summary>
    private double _hx, _hy, _hz;

    private int GridFor(double prd)
    {
        double h = 1.0 / GEwald;
        int n = (int)(prd / h) + 1;
        double err = EstimateIkError(h, prd);
        while (err > _accuracy)
        {
            err = EstimateIkError(h, prd);
            n++;
            h = prd / n;
        }
        return n;
    }

    // Deserno & Holm (1998) coefficients of the ik-differentiation RMS error expansion in (h g_ewald)^2, by order
    private static readonly double[][] Acons =
    [
        [],
        [2.0 / 3.0],
        [1.0 / 50.0, 5.0 / 294.0],
        [1.0 / 588.0, 7.0 / 1440.0, 21.0 / 3872.0],
        [1.0 / 4320.0, 3.0 / 1936.0, 7601.0 / 2271360.0, 143.0 / 28800.0],
        [1.0 / 23232.0, 7601.0 / 13628160.0, 143.0 / 69120.0, 517231.0 / 106536960.0, 106640677.0 / 11737571328.0],
        [691.0 / 68140800.0, 13.0 / 57600.0, 47021.0 / 35512320.0, 9694607.0 / 2095994880.0, 733191589.0 / 59609088000.0,
         326190917.0 / 11700633600.0],
        [1.0 / 345600.0, 3617.0 / 35512320.0, 745739.0 / 838397952.0, 56399353.0 / 12773376000.0, 25091609.0 / 1560084480.0,
         1755948832039.0 / 36229939200000.0, 4887769399.0 / 37838389248.0],
    ];

    /// <summary>RMS k-space force error along one dimension of length prd with grid spacing h (force units).</summary>
    private double EstimateIkError(double h, double prd)
    {
        if (_natoms == 0) return 0;
        double hg = h * GEwald, sum = 0;
        for (int m = 0; m < Order; m++) sum += Acons[Order][m] * Math.Pow(hg, 2.0 * m);
        return _q2 * Math.Pow(hg, Order) * Math.Sqrt(GEwald * prd * Math.Sqrt(2 * Math.PI) * sum / _natoms) / (prd * prd);
    }

    /// <summary>
    /// Grid spacings the error estimate uses (LAMMPS h_x, h_y, h_z): L/N for an orthogonal box; for a triclinic one the
    /// reciprocals of H^-T (Nx, Ny, Nz), which brings the tilt into the estimate (and so into g_ewald) and can be negative.
    /// </summary>
    private void SetErrorSpacings(Box box)
    {
        if (!box.Triclinic)
        {
            _hx = box.Lx / Nx; _hy = box.Ly / Ny; _hz = box.Lz / Nz;
            return;
        }
        var hi = box.HInv;
        _hx = 1.0 / (hi[0] * Nx);
        _hy = 1.0 / (hi[5] * Nx + hi[1] * Ny);
        _hz = 1.0 / (hi[4] * Nx + hi[3] * Ny + hi[2] * Nz);
    }

    private double DfKSpace()
    {
        var b = Sim.Box;
        double ex = EstimateIkError(_hx, b.Lx), ey = EstimateIkError(_hy, b.Ly), ez = EstimateIkError(_hz, b.Lz);
        return Math.Sqrt(ex * ex + ey * ey + ez * ez) / Math.Sqrt(3.0);
    }

    /// <summary>Kolafa-Perram real-space RMS force error (LAMMPS's form).</summary>
    private double RealSpaceError(double g)
    {
        var b = Sim.Box;
        return 2.0 * _q2 * Math.Exp(-g * g * _cutoff * _cutoff) / Math.Sqrt(_natoms * _cutoff * b.Lx * b.Ly * b.Lz);
    }

    /// <summary>Newton iteration (numerical derivative, as LAMMPS) for g_ewald with equal real- and k-space errors.</summary>
    private void AdjustGEwald()
    {
        double F() => RealSpaceError(GEwald) - DfKSpace();
        for (int it = 0; it < 10000; it++)
        {
            double f1 = F();
            double g0 = GEwald;
            GEwald = g0 + 1e-6;
            double f2 = F();
            GEwald = g0;
            double df = (f2 - f1) / 1e-6;
            GEwald -= f1 / df;
            if (Math.Abs(F()) < 1e-5) return;
        }
        throw new GarneticsException("kspace style pppm: could not compute g_ewald");
    }

    // ------------------------------------------------------------------ set-up

    private void Allocate(Simulation sim)
    {
        int n = Nx * Ny * Nz;
        _threads = Math.Max(1, Math.Min(sim.Threads, 64));
        _team = _threads > 1 ? WorkerTeam.Shared(_threads) : null;
        ChooseFft(sim);
        _dens = new double[_threads][];
        for (int t = 0; t < _threads; t++) _dens[t] = new double[n];
        _work = new double[2 * n];
        _ex = new double[2 * n]; _ez = new double[2 * n];
        _ey = sim.Box.Triclinic ? new double[2 * n] : [];
        _greens = new double[n];
        for (int t = 0; t < _threads; t++) _partial[t] = new double[8];
        _rhoCoeff = RhoCoefficients(Order, out _nlower);
    }

    /// <summary>
    /// The 3d FFT (kspace_modify fft): FFTW or the managed one as requested, or for auto the faster of the two timed on
    /// this grid (a few forward/backward pairs each after a warm-up). Kept across re-initialisations with the same grid,
    /// threads and mode. Prints one line with the choice.
    /// </summary>
    private void ChooseFft(Simulation sim)
    {
        if (_fft != null && _fft.Nx == Nx && _fft.Ny == Ny && _fft.Nz == Nz && _fftKey == (_fftMode, _threads))
        {
            sim.Print($"  FFT: {_fft.Description}");
            return;
        }
        (_fft as IDisposable)?.Dispose();
        _fft = null;
        _fftKey = (_fftMode, _threads);
        if (_fftMode == "managed" || !Fftw.IsAvailable)
        {
            if (_fftMode == "fftw") throw new GarneticsException($"kspace_modify fft fftw: FFTW is not available ({Fftw.LoadError})");
            _fft = new Fft3D(Nx, Ny, Nz, _threads);
            sim.Print(_fftMode == "managed" ? $"  FFT: {_fft.Description} (kspace_modify fft managed)"
                                            : $"  FFT: {_fft.Description}: FFTW not available ({Fftw.LoadError})");
            return;
        }
        var fftw = new FftwFft3D(Nx, Ny, Nz, _threads);
        if (_fftMode == "fftw")
        {
            _fft = fftw;
            sim.Print($"  FFT: {fftw.Description} (kspace_modify fft fftw)");
            return;
        }
        var managed = new Fft3D(Nx, Ny, Nz, _threads);
        var (tw, tm) = TimeFfts(fftw, managed);
        bool useFftw = tw <= tm;
        _fft = useFftw ? fftw : managed;
        if (!useFftw) fftw.Dispose();
        sim.Print(string.Create(CultureInfo.InvariantCulture,
            $"  FFT: {fftw.Description} {tw * 1e3:F2} ms vs managed {tm * 1e3:F2} ms per 3d transform: using {(useFftw ? "FFTW" : "managed")}"));
    }

    private (string, int) _fftKey;

    /// <summary>
    /// Seconds per 3d transform of each: warm-up first (the managed FFT needs several calls before the JIT's optimised
    /// tier is in: up to 6 forward+backward pairs or 0.5 s), then 3 interleaved rounds of one forward+backward pair each,
    /// the best round counted.
    /// </summary>
    private (double fftw, double managed) TimeFfts(IFft3D fftw, IFft3D managed)
    {
        var a = new double[2 * Nx * Ny * Nz];
        for (int i = 0; i < a.Length; i++) a[i] = Math.Sin(0.37 * i);
        double scale = 1.0 / ((double)Nx * Ny * Nz);
        double Pair(IFft3D f)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            f.Transform(a, -1); f.Transform(a, 1);
            double t = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds / 2;
            for (int i = 0; i < a.Length; i++) a[i] *= scale;
            return t;
        }
        Pair(fftw);
        long w0 = System.Diagnostics.Stopwatch.GetTimestamp();
        for (int r = 0; r < 6 && System.Diagnostics.Stopwatch.GetElapsedTime(w0).TotalSeconds < 0.5; r++) Pair(managed);
        double bw = double.MaxValue, bm = double.MaxValue;
        for (int r = 0; r < 3; r++) { bw = Math.Min(bw, Pair(fftw)); bm = Math.Min(bm, Pair(managed)); }
        return (bw, bm);
    }

    /// <summary>
    /// Polynomial coefficients c[l][k] (weight of stencil point k = nlower..nupper is sum_l c[l][k] dx^l) of the
    /// centred cardinal B-spline M_P evaluated at the distance k + dx (odd P) or k + dx - 1/2 (even P) from the
    /// particle, with dx in [-1/2, 1/2] (LAMMPS's rho1d convention).
    /// </summary>
    public static double[][] RhoCoefficients(int order, out int nlower)
    {
        nlower = -(order - 1) / 2;
        double e = order % 2 == 0 ? 0.5 : 0.0;
        var c = new double[order][];
        for (int l = 0; l < order; l++) c[l] = new double[order];
        double fact = 1;
        for (int i = 2; i < order; i++) fact *= i;
        for (int kk = 0; kk < order; kk++)
        {
            int k = nlower + kk;
            // M_P(t) = 1/(P-1)! sum_j (-1)^j C(P,j) (t + P/2 - j)_+^(P-1); with t = dx + k - e the active j are fixed
            for (int j = 0; j <= order; j++)
            {
                double cj = k - e + 0.5 * order - j;
                if (cj <= 0) continue;
                double pref = (j % 2 == 0 ? 1 : -1) * Binom(order, j) / fact;
                for (int l = 0; l < order; l++)
                    c[l][kk] += pref * Binom(order - 1, l) * Math.Pow(cj, order - 1 - l);
            }
        }
        return c;
    }

    private static double Binom(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    /// <summary>Centred cardinal B-spline of order m at integer n (used for the exact aliasing sum).</summary>
    private static double BSplineAtInteger(int m, int n)
    {
        double fact = 1;
        for (int i = 2; i < m; i++) fact *= i;
        double s = 0;
        for (int j = 0; j <= m; j++)
        {
            double a = n + 0.5 * m - j;
            if (a > 0) s += (j % 2 == 0 ? 1 : -1) * Binom(m, j) * Math.Pow(a, m - 1);
        }
        return s / fact;
    }

    private static double[] WaveNumbers(int n, double prd)
    {
        var k = new double[n];
        double unit = 2 * Math.PI / prd;
        for (int i = 0; i < n; i++) k[i] = unit * (i - n * (2 * i / n));
        return k;
    }

    /// <summary>Wave vectors and the optimal ik influence function for the current box (recomputed when it changes).</summary>
    private void SetupBox(Box box)
    {
        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        Array.Copy(box.H, _setupH, 6);
        var hi = box.HInv;
        _a00 = hi[0]; _a10 = hi[5]; _a11 = hi[1]; _a20 = hi[4]; _a21 = hi[3]; _a22 = hi[2];
        // per-axis 2 pi m (m in -N/2 .. N/2-1, LAMMPS's order)
        _fkx = WaveNumbers(Nx, 1.0); _fky = WaveNumbers(Ny, 1.0); _fkz = WaveNumbers(Nz, 1.0);
        _hkx = NoNyquist(_fkx); _hky = NoNyquist(_fky); _hkz = NoNyquist(_fkz);
        double g = GEwald;
        int p = Order;
        // aliasing sum of squared assignment transforms per dimension: sum_m W^2(k + 2 pi m/h) = sum_n M_2P(n) cos(n k h)
        var m2p = new double[p];
        for (int n = 0; n < p; n++) m2p[n] = BSplineAtInteger(2 * p, n);
        double[] Denom(int nn)
        {
            var d = new double[nn];
            for (int i = 0; i < nn; i++)
            {
                double th = 2 * Math.PI * i / nn, s = m2p[0];
                for (int n = 1; n < p; n++) s += 2 * m2p[n] * Math.Cos(n * th);
                d[i] = s;
            }
            return d;
        }
        var dx = Denom(Nx); var dy = Denom(Ny); var dz = Denom(Nz);
        const double epsHoc = 1e-7;
        double cut = Math.Pow(-Math.Log(epsHoc), 0.25);
        int nbx = (int)(g * xprd / (Math.PI * Nx) * cut);
        int nby = (int)(g * yprd / (Math.PI * Ny) * cut);
        int nbz = (int)(g * zprd / (Math.PI * Nz) * cut);
        // per axis and alias image: wave number q, exp(-q^2/4g^2) and the squared assignment transform (sin x/x)^2P
        (double[] q, double[] sw) Alias(int nn, double prd, int nb)
        {
            double unit = 2 * Math.PI / prd;
            int w = 2 * nb + 1;
            var q = new double[nn * w];
            var sw = new double[nn * w];
            for (int i = 0; i < nn; i++)
            {
                int per = i - nn * (2 * i / nn);
                for (int a = -nb; a <= nb; a++)
                {
                    double qq = unit * (per + nn * a);
                    q[i * w + a + nb] = qq;
                    sw[i * w + a + nb] = Math.Exp(-0.25 * (qq / g) * (qq / g)) * PowSinc(0.5 * qq * prd / nn, 2 * p);
                }
            }
            return (q, sw);
        }
        var (qxs, swx) = Alias(Nx, xprd, nbx);
        var (qys, swy) = Alias(Ny, yprd, nby);
        var (qzs, swz) = Alias(Nz, zprd, nbz);
        int wx_ = 2 * nbx + 1, wy_ = 2 * nby + 1, wz_ = 2 * nbz + 1;
        int nxg = Nx, nyg = Ny, nzg = Nz;
        var greens = _greens;
        var fkx = _fkx; var fky = _fky; var fkz = _fkz;
        double a00 = _a00, a11 = _a11, a22 = _a22;
        if (box.Triclinic) { TriclinicGreens(box, dx, dy, dz, cut); return; }
        ParallelFor(Nz, (t, lo, hi) =>
        {
            for (int m = lo; m < hi; m++)
            {
                double kz = a22 * fkz[m];
                for (int l = 0; l < nyg; l++)
                {
                    double ky = a11 * fky[l];
                    for (int k = 0; k < nxg; k++)
                    {
                        int idx = (m * nyg + l) * nxg + k;
                        double kx = a00 * fkx[k];
                        double sqk = kx * kx + ky * ky + kz * kz;
                        if (sqk == 0) { greens[idx] = 0; continue; }
                        double sum = 0;
                        for (int ax = 0; ax < wx_; ax++)
                        {
                            double qx = qxs[k * wx_ + ax], fx = swx[k * wx_ + ax];
                            for (int ay = 0; ay < wy_; ay++)
                            {
                                double qy = qys[l * wy_ + ay], fxy = fx * swy[l * wy_ + ay];
                                for (int az = 0; az < wz_; az++)
                                {
                                    double qz = qzs[m * wz_ + az];
                                    double dot1 = kx * qx + ky * qy + kz * qz;
                                    double dot2 = qx * qx + qy * qy + qz * qz;
                                    sum += dot1 / dot2 * fxy * swz[m * wz_ + az];
                                }
                            }
                        }
                        double den = dx[k] * dy[l] * dz[m];
                        greens[idx] = 4 * Math.PI / sqk * sum / (den * den);
                    }
                }
            }
        });
    }

    /// <summary>
    /// Optimal ik influence function for a triclinic cell: aliasing images of the fractional-space grid, wave vectors
    /// k = 2 pi H^-T m (LAMMPS compute_gf_ik_triclinic semantics).
    /// </summary>
    private void TriclinicGreens(Box box, double[] dx, double[] dy, double[] dz, double cut)
    {
        double g = GEwald;
        int p = Order;
        var h = box.H;
        double t0 = g / (Math.PI * Nx) * cut, t1 = g / (Math.PI * Ny) * cut, t2 = g / (Math.PI * Nz) * cut;
        int nbx = (int)(h[0] * t0), nby = (int)(h[5] * t0 + h[1] * t1), nbz = (int)(h[4] * t0 + h[3] * t1 + h[2] * t2);
        double[] W(int nn, int nb)
        {
            int w = 2 * nb + 1;
            var r = new double[nn * w];
            for (int i = 0; i < nn; i++)
            {
                int per = i - nn * (2 * i / nn);
                for (int a = -nb; a <= nb; a++) r[i * w + a + nb] = PowSinc(Math.PI * per / nn + Math.PI * a, 2 * p);
            }
            return r;
        }
        var wxs = W(Nx, nbx); var wys = W(Ny, nby); var wzs = W(Nz, nbz);
        int wx_ = 2 * nbx + 1, wy_ = 2 * nby + 1, wz_ = 2 * nbz + 1;
        double twoPi = 2 * Math.PI, g4 = 0.25 / (g * g);
        var greens = _greens;
        ParallelFor(Nz, (t, lo, hi) =>
        {
            for (int m = lo; m < hi; m++)
            for (int l = 0; l < Ny; l++)
            for (int k = 0; k < Nx; k++)
            {
                int idx = (m * Ny + l) * Nx + k;
                double p0 = _fkx[k], p1 = _fky[l], p2 = _fkz[m];
                WaveVector(p0, p1, p2, out double kx, out double ky, out double kz);
                double sqk = kx * kx + ky * ky + kz * kz;
                if (sqk == 0) { greens[idx] = 0; continue; }
                double sum = 0;
                for (int ax = -nbx; ax <= nbx; ax++)
                {
                    double q0 = p0 + twoPi * Nx * ax, wx = wxs[k * wx_ + ax + nbx];
                    for (int ay = -nby; ay <= nby; ay++)
                    {
                        double q1 = p1 + twoPi * Ny * ay, wxy = wx * wys[l * wy_ + ay + nby];
                        for (int az = -nbz; az <= nbz; az++)
                        {
                            double q2 = p2 + twoPi * Nz * az;
                            WaveVector(q0, q1, q2, out double qx, out double qy, out double qz);
                            double dot1 = kx * qx + ky * qy + kz * qz, dot2 = qx * qx + qy * qy + qz * qz;
                            sum += dot1 / dot2 * Math.Exp(-g4 * dot2) * wxy * wzs[m * wz_ + az + nbz];
                        }
                    }
                }
                double den = dx[k] * dy[l] * dz[m];
                greens[idx] = 4 * Math.PI / sqk * sum / (den * den);
            }
        });
    }

    private static double[] NoNyquist(double[] k)
    {
        var h = (double[])k.Clone();
        if (h.Length % 2 == 0) h[h.Length / 2] = 0;
        return h;
    }

    private static double PowSinc(double x, int n)
    {
        if (x == 0) return 1;
        double s = Math.Sin(x) / x;
        return Math.Pow(s, n);
    }

    /// <summary>The Cartesian wave vector of the grid point with wave numbers p0, p1, p2 along the cell axes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WaveVector(double p0, double p1, double p2, out double kx, out double ky, out double kz)
    {
        kx = _a00 * p0;
        ky = _a10 * p0 + _a11 * p1;
        kz = _a20 * p0 + _a21 * p1 + _a22 * p2;
    }

    private void ParallelFor(int count, Action<int, int, int> body)
    {
        int parts = Math.Min(_threads, count);
        if (parts <= 1 || _team == null) { body(0, 0, count); return; }
        _team.Run(parts, t => body(t, (int)((long)count * t / parts), (int)((long)count * (t + 1) / parts)));
    }

    /// <summary>
    /// A sweep over the k-space grid with its z planes split over the threads: row(t, b, p1, p2) for every row of Nx
    /// points (on thread t, from grid index b), with the row's y and z wave numbers p1 = ky[l] and p2 = kz[m].
    /// </summary>
    private void SweepRows(double[] ky, double[] kz, Action<int, int, double, double> row) => ParallelFor(Nz, (t, lo, hi) =>
    {
        for (int m = lo; m < hi; m++)
            for (int l = 0; l < Ny; l++) row(t, (m * Ny + l) * Nx, ky[l], kz[m]);
    });

    // ------------------------------------------------------------------ compute

    public override void Compute(Simulation sim, bool eflag, bool vflag)
    {
        Energy = 0;
        Array.Clear(Virial);
        if (!ComputeEnabled || _fft == null) return;
        var box = sim.Box;
        if (!box.H.AsSpan().SequenceEqual(_setupH)) SetupBox(box);
        var atoms = sim.Atoms;
        if (atoms.NAtoms != _natoms) _natoms = atoms.NAtoms;
        ChargeSums(atoms);
        int nlocal = atoms.NLocal;
        int p = Order;
        if (_start.Length < 3 * nlocal) _start = new int[3 * nlocal + 48];
        if (_wts.Length < 3 * p * nlocal) _wts = new double[3 * p * (nlocal + 16)];
        int ngrid = Nx * Ny * Nz;
        double vol = box.Lx * box.Ly * box.Lz;

        // 1. map particles and spread charges onto per-thread grids
        ParallelFor(nlocal, (t, lo, hi) => Spread(atoms, box, t, lo, hi));
        var work = _work;
        var dens = _dens;
        int used = Math.Max(1, Math.Min(_threads, nlocal)); // grids written this step (ParallelFor's split)
        ParallelFor(ngrid, (t, lo, hi) =>
        {
            for (int i = lo; i < hi; i++)
            {
                double s = 0;
                for (int q = 0; q < used; q++) s += dens[q][i];
                work[2 * i] = s;
                work[2 * i + 1] = 0;
            }
        });

        // 2. forward FFT of the charge density
        _fft!.Transform(work, -1);

        // 3. energy and virial
        if (eflag || vflag)
        {
            double s2 = 1.0 / ((double)ngrid * ngrid);
            double g2inv = 0.25 / (GEwald * GEwald);
            int parts = Math.Min(_threads, Nz);
            for (int t = 0; t < parts; t++) Array.Clear(_partial[t]);
            SweepRows(_fky, _fkz, (t, b, p1, p2) =>
            {
                var acc = _partial[t];
                for (int k = 0; k < Nx; k++)
                {
                    int i = b + k;
                    double gr = _greens[i];
                    if (gr == 0) continue;
                    double eng = s2 * gr * (work[2 * i] * work[2 * i] + work[2 * i + 1] * work[2 * i + 1]);
                    acc[6] += eng;
                    if (vflag)
                    {
                        WaveVector(_fkx[k], p1, p2, out double kx, out double ky, out double kz);
                        double sqk = kx * kx + ky * ky + kz * kz;
                        double vterm = -2.0 * (1.0 / sqk + g2inv);
                        acc[0] += eng * (1 + vterm * kx * kx);
                        acc[1] += eng * (1 + vterm * ky * ky);
                        acc[2] += eng * (1 + vterm * kz * kz);
                        acc[3] += eng * vterm * kx * ky;
                        acc[4] += eng * vterm * kx * kz;
                        acc[5] += eng * vterm * ky * kz;
                    }
                }
            });
            double e = 0;
            var vir = new double[6];
            for (int t = 0; t < parts; t++)
            {
                e += _partial[t][6];
                for (int c = 0; c < 6; c++) vir[c] += _partial[t][c];
            }
            if (eflag)
            {
                e *= 0.5 * vol;
                e -= GEwald * _qsqsum / Math.Sqrt(Math.PI) + 0.5 * Math.PI * _qsum * _qsum / (GEwald * GEwald * vol);
                Energy = e * _qqrd2e;
            }
            if (vflag)
                for (int c = 0; c < 6; c++) Virial[c] = 0.5 * _qqrd2e * vol * vir[c];
        }

        // 4. fields: E(k) = -i k G(k) rho(k) / N, back-transformed; only their real parts are used (as LAMMPS), which
        //    are the transforms of the Hermitian parts: the same field with the Nyquist wave number of the differentiated
        //    axis set to zero. Both fields are then Hermitian, so Ex + i Ey goes through one complex transform.
        //    Triclinic: k(mirror of m) != -k(m) on the Nyquist planes, so the fields are not Hermitian there; three
        //    transforms of the full wave numbers, real parts taken (LAMMPS's semantics).
        double scaleinv = 1.0 / ngrid;
        bool tri = box.Triclinic;
        var (wx, wy, wz) = tri ? (_fkx, _fky, _fkz) : (_hkx, _hky, _hkz);
        SweepRows(wy, wz, (t, b, p1, p2) =>
        {
            for (int k = 0; k < Nx; k++)
            {
                int i = b + k;
                double gr = _greens[i] * scaleinv;
                double re = work[2 * i] * gr, im = work[2 * i + 1] * gr;
                WaveVector(wx[k], p1, p2, out double kx, out double ky, out double kz);
                if (tri)
                {
                    _ex[2 * i] = kx * im; _ex[2 * i + 1] = -kx * re;
                    _ey[2 * i] = ky * im; _ey[2 * i + 1] = -ky * re;
                }
                else
                {
                    // Ex = -i kx rho G = kx im - i kx re; Ex + i Ey = (kx im + ky re) + i (ky im - kx re)
                    _ex[2 * i] = kx * im + ky * re; _ex[2 * i + 1] = ky * im - kx * re;
                }
                _ez[2 * i] = kz * im; _ez[2 * i + 1] = -kz * re;
            }
        });
        if (tri) _fft.Transform(_ey, 1);
        _fft.Transform(_ex, 1);
        _fft.Transform(_ez, 1);

        // 5. interpolate fields to the particles
        ParallelFor(nlocal, (t, lo, hi) => Interpolate(atoms, lo, hi));

        // 6. per-atom energy and virial (only on steps that ask for them)
        if (EFlagAtom || VFlagAtom) PerAtom(atoms, vol);
    }

    /// <summary>
    /// Per-atom energies and virials, as LAMMPS's pppm: the potential u = IFFT(G rho(k))/N and, per virial component,
    /// v_ab = IFFT(G rho(k) [delta_ab - 2 (1/k^2 + 1/(4 g^2)) k_a k_b])/N are interpolated to each atom with its charge
    /// assignment weights W_i (real parts, as LAMMPS); then e_i = qqr2e [q_i/2 sum_g W_i u - g q_i^2/sqrt(pi) -
    /// pi q_i Q/(2 g^2 V)] and W_ab,i = qqr2e q_i/2 sum_g W_i v_ab. By the discrete Parseval identity
    /// sum_i q_i sum_g W_i u = V/N^2 sum_k G |rho(k)|^2, these sum exactly (to round-off) to the energy and virial.
    /// One extra complex transform per requested grid (7 with both), on those steps only.
    /// </summary>
    private void PerAtom(Atoms atoms, double vol)
    {
        int ngrid = Nx * Ny * Nz, nlocal = atoms.NLocal;
        if (_pa.Length != 2 * ngrid) _pa = new double[2 * ngrid];
        var work = _work;
        var buf = _pa;
        var q = atoms.Q;
        double scaleinv = 1.0 / ngrid, g2inv = 0.25 / (GEwald * GEwald);
        double selfG = GEwald / Math.Sqrt(Math.PI), background = 0.5 * Math.PI * _qsum / (GEwald * GEwald * vol);
        var phi = new double[nlocal];
        for (int grid = VFlagAtom ? 6 : 0; grid >= (EFlagAtom ? 0 : 1); grid--)
        {
            // grid 0: potential; 1..6: virial components xx yy zz xy xz yz
            int comp = grid - 1;
            SweepRows(_fky, _fkz, (t, b, p1, p2) =>
            {
                for (int k = 0; k < Nx; k++)
                {
                    int i = b + k;
                    double gr = _greens[i] * scaleinv;
                    double factor = 1.0;
                    if (comp >= 0 && gr != 0)
                    {
                        WaveVector(_fkx[k], p1, p2, out double kx, out double ky, out double kz);
                        double vterm = -2.0 * (1.0 / (kx * kx + ky * ky + kz * kz) + g2inv);
                        factor = comp switch
                        {
                            0 => 1.0 + vterm * kx * kx,
                            1 => 1.0 + vterm * ky * ky,
                            2 => 1.0 + vterm * kz * kz,
                            3 => vterm * kx * ky,
                            4 => vterm * kx * kz,
                            _ => vterm * ky * kz,
                        };
                    }
                    buf[2 * i] = work[2 * i] * gr * factor;
                    buf[2 * i + 1] = work[2 * i + 1] * gr * factor;
                }
            });
            _fft!.Transform(buf, 1);
            ParallelFor(nlocal, (t, lo, hi) => InterpolateReal(buf, phi, lo, hi));
            if (comp < 0)
                for (int i = 0; i < nlocal; i++)
                    EAtom[i] = _qqrd2e * (0.5 * q[i] * phi[i] - selfG * q[i] * q[i] - background * q[i]);
            else
                for (int i = 0; i < nlocal; i++) VAtom[6 * i + comp] = 0.5 * _qqrd2e * q[i] * phi[i];
        }
    }

    private double[] _pa = [];

    /// <summary>phi[i] = sum over atom i's stencil of its weights times the real part of the complex grid.</summary>
    private void InterpolateReal(double[] grid, double[] phi, int lo, int hi)
    {
        int p = Order;
        var ix = new int[p]; var iy = new int[p]; var iz = new int[p];
        for (int i = lo; i < hi; i++)
        {
            var sum = new RealPart(grid);
            Gather(i, ix, iy, iz, ref sum);
            phi[i] = sum.U;
        }
    }

    /// <summary>What an atom's stencil gathers from complex grids: each point's weight w and index g (re at g, im at g + 1).</summary>
    private interface IStencilSum
    {
        void Add(double w, int g);
    }

    private struct RealPart(double[] grid) : IStencilSum
    {
        public double U;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double w, int g) => U += w * grid[g];
    }

    /// <summary>The field (Ex, Ey, Ez): Ey at offset <paramref name="eyOff"/> of its grid (1: the packed Ex + i Ey transform).</summary>
    private struct FieldSum(double[] ex, double[] ey, int eyOff, double[] ez) : IStencilSum
    {
        public double X, Y, Z;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(double w, int g)
        {
            X += w * ex[g]; Y += w * ey[g + eyOff]; Z += w * ez[g];
        }
    }

    /// <summary>Gather over atom i's stencil of Order^3 grid points (its start indices and weights from Spread), z outermost.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Gather<T>(int i, int[] ix, int[] iy, int[] iz, ref T sum) where T : struct, IStencilSum
    {
        int p = Order;
        Indices(ix, _start[3 * i], Nx); Indices(iy, _start[3 * i + 1], Ny); Indices(iz, _start[3 * i + 2], Nz);
        int wb = 3 * p * i;
        for (int n = 0; n < p; n++)
        {
            double z0 = _wts[wb + 2 * p + n];
            int bz = iz[n] * Ny;
            for (int m = 0; m < p; m++)
            {
                double y0 = z0 * _wts[wb + p + m];
                int by = (bz + iy[m]) * Nx;
                for (int l = 0; l < p; l++) sum.Add(y0 * _wts[wb + l], 2 * (by + ix[l]));
            }
        }
    }

    private void Spread(Atoms atoms, Box box, int t, int lo, int hi)
    {
        var grid = _dens[t];
        Array.Clear(grid);
        int p = Order;
        bool odd = p % 2 == 1;
        double dxi = Nx / box.Lx, dyi = Ny / box.Ly, dzi = Nz / box.Lz;
        double delvolinv = dxi * dyi * dzi; // = Nx Ny Nz / V for any cell
        bool tri = box.Triclinic;
        var x = atoms.X;
        var q = atoms.Q;
        var wx = new double[p]; var wy = new double[p]; var wz = new double[p];
        var ix = new int[p]; var iy = new int[p]; var iz = new int[p];
        for (int i = lo; i < hi; i++)
        {
            double ux, uy, uz;
            if (tri)
            {
                box.ToLamda(x[3 * i], x[3 * i + 1], x[3 * i + 2], out var s0, out var s1, out var s2);
                ux = s0 * Nx; uy = s1 * Ny; uz = s2 * Nz;
            }
            else
            {
                ux = (x[3 * i] - box.XLo) * dxi; uy = (x[3 * i + 1] - box.YLo) * dyi; uz = (x[3 * i + 2] - box.ZLo) * dzi;
            }
            int gx, gy, gz;
            double fx, fy, fz;
            if (odd)
            {
                gx = (int)Math.Floor(ux + 0.5); gy = (int)Math.Floor(uy + 0.5); gz = (int)Math.Floor(uz + 0.5);
                fx = gx - ux; fy = gy - uy; fz = gz - uz;
            }
            else
            {
                gx = (int)Math.Floor(ux); gy = (int)Math.Floor(uy); gz = (int)Math.Floor(uz);
                fx = gx + 0.5 - ux; fy = gy + 0.5 - uy; fz = gz + 0.5 - uz;
            }
            int sx = Mod(gx + _nlower, Nx), sy = Mod(gy + _nlower, Ny), sz = Mod(gz + _nlower, Nz);
            _start[3 * i] = sx; _start[3 * i + 1] = sy; _start[3 * i + 2] = sz;
            int wb = 3 * p * i;
            for (int k = 0; k < p; k++)
            {
                double a = 0, b = 0, c = 0;
                for (int l = p - 1; l >= 0; l--)
                {
                    double r = _rhoCoeff[l][k];
                    a = r + a * fx; b = r + b * fy; c = r + c * fz;
                }
                wx[k] = a; wy[k] = b; wz[k] = c;
                _wts[wb + k] = a; _wts[wb + p + k] = b; _wts[wb + 2 * p + k] = c;
            }
            Indices(ix, sx, Nx); Indices(iy, sy, Ny); Indices(iz, sz, Nz);
            double z0 = q[i] * delvolinv;
            for (int n = 0; n < p; n++)
            {
                double y0 = z0 * wz[n];
                int bz = iz[n] * Ny;
                for (int m = 0; m < p; m++)
                {
                    double x0 = y0 * wy[m];
                    int by = (bz + iy[m]) * Nx;
                    for (int l = 0; l < p; l++) grid[by + ix[l]] += x0 * wx[l];
                }
            }
        }
    }

    private void Interpolate(Atoms atoms, int lo, int hi)
    {
        int p = Order;
        var ix = new int[p]; var iy = new int[p]; var iz = new int[p];
        var f = atoms.F;
        var q = atoms.Q;
        // Ey: imaginary part of the packed Ex + i Ey transform, or its own transform (triclinic)
        var ey = Sim.Box.Triclinic ? _ey : _ex;
        int off = Sim.Box.Triclinic ? 0 : 1;
        for (int i = lo; i < hi; i++)
        {
            var e = new FieldSum(_ex, ey, off, _ez);
            Gather(i, ix, iy, iz, ref e);
            double qf = _qqrd2e * q[i];
            f[3 * i] += qf * e.X; f[3 * i + 1] += qf * e.Y; f[3 * i + 2] += qf * e.Z;
        }
    }

    private static int Mod(int a, int n)
    {
        int r = a % n;
        return r < 0 ? r + n : r;
    }

    private static void Indices(int[] idx, int start, int n)
    {
        int v = start;
        for (int k = 0; k < idx.Length; k++) { idx[k] = v; if (++v == n) v = 0; }
    }

    /// <summary>Description used by tests and logs.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"pppm g_ewald={GEwald} grid={Nx}x{Ny}x{Nz} order={Order}");
}
