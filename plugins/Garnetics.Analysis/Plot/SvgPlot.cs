using System.Text;

namespace Garnetics.Analysis.Plot;

/// <summary>
/// A small self-contained SVG plot writer: line and scatter series, optional y error bars, linear or log10 scale on
/// either axis, "nice" ticks (1, 2, 5 × 10^k steps on linear axes, decades on log axes), a legend, a title and axis
/// labels. The axis range is the data range (error bars included) rounded outwards to whole ticks unless it is fixed
/// with <see cref="XMin"/>/<see cref="XMax"/>/<see cref="YMin"/>/<see cref="YMax"/>. Non-finite values, and values
/// ≤ 0 on a log axis, are skipped. <see cref="Save"/> writes the file atomically.
/// <code>
/// var p = new SvgPlot("g(r)", "r (Å)", "g(r)") { YLog = false };
/// p.AddLine("La-O", r, g);
/// p.AddPoints("data", x, y, yErr);
/// p.Save("rdf.svg");
/// </code>
/// </summary>
public sealed class SvgPlot
{
    public sealed record Series(string Name, double[] X, double[] Y, double[]? YErr, bool Line, bool Markers, string Color);

    static readonly string[] Palette =
        ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public string Title { get; set; }
    public string XLabel { get; set; }
    public string YLabel { get; set; }
    public bool XLog { get; set; }
    public bool YLog { get; set; }
    public double? XMin { get; set; }
    public double? XMax { get; set; }
    public double? YMin { get; set; }
    public double? YMax { get; set; }
    public int Width { get; set; } = 640;
    public int Height { get; set; } = 440;
    /// <summary>Margins in pixels around the plot area (left, right, top, bottom).</summary>
    public double MarginLeft { get; set; } = 80;
    public double MarginRight { get; set; } = 20;
    public double MarginTop { get; set; } = 40;
    public double MarginBottom { get; set; } = 60;
    /// <summary>Target number of ticks on a linear axis.</summary>
    public int TargetTicks { get; set; } = 6;
    public bool ShowLegend { get; set; } = true;

    readonly List<Series> _series = [];
    public IReadOnlyList<Series> AllSeries => _series;

    public SvgPlot(string title, string xLabel, string yLabel)
    {
        Title = title; XLabel = xLabel; YLabel = yLabel;
    }

    /// <summary>A polyline through the points (in the order given).</summary>
    public SvgPlot AddLine(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string? color = null)
        => Add(name, xs, ys, null, line: true, markers: false, color);

    /// <summary>Markers at the points, with symmetric y error bars if <paramref name="yErr"/> is given.</summary>
    public SvgPlot AddPoints(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys,
        IReadOnlyList<double>? yErr = null, string? color = null)
        => Add(name, xs, ys, yErr, line: false, markers: true, color);

    /// <summary>Line and markers.</summary>
    public SvgPlot AddLinePoints(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys,
        IReadOnlyList<double>? yErr = null, string? color = null)
        => Add(name, xs, ys, yErr, line: true, markers: true, color);

    SvgPlot Add(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys, IReadOnlyList<double>? yErr,
        bool line, bool markers, string? color)
    {
        if (xs.Count != ys.Count)
            throw new GarneticsException($"plot series '{name}': {xs.Count} x values but {ys.Count} y values");
        if (yErr != null && yErr.Count != ys.Count)
            throw new GarneticsException($"plot series '{name}': {ys.Count} y values but {yErr.Count} error bars");
        _series.Add(new Series(name, [.. xs], [.. ys], yErr == null ? null : [.. yErr], line, markers,
            color ?? Palette[_series.Count % Palette.Length]));
        return this;
    }

    // ---------------------------------------------------------------- ticks

