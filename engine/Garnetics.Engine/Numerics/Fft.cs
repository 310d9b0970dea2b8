using Garnetics.Interop;

namespace Garnetics.Engine.Numerics;

/// <summary>
/// Complex 1D FFT of a fixed length whose prime factors are 2, 3 and 5 (PPPM grids, zero-padded time series), by the
/// Stockham autosort algorithm: natural-order input and output, one radix-4/2/3/5 pass per factor with precomputed
/// twiddles, no bit reversal. Data are interleaved (re, im) doubles. Not normalised in either direction. Thread-safe
/// for concurrent calls with distinct buffers. The one FFT library of Garnetics: PPPM's 3D transforms (<see cref="Fft3D"/>,
/// with <see cref="FftwFft3D"/> as the fast path) and the FFT time-correlation analysis use it.
/// </summary>
public sealed class Fft1D
{
    public int N { get; }
    private readonly int[] _radix;
    // per pass: twiddles w^(r*k) for k < ns, r < R, stored [k*(R-1) + r-1] as (re, im), forward sign
    private readonly double[][] _tw;

    public Fft1D(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        N = n;
        var f = new List<int>();
        int m = n;
        while (m % 4 == 0) { f.Add(4); m /= 4; }
        while (m % 2 == 0) { f.Add(2); m /= 2; }
        while (m % 3 == 0) { f.Add(3); m /= 3; }
        while (m % 5 == 0) { f.Add(5); m /= 5; }
        if (m != 1) throw new GarneticsException($"FFT length {n} has prime factors other than 2, 3 and 5");
        _radix = f.ToArray();
        _tw = new double[_radix.Length][];
        int ns = 1;
        for (int p = 0; p < _radix.Length; p++)
        {
            int r = _radix[p];
            var t = new double[2 * ns * (r - 1)];
            for (int k = 0; k < ns; k++)
                for (int q = 1; q < r; q++)
                {
                    double a = -2.0 * Math.PI * q * k / (ns * r);
                    t[2 * (k * (r - 1) + q - 1)] = Math.Cos(a);
                    t[2 * (k * (r - 1) + q - 1) + 1] = Math.Sin(a);
                }
            _tw[p] = t;
            ns *= r;
        }
    }

    /// <summary>True if n has no prime factors other than 2, 3 and 5.</summary>
    public static bool Factorable(int n)
    {
        if (n < 1) return false;
        while (n % 2 == 0) n /= 2;
        while (n % 3 == 0) n /= 3;
        while (n % 5 == 0) n /= 5;
        return n == 1;
    }

    /// <summary>The smallest length at least <paramref name="n"/> (and at least 1) that <see cref="Factorable"/> accepts.</summary>
    public static int NextFactorable(int n)
    {
        n = Math.Max(n, 1);
        while (!Factorable(n)) n++;
        return n;
    }

    /// <summary>Transform data (2N doubles) in place; work is scratch of the same size. sign -1: forward e^{-ikx}, +1: backward.</summary>
    public void Transform(double[] data, double[] work, int sign) => TransformBatch(data, work, sign, 1);

