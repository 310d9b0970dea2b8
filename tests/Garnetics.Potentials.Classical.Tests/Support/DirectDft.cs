namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>The reference of the FFT tests: the 3D DFT summed directly, sum_r x(r) exp(sign 2 pi i k.r/N) (unnormalised).</summary>
public static class DirectDft
{
    /// <summary>
    /// The DFT of x (complex, interleaved re/im, x fastest: ((z ny + y) nx + x)); the phase of each term is reduced
    /// modulo the grid before the multiplication by 2 pi.
    /// </summary>
    public static double[] Of(double[] x, int nx, int ny, int nz, int sign)
    {
        var d = new double[x.Length];
        for (int kz = 0; kz < nz; kz++)
            for (int ky = 0; ky < ny; ky++)
                for (int kx = 0; kx < nx; kx++)
                {
                    double re = 0, im = 0;
                    for (int z = 0; z < nz; z++)
                        for (int y = 0; y < ny; y++)
                            for (int xx = 0; xx < nx; xx++)
                            {
                                double ph = sign * 2 * Math.PI * ((double)(kx * xx % nx) / nx + (double)(ky * y % ny) / ny + (double)(kz * z % nz) / nz);
                                int j = 2 * ((z * ny + y) * nx + xx);
                                double c = Math.Cos(ph), s = Math.Sin(ph);
                                re += x[j] * c - x[j + 1] * s;
                                im += x[j] * s + x[j + 1] * c;
                            }
                    int k = 2 * ((kz * ny + ky) * nx + kx);
                    d[k] = re; d[k + 1] = im;
                }
        return d;
    }
}
