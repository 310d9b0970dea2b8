using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace Garnetics.Engine.Plugins;

/// <summary>A plugin assembly that was loaded, and the styles it added.</summary>
public sealed record LoadedPlugin(string Path, Assembly Assembly, IReadOnlyList<StyleEntry> Styles);

/// <summary>
/// Loads style plugins: .NET assemblies whose classes carry the style attributes ([PairStyle], [FixStyle], [Command], ...).
/// Each plugin gets its own <see cref="AssemblyLoadContext"/> that resolves Garnetics host assemblies (and anything else the
/// host has already loaded) to the host's copies, so that the plugin's PairStyle is the engine's PairStyle; other
/// dependencies are looked up next to the plugin file. The assembly is then scanned into a <see cref="StyleRegistry"/>.
/// </summary>
public static class PluginLoader
{
    /// <summary>Environment variable with extra plugin folders (separated by ':' on Unix, ';' on Windows).</summary>
    public const string PathVariable = "GARNETICS_PLUGIN_PATH";

    private static readonly object Lock = new();
    private static readonly Dictionary<string, Assembly> ByPath = new(StringComparer.Ordinal);
    private static readonly List<LoadedPlugin> LoadedList = [];

    /// <summary>Plugins loaded so far (this process), in load order.</summary>
    public static IReadOnlyList<LoadedPlugin> Loaded
    {
        get { lock (Lock) return LoadedList.ToList(); }
    }

    /// <summary>The default plugin folders: AppContext.BaseDirectory/plugins, then the folders in GARNETICS_PLUGIN_PATH.</summary>
    public static IReadOnlyList<string> DefaultFolders()
    {
        var list = new List<string> { Path.Combine(AppContext.BaseDirectory, "plugins") };
        var env = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(env))
            list.AddRange(env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return list;
    }

    /// <summary>
    /// Load every *.dll in the default plugin folders (missing folders are skipped; copies of host assemblies are ignored).
    /// A file that fails to load is a <see cref="GarneticsException"/> naming it. Called by the CLI at start-up.
    /// </summary>
    public static IReadOnlyList<LoadedPlugin> LoadDefaultFolders(StyleRegistry registry)
    {
        var result = new List<LoadedPlugin>();
        foreach (var folder in DefaultFolders()) result.AddRange(LoadFolder(registry, folder));
        return result;
    }

