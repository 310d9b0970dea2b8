namespace Garnetics.Potentials.Classical.Tests.Support;

/// <summary>
/// The Python direct sums of the Coulomb references (coul/dsf, Ewald for pppm) get a charged structure as
/// structure.txt: the box lengths, then the Coulomb parameter (alpha or g_ewald), the cut-off and qqr2e, then "q x y z"
/// per atom (round-trip reals).
/// </summary>
public static class PyCharges
{
    /// <summary>
    /// The start of such a script: math, numpy and erfc imported; L, split, rc, qqr2e, q, x and n read; and
    /// image_pairs(cut), which yields, periodic image by image, the pairs i, j closer than cut (i != j or another image)
    /// with their separations d = x_i - x_j - image and distances r.
    /// </summary>
    public const string Preamble = """
        import math
        import numpy as np
        from scipy.special import erfc
        lines = open("structure.txt").read().split("\n")
        L = np.array([float(v) for v in lines[0].split()])
        split, rc, qqr2e = (float(v) for v in lines[1].split())
        rows = np.array([[float(v) for v in l.split()] for l in lines[2:] if l.strip()])
        q, x = rows[:, 0], rows[:, 1:4]
        n = len(q)

        def image_pairs(cut):
            nimg = [int(math.ceil(cut / l)) for l in L]
            for a in range(-nimg[0], nimg[0] + 1):
                for b in range(-nimg[1], nimg[1] + 1):
                    for c in range(-nimg[2], nimg[2] + 1):
                        d = x[:, None, :] - x[None, :, :] - np.array([a, b, c]) * L
                        r = np.sqrt((d * d).sum(axis=2))
                        i, j = np.nonzero((r < cut) & (r > 0))
                        yield i, j, d[i, j], r[i, j]

        """;

    /// <summary>Run <paramref name="script"/> (which starts with <see cref="Preamble"/>) on s in a temporary folder: its output lines.</summary>
    public static string[] Run(Structure s, double split, double rc, double qqr2e, string script)
    {
        var dir = TempDir.Create("py");
        try
        {
            s.WriteChargedAtoms(Path.Combine(dir, "structure.txt"), FormattableString.Invariant($"{s.Lx:R} {s.Ly:R} {s.Lz:R}\n{split:R} {rc:R} {qqr2e:R}\n"));
            return PythonRunner.RunScript(dir, script).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
