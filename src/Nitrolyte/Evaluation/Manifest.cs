using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Core;

namespace Nitrolyte.Evaluation;

/// <summary>Sample geometry shared by the analyses that turn resistances into conductivities.</summary>
public sealed record SampleGeometry(double? ThicknessMm, double? DiameterMm, double? AreaCm2, double? RelativeDensity, double? MassMg)
{
    public static readonly SampleGeometry Empty = new(null, null, null, null, null);

    /// <summary>Electrode area in cm2: given, or from the diameter.</summary>
    public double? ElectrodeAreaCm2 => AreaCm2 ?? (DiameterMm is { } d ? Math.PI * Math.Pow(d / 20.0, 2) : null);
    public double? ThicknessCm => ThicknessMm / 10.0;

    /// <summary>Throws when a given dimension is not a positive number (a relative density must also be ≤ 1).</summary>
    internal SampleGeometry Validated(string manifestPath, string where)
    {
        void Check(double? v, string key)
        {
            if (v is { } x && !(x > 0 && double.IsFinite(x)))
                throw new NitrolyteFormatException(manifestPath, $"{where}{key} must be a positive number (got {x.ToString(CultureInfo.InvariantCulture)})");
        }
        Check(ThicknessMm, "thickness_mm"); Check(DiameterMm, "diameter_mm"); Check(AreaCm2, "area_cm2"); Check(MassMg, "mass_mg");
        Check(RelativeDensity, "relative_density");
        if (RelativeDensity > 1) throw new NitrolyteFormatException(manifestPath, $"{where}relative_density must be at most 1 (got {RelativeDensity.Value.ToString(CultureInfo.InvariantCulture)})");
        return this;
    }

    public SampleGeometry Over(SampleGeometry fallback) => new(
        ThicknessMm ?? fallback.ThicknessMm, DiameterMm ?? fallback.DiameterMm, AreaCm2 ?? fallback.AreaCm2,
        RelativeDensity ?? fallback.RelativeDensity, MassMg ?? fallback.MassMg);

    internal static SampleGeometry From(JsonObject? o) => o is null ? Empty : new(
        ManifestValues.Double(o, "thickness_mm"), ManifestValues.Double(o, "diameter_mm"), ManifestValues.Double(o, "area_cm2"),
        ManifestValues.Double(o, "relative_density"), ManifestValues.Double(o, "mass_mg"));
}

/// <summary>One data item of a manifest: a technique, its file(s), a label and technique options.</summary>
public sealed record DataEntry(int Index, string Technique, IReadOnlyList<string> Files, string? Label, JsonObject Options, SampleGeometry Sample)
{
    public string DisplayName => Label ?? (Files.Count == 1 ? Path.GetFileName(Files[0]) : $"{Technique} #{Index + 1}");
}

/// <summary>
/// The YAML description of one material's evaluation (see docs/evaluate.md): name, formula, sample geometry,
/// data files with their techniques, optional cell design and structure, and which targets to judge.
/// </summary>
public sealed class Manifest
{
    public required string ManifestPath { get; init; }
    public required string BaseDirectory { get; init; }
    public required string Material { get; init; }
    public string? Formula { get; init; }
    public string? Description { get; init; }
    public SampleGeometry Sample { get; init; } = SampleGeometry.Empty;
    public List<DataEntry> Data { get; } = [];
    /// <summary>Target ids to judge; null means all known targets.</summary>
    public IReadOnlyList<string>? Targets { get; init; }
    /// <summary>The whole manifest as JSON, for analyses that read their own top-level sections (cell, structure...).</summary>
    public required JsonObject Raw { get; init; }

    /// <summary>Every file this manifest reads: itself and each data item's files (outputs must never be one of them).</summary>
    public IEnumerable<string> InputFiles => Data.SelectMany(d => d.Files).Prepend(ManifestPath);

    public static readonly string[] FileNames = ["manifest.yaml", "manifest.yml", "nitrolyte.yaml"];

