using System.Globalization;
using CsvHelper;
using Nitrolyte.Core;

namespace Nitrolyte.Library;

/// <summary>The literature rows and the version of the data file they came from.</summary>
public sealed record LiteratureDataset(string Version, IReadOnlyList<LiteratureEntry> Entries);

/// <summary>
/// Reads the versioned literature data file (src/Nitrolyte/Data/literature.csv, embedded in the assembly):
/// '#' comment lines, one '# version: X' line, then a CSV header and one row per electrolyte.
/// </summary>
public static class LiteratureDataFile
{
    public const string ResourceName = "Nitrolyte.Data.literature.csv";

    private static readonly Lazy<LiteratureDataset> Embedded = new(() =>
    {
        using var s = typeof(LiteratureDataFile).Assembly.GetManifestResourceStream(ResourceName)
                      ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var r = new StreamReader(s);
        return Parse(r.ReadToEnd(), "literature.csv (embedded)");
    });

    /// <summary>The library bundled with this build (what evaluate's comparison uses, so reports are reproducible).</summary>
    public static LiteratureDataset LoadEmbedded() => Embedded.Value;

    public static LiteratureDataset Load(string path)
    {
        if (!File.Exists(path)) throw new NitrolyteFormatException(path, "file not found");
        return Parse(File.ReadAllText(path), path);
    }

    public static readonly string[] Columns =
    [
        "id", "name", "formula", "family", "review_table", "table_label", "structure", "space_group", "sigma_s_per_cm", "temperature_c",
        "extrapolated", "ea_ev", "ea_form", "ea_high_t_ev", "transition_c", "synthesis", "source", "reference", "density_g_per_cm3", "notes",
    ];

    public static LiteratureDataset Parse(string text, string displayPath)
    {
        string? version = null;
        using (var sr = new StringReader(text))
        {
            for (var line = sr.ReadLine(); line is not null; line = sr.ReadLine())
            {
                var t = line.Trim();
                if (!t.StartsWith('#')) break;
                var body = t.TrimStart('#').Trim();
                if (body.StartsWith("version:", StringComparison.OrdinalIgnoreCase)) version = body["version:".Length..].Trim();
            }
        }
        if (string.IsNullOrEmpty(version)) throw new NitrolyteFormatException(displayPath, "no '# version: ...' line before the header");

        var options = new CsvReaderOptions
        {
            Separator = ',', HasHeader = true, CommentPrefix = '#', SkipEmptyLines = true, TrackLineNumbers = true,
            FieldCountMismatch = CsvFieldCountHandling.Throw, FormatProvider = CultureInfo.InvariantCulture,
        };
        var entries = new List<LiteratureEntry>();
        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var csv = CsvReader.FromText(text, options);
            var header = csv.Headers;
            if (header.Count == 0) throw new NitrolyteFormatException(displayPath, "no header line");
            foreach (var c in Columns)
                if (!header.Contains(c)) throw new NitrolyteFormatException(displayPath, $"header lacks column '{c}'");
            while (csv.Read())
            {
                long line = csv.LineNumber;
                string? S(string col) { var v = csv.GetString(col)?.Trim(); return string.IsNullOrEmpty(v) ? null : v; }
                double? D(string col)
                {
                    var v = S(col);
                    if (v is null) return null;
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                        throw new NitrolyteFormatException(displayPath, $"column {col}: '{v}' is not a number", line);
                    return d;
                }
                var id = S("id") ?? throw new NitrolyteFormatException(displayPath, "empty id", line);
                if (!ids.Add(id)) throw new NitrolyteFormatException(displayPath, $"duplicate id '{id}'", line);
                var ext = S("extrapolated") ?? "false";
                if (!bool.TryParse(ext, out var extrapolated))
                    throw new NitrolyteFormatException(displayPath, $"column extrapolated: '{ext}' is not true/false", line);
                var table = D("review_table");
                var sigma = D("sigma_s_per_cm");
                if (sigma is <= 0) throw new NitrolyteFormatException(displayPath, $"sigma_s_per_cm must be positive (row '{id}')", line);
                var form = S("ea_form");
                if (form is not null && form is not ("sigma-t" or "sigma"))
                    throw new NitrolyteFormatException(displayPath, $"ea_form '{form}' is not sigma-t or sigma", line);
                entries.Add(new LiteratureEntry
                {
                    Id = id,
                    Name = S("name") ?? throw new NitrolyteFormatException(displayPath, "empty name", line),
                    Formula = S("formula"),
                    Family = S("family") ?? throw new NitrolyteFormatException(displayPath, "empty family", line),
                    ReviewTable = table is { } tb ? (int)tb : null,
                    TableLabel = S("table_label"),
                    Structure = S("structure"),
                    SpaceGroup = S("space_group"),
                    SigmaSPerCm = sigma,
                    TemperatureC = D("temperature_c"),
                    Extrapolated = extrapolated,
                    EaEV = D("ea_ev"),
                    EaForm = form,
                    EaHighTEV = D("ea_high_t_ev"),
                    TransitionC = D("transition_c"),
                    Synthesis = S("synthesis"),
                    Source = S("source") ?? throw new NitrolyteFormatException(displayPath, "empty source", line),
                    Reference = S("reference"),
                    DensityGPerCm3 = D("density_g_per_cm3"),
                    Notes = S("notes"),
                    Origin = EntryOrigin.Literature,
                });
            }
        }
        catch (CsvFormatException e)
        {
            throw new NitrolyteFormatException(displayPath, $"malformed CSV: {e.Message.Split('\n')[0]}", e.LineNumber > 0 ? e.LineNumber : null);
        }
        return new LiteratureDataset(version, entries);
    }
}
