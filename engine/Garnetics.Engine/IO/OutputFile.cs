using System.Text;

namespace Garnetics.Engine.IO;

/// <summary>
/// A text output file (the log, a dump) that survives a failing disk: the first failing write, flush or close becomes
/// one <see cref="GarneticsException"/> naming the file and the reason ("No space left on device"); after that the
/// writer is closed and later writes and the final close do nothing, so the error is reported once, cleanly, and
/// nothing throws again while the program shuts down. What was written before the failure stays in the file.
/// </summary>
public sealed class OutputFile : TextWriter
{
    private StreamWriter? _inner;

    /// <summary>The path as the deck gave it.</summary>
    public string Path { get; }
    /// <summary>What the file is, for messages ("log file", "dump 1 file").</summary>
    public string What { get; }
    /// <summary>Whether a write failed (the file is then closed and further writes are dropped).</summary>
    public bool Failed { get; private set; }

    private OutputFile(StreamWriter inner, string path, string what)
    {
        _inner = inner;
        Path = path;
        What = what;
    }

    public override Encoding Encoding => _inner?.Encoding ?? new UTF8Encoding(false);

    /// <summary>
    /// Open (create, or append to) a file. A folder, a missing folder, a protected location or another open failure
    /// is one error naming the path and the reason.
    /// </summary>
    public static OutputFile Open(string path, bool append, string what, SourceLocation? at = null, int bufferSize = 1 << 16)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new GarneticsException($"no {what} name given", at);
        string full = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new GarneticsException($"cannot open {what} '{path}': it is a directory", at, path);
        string? dir = System.IO.Path.GetDirectoryName(full);
        if (dir != null && !Directory.Exists(dir))
            throw new GarneticsException($"cannot open {what} '{path}': folder '{dir}' does not exist", at, path);
        try
        {
            var fs = new FileStream(full, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize);
            return new OutputFile(new StreamWriter(fs, new UTF8Encoding(false), bufferSize) { NewLine = "\n" }, path, what);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new GarneticsException($"cannot open {what} '{path}': {Reason(e, full, path)}", at, path, e);
        }
    }

    /// <summary>
    /// The reason of an I/O failure in words, naming <paramref name="shown"/> where the system message names
    /// <paramref name="actual"/> (e.g. a temporary file next to the target).
    /// </summary>
    public static string Reason(Exception e, string? actual = null, string? shown = null)
    {
        if (e is UnauthorizedAccessException) return "permission denied";
        string m = e.Message;
        if (actual != null && shown != null) m = m.Replace(actual, shown);
        return m;
    }

    private void Do(Action<StreamWriter> op)
    {
        if (Failed || _inner == null) return;
        try { op(_inner); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            Fail();
            throw new GarneticsException($"cannot write {What} '{Path}': {Reason(e)}", inner: e);
        }
    }

    /// <summary>Mark the file failed and release it without flushing again (a second error would only repeat the first).</summary>
    private void Fail()
    {
        Failed = true;
        var w = _inner;
        _inner = null;
        if (w == null) return;
        // the stream's own buffer may fail to flush again on disposal: that failure is the one already reported
        try { w.BaseStream.Dispose(); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    public override void Write(char value) => Do(w => w.Write(value));
    public override void Write(string? value) => Do(w => w.Write(value));
    public override void Write(char[] buffer, int index, int count) => Do(w => w.Write(buffer, index, count));
    public override void WriteLine(string? value) => Do(w => w.WriteLine(value));
    public override void Flush() => Do(w => w.Flush());

    /// <summary>Flush and close; a failure here is the first and only error (nothing happens when a write already failed).</summary>
    public void Close(bool throwOnError)
    {
        if (Failed || _inner == null) { _inner = null; return; }
        try { Do(w => w.Flush()); }
        catch (GarneticsException) when (!throwOnError) { return; }
        var inner = _inner;
        _inner = null;
        try { inner?.Dispose(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Failed = true;
            if (throwOnError) throw new GarneticsException($"cannot write {What} '{Path}': {Reason(e)}", inner: e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        // Dispose never throws: shutting down after an error must not fail again (Close(true) reports a last failure)
        if (disposing) Close(throwOnError: false);
        base.Dispose(disposing);
    }
}
