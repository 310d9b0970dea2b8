namespace Garnetics.Engine.IO;

/// <summary>
/// Writes a file atomically: the content goes to a temporary file in the target's folder, which is then renamed over
/// the target. An exception while writing leaves any existing target untouched and removes the temporary file.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<TextWriter> write)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new GarneticsException("no output file name given");
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(dir))
            throw new GarneticsException($"cannot write '{path}': folder '{dir}' does not exist");
        if (Directory.Exists(full))
            throw new GarneticsException($"cannot write '{path}': it is a directory");
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            using (var w = new StreamWriter(fs, new System.Text.UTF8Encoding(false)))
            {
                w.NewLine = "\n";
                write(w);
                w.Flush();
                fs.Flush(true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { if (File.Exists(tmp)) File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            // the reason names the target, not the temporary file next to it
            if (e is IOException or UnauthorizedAccessException)
                throw new GarneticsException($"cannot write '{path}': {OutputFile.Reason(e, tmp, full)}", inner: e);
            throw;
        }
    }
}
