using System.Text.Json;
using System.Text.Json.Nodes;
using Nitrolyte.Core;

namespace Nitrolyte.Library;

/// <summary>
/// Turns a Nitrolyte report.json (written by `nitrolyte evaluate`) into a user library row: the material, its formula,
/// σ(25 °C) and Ea of the analysis that gave the best σ(25 °C) (the one the scorecard judged).
/// </summary>
public static class ReportImport
{
    private static readonly HashSet<string> SkipKeys = ["two_regime", "low_t", "high_t", "literature"];

    /// <summary>Reads a report.json, or the report.json inside a folder `evaluate --out` wrote.</summary>
    public static LiteratureEntry FromReportFile(string path, string? family = null, string? name = null)
    {
        if (Directory.Exists(path))
        {
            var inside = Path.Combine(path, "report.json");
            if (!File.Exists(inside)) throw new NitrolyteFormatException(path, "is a folder without a report.json (give the report.json that `nitrolyte evaluate` wrote)");
            path = inside;
        }
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        if (new FileInfo(path).Length == 0) throw new NitrolyteFormatException(path, "the file is empty (expected the report.json that `nitrolyte evaluate` wrote)");
        TextFiles.Require(path, "a report.json");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new NitrolyteFormatException(path, $"not JSON ({System.Text.RegularExpressions.Regex.Replace(e.Message.Split('\n')[0], @"\s*(Path:.*)?LineNumber:.*$", "").Trim()})", e.LineNumber + 1); }
        return FromReport(root, path, family, name);
    }

    public static LiteratureEntry FromReport(JsonNode? root, string path, string? family = null, string? name = null)
    {
        if (root is not JsonObject o || o["analyses"] is not JsonObject analyses || o["scorecard"] is not JsonArray)
            throw new NitrolyteFormatException(path, "not a Nitrolyte report.json (expected an object with 'material', 'analyses' and 'scorecard', as written by `nitrolyte evaluate`)");
        var material = Str(o["material"]) ?? throw new NitrolyteFormatException(path, "report has no 'material'");
        var candidates = new List<(string Key, double Sigma, double Ea, JsonObject Node)>();
        foreach (var (key, node) in analyses) Collect(key, node, candidates);
        if (candidates.Count == 0)
            throw new NitrolyteFormatException(path, "report has no analysis with both sigma_25c_s_per_cm and ea_ev (evaluate a conductivity or impedance series first)");
        // The highest σ(25 °C): the value the scorecard judges.
        var best = candidates.OrderByDescending(c => c.Sigma).First();
        var manifest = o["manifest"] as JsonObject;
        var form = Str(best.Node["form"]);
        bool extrapolated = best.Node["sigma_25c_extrapolated"] is JsonValue ev && ev.TryGetValue<bool>(out var b) && b;
        var generated = Str(o["generated_utc"]);
        var slug = new string(material.ToLowerInvariant().Select(ch => char.IsLetterOrDigit(ch) || ch == '.' ? ch : '-').ToArray()).Trim('-');
        return new LiteratureEntry
        {
            Id = "user-" + (slug.Length > 0 ? slug : "material"),
            Name = name ?? material,
            Formula = Str(o["formula"]),
            Family = family ?? (manifest is not null ? Str(manifest["family"]) : null) ?? "user",
            SigmaSPerCm = best.Sigma,
            TemperatureC = 25,
            Extrapolated = extrapolated,
            EaEV = best.Ea,
            EaForm = form is "sigma-t" or "sigma" ? form : null,
            Synthesis = manifest is not null ? Str(manifest["synthesis"]) : null,
            Source = $"user report {Path.GetFullPath(path)}{(generated is null ? "" : $" ({generated})")}",
            Reference = $"analysis '{best.Key}'",
            Structure = manifest is not null ? Str(manifest["structure_type"]) : null,
            SpaceGroup = manifest is not null ? Str(manifest["space_group"]) : null,
            Notes = $"Added from an evaluated report: σ(25 °C) {(extrapolated ? "extrapolated" : "interpolated")} from the Arrhenius fit of '{best.Key}'" +
                    (candidates.Count > 1 ? $" (best of {candidates.Count} analyses with σ and Ea)" : "") + ".",
            Origin = EntryOrigin.User,
        };
    }

    private static void Collect(string key, JsonNode? node, List<(string, double, double, JsonObject)> into)
    {
        if (node is not JsonObject o) return;
        if (Num(o["sigma_25c_s_per_cm"]) is { } s && s > 0 && Num(o["ea_ev"]) is { } ea) into.Add((key, s, ea, o));
        foreach (var (k, child) in o)
            if (!SkipKeys.Contains(k) && child is JsonObject) Collect($"{key}/{k}", child, into);
    }

    private static string? Str(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static double? Num(JsonNode? n) => n is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;
}
