namespace Nitrolyte.Numerics;

/// <summary>Information criteria for choosing between least-squares models.</summary>
public static class ModelSelection
{
    /// <summary>Small-sample Akaike criterion from a (weighted) sum of squares: n ln(SSR/n) + 2k + 2k(k+1)/(n−k−1);
    /// +∞ when n ≤ k + 1 (too few points to compare).</summary>
    public static double Aicc(double ssr, int n, int k)
    {
        double aic = n * Math.Log(Math.Max(ssr, 1e-300) / n) + 2 * k;
        return n - k - 1 > 0 ? aic + 2.0 * k * (k + 1) / (n - k - 1) : double.PositiveInfinity;
    }
}
