using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Formats;

/// <summary>
/// Which column of a file was read as which quantity: the unit as written (or given/assumed), the unit the value was
/// converted to with factor and offset (value = raw × Factor + Offset), where the unit came from (header,
/// --columns, assumed) and what was assumed (null when the unit was stated). Readers return these so results
/// record their provenance.
/// </summary>
public sealed record ReadColumn(string Header, string Quantity, string Unit, string? Assumption = null, string Source = "header",
    string? ConvertedTo = null, double Factor = 1, double Offset = 0, int Position = 0, int Sign = 1)
{
    /// <param name="resultUnit">unit the reader hands on when it is not the dimension's internal one (exposure time in h)</param>
    /// <param name="resultPerInternal">factor from the internal unit to <paramref name="resultUnit"/> (1/3600 for s → h)</param>
    public static ReadColumn From(ColumnReading r, string? assumption = null, string? resultUnit = null, double resultPerInternal = 1) => new(
        r.Header, r.Key, r.Unit.Symbol, assumption ?? r.Assumption,
        r.UnitSource switch { UnitSource.ColumnsOption => "--columns", UnitSource.AssumedDefault => "assumed", _ => "header" },
        resultUnit ?? UnitReading.InternalSymbol(r.Unit.Dimension), r.Sign * r.Unit.Factor * resultPerInternal, r.Sign * r.Unit.Offset * resultPerInternal,
        r.Index + 1, r.Sign);

    /// <summary>The project's provenance record (what <c>ColumnsJson</c> writes as "columns" and "assumptions").</summary>
    public static Core.ColumnProvenance ToProvenance(IEnumerable<ReadColumn> columns)
    {
        var list = columns.ToList();
        var cols = list.Where(c => c.Source != "none").Select(c => new Core.ColumnProvenance.Column(c.Quantity, c.Position, c.Header, c.Unit, c.ConvertedTo ?? c.Unit, c.Sign,
            c.Source switch { "--columns" => "columns_option", "text" => "header", _ => c.Source })).ToList();
        return new Core.ColumnProvenance(cols, list.Select(c => c.Assumption).OfType<string>().ToList());
    }

    /// <summary>"s_per_cm → S/cm", "c → K (+273.15)", "ms → s (× 0.001)" for tables.</summary>
    public string Describe()
    {
        if (ConvertedTo is null || ConvertedTo.Length == 0) return Unit;
        var conv = Offset != 0 ? $" (+{Offset:G6})" : Factor != 1 ? $" (× {Factor:G6})" : "";
        return $"{Unit} → {ConvertedTo}{conv}";
    }
}
