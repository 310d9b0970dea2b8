using System.Runtime.InteropServices;

namespace Garnetics.Engine.Potentials;

/// <summary>Multi-threaded half-list pair loop shared by all simple pairwise styles.</summary>
public static class PairDriver
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Action<PairStyle, IPairKernel, NeighList, bool, bool>> BoxedRunners = new();

    /// <summary>
    /// Run a kernel known only as a boxed <see cref="IPairKernel"/>: a loop specialised for its concrete type is made
    /// once (by reflection) and cached, so fused kernels run as fast as hand-written ones.
    /// </summary>
    public static void ComputeHalf(PairStyle owner, IPairKernel kernel, NeighList list, bool eflag, bool vflag)
    {
        var run = BoxedRunners.GetOrAdd(kernel.GetType(), t =>
        {
            var m = typeof(PairDriver).GetMethod(nameof(RunBoxed), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
                .MakeGenericMethod(t);
            return m.CreateDelegate<Action<PairStyle, IPairKernel, NeighList, bool, bool>>();
        });
        run(owner, kernel, list, eflag, vflag);
    }

    private static void RunBoxed<TK>(PairStyle owner, IPairKernel kernel, NeighList list, bool eflag, bool vflag)
        where TK : struct, IPairKernel
    {
        var k = (TK)kernel;
        ComputeHalf(owner, ref k, list, eflag, vflag);
    }

    /// <summary>Fuse kernels (boxed structs) into one <see cref="SumKernel{TA,TB}"/> chain, evaluated in a single pass.</summary>
    public static IPairKernel Combine(IReadOnlyList<IPairKernel> kernels)
    {
        if (kernels.Count == 0) throw new ArgumentException("no kernels to combine");
        var acc = kernels[^1];
        for (int i = kernels.Count - 2; i >= 0; i--)
        {
            var a = kernels[i];
            var t = typeof(SumKernel<,>).MakeGenericType(a.GetType(), acc.GetType());
            acc = (IPairKernel)Activator.CreateInstance(t, a, acc)!;
        }
        return acc;
    }

    private static readonly ConditionalWeakTable<object, ThreadScatter> Buffers = new();

    /// <summary>Below this many neighbour pairs per thread the pair loop runs on fewer threads.</summary>
    public const long MinPairsPerThread = 20_000;

    /// <summary>Compile-time switch of the pair loop: the ordinary loop (<see cref="NoAtomTally"/>) has no per-atom code at all.</summary>
    public readonly struct NoAtomTally;
    /// <summary>Compile-time switch of the pair loop: also tally per-atom energy and virial (half to each atom of a pair).</summary>
    public readonly struct AtomTally;

    /// <summary>
    /// Loop over a half neighbour list with Newton's third law, adding forces on i and j (ghosts included).
    /// Threads get contiguous ranges of i and private force arrays that are summed at the end. When the owner's
    /// EFlagAtom / VFlagAtom are set, a separately compiled copy of the loop also adds half of each pair's energy and
    /// virial to owner.EAtom / owner.VAtom of both atoms (LAMMPS ev_tally with newton on).
    /// </summary>
    public static void ComputeHalf<TK>(PairStyle owner, ref TK kernel, NeighList list, bool eflag, bool vflag)
        where TK : struct, IPairKernel
    {
        if (owner.EFlagAtom || owner.VFlagAtom) ComputeHalf<TK, AtomTally>(owner, ref kernel, list, eflag, vflag);
        else ComputeHalf<TK, NoAtomTally>(owner, ref kernel, list, eflag, vflag);
    }

    private static void ComputeHalf<TK, TM>(PairStyle owner, ref TK kernel, NeighList list, bool eflag, bool vflag)
        where TK : struct, IPairKernel where TM : struct
    {
        bool perAtom = typeof(TM) == typeof(AtomTally);
        var sim = owner.Sim;
        var atoms = sim.Atoms;
        int nall = atoms.NAll;
        int inum = list.Inum;
        // threads only pay off with enough pairs per thread (a thread hand-off costs microseconds)
        int threads = (int)Math.Clamp(list.TotalPairs / MinPairsPerThread, 1, Math.Max(1, sim.Threads));
        var bufs = Buffers.GetValue(owner, _ => new ThreadScatter());
        bool eatomOn = perAtom && owner.EFlagAtom, vatomOn = perAtom && owner.VFlagAtom;
        bufs.Prepare(threads, atoms, eatomOn ? 1 : 0, vatomOn ? 6 : 0);
        var acc = bufs.Acc;
        if (threads == 1)
        {
            Loop<TK, TM>(kernel, list, atoms.X, atoms.Type, atoms.Q, atoms.F, 0, inum, eflag, vflag, acc, 0,
                eatomOn ? owner.EAtom : null, vatomOn ? owner.VAtom : null);
        }
        else
        {
            var k = kernel;
            // weight the split by neighbour counts for balance
            var split = SplitByWork(list, threads);
            WorkerTeam.Shared(threads).Run(threads, t =>
            {
                var kk = k;
                Loop<TK, TM>(kk, list, atoms.X, atoms.Type, atoms.Q, bufs.Force(t, atoms.F), split[t], split[t + 1], eflag, vflag, acc,
                    ThreadScatter.AccStride * t, eatomOn ? bufs.EAtom(t, owner.EAtom) : null, vatomOn ? bufs.VAtom(t, owner.VAtom) : null);
            });
            bufs.Reduce(threads, atoms.F, eatomOn ? owner.EAtom : null, vatomOn ? owner.VAtom : null, nall);
        }
        for (int t = 0; t < threads; t++)
        {
            int a0 = ThreadScatter.AccStride * t;
            owner.EngVdwl += acc[a0];
            owner.EngCoul += acc[a0 + 1];
            for (int c = 0; c < 6; c++) owner.Virial[c] += acc[a0 + 2 + c];
        }
    }

    /// <summary>Split [0, inum) into contiguous ranges of about equal neighbour-pair counts (plus one per atom).</summary>
    public static int[] SplitByWork(NeighList list, int parts)
    {
        int inum = list.Inum;
        var split = new int[parts + 1];
        long total = list.TotalPairs + inum;
        long per = total / parts + 1, run = 0;
        int p = 1;
        for (int i = 0; i < inum && p < parts; i++)
        {
            run += list.Num[i] + 1;
            if (run >= per * p) split[p++] = i + 1;
        }
        for (; p <= parts; p++) split[p] = inum;
        return split;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Loop<TK, TM>(TK kernel, NeighList list, double[] x, int[] type, double[] q, double[] f,
        int i0, int i1, bool eflag, bool vflag, double[] acc, int a0, double[]? eatom, double[]? vatom)
        where TK : struct, IPairKernel where TM : struct
    {
        // folded by the JIT for each TM: the ordinary instantiation has no per-atom code
        bool perAtom = typeof(TM) == typeof(AtomTally);
        // the kernel is taken by value so that the JIT can keep its fields in registers
        double evdwlSum = 0, ecoulSum = 0, v0 = 0, v1 = 0, v2 = 0, v3 = 0, v4 = 0, v5 = 0;
        // unchecked element access: every index comes from the neighbour list, which only holds atoms < NAll,
        // and the arrays are sized for NAll (bounds checks cost ~15% of the simplest kernels)
        ref double xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref double fr = ref MemoryMarshal.GetArrayDataReference(f);
        ref int tr = ref MemoryMarshal.GetArrayDataReference(type);
        ref double qr = ref MemoryMarshal.GetArrayDataReference(q);
        ref int nr = ref MemoryMarshal.GetArrayDataReference(list.Neighs);
        var first = list.First;
        var num = list.Num;
        for (int i = i0; i < i1; i++)
        {
            double xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
            int itype = type[i];
            double qi = q[i];
            double fxi = 0, fyi = 0, fzi = 0;
            int jb = first[i], je = jb + num[i];
            for (int jj = jb; jj < je; jj++)
            {
                int j = Unsafe.Add(ref nr, jj);
                ref double xj = ref Unsafe.Add(ref xr, 3 * j);
                double dx = xi - xj, dy = yi - Unsafe.Add(ref xj, 1), dz = zi - Unsafe.Add(ref xj, 2);
                double rsq = dx * dx + dy * dy + dz * dz;
                int jtype = Unsafe.Add(ref tr, j);
                if (!kernel.InRange(itype, jtype, rsq)) continue;
                double fpair = kernel.Compute(itype, jtype, rsq, qi, Unsafe.Add(ref qr, j), eflag, out double evdwl, out double ecoul);
                double fx = dx * fpair, fy = dy * fpair, fz = dz * fpair;
                fxi += fx; fyi += fy; fzi += fz;
                ref double fj = ref Unsafe.Add(ref fr, 3 * j);
                fj -= fx; Unsafe.Add(ref fj, 1) -= fy; Unsafe.Add(ref fj, 2) -= fz;
                if (eflag) { evdwlSum += evdwl; ecoulSum += ecoul; }
                if (vflag)
                {
                    v0 += dx * fx; v1 += dy * fy; v2 += dz * fz;
                    v3 += dx * fy; v4 += dx * fz; v5 += dy * fz;
                }
                if (perAtom) TallyAtoms(eatom, vatom, i, j, evdwl + ecoul, dx, dy, dz, fx, fy, fz);
            }
            f[3 * i] += fxi; f[3 * i + 1] += fyi; f[3 * i + 2] += fzi;
        }
        acc[a0] = evdwlSum; acc[a0 + 1] = ecoulSum;
        acc[a0 + 2] = v0; acc[a0 + 3] = v1; acc[a0 + 4] = v2; acc[a0 + 5] = v3; acc[a0 + 6] = v4; acc[a0 + 7] = v5;
    }

    /// <summary>Half of a pair's energy and virial to each of its atoms (inlined into the per-atom copy of the loop only).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TallyAtoms(double[]? eatom, double[]? vatom, int i, int j, double e,
        double dx, double dy, double dz, double fx, double fy, double fz)
    {
        if (eatom != null)
        {
            double eh = 0.5 * e;
            eatom[i] += eh;
            eatom[j] += eh;
        }
        if (vatom != null)
        {
            double a0 = 0.5 * dx * fx, a1 = 0.5 * dy * fy, a2 = 0.5 * dz * fz;
            double a3 = 0.5 * dx * fy, a4 = 0.5 * dx * fz, a5 = 0.5 * dy * fz;
            int bi = 6 * i, bj = 6 * j;
            vatom[bi] += a0; vatom[bi + 1] += a1; vatom[bi + 2] += a2; vatom[bi + 3] += a3; vatom[bi + 4] += a4; vatom[bi + 5] += a5;
            vatom[bj] += a0; vatom[bj + 1] += a1; vatom[bj + 2] += a2; vatom[bj + 3] += a3; vatom[bj + 4] += a4; vatom[bj + 5] += a5;
        }
    }
}
