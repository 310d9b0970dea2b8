namespace Garnetics.Engine.Core;

/// <summary>A geometric region (region command) that can test whether a point lies inside it.</summary>
public interface IRegion
{
    string Id { get; }
    bool Contains(double x, double y, double z);
}

public static class RegionLookup
{
    public const string Prefix = "region:";

    public static IRegion Find(Simulation sim, string id, CommandArgs args, int i) =>
        sim.Objects.TryGetValue(Prefix + id, out var r) && r is IRegion reg
            ? reg
            : throw args.Error(i, $"region ID '{id}' does not exist");
}
