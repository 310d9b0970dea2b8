using System.Text;

namespace Garnetics.Analysis.Plot;

/// <summary>
/// A 2D map as SVG: values[i, j] on an nx × ny grid of equal cells covering [x0, x1] × [y0, y1] (i along x, j along y),
/// coloured on a linear viridis-like scale from <see cref="Min"/> (default: the smallest value) to <see cref="Max"/>
/// (default: the largest), with nice ticks on both axes, a colour bar with its limits, title and axis labels.
/// </summary>
public sealed class SvgHeatmap(string title, string xLabel, string yLabel, double[,] values, double x0, double x1, double y0, double y1)
{
    public string ColorLabel { get; set; } = "";
    public double? Min { get; set; }
    public double? Max { get; set; }
    public int Width { get; set; } = 620;
    public int Height { get; set; } = 520;

    static readonly (double t, int r, int g, int b)[] Stops =
        [(0, 68, 1, 84), (0.25, 59, 82, 139), (0.5, 33, 145, 140), (0.75, 94, 201, 98), (1, 253, 231, 37)];

    /// <summary>Colour of a value in [0, 1] ("#rrggbb").</summary>
    public static string Color(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        int k = 0;
        while (k < Stops.Length - 2 && t > Stops[k + 1].t) k++;
        var (ta, ra, ga, ba) = Stops[k];
        var (tb, rb, gb, bb) = Stops[k + 1];
        double f = (t - ta) / (tb - ta);
        int R(int a, int b) => (int)Math.Round(a + f * (b - a));
        return $"#{R(ra, rb):x2}{R(ga, gb):x2}{R(ba, bb):x2}";
    }

    static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
    static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
    static string Esc(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    public string ToSvg()
    {
        int nx = values.GetLength(0), ny = values.GetLength(1);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values) if (double.IsFinite(v)) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        if (double.IsInfinity(lo)) { lo = 0; hi = 1; }
        lo = Min ?? lo; hi = Max ?? hi;
        if (!(hi > lo)) hi = lo + 1;
        double left = 70, right = Width - 110, top = 40, bottom = Height - 60;
        // keep the aspect ratio of the data
        double sx = (right - left) / (x1 - x0), sy = (bottom - top) / (y1 - y0), s = Math.Min(sx, sy);
        right = left + s * (x1 - x0); bottom = top + s * (y1 - y0);
        double cw = (right - left) / nx, ch = (bottom - top) / ny;
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n<g class=\"cells\" shape-rendering=\"crispEdges\">\n");
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++)
                sb.Append($"<rect x=\"{F(left + i * cw)}\" y=\"{F(bottom - (j + 1) * ch)}\" width=\"{F(cw + 0.3)}\" height=\"{F(ch + 0.3)}\" fill=\"{Color((values[i, j] - lo) / (hi - lo))}\"/>\n");
        sb.Append("</g>\n");
        sb.Append($"<rect x=\"{F(left)}\" y=\"{F(top)}\" width=\"{F(right - left)}\" height=\"{F(bottom - top)}\" fill=\"none\" stroke=\"#000\"/>\n");
        foreach (double t in SvgPlot.NiceTicks(x0, x1).Where(t => t >= x0 - 1e-9 && t <= x1 + 1e-9))
        {
            double px = left + (t - x0) * s;
            sb.Append($"<line x1=\"{F(px)}\" y1=\"{F(bottom)}\" x2=\"{F(px)}\" y2=\"{F(bottom + 5)}\" stroke=\"#000\"/><text class=\"xtick\" x=\"{F(px)}\" y=\"{F(bottom + 18)}\" text-anchor=\"middle\">{G(t)}</text>\n");
        }
        foreach (double t in SvgPlot.NiceTicks(y0, y1).Where(t => t >= y0 - 1e-9 && t <= y1 + 1e-9))
        {
            double py = bottom - (t - y0) * s;
            sb.Append($"<line x1=\"{F(left - 5)}\" y1=\"{F(py)}\" x2=\"{F(left)}\" y2=\"{F(py)}\" stroke=\"#000\"/><text class=\"ytick\" x=\"{F(left - 8)}\" y=\"{F(py + 4)}\" text-anchor=\"end\">{G(t)}</text>\n");
        }
        // colour bar
        double bx = right + 20, bw = 18;
        for (int k = 0; k < 50; k++)
        {
            double y = bottom - (k + 1) * (bottom - top) / 50;
            sb.Append($"<rect x=\"{F(bx)}\" y=\"{F(y)}\" width=\"{F(bw)}\" height=\"{F((bottom - top) / 50 + 0.3)}\" fill=\"{Color((k + 0.5) / 50)}\"/>");
        }
        sb.Append($"\n<text class=\"cmax\" x=\"{F(bx + bw + 4)}\" y=\"{F(top + 10)}\">{G(hi)}</text><text class=\"cmin\" x=\"{F(bx + bw + 4)}\" y=\"{F(bottom)}\">{G(lo)}</text>\n");
        sb.Append($"<text x=\"{F(bx)}\" y=\"{F(top - 8)}\">{Esc(ColorLabel)}</text>\n");
        sb.Append($"<text class=\"title\" x=\"{F((left + right) / 2)}\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">{Esc(title)}</text>\n");
        sb.Append($"<text class=\"xlabel\" x=\"{F((left + right) / 2)}\" y=\"{F(bottom + 40)}\" text-anchor=\"middle\" font-size=\"13\">{Esc(xLabel)}</text>\n");
        double ly = (top + bottom) / 2;
        sb.Append($"<text class=\"ylabel\" x=\"20\" y=\"{F(ly)}\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 20 {F(ly)})\">{Esc(yLabel)}</text>\n");
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    public void Save(string path)
    {
        string svg = ToSvg();
        AtomicFile.Write(path, w => w.Write(svg));
    }
}
