using System.Globalization;
using System.Text.Json;
using Nitrolyte.Chemistry;

namespace Nitrolyte.Screening;

/// <summary>One candidate in the report: its record, status, numeric values by name (descriptors, rule parameters,
/// ewald_rank), its score and its place in the ranking (1 = best; null when not ranked).</summary>
public sealed class ReportRow
{
    public required CandidateRecord Candidate { get; init; }
    public required string Status { get; init; }
    public CandidateResult? Result { get; init; }
    public Dictionary<string, double?> Values { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> Texts { get; } = new(StringComparer.Ordinal);
    public double? Score { get; set; }
    public int? Rank { get; set; }
    public double? Value(string name) => Values.TryGetValue(name, out var v) ? v : null;
}

/// <summary>The ranked table of a campaign: rows of every candidate (optionally filtered), ewald_rank computed within
/// each reduced composition, the score (lower is better; default bvse_3d_ev) and the rank.</summary>
public sealed record ScreeningReportData(IReadOnlyList<ReportRow> Rows, CampaignCounts Counts, string ScoreExpression, string? FilterExpression, CampaignConfig Config)
{
    /// <summary>Names usable in --filter and --score.</summary>
    public static readonly IReadOnlyList<string> KnownNames =
    [
        "bvse_1d_ev", "bvse_2d_ev", "bvse_3d_ev", "bvse_dim", "ewald_ev", "ewald_ev_per_atom", "ewald_rank", "ewald_above_min_mev",
        "atoms_per_cell", "li_per_cell", "li_fraction", "density_g_per_cm3", "volume_a3_per_atom", "li_bvs_mean", "li_bvs_gii",
        "e_hull_mev", "window_low_v", "window_high_v", "bottleneck_radius_a", "bottleneck_dim", "x", "strain", "lattice_a", "ordering_rank", "seconds",
    ];

    public static string DefaultScore(CampaignConfig c) => c.Descriptors.Contains(DescriptorSet.Bvse) ? "bvse_3d_ev" : "ewald_ev_per_atom";

    public static ScreeningReportData Build(ICampaignStore store, CampaignConfig config, string? filter = null, string? score = null)
    {
        var scoreText = string.IsNullOrWhiteSpace(score) ? DefaultScore(config) : score;
        var scoreExpr = ScreeningExpression.Parse(scoreText, "--score", KnownNames);
        var filterExpr = string.IsNullOrWhiteSpace(filter) ? null : ScreeningExpression.Parse(filter, "--filter", KnownNames);
        var results = store.Results().ToDictionary(r => r.Id, StringComparer.Ordinal);
        var rows = new List<ReportRow>();
        foreach (var c in store.Candidates())
        {
            results.TryGetValue(c.Id, out var r);
            var row = new ReportRow { Candidate = c, Status = r?.Status ?? StatusOf(store, c), Result = r };
            foreach (var (k, v) in RuleParameters(c.RuleDescription)) row.Values[k] = v;
            if (r is { Status: CandidateStatus.Done })
            {
                using var doc = JsonDocument.Parse(r.DescriptorsJson);
                foreach (var p in doc.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Number) row.Values[p.Name] = p.Value.GetDouble();
                    else if (p.Value.ValueKind == JsonValueKind.Null) row.Values[p.Name] = null;
                    else if (p.Value.ValueKind == JsonValueKind.String) row.Texts[p.Name] = p.Value.GetString()!;
                }
                row.Values["seconds"] = (r.FinishedUtc - r.StartedUtc).TotalSeconds;
            }
            rows.Add(row);
        }
        // Ewald rank and energy above the lowest within each reduced composition (done candidates with an Ewald energy)
        foreach (var g in rows.Where(r => r.Value("ewald_ev_per_atom") is not null).GroupBy(r => ReducedKey(r)))
        {
            var sorted = g.OrderBy(r => r.Value("ewald_ev_per_atom")).ThenBy(r => r.Candidate.Id, StringComparer.Ordinal).ToList();
            double min = sorted[0].Value("ewald_ev_per_atom")!.Value;
            for (int i = 0; i < sorted.Count; i++)
            {
                sorted[i].Values["ewald_rank"] = i + 1;
                sorted[i].Values["ewald_above_min_mev"] = Math.Round((sorted[i].Value("ewald_ev_per_atom")!.Value - min) * 1000, 6);
            }
        }
        if (filterExpr is not null) rows = rows.Where(r => r.Status == CandidateStatus.Done && filterExpr.Passes(r.Value)).ToList();
        foreach (var r in rows) r.Score = r.Status == CandidateStatus.Done ? scoreExpr.Evaluate(r.Value) : null;
        rows = rows.OrderBy(r => r.Score is null ? 1 : 0).ThenBy(r => r.Score ?? 0).ThenBy(r => r.Candidate.Id, StringComparer.Ordinal).ToList();
        int rank = 0;
        foreach (var r in rows) if (r.Score is not null) r.Rank = ++rank;
        return new ScreeningReportData(rows, store.Counts(), scoreText, filterExpr?.Text, config);
    }

    private static string StatusOf(ICampaignStore store, CandidateRecord c) => CandidateStatus.Pending;

    private static string ReducedKey(ReportRow r)
    {
        var f = r.Texts.TryGetValue("formula", out var t) ? t : r.Candidate.Formula;
        try { return Composition.Parse(f).ReducedFormula; } catch (Core.NitrolyteInputException) { return f; }
    }

    /// <summary>x, strain, lattice_a and ordering_rank from a rule text "rule=..;x=0.1;strain=0.02;..;rank=2".</summary>
    public static IEnumerable<(string, double?)> RuleParameters(string rule)
    {
        foreach (var part in rule.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2) continue;
            string? name = kv[0] switch { "x" => "x", "strain" => "strain", "a" => "lattice_a", "rank" => "ordering_rank", _ => null };
            if (name is not null && double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) yield return (name, v);
        }
    }

    /// <summary>The rule's name ("" for a read file).</summary>
    public static string RuleName(string rule) =>
        rule.Split(';').FirstOrDefault(p => p.StartsWith("rule=", StringComparison.Ordinal))?[5..] ?? "";
}
