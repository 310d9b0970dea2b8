namespace Garnetics.Potentials.Nep;

/// <summary>
/// The angular part of NEP's descriptor. For a unit vector u = (x, y, z) the real harmonics of degree l are
/// Y_{l,0} = Z_l^0(z), Y_{l,2m-1} = Z_l^m(z)·Re (x+iy)^m, Y_{l,2m} = Z_l^m(z)·Im (x+iy)^m (m = 1..l), where Z_l^m is
/// d^m P_l/dz^m with its integer coefficients divided by their greatest common divisor. All degrees 1..L are stored
/// in one array, component index l² − 1 + j (j = 0..2l). With s_{n,lj} = Σ_neighbours g_n(r) Y_{l,j}(û):
/// <list type="bullet">
/// <item>3-body: q_{nl} = C_{l0} s_{l,0}² + 2 Σ_{m≥1} C_{lm} (s_{l,2m-1}² + s_{l,2m}²) with
/// C_{lm} = (2l+1)/(4π) · (l−m)!/(l+m)! · a_{lm}², a_{lm} the factor between d^m P_l/dz^m and Z_l^m (the addition
/// theorem: q_{nl} = Σ_jk g_n(r_ij) g_n(r_ik) (2l+1)/(4π) P_l(cos θ_jik)).</item>
/// <item>4-body (l = 2): C4B₀ s₀³ + C4B₁ s₀(s₁² + s₂²) + C4B₂ s₀(s₃² + s₄²) + C4B₃ s₃(s₂² − s₁²) + C4B₄ s₁s₂s₄ over the
/// five l = 2 components.</item>
/// <item>5-body (l = 1): C5B₀ s₀⁴ + C5B₁ s₀²(s₁² + s₂²) + C5B₂ (s₁² + s₂²)² over the three l = 1 components.</item>
/// </list>
/// C4B and C5B are the Clebsch–Gordan combinations published with NEP (GPUMD).
/// </summary>
public static class NepAngular
{
    public const int MaxL = 8;

    /// <summary>Coefficients of Z_l^m in powers of z: ZCoef[l][m][p] multiplies z^p.</summary>
    public static readonly double[][][] ZCoef;
    /// <summary>C_{lm} by component index l² − 1 + j (the same value for j = 2m−1 and 2m).</summary>
    public static readonly double[] C3;

    public static readonly double[] C4B = [-0.007499480826664, -0.134990654879954, 0.067495327439977, 0.404971964639861, -0.809943929279723];
    public static readonly double[] C5B = [0.026596810706114, 0.053193621412227, 0.026596810706114];

    static NepAngular()
    {
        ZCoef = new double[MaxL + 1][][];
        C3 = new double[(MaxL + 1) * (MaxL + 1) - 1];
        for (int l = 1; l <= MaxL; l++)
        {
            // 2^l P_l(z) = Σ_k (-1)^k C(l,k) C(2l-2k, l) z^(l-2k): integer coefficients
            var q = new long[l + 1];
            for (int k = 0; 2 * k <= l; k++) q[l - 2 * k] = (k % 2 == 0 ? 1 : -1) * Binom(l, k) * Binom(2 * l - 2 * k, l);
            ZCoef[l] = new double[l + 1][];
            var d = (long[])q.Clone();
            for (int m = 0; m <= l; m++)
            {
                if (m > 0)
                {
                    var nd = new long[l + 1];
                    for (int p = 1; p <= l; p++) nd[p - 1] = d[p] * p;
                    d = nd;
                }
                long g = 0;
                foreach (long c in d) g = Gcd(g, Math.Abs(c));
                ZCoef[l][m] = d.Select(c => (double)(c / g)).ToArray();
                // a_lm = g / 2^l; C_lm = (2l+1)/(4π) (l-m)!/(l+m)! a_lm²
                double a = g / Math.Pow(2, l);
                double cm = (2 * l + 1) / (4 * Math.PI) * Factorial(l - m) / Factorial(l + m) * a * a;
                if (m == 0) C3[l * l - 1] = cm;
                else { C3[l * l - 1 + 2 * m - 1] = cm; C3[l * l - 1 + 2 * m] = cm; }
            }
        }
    }

    private static long Binom(int n, int k)
    {
        long r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    private static double Factorial(int n)
    {
        double r = 1;
        for (int i = 2; i <= n; i++) r *= i;
        return r;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }

    /// <summary>Number of harmonic components for degrees 1..L: (L+1)² − 1.</summary>
    public static int Components(int lmax) => (lmax + 1) * (lmax + 1) - 1;

    /// <summary>Y[k] for all components of degrees 1..lmax at the unit vector (x, y, z) (the general-l path; l <= 4
    /// uses the generated straight-line code).</summary>
    public static void Harmonics(int lmax, double x, double y, double z, Span<double> y_)
    {
        int n = Components(lmax);
        Span<double> g = stackalloc double[3 * n];
        HarmonicsAndGradient(lmax, x, y, z, 1.0, y_, g[..n], g.Slice(n, n), g.Slice(2 * n, n));
    }

    /// <summary>
    /// Y[k] and the gradient of Y_k(r/|r|) with respect to r, for r = d·(x, y, z) with (x, y, z) a unit vector:
    /// ∇Y = (∇_u Y − u (u·∇_u Y)) / d, where ∇_u differentiates the polynomial in (x, y, z) as independent variables.
    /// </summary>
    public static void HarmonicsAndGradient(int lmax, double x, double y, double z, double dinv,
        Span<double> yk, Span<double> gx, Span<double> gy, Span<double> gz)
    {
        Span<double> zp = stackalloc double[MaxL + 1];
        zp[0] = 1;
        for (int p = 1; p <= lmax; p++) zp[p] = zp[p - 1] * z;
        Span<double> re = stackalloc double[MaxL + 1], im = stackalloc double[MaxL + 1];
        re[0] = 1; im[0] = 0;
        for (int m = 1; m <= lmax; m++)
        {
            re[m] = re[m - 1] * x - im[m - 1] * y;
            im[m] = re[m - 1] * y + im[m - 1] * x;
        }
        for (int l = 1; l <= lmax; l++)
        {
            int b = l * l - 1;
            var zc = ZCoef[l];
            for (int m = 0; m <= l; m++)
            {
                var c = zc[m];
                double zf = 0, dzf = 0;
                for (int p = (l - m) & 1; p <= l - m; p += 2)
                {
                    zf += c[p] * zp[p];
                    if (p > 0) dzf += c[p] * p * zp[p - 1];
                }
                if (m == 0)
                {
                    Project(b, zf, 0, 0, dzf, x, y, z, dinv, yk, gx, gy, gz);
                }
                else
                {
                    // d(x+iy)^m/dx = m (x+iy)^(m-1); d/dy = i m (x+iy)^(m-1)
                    double rm = m * re[m - 1], imm = m * im[m - 1];
                    Project(b + 2 * m - 1, zf * re[m], zf * rm, -zf * imm, dzf * re[m], x, y, z, dinv, yk, gx, gy, gz);
                    Project(b + 2 * m, zf * im[m], zf * imm, zf * rm, dzf * im[m], x, y, z, dinv, yk, gx, gy, gz);
                }
            }
        }
    }

    private static void Project(int k, double v, double dx, double dy, double dz, double x, double y, double z, double dinv,
        Span<double> yk, Span<double> gx, Span<double> gy, Span<double> gz)
    {
        yk[k] = v;
        double ud = x * dx + y * dy + z * dz;
        gx[k] = (dx - x * ud) * dinv;
        gy[k] = (dy - y * ud) * dinv;
        gz[k] = (dz - z * ud) * dinv;
    }
}
