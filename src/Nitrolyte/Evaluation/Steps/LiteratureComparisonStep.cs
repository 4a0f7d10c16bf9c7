using System.Globalization;
using System.Text.Json.Nodes;
using Nitrolyte.Chemistry;
using Nitrolyte.Core;
using Nitrolyte.Library;
using Nitrolyte.Reports;

namespace Nitrolyte.Evaluation.Steps;

/// <summary>
/// Places the evaluated material on an Arrhenius comparison plot beside the literature materials of its family and the
/// field's best, with a table of the nearest library materials in (log σ25, Ea). Runs when earlier steps published
/// σ(25 °C) and Ea. Reads the library bundled with the build (not the user's store), so a report is reproducible.
/// </summary>
public sealed class LiteratureComparisonStep : IMaterialStep
{
    public string Key => "literature";

    private readonly LiteratureDataset? _dataset;

    public LiteratureComparisonStep() { }

    /// <summary>For tests: compare against a given dataset instead of the embedded one.</summary>
    public LiteratureComparisonStep(LiteratureDataset dataset) => _dataset = dataset;

    public StepOutcome? Run(EvaluationContext context)
    {
        var sigma = context.Metrics.Max(MetricKeys.Sigma25C);
        if (sigma is null || !(sigma.Value > 0)) return null;
        // Ea from the same analysis as the best σ(25 °C), else the only/first one published.
        var ea = context.Metrics.Get(MetricKeys.ActivationEnergy).FirstOrDefault(m => m.Source == sigma.Source)
                 ?? context.Metrics.Get(MetricKeys.ActivationEnergy).FirstOrDefault();
        if (ea is null) return null;

        var data = _dataset ?? LiteratureDataFile.LoadEmbedded();
        var rows = data.Entries.Where(e => e.HasArrheniusLine).ToList();
        var manifest = context.Manifest;
        var (family, familyReason) = InferFamily(manifest, data.Entries);
        var sameFamily = family is null ? [] : rows.Where(r => string.Equals(r.Family, family, StringComparison.OrdinalIgnoreCase)).ToList();
        var best = LiteratureComparison.FieldBest(rows);
        var neighbours = LiteratureComparison.Nearest(rows, sigma.Value, ea.Value, 5);

        var self = new LiteratureEntry
        {
            Id = "this-material", Name = $"{manifest.Material} (this report)", Formula = manifest.Formula, Family = family ?? "unknown",
            SigmaSPerCm = sigma.Value, TemperatureC = 25, EaEV = ea.Value, EaForm = "sigma-t", Source = "this evaluation",
            Extrapolated = sigma.Extrapolated, // typed on the metric (issue 15), no longer read from its free-text note
        };
        var plotted = new List<LiteratureEntry> { self };
        plotted.AddRange(sameFamily);
        if (best is not null && !plotted.Contains(best)) plotted.Add(best);
        foreach (var n in neighbours.Take(3)) if (!plotted.Contains(n.Entry)) plotted.Add(n.Entry);

        var section = new ReportSection { Key = "literature", Title = "Comparison with the literature" };
        section.Paragraphs.Add(
            $"σ(25 °C) = {sigma.Value:0.###e+0} S/cm and Ea = {ea.Value:0.###} eV (from {sigma.Source}) placed beside " +
            (family is null ? "the library" : $"the {sameFamily.Count} library materials of the family '{family}' ({familyReason})") +
            (best is null ? "." : $" and the field's best in the library, {best.Name} ({best.Sigma25C:0.##e+0} S/cm at 25 °C).") +
            $" Library: the data file bundled with this build (version {data.Version}), transcribed from the seed papers; lines are drawn from each " +
            "material's published σ(T) and Ea in the σT form unless the source states otherwise.");
        if (best?.Sigma25C is { } bs)
            section.Paragraphs.Add($"This material's σ(25 °C) is {Math.Log10(sigma.Value / bs):+0.0;-0.0} orders of magnitude from the field's best and " +
                                   $"{Math.Log10(sigma.Value / Targets.IonicConductivityTargetSPerCm):+0.0;-0.0} from the 1 mS/cm target; " +
                                   $"{rows.Count(r => r.Sigma25C > sigma.Value)} of {rows.Count} library materials conduct better at 25 °C.");
        section.Tables.Add(new ReportTable("Nearest library materials in (log10 σ25, Ea) — distance √(Δlog10σ² + (ΔEa / 0.1 eV)²)",
            ["material", "family", "σ(25 °C) (S/cm)", "Ea (eV)", "Δ log10 σ", "Δ Ea (eV)", "source"],
            neighbours.Select(n => (IReadOnlyList<string>)
            [
                n.Entry.Name, n.Entry.Family, F(n.Sigma25CSPerCm, "0.##e+0") + (n.Entry.Extrapolated ? " *" : ""), F(n.Entry.EaEV!.Value, "0.00#"),
                F(n.DeltaLog10Sigma, "+0.00;-0.00"), F(n.DeltaEaEV, "+0.000;-0.000"), Cite(n.Entry),
            ]).ToList()));
        section.Figures.Add(LiteraturePlot.Build($"{manifest.Material} against the literature", plotted, highlightIds: ["this-material"]));

        var results = new JsonObject
        {
            ["library_version"] = data.Version,
            ["family"] = family,
            ["family_reason"] = familyReason,
            ["material"] = new JsonObject { ["sigma_25c_s_per_cm"] = sigma.Value, ["ea_ev"] = ea.Value, ["from"] = sigma.Source },
            ["same_family"] = new JsonArray(sameFamily.Select(e => (JsonNode?)JsonValue.Create(e.Id)).ToArray()),
            ["field_best"] = best is null ? null : new JsonObject { ["id"] = best.Id, ["name"] = best.Name, ["sigma_25c_s_per_cm"] = best.Sigma25C },
            ["nearest"] = new JsonArray(neighbours.Select(n => (JsonNode?)new JsonObject
            {
                ["id"] = n.Entry.Id, ["name"] = n.Entry.Name, ["family"] = n.Entry.Family,
                ["sigma_at_25c_s_per_cm"] = n.Sigma25CSPerCm, ["ea_ev"] = n.Entry.EaEV, ["distance"] = n.Distance,
            }).ToArray()),
            ["better_at_25c"] = rows.Count(r => r.Sigma25C > sigma.Value),
            ["library_size"] = rows.Count,
        };
        return new StepOutcome { Results = results, Section = section };
    }

