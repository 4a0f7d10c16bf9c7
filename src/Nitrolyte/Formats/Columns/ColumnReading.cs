namespace Nitrolyte.Formats.Columns;

/// <summary>Where the unit of a column came from.</summary>
public enum UnitSource { Header, ColumnsOption, AssumedDefault }

/// <summary>
/// How one column was read (provenance): the quantity, the column's position and header text, the unit and
/// sign applied and where they came from. <see cref="Convert"/> turns a raw cell value into the internal unit.
/// </summary>
public sealed record ColumnReading(Quantity Quantity, int Index, string Header, UnitReading Unit, int Sign, UnitSource UnitSource)
{
    public string Key => Quantity.Key;

    /// <summary>Internal-unit value of a raw cell: sign × (raw × factor + offset).</summary>
    public double Convert(double raw) => Sign * Unit.ToInternal(raw);

    /// <summary>The sentence a result carries when the unit was assumed ("current has no unit: read as A").</summary>
    public string? Assumption => UnitSource == UnitSource.AssumedDefault && Quantity.Dimension is not (Dimension.Count or Dimension.Arbitrary)
        ? $"{Quantity.Key} column '{Header}' has no unit: read as {Unit.Symbol}"
        : null;
}
