namespace Nitrolyte.Formats.Columns;

/// <summary>
/// What a column measures, which fixes its internal unit: frequency Hz, impedance Ω, angle rad, temperature K,
/// conductivity S/cm, time s, voltage V, current A, charge Ah, energy Wh, rate 1/s, percent %, count and
/// arbitrary (no unit; counts, magnetisation in a.u.).
/// </summary>
public enum Dimension
{
    Frequency,
    Impedance,
    Angle,
    Temperature,
    Conductivity,
    Time,
    Voltage,
    Current,
    Charge,
    Energy,
    Rate,
    Percent,
    Count,
    Arbitrary,
}
