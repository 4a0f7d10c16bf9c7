using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nitrolyte.Screening;

/// <summary>The options of a campaign (campaign.json in the campaign folder, and a copy in the store via
/// <see cref="ICampaignStore.SetConfig"/>): which descriptors, with which options and versions, and where the store is.</summary>
public sealed record CampaignConfig
{
    public const string FileName = "campaign.json";
    public const string SqliteFileName = "campaign.db";

    public int FormatVersion { get; init; } = 1;
    public string Name { get; init; } = "";
    /// <summary>"sqlite" (campaign.db in the folder) or a postgresql://... connection string.</summary>
    public string Store { get; init; } = "sqlite";
    public IReadOnlyList<string> Descriptors { get; init; } = DescriptorSet.Default;
    public double BvseGridA { get; init; } = 0.2;
    public string MobileIon { get; init; } = "Li";
    /// <summary>DFT entries file (JSON/CSV of Thermodynamics entries) for e_hull and the window; null = not computed.</summary>
    public string? EntriesPath { get; init; }
    /// <summary>Descriptor name -> version string, fixed at init (provenance).</summary>
    public IReadOnlyDictionary<string, string> DescriptorVersions { get; init; } = new Dictionary<string, string>();
    /// <summary>What the candidates came from (paths, rules file), for the record.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
    public string CreatedUtc { get; init; } = "";

    public bool IsPostgreSql => Store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
                                || Store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static CampaignConfig FromJson(string json, string where) =>
        (json.Length == 0 ? null : Deserialize(json, where)) ?? throw new Core.NitrolyteFormatException(where, "empty campaign configuration");

    private static CampaignConfig? Deserialize(string json, string where)
    {
        try { return JsonSerializer.Deserialize<CampaignConfig>(json, Options); }
        catch (JsonException e) { throw new Core.NitrolyteFormatException(where, $"not a campaign configuration ({e.Message})", e.LineNumber + 1); }
    }
}
