namespace Nitrolyte.Numerics;

/// <summary>
/// The one normal-deviate sampler (Box-Muller, cosine branch: two uniform draws per sample, the first for the radius).
/// Every synthetic-data generator (cell simulator, lattice walks, impedance noise and multi-starts, the CLI's
/// simulate commands) draws through it, so a seed gives the same numbers everywhere.
/// </summary>
public static class GaussianSampler
{
    /// <summary>A standard normal deviate: sqrt(-2 ln(1 - u1)) cos(2π u2).</summary>
    public static double Standard(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>A normal deviate with standard deviation <paramref name="sd"/>, computed as sd·sqrt(…)·cos(…) in that
    /// order (the rounding the generators had before they shared this sampler).</summary>
    public static double Scaled(Random rng, double sd) =>
        sd * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
