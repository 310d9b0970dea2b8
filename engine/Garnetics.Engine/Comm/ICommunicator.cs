namespace Garnetics.Engine.Comm;

/// <summary>
/// Communication between ranks and the construction of ghost atoms. The serial implementation makes periodic images;
/// an MPI implementation will migrate atoms between sub-domains and exchange ghost layers with neighbours.
/// </summary>
public interface ICommunicator
{
    int Rank { get; }
    int Size { get; }

    double SumAll(double v);
    long SumAll(long v);
    void SumAll(Span<double> v);
    double MaxAll(double v);
    double MinAll(double v);

    /// <summary>Move atoms that left this rank's sub-domain to their new owner (serial: nothing to do).</summary>
    void Exchange(Atoms atoms, Box box);

    /// <summary>Create ghost atoms: every image of an owned atom within <paramref name="cutGhost"/> of this rank's sub-domain.</summary>
    void Borders(Atoms atoms, Box box, double cutGhost);

    /// <summary>Refresh ghost positions from their owners (with the current box for periodic shifts).</summary>
    void ForwardComm(Atoms atoms, Box box);

    /// <summary>Add ghost forces back onto their owners.</summary>
    void ReverseComm(Atoms atoms);

    /// <summary>Add an arbitrary per-atom array's ghost values onto their owners.</summary>
    void ReverseComm(double[] data, int stride);
}
