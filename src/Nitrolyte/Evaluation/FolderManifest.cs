using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Nitrolyte.Core;
using Nitrolyte.Formats;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Formats.Impedance;
using Nitrolyte.Formats.Structures;
using Nitrolyte.Impedance;
using Nitrolyte.Structures;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation;

/// <summary>
/// Folder mode: a folder of data files without a manifest. Each file is recognised by its content (a crystal
/// structure, a σ(T) table, DFT entries, an impedance spectrum, a cyclic voltammogram); impedance files whose names
/// differ only by a temperature (pellet_25C, pellet_45C) form one series, their temperatures read from the names.
/// Files that cannot be told apart by content (galvanostatic cycling: symmetric, full cell or DC polarisation?) are
/// listed as not analysed, with what to write in a manifest. <see cref="Yaml"/> is the manifest inferred.
/// </summary>
public sealed partial class FolderManifest
{
    public required Manifest Manifest { get; init; }
    public required string Yaml { get; init; }
    public List<NotAnalysedItem> Unrecognised { get; } = [];

    /// <summary>True when <paramref name="dir"/> is a folder with no manifest in it or in its sub-folders (the rule of <see cref="Manifest.Discover"/>).</summary>
    public static bool Applies(string dir) =>
        Directory.Exists(dir)
        && !Manifest.FileNames.Any(n => File.Exists(Path.Combine(dir, n)))
        && !Directory.GetDirectories(dir).Any(d => Manifest.FileNames.Any(n => File.Exists(Path.Combine(d, n))));