    /// <summary>
    /// Transform <paramref name="batch"/> interleaved sequences at once: element j of sequence b is the complex number at
    /// 2 (j batch + b). The inner loops run over the batch (contiguous memory). data and work hold 2 N batch doubles.
    /// </summary>
    public void TransformBatch(double[] data, double[] work, int sign, int batch)
    {
        double[] x = data, y = work;
        int n = N, ns = 1;
        double s = sign < 0 ? 1.0 : -1.0; // conjugation factor on the imaginary part of twiddles (stored forward)
        for (int p = 0; p < _radix.Length; p++)
        {
            int r = _radix[p];
            int stride = n / r;
            var tw = _tw[p];
            switch (r)
            {
                case 2: Pass2(x, y, stride, ns, tw, s, batch); break;
                case 3: Pass3(x, y, stride, ns, tw, s, batch); break;
                case 4: Pass4(x, y, stride, ns, tw, s, batch); break;
                default: Pass5(x, y, stride, ns, tw, s, batch); break;
            }
            (x, y) = (y, x);
            ns *= r;
        }
        if (!ReferenceEquals(x, data)) Array.Copy(x, data, 2 * n * batch);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Mul(double[] x, int i, double c, double d, out double re, out double im)
    {
        double a = x[i], b = x[i + 1];
        re = a * c - b * d;
        im = a * d + b * c;
    }

    private static void Pass2(double[] x, double[] y, int stride, int ns, double[] tw, double s, int bs)
    {
        for (int j = 0; j < stride; j++)
        {
            int k = j % ns;
            double c1 = tw[2 * k], d1 = s * tw[2 * k + 1];
            int i0 = 2 * j * bs, i1 = 2 * (j + stride) * bs;
            int o0 = 2 * ((j / ns) * ns * 2 + k) * bs, o1 = o0 + 2 * ns * bs;
            for (int b = 0; b < 2 * bs; b += 2)
            {
                double a0 = x[i0 + b], b0 = x[i0 + b + 1];
                Mul(x, i1 + b, c1, d1, out var a1, out var b1);
                y[o0 + b] = a0 + a1; y[o0 + b + 1] = b0 + b1;
                y[o1 + b] = a0 - a1; y[o1 + b + 1] = b0 - b1;
            }
        }
    }

    private static void Pass4(double[] x, double[] y, int stride, int ns, double[] tw, double s, int bs)
    {
        for (int j = 0; j < stride; j++)
        {
            int k = j % ns;
            int t = 6 * k;
            double c1 = tw[t], d1 = s * tw[t + 1], c2 = tw[t + 2], d2 = s * tw[t + 3], c3 = tw[t + 4], d3 = s * tw[t + 5];
            int i0 = 2 * j * bs, i1 = 2 * (j + stride) * bs, i2 = 2 * (j + 2 * stride) * bs, i3 = 2 * (j + 3 * stride) * bs;
            int o0 = 2 * ((j / ns) * ns * 4 + k) * bs, on = 2 * ns * bs;
            for (int b = 0; b < 2 * bs; b += 2)
            {
                double a0 = x[i0 + b], b0 = x[i0 + b + 1];
                Mul(x, i1 + b, c1, d1, out var a1, out var b1);
                Mul(x, i2 + b, c2, d2, out var a2, out var b2);
                Mul(x, i3 + b, c3, d3, out var a3, out var b3);
                double pr = a0 + a2, pi = b0 + b2, mr = a0 - a2, mi = b0 - b2;
                double qr = a1 + a3, qi = b1 + b3, dr = a1 - a3, di = b1 - b3;
                // forward: X1 = m - i d, X3 = m + i d; backward swaps
                double idr = s * di, idi = -s * dr;
                int o = o0 + b;
                y[o] = pr + qr; y[o + 1] = pi + qi;
                y[o + on] = mr + idr; y[o + on + 1] = mi + idi;
                y[o + 2 * on] = pr - qr; y[o + 2 * on + 1] = pi - qi;
                y[o + 3 * on] = mr - idr; y[o + 3 * on + 1] = mi - idi;
            }
        }
    }

    private static void Pass3(double[] x, double[] y, int stride, int ns, double[] tw, double s, int bs)
    {
        const double c = -0.5;
        double s1 = -s * 0.86602540378443864676; // sin(-2 pi/3) for forward
        for (int j = 0; j < stride; j++)
        {
            int k = j % ns;
            int t = 4 * k;
            double c1 = tw[t], d1 = s * tw[t + 1], c2 = tw[t + 2], d2 = s * tw[t + 3];
            int i0 = 2 * j * bs, i1 = 2 * (j + stride) * bs, i2 = 2 * (j + 2 * stride) * bs;
            int o0 = 2 * ((j / ns) * ns * 3 + k) * bs, on = 2 * ns * bs;
            for (int b = 0; b < 2 * bs; b += 2)
            {
                double a0 = x[i0 + b], b0 = x[i0 + b + 1];
                Mul(x, i1 + b, c1, d1, out var a1, out var b1);
                Mul(x, i2 + b, c2, d2, out var a2, out var b2);
                double sr = a1 + a2, si = b1 + b2, dr = a1 - a2, di = b1 - b2;
                double mr = a0 + c * sr, mi = b0 + c * si;
                // X1 = m + i s1 d, X2 = m - i s1 d
                double er = -s1 * di, ei = s1 * dr;
                int o = o0 + b;
                y[o] = a0 + sr; y[o + 1] = b0 + si;
                y[o + on] = mr + er; y[o + on + 1] = mi + ei;
                y[o + 2 * on] = mr - er; y[o + 2 * on + 1] = mi - ei;
            }
        }
    }

    private static void Pass5(double[] x, double[] y, int stride, int ns, double[] tw, double s, int bs)
    {
        double c1 = Math.Cos(2 * Math.PI / 5), c2 = Math.Cos(4 * Math.PI / 5);
        double s1 = -s * Math.Sin(2 * Math.PI / 5), s2 = -s * Math.Sin(4 * Math.PI / 5);
        for (int j = 0; j < stride; j++)
        {
            int k = j % ns;
            int t = 8 * k;
            double w1c = tw[t], w1d = s * tw[t + 1], w2c = tw[t + 2], w2d = s * tw[t + 3];
            double w3c = tw[t + 4], w3d = s * tw[t + 5], w4c = tw[t + 6], w4d = s * tw[t + 7];
            int i0 = 2 * j * bs, i1 = 2 * (j + stride) * bs, i2 = 2 * (j + 2 * stride) * bs;
            int i3 = 2 * (j + 3 * stride) * bs, i4 = 2 * (j + 4 * stride) * bs;
            int o0 = 2 * ((j / ns) * ns * 5 + k) * bs, on = 2 * ns * bs;
            for (int b = 0; b < 2 * bs; b += 2)
            {
                double a0 = x[i0 + b], b0 = x[i0 + b + 1];
                Mul(x, i1 + b, w1c, w1d, out var a1, out var b1);
                Mul(x, i2 + b, w2c, w2d, out var a2, out var b2);
                Mul(x, i3 + b, w3c, w3d, out var a3, out var b3);
                Mul(x, i4 + b, w4c, w4d, out var a4, out var b4);
                double p1r = a1 + a4, p1i = b1 + b4, m1r = a1 - a4, m1i = b1 - b4;
                double p2r = a2 + a3, p2i = b2 + b3, m2r = a2 - a3, m2i = b2 - b3;
                double u1r = a0 + c1 * p1r + c2 * p2r, u1i = b0 + c1 * p1i + c2 * p2i;
                double u2r = a0 + c2 * p1r + c1 * p2r, u2i = b0 + c2 * p1i + c1 * p2i;
                // i*(s1 m1 + s2 m2) and i*(s2 m1 - s1 m2)
                double v1r = -(s1 * m1i + s2 * m2i), v1i = s1 * m1r + s2 * m2r;
                double v2r = -(s2 * m1i - s1 * m2i), v2i = s2 * m1r - s1 * m2r;
                int o = o0 + b;
                y[o] = a0 + p1r + p2r; y[o + 1] = b0 + p1i + p2i;
                y[o + on] = u1r + v1r; y[o + on + 1] = u1i + v1i;
                y[o + 4 * on] = u1r - v1r; y[o + 4 * on + 1] = u1i - v1i;
                y[o + 2 * on] = u2r + v2r; y[o + 2 * on + 1] = u2i + v2i;
                y[o + 3 * on] = u2r - v2r; y[o + 3 * on + 1] = u2i - v2i;
            }
        }
    }
}

/// <summary>
/// An in-place complex 3D FFT on an nx*ny*nz grid stored x fastest ((z*ny + y)*nx + x, interleaved re/im),
/// unnormalised, sign -1 forward (e^{-ikx}), +1 backward.
/// </summary>
public interface IFft3D
{
    int Nx { get; }
    int Ny { get; }
    int Nz { get; }
    /// <summary>Short description for the log, e.g. "managed (Stockham, 2 threads)".</summary>
    string Description { get; }
    void Transform(double[] data, int sign);
}

/// <summary>
/// <see cref="IFft3D"/> by the system FFTW 3 (<see cref="Fftw"/>): one FFTW_MEASURE plan per direction, planned on
/// scratch buffers, executed on the caller's array. Results equal <see cref="Fft3D"/>'s up to round-off.
/// </summary>
public sealed class FftwFft3D : IFft3D, IDisposable
{
    public int Nx { get; }
    public int Ny { get; }
    public int Nz { get; }
    public int Threads { get; }
    private readonly FftwPlan3D _forward, _backward;

