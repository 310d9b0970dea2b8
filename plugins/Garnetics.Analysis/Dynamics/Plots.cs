using Garnetics.Engine.Core;

namespace Garnetics.Analysis.Dynamics;

/// <summary>MSD plot (SVG) of fix msd/fft.</summary>
public static class MsdPlot
{
    public static void Save(string path, MsdResult msd, string timeUnit) =>
        throw new GarneticsException($"cannot write plot '{path}': the SVG writer is not available in this build");
}

/// <summary>Arrhenius plot (SVG) of conductivity summary.</summary>
public static class ArrheniusPlot
{
    public static void Save(string path, ConductivitySummary s) =>
        throw new GarneticsException($"cannot write plot '{path}': the SVG writer is not available in this build");
}
