using System.Xml.Linq;
using Garnetics.Analysis.Plot;

namespace Garnetics.Analysis.Tests.Struct;

public class SvgPlotTests
{
    static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    static double D(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    [Fact]
    public void NiceTicksForKnownRanges()
    {
        // 0..10 with ~6 ticks: raw step 2 -> 2
        Assert.Equal([0, 2, 4, 6, 8, 10], SvgPlot.NiceTicks(0, 10, 6));
        // 0.13..0.87: raw step 0.148 -> 0.2; range rounded outwards to 0..1
        Assert.Equal([0, 0.2, 0.4, 0.6, 0.8, 1.0], SvgPlot.NiceTicks(0.13, 0.87, 6));
        // -3.2..7.9: raw 2.22 -> 5
        Assert.Equal([-5, 0, 5, 10], SvgPlot.NiceTicks(-3.2, 7.9, 6));
        // 1234..1890: raw 131 -> 200
        Assert.Equal([1200, 1400, 1600, 1800, 2000], SvgPlot.NiceTicks(1234, 1890, 6));
    }

    [Fact]
    public void LogTicksAtDecades()
    {
        Assert.Equal([1e-3, 1e-2, 1e-1, 1, 10], SvgPlot.LogTicks(2e-3, 7.0));
        Assert.Equal([1, 10, 100], SvgPlot.LogTicks(1, 100));
        var t = SvgPlot.LogTicks(3.3e-9, 4.1e-6);
        Assert.Equal(5, t.Length);
        for (int k = 0; k < t.Length; k++) Assert.Equal(Math.Pow(10, -9 + k), t[k], 1e-20);
    }

    [Fact]
    public void WellFormedWithPointsAtTheRightPixels()
    {
        var p = new SvgPlot("T <&> \"q\"", "x (Å)", "y") { Width = 600, Height = 400, MarginLeft = 80, MarginRight = 20, MarginTop = 40, MarginBottom = 60 };
        p.AddLine("line", [0, 5, 10], [0, 1, 2]);
        p.AddPoints("pts", [2.5, 7.5], [0.5, 1.5], [0.1, 0.2]);
        string dir = TempDir.Create("svg");
        string path = Path.Combine(dir, "p.svg");
        p.Save(path);
        var doc = XDocument.Load(path); // throws if not well-formed
        Assert.Equal(Svg + "svg", doc.Root!.Name);
        // x axis 0..10, y axis 0..2 (ticks 0, 0.5, ... 2 after rounding): plot area x 80..580, y 40..340
        Assert.Equal(0, p.XLo); Assert.Equal(10, p.XHi); Assert.Equal(0, p.YLo); Assert.Equal(2, p.YHi);
        var circles = doc.Descendants(Svg + "circle").Where(c => (string?)c.Attribute("class") == "point").ToList();
        Assert.Equal(2, circles.Count);
        Assert.Equal(80 + 0.25 * 500, D(circles[0].Attribute("cx")!.Value), 1e-3);
        Assert.Equal(340 - 0.25 * 300, D(circles[0].Attribute("cy")!.Value), 1e-3);
        Assert.Equal(80 + 0.75 * 500, D(circles[1].Attribute("cx")!.Value), 1e-3);
        Assert.Equal(340 - 0.75 * 300, D(circles[1].Attribute("cy")!.Value), 1e-3);
        var poly = doc.Descendants(Svg + "polyline").Single();
        Assert.Equal("80,340 330,190 580,40", poly.Attribute("points")!.Value);
        Assert.Equal(2, doc.Descendants(Svg + "path").Count(e => (string?)e.Attribute("class") == "errorbar"));
        var xt = doc.Descendants(Svg + "text").Where(e => (string?)e.Attribute("class") == "xtick").Select(e => D(e.Attribute("data-value")!.Value));
        Assert.Equal([0, 2, 4, 6, 8, 10], xt);
        Assert.Equal("T <&> \"q\"", doc.Descendants(Svg + "text").Single(e => (string?)e.Attribute("class") == "title").Value);
        var legend = doc.Descendants(Svg + "g").Single(e => (string?)e.Attribute("class") == "legend");
        Assert.Contains("pts", legend.Value);
        Assert.Contains("line", legend.Value);
        Assert.Empty(Directory.GetFiles(dir, ".*tmp*"));
    }

    [Fact]
    public void LogLogMapping()
    {
        var p = new SvgPlot("a", "x", "y") { XLog = true, YLog = true, Width = 600, Height = 400, MarginLeft = 80, MarginRight = 20, MarginTop = 40, MarginBottom = 60 };
        p.AddPoints("p", [1, 10, 100, -1], [1e-3, 1e-2, 1e-1, 5]); // the x = -1 point is dropped on a log axis
        var doc = XDocument.Parse(p.ToSvg());
        Assert.Equal(1, p.XLo); Assert.Equal(100, p.XHi); Assert.Equal(1e-3, p.YLo, 1e-18); Assert.Equal(0.1, p.YHi, 1e-15);
        var c = doc.Descendants(Svg + "circle").Where(e => (string?)e.Attribute("class") == "point").ToList();
        Assert.Equal(3, c.Count);
        // decades equally spaced: x = 10 at the middle, y = 1e-2 at the middle
        Assert.Equal(330, D(c[1].Attribute("cx")!.Value), 1e-3);
        Assert.Equal(190, D(c[1].Attribute("cy")!.Value), 1e-3);
        Assert.Equal(580, D(c[2].Attribute("cx")!.Value), 1e-3);
        Assert.Equal(40, D(c[2].Attribute("cy")!.Value), 1e-3);
        var yt = doc.Descendants(Svg + "text").Where(e => (string?)e.Attribute("class") == "ytick").Select(e => D(e.Attribute("data-value")!.Value)).ToArray();
        Assert.Equal(3, yt.Length);
        Assert.Equal(1e-3, yt[0], 1e-18); Assert.Equal(1e-2, yt[1], 1e-17); Assert.Equal(1e-1, yt[2], 1e-16);
    }

    [Fact]
    public void MismatchedLengthsAreAnError()
    {
        var p = new SvgPlot("a", "x", "y");
        var e = Assert.Throws<Garnetics.Engine.Core.GarneticsException>(() => p.AddLine("bad", [1, 2], [1]));
        Assert.Contains("bad", e.Message);
    }
}
