namespace Nitrolyte.Exposure;

/// <summary>
/// One conductivity measurement after an exposure: time in hours since the exposure began, σ (S/cm, measured at
/// the stated temperature, usually 25 °C) with its standard error (NaN when unknown), the atmosphere label and,
/// when given, the dew point (°C), relative humidity (%) and air temperature (°C) of that atmosphere.
/// </summary>
public sealed record ExposurePoint(
    double TimeH, double SigmaSPerCm, double SigmaStdErrSPerCm, string Atmosphere,
    double? DewPointC = null, double? RelativeHumidityPct = null, double? AirTemperatureC = null);
