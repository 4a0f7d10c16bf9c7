using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Formats;

/// <summary>
/// Which column of a file was read as which quantity, in which unit, where the unit came from (header,
/// --columns, assumed) and what was assumed (null when the unit was stated). Readers return these so results
/// record their provenance.
/// </summary>
public sealed record ReadColumn(string Header, string Quantity, string Unit, string? Assumption = null, string Source = "header")
{
    public static ReadColumn From(ColumnReading r, string? assumption = null) => new(r.Header, r.Key, r.Unit.Symbol,
        assumption ?? r.Assumption,
        r.UnitSource switch { UnitSource.ColumnsOption => "--columns", UnitSource.AssumedDefault => "assumed", _ => "header" });
}
