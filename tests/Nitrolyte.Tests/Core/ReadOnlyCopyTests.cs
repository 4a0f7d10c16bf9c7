using Nitrolyte.Arrhenius;
using Nitrolyte.Electrochemistry;
using Nitrolyte.Numerics;
using Xunit;

namespace Nitrolyte.Tests.Core;

/// <summary>Records that hold numbers keep their own copy behind a read-only view (issue 15): changing the caller's
/// array, casting the property or building a copy with <c>with</c> never changes a record already made.</summary>
public class ReadOnlyCopyTests
{
    [Fact]
    public void RecordsKeepTheirOwnReadOnlyCopies()
    {
        double[] ci = [1e-4, 2e-4];
        var summary = new ArrheniusSummary(0.3, 0.01, 2, 0.1, "S K/cm", 1.5e-4, ci, false, 0.99, 6, 300, 400, "sigma-t");
        ci[0] = 99;
        Assert.Equal(1e-4, summary.Sigma25CCi95SPerCm[0]);
        Assert.False(summary.Sigma25CCi95SPerCm is double[]);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)summary.Sigma25CCi95SPerCm)[0] = 5);
        double[] other = [3e-4, 4e-4];
        var changed = summary with { Sigma25CCi95SPerCm = other };
        other[1] = 0;
        Assert.Equal(4e-4, changed.Sigma25CCi95SPerCm[1]);
        Assert.Equal(2e-4, summary.Sigma25CCi95SPerCm[1]);

        double[] v = [0.1, 0.2];
        var dc = new CellSimulator.DcParameters(v, 0.1, 1, 1e-9, 0.999, 100);
        v[0] = -1;
        Assert.Equal([0.1, 0.2], dc.VoltagesV);

        int[] basis = [0, 2];
        double[] duals = [-1.5, 0.25];
        var lp = new LpResult(LpStatus.Optimal, 1, basis, [0.5, 0.5], duals);
        basis[0] = 7; duals[1] = 9;
        Assert.Equal([0, 2], lp.Basis);
        Assert.Equal([-1.5, 0.25], lp.Duals);
        Assert.False(lp.Duals is double[]);
    }
}
