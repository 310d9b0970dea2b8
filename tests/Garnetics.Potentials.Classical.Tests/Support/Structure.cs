using System.Globalization;
using System.Text.RegularExpressions;

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

    // ------------------------------------------------------------------ builders

    public static readonly string[] LlzoTypes = ["Li", "La", "Zr", "O"];
    public static readonly double[] LlzoMasses = [0, 6.941, 138.90547, 91.224, 15.9994];
    public static readonly double[] LlzoCharges = [0, 1.0, 3.0, 4.0, -2.0];

    /// <summary>Tetragonal LLZO from the shared DFT CIF (I4_1/acd, 192 atoms): symmetry operations applied to the sites.</summary>
    public static Structure TetragonalLlzo()
    {
        var lines = File.ReadAllLines(TestPaths.SharedData("structures/t-llzo-dft.cif"));
        double Cell(string key) => double.Parse(lines.First(l => l.StartsWith(key)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        double a = Cell("_cell_length_a"), b = Cell("_cell_length_b"), c = Cell("_cell_length_c");
        var ops = new List<string>();
        var sites = new List<(string el, double x, double y, double z)>();
        var opRx = new Regex(@"^\s*\d+\s+'([^']+)'\s*$");
        bool inSites = false;
        foreach (var line in lines)
        {
            var m = opRx.Match(line);
            if (m.Success) { ops.Add(m.Groups[1].Value); continue; }
            if (line.Trim() == "_atom_site_occupancy") { inSites = true; continue; }
            if (inSites && line.Trim().Length > 0 && !line.TrimStart().StartsWith('_'))
            {
                var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                string el = new string(w[0].TakeWhile(char.IsLetter).ToArray());
                sites.Add((el, P(w[3]), P(w[4]), P(w[5])));
            }
        }
        var s = new Structure { Lx = a, Ly = b, Lz = c, TypeNames = LlzoTypes, Masses = LlzoMasses, Charges = LlzoCharges };
        var parsedOps = ops.Select(o => o.Split(',').Select(ParseAffine).ToArray()).ToList();
        for (int t = 1; t <= 4; t++)
        {
            var frac = new List<double[]>();
            foreach (var site in sites.Where(x => x.el == LlzoTypes[t - 1]))
            {
                foreach (var op in parsedOps)
                {
                    var p = new double[3];
                    for (int d = 0; d < 3; d++)
                    {
                        var (cx, cy, cz, k) = op[d];
                        double v = cx * site.x + cy * site.y + cz * site.z + k;
                        v -= Math.Floor(v);
                        if (v >= 1 - 1e-9) v = 0;
                        p[d] = v;
                    }
                    bool dup = frac.Any(q => Enumerable.Range(0, 3).All(d =>
                    {
                        double dd = Math.Abs(q[d] - p[d]);
                        return Math.Min(dd, 1 - dd) < 1e-5;
                    }));
                    if (!dup) frac.Add(p);
                }
            }
            foreach (var p in frac) s.Add(t, p[0] * a, p[1] * b, p[2] * c);
        }
        return s;

        static double P(string v) => double.Parse(v, CultureInfo.InvariantCulture);
    }

    /// <summary>One component of a CIF symmetry operation like "-y+1/2": coefficients of x, y, z and the constant.</summary>
    private static (double, double, double, double) ParseAffine(string expr)
    {
        double cx = 0, cy = 0, cz = 0, k = 0;
        var e = expr.Replace(" ", "");
        int i = 0;
        while (i < e.Length)
        {
            double sign = 1;
            if (e[i] == '+') i++;
            else if (e[i] == '-') { sign = -1; i++; }
            int j = i;
            while (j < e.Length && e[j] != '+' && e[j] != '-') j++;
            var term = e[i..j];
            switch (term)
            {
                case "x": cx += sign; break;
                case "y": cy += sign; break;
                case "z": cz += sign; break;
                default:
                    var f = term.Split('/');
                    double v = double.Parse(f[0], CultureInfo.InvariantCulture);
                    if (f.Length == 2) v /= double.Parse(f[1], CultureInfo.InvariantCulture);
                    k += sign * v;
                    break;
            }
            i = j;
        }
        return (cx, cy, cz, k);
    }

    /// <summary>The shared 12288-atom cubic LLZO (extended XYZ with an orthogonal Lattice), wrapped into the box.</summary>
    public static Structure CubicLlzo12288()
    {
        using var r = new StreamReader(TestPaths.SharedData("structures/c-llzo-12288-1000K.xyz"));
        int n = int.Parse(r.ReadLine()!.Trim(), CultureInfo.InvariantCulture);
        var header = r.ReadLine()!;
        var lat = Regex.Match(header, "Lattice=\"([^\"]+)\"").Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        if (lat[1] != 0 || lat[2] != 0 || lat[3] != 0 || lat[5] != 0 || lat[6] != 0 || lat[7] != 0)
            throw new InvalidOperationException("expected an orthogonal lattice");
        var s = new Structure { Lx = lat[0], Ly = lat[4], Lz = lat[8], TypeNames = LlzoTypes, Masses = LlzoMasses, Charges = LlzoCharges };
        for (int i = 0; i < n; i++)
        {
            var w = r.ReadLine()!.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int t = Array.IndexOf(LlzoTypes, w[0]) + 1;
            if (t <= 0) throw new InvalidOperationException($"unknown species {w[0]}");
            s.Add(t, double.Parse(w[1], CultureInfo.InvariantCulture), double.Parse(w[2], CultureInfo.InvariantCulture),
                double.Parse(w[3], CultureInfo.InvariantCulture));
        }
        s.Wrap();
        return s;
    }

    /// <summary>fcc lattice (4 atoms per cell, reduced density rho) with two types alternating, for lj/cut in lj units.</summary>
    public static Structure LjFcc(int n, double rho, int seed, double amp)
    {
        double a = Math.Pow(4.0 / rho, 1.0 / 3.0);
        var s = new Structure { Lx = n * a, Ly = n * a, Lz = n * a, TypeNames = ["A", "B"], Masses = [0, 1.0, 1.0], Charges = [0, 0, 0] };
        double[][] basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
        int k = 0;
        for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
        for (int l = 0; l < n; l++)
            foreach (var bvec in basis)
                s.Add(1 + (k++ % 2), (i + bvec[0]) * a, (j + bvec[1]) * a, (l + bvec[2]) * a);
        return s.Perturbed(amp, seed);
    }
}

public static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d != null && !File.Exists(Path.Combine(d.FullName, "Garnetics.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Garnetics.sln) above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    /// <summary>A file under the shared reference data (../shared/data relative to the repository root).</summary>
    public static string SharedData(string rel)
    {
        var p = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", rel));
        if (!File.Exists(p)) throw new FileNotFoundException($"shared reference data not found: {p}");
        return p;
    }
}