    public FftwFft3D(int nx, int ny, int nz, int threads, bool measure = true)
    {
        if (!Fftw.IsAvailable) throw new GarneticsException($"FFTW is not available ({Fftw.LoadError}); install the Debian package libfftw3-double3");
        Nx = nx; Ny = ny; Nz = nz;
        _forward = new FftwPlan3D(nx, ny, nz, Fftw.Forward, threads, measure);
        _backward = new FftwPlan3D(nx, ny, nz, Fftw.Backward, threads, measure);
        Threads = _forward.Threads;
    }

    public string Description => $"FFTW 3 ({Fftw.LibraryName}, {Threads} thread{(Threads == 1 ? "" : "s")})";

    public void Transform(double[] data, int sign)
    {
        if (sign < 0) _forward.Execute(data); else _backward.Execute(data);
    }

    public void Dispose() { _forward.Dispose(); _backward.Dispose(); }
}

/// <summary>
/// Complex 3D FFT on an nx*ny*nz grid stored x fastest ((z*ny + y)*nx + x, interleaved re/im), one axis at a time,
/// lines distributed over a <see cref="WorkerTeam"/>. Unnormalised; sign -1 forward, +1 backward.
/// </summary>
public sealed class Fft3D : IFft3D
{
    public int Nx { get; }
    public int Ny { get; }
    public int Nz { get; }
    public string Description => $"managed (Stockham radix 2/3/4/5, {_threads} thread{(_threads == 1 ? "" : "s")})";
    private readonly Fft1D _fx, _fy, _fz;
    private readonly double[][] _line, _work;
    private readonly int _threads;
    private readonly WorkerTeam? _team;

