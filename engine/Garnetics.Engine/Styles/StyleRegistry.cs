using System.Reflection;

namespace Garnetics.Engine.Styles;

/// <summary>An entry of the registry: the class implementing a keyword and where it came from.</summary>
public sealed record StyleEntry(StyleKind Kind, string Name, Type Type, StyleAttribute Attribute)
{
    public string AssemblyName => Type.Assembly.GetName().Name ?? "?";
    public object Create() => Activator.CreateInstance(Type)
        ?? throw new GarneticsException($"cannot instantiate {Type.FullName}");
}

/// <summary>
/// Maps (kind, keyword) to implementing classes found by attribute in loaded assemblies. Thread-safe for reads
/// after registration. A second class registering the same (kind, name) from another assembly is an error.
/// </summary>
public sealed class StyleRegistry
{
    private readonly Dictionary<(StyleKind, string), StyleEntry> _entries = new();
    private readonly HashSet<Assembly> _scanned = [];

    public static StyleRegistry Default { get; } = CreateDefault();

    private static StyleRegistry CreateDefault()
    {
        var r = new StyleRegistry();
        r.Register(typeof(StyleRegistry).Assembly);
        // Assemblies already loaded that reference the engine (potentials, analysis, tests) are scanned too.
        foreach (var a in AppDomain.CurrentDomain.GetAssemblies()) r.TryRegisterReferencing(a);
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => r.TryRegisterReferencing(e.LoadedAssembly);
        return r;
    }

    private void TryRegisterReferencing(Assembly a)
    {
        if (a.IsDynamic) return;
        var engine = typeof(StyleRegistry).Assembly.GetName().Name;
        if (a == typeof(StyleRegistry).Assembly || a.GetReferencedAssemblies().Any(n => n.Name == engine))
        {
            try { Register(a); }
            catch (GarneticsException) { /* duplicate in an incidental assembly: reported on explicit load */ }
        }
    }

    /// <summary>Scan an assembly for style attributes. Returns the entries it added.</summary>
    public IReadOnlyList<StyleEntry> Register(Assembly assembly)
    {
        lock (_entries)
        {
            if (!_scanned.Add(assembly)) return [];
            Type[] types;
            try { types = assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e)
            {
                _scanned.Remove(assembly);
                throw new GarneticsException(
                    $"assembly {Describe(assembly)} could not be loaded: {e.LoaderExceptions.FirstOrDefault()?.Message}");
            }
            var found = new List<StyleEntry>();
            foreach (var t in types)
            {
                if (t.IsAbstract) continue;
                foreach (var attr in t.GetCustomAttributes<StyleAttribute>(false))
                {
                    var key = (attr.Kind, attr.Name);
                    StyleEntry? prev = _entries.TryGetValue(key, out var existing) && existing.Type != t
                        ? existing
                        : found.FirstOrDefault(f => f.Kind == attr.Kind && f.Name == attr.Name && f.Type != t);
                    if (prev != null)
                    {
                        // not marked as scanned: an explicit load reports the error again instead of silently doing nothing
                        _scanned.Remove(assembly);
                        throw new GarneticsException(
                            $"duplicate {KindWord(attr.Kind)} '{attr.Name}': defined by {prev.Type.FullName} in {Describe(prev.Type.Assembly)} " +
                            $"and by {t.FullName} in {Describe(assembly)}");
                    }
                    found.Add(new StyleEntry(attr.Kind, attr.Name, t, attr));
                }
            }
            foreach (var e in found) _entries[(e.Kind, e.Name)] = e;
            return found;
        }
    }

    /// <summary>"Name (path)" of an assembly for messages.</summary>
    public static string Describe(Assembly a)
    {
        string name = a.GetName().Name ?? "?";
        string loc = a.IsDynamic ? "" : a.Location;
        return loc.Length > 0 ? $"'{name}' ({loc})" : $"'{name}'";
    }

    public StyleEntry? Find(StyleKind kind, string name)
    {
        lock (_entries) return _entries.GetValueOrDefault((kind, name));
    }

    public IReadOnlyList<StyleEntry> All()
    {
        lock (_entries) return _entries.Values.OrderBy(e => e.Kind).ThenBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    public IEnumerable<string> Names(StyleKind kind) => All().Where(e => e.Kind == kind).Select(e => e.Name);

    public static string KindWord(StyleKind k) => k switch
    {
        StyleKind.Command => "command",
        StyleKind.Pair => "pair style",
        StyleKind.Fix => "fix style",
        StyleKind.Compute => "compute style",
        StyleKind.Dump => "dump style",
        StyleKind.MinStyle => "min style",
        StyleKind.KSpace => "kspace style",
        _ => k.ToString(),
    };

    /// <summary>Create a style instance or throw a clear "unknown style" error listing what exists.</summary>
    public T Create<T>(StyleKind kind, string name, CommandArgs args, int wordIndex) where T : class
    {
        var e = Find(kind, name);
        if (e == null)
        {
            var known = string.Join(" ", Names(kind));
            throw args.Error(wordIndex, $"unknown {KindWord(kind)} '{name}' (known: {known})");
        }
        return e.Create() as T ?? throw args.Error(wordIndex, $"{e.Type.FullName} does not implement {typeof(T).Name}");
    }
}
