using Nitrolyte.Core;
using Nitrolyte.Reports;
using Nitrolyte.Reports.Figures;

namespace Nitrolyte.Tests.Reports;

/// <summary>Static SVG/PNG figures for papers (issue 13): size, axis titles with units, log and °C axes, data export.</summary>
public class StaticFigureWriterTests
{
    private static PlotFigure Arrhenius()
    {
        double[] invT = [2.6, 2.8, 3.0, 3.2, 3.35];
        double[] sigma = [2e-3, 9e-4, 4e-4, 1.6e-4, 8e-5];
        return new PlotFigure { Title = "Arrhenius", XTitle = "1000/T (1/K)", YTitle = "σ (S/cm)", LogY = true }
            .Add(PlotFigure.Markers("pellet", invT, sigma, errorY: sigma.Select(s => 0.05 * s)))
            .Add(PlotFigure.Line("pellet: Ea = 0.40 eV", invT, sigma, dash: "dash"));
    }

    [Fact]
    public void SvgHasAxisTitlesDecadeLabelsAndCelsiusAxis()
    {
        var svg = StaticFigureWriter.RenderSvg(Arrhenius(), FigureSize.Default);
        Assert.Contains("<svg", svg);
        Assert.Contains("width=\"85mm\" height=\"70mm\"", svg);
        Assert.Contains("1000/T (1/K)", svg);
        Assert.Contains("σ (S/cm)", svg);
        Assert.Contains("10⁻³", svg);          // decade labels on the log axis
        Assert.Contains("°C", svg);             // the secondary temperature axis
        Assert.Contains("pellet: Ea = 0.40 eV", svg);
        Assert.DoesNotContain(">pellet<", svg); // the data entry is merged into its fit's legend entry
    }

    [Fact]
    public void SvgDashesTheFittedLineWithAStrokeDasharrayInItsOwnColour()
    {
        // Skia's SVG canvas draws dashes solid; the writer draws a dashed line in a stand-in colour and rewrites it
        var svg = StaticFigureWriter.RenderSvg(Arrhenius(), FigureSize.Default);
        var dashed = System.Text.RegularExpressions.Regex.Matches(svg, "<path[^>]*stroke-dasharray=\"6 4\"[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(dashed);
        Assert.All(dashed, p => Assert.DoesNotContain("#FE01", p, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("#FE01", svg, StringComparison.OrdinalIgnoreCase); // no stand-in colour left anywhere
        // the data markers stay undashed: only the fitted line (and its legend swatch) carry the dash array
        Assert.True(dashed.Count <= 2, $"{dashed.Count} dashed paths");
        var solidOnly = StaticFigureWriter.RenderSvg(new PlotFigure { Title = "solid", XTitle = "x", YTitle = "y" }.Add(PlotFigure.Line("a", [1.0, 2, 3], [1.0, 2, 3])), FigureSize.Default);
        Assert.DoesNotContain("stroke-dasharray", solidOnly);
    }

    [Fact]
    public void PngHasThePrintedSizeAtTheRequestedDpi()
    {
        var png = StaticFigureWriter.RenderPng(Arrhenius(), new FigureSize(85, 70, 300));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], png[..4]);
        int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
        Assert.Equal(85 / 25.4 * 300, width, 0.01 * width);
        Assert.Equal(70 / 25.4 * 300, height, 0.01 * height);
    }

    [Fact]
    public void WriteChoosesTheFormatByExtensionAndRefusesOthers()
    {
        var dir = Directory.CreateTempSubdirectory("fig").FullName;
        try
        {
            StaticFigureWriter.Write(Arrhenius(), Path.Combine(dir, "a.svg"), FigureSize.Default);
            StaticFigureWriter.Write(Arrhenius(), Path.Combine(dir, "a.png"), new FigureSize(40, 30, 100));
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "a.svg")));
            Assert.Equal(0x89, File.ReadAllBytes(Path.Combine(dir, "a.png"))[0]);
            var ex = Assert.Throws<NitrolyteInputException>(() => StaticFigureWriter.Write(Arrhenius(), Path.Combine(dir, "a.pdf"), FigureSize.Default));
            Assert.Contains(".svg or .png", ex.Message);
            Assert.Equal(2, Directory.GetFiles(dir).Length); // nothing half-written beside them
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void DataCsvHasOneNamedColumnPerSeriesWithUnits()
    {
        var csv = StaticFigureWriter.DataCsv(Arrhenius()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("pellet: 1000/T (1/K),pellet: σ (S/cm),pellet: standard error of σ (S/cm),pellet: Ea = 0.40 eV: 1000/T (1/K),pellet: Ea = 0.40 eV: σ (S/cm)", csv[0].TrimEnd('\r'));
        Assert.Equal(6, csv.Length);
        Assert.StartsWith("2.6,0.002,0.0001,2.6,0.002", csv[1]);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(500, "500")]
    [InlineData(1500, "1.5k")]
    [InlineData(10000, "10k")]
    [InlineData(2.5e6, "2.5M")]
    [InlineData(-2000, "-2k")]
    [InlineData(0.002, "2m")]
    public void EngineeringTickLabels(double v, string expected) => Assert.Equal(expected, StaticFigureWriter.Engineering(v));

    [Theory]
    [InlineData("85x70mm", 300, 85, 70, 300)]
    [InlineData("17x10cm", null, 170, 100, 300)]
    [InlineData("3.3x2.8in", 600, 83.82, 71.12, 600)]
    [InlineData(null, null, 85, 70, 300)]
    public void SizeParsing(string? size, int? dpi, double w, double h, int d)
    {
        var s = FigureSize.Parse(size, dpi);
        Assert.Equal(w, s.WidthMm, 6);
        Assert.Equal(h, s.HeightMm, 6);
        Assert.Equal(d, s.Dpi);
    }

    [Theory]
    [InlineData("85", null, "WIDTHxHEIGHT")]
    [InlineData("5x5mm", null, "between 20 and 500 mm")]
    [InlineData("85x70", 20, "--dpi must be between 72 and 1200")]
    public void BadSizesAreRefused(string size, int? dpi, string expected) =>
        Assert.Contains(expected, Assert.Throws<NitrolyteInputException>(() => FigureSize.Parse(size, dpi)).Message);
}