    /// <summary>
    /// Nice linear ticks covering [min, max]: the step is 1, 2 or 5 × 10^k chosen so that about
    /// <paramref name="target"/> ticks cover the range; the first and last ticks are the multiples of the step at or
    /// outside min and max.
    /// </summary>
    public static double[] NiceTicks(double min, double max, int target = 6)
    {
        if (!(max > min)) { double d = min == 0 ? 1 : Math.Abs(min) * 0.1; min -= d; max += d; }
        double step = NiceStep((max - min) / Math.Max(1, target - 1));
        double lo = Math.Floor(min / step + 1e-9) * step, hi = Math.Ceiling(max / step - 1e-9) * step;
        int n = (int)Math.Round((hi - lo) / step);
        var t = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            double v = lo + i * step;
            t[i] = Math.Abs(v) < step * 1e-9 ? 0.0 : RoundToStep(v, step);
        }
        return t;
    }

    static double NiceStep(double raw)
    {
        double e = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double f = raw / e;
        double m = f <= 1.0 + 1e-9 ? 1 : f <= 2.0 + 1e-9 ? 2 : f <= 5.0 + 1e-9 ? 5 : 10;
        return m * e;
    }

    static double RoundToStep(double v, double step)
    {
        int digits = Math.Max(0, -(int)Math.Floor(Math.Log10(step)) + 1);
        return digits <= 15 ? Math.Round(v, digits) : v;
    }

    /// <summary>Log ticks: every decade 10^k with 10^k at or outside [min, max] (min &gt; 0).</summary>
    public static double[] LogTicks(double min, double max)
    {
        if (!(min > 0)) throw new GarneticsException("log axis needs positive values");
        if (!(max > min)) { min /= 10; max *= 10; }
        int k0 = (int)Math.Floor(Math.Log10(min) + 1e-9), k1 = (int)Math.Ceiling(Math.Log10(max) - 1e-9);
        if (k1 == k0) k1 = k0 + 1;
        var t = new double[k1 - k0 + 1];
        for (int k = k0; k <= k1; k++) t[k - k0] = Math.Pow(10, k);
        return t;
    }

    // ---------------------------------------------------------------- layout

    /// <summary>Axis ranges and ticks, fixed by <see cref="Layout"/>.</summary>
    public double XLo { get; private set; }
    public double XHi { get; private set; }
    public double YLo { get; private set; }
    public double YHi { get; private set; }
    public double[] XTicks { get; private set; } = [];
    public double[] YTicks { get; private set; } = [];

    double Left => MarginLeft;
    double Right => Width - MarginRight;
    double Top => MarginTop;
    double Bottom => Height - MarginBottom;

    static bool Usable(double v, bool log) => double.IsFinite(v) && (!log || v > 0);

    /// <summary>Chooses the axis ranges and ticks from the data (called by <see cref="ToSvg"/>).</summary>
    public void Layout()
    {
        double xmin = double.PositiveInfinity, xmax = double.NegativeInfinity;
        double ymin = double.PositiveInfinity, ymax = double.NegativeInfinity;
        foreach (var s in _series)
            for (int i = 0; i < s.X.Length; i++)
            {
                if (!Usable(s.X[i], XLog) || !Usable(s.Y[i], YLog)) continue;
                xmin = Math.Min(xmin, s.X[i]); xmax = Math.Max(xmax, s.X[i]);
                double e = s.YErr != null && double.IsFinite(s.YErr[i]) ? Math.Abs(s.YErr[i]) : 0;
                double ylo = s.Y[i] - e, yhi = s.Y[i] + e;
                if (YLog && !(ylo > 0)) ylo = s.Y[i];
                ymin = Math.Min(ymin, ylo); ymax = Math.Max(ymax, yhi);
            }
        if (double.IsInfinity(xmin)) { xmin = XLog ? 1 : 0; xmax = XLog ? 10 : 1; }
        if (double.IsInfinity(ymin)) { ymin = YLog ? 1 : 0; ymax = YLog ? 10 : 1; }
        (XLo, XHi, XTicks) = Axis(XMin ?? xmin, XMax ?? xmax, XLog, XMin.HasValue, XMax.HasValue);
        (YLo, YHi, YTicks) = Axis(YMin ?? ymin, YMax ?? ymax, YLog, YMin.HasValue, YMax.HasValue);
    }

    (double lo, double hi, double[] ticks) Axis(double min, double max, bool log, bool fixLo, bool fixHi)
    {
        if (log)
        {
            if (!(min > 0)) throw new GarneticsException("log axis needs a positive lower limit");
            var t = LogTicks(min, max);
            double lo = fixLo ? min : t[0], hi = fixHi ? max : t[^1];
            if (!(hi > lo)) hi = lo * 10;
            return (lo, hi, t.Where(v => v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)).ToArray());
        }
        else
        {
            var t = NiceTicks(min, max, TargetTicks);
            double lo = fixLo ? min : t[0], hi = fixHi ? max : t[^1];
            if (!(hi > lo)) hi = lo + 1;
            double tol = (hi - lo) * 1e-9;
            if (fixLo || fixHi) t = NiceTicks(lo, hi, TargetTicks);
            return (lo, hi, t.Where(v => v >= lo - tol && v <= hi + tol).ToArray());
        }
    }

    /// <summary>Pixel x of a data x (after <see cref="Layout"/>).</summary>
    public double MapX(double x)
    {
        double f = XLog ? (Math.Log10(x) - Math.Log10(XLo)) / (Math.Log10(XHi) - Math.Log10(XLo)) : (x - XLo) / (XHi - XLo);
        return Left + f * (Right - Left);
    }

    /// <summary>Pixel y of a data y (SVG y grows downwards).</summary>
    public double MapY(double y)
    {
        double f = YLog ? (Math.Log10(y) - Math.Log10(YLo)) / (Math.Log10(YHi) - Math.Log10(YLo)) : (y - YLo) / (YHi - YLo);
        return Bottom - f * (Bottom - Top);
    }

    // ---------------------------------------------------------------- output

    static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    static string Esc(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>Tick label: decades as 10^k (superscript) on log axes, shortest round-trip number on linear ones.</summary>
    static string TickLabel(double v, bool log)
    {
        if (log)
        {
            int k = (int)Math.Round(Math.Log10(v));
            if (k >= -2 && k <= 3) return v.ToString("0.##", CultureInfo.InvariantCulture);
            return $"10<tspan dy=\"-6\" font-size=\"9\">{k}</tspan>";
        }
        double a = Math.Abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-3)) return Esc(v.ToString("0.###e0", CultureInfo.InvariantCulture));
        return Esc(v.ToString("G10", CultureInfo.InvariantCulture));
    }

    /// <summary>One axis tick at value t: its grid line, its tick mark (both from (x1, y1) to (x2, y2)) and its label.</summary>
    private static void AppendTick(StringBuilder sb, string cls, double t, bool log, (double X1, double Y1, double X2, double Y2) grid,
        (double X1, double Y1, double X2, double Y2) mark, (double X, double Y) label, string anchor)
    {
        sb.Append($"<line x1=\"{F(grid.X1)}\" y1=\"{F(grid.Y1)}\" x2=\"{F(grid.X2)}\" y2=\"{F(grid.Y2)}\" stroke=\"#e0e0e0\"/>");
        sb.Append($"<line x1=\"{F(mark.X1)}\" y1=\"{F(mark.Y1)}\" x2=\"{F(mark.X2)}\" y2=\"{F(mark.Y2)}\"/>");
        sb.Append($"<text class=\"{cls}\" data-value=\"{t.ToString("R", CultureInfo.InvariantCulture)}\" x=\"{F(label.X)}\" y=\"{F(label.Y)}\" text-anchor=\"{anchor}\" stroke=\"none\">{TickLabel(t, log)}</text>\n");
    }

    /// <summary>The SVG document.</summary>
    public string ToSvg()
    {
        Layout();
        var sb = new StringBuilder();
        sb.Append($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        sb.Append($"<rect x=\"0\" y=\"0\" width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        sb.Append($"<defs><clipPath id=\"plotarea\"><rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Right - Left)}\" height=\"{F(Bottom - Top)}\"/></clipPath></defs>\n");
        // grid and ticks
        sb.Append("<g class=\"xticks\" stroke=\"#000\">\n");
        foreach (double t in XTicks)
        {
            double px = MapX(t);
            AppendTick(sb, "xtick", t, XLog, (px, Top, px, Bottom), (px, Bottom, px, Bottom + 5), (px, Bottom + 18), "middle");
        }
        sb.Append("</g>\n<g class=\"yticks\" stroke=\"#000\">\n");
        foreach (double t in YTicks)
        {
            double py = MapY(t);
            AppendTick(sb, "ytick", t, YLog, (Left, py, Right, py), (Left - 5, py, Left, py), (Left - 8, py + 4), "end");
        }
        sb.Append("</g>\n");
        sb.Append($"<rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(Right - Left)}\" height=\"{F(Bottom - Top)}\" fill=\"none\" stroke=\"#000\"/>\n");
        // series
        sb.Append("<g clip-path=\"url(#plotarea)\">\n");
        foreach (var s in _series)
        {
            sb.Append($"<g class=\"series\" data-name=\"{Esc(s.Name)}\">\n");
            if (s.Line)
            {
                // Break the polyline at unusable points.
                var seg = new StringBuilder();
                void Flush()
                {
                    if (seg.Length > 0)
                        sb.Append($"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"1.5\" points=\"{seg.ToString().TrimEnd()}\"/>\n");
                    seg.Clear();
                }
                for (int i = 0; i < s.X.Length; i++)
                {
                    if (!Usable(s.X[i], XLog) || !Usable(s.Y[i], YLog)) { Flush(); continue; }
                    seg.Append($"{F(MapX(s.X[i]))},{F(MapY(s.Y[i]))} ");
                }
                Flush();
            }
            for (int i = 0; i < s.X.Length; i++)
            {
                if (!Usable(s.X[i], XLog) || !Usable(s.Y[i], YLog)) continue;
                double px = MapX(s.X[i]), py = MapY(s.Y[i]);
                if (s.YErr != null && double.IsFinite(s.YErr[i]) && s.YErr[i] != 0)
                {
                    double e = Math.Abs(s.YErr[i]);
                    double lo = s.Y[i] - e, hi = s.Y[i] + e;
                    double plo = YLog && !(lo > 0) ? Bottom : MapY(lo), phi = MapY(hi);
                    sb.Append($"<path class=\"errorbar\" stroke=\"{s.Color}\" fill=\"none\" d=\"M{F(px)},{F(plo)} L{F(px)},{F(phi)} M{F(px - 3)},{F(plo)} L{F(px + 3)},{F(plo)} M{F(px - 3)},{F(phi)} L{F(px + 3)},{F(phi)}\"/>\n");
                }
                if (s.Markers)
                    sb.Append($"<circle class=\"point\" cx=\"{F(px)}\" cy=\"{F(py)}\" r=\"3\" fill=\"{s.Color}\"/>\n");
            }
            sb.Append("</g>\n");
        }
        sb.Append("</g>\n");
        // labels
        sb.Append($"<text class=\"title\" x=\"{F((Left + Right) / 2)}\" y=\"{F(Top - 14)}\" text-anchor=\"middle\" font-size=\"15\">{Esc(Title)}</text>\n");
        sb.Append($"<text class=\"xlabel\" x=\"{F((Left + Right) / 2)}\" y=\"{F(Height - 16)}\" text-anchor=\"middle\" font-size=\"13\">{Esc(XLabel)}</text>\n");
        double ly = (Top + Bottom) / 2;
        sb.Append($"<text class=\"ylabel\" x=\"18\" y=\"{F(ly)}\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 18 {F(ly)})\">{Esc(YLabel)}</text>\n");
        // legend
        var named = _series.Where(s => s.Name.Length > 0).ToList();
        if (ShowLegend && named.Count > 0)
        {
            double w = 30 + 7.0 * named.Max(s => s.Name.Length), x0 = Right - w - 8, y0 = Top + 8;
            sb.Append($"<g class=\"legend\"><rect x=\"{F(x0)}\" y=\"{F(y0)}\" width=\"{F(w)}\" height=\"{F(8 + 16 * named.Count)}\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#999\"/>\n");
            for (int k = 0; k < named.Count; k++)
            {
                var s = named[k];
                double yy = y0 + 12 + 16 * k;
                if (s.Line) sb.Append($"<line x1=\"{F(x0 + 5)}\" y1=\"{F(yy)}\" x2=\"{F(x0 + 23)}\" y2=\"{F(yy)}\" stroke=\"{s.Color}\" stroke-width=\"1.5\"/>");
                if (s.Markers) sb.Append($"<circle cx=\"{F(x0 + 14)}\" cy=\"{F(yy)}\" r=\"3\" fill=\"{s.Color}\"/>");
                sb.Append($"<text x=\"{F(x0 + 28)}\" y=\"{F(yy + 4)}\">{Esc(s.Name)}</text>\n");
            }
            sb.Append("</g>\n");
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>Writes the SVG atomically.</summary>
    public void Save(string path)
    {
        string svg = ToSvg();
        AtomicFile.Write(path, w => w.Write(svg));
    }
}
