namespace Garnetics.Engine.Rng;

/// <summary>
/// Shared part of LAMMPS's generators: Gaussian deviates by Marsaglia's polar method from two uniform deviates,
/// keeping the second value of each pair for the next call (LAMMPS's RanPark/RanMars::gaussian).
/// </summary>
public abstract class LammpsRandom
{
    private bool _save;
    private double _second;

    /// <summary>Uniform deviate in (0, 1).</summary>
    public abstract double Uniform();

    /// <summary>Forget a saved second Gaussian value (after a reseed).</summary>
    protected void ClearSavedGaussian() => _save = false;

    /// <summary>Standard normal deviate (mean 0, variance 1).</summary>
    public double Gaussian()
    {
        if (_save)
        {
            _save = false;
            return _second;
        }
        double v1, v2, rsq;
        do
        {
            v1 = 2.0 * Uniform() - 1.0;
            v2 = 2.0 * Uniform() - 1.0;
            rsq = v1 * v1 + v2 * v2;
        } while (rsq >= 1.0 || rsq == 0.0);
        double fac = Math.Sqrt(-2.0 * Math.Log(rsq) / rsq);
        _second = v1 * fac;
        _save = true;
        return v2 * fac;
    }

    /// <summary>Normal deviate with mean <paramref name="mu"/> and standard deviation <paramref name="sigma"/>.</summary>
    public double Gaussian(double mu, double sigma) => mu + sigma * Gaussian();
}
