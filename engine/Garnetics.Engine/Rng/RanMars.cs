namespace Garnetics.Engine.Rng;

/// <summary>
/// Marsaglia–Zaman–Tsang universal generator (the lagged-Fibonacci "RANMAR" subtractive generator combined with an
/// arithmetic sequence), with LAMMPS's RanMars semantics: seeding from one integer in 1..900000000, one warm-up
/// draw, and a polar Box–Muller <see cref="Gaussian()"/> that keeps the second deviate. The doubles produced are
/// identical to LAMMPS's (used by fix langevin and by the random()/normal() variable functions).
/// </summary>
public sealed class RanMars : LammpsRandom
{
    private readonly double[] _u = new double[98];
    private int _i97, _j97;
    private double _c;
    private readonly double _cd, _cm;

    public RanMars(int seed)
    {
        if (seed <= 0 || seed > 900000000)
            throw new GarneticsException($"invalid seed {seed} for the Marsaglia random number generator (must be in 1..900000000)");

        int ij = (seed - 1) / 30082;
        int kl = (seed - 1) - 30082 * ij;
        int i = (ij / 177) % 177 + 2;
        int j = ij % 177 + 2;
        int k = (kl / 169) % 178 + 1;
        int l = kl % 169;
        for (int ii = 1; ii <= 97; ii++)
        {
            double s = 0.0;
            double t = 0.5;
            for (int jj = 1; jj <= 24; jj++)
            {
                int m = ((i * j) % 179) * k % 179;
                i = j;
                j = k;
                k = m;
                l = (53 * l + 1) % 169;
                if ((l * m) % 64 >= 32) s += t;
                t *= 0.5;
            }
            _u[ii] = s;
        }
        _c = 362436.0 / 16777216.0;
        _cd = 7654321.0 / 16777216.0;
        _cm = 16777213.0 / 16777216.0;
        _i97 = 97;
        _j97 = 33;
        Uniform();
    }

    /// <summary>Uniform deviate in [0,1).</summary>
    public override double Uniform()
    {
        double uni = _u[_i97] - _u[_j97];
        if (uni < 0.0) uni += 1.0;
        _u[_i97] = uni;
        if (--_i97 == 0) _i97 = 97;
        if (--_j97 == 0) _j97 = 97;
        _c -= _cd;
        if (_c < 0.0) _c += _cm;
        uni -= _c;
        if (uni < 0.0) uni += 1.0;
        return uni;
    }


}
