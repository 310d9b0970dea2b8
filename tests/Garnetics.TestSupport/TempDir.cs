namespace Garnetics.TestSupport;

/// <summary>Scratch folders of the tests: one fresh folder per call under the system temp folder.</summary>
public static class TempDir
{
    /// <summary>A new empty folder <c>TMP/garnetics-tests/NAME-XXXXXXXXXXXX</c>.</summary>
    public static string Create(string name)
    {
        var d = Path.Combine(Path.GetTempPath(), "garnetics-tests", name + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(d);
        return d;
    }

    /// <summary>Delete a scratch folder; a folder that cannot be removed (still in use) is left behind.</summary>
    public static void Delete(string dir)
    {
        try { Directory.Delete(dir, true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Base of a test class that owns a scratch folder for its lifetime (xunit makes one instance per test, so each test
/// gets its own folder, deleted after the test).
/// </summary>
public abstract class TempDirTest(string name) : IDisposable
{
    /// <summary>The scratch folder of this test.</summary>
    protected string Dir { get; } = TempDir.Create(name);

    /// <summary>A path in the scratch folder.</summary>
    protected string P(string file) => Path.Combine(Dir, file);

    /// <summary>Write a file into the scratch folder (line ends as \n) and return its path.</summary>
    protected string WriteFile(string file, string text)
    {
        var p = P(file);
        File.WriteAllText(p, text.Replace("\r\n", "\n"));
        return p;
    }

    public void Dispose()
    {
        TempDir.Delete(Dir);
        GC.SuppressFinalize(this);
    }
}
