using System.Diagnostics;

namespace Garnetics.Engine;

/// <summary>Neighbour-list state at a restart point: positions and box of the last build and the build counters.</summary>
public sealed record RestartNeighborState(double[] XHold, Box BuildBox, double CutNeigh, long LastBuildStep, int Ago)
{
    /// <summary>Whether the stored state still applies (same atom count and neighbour cut-off as now).</summary>
    public bool Matches(Simulation sim) =>
        XHold.Length == 3 * sim.Atoms.NLocal && sim.Neighbor.CutNeigh == CutNeigh;
}

/// <summary>Fixes that need the virial tallied on every step (barostats).</summary>
public interface IVirialConsumer { bool NeedsVirial { get; } }

public enum TimerKind { Pair, Neigh, Comm, Modify, Output, KSpace, Other }

/// <summary>Wall-clock split of a run (LAMMPS's timing breakdown).</summary>
public sealed class Timers
{
    public readonly double[] Seconds = new double[7];
    public long Start() => Stopwatch.GetTimestamp();
    public void Stop(long t0, TimerKind k) => Seconds[(int)k] += Stopwatch.GetElapsedTime(t0).TotalSeconds;
    public void Reset() => Array.Clear(Seconds);
}
