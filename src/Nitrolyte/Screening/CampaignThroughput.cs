namespace Nitrolyte.Screening;

/// <summary>How fast a campaign's results came: candidates per second from the first start to the last finish over
/// all workers (null with no results or a zero span), the mean time per candidate on one thread (null with no
/// results) and the number of distinct workers.</summary>
public sealed record CampaignThroughput(double? PerSecond, double? MeanSecondsPerCandidate, int Workers)
{
    public static CampaignThroughput Of(IReadOnlyList<CandidateResult> results)
    {
        double? perSecond = null, secondsPer = null;
        if (results.Count > 0)
        {
            var span = (results.Max(r => r.FinishedUtc) - results.Min(r => r.StartedUtc)).TotalSeconds;
            if (span > 0) perSecond = results.Count / span;
            secondsPer = results.Average(r => (r.FinishedUtc - r.StartedUtc).TotalSeconds);
        }
        return new CampaignThroughput(perSecond, secondsPer, results.Select(r => r.WorkerId).Distinct().Count());
    }
}
