using System.Runtime.InteropServices;

namespace Garnetics.Interop;

/// <summary>
/// Thin binding to the system FFTW 3 (double precision: libfftw3.so.3, optionally libfftw3_threads.so.3), resolved at
/// run time with <see cref="NativeLibrary"/> and unmanaged function pointers, so a missing library never throws at type
/// load: <see cref="IsAvailable"/> is then false and nothing else may be called. Only FFTW's documented C API is used
/// (fftw_malloc, fftw_free, fftw_plan_dft_3d, fftw_execute_dft, fftw_destroy_plan, fftw_init_threads,
/// fftw_plan_with_nthreads). The planner is not thread-safe: every planner call is made under <see cref="PlannerLock"/>.
/// </summary>
public static unsafe class Fftw
{
    public const int Forward = -1;  // FFTW_FORWARD: exp(-i ...)
    public const int Backward = 1;  // FFTW_BACKWARD: exp(+i ...)
    public const uint Measure = 0;          // FFTW_MEASURE
    public const uint Estimate = 1u << 6;   // FFTW_ESTIMATE

    /// <summary>Name of the library that was loaded.</summary>
    public const string LibraryName = "libfftw3.so.3";
    public const string ThreadsLibraryName = "libfftw3_threads.so.3";

    internal static readonly object PlannerLock = new();

    private static readonly bool s_available;
    private static readonly bool s_threads;
    private static readonly string s_error = "";

    internal static readonly delegate* unmanaged<nint, nint> Malloc;
    internal static readonly delegate* unmanaged<nint, void> Free;
    internal static readonly delegate* unmanaged<int, int, int, nint, nint, int, uint, nint> PlanDft3D;
    internal static readonly delegate* unmanaged<nint, nint, nint, void> ExecuteDft;
    internal static readonly delegate* unmanaged<nint, void> DestroyPlan;
    private static readonly delegate* unmanaged<int> s_initThreads;
    private static readonly delegate* unmanaged<int, void> s_planWithNThreads;

    static Fftw()
    {
        try
        {
            if (!NativeLibrary.TryLoad(LibraryName, out var lib)) { s_error = $"{LibraryName} could not be loaded"; return; }
            if (!NativeLibrary.TryGetExport(lib, "fftw_malloc", out var m) ||
                !NativeLibrary.TryGetExport(lib, "fftw_free", out var f) ||
                !NativeLibrary.TryGetExport(lib, "fftw_plan_dft_3d", out var p) ||
                !NativeLibrary.TryGetExport(lib, "fftw_execute_dft", out var e) ||
                !NativeLibrary.TryGetExport(lib, "fftw_destroy_plan", out var d))
            {
                s_error = $"{LibraryName} lacks an expected fftw_* export";
                return;
            }
            Malloc = (delegate* unmanaged<nint, nint>)m;
            Free = (delegate* unmanaged<nint, void>)f;
            PlanDft3D = (delegate* unmanaged<int, int, int, nint, nint, int, uint, nint>)p;
            ExecuteDft = (delegate* unmanaged<nint, nint, nint, void>)e;
            DestroyPlan = (delegate* unmanaged<nint, void>)d;
            s_available = true;

            // threads: fftw_init_threads / fftw_plan_with_nthreads live in libfftw3_threads (which links libfftw3)
            if (NativeLibrary.TryLoad(ThreadsLibraryName, out var tl) &&
                NativeLibrary.TryGetExport(tl, "fftw_init_threads", out var it) &&
                NativeLibrary.TryGetExport(tl, "fftw_plan_with_nthreads", out var pn))
            {
                s_initThreads = (delegate* unmanaged<int>)it;
                s_planWithNThreads = (delegate* unmanaged<int, void>)pn;
                s_threads = s_initThreads() != 0;
            }
        }
        catch (Exception ex)
        {
            s_available = false;
            s_error = ex.Message;
        }
    }

    /// <summary>True when libfftw3.so.3 was loaded and exports the functions used here.</summary>
    public static bool IsAvailable => s_available;

