namespace Nitrolyte.Formats.Columns;

/// <summary>
/// A unit as read from a header or a <c>--columns</c> spec: its spelling, what it measures and how a value in it
/// becomes the dimension's internal unit (<c>internal = raw × Factor + Offset</c>; the offset is non-zero only for °C
/// and °F).
/// </summary>
public sealed record UnitReading(string Symbol, Dimension Dimension, double Factor, double Offset = 0)
{
    public double ToInternal(double raw) => raw * Factor + Offset;

    /// <summary>The internal unit of a dimension, as written in results and messages.</summary>
    public static string InternalSymbol(Dimension d) => d switch
    {
        Dimension.Frequency => "Hz",
        Dimension.Impedance => "Ohm",
        Dimension.Angle => "rad",
        Dimension.Temperature => "K",
        Dimension.Conductivity => "S/cm",
        Dimension.Time => "s",
        Dimension.Voltage => "V",
        Dimension.Current => "A",
        Dimension.Charge => "Ah",
        Dimension.Energy => "Wh",
        Dimension.Rate => "1/s",
        Dimension.Percent => "%",
        _ => "",
    };
}
