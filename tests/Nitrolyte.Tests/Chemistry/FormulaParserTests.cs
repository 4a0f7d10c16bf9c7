using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Tests.Chemistry;

public class FormulaParserTests
{
    // Hand-computed sums of IUPAC 2021 conventional/abridged atomic weights:
    // Li 6.94, N 14.007, H 1.008, Cl 35.45, S 32.06, O 15.999, P 30.974, I 126.90, C 12.011, Si 28.085
    [Theory]
    [InlineData("Li3N", 3 * 6.94 + 14.007)]                     // 34.827
    [InlineData("Li2NH", 2 * 6.94 + 14.007 + 1.008)]            // 28.895
    [InlineData("LiNH2", 6.94 + 14.007 + 2 * 1.008)]            // 22.963
    [InlineData("LiCl", 6.94 + 35.45)]                          // 42.39
    [InlineData("Li9N2Cl3", 9 * 6.94 + 2 * 14.007 + 3 * 35.45)] // 196.824
    [InlineData("Li2S", 2 * 6.94 + 32.06)]                      // 45.94
    [InlineData("LiI", 6.94 + 126.90)]
    [InlineData("Li2.5N0.5S0.5", 2.5 * 6.94 + 0.5 * 14.007 + 0.5 * 32.06)]
    [InlineData("Li_{2.94}PO_{3.5}N_{0.31}", 2.94 * 6.94 + 30.974 + 3.5 * 15.999 + 0.31 * 14.007)]
    [InlineData("Li1.35Si0.79P0.21O1.96N0.96", 1.35 * 6.94 + 0.79 * 28.085 + 0.21 * 30.974 + 1.96 * 15.999 + 0.96 * 14.007)]
    [InlineData("Li(C6N4)", 6.94 + 6 * 12.011 + 4 * 14.007)]
    [InlineData("Li[N(CN)2]", 6.94 + 3 * 14.007 + 2 * 12.011)]
    [InlineData("Li4(OH)3Cl", 4 * 6.94 + 3 * (15.999 + 1.008) + 35.45)]
    [InlineData("LiCl·2H2O", 6.94 + 35.45 + 2 * (2 * 1.008 + 15.999))]
    [InlineData("LiCl.2H2O", 6.94 + 35.45 + 2 * (2 * 1.008 + 15.999))]
    [InlineData("LiCl*H2O", 6.94 + 35.45 + 2 * 1.008 + 15.999)]
    [InlineData("LiCl · 2H2O", 6.94 + 35.45 + 2 * (2 * 1.008 + 15.999))]
    [InlineData("Li7N2I-0.5LiOH", 7 * 6.94 + 2 * 14.007 + 126.90 + 0.5 * (6.94 + 15.999 + 1.008))]
    [InlineData("1Li3N-2LiI-0.77LiOH", 3 * 6.94 + 14.007 + 2 * (6.94 + 126.90) + 0.77 * (6.94 + 15.999 + 1.008))]
    [InlineData("Li3N+LiCl", 4 * 6.94 + 14.007 + 35.45)]
    [InlineData("2Li3N·3LiCl", 9 * 6.94 + 2 * 14.007 + 3 * 35.45)]
    [InlineData("Li₉N₂Cl₃", 9 * 6.94 + 2 * 14.007 + 3 * 35.45)]
    [InlineData("Li_3N", 3 * 6.94 + 14.007)]
    public void MolarMassIsTheSumOfIupacWeights(string formula, double expected)
    {
        Assert.Equal(expected, Composition.Parse(formula).MolarMassGPerMol, 9);
    }

    [Fact]
    public void AtomicWeightsAreTheIupac2021ConventionalValues()
    {
        var expected = new Dictionary<string, double>
        {
            ["H"] = 1.008, ["Li"] = 6.94, ["B"] = 10.81, ["C"] = 12.011, ["N"] = 14.007, ["O"] = 15.999, ["Mg"] = 24.305,
            ["Si"] = 28.085, ["S"] = 32.06, ["Cl"] = 35.45, ["Br"] = 79.904, ["Ge"] = 72.630, ["P"] = 30.974, ["I"] = 126.90,
            ["Al"] = 26.982, ["Ho"] = 164.93, ["In"] = 114.82, ["La"] = 138.91, ["Zr"] = 91.222, ["Tc"] = 97, ["Og"] = 294,
        };
        foreach (var (el, w) in expected) Assert.Equal(w, Element.FromSymbol(el).AtomicWeightGPerMol, 9);
        Assert.Equal(118, Element.All.Count);
        Assert.All(Element.All, e => Assert.InRange(e.AtomicWeightGPerMol, 1, 300));
        // monotone except the few known inversions (Ar/K, Co/Ni, Te/I, Th/Pa, U/Np, Pu/Am...)
        Assert.True(Element.All.Zip(Element.All.Skip(1)).Count(p => p.Second.AtomicWeightGPerMol < p.First.AtomicWeightGPerMol) <= 8);
    }

