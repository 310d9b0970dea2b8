namespace Garnetics.TestSupport;

/// <summary>Locates the repository root and the shared reference data from the test binaries.</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(FindRepoRoot);
    private static readonly Lazy<string> Data = new(FindSharedData);

    /// <summary>Folder containing Garnetics.sln (walking up from the test binaries).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>
    /// The shared data folder: ../shared/data relative to the repository root (also found from a git worktree further
    /// down, through every ancestor's shared/data); an override can be given with GARNETICS_SHARED_DATA.
    /// </summary>
    public static string SharedData => Data.Value;

    /// <summary>A file under the shared data folder; fails when it is missing.</summary>
    public static string SharedFile(string relative)
    {
        var p = Path.GetFullPath(Path.Combine(SharedData, relative));
        if (!File.Exists(p)) throw new FileNotFoundException($"shared reference data not found: {p}");
        return p;
    }

    public static string Structures => Path.Combine(SharedData, "structures");

    /// <summary>A structure file of the shared data (structures/NAME).</summary>
    public static string Structure(string name) => Path.Combine(Structures, name);

    /// <summary>A file under the repository root.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([RepoRoot, .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Garnetics.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no folder containing Garnetics.sln above {AppContext.BaseDirectory}");
    }

    private static string FindSharedData()
    {
        if (Environment.GetEnvironmentVariable("GARNETICS_SHARED_DATA") is { Length: > 0 } env && Directory.Exists(env))
            return env;
        string root = RepoRoot;
        // candidates: <root>/../shared/data, <root>/shared/data, then every ancestor's shared/data
        var candidates = new List<string> { Path.Combine(root, "..", "shared", "data"), Path.Combine(root, "shared", "data") };
        for (var dir = Directory.GetParent(root); dir != null; dir = dir.Parent)
            candidates.Add(Path.Combine(dir.FullName, "shared", "data"));
        foreach (var c in candidates)
            if (Directory.Exists(c)) return Path.GetFullPath(c);
        throw new DirectoryNotFoundException($"shared data folder not found; tried: {string.Join(", ", candidates)}");
    }
}