    /// <summary>The manifest's 'family:' when given; else the family of a library row with the same composition.</summary>
    internal static (string? Family, string Reason) InferFamily(Manifest manifest, IReadOnlyList<LiteratureEntry> entries)
    {
        if (manifest.Raw["family"] is JsonValue fv && fv.TryGetValue<string>(out var given) && !string.IsNullOrWhiteSpace(given))
            return (given.Trim(), "from the manifest");
        if (manifest.Formula is not { } formula) return (null, "no formula in the manifest");
        Composition? comp = TryParse(formula);
        foreach (var e in entries)
        {
            if (e.Formula is null) continue;
            bool same = string.Equals(LibrarySearch.Normalize(e.Formula), LibrarySearch.Normalize(formula), StringComparison.Ordinal);
            if (!same && comp is not null && TryParse(e.Formula) is { } other)
                same = comp.FractionalComposition().AlmostEquals(other.FractionalComposition(), 1e-6);
            if (same) return (e.Family, $"same composition as {e.Name}");
        }
        return (null, $"no library material has the composition {formula}");
    }

    private static Composition? TryParse(string formula)
    {
        try { return Composition.Parse(formula); }
        catch (Exception) { return null; } // a formula the parser cannot read simply matches by text only
    }

    private static string F(double v, string fmt) => v.ToString(fmt, CultureInfo.InvariantCulture);

    private static string Cite(LiteratureEntry e) => e.ReviewTable is { } t ? $"review Table {t}, {e.Reference}" : e.Reference ?? e.Source;
}
