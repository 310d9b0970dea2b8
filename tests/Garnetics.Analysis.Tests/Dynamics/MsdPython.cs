namespace Garnetics.Analysis.Tests.Dynamics;

/// <summary>The start of the numpy reference scripts of the MSD tests.</summary>
internal static class MsdPython
{
    /// <summary>
    /// json and numpy imported, warnings off, and wmsd(Y): the windowed MSD over all time origins of the positions
    /// Y (frames first, Cartesian components last), summed over the components and averaged over origins and the axes
    /// between, for every lag (0 at lag 0).
    /// </summary>
    public const string Preamble = """
import json, numpy as np, warnings
warnings.simplefilter('ignore')
def wmsd(Y):
    res = np.zeros(Y.shape[0])
    for lag in range(1, Y.shape[0]):
        d = Y[lag:] - Y[:-lag]
        res[lag] = np.mean(np.sum(d * d, axis=-1))
    return res

""";
}
