using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Versioning;
using Garnetics.Engine.Plugins;

namespace Garnetics.Integration.Tests;

public sealed class PluginTests() : TempDirTest("plugin")
{
    /// <summary>plugins/Garnetics.Plugins.Example/bin/CONFIG/net10.0/Garnetics.Plugins.Example.dll, CONFIG as this test's.</summary>
    internal static string ExamplePluginPath() => PluginPath("Garnetics.Plugins.Example");

    /// <summary>plugins/NAME/bin/CONFIG/net10.0/NAME.dll, CONFIG as this test's.</summary>
    internal static string PluginPath(string name)
    {
        var baseDir = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        string config = baseDir.Parent?.Name ?? "Debug"; // .../bin/CONFIG/net10.0/
        var tfm = baseDir.Name;
        var path = Path.Combine(TestPaths.RepoRoot, "plugins", name, "bin", config, tfm, name + ".dll");
        Assert.True(File.Exists(path), $"plugin {name} not built: {path}");
        return path;
    }

    private static void Cmd(Simulation sim, params string[] words) => sim.ExecuteCommand(CommandArgs.Of(words[0], words[1..]));

    [Theory]
    [InlineData(0.7)]
    [InlineData(0.25)]
    public void ExampleSoftPairMatchesFormula(double r)
    {
        var sim = new Simulation { Screen = null };
        Cmd(sim, "plugin", "load", ExamplePluginPath());
        Assert.NotNull(sim.Registry.Find(Engine.Styles.StyleKind.Pair, "example/soft"));

        var b = sim.Box;
        b.XLo = b.YLo = b.ZLo = 0; b.XHi = b.YHi = b.ZHi = 10; b.Defined = true; b.SetGlobal();
        sim.Atoms.SetTypes(1);
        sim.Atoms.Mass[1] = 1; sim.Atoms.MassSet[1] = true;
        // separated along a general direction
        double[] u = [2.0 / 3, 1.0 / 3, 2.0 / 3];
        sim.Atoms.AddLocal(1, 1, 5, 5, 5);
        sim.Atoms.AddLocal(2, 1, 5 + r * u[0], 5 + r * u[1], 5 + r * u[2]);
        sim.RecountAtoms();
        const double a = 2.5, rc = 1.2;
        Cmd(sim, "pair_style", "example/soft", "1.2");
        Cmd(sim, "pair_coeff", "1", "1", "2.5");
        Cmd(sim, "run", "0");

        double rr = Math.Sqrt(Sq(sim.Atoms.X[3] - sim.Atoms.X[0]) + Sq(sim.Atoms.X[4] - sim.Atoms.X[1]) + Sq(sim.Atoms.X[5] - sim.Atoms.X[2]));
        double e = a * (1 + Math.Cos(Math.PI * rr / rc));
        double f = a * Math.PI / rc * Math.Sin(Math.PI * rr / rc); // repulsive magnitude
        Assert.Equal(e, sim.Pair!.EngVdwl, 12);
        for (int d = 0; d < 3; d++)
        {
            Assert.Equal(-f * u[d], sim.Atoms.F[d], 10);     // atom 1 pushed away from atom 2
            Assert.Equal(f * u[d], sim.Atoms.F[3 + d], 10);
        }
        Assert.Contains(PluginLoader.Loaded, p => p.Path == Path.GetFullPath(ExamplePluginPath()));
        var help = sim.Registry.Find(Engine.Styles.StyleKind.Pair, "example/soft")!.Attribute;
        Assert.False(string.IsNullOrEmpty(help.Help));
        Assert.False(string.IsNullOrEmpty(help.Syntax));
    }

    private static double Sq(double x) => x * x;

    [Fact]
    public void MissingFileIsAClearError()
    {
        var sim = new Simulation { Screen = null };
        var missing = Path.Combine(Dir, "NoSuchPlugin.dll");
        var e = Assert.Throws<GarneticsException>(() => Cmd(sim, "plugin", "load", missing));
        Assert.Contains("not found", e.Message);
        Assert.Contains(missing, e.Message);
    }

    [Fact]
    public void GarbageFileIsNotAnAssembly()
    {
        var sim = new Simulation { Screen = null };
        var junk = Path.Combine(Dir, "Junk.dll");
        var bytes = new byte[4096];
        new Random(5).NextBytes(bytes);
        File.WriteAllBytes(junk, bytes);
        var e = Assert.Throws<GarneticsException>(() => Cmd(sim, "plugin", "load", junk));
        Assert.Contains("is not a .NET assembly", e.Message);
        File.WriteAllText(junk, "MZ but not really");
        e = Assert.Throws<GarneticsException>(() => Cmd(sim, "plugin", "load", junk));
        Assert.Contains("is not a .NET assembly", e.Message);
    }

    [Fact]
    public void NetFrameworkAssemblyIsRejected()
    {
        var path = Path.Combine(Dir, "OldPlugin.dll");
        var ab = new PersistedAssemblyBuilder(new AssemblyName("OldPlugin"), typeof(object).Assembly);
        ab.SetCustomAttribute(new CustomAttributeBuilder(typeof(TargetFrameworkAttribute).GetConstructor([typeof(string)])!,
            [".NETFramework,Version=v4.8"]));
        var mb = ab.DefineDynamicModule("OldPlugin");
        mb.DefineType("OldPlugin.Foo", TypeAttributes.Public | TypeAttributes.Class).CreateType();
        ab.Save(path);
        var sim = new Simulation { Screen = null };
        var e = Assert.Throws<GarneticsException>(() => Cmd(sim, "plugin", "load", path));
        Assert.Contains(".NET Framework", e.Message);
    }

    [Fact]
    public void DuplicateStyleNamesBothAssemblies()
    {
        var sim = new Simulation { Screen = null };
        var original = ExamplePluginPath();
        Cmd(sim, "plugin", "load", original); // idempotent if another test loaded it already
        var copy = Path.Combine(Dir, "Garnetics.Plugins.ExampleCopy.dll");
        File.Copy(original, copy);
        var e = Assert.Throws<GarneticsException>(() => Cmd(sim, "plugin", "load", copy));
        Assert.Contains("duplicate pair style 'example/soft'", e.Message);
        Assert.Contains(Path.GetFullPath(original), e.Message);
        Assert.Contains(copy, e.Message);
    }

    [Fact]
    public void ListAndDefaultFolders()
    {
        var sim = new Simulation();
        var sw = new StringWriter();
        sim.Screen = sw;
        Cmd(sim, "plugin", "load", ExamplePluginPath());
        Cmd(sim, "plugin", "list");
        Assert.Contains("pair style example/soft", sw.ToString());

        // a folder from GARNETICS_PLUGIN_PATH: loading the same file again is harmless
        var folder = Path.Combine(Dir, "plugdir");
        Directory.CreateDirectory(folder);
        var old = Environment.GetEnvironmentVariable(PluginLoader.PathVariable);
        try
        {
            Environment.SetEnvironmentVariable(PluginLoader.PathVariable, folder + Path.PathSeparator + Path.Combine(Dir, "missing"));
            Assert.Contains(folder, PluginLoader.DefaultFolders());
            Assert.Empty(PluginLoader.LoadDefaultFolders(sim.Registry));
            File.WriteAllBytes(Path.Combine(folder, "Bad.dll"), [1, 2, 3]);
            var e = Assert.Throws<GarneticsException>(() => PluginLoader.LoadDefaultFolders(sim.Registry));
            Assert.Contains("Bad.dll", e.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PluginLoader.PathVariable, old);
        }
    }
}
