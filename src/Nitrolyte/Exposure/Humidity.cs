using Nitrolyte.Core;

namespace Nitrolyte.Exposure;

/// <summary>Coefficients of a Magnus formula e_s(T) = C exp(A T / (B + T)), T in °C, e_s in hPa.</summary>
public readonly record struct MagnusCoefficients(double A, double BCelsius, double CHpa, string Name);

/// <summary>
/// Humidity conversions between dew (frost) point, relative humidity and water partial pressure with the
/// Magnus formula e_s(T) = C exp(A T / (B + T)) (T in °C, e_s in hPa), coefficients of Alduchov &amp; Eskridge
/// (1996, J. Appl. Meteorol. 35, 601): over liquid water A = 17.625, B = 243.04 °C, C = 6.1094 hPa
/// (valid −40 to +50 °C); over ice A = 22.587, B = 273.86 °C, C = 6.1121 hPa (valid −80 to 0 °C).
/// A dew point below 0 °C is read as a frost point (saturation over ice), which is what chilled-mirror
/// dry-room hygrometers report at −50 °C; relative humidity is, by the meteorological (WMO) convention,
/// relative to saturation over liquid water at the air temperature.
/// </summary>
public static class Humidity
{
    public static readonly MagnusCoefficients OverWater = new(17.625, 243.04, 6.1094, "Magnus over water, Alduchov & Eskridge 1996 (17.625, 243.04 °C, 6.1094 hPa)");
    public static readonly MagnusCoefficients OverIce = new(22.587, 273.86, 6.1121, "Magnus over ice, Alduchov & Eskridge 1996 (22.587, 273.86 °C, 6.1121 hPa)");

    /// <summary>Describes the formulas used, for provenance in results.</summary>
    public const string Method = "Magnus formula, Alduchov & Eskridge (1996): over water e_s = 6.1094 exp(17.625 T/(243.04 + T)) hPa, " +
                                 "over ice (dew/frost points below 0 °C) e_s = 6.1121 exp(22.587 T/(273.86 + T)) hPa; RH relative to liquid water at the air temperature";

    /// <summary>Saturation vapour pressure (Pa) at T (°C) with the given coefficients.</summary>
    public static double SaturationPressurePa(double temperatureC, MagnusCoefficients c)
    {
        if (!(temperatureC > -PhysicalConstants.ZeroCelsiusK) || !double.IsFinite(temperatureC))
            throw new NitrolyteInputException($"temperature {temperatureC} °C is below absolute zero or not finite");
        return 100 * c.CHpa * Math.Exp(c.A * temperatureC / (c.BCelsius + temperatureC));
    }

    /// <summary>Saturation vapour pressure over liquid water (Pa) at T (°C): the RH reference.</summary>
    public static double SaturationOverWaterPa(double temperatureC) => SaturationPressurePa(temperatureC, OverWater);

    /// <summary>Water partial pressure (Pa) of air with the given dew point (°C); below 0 °C it is a frost point (ice).</summary>
    public static double PartialPressureFromDewPointPa(double dewPointC) =>
        SaturationPressurePa(dewPointC, dewPointC < 0 ? OverIce : OverWater);

    /// <summary>Dew point (°C; a frost point when below 0 °C) of air with water partial pressure e (Pa).</summary>
    public static double DewPointFromPartialPressureC(double partialPressurePa)
    {
        if (!(partialPressurePa > 0) || !double.IsFinite(partialPressurePa))
            throw new NitrolyteInputException($"water partial pressure {partialPressurePa} Pa must be positive");
        // Above the triple-point pressure (611.2 Pa, e_s at 0 °C) the water branch applies, below it the ice branch.
        var c = partialPressurePa >= 100 * OverWater.CHpa ? OverWater : OverIce;
        double l = Math.Log(partialPressurePa / (100 * c.CHpa));
        return c.BCelsius * l / (c.A - l);
    }

    /// <summary>Relative humidity (%) at air temperature T (°C) for a given dew point (°C).</summary>
    public static double RelativeHumidityFromDewPointPct(double dewPointC, double airTemperatureC)
    {
        if (dewPointC > airTemperatureC + 1e-9)
            throw new NitrolyteInputException($"dew point {dewPointC} °C is above the air temperature {airTemperatureC} °C (RH would exceed 100 %)");
        return 100 * PartialPressureFromDewPointPa(dewPointC) / SaturationOverWaterPa(airTemperatureC);
    }

    /// <summary>Dew point (°C) of air at T (°C) with relative humidity RH (%).</summary>
    public static double DewPointFromRelativeHumidityC(double relativeHumidityPct, double airTemperatureC)
    {
        if (!(relativeHumidityPct > 0 && relativeHumidityPct <= 100))
            throw new NitrolyteInputException($"relative humidity {relativeHumidityPct} % must be in (0, 100]");
        return DewPointFromPartialPressureC(PartialPressureFromRelativeHumidityPa(relativeHumidityPct, airTemperatureC));
    }

    /// <summary>Water partial pressure (Pa) of air at T (°C) with relative humidity RH (%).</summary>
    public static double PartialPressureFromRelativeHumidityPa(double relativeHumidityPct, double airTemperatureC) =>
        relativeHumidityPct / 100 * SaturationOverWaterPa(airTemperatureC);

    /// <summary>Relative humidity (%) at T (°C) for water partial pressure e (Pa).</summary>
    public static double RelativeHumidityFromPartialPressurePct(double partialPressurePa, double airTemperatureC) =>
        100 * partialPressurePa / SaturationOverWaterPa(airTemperatureC);
}
