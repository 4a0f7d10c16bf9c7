using System.Text.Json.Nodes;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Formats.Columns;
using Nitrolyte.Impedance;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// The options of an impedance data item (<see cref="ImpedanceStep"/>), parsed once from the manifest: cell
/// (blocking|symmetric), circuit (default by cell), weighting, form, fmin_hz/fmax_hz, temperatures_c (one per spectrum)
/// or temperature_c, labels, columns, exclude/exclude_points, fixed/initial (NAME=VALUE) and bounds (NAME=LOWER:UPPER).
/// </summary>
public sealed record ImpedanceStepOptions
{
    /// <summary>The keys an impedance item may give (a new option = a new key here and a field below).</summary>
    public static IReadOnlyCollection<string> Keys { get; } = ["cell", "circuit", "weighting", "form", "fmin_hz", "fmax_hz", "temperatures_c", "temperature_c", "labels", "columns", "exclude", "exclude_points", "fixed", "initial", "bounds"];

    /// <summary>The cell name as written (trimmed, lower case): what the results JSON records.</summary>
    public required string CellName { get; init; }
    public required CellType Cell { get; init; }
    public required Circuit Circuit { get; init; }
    public required Weighting Weighting { get; init; }
    public required ArrheniusForm Form { get; init; }
    public double? FminHz { get; init; }
    public double? FmaxHz { get; init; }
    public ColumnSpec? Columns { get; init; }
    public required PointExclusion Exclusion { get; init; }
    /// <summary>One temperature per spectrum (°C), in reading order; null = from file names or <see cref="TemperatureC"/>.</summary>
    public IReadOnlyList<double>? TemperaturesC { get; init; }
    public double? TemperatureC { get; init; }
    public IReadOnlyList<string?>? Labels { get; init; }
    public IReadOnlyDictionary<string, double>? Fixed { get; init; }
    public IReadOnlyDictionary<string, double>? Initial { get; init; }
    public IReadOnlyDictionary<string, (double Lower, double Upper)>? Bounds { get; init; }

    /// <summary>Parses the item's options; refuses unknown keys (naming the valid ones) and malformed values (naming the item).</summary>
    public static ImpedanceStepOptions Parse(DataEntry entry)
    {
        StepOptions.RejectUnknown(entry, Keys);
        var o = entry.Options;
        var cellName = (ManifestValues.String(o, "cell") ?? "blocking").Trim().ToLowerInvariant();
        var cell = cellName switch
        {
            "blocking" => CellType.Blocking,
            "symmetric" => CellType.Symmetric,
            _ => throw new NitrolyteInputException($"{entry.DisplayName}: cell '{cellName}' is not blocking or symmetric"),
        };
        var circuit = Circuit.Parse(ManifestValues.String(o, "circuit") ?? (cell == CellType.Blocking ? "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3" : "R0-p(R1,CPE1)"));
        var weighting = WeightingNames.Parse(ManifestValues.String(o, "weighting") ?? "modulus");
        var form = ManifestValues.String(o, "form") is { } fs ? ArrheniusFormNames.Parse(fs) : ArrheniusForm.SigmaT;
        double? fmin = ManifestValues.Double(o, "fmin_hz"), fmax = ManifestValues.Double(o, "fmax_hz");
        var columns = ColumnSpec.ParseOrNull(ManifestValues.String(o, "columns"));
        string? Joined(string key) => o[key] switch
        {
            null => null,
            JsonArray arr => string.Join(",", arr.Select(x => x?.ToString())),
            var n => n.ToString(),
        };
        PointExclusion exclusion;
        try { exclusion = PointExclusion.Parse(Joined("exclude"), Joined("exclude_points"), "exclude", "exclude_points"); }
        catch (NitrolyteInputException e) { throw new NitrolyteInputException($"{entry.DisplayName}: {e.Message}"); }
        return new ImpedanceStepOptions
        {
            CellName = cellName, Cell = cell, Circuit = circuit, Weighting = weighting, Form = form, FminHz = fmin, FmaxHz = fmax,
            Columns = columns, Exclusion = exclusion,
            TemperaturesC = ManifestValues.DoubleArray(o, "temperatures_c"),
            Labels = o["labels"] is JsonArray la ? la.Select(x => x?.ToString()).ToArray() : null,
            TemperatureC = ManifestValues.Double(o, "temperature_c"),
            Fixed = Assignments(o, "fixed", entry), Initial = Assignments(o, "initial", entry), Bounds = BoundsOption(o, entry),
        };
    }

    /// <summary>fixed/initial: a map {R1: 5, CPE1_1: 0.9} (as the workbench writes it) or "R1=5, CPE1_1=0.9".</summary>
    private static Dictionary<string, double>? Assignments(JsonObject o, string key, DataEntry entry)
    {
        var node = o[key];
        if (node is null) return null;
        var d = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        if (node is JsonObject map)
        {
            foreach (var (name, v) in map)
                d[name] = v is JsonValue jv && jv.TryGetValue<double>(out var x) && double.IsFinite(x) ? x
                    : throw new NitrolyteInputException($"{entry.DisplayName}: {key}.{name} must be a number (got '{v}')");
            return d;
        }
        var parsed = ParameterAssignments.Values(node.ToString(), part => new NitrolyteInputException($"{entry.DisplayName}: {key} '{part}' is not NAME=VALUE (e.g. {key}: {{ CPE1_1: 0.9 }})"));
        foreach (var (name, x) in parsed)
            if (!double.IsFinite(x)) throw new NitrolyteInputException($"{entry.DisplayName}: {key} '{name}={x}' is not NAME=VALUE (e.g. {key}: {{ CPE1_1: 0.9 }})");
        return parsed;
    }

    /// <summary>bounds: a map {R1: [1, 1e6]} (as the workbench writes it) or "R1=1:1e6, CPE1_1=0.5:1".</summary>
    private static Dictionary<string, (double, double)>? BoundsOption(JsonObject o, DataEntry entry)
    {
        var node = o["bounds"];
        if (node is null) return null;
        var d = new Dictionary<string, (double, double)>(StringComparer.OrdinalIgnoreCase);
        static bool Num(string s, out double x) => double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out x) && !double.IsNaN(x);
        if (node is JsonObject map)
        {
            foreach (var (name, v) in map)
            {
                if (v is not JsonArray { Count: 2 } pair || !Num(pair[0]?.ToString() ?? "", out var lo) || !Num(pair[1]?.ToString() ?? "", out var hi) || !(lo < hi))
                    throw new NitrolyteInputException($"{entry.DisplayName}: bounds.{name} must be [lower, upper] with lower < upper (got '{v?.ToJsonString()}')");
                d[name] = (lo, hi);
            }
            return d;
        }
        foreach (var (name, (lo, hi)) in ParameterAssignments.Bounds(node.ToString(), part => new NitrolyteInputException($"{entry.DisplayName}: bounds '{part}' is not NAME=LOWER:UPPER (e.g. bounds: {{ CPE1_1: [0.5, 1] }})")))
        {
            if (double.IsNaN(lo) || double.IsNaN(hi) || !(lo < hi))
                throw new NitrolyteInputException($"{entry.DisplayName}: bounds '{name}={lo}:{hi}' is not NAME=LOWER:UPPER with LOWER < UPPER (e.g. bounds: {{ CPE1_1: [0.5, 1] }})");
            d[name] = (lo, hi);
        }
        return d;
    }
}
