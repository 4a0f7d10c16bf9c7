using Nitrolyte.Evaluation;
using Nitrolyte.Reports;

namespace Nitrolyte.Tests.Evaluation;

public class TargetsTests
{
    private static ScorecardEntry Ccd(params MetricValue[] metrics)
    {
        var board = new MetricBoard();
        foreach (var m in metrics) board.Add(m);
        return Targets.Score(board, ["ccd"]).Single();
    }

    [Fact]
    public void ObservedCcdBelowTargetFails() =>
        Assert.Equal(TargetStatus.Fail, Ccd(new(MetricKeys.CriticalCurrentDensity, 10, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 10, "mAh/cm2", "s")).Status);

    [Fact]
    public void ObservedCcdAboveTargetAtHighCapacityPasses() =>
        Assert.Equal(TargetStatus.Pass, Ccd(new(MetricKeys.CriticalCurrentDensity, 15, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 4, "mAh/cm2", "s")).Status);

    [Fact]
    public void ObservedCcdAboveTargetAtLowCapacityFails() =>
        Assert.Equal(TargetStatus.Fail, Ccd(new(MetricKeys.CriticalCurrentDensity, 15, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 1, "mAh/cm2", "s")).Status);

    [Fact]
    public void StaircaseWithoutFailureBelowTargetIsNotAVerdict()
    {
        // seed 000's 5-80 uA/cm2 cycling never failed: the CCD is only known to be >= 0.08 mA/cm2
        var e = Ccd(new MetricValue(MetricKeys.CriticalCurrentDensityLowerBound, 0.08, "mA/cm2", "s"));
        Assert.Equal(TargetStatus.NotMeasured, e.Status);
        Assert.Equal(0.08, e.Value);
        Assert.Contains("without failure", e.Note);
    }

    [Fact]
    public void StaircaseWithoutFailureAboveTargetPasses() =>
        Assert.Equal(TargetStatus.Pass, Ccd(new(MetricKeys.CriticalCurrentDensityLowerBound, 70, "mA/cm2", "s"), new(MetricKeys.CcdArealCapacity, 5, "mAh/cm2", "s")).Status);

    [Fact]
    public void NothingMeasuredIsNotMeasured() => Assert.Equal(TargetStatus.NotMeasured, Ccd().Status);
}
