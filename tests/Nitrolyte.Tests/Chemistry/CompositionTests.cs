using Nitrolyte.Chemistry;
using Nitrolyte.Core;

namespace Nitrolyte.Tests.Chemistry;

public class CompositionTests
{
    [Fact]
    public void WeightFractionsSumToOneAndMatchHandValues()
    {
        var c = Composition.Parse("Li3N");
        Assert.Equal(1.0, c.WeightFractions.Values.Sum(), 12);
        Assert.Equal(3 * 6.94 / 34.827, c.WeightFractions["Li"], 12);
        Assert.Equal(14.007 / 34.827, c.WeightFractions["N"], 12);
    }

    [Theory]
    [InlineData("Li9N2Cl3", "Li9N2Cl3", true)]
    [InlineData("Li2.5N0.5S0.5", "Li5NS", true)]
    [InlineData("Li4N2", "Li2N", true)]
    [InlineData("Li7N2I-0.5LiOH", "Li15N4I2OH", true)]
    [InlineData("Li0.3333333N0.6666667", "LiN2", true)]
    [InlineData("Li_{2.94}PO_{3.5}N_{0.31}", "Li2.94PO3.5N0.31", false)]
    public void ReducedFormula(string formula, string reduced, bool integer)
    {
        var r = Composition.Parse(formula).Reduce();
        Assert.Equal(reduced, r.Composition.Formula);
        Assert.Equal(integer, r.IsInteger);
        Assert.Equal(reduced, Composition.Parse(formula).ReducedFormula);
    }

    [Fact]
    public void ReducedFactorRelatesWrittenAndReducedUnits()
    {
        var r = Composition.Parse("Li2.5N0.5S0.5").Reduce();
        Assert.Equal(0.5, r.Factor, 12);
        Assert.Equal(Composition.Parse("Li2.5N0.5S0.5").MolarMassGPerMol, r.Factor * r.Composition.MolarMassGPerMol, 9);
    }

    [Fact]
    public void PerAnionViewOfLi9N2Cl3()
    {
        var c = Composition.Parse("Li9N2Cl3");
        var pa = c.PerAnion();
        Assert.Equal(1.8, pa["Li"], 12);
        Assert.Equal(0.4, pa["N"], 12);
        Assert.Equal(0.6, pa["Cl"], 12);
        Assert.Equal("Li_{1.8}N_{0.4}Cl_{0.6}", pa.SubscriptedFormula);
        Assert.Equal(["N", "Cl"], c.Anions);
        Assert.Equal(["Li"], c.Cations);
    }

    [Theory]
    [InlineData("Li9N2Cl3", "Li:1,N:-3,Cl:-1", true)]
    [InlineData("Li2NH", "Li:1,N:-3,H:1", true)]
    [InlineData("LiNH2", "Li:1,N:-3,H:1", true)]
    [InlineData("LiH", "Li:1,H:-1", true)]
    [InlineData("Li3BN2", "Li:1,B:3,N:-3", true)]
    [InlineData("Li_{2.94}PO_{3.5}N_{0.31}", "Li:1,P:5,O:-2,N:-3", true)]
    [InlineData("Li10GeP2S12", "Li:1,Ge:4,P:5,S:-2", true)]
    [InlineData("Li2.73Ho1.09Cl6", "Li:1,Ho:3,Cl:-1", true)]
    [InlineData("Li[N(CN)2]", "Li:1,N:-3,C:4", true)]
    [InlineData("Li1.35Si0.79P0.21O1.96N0.96", "Li:1,Si:4,P:5,O:-2,N:-3", false)]
    public void OxidationStates(string formula, string states, bool balanced)
    {
        var g = Composition.Parse(formula).GuessOxidationStates();
        var expected = states.Split(',').Select(s => s.Split(':')).ToDictionary(a => a[0], a => int.Parse(a[1]));
        Assert.Equal(expected, g.States.ToDictionary(kv => kv.Key, kv => kv.Value));
        Assert.Equal(balanced, g.IsBalanced);
    }

    [Fact]
    public void NoAnionMeansNoPerAnionView()
    {
        Assert.Throws<NitrolyteInputException>(() => Composition.Parse("Li").PerAnion());
    }

    [Fact]
    public void ExistingApiStillWorks()
    {
        var c = Composition.Parse("Li2.5N0.5S0.5");
        Assert.Equal("Li2.5N0.5S0.5", c.Formula);
        Assert.Equal(2.5, c["Li"]);
        Assert.Equal(0, c["Cl"]);
        Assert.Equal(3, c.Amounts.Count);
        Assert.Equal(Composition.Parse("Li5NS"), c.Scale(2));
    }
}
