using System.Text.RegularExpressions;
using ScottPlot;

namespace Nitrolyte.Reports.Figures;

/// <summary>
/// Dashed lines in SVG figures. Skia's SVG canvas has no dash effect (a dashed ScottPlot line comes out solid), so a
/// dashed line is drawn in a stand-in colour reserved for it (<c>#FE01nn</c>, one per line) and <see cref="Apply"/>
/// rewrites that colour in the finished SVG into the line's own colour plus a <c>stroke-dasharray</c>, the SVG way to
/// dash a stroke. Legend swatches drawn with the same colour are dashed too; a fill in the stand-in colour gets the
/// real colour back.
/// </summary>
internal sealed class SvgDashes
{
    private readonly List<(string StandIn, string Real, string DashArray)> _lines = [];

    /// <summary>The stand-in colour for a line of colour <paramref name="real"/> drawn with plotly dash style
    /// <paramref name="dash"/> ("dash", "dot", "dashdot"), in layout pixels for a 1.5 px line.</summary>
    public Color StandIn(Color real, string dash)
    {
        int k = _lines.Count + 1;
        if (k > 255) return real; // more dashed lines than stand-ins: drawn solid
        var standIn = new Color(0xFE, 0x01, (byte)k, real.A);
        string array = dash switch { "dot" => "1.5 3", "dashdot" => "6 3 1.5 3", _ => "6 4" };
        _lines.Add((Hex(standIn), Hex(real), array));
        return standIn;
    }

    public string Apply(string svg)
    {
        foreach (var (standIn, real, array) in _lines)
        {
            svg = Regex.Replace(svg, $"stroke=\"{standIn}\"", $"stroke=\"{real}\" stroke-dasharray=\"{array}\"", RegexOptions.IgnoreCase);
            svg = Regex.Replace(svg, $"fill=\"{standIn}\"", $"fill=\"{real}\"", RegexOptions.IgnoreCase);
        }
        return svg;
    }

    private static string Hex(Color c) => $"#{c.R:X2}{c.G:X2}{c.B:X2}";
}
