using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Nmr;

/// <summary>
/// R1(T) and recovery curves generated from known BPP parameters (what `nmr simulate` writes, for examples and tests):
/// τc = τ0 exp(Ea/kBT) with τ0 set so that the rate peak lies at peakK, and the coupling constant set
/// so that R1 at the peak is r1MaxPerS. Noise is drawn by the caller's generator, in temperature order.
/// </summary>
public sealed class BppSimulator
{
    /// <summary>Delays per recovery curve, log-spaced from 0.01 T1 to 10 T1.</summary>
    public const int RecoveryDelays = 16;

    private readonly double _omega, _coupling;

    public BppSimulator(double eaEV, double alpha, double peakK, double r1MaxPerS, double larmorHz)
    {
        EaEV = eaEV;
        Alpha = alpha;
        _omega = 2 * Math.PI * larmorHz;
        double x = BppModel.OmegaTauAtPeak(alpha);
        Tau0S = x / _omega * Math.Exp(-eaEV / (PhysicalConstants.BoltzmannEVPerK * peakK));
        _coupling = r1MaxPerS / BppModel.Spectral(x / _omega, _omega, alpha);
    }

    public double EaEV { get; }
    public double Alpha { get; }

    /// <summary>Ea of the low-temperature flank, Ea (α − 1).</summary>
    public double EaLowTEV => EaEV * (Alpha - 1);

    /// <summary>τ0 (s) that puts the rate peak at the requested temperature.</summary>
    public double Tau0S { get; }

    /// <summary>The noise-free relaxation rate R1 (1/s) at temperature <paramref name="temperatureK"/>.</summary>
    public double R1PerS(double temperatureK) => _coupling * BppModel.Spectral(Tau0S * Math.Exp(EaEV / (PhysicalConstants.BoltzmannEVPerK * temperatureK)), _omega, Alpha);

    /// <summary>R1 with relative Gaussian noise of <paramref name="noisePct"/> % (one draw).</summary>
    public static double Noisy(double r1PerS, double noisePct, Random rng) => r1PerS * (1 + noisePct / 100 * GaussianSampler.Standard(rng));

    /// <summary>A saturation-recovery curve M(t)/M0 = 1 − exp(−t/T1) at <see cref="RecoveryDelays"/> delays, each with
    /// Gaussian noise of <paramref name="noisePct"/> % of M0 (one draw per delay).</summary>
    public static IReadOnlyList<(double DelayS, double Magnetisation)> RecoveryCurve(double t1S, double noisePct, Random rng)
    {
        var points = new (double, double)[RecoveryDelays];
        for (int i = 0; i < RecoveryDelays; i++)
        {
            double d = 0.01 * t1S * Math.Pow(1000, i / 15.0);
            points[i] = (d, 1 - Math.Exp(-d / t1S) + noisePct / 100 * GaussianSampler.Standard(rng));
        }
        return points;
    }
}
