namespace Garnetics.Integration.Tests;

/// <summary>Every command and style carries its own syntax line and help paragraph (printed by `garnetics help NAME`).</summary>
public class HelpTextTests
{
    [Fact]
    public void EveryRegisteredStyleHasSyntaxAndHelp()
    {
        Garnetics.Cli.Program.LoadBundledStyles();
        var entries = StyleRegistry.Default.All()
            .Where(e => e.AssemblyName.StartsWith("Garnetics.", StringComparison.Ordinal) && !e.AssemblyName.EndsWith(".Tests", StringComparison.Ordinal))
            .ToList();
        Assert.True(entries.Count > 60, $"only {entries.Count} styles registered");
        var missing = entries.Where(e => e.Attribute.Help.Trim().Length < 20).Select(e => $"{e.Kind} {e.Name}").ToList();
        Assert.True(missing.Count == 0, "styles without help: " + string.Join(", ", missing));
        var noSyntax = entries.Where(e => e.Kind != StyleKind.MinStyle && e.Attribute.Syntax.Trim().Length == 0).Select(e => $"{e.Kind} {e.Name}").ToList();
        Assert.True(noSyntax.Count == 0, "styles without a syntax line: " + string.Join(", ", noSyntax));
    }

    [Fact]
    public void StylesThatUseErfcSayWhichOne()
    {
        Garnetics.Cli.Program.LoadBundledStyles();
        foreach (var name in new[] { "coul/dsf", "coul/wolf", "coul/long", "buck/coul/long", "born/coul/long", "lj/cut/coul/long" })
            Assert.Contains("erfc", StyleRegistry.Default.Find(StyleKind.Pair, name)!.Attribute.Help);
        // the coul/long family states what pair_modify table N / table 0 compute (tabulated or direct erfc)
        foreach (var name in new[] { "coul/long", "buck/coul/long", "born/coul/long", "lj/cut/coul/long" })
            Assert.Contains("pair_modify table", StyleRegistry.Default.Find(StyleKind.Pair, name)!.Attribute.Help);
        Assert.Contains("g_ewald", StyleRegistry.Default.Find(StyleKind.KSpace, "ewald")!.Attribute.Help);
    }
}
