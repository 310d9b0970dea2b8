namespace Garnetics.Analysis.Tests.Struct;

public class HelpTests
{
    /// <summary>Every structural-analysis style is registered and its help states its formula/convention keywords.</summary>
    [Theory]
    [InlineData(StyleKind.Fix, "rdf/partial", new[] { "InterRDF", "4π", "N_b/<V>", "self" })]
    [InlineData(StyleKind.Fix, "coord", new[] { "first minimum", "r < rc", "P(n)" })]
    [InlineData(StyleKind.Fix, "aggregation", new[] { "5 Å", "La and Zr", "one species" })]
    [InlineData(StyleKind.Fix, "sharedO", new[] { "3.2 Å", "2.8 Å", "corner", "edge", "face" })]
    [InlineData(StyleKind.Fix, "lisite", new[] { "minimum distance", "grid", "h = 0.1 Å", "error" })]
    [InlineData(StyleKind.Fix, "avepos", new[] { "unwrapped", "Nrepeat" })]
    [InlineData(StyleKind.Fix, "densmap", new[] { "atoms/Å³", "slice" })]
    [InlineData(StyleKind.Command, "rerun", new[] { "ITEM: BOX BOUNDS xy xz yz", "xu yu zu", "image", "Lattice=" })]
    public void HelpStatesTheConventions(StyleKind kind, string name, string[] words)
    {
        StyleRegistry.Default.Register(AnalysisAssembly.Assembly);
        var e = StyleRegistry.Default.Find(kind, name);
        Assert.NotNull(e);
        Assert.StartsWith(kind == StyleKind.Fix ? $"fix ID group {name} " : $"{name} ", e!.Attribute.Syntax);
        foreach (var w in words) Assert.Contains(w, e.Attribute.Help);
    }
}