    /// <summary>Load every *.dll of one folder (sorted by name). Missing folder: nothing.</summary>
    public static IReadOnlyList<LoadedPlugin> LoadFolder(StyleRegistry registry, string folder)
    {
        var result = new List<LoadedPlugin>();
        if (!Directory.Exists(folder)) return result;
        foreach (var file in Directory.GetFiles(folder, "*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            var info = Inspect(file);
            if (IsHostAssemblyName(info.Name)) continue; // a copy of an engine assembly next to plugins
            result.Add(Load(registry, file));
        }
        return result;
    }

    /// <summary>Load one plugin assembly and register its styles. Loading the same file again registers it again (no-op).</summary>
    public static LoadedPlugin Load(StyleRegistry registry, string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new GarneticsException("plugin load: no file name given");
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new GarneticsException(Directory.Exists(full)
                ? $"plugin load: '{path}' is a folder, not a plugin assembly (.dll)"
                : $"plugin load: plugin file '{path}' not found");
        lock (Lock)
        {
            if (!ByPath.TryGetValue(full, out var asm))
            {
                var info = Inspect(full);
                if (IsHostAssemblyName(info.Name))
                    throw new GarneticsException($"plugin load: '{path}' is a copy of the host assembly '{info.Name}', not a plugin");
                CheckFramework(path, info.TargetFramework);
                var ctx = new PluginLoadContext(full);
                try
                {
                    asm = ctx.LoadFromAssemblyPath(full);
                }
                catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException)
                {
                    throw new GarneticsException($"plugin load: cannot load '{path}': {e.Message}", inner: e);
                }
                ByPath[full] = asm;
            }
            try
            {
                registry.Register(asm);
            }
            catch (GarneticsException e)
            {
                throw new GarneticsException($"plugin load: cannot register the styles of '{path}': {e.Message}", inner: e);
            }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                throw new GarneticsException($"plugin load: the types of '{path}' could not be loaded: {e.Message}", inner: e);
            }
            var styles = registry.All().Where(s => s.Type.Assembly == asm).ToList();
            var plugin = new LoadedPlugin(full, asm, styles);
            int idx = LoadedList.FindIndex(p => p.Path == full);
            if (idx >= 0) LoadedList[idx] = plugin;
            else LoadedList.Add(plugin);
            return plugin;
        }
    }

    private sealed record AssemblyInfo(string Name, string? TargetFramework);

    /// <summary>Read the assembly name and target framework from the file's metadata without loading it.</summary>
    private static AssemblyInfo Inspect(string path)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var pe = new PEReader(fs);
            if (!pe.HasMetadata) throw NotAssembly(path, "it has no .NET metadata (a native library?)");
            var md = pe.GetMetadataReader();
            if (!md.IsAssembly) throw NotAssembly(path, "it is a .NET module without an assembly manifest");
            string name = md.GetString(md.GetAssemblyDefinition().Name);
            return new AssemblyInfo(name, TargetFramework(md));
        }
        catch (BadImageFormatException e)
        {
            throw NotAssembly(path, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new GarneticsException($"plugin load: cannot read '{path}': {e.Message}");
        }
    }

    private static GarneticsException NotAssembly(string path, string why) =>
        new($"plugin load: '{path}' is not a .NET assembly: {why}");

    /// <summary>The [assembly: TargetFramework("...")] value, if present.</summary>
    private static string? TargetFramework(MetadataReader md)
    {
        foreach (var h in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attr = md.GetCustomAttribute(h);
            string? typeName = null;
            if (attr.Constructor.Kind == HandleKind.MemberReference)
            {
                var mr = md.GetMemberReference((MemberReferenceHandle)attr.Constructor);
                if (mr.Parent.Kind == HandleKind.TypeReference)
                    typeName = md.GetString(md.GetTypeReference((TypeReferenceHandle)mr.Parent).Name);
            }
            if (typeName != "TargetFrameworkAttribute") continue;
            var blob = md.GetBlobReader(attr.Value);
            if (blob.Length < 3 || blob.ReadUInt16() != 1) return null;
            return blob.ReadSerializedString();
        }
        return null;
    }

    private static void CheckFramework(string path, string? tfm)
    {
        if (tfm == null) return;
        if (tfm.StartsWith(".NETFramework", StringComparison.Ordinal))
            throw new GarneticsException(
                $"plugin load: '{path}' is built for {tfm} (.NET Framework); plugins must target .NET {Environment.Version.Major} (net{Environment.Version.Major}.0)");
        const string core = ".NETCoreApp,Version=v";
        if (tfm.StartsWith(core, StringComparison.Ordinal)
            && Version.TryParse(tfm[core.Length..], out var v) && v.Major > Environment.Version.Major)
            throw new GarneticsException(
                $"plugin load: '{path}' is built for .NET {v} but this Garnetics runs on .NET {Environment.Version.Major}; rebuild the plugin for net{Environment.Version.Major}.0");
    }

    private static bool IsHostAssemblyName(string name) =>
        AssemblyLoadContext.Default.Assemblies.Any(a => a.GetName().Name == name)
        && (name.StartsWith("Garnetics.", StringComparison.Ordinal) || name == "garnetics");

    /// <summary>
    /// Load context of one plugin: host assemblies resolve to the default context (one copy of the engine's types), the
    /// plugin's own dependencies are loaded from its folder.
    /// </summary>
    private sealed class PluginLoadContext(string mainPath)
        : AssemblyLoadContext("garnetics-plugin:" + System.IO.Path.GetFileName(mainPath), isCollectible: false)
    {
        private readonly string _dir = System.IO.Path.GetDirectoryName(mainPath) ?? ".";

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == null) return null;
            // anything the host already has (Garnetics.Engine, potentials, shared libraries) is shared
            foreach (var a in Default.Assemblies)
                if (a.GetName().Name == name.Name) return a;
            if (name.Name.StartsWith("Garnetics.", StringComparison.Ordinal))
            {
                try { return Default.LoadFromAssemblyName(name); }
                catch (FileNotFoundException) { /* not a host assembly: maybe next to the plugin */ }
            }
            var local = System.IO.Path.Combine(_dir, name.Name + ".dll");
            return File.Exists(local) ? LoadFromAssemblyPath(local) : null;
        }
    }
}

[Command("plugin", Syntax = "plugin load FILE.dll | plugin list",
    Help = """
        load: load a .NET plugin assembly and register the styles it defines (classes marked [PairStyle], [FixStyle],
        [ComputeStyle], [DumpStyle], [Command]); the plugin uses the running engine's own Garnetics.Engine. Errors for a
        missing file, a file that is not a .NET assembly, one built for an incompatible framework or whose types fail to
        load, and a style name that is already defined (naming both assemblies). list: print the loaded plugins and
        their styles. Plugins in the 'plugins' folder next to the executable and in the folders of GARNETICS_PLUGIN_PATH
        are loaded at start-up.
        """)]
public sealed class PluginCommand : ICommand
{
    public void Execute(Simulation sim, CommandArgs args)
    {
        args.Require(1, -1, "load FILE.dll | list");
        switch (args[0])
        {
            case "load":
            {
                args.Require(2, -1, "load FILE.dll ...");
                for (int i = 1; i < args.Count; i++)
                {
                    LoadedPlugin p;
                    try { p = PluginLoader.Load(sim.Registry, args[i]); }
                    catch (GarneticsException e) { throw args.Error(i, e.Message); }
                    sim.Print(p.Styles.Count == 0
                        ? $"WARNING: plugin {System.IO.Path.GetFileName(p.Path)} defines no styles"
                        : $"Loaded plugin {System.IO.Path.GetFileName(p.Path)}: {Describe(p)}");
                }
                break;
            }
            case "list":
            {
                args.Require(1, 1, "list");
                var list = PluginLoader.Loaded;
                if (list.Count == 0) sim.Print("No plugins loaded");
                foreach (var p in list) sim.Print($"{p.Path}: {Describe(p)}");
                break;
            }
            default:
                throw args.Error(0, $"unknown plugin subcommand '{args[0]}' (expected load or list)");
        }
    }

    private static string Describe(LoadedPlugin p) =>
        p.Styles.Count == 0 ? "(no styles)" : string.Join(", ", p.Styles.Select(s => $"{StyleRegistry.KindWord(s.Kind)} {s.Name}"));
}