    [GeneratedRegex(@"[-_ ]*[-m]?\d+(?:[.,]\d+)?\s*(?:°C|degC|deg|C|K)(?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex TemperatureToken();

    private static readonly string[] TimeSeriesExtensions = [".mpr", ".mpt", ".dta", ".nda", ".ndax", ".csv", ".txt"];

    public static FolderManifest Infer(string dir)
    {
        var full = Path.GetFullPath(dir);
        var files = Directory.GetFiles(full).Where(f => !Path.GetFileName(f).StartsWith('.')).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var items = new List<(string Technique, List<string> Files, string? Label)>();
        var unrecognised = new List<NotAnalysedItem>();
        var eis = new List<string>();
        string? formula = null;
        foreach (var f in files)
        {
            var name = Path.GetFileName(f);
            var ext = Path.GetExtension(name).ToLowerInvariant();
            if (Try(() => StructureReader.Read(f)) is { } s && (ext is ".cif" or ".mcif" or ".vasp" || name.StartsWith("POSCAR", StringComparison.OrdinalIgnoreCase) || name.StartsWith("CONTCAR", StringComparison.OrdinalIgnoreCase)))
            {
                items.Add(("structure", [f], null));
                formula ??= s.ReducedFormula().Item1;
                continue;
            }
            if (ext is ".csv" or ".txt" or ".tsv" or ".dat")
            {
                if (Try(() => ConductivityTableReader.Read(f)) is { Points.Count: >= 2 }) { items.Add(("conductivity_table", [f], null)); continue; }
                if (Try(() => EntryReader.Read(f)) is { Entries.Count: > 0 }) { items.Add(("entries", [f], null)); continue; }
            }
            // A time series first: the impedance text reader would also take time/voltage/current columns for f/Z'/Z''.
            var ts = TimeSeriesExtensions.Contains(ext) ? Try(() => TimeSeriesReader.Read(f, keepExtras: false)) : null;
            bool eisTechnique = ts?.Technique is { } tn && tn.Contains("EIS", StringComparison.OrdinalIgnoreCase);
            if ((ts is null || eisTechnique) && Try(() => ImpedanceReader.ReadAll(f)) is { Count: > 0 }) { eis.Add(f); continue; }
            if (ts is not null)
            {
                if (ts.Technique is { } tech && tech.Contains("CV", StringComparison.OrdinalIgnoreCase)) { items.Add(("cv", [f], null)); continue; }
                unrecognised.Add(new NotAnalysedItem(null, "time series", f,
                    "a potentiostat/cycler time series: whether it is symmetric_cycling, full_cell, dc_polarisation or cv cannot be told from its content; " +
                    "name the technique in a manifest (--write-manifest writes one to edit)", Failed: false));
                continue;
            }
            unrecognised.Add(new NotAnalysedItem(null, "unknown", f, "not recognised as a structure, σ(T) table, entries file, impedance spectrum or cycling file", Failed: false));
        }
        // impedance series: files whose names differ only by a temperature token
        foreach (var g in eis.GroupBy(f => SeriesKey(f)).OrderBy(g => g.Key, StringComparer.Ordinal))
            items.Add(("eis", g.ToList(), g.Count() > 1 ? g.Key : null));

        if (items.Count == 0)
            throw new NitrolyteInputException($"{dir}: no manifest.yaml in this folder or its sub-folders, and no file Nitrolyte recognises by its content " +
                                              $"({(unrecognised.Count == 0 ? "the folder has no data files" : $"{unrecognised.Count} file(s) not recognised")}); write a manifest (docs/evaluate.md)");
        var text = Render(full, formula, items, unrecognised, Path.GetFileName);

        // Load through the ordinary manifest reader (same checks), from a private temporary copy that names the
        // files absolutely (they live in the data folder, not beside the copy).
        var tmpDir = Directory.CreateTempSubdirectory("nitrolyte-folder-");
        try
        {
            var tmpPath = Path.Combine(tmpDir.FullName, "manifest.yaml");
            File.WriteAllText(tmpPath, Render(full, formula, items, [], f => f));
            var loaded = Manifest.Load(tmpPath);
            var m = new Manifest
            {
                ManifestPath = Path.Combine(full, "(folder mode: no manifest.yaml)"),
                BaseDirectory = full, Material = loaded.Material, Formula = loaded.Formula, Raw = loaded.Raw,
                Sample = loaded.Sample, Targets = loaded.Targets,
            };
            m.Data.AddRange(loaded.Data);
            var result = new FolderManifest { Manifest = m, Yaml = text };
            result.Unrecognised.AddRange(unrecognised);
            return result;
        }
        finally
        {
            try { tmpDir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static string Render(string dir, string? formula, List<(string Technique, List<string> Files, string? Label)> items, List<NotAnalysedItem> unrecognised, Func<string, string> name)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine($"# Inferred by `nitrolyte evaluate {Path.GetFileName(dir)} --write-manifest` from the files' content: check and edit.");
        yaml.AppendLine("# Add sample: (diameter_mm or area_cm2, thickness_mm) for conductivities, and the techniques of the files listed at the end.");
        yaml.AppendLine($"material: {Quote(Path.GetFileName(dir))}");
        if (formula is not null) yaml.AppendLine($"formula: {Quote(formula)}   # from the structure file");
        yaml.AppendLine(items.Count == 0 ? "data: []" : "data:");
        foreach (var (tech, fs, label) in items)
        {
            yaml.AppendLine($"  - technique: {tech}");
            if (label is not null) yaml.AppendLine($"    label: {Quote(label)}");
            if (fs.Count == 1) { yaml.AppendLine($"    file: {Quote(name(fs[0]))}"); continue; }
            yaml.AppendLine($"    files: [{string.Join(", ", fs.Select(x => Quote(name(x))))}]");
            var temps = fs.Select(f => { try { return Formats.FileNameTemperature.Parse(f); } catch (NitrolyteInputException) { return null; } }).ToList();
            if (temps.All(t => t is not null))
                yaml.AppendLine($"    # temperatures from the file names: {string.Join(", ", temps.Select(t => t!.Value.ToString("0.##", CultureInfo.InvariantCulture)))} °C");
        }
        foreach (var u in unrecognised)
            yaml.AppendLine($"  # - technique: ?       # {u.Reason.Split(':')[0]}\n  #   file: {Quote(name(u.File!))}");
        return yaml.ToString();
    }

    /// <summary>The file name without its temperature token and extension: the key impedance files are grouped by.</summary>
    internal static string SeriesKey(string path) =>
        TemperatureToken().Replace(Path.GetFileNameWithoutExtension(path), "").Trim('-', '_', ' ') is { Length: > 0 } k ? k : Path.GetFileNameWithoutExtension(path);

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static T? Try<T>(Func<T> read) where T : class
    {
        try { return read(); }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException)) { return null; }
    }
}
