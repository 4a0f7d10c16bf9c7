using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using ScottPlot;

namespace Nitrolyte.Reports.Figures;

/// <summary>
/// Renders a report <see cref="PlotFigure"/> (the same plotly traces the HTML report draws) as a static SVG or PNG
/// for papers with ScottPlot, and writes its plotted series as an Origin-friendly CSV. Same data and styling rules
/// as the HTML: axis titles with units, automatic round ticks, error bars, log axes labelled 10ⁿ, equal axes for
/// Nyquist plots with engineering tick labels, a right-hand axis where the figure has one, the legend outside the
/// data, greyed traces kept visible.
/// </summary>
public static class StaticFigureWriter
{

    private const string FontName = "DejaVu Sans";
    private static readonly Lazy<bool> FontLoaded = new(LoadFont);

    /// <summary>Writes <paramref name="figure"/> to <paramref name="path"/> (.svg or .png, by extension) atomically.</summary>
    public static void Write(PlotFigure figure, string path, FigureSize size)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is not (".svg" or ".png"))
            throw new NitrolyteInputException($"--figure {path}: the figure must end in .svg or .png");
        if (ext == ".svg") AtomicFile.WriteAllText(path, RenderSvg(figure, size));
        else AtomicFile.WriteAllBytes(path, RenderPng(figure, size));
    }

    public static string RenderSvg(PlotFigure figure, FigureSize size)
    {
        var dashes = new SvgDashes();
        using var plot = Build(figure, 1.0, svg: true, size.LayoutWidthPx, dashes);
        var xml = dashes.Apply(plot.GetSvgXml(size.LayoutWidthPx, size.LayoutHeightPx));
        // print size in millimetres, drawing in layout pixels
        var px = $"width=\"{size.LayoutWidthPx}\" height=\"{size.LayoutHeightPx}\"";
        int at = xml.IndexOf(px, StringComparison.Ordinal);
        if (at >= 0)
            xml = xml[..at] + string.Create(CultureInfo.InvariantCulture, $"width=\"{size.WidthMm:0.##}mm\" height=\"{size.HeightMm:0.##}mm\" viewBox=\"0 0 {size.LayoutWidthPx} {size.LayoutHeightPx}\"") + xml[(at + px.Length)..];
        return xml;
    }

    public static byte[] RenderPng(PlotFigure figure, FigureSize size)
    {
        using var plot = Build(figure, size.Scale, svg: false, size.LayoutWidthPx);
        int w = (int)Math.Round(size.LayoutWidthPx * size.Scale), h = (int)Math.Round(size.LayoutHeightPx * size.Scale);
        return plot.GetImageBytes(w, h, ImageFormat.Png);
    }

    private static bool LoadFont()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "fonts", "DejaVuSans.ttf");
        if (!File.Exists(file)) return false;
        Fonts.AddFontFile(FontName, file, bold: false, italic: false);
        Fonts.AddFontFile(FontName, file, bold: true, italic: false); // titles: the regular face (no bold file shipped)
        Fonts.Default = FontName;
        Fonts.Sans = FontName;
        return true;
    }

    internal static Plot Build(PlotFigure figure, double scale, bool svg, int layoutWidthPx = 321, SvgDashes? dashes = null)
    {
        bool font = FontLoaded.Value;
        var plot = new Plot { ScaleFactor = scale };
        if (font) plot.Font.Set(FontName);
        var layout = figure.Layout();
        string? y2Title = (layout["yaxis2"] as JsonObject)?["title"]?["text"]?.GetValue<string>();
        bool logY2 = (layout["yaxis2"] as JsonObject)?["type"]?.GetValue<string>() == "log";
        // Paper figures: a legend entry for a fitted curve is redundant beside its data series (line vs markers)
        var names = figure.Traces.Select(t => t["name"]?.GetValue<string>() ?? "").ToHashSet();
        int colour = 0;
        var points = new List<(double X, double Y, bool Right)>();
        bool anyLegend = false, anyRight = false;
        int legendEntries = 0, longestLabel = 0;
        foreach (var trace in figure.Traces)
        {
            var type = trace["type"]?.GetValue<string>() ?? "scatter";
            if (type == "heatmap") { AddHeatmap(plot, trace, figure); continue; }
            if (type != "scatter") continue;
            var xs = Values(trace["x"]);
            var ys = Values(trace["y"]);
            int n = Math.Min(xs.Length, ys.Length);
            if (n == 0) continue;
            xs = xs[..n]; ys = ys[..n];
            double[]? err = trace["error_y"]?["array"] is JsonArray ea ? Values(ea) : null;
            bool right = trace["yaxis"]?.GetValue<string>() == "y2";
            if (figure.LogX) xs = xs.Select(Log).ToArray();
            if (right ? logY2 : figure.LogY)
            {
                if (err is not null)
                    err = err.Take(n).Select((e, i) => ys[i] > 0 && e >= 0 ? Math.Log10(ys[i] + e) - Math.Log10(ys[i]) : double.NaN).ToArray();
                ys = ys.Select(Log).ToArray();
            }
            var mode = trace["mode"]?.GetValue<string>() ?? "lines";
            string? c = (trace["marker"]?["color"] ?? trace["line"]?["color"])?.ToString();
            var color = Color.FromHex(c is { Length: 7 } && c[0] == '#' ? c : PlotColors.At(colour++));
            var sc = plot.Add.Scatter(xs, ys, color);
            for (int i = 0; i < n; i++) points.Add((xs[i], ys[i], trace["yaxis"]?.GetValue<string>() == "y2"));
            sc.LineWidth = mode.Contains("lines") ? 1.5f : 0;
            // dense series get small markers so that overlapping series (charge under discharge) stay visible
            sc.MarkerSize = mode.Contains("markers") ? (float)(trace["marker"]?["size"] is { } ms && double.IsFinite(Num(ms)) ? Num(ms) : 7) * (n > 60 ? 0.4f : 0.8f) : 0;
            if (!mode.Contains("markers")) sc.MarkerShape = MarkerShape.None;
            var dash = trace["line"]?["dash"]?.GetValue<string>();
            // Skia's SVG backend has no dash effect (it draws solid): in SVG the line is drawn in a stand-in colour that
            // SvgDashes.Apply turns back into its colour with an SVG stroke-dasharray
            if (svg && dash is "dash" or "dot" or "dashdot" && dashes is not null) { sc.LineColor = dashes.StandIn(color, dash); dash = null; }
            else if (svg && dash is "dash" or "dot" or "dashdot") { sc.LineWidth = 1f; sc.LineColor = color.WithAlpha(0.75); dash = null; }
            sc.LinePattern = dash switch
            {
                "dash" => LinePattern.Dashed,
                "dot" => LinePattern.Dotted,
                "dashdot" => LinePattern.DenselyDashed,
                _ => LinePattern.Solid,
            };
            var name = trace["name"]?.GetValue<string>();
            bool shown = trace["showlegend"] is not JsonValue sl || !sl.TryGetValue<bool>(out var b) || b;
            bool redundantFit = name is not null && (name.StartsWith("fit ", StringComparison.Ordinal) && names.Contains(name[4..])
                || names.Any(other => other.Length > name.Length + 1 && other.StartsWith(name + ":", StringComparison.Ordinal)));
            if (!string.IsNullOrWhiteSpace(name) && shown && !redundantFit) { sc.LegendText = name; anyLegend = true; legendEntries++; longestLabel = Math.Max(longestLabel, name.Length); }
            if (right) { sc.Axes.YAxis = plot.Axes.Right; anyRight = true; }
            if (err is not null)
            {
                var e = err.Take(n).Select(v => double.IsFinite(v) ? v : 0).ToArray();
                var eb = plot.Add.ErrorBar(xs, ys, e);
                eb.Color = color;
                eb.LineWidth = 1;
                if (right) eb.Axes.YAxis = plot.Axes.Right;
            }
        }
        AddShapes(plot, layout, figure, svg, dashes);
        FontSizes(plot);
        plot.Axes.Bottom.Label.Text = figure.XTitle;
        plot.Axes.Left.Label.Text = figure.YTitle;
        if (anyRight)
        {
            plot.Axes.Right.Label.Text = y2Title ?? "";
            plot.Axes.Right.IsVisible = true;
        }
        // No title: a paper's caption says what the figure shows (the report keeps its titles).
        if (figure.LogX) plot.Axes.Bottom.TickGenerator = LogTicks();
        if (figure.LogY) plot.Axes.Left.TickGenerator = LogTicks();
        if (figure.EqualAxes)
        {
            plot.Axes.Bottom.TickGenerator = EngineeringTicks();
            plot.Axes.Left.TickGenerator = EngineeringTicks();
        }
        plot.Axes.AutoScale();
        // an explicit range in the layout (the Nyquist plot is framed on the arcs) wins over autoscaling
        if (Range(layout["xaxis"]) is { } xr) plot.Axes.SetLimitsX(figure.LogX ? Log(xr.Lo) : xr.Lo, figure.LogX ? Log(xr.Hi) : xr.Hi);
        if (Range(layout["yaxis"]) is { } yr) plot.Axes.SetLimitsY(figure.LogY ? Log(yr.Lo) : yr.Lo, figure.LogY ? Log(yr.Hi) : yr.Hi);
        if (figure.EqualAxes) plot.Axes.SquareUnits();
        if (figure.ReverseX) plot.Axes.InvertX();
        AddAnnotations(plot, layout, figure);
        if (!figure.LogX && figure.XTitle.StartsWith("1000/T", StringComparison.Ordinal)) CelsiusTopAxis(plot);
        if (anyLegend)
        {
            plot.ShowLegend(EmptiestCorner(plot, points, legendEntries, Math.Min(0.95, (longestLabel * 4.4 + 30) / (0.8 * layoutWidthPx))));
            plot.Legend.FontSize = 7.5f;
            plot.Legend.Padding = new PixelPadding(3);
            plot.Legend.SymbolWidth = 14;
            plot.Legend.BackgroundColor = Colors.White.WithAlpha(0.8);
            plot.Legend.OutlineColor = Colors.Gray.WithAlpha(0.5);
            plot.Legend.ShadowColor = Colors.Transparent;
            if (font) plot.Legend.FontName = FontName;
        }
        return plot;
    }

    /// <summary>Arrhenius plots: a top axis in °C at round temperatures, aligned with the 1000/T axis.</summary>
    private static void CelsiusTopAxis(Plot plot)
    {
        var lim = plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Left);
        double x0 = Math.Min(lim.Left, lim.Right), x1 = Math.Max(lim.Left, lim.Right);
        if (!(x0 > 0)) return;
        double tHot = 1000 / x0 - 273.15, tCold = 1000 / x1 - 273.15;
        double span = tHot - tCold;
        double step = span > 600 ? 200 : span > 300 ? 100 : span > 120 ? 50 : span > 60 ? 20 : span > 25 ? 10 : 5;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var temps = new List<double>();
        // 1/T crowds hot ticks together: keep a tick only when it is at least 12 % of the axis from the last one kept
        double minGap = 0.12 * (x1 - x0), lastX = double.NaN;
        for (double t = Math.Ceiling(tCold / step) * step; t <= tHot; t += step)
        {
            double x = 1000 / (t + 273.15);
            if (double.IsNaN(lastX) || Math.Abs(lastX - x) >= minGap) { temps.Add(t); lastX = x; }
        }
        // the unit rides on the coldest tick, where 1/T spaces them widest ("25 °C"): an axis title above the ticks
        // would be cut by the frame
        foreach (var t in temps)
            ticks.AddMajor(1000 / (t + 273.15), t.ToString("0", CultureInfo.InvariantCulture) + (t == temps[0] ? " °C" : ""));
        plot.Axes.Top.TickGenerator = ticks;
        plot.Axes.Top.IsVisible = true;
        plot.Axes.Top.TickLabelStyle.FontSize = 11;
        plot.Axes.Top.Min = lim.Left;
        plot.Axes.Top.Max = lim.Right;
    }

    /// <summary>The corner of the data area holding the fewest plotted points: the legend goes there, hiding least.</summary>
    private static Alignment EmptiestCorner(Plot plot, List<(double X, double Y, bool Right)> points, int entries, double widthFraction)
    {
        var left = plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Left);
        var right = plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Right);
        // a box the size of the legend in each corner; only points inside the visible frame count
        double w = Math.Max(0.3, widthFraction), h = Math.Min(0.9, 0.04 + 0.075 * entries);
        var counts = new int[4]; // upper right, upper left, lower right, lower left
        foreach (var (x, y, r) in points)
        {
            var lim = r ? right : left;
            double fx = (x - lim.Left) / (lim.Right - lim.Left), fy = (y - lim.Bottom) / (lim.Top - lim.Bottom);
            if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1)) continue;
            bool top = fy > 1 - h, bottom = fy < h, east = fx > 1 - w, west = fx < w;
            if (top && east) counts[0]++;
            if (top && west) counts[1]++;
            if (bottom && east) counts[2]++;
            if (bottom && west) counts[3]++;
        }
        int best = Array.IndexOf(counts, counts.Min());
        return best switch { 0 => Alignment.UpperRight, 1 => Alignment.UpperLeft, 2 => Alignment.LowerRight, _ => Alignment.LowerLeft };
    }

    private static (double Lo, double Hi)? Range(JsonNode? axis)
    {
        if (axis?["range"] is not JsonArray r || r.Count != 2) return null;
        double lo = Num(r[0]), hi = Num(r[1]);
        return double.IsFinite(lo) && double.IsFinite(hi) && hi > lo ? (lo, hi) : null;
    }

    private static double Log(double v) => v > 0 ? Math.Log10(v) : double.NaN;

    private static void FontSizes(Plot plot)
    {
        // ~8-9 pt text on an 85 mm figure (ScottPlot sizes are pixels at 96 dpi; 12 px = 9 pt)
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left, plot.Axes.Right })
        {
            axis.Label.FontSize = 12;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontSize = 11;
        }
        plot.Axes.Title.Label.FontSize = 12;
        plot.Axes.Title.Label.Bold = false;
    }

    /// <summary>Decade ticks labelled 10ⁿ (data are plotted as log10), minor ticks at 2..9.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => "10" + Superscript((int)Math.Round(v)),
    };

    /// <summary>Round ticks labelled with SI prefixes: 500, 1k, 1.5k, 10k, 1M.</summary>
    private static ScottPlot.TickGenerators.NumericAutomatic EngineeringTicks() => new() { LabelFormatter = Engineering };

    internal static string Engineering(double v)
    {
        double a = Math.Abs(v);
        if (a == 0) return "0";
        (double div, string suffix) = a >= 1e9 ? (1e9, "G") : a >= 1e6 ? (1e6, "M") : a >= 1e3 ? (1e3, "k") : a >= 1 ? (1, "") : a >= 1e-3 ? (1e-3, "m") : (1e-6, "µ");
        return (v / div).ToString("0.###", CultureInfo.InvariantCulture) + suffix;
    }

    private static string Superscript(int n)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var sb = new StringBuilder();
        if (n < 0) sb.Append('⁻');
        foreach (char ch in Math.Abs(n).ToString(CultureInfo.InvariantCulture)) sb.Append(digits[ch - '0']);
        return sb.ToString();
    }

    private static void AddHeatmap(Plot plot, JsonObject trace, PlotFigure figure)
    {
        if (trace["z"] is not JsonArray rows || rows.Count == 0) return;
        var x = Values(trace["x"]);
        var y = Values(trace["y"]);
        int ny = rows.Count, nx = (rows[0] as JsonArray)?.Count ?? 0;
        if (nx == 0) return;
        var z = new double[ny, nx];
        // ScottPlot draws row 0 at the top; plotly puts y[0] at the bottom
        for (int i = 0; i < ny; i++)
        {
            var r = Values(rows[i]);
            for (int j = 0; j < nx; j++) z[ny - 1 - i, j] = j < r.Length ? r[j] : double.NaN;
        }
        var hm = plot.Add.Heatmap(z);
        if (x.Length > 1 && y.Length > 1) hm.Extent = new CoordinateRect(x.Min(), x.Max(), y.Min(), y.Max());
        var title = trace["colorbar"]?["title"]?["text"]?.GetValue<string>();
        var cb = plot.Add.ColorBar(hm);
        if (!string.IsNullOrEmpty(title)) cb.Label = title;
    }

    /// <summary>plotly layout shapes (vertical/horizontal lines, shaded spans) and annotations.</summary>
    private static void AddShapes(Plot plot, JsonObject layout, PlotFigure figure, bool svg, SvgDashes? dashes)
    {
        if (layout["shapes"] is JsonArray shapes)
        {
            foreach (var node in shapes.OfType<JsonObject>())
            {
                var type = node["type"]?.GetValue<string>();
                double x0 = Num(node["x0"]), x1 = Num(node["x1"]), y0 = Num(node["y0"]), y1 = Num(node["y1"]);
                bool xPaper = node["xref"]?.GetValue<string>() == "paper", yPaper = node["yref"]?.GetValue<string>() == "paper";
                // plotly takes shape coordinates on a log axis as log10 already: the same units as the plotted data here
                var col = node["line"]?["color"]?.ToString() ?? node["fillcolor"]?.ToString();
                var color = col is { Length: 7 } && col[0] == '#' ? Color.FromHex(col) : Colors.Gray;
                var pattern = svg ? LinePattern.Solid : LinePattern.Dashed;
                if (svg && dashes is not null && type == "line") color = dashes.StandIn(color, "dash");
                if (type == "line" && x0 == x1 && double.IsFinite(x0) && !xPaper)
                    plot.Add.VerticalLine(x0, 1, color, pattern);
                else if (type == "line" && y0 == y1 && double.IsFinite(y0) && !yPaper)
                    plot.Add.HorizontalLine(y0, 1, color, pattern);
                else if (type == "rect" && yPaper && double.IsFinite(x0) && double.IsFinite(x1))
                    plot.Add.HorizontalSpan(Math.Min(x0, x1), Math.Max(x0, x1), color.WithAlpha(0.15));
                else if (type == "rect" && xPaper && double.IsFinite(y0) && double.IsFinite(y1))
                    plot.Add.VerticalSpan(Math.Min(y0, y1), Math.Max(y0, y1), color.WithAlpha(0.15));
            }
        }
    }

    /// <summary>plotly annotations in data coordinates, added once the axis limits are known so that a label near the
    /// right edge is right-aligned instead of running out of the frame.</summary>
    private static void AddAnnotations(Plot plot, JsonObject layout, PlotFigure figure)
    {
        if (layout["annotations"] is not JsonArray notes) return;
        var lim = plot.Axes.GetLimits(plot.Axes.Bottom, plot.Axes.Left);
        foreach (var node in notes.OfType<JsonObject>())
        {
            var text = node["text"]?.GetValue<string>();
            double x = Num(node["x"]), y = Num(node["y"]);
            if (string.IsNullOrWhiteSpace(text) || node["xref"]?.GetValue<string>() == "paper") continue;
            bool yPaper = node["yref"]?.GetValue<string>() == "paper";
            // a label on a vertical event line (y in paper units: 1 = top of the frame) goes just inside the top
            if (yPaper) y = lim.Bottom + Math.Min(0.97, y) * (lim.Top - lim.Bottom);
            // plotly takes annotation coordinates on a log axis as log10 already
            if (!double.IsFinite(x) || !double.IsFinite(y)) continue;
            var t = plot.Add.Text(StripTags(text), x, y);
            t.LabelFontSize = 10;
            double fx = (x - lim.Left) / (lim.Right - lim.Left);
            t.LabelAlignment = yPaper ? (fx > 0.7 ? Alignment.UpperRight : Alignment.UpperLeft) : fx > 0.7 ? Alignment.LowerRight : Alignment.LowerLeft;
        }
    }

    private static double Num(JsonNode? n)
    {
        if (n is not JsonValue v) return double.NaN;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<int>(out var i)) return i;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<float>(out var f)) return f;
        if (v.TryGetValue<decimal>(out var m)) return (double)m;
        return double.TryParse(v.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : double.NaN;
    }

    private static string StripTags(string s) => System.Text.RegularExpressions.Regex.Replace(s, "<[^>]*>", "");

    private static double[] Values(JsonNode? node) =>
        node is JsonArray a ? a.Select(v => v is null ? double.NaN : Num(v)).ToArray() : [];

    /// <summary>
    /// The plotted series as CSV: one header row "trace: axis title" per column (axis titles carry the unit, e.g.
    /// "cold pressed: 1000/T (1/K)"), x and y columns per trace, error columns where the trace has error bars,
    /// ragged traces padded with empty cells. Opens in Origin, Excel and pandas without options.
    /// </summary>
    public static string DataCsv(PlotFigure figure)
    {
        var layout = figure.Layout();
        string y2Title = (layout["yaxis2"] as JsonObject)?["title"]?["text"]?.GetValue<string>() ?? figure.YTitle;
        var columns = new List<(string Header, double[] Values)>();
        int k = 0;
        foreach (var trace in figure.Traces)
        {
            if ((trace["type"]?.GetValue<string>() ?? "scatter") != "scatter") continue;
            var name = trace["name"]?.GetValue<string>() is { Length: > 0 } nm ? StripTags(nm) : $"series {k + 1}";
            k++;
            var yTitle = trace["yaxis"]?.GetValue<string>() == "y2" ? y2Title : figure.YTitle;
            columns.Add(($"{name}: {Fallback(figure.XTitle, "x")}", Values(trace["x"])));
            columns.Add(($"{name}: {Fallback(yTitle, "y")}", Values(trace["y"])));
            if (trace["error_y"]?["array"] is JsonArray ea) columns.Add(($"{name}: standard error of {Fallback(yTitle, "y")}", Values(ea)));
        }
        var sb = new StringBuilder();
        sb.AppendLine(string.Join(',', columns.Select(c => Quote(c.Header))));
        int rows = columns.Count == 0 ? 0 : columns.Max(c => c.Values.Length);
        for (int r = 0; r < rows; r++)
            sb.AppendLine(string.Join(',', columns.Select(c => r < c.Values.Length && double.IsFinite(c.Values[r]) ? c.Values[r].ToString("R", CultureInfo.InvariantCulture) : "")));
        return sb.ToString();
    }

    private static string Fallback(string s, string f) => string.IsNullOrWhiteSpace(s) ? f : StripTags(s);

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
