using System.Globalization;
using Nitrolyte.Core;

namespace Nitrolyte.Reports.Figures;

/// <summary>
/// The printed size of a static figure: width × height in millimetres and the raster resolution (PNG only; SVG is
/// vector). The default, 85 × 70 mm at 300 dpi, is a one-column figure in most journals.
/// </summary>
public sealed record FigureSize(double WidthMm = 85, double HeightMm = 70, int Dpi = 300)
{
    public static readonly FigureSize Default = new();

    /// <summary>Pixels at 96 dpi (the unit ScottPlot lays out in); PNG output is scaled up by <see cref="Scale"/>.</summary>
    public int LayoutWidthPx => (int)Math.Round(WidthMm / 25.4 * 96);
    public int LayoutHeightPx => (int)Math.Round(HeightMm / 25.4 * 96);
    public double Scale => Dpi / 96.0;

    /// <summary>Parses "85x70mm", "85x70", "3.3x2.8in", "170 x 100 mm" and a dpi; refuses sizes outside 20-500 mm and 72-1200 dpi.</summary>
    public static FigureSize Parse(string? size, int? dpi)
    {
        double w = 85, h = 70;
        if (!string.IsNullOrWhiteSpace(size))
        {
            var s = size.Trim().ToLowerInvariant().Replace(" ", "");
            double unit = 1;
            if (s.EndsWith("mm")) s = s[..^2];
            else if (s.EndsWith("cm")) { s = s[..^2]; unit = 10; }
            else if (s.EndsWith("in")) { s = s[..^2]; unit = 25.4; }
            var parts = s.Split(['x', '×', '*']);
            if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out w)
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out h))
                throw new NitrolyteInputException($"--size '{size}' is not WIDTHxHEIGHT (e.g. 85x70mm, 17x10cm, 3.3x2.8in)");
            w *= unit; h *= unit;
        }
        if (!(w >= 20 && w <= 500 && h >= 20 && h <= 500))
            throw new NitrolyteInputException($"--size must be between 20 and 500 mm on each side (got {w.ToString("G4", CultureInfo.InvariantCulture)} x {h.ToString("G4", CultureInfo.InvariantCulture)} mm)");
        int d = dpi ?? 300;
        if (d < 72 || d > 1200) throw new NitrolyteInputException($"--dpi must be between 72 and 1200 (got {d})");
        return new FigureSize(w, h, d);
    }
}
