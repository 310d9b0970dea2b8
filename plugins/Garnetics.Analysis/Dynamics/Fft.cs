namespace Garnetics.Analysis.Dynamics;

/// <summary>
/// In-place iterative radix-2 complex FFT (Cooley–Tukey, decimation in time) on separate real and imaginary arrays
/// whose length is a power of two. Forward: X_k = sum_n x_n exp(-2 pi i k n / N); inverse has +i and no 1/N factor.
/// </summary>
public static class Fft
{
    public static int NextPowerOfTwo(int n)
    {
        int p = 1;
        while (p < n) p <<= 1;
        return p;
    }

    [ThreadStatic] private static int _twN;
    [ThreadStatic] private static double[]? _twCos, _twSin;

    /// <summary>cos(2πk/n), sin(2πk/n) for k &lt; n/2, each computed directly (no recurrence) for accuracy; cached per thread.</summary>
    private static (double[] cos, double[] sin) Twiddles(int n)
    {
        if (_twN != n || _twCos == null || _twSin == null)
        {
            int h = Math.Max(1, n / 2);
            _twCos = new double[h];
            _twSin = new double[h];
            for (int k = 0; k < h; k++)
            {
                _twCos[k] = Math.Cos(2.0 * Math.PI * k / n);
                _twSin[k] = Math.Sin(2.0 * Math.PI * k / n);
            }
            _twN = n;
        }
        return (_twCos, _twSin);
    }

    public static void Transform(double[] re, double[] im, bool inverse)
    {
        int n = re.Length;
        if (n != im.Length || (n & (n - 1)) != 0) throw new ArgumentException("FFT length must be a power of two");
        // bit reversal
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        double sign = inverse ? 1.0 : -1.0;
        var (cos, sin) = Twiddles(n);
        for (int len = 2; len <= n; len <<= 1)
        {
            int half = len >> 1;
            int step = n / len;
            for (int k = 0; k < half; k++)
            {
                double wr = cos[k * step], wi = sign * sin[k * step];
                for (int s = 0; s < n; s += len)
                {
                    int a = s + k, b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr; im[b] = im[a] - ti;
                    re[a] += tr; im[a] += ti;
                }
            }
        }
    }

    /// <summary>
    /// Power spectra of two real series packed in one complex transform (x in the real part, y in the imaginary
    /// part), each zero-padded to length n: adds |X_k|^2 to px and |Y_k|^2 to py.
    /// </summary>
    public static void AddPowerSpectra(double[] x, double[]? y, int n, double[] px, double[] py, double[] re, double[] im)
    {
        Array.Clear(re); Array.Clear(im);
        Array.Copy(x, re, x.Length);
        if (y != null) Array.Copy(y, im, y.Length);
        Transform(re, im, inverse: false);
        for (int k = 0; k < n; k++)
        {
            int nk = (n - k) & (n - 1);
            // X_k = (Z_k + conj Z_{n-k}) / 2, Y_k = (Z_k - conj Z_{n-k}) / (2i)
            double xr = 0.5 * (re[k] + re[nk]), xi = 0.5 * (im[k] - im[nk]);
            double yr = 0.5 * (im[k] + im[nk]), yi = -0.5 * (re[k] - re[nk]);
            px[k] += xr * xr + xi * xi;
            if (y != null) py[k] += yr * yr + yi * yi;
        }
    }

    /// <summary>Inverse transform of a real, even power spectrum: returns the (unnormalised) circular autocorrelation.</summary>
    public static double[] AutocorrelationFromPower(double[] power)
    {
        int n = power.Length;
        var re = (double[])power.Clone();
        var im = new double[n];
        Transform(re, im, inverse: true);
        for (int k = 0; k < n; k++) re[k] /= n;
        return re;
    }
}
