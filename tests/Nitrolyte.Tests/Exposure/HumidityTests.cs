using Nitrolyte.Core;
using Nitrolyte.Exposure;

namespace Nitrolyte.Tests.Exposure;

/// <summary>Each conversion against a value computed by hand from the Magnus formula (Alduchov &amp; Eskridge 1996).</summary>
public class HumidityTests
{
    [Fact]
    public void SaturationOverWaterAt25C()
    {
        // 17.625 × 25 / (243.04 + 25) = 1.643878; e^1.643878 = 5.17528; × 610.94 Pa = 3161.7 Pa
        Assert.Equal(3161.74, Humidity.SaturationOverWaterPa(25), 1);
    }

    [Fact]
    public void FrostPointMinus55CUsesIce()
    {
        // 22.587 × (−55) / (273.86 − 55) = −5.67628; e^−5.67628 = 3.4267e-3; × 611.21 Pa = 2.0944 Pa
        Assert.Equal(2.0944, Humidity.PartialPressureFromDewPointPa(-55), 3);
        // the water branch would give a different (larger) pressure: the branch matters in a dry room
        Assert.True(Humidity.SaturationPressurePa(-55, Humidity.OverWater) > 1.3 * Humidity.PartialPressureFromDewPointPa(-55));
    }

    [Fact]
    public void DryRoomRelativeHumidityAt25C()
    {
        // 2.0944 Pa / 3161.74 Pa = 0.06624 %: seed 002's "dew point −50 to −60 °C, < 0.3 % RH" is consistent
        Assert.Equal(0.06624, Humidity.RelativeHumidityFromDewPointPct(-55, 25), 4);
    }

    [Fact]
    public void DewPointOf50PercentAt25C()
    {
        // e = 0.5 × 3161.74 = 1580.87 Pa; l = ln(1580.87/610.94) = 0.95071; Td = 243.04 l / (17.625 − l) = 13.858 °C
        Assert.Equal(13.858, Humidity.DewPointFromRelativeHumidityC(50, 25), 2);
    }

    [Fact]
    public void FrostPointOfOnePascal()
    {
        // l = ln(1/611.21) = −6.41544; Tf = 273.86 l / (22.587 − l) = −60.579 °C
        Assert.Equal(-60.579, Humidity.DewPointFromPartialPressureC(1.0), 2);
    }

    [Theory]
    [InlineData(-70)]
    [InlineData(-55)]
    [InlineData(-10)]
    [InlineData(0.5)]
    [InlineData(20)]
    public void DewPointRoundTripsThroughPressureAndRh(double dew)
    {
        Assert.Equal(dew, Humidity.DewPointFromPartialPressureC(Humidity.PartialPressureFromDewPointPa(dew)), 9);
        double rh = Humidity.RelativeHumidityFromDewPointPct(dew, 25);
        Assert.Equal(dew, Humidity.DewPointFromRelativeHumidityC(rh, 25), 9);
    }

    [Fact]
    public void ImpossibleInputsAreRefused()
    {
        Assert.Throws<NitrolyteInputException>(() => Humidity.RelativeHumidityFromDewPointPct(30, 25));
        Assert.Throws<NitrolyteInputException>(() => Humidity.DewPointFromRelativeHumidityC(0, 25));
        Assert.Throws<NitrolyteInputException>(() => Humidity.DewPointFromPartialPressureC(-1));
    }
}
