using Nitrolyte.Core;
using Nitrolyte.Migration;

namespace Nitrolyte.Tests.Migration;

public class BvseParameterTests
{
    // Reference values from issue 6 (softBV 2020 parameters through Rmin = R0 (0.9185 + 0.2285 |sA - sX|) + b ln(CN/VA)
    // and D0 = 14.4 VA VX b^2 / (2 Rmin sqrt(nA nX))).
    [Theory]
    [InlineData("N", 2.0120, 2.1780)]
    [InlineData("Cl", 2.4659, 0.4791)]
    [InlineData("S", 2.3778, 1.0542)]
    public void RminAndD0MatchTheIssueValues(string anion, double rmin, double d0)
    {
        var p = BvseParameters.Pair("Li", anion);
        Assert.Equal(rmin, p.RminA, 4);
        Assert.Equal(d0, p.D0EV, 4);
    }

    [Fact]
    public void MorsePairHasItsMinimumDepthD0AtRmin()
    {
        var p = BvseParameters.Pair("Li", "N");
        Assert.Equal(-p.D0EV, p.Energy(p.RminA), 12);
        // analytic: E(Rmin + b ln 2) = D0 [(1/2 - 1)^2 - 1] = -3/4 D0
        Assert.Equal(-0.75 * p.D0EV, p.Energy(p.RminA + p.BA * Math.Log(2)), 12);
        Assert.True(p.Energy(p.RminA - 0.1) > -p.D0EV && p.Energy(p.RminA + 0.1) > -p.D0EV);
    }

    [Fact]
    public void HydrideSoftnessIsNotKnownAndSaysSo()
    {
        Assert.False(BvseParameters.TryGetSoftness("H", out _, out var msg));
        Assert.Contains("no value known", msg);
        var e = Assert.Throws<NitrolyteInputException>(() => BvseParameters.Softness("H"));
        Assert.Contains("no value known", e.Message);
        Assert.Contains("no value known", Assert.Throws<NitrolyteInputException>(() => BvseParameters.Pair("Li", "H")).Message);
    }

    [Fact]
    public void TablesCarryAllIssueValues()
    {
        Assert.Equal(0.02847, BvseParameters.Softness("Li"));
        Assert.Equal(0.22433, BvseParameters.Softness("S"));
        Assert.Equal(1.22, BvseParameters.Ion("Ge")!.RadiusA);
        Assert.Equal(4, BvseParameters.Ion("Ge")!.PrincipalN);
        Assert.Equal(0.71, BvseParameters.Ion("B")!.RadiusA);
        foreach (var x in new[] { "N", "O", "F", "Cl", "Br", "I", "S", "Se" })
            Assert.True(BvseParameters.Pair("Li", x).D0EV > 0);
        Assert.Equal(7.0, BvseParameters.Pair("Li", "Se").CutoffA);
    }
}