    public Fft3D(int nx, int ny, int nz, int threads)
    {
        Nx = nx; Ny = ny; Nz = nz;
        _fx = new Fft1D(nx); _fy = new Fft1D(ny); _fz = new Fft1D(nz);
        _threads = Math.Max(1, threads);
        _team = _threads > 1 ? WorkerTeam.Shared(_threads) : null;
        int m = Math.Max(nx, Math.Max(ny, nz));
        _line = new double[_threads][];
        _work = new double[_threads][];
        for (int t = 0; t < _threads; t++) { _line[t] = new double[2 * m * Batch]; _work[t] = new double[2 * m * Batch]; }
    }

    public void Transform(double[] data, int sign)
    {
        Run(Ny * Nz, (t, lo, hi) => AxisX(data, sign, t, lo, hi));
        Run(Nz * ((Nx + Batch - 1) / Batch), (t, lo, hi) => AxisY(data, sign, t, lo, hi));
        Run((Nx * Ny + Batch - 1) / Batch, (t, lo, hi) => AxisZ(data, sign, t, lo, hi));
    }

    private void Run(int lines, Action<int, int, int> body)
    {
        int parts = Math.Min(_threads, lines);
        if (parts <= 1 || _team == null) { body(0, 0, lines); return; }
        _team.Run(parts, t => body(t, (int)((long)lines * t / parts), (int)((long)lines * (t + 1) / parts)));
    }

    private void AxisX(double[] d, int sign, int t, int lo, int hi)
    {
        var line = _line[t];
        for (int l = lo; l < hi; l++)
        {
            int b = 2 * l * Nx;
            Array.Copy(d, b, line, 0, 2 * Nx);
            _fx.Transform(line, _work[t], sign);
            Array.Copy(line, 0, d, b, 2 * Nx);
        }
    }

    /// <summary>Columns transformed together along y and z: adjacent in x, so each gathered block is contiguous.</summary>
    private const int Batch = 8;

    private void AxisY(double[] d, int sign, int t, int lo, int hi)
    {
        // work items: (z, block of Batch x-columns)
        var line = _line[t];
        int nb = (Nx + Batch - 1) / Batch;
        for (int l = lo; l < hi; l++)
        {
            int z = l / nb, x0 = (l % nb) * Batch, bs = Math.Min(Batch, Nx - x0);
            int b = z * Ny * Nx + x0;
            for (int y = 0; y < Ny; y++) Array.Copy(d, 2 * (b + y * Nx), line, 2 * y * bs, 2 * bs);
            _fy.TransformBatch(line, _work[t], sign, bs);
            for (int y = 0; y < Ny; y++) Array.Copy(line, 2 * y * bs, d, 2 * (b + y * Nx), 2 * bs);
        }
    }

    private void AxisZ(double[] d, int sign, int t, int lo, int hi)
    {
        // work items: blocks of Batch consecutive (x, y) columns
        var line = _line[t];
        int plane = Nx * Ny;
        for (int l = lo; l < hi; l++)
        {
            int c0 = l * Batch, bs = Math.Min(Batch, plane - c0);
            for (int z = 0; z < Nz; z++) Array.Copy(d, 2 * (c0 + z * plane), line, 2 * z * bs, 2 * bs);
            _fz.TransformBatch(line, _work[t], sign, bs);
            for (int z = 0; z < Nz; z++) Array.Copy(line, 2 * z * bs, d, 2 * (c0 + z * plane), 2 * bs);
        }
    }
}
