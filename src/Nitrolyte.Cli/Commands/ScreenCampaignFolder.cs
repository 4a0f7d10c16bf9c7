using Nitrolyte.Core;
using Nitrolyte.Screening;

namespace Nitrolyte.Cli.Commands;

/// <summary>Finds a campaign folder and reads its campaign.json (for the Slurm commands).</summary>
public static class ScreenCampaignFolder
{
    public static string Resolve(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new NitrolyteInputException($"{full}: no such campaign folder (make one with `nitrolyte screen init`)");
        if (!File.Exists(Path.Combine(full, CampaignConfig.FileName))) throw new NitrolyteInputException($"{full}: not a campaign folder (no {CampaignConfig.FileName}; make one with `nitrolyte screen init`)");
        return full;
    }

    public static CampaignConfig LoadConfig(string folder)
    {
        var path = Path.Combine(folder, CampaignConfig.FileName);
        return CampaignConfig.FromJson(File.ReadAllText(path), path);
    }
}
