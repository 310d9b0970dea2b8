namespace Garnetics.Analysis;

/// <summary>
/// The restart state of the analysis fixes (write_restart / read_restart): a format number, then what the fix writes.
/// A state of another format, or one that ends early, is one clear error naming the fix.
/// </summary>
internal static class RestartState
{
    public static byte[] Write(int format, Action<BinaryWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            w.Write(format);
            write(w);
        }
        return ms.ToArray();
    }

    public static void Read(Fix fix, byte[] state, int format, Action<BinaryReader> read)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(state));
            int found = r.ReadInt32();
            if (found != format)
                throw new GarneticsException($"fix {fix.Id} {fix.StyleName}: restart state has format {found}, this version reads {format}", fix.Location);
            read(r);
        }
        catch (EndOfStreamException)
        {
            throw new GarneticsException($"fix {fix.Id} {fix.StyleName}: the restart state is truncated", fix.Location);
        }
    }
}
