using Nitrolyte.Core;

namespace Nitrolyte.Screening;

/// <summary>Opens the store a campaign's configuration names: SQLite in the campaign folder by default, PostgreSQL
/// when <see cref="CampaignConfig.Store"/> is a postgresql:// connection string.</summary>
public static class CampaignStores
{
    public static ICampaignStore Open(string campaignFolder, CampaignConfig config)
    {
        if (config.IsPostgreSql)
            return PostgresCampaignStore.Open(config.Store, config.Name);
        return SqliteCampaignStore.Open(Path.Combine(campaignFolder, CampaignConfig.SqliteFileName));
    }

    /// <summary>A connection string with any password replaced by ***, for messages.</summary>
    public static string Redact(string connection) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(connection, @"(://[^:/@]+:)[^@]*@", "$1***@"),
            @"(?i)(password=)[^;&]*", "$1***");
}