    [Fact]
    public void AmountsOfEveryNotation()
    {
        Assert.Equal(Comp(("Li", 2.94), ("P", 1), ("O", 3.5), ("N", 0.31)), Composition.Parse("Li_{2.94}PO_{3.5}N_{0.31}"));
        Assert.Equal(Comp(("Li", 1), ("C", 6), ("N", 4)), Composition.Parse("Li(C6N4)"));
        Assert.Equal(Comp(("Li", 1), ("N", 3), ("C", 2)), Composition.Parse("Li[N(CN)2]"));
        Assert.Equal(Comp(("Li", 4), ("O", 3), ("H", 3), ("Cl", 1)), Composition.Parse("Li4(OH)3Cl"));
        Assert.Equal(Comp(("Li", 1), ("Cl", 1), ("H", 4), ("O", 2)), Composition.Parse("LiCl·2H2O"));
        Assert.Equal(Comp(("Li", 7.5), ("N", 2), ("I", 1), ("O", 0.5), ("H", 0.5)), Composition.Parse("Li7N2I-0.5LiOH"));
        Assert.Equal(Comp(("Li", 5.77), ("N", 1), ("I", 2), ("O", 0.77), ("H", 0.77)), Composition.Parse("1Li3N-2LiI-0.77LiOH"));
        Assert.Equal(Comp(("Li", 2.5), ("N", 0.5), ("S", 0.5)), Composition.Parse("Li2.5N0.5S0.5"));
        // a dot between digits is a decimal point, otherwise an adduct separator
        Assert.Equal(Comp(("Li", 1), ("Cl", 2.5), ("H", 2), ("O", 1)), Composition.Parse("LiCl2.5H2O"));
        Assert.Equal(Comp(("Li", 1), ("Cl", 2), ("H", 10), ("O", 5)), Composition.Parse("LiCl2·5H2O"));
        Assert.Equal(Comp(("Li", 4), ("N", 1), ("Cl", 1)), Composition.Parse("Li3N.LiCl"));
        Assert.Equal(Comp(("Li", 9), ("N", 2), ("Cl", 3)), Composition.Parse("2Li3N-3LiCl"));
        Assert.Equal(Comp(("Ca", 1), ("C", 1), ("O", 3)), Composition.Parse("CaCO3"));
        Assert.Equal(Comp(("Co", 1)), Composition.Parse("Co"));
    }

    [Theory]
    [InlineData("", "empty formula")]
    [InlineData("LiXx2", "unknown element 'Xx' at position 3")]
    [InlineData("Li3Q", "unknown element 'Q' at position 4")]
    [InlineData("li3N", "position 1")]
    [InlineData("Li(N", "never closed")]
    [InlineData("Li]N", "unmatched ']' at position 3")]
    [InlineData("Li3N-", "expected a formula after '-'")]
    [InlineData("LiCl·", "expected a formula after")]
    [InlineData("Li3N,LiCl", "unexpected character ',' at position 5")]
    [InlineData("Li_{2.94PO", "never closed")]
    [InlineData("Li_x", "expected a number after '_'")]
    [InlineData("Li()", "empty group")]
    [InlineData("0Li3N", "coefficient must be positive")]
    [InlineData("2", "expected an element symbol")]
    public void MalformedFormulasNameTheFormulaAndPosition(string formula, string expected)
    {
        var e = Assert.Throws<NitrolyteInputException>(() => Composition.Parse(formula));
        Assert.Contains(expected, e.Message);
        if (formula.Length > 0) Assert.Contains($"'{formula}'", e.Message);
    }

    private static Composition Comp(params (string El, double N)[] x) => new(x.Select(t => new KeyValuePair<string, double>(t.El, t.N)));
}
