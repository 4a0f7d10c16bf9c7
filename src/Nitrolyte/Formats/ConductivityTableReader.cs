using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;

namespace Nitrolyte.Formats;

/// <summary>A temperature series of conductivities as read from a file; <see cref="Columns"/> says which columns
/// were read in which units and what was assumed.</summary>
public sealed record ConductivityTable(string FilePath, IReadOnlyList<ArrheniusPoint> Points, bool TemperatureWasCelsius)
{
    public ColumnProvenance? Columns { get; init; }

    /// <summary>Implausible values that may be a unit misread (σ above 1 S/cm: no solid electrolyte conducts that well).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// Reads sigma(T) tables through the shared column layer (<see cref="ColumnRecogniser"/>): a temperature column whose
/// header states the unit (T_C, "T (°C)", temperature_K, T/K, °F; a temperature without a unit is refused), a
/// conductivity column (sigma..., σ, conductivity, cond) in S/cm, mS/cm, µS/cm, S/m, S cm⁻¹ (no unit: read as S/cm
/// and said so) and optionally its standard error (sigma_stderr, err, error, se, ...; without a unit of its own it
/// is read in the conductivity's unit, and said so). <c>--columns</c> (<see cref="ColumnSpec"/>) overrides the header,
/// e.g. <c>"T=1/C, sigma=2/mS/cm, err=3/mS/cm"</c>.
/// </summary>
public static class ConductivityTableReader
{
    private static readonly ColumnRecogniser.Request[] Requests =
        [new(Quantities.Temperature), new(Quantities.Conductivity), new(Quantities.ConductivityError, false)];

    private const string Example = "T=T/C, sigma=sigma/mS/cm, stderr=err/mS/cm";

    /// <summary>Above this a σ is taken as a likely unit misread and warned about (not refused: a liquid or a
    /// hypothetical record material may be meant).</summary>
    public const double MaxPlausibleSPerCm = 1.0;

    public static ConductivityTable Read(string path, ColumnSpec? columns = null)
    {
        var pts = new List<ArrheniusPoint>();
        ColumnMap? map = null;
        // Streamed: the rows become points directly (a 200 MB table must not be held twice).
        DelimitedTable.ForEachRow(path, header =>
        {
            var m = ColumnRecogniser.Resolve(path, header, Requests, columns, null, Example);
            var sigma = m[Quantities.Conductivity];
            if (m.Get(Quantities.ConductivityError) is { UnitSource: UnitSource.AssumedDefault } e && sigma.UnitSource != UnitSource.AssumedDefault)
                m = new ColumnMap(m.Readings.Select(r => r.Key == e.Key ? e with { Unit = sigma.Unit } : r));
            map = m;
            var t = m[Quantities.Temperature];
            var s = m[Quantities.Conductivity];
            var err = m.Get(Quantities.ConductivityError);
            return (line, r) =>
            {
                double tK = t.Convert(r[t.Index]);
                if (tK <= 0) throw new NitrolyteFormatException(path, $"temperature {r[t.Index]} {t.Unit.Symbol} is below absolute zero", line);
                double sv = s.Convert(r[s.Index]);
                if (!(sv > 0)) throw new NitrolyteFormatException(path, $"conductivity {r[s.Index]} is not positive", line);
                pts.Add(new ArrheniusPoint(tK, sv, err is null ? double.NaN : err.Convert(r[err.Index])));
            };
        });
        if (pts.Count < 2) throw new NitrolyteFormatException(path, "an Arrhenius analysis needs at least two temperatures");
        if (pts.Select(p => p.TemperatureK).Distinct().Count() < 2)
            throw new NitrolyteFormatException(path, $"all {pts.Count} rows are at the same temperature; an Arrhenius analysis needs at least two different temperatures");
        var tr = map![Quantities.Temperature];
        var notes = new List<string>();
        if (map.Get(Quantities.ConductivityError) is { UnitSource: UnitSource.AssumedDefault } er && map[Quantities.Conductivity].UnitSource != UnitSource.AssumedDefault)
            notes.Add($"{er.Key} column '{er.Header}' has no unit: read in the conductivity's unit {er.Unit.Symbol}");
        var provenance = map.ToProvenance();
        // the generic sentence for the stderr column would say "read as <unit>" too; keep only the clearer one
        if (notes.Count > 0) provenance = provenance with { Assumptions = provenance.Assumptions.Where(a => !a.StartsWith(Quantities.ConductivityError.Key + " column")).Concat(notes).ToList() };
        var warnings = new List<string>();
        double max = pts.Max(p => p.Value);
        if (max > MaxPlausibleSPerCm)
            warnings.Add($"σ up to {max:G3} S/cm read from column '{map[Quantities.Conductivity].Header}' ({map[Quantities.Conductivity].Unit.Symbol}) is above any known solid electrolyte "
                + $"(the best are ≈ 0.03 S/cm): is the column in another unit? Say it in the header (e.g. 'sigma (mS/cm)') or with --columns \"sigma={map[Quantities.Conductivity].Index + 1}/mS/cm\"");
        return new ConductivityTable(path, pts, Math.Abs(tr.Unit.Offset - PhysicalConstants.ZeroCelsiusK) < 1e-9) { Columns = provenance, Warnings = warnings };
    }
}
