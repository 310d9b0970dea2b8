namespace Garnetics.Engine.Comm;

/// <summary>
/// Single-rank communicator. Ghosts are the periodic images of owned atoms that lie within the ghost cutoff of the
/// box, built dimension by dimension in fractional coordinates like LAMMPS's Comm::borders, so that triclinic cells
/// and cutoffs larger than half the box (several image layers) are handled.
/// </summary>
public sealed class SerialComm : ICommunicator
{
    public int Rank => 0;
    public int Size => 1;

    /// <summary>Owner (local index) of each ghost, and its integer image shift, indexed by ghost - NLocal.</summary>
    private int[] _owner = [];
    private int[] _shift = [];
    private int _nghost;
    private int _nlocal;

    public double SumAll(double v) => v;
    public long SumAll(long v) => v;
    public void SumAll(Span<double> v) { }
    public double MaxAll(double v) => v;
    public double MinAll(double v) => v;

    public void Exchange(Atoms atoms, Box box) { }

    public void Borders(Atoms atoms, Box box, double cutGhost)
    {
        int nlocal = atoms.NLocal;
        atoms.NGhost = 0;
        var (wx, wy, wz) = box.PerpendicularWidths();
        double[] cutFrac = [cutGhost / wx, cutGhost / wy, cutGhost / wz];

        // fractional coordinates of locals (kept for ghosts as they are created)
        var s = new double[3 * Math.Max(nlocal, 1)];
        for (int i = 0; i < nlocal; i++)
        {
            box.ToLamda(atoms.X[3 * i], atoms.X[3 * i + 1], atoms.X[3 * i + 2], out s[3 * i], out s[3 * i + 1], out s[3 * i + 2]);
        }
        int n = nlocal;
        var owner = new List<int>(nlocal);
        var shift = new List<int>(3 * nlocal);
        for (int d = 0; d < 3; d++)
        {
            if (!box.Periodic[d]) continue;
            double cf = cutFrac[d];
            int need = (int)Math.Ceiling(cf);
            int ncur = n;
            for (int i = 0; i < ncur; i++)
            {
                double si = s[3 * i + d];
                for (int k = 1; k <= need; k++)
                {
                    // image at si + k must be < 1 + cf; image at si - k must be >= -cf
                    if (si + k < 1.0 + cf) AddGhost(i, d, k);
                    if (si - k >= -cf) AddGhost(i, d, -k);
                }
            }

            void AddGhost(int src, int dim, int k)
            {
                if (3 * (n + 1) > s.Length) Array.Resize(ref s, Math.Max(3 * (n + 1), 2 * s.Length));
                s[3 * n] = s[3 * src]; s[3 * n + 1] = s[3 * src + 1]; s[3 * n + 2] = s[3 * src + 2];
                s[3 * n + dim] += k;
                int own, sx, sy, sz;
                if (src < nlocal) { own = src; sx = sy = sz = 0; }
                else
                {
                    int g = src - nlocal;
                    own = owner[g]; sx = shift[3 * g]; sy = shift[3 * g + 1]; sz = shift[3 * g + 2];
                }
                if (dim == 0) sx += k; else if (dim == 1) sy += k; else sz += k;
                owner.Add(own); shift.Add(sx); shift.Add(sy); shift.Add(sz);
                n++;
            }
        }
        _nghost = n - nlocal;
        _nlocal = nlocal;
        _owner = owner.ToArray();
        _shift = shift.ToArray();
        atoms.Grow(n);
        atoms.NGhost = _nghost;
        for (int g = 0; g < _nghost; g++)
        {
            int j = nlocal + g, o = _owner[g];
            atoms.Type[j] = atoms.Type[o];
            atoms.Tag[j] = atoms.Tag[o];
            atoms.Mask[j] = atoms.Mask[o];
            atoms.Q[j] = atoms.Q[o];
        }
        ForwardComm(atoms, box);
    }

    public void ForwardComm(Atoms atoms, Box box)
    {
        int nlocal = atoms.NLocal;
        var x = atoms.X;
        double lx = box.Lx, ly = box.Ly, lz = box.Lz, xy = box.XY, xz = box.XZ, yz = box.YZ;
        for (int g = 0; g < _nghost; g++)
        {
            int j = nlocal + g, o = _owner[g];
            int a = _shift[3 * g], b = _shift[3 * g + 1], c = _shift[3 * g + 2];
            x[3 * j] = x[3 * o] + (a * lx + b * xy + c * xz);
            x[3 * j + 1] = x[3 * o + 1] + (b * ly + c * yz);
            x[3 * j + 2] = x[3 * o + 2] + c * lz;
        }
    }

    public void ReverseComm(Atoms atoms)
    {
        int nlocal = atoms.NLocal;
        var f = atoms.F;
        // owners of later ghosts may be earlier ghosts' owners; owner is always a local atom here
        for (int g = 0; g < _nghost; g++)
        {
            int j = nlocal + g, o = _owner[g];
            f[3 * o] += f[3 * j];
            f[3 * o + 1] += f[3 * j + 1];
            f[3 * o + 2] += f[3 * j + 2];
        }
    }

    public void ReverseComm(double[] data, int stride)
    {
        int nlocal = _nlocal;
        for (int g = 0; g < _nghost; g++)
        {
            int j = nlocal + g, o = _owner[g];
            for (int k = 0; k < stride; k++) data[stride * o + k] += data[stride * j + k];
        }
    }
}
