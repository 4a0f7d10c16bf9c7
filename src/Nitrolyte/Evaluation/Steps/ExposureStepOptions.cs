using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Impedance;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>The options of an exposure item (<see cref="ExposureStep"/>), parsed once from the manifest: exposure_h (one
/// time per spectrum, hours: the files are impedance spectra; absent: σ tables), atmosphere, columns, and for spectra
/// cell (blocking|symmetric), circuit (default by cell), weighting (default modulus), dew_point_c, rh_pct, air_temperature_c.</summary>
public sealed record ExposureStepOptions
{
    /// <summary>The keys an exposure item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["exposure_h", "atmosphere", "columns", "cell", "circuit", "weighting", "dew_point_c", "rh_pct", "air_temperature_c"];

    /// <summary>One exposure time (h) per spectrum; null = the files are σ tables.</summary>
    public IReadOnlyList<double>? ExposureH { get; init; }
    public string? Atmosphere { get; init; }
    public ColumnSpec? Columns { get; init; }
    public CellType Cell { get; init; } = CellType.Blocking;
    public required Circuit Circuit { get; init; }
    public Weighting Weighting { get; init; } = Weighting.Modulus;
    public double? DewPointC { get; init; }
    public double? RhPct { get; init; }
    public double? AirTemperatureC { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones), an unknown cell, circuit or
    /// weighting and values that are not numbers.</summary>
    public static ExposureStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        var cellName = (ManifestValues.String(o, "cell") ?? "blocking").Trim().ToLowerInvariant();
        var cell = cellName switch
        {
            "blocking" => CellType.Blocking,
            "symmetric" => CellType.Symmetric,
            _ => throw new NitrolyteInputException($"cell '{cellName}' is not blocking or symmetric"),
        };
        return new ExposureStepOptions
        {
            ExposureH = ManifestValues.DoubleArray(o, "exposure_h"), Atmosphere = ManifestValues.String(o, "atmosphere"),
            Columns = ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns")), Cell = cell,
            Circuit = Circuit.Parse(ManifestValues.String(o, "circuit") ?? (cell == CellType.Blocking ? "R0-p(R1,CPE1)-CPE2" : "R0-p(R1,CPE1)")),
            Weighting = WeightingNames.Parse(ManifestValues.String(o, "weighting") ?? "modulus"),
            DewPointC = ManifestValues.Double(o, "dew_point_c"), RhPct = ManifestValues.Double(o, "rh_pct"), AirTemperatureC = ManifestValues.Double(o, "air_temperature_c"),
        };
    }
}