    public static Manifest Load(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "manifest file not found");
        Formats.DelimitedTable.RequireTextFile(path, "a YAML manifest");
        if (new FileInfo(path).Length > ManifestYaml.MaxBytes)
            throw new NitrolyteFormatException(path, $"the manifest is larger than {ManifestYaml.MaxBytes >> 20} MB: refused (a manifest is a few kB)");
        // Read from the parser's events with bounded depth, aliases and expanded size (hostile YAML is refused).
        JsonNode? root;
        using (var reader = new StreamReader(path)) root = ManifestYaml.Parse(path, reader);
        var raw = root as JsonObject
                  ?? throw new NitrolyteFormatException(path, root is null ? "the manifest is empty" : "the manifest must be a YAML mapping (material:, data:, ...)");
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var material = ManifestValues.String(raw, "material") ?? ManifestValues.String(raw, "name")
                       ?? throw new NitrolyteFormatException(path, "missing 'material:' (the material's name)");
        var sample = SampleGeometry.From(raw["sample"] as JsonObject).Validated(path, "sample: ");
        if (ManifestValues.String(raw, "formula") is { } formulaText)
        {
            try { Chemistry.Composition.Parse(formulaText); }
            catch (NitrolyteInputException e) { throw new NitrolyteFormatException(path, e.Message.StartsWith("formula '", StringComparison.Ordinal) ? e.Message : $"formula: {e.Message}"); }
        }
        var m = new Manifest
        {
            ManifestPath = Path.GetFullPath(path),
            BaseDirectory = baseDir,
            Material = material,
            Formula = ManifestValues.String(raw, "formula"),
            Description = ManifestValues.String(raw, "description"),
            Sample = sample,
            Targets = raw["targets"] is JsonArray ta ? ta.Select(t => t!.ToString()).ToList() : null,
            Raw = raw,
        };
        if (raw["data"] is JsonArray data)
        {
            int i = 0;
            foreach (var node in data)
            {
                if (node is not JsonObject d) throw new NitrolyteFormatException(path, $"data item {i + 1} is not a mapping");
                var technique = ManifestValues.String(d, "technique")
                                ?? throw new NitrolyteFormatException(path, $"data item {i + 1} has no 'technique:'");
                if (d["file"] is null && d["files"] is null)
                    throw new NitrolyteFormatException(path, $"data item {i + 1} ({technique}) has no 'file:' or 'files:'");
                var files = new List<string>();
                if (ManifestValues.String(d, "file") is { } f) files.Add(f);
                if (d["files"] is JsonArray fa) files.AddRange(fa.Select(x => x!.ToString()));
                files = files.SelectMany(x => ExpandGlob(baseDir, x)).ToList();
                var options = d["options"] as JsonObject ?? new JsonObject();
                m.Data.Add(new DataEntry(i, technique.Trim().ToLowerInvariant(), files, ManifestValues.String(d, "label"),
                    (JsonObject)options.DeepClone(), SampleGeometry.From(d["sample"] as JsonObject).Validated(path, $"data item {i + 1} sample: ").Over(sample)));
                i++;
            }
        }
        else if (raw["data"] is not null)
            throw new NitrolyteFormatException(path, "'data:' must be a list of items with technique: and file:");
        return m;
    }

    /// <summary>Finds the manifests to evaluate: the file itself, the manifest in a folder, or one per sub-folder.</summary>
    public static IReadOnlyList<string> Discover(string fileOrDirectory)
    {
        if (File.Exists(fileOrDirectory)) return [Path.GetFullPath(fileOrDirectory)];
        if (!Directory.Exists(fileOrDirectory)) throw new NitrolyteInputException($"{fileOrDirectory}: no such file or folder");
        foreach (var n in FileNames)
        {
            var p = Path.Combine(fileOrDirectory, n);
            if (File.Exists(p)) return [Path.GetFullPath(p)];
        }
        var found = Directory.GetDirectories(fileOrDirectory).OrderBy(d => d, StringComparer.Ordinal)
            .Select(d => FileNames.Select(n => Path.Combine(d, n)).FirstOrDefault(File.Exists))
            .Where(p => p is not null).Select(p => Path.GetFullPath(p!)).ToList();
        if (found.Count == 0) throw new NitrolyteInputException($"{fileOrDirectory}: no manifest.yaml in this folder or its sub-folders");
        return found;
    }

    private static IEnumerable<string> ExpandGlob(string baseDir, string pattern)
    {
        var full = Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDir, pattern);
        if (!pattern.Contains('*') && !pattern.Contains('?')) return [Path.GetFullPath(full)];
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return [Path.GetFullPath(full)];
        var matches = Directory.GetFiles(dir, Path.GetFileName(full)).OrderBy(x => x, StringComparer.Ordinal).ToList();
        return matches.Count > 0 ? matches : [Path.GetFullPath(full)];
    }
}

/// <summary>Typed access to manifest values, tolerant of numbers written as strings.</summary>
public static class ManifestValues
{
    public static string? String(JsonObject o, string key) => o[key] is JsonNode n ? n.ToString() : null;

    public static double? Double(JsonObject o, string key)
    {
        if (o[key] is not JsonValue v) return null;
        if (!v.TryGetValue<double>(out var d)
            && !(v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d)))
            throw new NitrolyteInputException($"manifest value '{key}: {v}' is not a number");
        if (!double.IsFinite(d)) throw new NitrolyteInputException($"manifest value '{key}: {v}' is not a finite number");
        return d;
    }

    private static double Number(string key, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
            : throw new NitrolyteInputException($"manifest value '{key}': '{text}' is not a finite number");

    public static bool? Bool(JsonObject o, string key) => o[key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static double[]? DoubleArray(JsonObject o, string key) => o[key] switch
    {
        JsonArray a => a.Select(x => x is JsonValue jv && jv.TryGetValue<double>(out var d) ? d
            : Number(key, x?.ToString() ?? "null")).ToArray(),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => Number(key, x)).ToArray(),
        _ => null,
    };
}
