using System.Numerics;

namespace Garnetics.Engine.Potentials;

/// <summary>
/// Per-thread private copies of the per-atom arrays that a threaded force loop scatters into (forces on i and j,
/// per-atom energies and virials, ghosts included), and their reduction into the shared arrays. Thread 0 writes the
/// shared arrays directly; threads 1..T-1 write private copies that <see cref="Reduce"/> adds in thread order, so a
/// given thread count always gives the same sums. Also holds <see cref="AccStride"/> doubles of scalar accumulators
/// per thread (energies, virial). Used by the pairwise driver and the many-body base; a plugin with its own loop
/// can use it the same way.
/// </summary>
public sealed class ThreadScatter
{
    /// <summary>Scalar accumulators per thread in <see cref="Acc"/> (evdwl, ecoul, six virial components).</summary>
    public const int AccStride = 8;

    private double[][] _forces = [], _eatom = [], _vatom = [];
    private int _estride, _vstride;

    /// <summary>Scalar accumulators, <see cref="AccStride"/> per thread, cleared by <see cref="Prepare"/>.</summary>
    public double[] Acc { get; private set; } = [];

    /// <summary>
    /// Size and clear the private arrays of threads 1..threads-1 for the atoms' NAll entries: forces always,
    /// per-atom energies when <paramref name="estride"/> &gt; 0 and virials when <paramref name="vstride"/> &gt; 0
    /// (values per atom).
    /// </summary>
    public void Prepare(int threads, Atoms atoms, int estride, int vstride)
    {
        int nall = atoms.NAll;
        if (Acc.Length < AccStride * threads) Acc = new double[AccStride * threads];
        Array.Clear(Acc, 0, AccStride * threads);
        _estride = estride;
        _vstride = vstride;
        if (threads <= 1) return;
        if (_forces.Length < threads)
        {
            Array.Resize(ref _forces, threads);
            Array.Resize(ref _eatom, threads);
            Array.Resize(ref _vatom, threads);
        }
        for (int t = 1; t < threads; t++)
        {
            Ensure(ref _forces[t], 3, nall, atoms.Capacity);
            if (estride > 0) Ensure(ref _eatom[t], estride, nall, atoms.Capacity);
            if (vstride > 0) Ensure(ref _vatom[t], vstride, nall, atoms.Capacity);
        }
    }

    private static void Ensure(ref double[] a, int stride, int nall, int capacity)
    {
        if (a == null || a.Length < stride * nall) a = new double[stride * Math.Max(nall, capacity)];
        else Array.Clear(a, 0, stride * nall);
    }

    /// <summary>Force array of thread t (the shared one for thread 0).</summary>
    public double[] Force(int t, double[] shared) => t == 0 ? shared : _forces[t];
    /// <summary>Per-atom energy array of thread t (the shared one for thread 0).</summary>
    public double[] EAtom(int t, double[] shared) => t == 0 ? shared : _eatom[t];
    /// <summary>Per-atom virial array of thread t (the shared one for thread 0).</summary>
    public double[] VAtom(int t, double[] shared) => t == 0 ? shared : _vatom[t];

    /// <summary>Add the private arrays of threads 1..threads-1 into the shared ones (null: not tallied), over nall atoms.</summary>
    public void Reduce(int threads, double[] force, double[]? eatom, double[]? vatom, int nall)
    {
        if (threads <= 1) return;
        var forces = _forces;
        int n3 = 3 * nall;
        // each thread sums one slice of the force array over all private copies
        WorkerTeam.Shared(threads).Run(threads, t =>
        {
            int q0 = (int)((long)n3 * t / threads), q1 = (int)((long)n3 * (t + 1) / threads);
            var sm = new Span<double>(force, q0, q1 - q0);
            for (int u = 1; u < threads; u++)
            {
                var st = new ReadOnlySpan<double>(forces[u], q0, q1 - q0);
                int vm = Vector<double>.Count, q = 0;
                for (; q + vm <= sm.Length; q += vm)
                    (new Vector<double>(sm.Slice(q, vm)) + new Vector<double>(st.Slice(q, vm))).CopyTo(sm.Slice(q, vm));
                for (; q < sm.Length; q++) sm[q] += st[q];
            }
        });
        for (int u = 1; u < threads; u++)
        {
            if (eatom != null) { var src = _eatom[u]; for (int q = 0, n = _estride * nall; q < n; q++) eatom[q] += src[q]; }
            if (vatom != null) { var src = _vatom[u]; for (int q = 0, n = _vstride * nall; q < n; q++) vatom[q] += src[q]; }
        }
    }
}
