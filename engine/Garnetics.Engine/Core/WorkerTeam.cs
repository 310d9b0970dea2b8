namespace Garnetics.Engine.Core;

/// <summary>
/// A fixed team of persistent worker threads for the per-step hot loops (pair forces, neighbour builds), like an
/// OpenMP parallel region: <see cref="Run"/> executes body(0) on the calling thread and body(1..n-1) on workers that
/// spin briefly and then sleep between jobs. Unlike Parallel.For, every part is guaranteed its own thread, so a
/// two-way split really runs on two cores. Not re-entrant: one job at a time per team.
/// </summary>
public sealed class WorkerTeam
{
    private static readonly object CacheLock = new();
    private static WorkerTeam? _shared;

    /// <summary>A process-wide team with at least <paramref name="threads"/> threads (grows on demand).</summary>
    public static WorkerTeam Shared(int threads)
    {
        lock (CacheLock)
        {
            if (_shared == null || _shared.Size < threads) _shared = new WorkerTeam(Math.Max(threads, _shared?.Size ?? 1));
            return _shared;
        }
    }

    public int Size { get; }

    private readonly object _runLock = new();
    private readonly ManualResetEventSlim[] _go;
    private Action<int>? _body;
    private int _parts;
    private int _pending;
    private long _generation;
    private Exception? _error;

    private WorkerTeam(int size)
    {
        Size = size;
        _go = new ManualResetEventSlim[size];
        for (int t = 1; t < size; t++)
        {
            _go[t] = new ManualResetEventSlim(false, spinCount: 1);
            int id = t;
            var th = new Thread(() => WorkerLoop(id)) { IsBackground = true, Name = $"garnetics-worker-{id}" };
            th.Start();
        }
    }

    /// <summary>Run body(p) for p in [0, parts), part 0 on the calling thread; returns when all are done.</summary>
    public void Run(int parts, Action<int> body)
    {
        if (parts <= 1) { body(0); return; }
        if (parts > Size) throw new ArgumentOutOfRangeException(nameof(parts), $"team has {Size} threads, {parts} parts requested");
        lock (_runLock)
        {
            _body = body;
            _parts = parts;
            _error = null;
            Volatile.Write(ref _pending, parts - 1);
            Interlocked.Increment(ref _generation);
            for (int t = 1; t < parts; t++) _go[t].Set();
            try { body(0); }
            catch (Exception e) { _error ??= e; }
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) > 0) spin.SpinOnce(sleep1Threshold: -1);
            _body = null;
            if (_error != null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_error).Throw();
        }
    }

    /// <summary>SpinWait iterations before a worker blocks (after the first few each one yields the core, so an idle
    /// worker costs nothing when other threads need the CPU); long enough to bridge the serial work between two force
    /// evaluations, so back-to-back jobs rarely pay a kernel wake-up.</summary>
    private const int SpinLimit = 2000;

    private void WorkerLoop(int id)
    {
        var go = _go[id];
        long seen = 0;
        while (true)
        {
            // spin, yielding the core to other runnable threads (an oversubscribed machine), then block
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen)
            {
                if (spin.Count < SpinLimit) spin.SpinOnce(sleep1Threshold: -1);
                else
                {
                    go.Wait();
                    go.Reset();
                }
            }
            seen = Volatile.Read(ref _generation);
            var body = _body;
            try
            {
                if (body != null && id < _parts) body(id);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            Interlocked.Decrement(ref _pending);
        }
    }
}
