using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Garnetics.Engine.Styles;

namespace Garnetics.Potentials.Classical;

/// <summary>
/// Shared helpers of the classical pairwise styles: per-type-pair coefficient records in one flat array (one cache
/// line per type pair instead of one load per table) and unchecked element access for the kernels.
/// </summary>
public abstract class ClassicalPair : TypePairStyle
{
    /// <summary>A flat (NTypes+1)^2 symmetric table of records filled by f(i, j) for the type pairs that interact.</summary>
    protected T[] RecordTable<T>(Func<int, int, T> f) where T : struct
    {
        var t = new T[Stride * Stride];
        for (int i = 1; i <= NTypes; i++)
        for (int j = i; j <= NTypes; j++)
        {
            if (CutIJ[i, j] <= 0) continue;
            t[i * Stride + j] = t[j * Stride + i] = f(i, j);
        }
        return t;
    }

    /// <summary>Types that take part in at least one interacting pair (self terms of coul/dsf and coul/wolf).</summary>
    protected bool[] ActiveTypes()
    {
        var a = new bool[NTypes + 1];
        for (int i = 1; i <= NTypes; i++)
            for (int j = 1; j <= NTypes; j++)
                if (CutIJ[Math.Min(i, j), Math.Max(i, j)] > 0) a[i] = true;
        return a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ref T At<T>(T[] a, int i) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(a), i);
}
