using Nitrolyte.Core;
using Nitrolyte.Evaluation;

namespace Nitrolyte.Tests.Evaluation;

/// <summary>Metrics carry their uncertainty and the scorecard says by how many standard errors a value passes or fails (issue 15).</summary>
public class TargetMarginTests
{
    [Fact]
    public void LinearMarginIsTheDistanceInStandardErrors()
    {
        Assert.Equal(-3.0, new Measured(3.7, 0.1).StandardErrorsAbove(4.0)!.Value, 12);
        Assert.Equal(2.5, new Measured(4.5, 0.2).StandardErrorsAbove(4.0)!.Value, 12);
        Assert.Null(Measured.Exact(4.5).StandardErrorsAbove(4.0));
    }

    [Fact]
    public void ConductivityMarginIsTakenInLogSpace()
    {
        // σ = 5e-4 ± 5 % : log10(0.5) / (0.05 / ln 10) = -13.86 SE below 1 mS/cm
        double expected = Math.Log10(0.5) / (0.05 / Math.Log(10));
        Assert.Equal(expected, new Measured(5e-4, 2.5e-5).StandardErrorsAbove(1e-3, logarithmic: true)!.Value, 9);
    }

    [Fact]
    public void ScorecardCarriesTheSignedMargin()
    {
        var board = new MetricBoard();
        board.Add(new MetricValue(MetricKeys.WindowHighV, 3.7, "V", "test", StdErr: 0.1));
        board.Add(new MetricValue(MetricKeys.MinimumChargeTime, 12, "min", "test", StdErr: 1));
        board.Add(new MetricValue(MetricKeys.Sigma25C, 2e-3, "S/cm", "test")); // no SE: no margin
        var card = Targets.Score(board, null);
        var ox = card.Single(e => e.Id == "oxidation_limit");
        Assert.Equal(-3.0, ox.MarginSe!.Value, 9);
        Assert.Equal("fails by 3.0 SE", ox.MarginText);
        Assert.Equal(3.0, card.Single(e => e.Id == "fast_charge").MarginSe!.Value, 9); // 12 min ≤ 15 min: passes by 3 SE
        Assert.Null(card.Single(e => e.Id == "sigma_25c").MarginSe);
    }

    [Fact]
    public void ExtrapolationIsTypedOnTheMetricNotReadFromItsNote()
    {
        var m = new MetricValue(MetricKeys.Sigma25C, 1e-4, "S/cm", "test", "interpolated from the Arrhenius fit", Extrapolated: true);
        Assert.True(m.Extrapolated);
        Assert.True(double.IsNaN(new MetricValue(MetricKeys.Sigma25C, 1e-4, "S/cm", "test").Measured.StdErr));
    }
}
