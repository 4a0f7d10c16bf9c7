using Nitrolyte.Core;
using Nitrolyte.Formats.Entries;
using Nitrolyte.Thermodynamics;

namespace Nitrolyte.Screening;

/// <summary>A campaign folder: campaign.json (the options), the store (campaign.db for SQLite) and the STOP flag
/// that 'screen cancel' writes and every worker checks between candidates.</summary>
public sealed class Campaign : IDisposable
{
    public const string StopFlagName = "STOP";

    public string Folder { get; }
    public CampaignConfig Config { get; }
    public ICampaignStore Store { get; }

    private Campaign(string folder, CampaignConfig config, ICampaignStore store)
    {
        Folder = folder;
        Config = config;
        Store = store;
    }

    public string StopFlagPath => Path.Combine(Folder, StopFlagName);
    public bool StopRequested => File.Exists(StopFlagPath);

    /// <summary>Creates the campaign (or, when campaign.json exists with the same descriptor options, adds the
    /// candidates that are new to it). Returns the campaign and how many candidates were new.</summary>
    public static (Campaign Campaign, int Added) Create(string folder, CampaignConfig config, IEnumerable<CandidateRecord> candidates)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) throw new NitrolyteInputException($"{full}: is a file; a campaign is a folder");
        Directory.CreateDirectory(full);
        var cfgPath = Path.Combine(full, CampaignConfig.FileName);
        if (File.Exists(cfgPath))
        {
            var old = CampaignConfig.FromJson(File.ReadAllText(cfgPath), cfgPath);
            if (!old.Descriptors.SequenceEqual(config.Descriptors) || old.BvseGridA != config.BvseGridA || old.MobileIon != config.MobileIon
                || old.Store != config.Store || old.EntriesPath != config.EntriesPath)
                throw new NitrolyteInputException($"{full}: a campaign with other options exists here ({string.Join(",", old.Descriptors)}, grid {old.BvseGridA} Å, store {CampaignStores.Redact(old.Store)}); use another folder");
            config = old with { Sources = old.Sources.Concat(config.Sources).Distinct().ToList() };
        }
        var store = CampaignStores.Open(full, config);
        try
        {
            var json = config.ToJson();
            store.SetConfig(json);
            AtomicFile.WriteAllText(cfgPath, json);
            int added = store.AddCandidates(candidates);
            return (new Campaign(full, config, store), added);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public static Campaign Open(string folder)
    {
        var full = Path.GetFullPath(folder);
        var cfgPath = Path.Combine(full, CampaignConfig.FileName);
        if (!File.Exists(cfgPath))
            throw new NitrolyteInputException($"{full}: not a campaign folder (no {CampaignConfig.FileName}; create one with 'nitrolyte screen init')");
        var config = CampaignConfig.FromJson(File.ReadAllText(cfgPath), cfgPath);
        return new Campaign(full, config, CampaignStores.Open(full, config));
    }

    /// <summary>The DFT entries named by the configuration (null when none).</summary>
    public IReadOnlyList<Entry>? LoadEntries() => Config.EntriesPath is { } p ? EntryReader.Read(p).Entries : null;

    public void Dispose() => Store.Dispose();
}
