namespace Nitrolyte.Impedance;

/// <summary>One circuit's place in a comparison of several circuits fitted to the same points.</summary>
public sealed record CircuitRanking(CircuitFit Fit, double Aic, double Bic, int AicRank, int BicRank, double DeltaAic, double DeltaBic);

/// <summary>
/// Information criteria of CNLS fits over the same m = 2n stacked residuals: AIC = m ln(χ²/m) + 2k (as in
/// <see cref="CnlsFitter"/>), BIC = m ln(χ²/m) + k ln m (Schwarz 1978), k the free parameters. Lower is better;
/// a difference above about 2 (AIC) or 6 (BIC) favours the lower one.
/// </summary>
public static class ModelSelection
{
    public static double Bic(CircuitFit fit)
    {
        int m = 2 * fit.NPoints;
        return fit.Aic - 2 * fit.FreeParameters + fit.FreeParameters * Math.Log(m);
    }

    /// <summary>Ranks fits (which must share their points) by AIC and by BIC, 1 = best.</summary>
    public static IReadOnlyList<CircuitRanking> Rank(IReadOnlyList<CircuitFit> fits)
    {
        if (fits.Count == 0) return [];
        if (fits.Any(f => f.NPoints != fits[0].NPoints)) throw new ArgumentException("circuits compared on different numbers of points");
        var bic = fits.Select(Bic).ToArray();
        var aic = fits.Select(f => f.Aic).ToArray();
        double minA = aic.Min(), minB = bic.Min();
        int[] Ranks(double[] v)
        {
            var order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
            var r = new int[v.Length];
            for (int k = 0; k < order.Length; k++) r[order[k]] = k + 1;
            return r;
        }
        var ra = Ranks(aic); var rb = Ranks(bic);
        return fits.Select((f, i) => new CircuitRanking(f, aic[i], bic[i], ra[i], rb[i], aic[i] - minA, bic[i] - minB)).ToList();
    }
}
