using System.Text.Json;
using System.Text.Json.Serialization;
using Nitrolyte.Core;

namespace Nitrolyte.Screening.Slurm;

/// <summary>One submitted job: the array ("array") or the shard merge ("merge").</summary>
public sealed record SlurmJobRecord(long JobId, string Kind, int Tasks, string Mode, string Script, string SubmittedUtc);

/// <summary>The Slurm jobs of a campaign, in slurm/jobs.json of the campaign folder (written atomically), so that
/// `screen status` can show their state and `screen cancel` can scancel them.</summary>
public static class SlurmJobLog
{
    public const string FileName = "jobs.json";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private sealed record Document(IReadOnlyList<SlurmJobRecord> Jobs);

    public static string PathFor(string campaignFolder) => Path.Combine(campaignFolder, SlurmScripts.FolderName, FileName);

    public static IReadOnlyList<SlurmJobRecord> Read(string campaignFolder)
    {
        var path = PathFor(campaignFolder);
        if (!File.Exists(path)) return [];
        try { return JsonSerializer.Deserialize<Document>(File.ReadAllText(path), Options)?.Jobs ?? []; }
        catch (JsonException e) { throw new NitrolyteFormatException(path, $"not a Slurm job list ({e.Message})"); }
    }

    public static void Append(string campaignFolder, IEnumerable<SlurmJobRecord> jobs)
    {
        var all = Read(campaignFolder).Concat(jobs).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(PathFor(campaignFolder))!);
        AtomicFile.WriteAllText(PathFor(campaignFolder), JsonSerializer.Serialize(new Document(all), Options) + "\n");
    }
}
