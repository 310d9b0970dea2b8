namespace Garnetics.Engine.Rng;

/// <summary>
/// Park–Miller "minimal standard" multiplicative congruential generator (a = 16807, m = 2^31 - 1, Schrage's
/// factorisation q = 127773, r = 2836) with LAMMPS's RanPark semantics: <see cref="Uniform"/> returns seed/m in (0,1),
/// <see cref="Gaussian"/> uses the polar Box–Muller method and keeps the second deviate for the next call, and
/// <see cref="Reset(int, double, double, double)"/> derives a new seed from a base seed and a coordinate triple with
/// Jenkins' one-at-a-time hash over their bytes (as signed chars, little endian), then warms the generator up.
/// The doubles produced are identical to LAMMPS's.
/// </summary>
public sealed class RanPark : LammpsRandom
{
    private const int IA = 16807;
    private const int IM = 2147483647;
    private const double AM = 1.0 / IM;
    private const int IQ = 127773;
    private const int IR = 2836;

    private int _seed;

    public RanPark(int seed)
    {
        if (seed <= 0) throw new GarneticsException($"invalid seed {seed} for the Park-Miller random number generator (must be > 0)");
        _seed = seed;
        ClearSavedGaussian();
    }

    /// <summary>Current internal state (LAMMPS RanPark::state()).</summary>
    public int State => _seed;

    /// <summary>Uniform deviate in (0,1).</summary>
    public override double Uniform()
    {
        int k = _seed / IQ;
        _seed = IA * (_seed - k * IQ) - IR * k;
        if (_seed < 0) _seed += IM;
        return AM * _seed;
    }


    /// <summary>Restart from a new positive seed (LAMMPS RanPark::reset(int)).</summary>
    public void Reset(int seed)
    {
        if (seed <= 0) throw new GarneticsException($"invalid seed {seed} for the Park-Miller random number generator (must be > 0)");
        _seed = seed;
        ClearSavedGaussian();
    }

    /// <summary>
    /// Reseed from a base seed and a coordinate (LAMMPS RanPark::reset(int, double*)): the result depends only on the
    /// arguments, so that the same point always gets the same random numbers, whatever the processor layout.
    /// </summary>
    public void Reset(int seed, double x, double y, double z)
    {
        uint hash = 0;
        unchecked
        {
            for (int b = 0; b < 4; b++) hash = Mix(hash, (sbyte)(seed >> (8 * b)));
            hash = MixDouble(hash, x);
            hash = MixDouble(hash, y);
            hash = MixDouble(hash, z);
            hash += hash << 3;
            hash ^= hash >> 11;
            hash += hash << 15;
        }
        // LAMMPS keeps these bits of the hash as the new seed; zero would hang gaussian()
        _seed = (int)(hash & 0x7ffffff);
        if (_seed == 0) _seed = 1;
        for (int i = 0; i < 5; i++) Uniform();
        ClearSavedGaussian();
    }

    /// <summary>Overload taking the coordinate as an array of 3.</summary>
    public void Reset(int seed, double[] coord)
    {
        ArgumentNullException.ThrowIfNull(coord);
        if (coord.Length < 3) throw new ArgumentException("coordinate must have 3 components", nameof(coord));
        Reset(seed, coord[0], coord[1], coord[2]);
    }

    private static uint MixDouble(uint hash, double v)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(v);
        for (int b = 0; b < 8; b++) hash = Mix(hash, unchecked((sbyte)(bits >> (8 * b))));
        return hash;
    }

    // one step of the one-at-a-time hash; the byte is a C "char", signed on x86-64, so it is sign-extended
    private static uint Mix(uint hash, sbyte c)
    {
        unchecked
        {
            hash += (uint)(int)c;
            hash += hash << 10;
            hash ^= hash >> 6;
        }
        return hash;
    }
}
