using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Nitrolyte.Core;
using Nitrolyte.Evaluation;
using Nitrolyte.Evaluation.Steps;
using Nitrolyte.Formats;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Reports;

namespace Nitrolyte.Web;

/// <summary>What the cycling and structure views send: the file, the technique (else the manifest's), the step
/// options (the manifest option names) and the geometry when the manifest gives none.</summary>
public sealed class AnalyseRequest
{
    [JsonPropertyName("file")] public string? File { get; set; }
    [JsonPropertyName("technique")] public string? Technique { get; set; }
    /// <summary>Only the steps of this name (e.g. "structure" or "bvse" for a structure file); all when absent.</summary>
    [JsonPropertyName("step")] public string? Step { get; set; }
    [JsonPropertyName("options")] public JsonObject? Options { get; set; }
    [JsonPropertyName("geometry")] public GeometryDto? Geometry { get; set; }
    /// <summary>Full cell: the cycles whose voltage-capacity profiles are drawn (1-based; at most <see cref="AnalysisApi.MaxProfileCycles"/>).</summary>
    [JsonPropertyName("cycles")] public List<int>? Cycles { get; set; }
}

/// <summary>
/// The cycling and structure views: the evaluate step that handles the file's technique is run on one data item (the
/// manifest's item that lists the file, with its sample and options, or one built from the request), exactly as
/// `nitrolyte evaluate` runs it, and its outcome is returned: the results object (ElectrochemistryJson, BvseJson, the
/// structure step's), the report section's paragraphs, tables, figures (plotly data + layout, strings escaped as in the
/// report) and 3D views. No analysis here.
/// </summary>
public sealed class AnalysisApi(Workspace workspace)
{
    public const int MaxProfileCycles = 12;
    public static readonly string[] CyclingTechniques = [.. new SymmetricCyclingStep().Techniques, .. new FullCellStep().Techniques];
    public static readonly string[] StructureTechniques = [.. new StructureStep().Techniques];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public JsonObject Analyse(AnalyseRequest r)
    {
        var full = workspace.Resolve(r.File);
        Manifest? manifest = null;
        DataEntry? listed = null;
        if (workspace.ManifestPath is { } mp)
        {
            try
            {
                manifest = Manifest.Load(mp);
                listed = manifest.Data.FirstOrDefault(d => d.Files.Count == 1 && string.Equals(Workspace.RealPath(Path.GetFullPath(d.Files[0])), full, StringComparison.Ordinal));
            }
            catch (Exception e) when (e is NitrolyteFormatException or NitrolyteInputException or IOException) { manifest = null; }
        }
        var technique = (r.Technique ?? listed?.Technique)?.Trim().ToLowerInvariant()
                        ?? throw new BadRequestException($"{r.File}: the manifest does not list this file; say its technique ({string.Join(", ", CyclingTechniques.Concat(StructureTechniques))})");
        if (!CyclingTechniques.Contains(technique) && !StructureTechniques.Contains(technique))
            throw new BadRequestException($"technique '{technique}': the cycling and structure views take {string.Join(", ", CyclingTechniques.Concat(StructureTechniques))}");
        var steps = EvaluationSteps.All.Where(s => s.Techniques.Contains(technique) && (r.Step is null || string.Equals(s.Name, r.Step, StringComparison.OrdinalIgnoreCase))).ToList();
        if (steps.Count == 0)
            throw new BadRequestException($"step '{r.Step}': technique {technique} has the steps {string.Join(", ", EvaluationSteps.All.Where(s => s.Techniques.Contains(technique)).Select(s => s.Name))}");

        bool fromManifest = listed is not null && listed.Technique == technique;
        var options = fromManifest ? (JsonObject)listed!.Options.DeepClone() : [];
        foreach (var (k, v) in r.Options ?? []) options[k] = v?.DeepClone();
        var g = r.Geometry;
        var sample = g is null ? SampleGeometry.Empty : new SampleGeometry(g.ThicknessMm, g.DiameterMm, g.AreaCm2, g.RelativeDensity, null);
        if (fromManifest) sample = sample.Over(listed!.Sample);
        if (sample.ThicknessMm is <= 0 || sample.DiameterMm is <= 0 || sample.AreaCm2 is <= 0) throw new BadRequestException("geometry: thickness, diameter and area must be positive");
        var entry = new DataEntry(fromManifest ? listed!.Index : 0, technique, [full], fromManifest ? listed!.Label : Path.GetFileName(full), options, sample);
        var m = new Manifest
        {
            ManifestPath = manifest?.ManifestPath ?? Path.Combine(workspace.Root, Manifest.FileNames[0]), BaseDirectory = workspace.Root,
            Material = manifest?.Material ?? Path.GetFileName(workspace.Root), Raw = [],
        };
        m.Data.Add(entry);
        // an option key no step reads is refused with the valid ones named, as evaluate refuses it
        try { EvaluationPipeline.CheckOptionKeys(m, EvaluationSteps.All.Where(st => st.Techniques.Contains(technique)).ToList()); }
        catch (NitrolyteFormatException e) { throw new BadRequestException(e.Message.Replace(m.ManifestPath + ": ", "")); }
        if (r.Cycles is { Count: > MaxProfileCycles }) throw new BadRequestException($"cycles: at most {MaxProfileCycles} cycles at once");

        var scratch = Path.Combine(Path.GetTempPath(), "nitrolyte-wb-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(scratch);
        try
        {
            var ctx = new EvaluationContext { Manifest = m, OutputDirectory = scratch };
            var outcomes = new JsonArray();
            foreach (var step in steps)
            {
                var outcome = step.Run(entry, ctx);
                var o = new JsonObject { ["step"] = step.Name, ["results"] = outcome.Results.DeepClone(), ["section"] = Section(outcome.Section) };
                outcomes.Add(o);
            }
            var result = new JsonObject
            {
                ["file"] = r.File, ["technique"] = technique, ["label"] = entry.DisplayName, ["from_manifest"] = fromManifest,
                ["options"] = options.DeepClone(),
                ["geometry"] = new JsonObject { ["thickness_mm"] = sample.ThicknessMm, ["diameter_mm"] = sample.DiameterMm, ["area_cm2"] = sample.AreaCm2 },
                ["outcomes"] = outcomes,
            };
            if (CyclingTechniques.Contains(technique)) AddCyclingExtras(result, entry, r);
            if (StructureTechniques.Contains(technique)) result["atoms"] = Atoms(StructureReader.Read(full));
            return result;
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Full cell: voltage vs time, and the voltage-capacity profiles of the chosen cycles (the report's
    /// profile figure drawn for other cycles); the symmetric step's own figures already hold voltage vs time.</summary>
    private static void AddCyclingExtras(JsonObject result, DataEntry entry, AnalyseRequest r)
    {
        if (!new FullCellStep().Techniques.Contains(entry.Technique)) return;
        var ts = TimeSeriesReader.Read(entry.Files[0], keepExtras: false, Formats.Columns.ColumnSpec.ParseOrNull(ManifestValues.String(entry.Options, "columns")));
        result["voltage_time"] = Figure(FullCellStep.VoltageTime(ts));
        var o = FullCellStep.OptionsOf(entry);
        var res = FullCell.Analyse(ts, o);
        var complete = res.Cycles.Where(c => c.Complete).Select(c => c.Index).ToList();
        var chosen = r.Cycles is { Count: > 0 } ? r.Cycles : new[] { complete[0], complete[^1] }.Distinct().ToList();
        foreach (var c in chosen)
            if (!complete.Contains(c)) throw new BadRequestException($"cycles: {c} is not a complete cycle of {Path.GetFileName(entry.Files[0])} (complete cycles: {complete[0]} to {complete[^1]})");
        result["profiles"] = Figure(FullCellStep.VoltageProfiles(res, ts, o.ActiveMassMg, chosen));
        result["profile_cycles"] = new JsonArray(chosen.Select(c => (JsonNode?)c).ToArray());
        result["complete_cycles"] = new JsonArray(complete.Select(c => (JsonNode?)c).ToArray());
    }

    private static JsonObject Figure(PlotFigure f) => new()
    {
        ["title"] = f.Title, ["caption"] = f.Caption,
        ["data"] = new JsonArray(f.Traces.Select(t => PlotText.Plain(t.DeepClone())).ToArray()), ["layout"] = PlotText.Plain(f.Layout()),
    };

    /// <summary>The report section as JSON: plotly figures with strings escaped (<see cref="PlotText.Plain"/>), 3D views with their model and cube text.</summary>
    public static JsonObject Section(ReportSection s) => new()
    {
        ["key"] = s.Key, ["title"] = s.Title,
        ["paragraphs"] = new JsonArray(s.Paragraphs.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
        ["tables"] = new JsonArray(s.Tables.Select(t => (JsonNode?)new JsonObject
        {
            ["caption"] = t.Caption, ["header"] = new JsonArray(t.Header.Select(h => (JsonNode?)JsonValue.Create(h)).ToArray()),
            ["rows"] = new JsonArray(t.Rows.Select(row => (JsonNode?)new JsonArray(row.Select(c => (JsonNode?)JsonValue.Create(c)).ToArray())).ToArray()),
        }).ToArray()),
        ["figures"] = new JsonArray(s.Figures.Select(f => (JsonNode?)Figure(f)).ToArray()),
        ["views"] = new JsonArray(s.Views.Select(v => (JsonNode?)new JsonObject
        {
            ["title"] = v.Title, ["format"] = v.ModelFormat, ["model"] = v.ModelText, ["cube"] = v.CubeText, ["iso_value"] = Json.Number(v.IsoValue),
            ["iso_color"] = v.IsoColor, ["caption"] = v.Caption,
        }).ToArray()),
        ["warnings"] = new JsonArray(s.Warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
    };

    /// <summary>Every site of the cell with its Cartesian position (Å) and species, and two XYZ models for the viewer:
    /// fully occupied sites, and partly occupied or shared sites (drawn translucent, labelled with their occupancies).</summary>
    public static JsonObject Atoms(Structures.Structure s)
    {
        var ordered = new List<string>(); var partial = new List<string>(); var labels = new JsonArray();
        foreach (var site in s.Sites)
        {
            var (x, y, z) = s.CartesianOf(site);
            var major = site.Species.MaxBy(sp => sp.Occupancy)!.Element;
            var line = string.Create(Inv, $"{major} {x:0.#####} {y:0.#####} {z:0.#####}");
            if (site.IsOrdered) ordered.Add(line);
            else
            {
                partial.Add(line);
                labels.Add(new JsonObject
                {
                    ["label"] = site.Label, ["x"] = Math.Round(x, 5), ["y"] = Math.Round(y, 5), ["z"] = Math.Round(z, 5), ["occupancy"] = Math.Round(site.TotalOccupancy, 4),
                    ["text"] = $"{site.Label}: {string.Join(" + ", site.Species.Select(sp => $"{sp.Element} {sp.Occupancy.ToString("0.###", Inv)}"))}",
                });
            }
        }
        static string Xyz(List<string> lines, string title) => new StringBuilder().Append(lines.Count).Append('\n').Append(title).Append('\n').AppendJoin('\n', lines).Append('\n').ToString();
        return new JsonObject
        {
            ["sites"] = s.Sites.Count, ["partial_sites"] = partial.Count,
            ["ordered_xyz"] = Xyz(ordered, "fully occupied sites"), ["partial_xyz"] = Xyz(partial, "partly occupied or shared sites"),
            ["partial"] = labels,
            // the cell's eight corners (Å), for its edges
            ["cell_corners"] = new JsonArray(Enumerable.Range(0, 8).Select(k =>
            {
                var (x, y, z) = s.Lattice.ToCartesian(k & 1, (k >> 1) & 1, (k >> 2) & 1);
                return (JsonNode?)new JsonArray(Math.Round(x, 5), Math.Round(y, 5), Math.Round(z, 5));
            }).ToArray()),
        };
    }
}
