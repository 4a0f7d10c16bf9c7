namespace Nitrolyte.Formats.Columns;

/// <summary>
/// The columns a reader resolved, by quantity key, with how each was read; <see cref="Assumptions"/> lists what
/// was assumed ("current column 'I' has no unit: read as A") so the result can say it.
/// </summary>
public sealed class ColumnMap
{
    private readonly Dictionary<string, ColumnReading> _byKey;

    public ColumnMap(IEnumerable<ColumnReading> readings)
    {
        _byKey = readings.ToDictionary(r => r.Key, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<ColumnReading> Readings => _byKey.Values;

    public bool Has(Quantity q) => _byKey.ContainsKey(q.Key);

    public ColumnReading? Get(Quantity q) => _byKey.GetValueOrDefault(q.Key);

    public ColumnReading this[Quantity q] => _byKey.TryGetValue(q.Key, out var r) ? r
        : throw new KeyNotFoundException($"no {q.Key} column was resolved");

    /// <summary>Index of the column, or -1.</summary>
    public int IndexOf(Quantity q) => _byKey.TryGetValue(q.Key, out var r) ? r.Index : -1;

    public IReadOnlyList<string> Assumptions => _byKey.Values.OrderBy(r => r.Index).Select(r => r.Assumption).OfType<string>().ToList();

    /// <summary>The provenance record domain results carry (<see cref="Nitrolyte.Core.ColumnProvenance"/>), with
    /// <paramref name="moreAssumptions"/> (e.g. "no header: ...") after the per-column ones.</summary>
    public Nitrolyte.Core.ColumnProvenance ToProvenance(IEnumerable<string>? moreAssumptions = null) =>
        new(_byKey.Values.OrderBy(r => r.Index).Select(r => new Nitrolyte.Core.ColumnProvenance.Column(
                r.Key, r.Index + 1, r.Header, r.Unit.Symbol, UnitReading.InternalSymbol(r.Quantity.Dimension), r.Sign,
                r.UnitSource switch { UnitSource.Header => "header", UnitSource.ColumnsOption => "columns_option", _ => "assumed" })).ToList(),
            Assumptions.Concat(moreAssumptions ?? []).ToList());

    /// <summary>Only the readings of <paramref name="keep"/> (a reader that resolved more columns than it used).</summary>
    public ColumnMap Only(params Quantity[] keep) => new(_byKey.Values.Where(r => keep.Any(q => q.Key == r.Key)));

    /// <summary>One line for human output: "frequency = 'Freq/kHz' (kHz), imag = '-Zim' (Ohm, negated)".</summary>
    public string Describe() => string.Join(", ", _byKey.Values.OrderBy(r => r.Index).Select(r =>
        $"{r.Key} = '{r.Header}' ({r.Unit.Symbol}{(r.Sign < 0 ? ", negated" : "")}{(r.UnitSource == UnitSource.AssumedDefault ? ", assumed" : "")})"));
}
