using System.Numerics;
using Nitrolyte.Impedance;

namespace Nitrolyte.Tests.Support;

/// <summary>
/// The hard distribution of issue 12 (shared by the success-rate test and bench/Nitrolyte.Benchmarks, which links
/// this file): p(R1,CPE1)-p(R2,CPE2)-CPE3 with R1, R2 log-uniform in 1e2..1e5 Ω, CPE exponents uniform in
/// 0.6..0.97, the high-frequency arc's apex at 10^4..10^5.5 Hz and the second arc 2..3.5 decades below it, a
/// blocking CPE whose |Z| reaches 0.5..2 × (R1 + R2) a decade and a half below the second apex, and 0.3 % Gaussian
/// noise (of |Z|) on Z' and Z''; 1 MHz to 10 mHz. The three-arc variant adds a third arc 2..3 decades below the
/// second (10 MHz to 1 mHz).
/// </summary>
public static class HardSpectra
{
    public const string TwoArcCircuit = "p(R1,CPE1)-p(R2,CPE2)-CPE3";
    public const string ThreeArcCircuit = "p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)-CPE4";

    public sealed record Case(ImpedanceSpectrum Spectrum, double[] Truth, double ChiSquareTrue);

    public static double[] Frequencies(double fMax, double fMin, int pointsPerDecade)
    {
        int n = (int)Math.Round(Math.Log10(fMax / fMin) * pointsPerDecade) + 1;
        return Enumerable.Range(0, n).Select(i => fMax * Math.Pow(10, -i / (double)pointsPerDecade)).ToArray();
    }

    /// <summary>Spectrum number <paramref name="index"/> of the distribution with <paramref name="arcs"/> arcs (2 or 3).</summary>
    public static Case Make(int arcs, int seed, int pointsPerDecade = 8, double noise = 0.003)
    {
        var rng = new Random(seed * 7919 + arcs);
        double U(double a, double b) => a + (b - a) * rng.NextDouble();
        var f = arcs == 2 ? Frequencies(1e6, 1e-2, pointsPerDecade) : Frequencies(1e7, 1e-3, pointsPerDecade);
        var p = new List<double>();
        double logApex = arcs == 2 ? U(4, 5.5) : U(5, 6);
        double rSum = 0;
        for (int a = 0; a < arcs; a++)
        {
            if (a > 0) logApex -= arcs == 2 ? U(2, 3.5) : U(2, 3);
            double r = Math.Pow(10, U(2, 5)), n = U(0.6, 0.97);
            double tau = 1 / (2 * Math.PI * Math.Pow(10, logApex));
            p.Add(r); p.Add(Math.Pow(tau, n) / r); p.Add(n);
            rSum += r;
        }
        double nb = U(0.6, 0.97);
        double wb = 2 * Math.PI * Math.Pow(10, logApex - 1.5);
        double zb = rSum * Math.Pow(10, U(-0.3, 0.3));
        p.Add(1 / (zb * Math.Pow(wb, nb))); p.Add(nb);
        var truth = p.ToArray();
        var c = Circuit.Parse(arcs == 2 ? TwoArcCircuit : ThreeArcCircuit);
        var z = c.Simulate(f, truth);
        for (int i = 0; i < z.Length; i++)
        {
            double sd = noise * z[i].Magnitude;
            z[i] += new Complex(sd * CnlsFitter.Gaussian(rng), sd * CnlsFitter.Gaussian(rng));
        }
        var s = new ImpedanceSpectrum(f, z);
        return new Case(s, truth, ModulusChiSquare(s, c.Simulate(f, truth)));
    }

    public static double ModulusChiSquare(ImpedanceSpectrum s, Complex[] model)
    {
        double chi = 0;
        for (int i = 0; i < s.Count; i++) { var d = (model[i] - s.Z[i]) / s.Z[i].Magnitude; chi += d.Real * d.Real + d.Imaginary * d.Imaginary; }
        return chi;
    }
}
