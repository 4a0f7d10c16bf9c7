namespace Nitrolyte.Screening;

/// <summary>What a merge did: shard databases read, results found in them, results newly written to the main store,
/// and results the main store already had (a result is written once, so merging twice changes nothing).</summary>
public sealed record ShardMergeSummary(int ShardsRead, int ResultsRead, int Written, int AlreadyPresent);

/// <summary>Copies the done/failed results of every shard database (<c>shards/shard-*.sqlite</c>, written by Slurm
/// array tasks) into the campaign's main store. Idempotent; shard files are kept (they are the tasks' record).</summary>
public static class ShardMerge
{
    public static IReadOnlyList<string> ShardFiles(string campaignFolder)
    {
        var dir = Path.Combine(campaignFolder, ShardCampaignStore.FolderName);
        if (!Directory.Exists(dir)) return [];
        return Directory.GetFiles(dir, "shard-*.sqlite").OrderBy(p => p, StringComparer.Ordinal).ToList();
    }

    public static ShardMergeSummary Merge(string campaignFolder, ICampaignStore main)
    {
        int shards = 0, read = 0, written = 0;
        foreach (var file in ShardFiles(campaignFolder))
        {
            using var shard = SqliteCampaignStore.Open(file);
            shards++;
            foreach (var r in shard.Results())
            {
                read++;
                if (main.WriteResult(r)) written++;
            }
        }
        return new ShardMergeSummary(shards, read, written, read - written);
    }

    /// <summary>Results in shard files that the main store does not have yet (tasks finished or running, merge to come).</summary>
    public static int Unmerged(string campaignFolder, ICampaignStore main)
    {
        var files = ShardFiles(campaignFolder);
        if (files.Count == 0) return 0;
        var inMain = new HashSet<string>(main.Results().Select(r => r.Id), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            using var shard = SqliteCampaignStore.Open(file);
            foreach (var r in shard.Results()) if (!inMain.Contains(r.Id)) seen.Add(r.Id);
        }
        return seen.Count;
    }
}
