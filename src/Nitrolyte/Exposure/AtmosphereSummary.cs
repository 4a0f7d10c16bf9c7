namespace Nitrolyte.Exposure;

/// <summary>
/// An atmosphere described both ways: dew point (°C, a frost point below 0 °C), RH (%) at the air temperature and
/// water partial pressure (Pa). Values not given in the data are derived by <see cref="Humidity"/> (Magnus) and
/// <see cref="Derived"/> says which; when no air temperature was given, 25 °C is assumed and said.
/// </summary>
public sealed record AtmosphereSummary(
    string Label,
    double? DewPointC, double? DewPointMinC, double? DewPointMaxC,
    double? RelativeHumidityPct, double? RelativeHumidityMinPct, double? RelativeHumidityMaxPct,
    double? WaterPartialPressurePa, double AirTemperatureC, bool AirTemperatureAssumed,
    string? Derived)
{
    public const double DefaultAirTemperatureC = 25;

    /// <summary>"dew point −55 °C (−50 to −60 °C)", or "RH 4 % (3–5 %)", or the label alone.</summary>
    public string Describe()
    {
        static string F(double v) => v.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture).Replace("-", "−");
        // Dew point is the natural unit of a dry room (RH below 1 %); RH is the natural unit of humid air.
        // Said the way the data gave it (a dew point, or an RH); a dry room below 1 % RH is said by its dew point.
        bool rhGiven = Derived?.StartsWith("rh given") == true;
        bool useDew = DewPointC is not null && (!rhGiven || RelativeHumidityPct < 1);
        if (useDew)
        {
            var range = DewPointMinC is { } lo && DewPointMaxC is { } hi && hi - lo > 0.05 ? $" ({F(hi)} to {F(lo)} °C)" : "";
            return $"dew point {F(DewPointC!.Value)} °C{range}";
        }
        if (RelativeHumidityPct is { } rh)
        {
            var range = RelativeHumidityMinPct is { } lo && RelativeHumidityMaxPct is { } hi && hi - lo > 0.05 ? $" ({F(lo)}–{F(hi)} %)" : "";
            return $"{F(rh)} % RH{range} at {F(AirTemperatureC)} °C";
        }
        return Label;
    }

    public static AtmosphereSummary From(string label, IReadOnlyList<ExposurePoint> points)
    {
        var airGiven = points.Where(p => p.AirTemperatureC is not null).Select(p => p.AirTemperatureC!.Value).ToList();
        bool assumed = airGiven.Count == 0;
        double air = assumed ? DefaultAirTemperatureC : airGiven.Average();
        var dews = points.Where(p => p.DewPointC is not null).Select(p => p.DewPointC!.Value).ToList();
        var rhs = points.Where(p => p.RelativeHumidityPct is not null).Select(p => p.RelativeHumidityPct!.Value).ToList();
        if (dews.Count > 0)
        {
            // Average the water content (partial pressure), not the logarithmic dew point.
            double e = dews.Average(Humidity.PartialPressureFromDewPointPa);
            double dew = Humidity.DewPointFromPartialPressureC(e);
            double rh = Humidity.RelativeHumidityFromPartialPressurePct(e, air);
            bool rhGiven = rhs.Count > 0;
            return new AtmosphereSummary(label, dew, dews.Min(), dews.Max(),
                rhGiven ? rhs.Average() : rh,
                rhGiven ? rhs.Min() : Humidity.RelativeHumidityFromDewPointPct(dews.Min(), air),
                rhGiven ? rhs.Max() : Humidity.RelativeHumidityFromDewPointPct(dews.Max(), air),
                e, air, assumed, rhGiven ? null : $"dew point given; RH derived at {air:0.#} °C{(assumed ? " (assumed air temperature)" : "")}");
        }
        if (rhs.Count > 0)
        {
            double rh = rhs.Average();
            double e = Humidity.PartialPressureFromRelativeHumidityPa(rh, air);
            return new AtmosphereSummary(label, Humidity.DewPointFromPartialPressureC(e),
                Humidity.DewPointFromRelativeHumidityC(rhs.Min(), air), Humidity.DewPointFromRelativeHumidityC(rhs.Max(), air),
                rh, rhs.Min(), rhs.Max(), e, air, assumed,
                $"rh given; dew point derived at {air:0.#} °C{(assumed ? " (assumed air temperature)" : "")}");
        }
        return new AtmosphereSummary(label, null, null, null, null, null, null, null, air, assumed, "no dew point or RH given: atmosphere known by its label only");
    }
}
