using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Electrochemistry;

namespace Nitrolyte.Formats;

/// <summary>
/// The metadata sidecar of every CSV the tool writes: <c>run.csv</c> gets <c>run.metadata.json</c> beside it, so that
/// the CSV itself is a plain table whose first line is the header (pandas <c>read_csv</c> and Excel open it with no
/// options). Keys: <c>schema</c> ("nitrolyte csv metadata v1"), <c>file</c> (the CSV's name), <c>source</c>,
/// <c>format</c>, <c>technique</c>, <c>start_time</c> (ISO 8601, instrument local time), <c>has_current</c>,
/// <c>columns</c> (name and unit of every CSV column, in order), <c>column_provenance</c> (which input column each
/// quantity came from, as in the commands' JSON), <c>warnings</c>, <c>generated_by</c>.
/// </summary>
public static class CsvMetadata
{
    public const string Schema = "nitrolyte csv metadata v1";

    /// <summary>"out/run.csv" -> "out/run.metadata.json" ("a.bdf.csv" -> "a.bdf.metadata.json").</summary>
    public static string PathFor(string csvPath)
    {
        var dir = Path.GetDirectoryName(csvPath);
        var name = Path.GetFileName(csvPath);
        foreach (var ext in new[] { ".csv", ".tsv", ".txt", ".parquet" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { name = name[..^ext.Length]; break; }
        var file = name + ".metadata.json";
        return string.IsNullOrEmpty(dir) ? file : Path.Combine(dir, file);
    }

    /// <summary>The sidecar of a time series written as CSV; <paramref name="columns"/> are the CSV's (name, unit) pairs;
    /// <paramref name="columnProvenance"/> is the input's column provenance as JSON (Reports/ColumnsJson.Columns: the
    /// one mapping, applied by the caller so that readers do not depend on Reports).</summary>
    public static JsonObject ForTimeSeries(string csvPath, string? source, string? format, string? technique, DateTimeOffset? start, bool hasCurrent,
        IEnumerable<(string Name, string? Unit)> columns, JsonObject? columnProvenance, IEnumerable<string> warnings, string? generatedBy = null)
    {
        var o = new JsonObject
        {
            ["schema"] = Schema,
            ["file"] = Path.GetFileName(csvPath),
            ["source"] = source is null ? null : Path.GetFileName(source),
            ["format"] = format,
            ["technique"] = technique,
            ["start_time"] = start is { } s ? s.DateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", CultureInfo.InvariantCulture) : null,
            ["has_current"] = hasCurrent,
            ["columns"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["unit"] = c.Unit }).ToArray()),
        };
        if (columnProvenance is not null) o["column_provenance"] = columnProvenance;
        o["warnings"] = new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        if (generatedBy is not null) o["generated_by"] = generatedBy;
        return o;
    }

    /// <summary>A sidecar for a plain table (spectra, simulations): columns, and what produced it.</summary>
    public static JsonObject ForTable(string csvPath, IEnumerable<(string Name, string? Unit)> columns, string? generatedBy, string? source = null)
    {
        var o = new JsonObject
        {
            ["schema"] = Schema,
            ["file"] = Path.GetFileName(csvPath),
            ["source"] = source is null ? null : Path.GetFileName(source),
            ["columns"] = new JsonArray(columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["unit"] = c.Unit }).ToArray()),
        };
        if (generatedBy is not null) o["generated_by"] = generatedBy;
        return o;
    }

    public static void Write(string csvPath, JsonObject metadata) =>
        AtomicFile.WriteAllText(PathFor(csvPath), metadata.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>The sidecar beside a CSV, or null when there is none or it cannot be read (a CSV reads without it).</summary>
    public static JsonObject? TryRead(string csvPath)
    {
        var p = PathFor(csvPath);
        if (!File.Exists(p)) return null;
        try
        {
            var o = JsonNode.Parse(File.ReadAllText(p)) as JsonObject;
            // a sidecar left from another file of the same stem does not describe this one
            return o?["file"] is JsonValue f && f.TryGetValue<string>(out var name) && name == Path.GetFileName(csvPath) ? o : null;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>(name, unit) of the tidy time-series columns written by <see cref="TimeSeriesCsv.Write"/>.</summary>
    public static IEnumerable<(string Name, string? Unit)> TimeSeriesColumns(IEnumerable<string> extras) =>
        new (string, string?)[] { ("time_s", "s"), ("voltage_v", "V"), ("current_a", "A"), ("cycle", null), ("step", null), ("step_kind", null) }
            .Concat(extras.Select(e => (e, (string?)BioLogic.BioLogicColumn.UnitOf(e))));
}
