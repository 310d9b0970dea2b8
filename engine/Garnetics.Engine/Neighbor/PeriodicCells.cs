namespace Garnetics.Engine.Neighbor;

/// <summary>
/// Neighbour search over a periodic (orthogonal or triclinic) cell that finds every periodic image within a cut-off,
/// however large the cut-off is compared with the cell: no minimum-image assumption. Atoms are binned in fractional
/// coordinates (nb_d = max(1, floor(w_d / rc)) bins along cell vector d, w_d the perpendicular width); a query visits
/// the bins within ±ceil(rc·nb_d / w_d) of its own, each visited (bin, image) pair exactly once, so an atom j is found
/// once per image within rc (and an atom finds its own images when rc exceeds a width, but never itself at zero shift).
/// </summary>
public sealed class PeriodicCells
{
    readonly double[] _h = new double[6]; // LAMMPS h: lx ly lz yz xz xy
    readonly double[] _s;                 // wrapped fractional coordinates of the indexed atoms
    readonly int[] _atoms;                // atom indices (into the caller's arrays) of the indexed atoms
    readonly int[] _binStart, _binAtoms;
    readonly int _na, _nb, _nc;
    readonly int _ma, _mb, _mc;
    readonly double _rc2;

    /// <summary>Index the atoms <paramref name="subset"/> (indices into <paramref name="x"/>, interleaved xyz).</summary>
    public PeriodicCells(Box box, double[] x, IReadOnlyList<int> subset, double cutoff)
    {
        if (!(cutoff > 0)) throw new GarneticsException($"neighbour cut-off must be positive, got {cutoff}");
        Array.Copy(box.H, _h, 6);
        _rc2 = cutoff * cutoff;
        var (wa, wb, wc) = box.PerpendicularWidths();
        _na = Math.Max(1, Math.Min(1 << 10, (int)Math.Floor(wa / cutoff)));
        _nb = Math.Max(1, Math.Min(1 << 10, (int)Math.Floor(wb / cutoff)));
        _nc = Math.Max(1, Math.Min(1 << 10, (int)Math.Floor(wc / cutoff)));
        _ma = (int)Math.Ceiling(cutoff * _na / wa);
        _mb = (int)Math.Ceiling(cutoff * _nb / wb);
        _mc = (int)Math.Ceiling(cutoff * _nc / wc);
        int n = subset.Count;
        _atoms = [.. subset];
        _s = new double[3 * n];
        var bin = new int[n];
        _binStart = new int[_na * _nb * _nc + 1];
        for (int k = 0; k < n; k++)
        {
            int i = _atoms[k];
            Frac(box, x[3 * i], x[3 * i + 1], x[3 * i + 2], out double a, out double b, out double c);
            _s[3 * k] = a; _s[3 * k + 1] = b; _s[3 * k + 2] = c;
            int ba = Math.Min(_na - 1, (int)(a * _na)), bb = Math.Min(_nb - 1, (int)(b * _nb)), bc = Math.Min(_nc - 1, (int)(c * _nc));
            bin[k] = (bc * _nb + bb) * _na + ba;
            _binStart[bin[k] + 1]++;
        }
        for (int q = 0; q < _binStart.Length - 1; q++) _binStart[q + 1] += _binStart[q];
        _binAtoms = new int[n];
        var fill = (int[])_binStart.Clone();
        for (int k = 0; k < n; k++) _binAtoms[fill[bin[k]]++] = k;
    }

    /// <summary>Wrapped fractional coordinates in [0, 1).</summary>
    public static void Frac(Box box, double x, double y, double z, out double a, out double b, out double c)
    {
        box.ToLamda(x, y, z, out a, out b, out c);
        a -= Math.Floor(a); if (a >= 1) a -= 1;
        b -= Math.Floor(b); if (b >= 1) b -= 1;
        c -= Math.Floor(c); if (c >= 1) c -= 1;
    }

    /// <summary>Neighbour callback: atom index j (caller's index), squared distance, displacement from the query point to j.</summary>
    public delegate void Visitor(int j, double r2, double dx, double dy, double dz);

    /// <summary>
    /// Calls <paramref name="visit"/> for every indexed atom image within the cut-off of the point with Cartesian
    /// coordinates (x, y, z); <paramref name="self"/> (a caller index, or -1) is skipped at zero image shift only.
    /// </summary>
    public void Query(Box box, double x, double y, double z, int self, Visitor visit)
    {
        Frac(box, x, y, z, out double sa, out double sb, out double sc);
        int ba = Math.Min(_na - 1, (int)(sa * _na)), bb = Math.Min(_nb - 1, (int)(sb * _nb)), bc = Math.Min(_nc - 1, (int)(sc * _nc));
        double lx = _h[0], ly = _h[1], lz = _h[2], yz = _h[3], xz = _h[4], xy = _h[5];
        for (int oc = -_mc; oc <= _mc; oc++)
        {
            int tc = bc + oc;
            int shc = FloorDiv(tc, _nc);
            tc -= shc * _nc;
            for (int ob = -_mb; ob <= _mb; ob++)
            {
                int tb = bb + ob;
                int shb = FloorDiv(tb, _nb);
                tb -= shb * _nb;
                for (int oa = -_ma; oa <= _ma; oa++)
                {
                    int ta = ba + oa;
                    int sha = FloorDiv(ta, _na);
                    ta -= sha * _na;
                    int q = (tc * _nb + tb) * _na + ta;
                    bool zeroShift = sha == 0 && shb == 0 && shc == 0;
                    for (int p = _binStart[q]; p < _binStart[q + 1]; p++)
                    {
                        int k = _binAtoms[p];
                        int j = _atoms[k];
                        if (zeroShift && j == self) continue;
                        double da = _s[3 * k] + sha - sa, db = _s[3 * k + 1] + shb - sb, dc = _s[3 * k + 2] + shc - sc;
                        double dx = lx * da + xy * db + xz * dc, dy = ly * db + yz * dc, dz = lz * dc;
                        double r2 = dx * dx + dy * dy + dz * dz;
                        if (r2 < _rc2) visit(j, r2, dx, dy, dz);
                    }
                }
            }
        }
    }

    static int FloorDiv(int a, int n) => a >= 0 ? a / n : -((-a + n - 1) / n);
}