    /// <summary>True when libfftw3_threads.so.3 was loaded and fftw_init_threads succeeded.</summary>
    public static bool ThreadsAvailable => s_threads;

    /// <summary>Why FFTW is not available ("" when it is).</summary>
    public static string LoadError => s_error;

    /// <summary>Set the thread count for plans created afterwards (caller holds the planner lock).</summary>
    internal static int SetPlannerThreads(int threads)
    {
        if (!s_threads) return 1;
        int n = Math.Max(1, threads);
        s_planWithNThreads(n);
        return n;
    }

    internal static void EnsureAvailable()
    {
        if (!s_available) throw new InvalidOperationException($"FFTW is not available: {s_error}");
    }
}

/// <summary>
/// An FFTW plan for an in-place complex-to-complex 3D transform of nz*ny*nx interleaved (re, im) doubles, x fastest
/// (FFTW row-major n0 = nz, n1 = ny, n2 = nx), one direction (<see cref="Fftw.Forward"/> -1 or
/// <see cref="Fftw.Backward"/> +1), unnormalised. Planned on a scratch fftw_malloc'ed buffer (FFTW_MEASURE by default,
/// which overwrites the buffer it plans on: never the caller's), executed with fftw_execute_dft on the caller's pinned
/// array. fftw_execute_dft requires the new arrays to have the same alignment as the planning arrays, so the plan is made
/// with FFTW_UNALIGNED, which lets it run on any 8-byte-aligned managed array. Execution is thread-safe for distinct arrays.
/// </summary>
public sealed unsafe class FftwPlan3D : IDisposable
{
    private const uint Unaligned = 1u << 1; // FFTW_UNALIGNED

    public int Nx { get; }
    public int Ny { get; }
    public int Nz { get; }
    public int Sign { get; }
    public int Threads { get; }
    private nint _plan;

    public FftwPlan3D(int nx, int ny, int nz, int sign, int threads = 1, bool measure = true)
    {
        Fftw.EnsureAvailable();
        if (nx < 1 || ny < 1 || nz < 1) throw new ArgumentOutOfRangeException(nameof(nx), "FFT dimensions must be >= 1");
        if (sign != Fftw.Forward && sign != Fftw.Backward) throw new ArgumentOutOfRangeException(nameof(sign), "sign must be -1 or +1");
        Nx = nx; Ny = ny; Nz = nz; Sign = sign;
        long bytes = 16L * nx * ny * nz;
        lock (Fftw.PlannerLock)
        {
            Threads = Fftw.SetPlannerThreads(threads);
            nint buf = Fftw.Malloc((nint)bytes);
            if (buf == 0) throw new OutOfMemoryException("fftw_malloc failed");
            try
            {
                new Span<byte>((void*)buf, checked((int)bytes)).Clear();
                _plan = Fftw.PlanDft3D(nz, ny, nx, buf, buf, sign, (measure ? Fftw.Measure : Fftw.Estimate) | Unaligned);
            }
            finally { Fftw.Free(buf); }
        }
        if (_plan == 0) throw new InvalidOperationException($"fftw_plan_dft_3d failed for {nz} x {ny} x {nx}");
    }

    /// <summary>Transform data (2 nx ny nz doubles, interleaved) in place.</summary>
    public void Execute(double[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < 2L * Nx * Ny * Nz) throw new ArgumentException("array shorter than 2 nx ny nz", nameof(data));
        ObjectDisposedException.ThrowIf(_plan == 0, this);
        fixed (double* p = data) Fftw.ExecuteDft(_plan, (nint)p, (nint)p);
        GC.KeepAlive(this);
    }

    public void Dispose()
    {
        nint p = Interlocked.Exchange(ref _plan, 0);
        if (p != 0) lock (Fftw.PlannerLock) Fftw.DestroyPlan(p);
        GC.SuppressFinalize(this);
    }

    ~FftwPlan3D()
    {
        nint p = Interlocked.Exchange(ref _plan, 0);
        if (p != 0) lock (Fftw.PlannerLock) Fftw.DestroyPlan(p);
    }
}
