using System.Text;

namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>An orthogonal periodic test structure: box [0,L) per dimension, typed (and charged) atoms.</summary>
public sealed class Structure
{
    public double Lx, Ly, Lz;
    public string[] TypeNames = [];
    public double[] Masses = [];   // 1-based like LAMMPS: Masses[0] unused
    public double[] Charges = [];  // per type, 1-based
    public List<int> Type = [];
    public List<double> X = [];    // xyz interleaved

    public int Count => Type.Count;
    public int NTypes => TypeNames.Length;

    public void Add(int type, double x, double y, double z)
    {
        Type.Add(type);
        X.Add(x); X.Add(y); X.Add(z);
    }

    public Structure Clone() => new()
    {
        Lx = Lx, Ly = Ly, Lz = Lz, TypeNames = (string[])TypeNames.Clone(), Masses = (double[])Masses.Clone(),
        Charges = (double[])Charges.Clone(), Type = [.. Type], X = [.. X],
    };

    public Structure Replicate(int nx, int ny, int nz)
    {
        var s = Clone();
        s.Type.Clear(); s.X.Clear();
        s.Lx = Lx * nx; s.Ly = Ly * ny; s.Lz = Lz * nz;
        for (int a = 0; a < nx; a++)
        for (int b = 0; b < ny; b++)
        for (int c = 0; c < nz; c++)
            for (int i = 0; i < Count; i++)
                s.Add(Type[i], X[3 * i] + a * Lx, X[3 * i + 1] + b * Ly, X[3 * i + 2] + c * Lz);
        return s;
    }

    /// <summary>Scale the box and positions (compress with f &lt; 1).</summary>
    public Structure Scaled(double f)
    {
        var s = Clone();
        s.Lx *= f; s.Ly *= f; s.Lz *= f;
        for (int k = 0; k < s.X.Count; k++) s.X[k] *= f;
        return s;
    }

    /// <summary>Random displacement of every atom by up to `amp` per component (seeded), then wrapped into the box.</summary>
    public Structure Perturbed(double amp, int seed)
    {
        var s = Clone();
        var rng = new Random(seed);
        for (int k = 0; k < s.X.Count; k++) s.X[k] += amp * (2 * rng.NextDouble() - 1);
        s.Wrap();
        return s;
    }

    public void Wrap()
    {
        double[] l = [Lx, Ly, Lz];
        for (int k = 0; k < X.Count; k++)
        {
            double L = l[k % 3], v = X[k];
            v -= Math.Floor(v / L) * L;
            if (v >= L) v -= L;
            if (v < 0) v = 0;
            X[k] = v;
        }
    }

    /// <summary>
    /// A text file for the python references: <paramref name="header"/>, then one line "q x y z" per atom (charge of
    /// its type, position; round-trip numbers).
    /// </summary>
    public void WriteChargedAtoms(string path, string header)
    {
        var sb = new StringBuilder(header);
        for (int i = 0; i < Count; i++)
            sb.Append(FormattableString.Invariant($"{Charges[Type[i]]:R} {X[3 * i]:R} {X[3 * i + 1]:R} {X[3 * i + 2]:R}\n"));
        File.WriteAllText(path, sb.ToString());
    }

    // ------------------------------------------------------------------ builders

    public static readonly string[] LlzoTypes = ["Li", "La", "Zr", "O"];
    public static readonly double[] LlzoMasses = [0, 6.941, 138.90547, 91.224, 15.9994];
    public static readonly double[] LlzoCharges = [0, 1.0, 3.0, 4.0, -2.0];

    /// <summary>Tetragonal LLZO from the shared DFT CIF (I4_1/acd, 192 atoms), symmetry-expanded by the engine's CIF reader.</summary>
    public static Structure TetragonalLlzo()
    {
        var s = FromFile(TestPaths.SharedFile("structures/t-llzo-dft.cif"));
        if (s.Count != 192) throw new InvalidOperationException($"expected 192 atoms in the tetragonal LLZO cell, got {s.Count}");
        return s;
    }

    /// <summary>The shared 12288-atom cubic LLZO (extended XYZ with an orthogonal Lattice), wrapped into the box.</summary>
    public static Structure CubicLlzo12288() => FromFile(TestPaths.SharedFile("structures/c-llzo-12288-1000K.xyz"));

    /// <summary>An LLZO structure file read by Garnetics.Engine.IO with types Li La Zr O, shifted to a box at the origin.</summary>
    private static Structure FromFile(string path)
    {
        var d = StructureIO.Read(path, StructureFormat.Auto, new StructureReadOptions { Elements = LlzoTypes });
        var b = d.Box;
        if (b.Triclinic) throw new InvalidOperationException($"{path}: expected an orthogonal cell");
        var s = new Structure { Lx = b.Lx, Ly = b.Ly, Lz = b.Lz, TypeNames = LlzoTypes, Masses = LlzoMasses, Charges = LlzoCharges };
        for (int i = 0; i < d.Count; i++)
        {
            var (x, y, z) = d.Positions[i];
            s.Add(d.Types[i], x - b.XLo, y - b.YLo, z - b.ZLo);
        }
        s.Wrap();
        return s;
    }

    /// <summary>fcc lattice (4 atoms per cell, reduced density rho) with two types alternating, for lj/cut in lj units.</summary>
    public static Structure LjFcc(int n, double rho, int seed, double amp)
    {
        double a = Math.Pow(4.0 / rho, 1.0 / 3.0);
        var s = new Structure { Lx = n * a, Ly = n * a, Lz = n * a, TypeNames = ["A", "B"], Masses = [0, 1.0, 1.0], Charges = [0, 0, 0] };
        int k = 0;
        foreach (var (u, v, w) in Fcc.Sites(n))
            s.Add(1 + (k++ % 2), u * a, v * a, w * a);
        return s.Perturbed(amp, seed);
    }
}
