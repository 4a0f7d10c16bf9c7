using System.Text.RegularExpressions;
using Nitrolyte.Library;

namespace Nitrolyte.Tests.Library;

/// <summary>The reference electrolytes beyond the nitrides (issue 14): each with σ(25 °C), Ea and a primary citation.</summary>
public class ReferenceElectrolytesTests
{
    private static readonly IReadOnlyList<LiteratureEntry> Lib = LiteratureDataFile.LoadEmbedded().Entries;

    [Theory]
    // id, formula, family, σ (S/cm) as stated, T (°C), Ea (eV), a fragment of the citation
    [InlineData("llzo-cubic", "Li7La3Zr2O12", "oxide", 3.0e-4, 25, 0.32, "Murugan")]
    [InlineData("latp", "Li1.3Al0.3Ti1.7P3O12", "oxide", 7.0e-4, 25, 0.30, "Aono")]
    [InlineData("lagp", "Li1.5Al0.5Ge1.5P3O12", "oxide", 4.0e-4, 25, 0.38, "Fu")]
    [InlineData("li6ps5cl", "Li6PS5Cl", "sulfide", 1.33e-3, 25, 0.35, "Boulineau")]
    [InlineData("li7p3s11", "Li7P3S11", "sulfide", 1.7e-2, 25, 0.176, "Seino")]
    [InlineData("lgps", "Li10GeP2S12", "sulfide", 1.2e-2, 27, 0.25, "Kamaya")]
    [InlineData("li3incl6", "Li3InCl6", "halide", 1.49e-3, 25, 0.34, "Li")]
    [InlineData("li3ycl6", "Li3YCl6", "halide", 5.1e-4, 25, 0.40, "Asano")]
    public void RowCarriesSigmaEaAndACitation(string id, string formula, string family, double sigma, double tC, double ea, string author)
    {
        var e = Lib.Single(x => x.Id == id);
        Assert.Equal(formula, e.Formula);
        Assert.Equal(family, e.Family);
        Assert.Equal(sigma, e.SigmaSPerCm!.Value, sigma * 1e-9);
        Assert.Equal(tC, e.TemperatureC!.Value, 9);
        Assert.Equal(ea, e.EaEV!.Value, 9);
        Assert.NotNull(e.Sigma25C);
        Assert.Null(e.ReviewTable); // not a row of the review's tables
        Assert.Contains(author, e.Source);
        Assert.Matches(new Regex(@"(19|20)\d\d, \d+, \d+"), e.Source); // journal year, volume, page
        Nitrolyte.Chemistry.Composition.Parse(e.Formula!);
        // σ(25 °C) of a value stated at 27 °C is moved along the σT line, and only slightly
        if (tC != 25) Assert.InRange(e.Sigma25C!.Value / sigma, 0.9, 1.0);
    }

    [Fact]
    public void ApproximateNumbersSaySoInTheNotes()
    {
        foreach (var id in new[] { "llzo-cubic", "latp", "lagp", "li6ps5cl", "li3incl6", "li3ycl6" })
            Assert.Contains("not re-checked", Lib.Single(x => x.Id == id).Notes);
    }

    [Fact]
    public void LiponIsInTheLibraryFromTable1()
    {
        Assert.Contains(Lib, e => e.Family == "lipon" && e.Name.Contains("(LiPON)") && e.SigmaSPerCm is > 0 && e.EaEV is > 0 && e.Source.Contains("Bates"));
    }

    [Fact]
    public void AlphaLi3NIsP6mmm()
    {
        var rows = Lib.Where(e => e.Id.StartsWith("alpha-li3n", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, e => Assert.Equal("P6/mmm", e.SpaceGroup));
        Assert.DoesNotContain(Lib, e => e.SpaceGroup == "P6_3/mmm");
        Assert.Equal("P6_3/mmc", Lib.Single(e => e.Id == "beta-li3n").SpaceGroup); // β stays P6₃/mmc
    }

    [Fact]
    public void TheDataFileVersionWasBumped()
    {
        Assert.Equal("2026-12-04.1", LiteratureDataFile.LoadEmbedded().Version);
    }
}
