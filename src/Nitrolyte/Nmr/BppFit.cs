using MathNet.Numerics.Distributions;
using Nitrolyte.Arrhenius;
using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Nmr;

/// <summary>One spin-lattice relaxation rate: temperature (K), R1 = 1/T1 (1/s) with its standard error (NaN when
/// unknown) and the Larmor frequency (Hz) it was measured at.</summary>
public readonly record struct RatePoint(double TemperatureK, double R1PerS, double R1StdErrPerS, double LarmorHz);

/// <summary>
/// A fit of the BPP relaxation-rate peak R1 = C [J(ω0) + 4 J(2ω0)], J(ω) = τc / (1 + (ω τc)^α),
/// τc = τ0 exp(Ea / kB T), ω0 = 2π × Larmor frequency. α = 2 is the symmetric BPP form; α in (1, 2] is the
/// asymmetric (modified) form used for Li conductors (Küchler/Epp et al. 2013): the high-T flank (ω0 τc ≪ 1)
/// has slope Ea (long-range motion), the low-T flank (ω0 τc ≫ 1) Ea (α − 1) (local, correlated hops).
/// The fit is in ln R1 (relative errors) with ln τc at a reference temperature as parameter (τ0 and Ea are
/// nearly collinear otherwise); τ0, the peak temperature (where dR1/dT = 0; ω0 τc ≈ 0.62 for α = 2) and the
/// jump rate at the peak (1/τc, taking the jump time equal to the correlation time) carry delta-method errors.
/// </summary>
public sealed record BppFit(
    bool Asymmetric,
    double EaHighTEV, double EaHighTStdErrEV, double EaLowTEV, double EaLowTStdErrEV,
    double Alpha, double AlphaStdErr,
    double Tau0S, double Log10Tau0StdErr, double Log10Constant,
    double PeakTemperatureK, double PeakTemperatureStdErrK, double OmegaTauAtPeak,
    double JumpRateAtPeakPerS, double LarmorHz,
    double Aicc, double ResidualStdDevLn, int NPoints, bool Weighted, bool PeakInsideData)
{
    public string ModelName => Asymmetric ? "asymmetric_bpp" : "bpp";

    /// <summary>Correlation time (s) at temperature T.</summary>
    public double TauC(double temperatureK) => Tau0S * Math.Exp(EaHighTEV / (PhysicalConstants.BoltzmannEVPerK * temperatureK));

    /// <summary>Model R1 (1/s) at T for Larmor frequency ν0 (Hz; default the fit's).</summary>
    public double R1At(double temperatureK, double? larmorHz = null) =>
        Math.Pow(10, Log10Constant) * BppModel.Spectral(TauC(temperatureK), 2 * Math.PI * (larmorHz ?? LarmorHz), Alpha);
}

/// <summary>Symmetric and asymmetric BPP fits of one R1(T) set, the choice (AICc) and Arrhenius fits of each flank.</summary>
public sealed record BppResult(
    BppFit Symmetric, BppFit? Asymmetric, BppFit Chosen,
    ArrheniusResult? HighTFlank, ArrheniusResult? LowTFlank,
    IReadOnlyList<RatePoint> Points, IReadOnlyList<string> Warnings);

public static class BppModel
{
    /// <summary>J(ω0) + 4 J(2ω0) with J(ω) = τ/(1 + (ωτ)^α).</summary>
    public static double Spectral(double tauC, double omega0, double alpha) =>
        tauC / (1 + Math.Pow(omega0 * tauC, alpha)) + 4 * tauC / (1 + Math.Pow(2 * omega0 * tauC, alpha));

    /// <summary>ω0 τc at the rate maximum for exponent α (0.616 for α = 2), by golden-section search on ln x.</summary>
    public static double OmegaTauAtPeak(double alpha)
    {
        double F(double lx) { double x = Math.Exp(lx); return x / (1 + Math.Pow(x, alpha)) + 4 * x / (1 + Math.Pow(2 * x, alpha)); }
        double a = -6, b = 6, g = (Math.Sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        for (int i = 0; i < 200; i++)
        {
            if (F(c) > F(d)) b = d; else a = c;
            c = b - g * (b - a); d = a + g * (b - a);
        }
        return Math.Exp((a + b) / 2);
    }
}

public static class BppFitter
{
    /// <summary>Fits both forms; needs ≥ 4 temperatures (≥ 5 for the asymmetric form). Flank Arrhenius fits use the
    /// points more than 10 % in T away from the fitted peak (≥ 2 points each, else null).</summary>
    public static BppResult Fit(IReadOnlyList<RatePoint> points)
    {
        if (points.Count < 4) throw new NitrolyteInputException($"a BPP fit needs at least 4 temperatures (got {points.Count})");
        foreach (var p in points)
        {
            if (!(p.TemperatureK > 0)) throw new NitrolyteInputException($"temperature {p.TemperatureK} K is not positive");
            if (!(p.R1PerS > 0) || !double.IsFinite(p.R1PerS)) throw new NitrolyteInputException($"R1 = {p.R1PerS} 1/s at {p.TemperatureK} K is not positive");
            if (!(p.LarmorHz > 0)) throw new NitrolyteInputException($"the Larmor frequency at {p.TemperatureK} K is not known (give --larmor-mhz or a larmor_mhz column)");
        }
        var warnings = new List<string>();
        var sym = FitOne(points, false) ?? throw new NitrolyteInputException("the BPP fit did not converge");
        var asym = points.Count >= 5 ? FitOne(points, true) : null;
        var chosen = asym is not null && asym.Aicc < sym.Aicc - 2 ? asym : sym;
        if (!chosen.PeakInsideData)
            warnings.Add($"the fitted rate peak ({chosen.PeakTemperatureK:0} K) lies outside the measured {points.Min(p => p.TemperatureK):0}–{points.Max(p => p.TemperatureK):0} K: only one flank is measured, so the other flank's Ea and the peak are extrapolations");
        if (asym is not null && Math.Abs(asym.Alpha - 2) < 1e-3 && chosen == sym) { }
        var high = points.Where(p => p.TemperatureK > 1.1 * chosen.PeakTemperatureK).ToList();
        var low = points.Where(p => p.TemperatureK < chosen.PeakTemperatureK / 1.1).ToList();
        ArrheniusResult? hf = null, lf = null;
        if (high.Select(p => p.TemperatureK).Distinct().Count() >= 2)
        {
            var f = ArrheniusFitter.Fit(high.Select(p => new ArrheniusPoint(p.TemperatureK, p.R1PerS, p.R1StdErrPerS)).ToList(), ArrheniusForm.Sigma);
            hf = f with { EaEV = -f.EaEV }; // R1 falls with T on the high-T flank: the activation energy is minus the fitted slope
        }
        if (low.Select(p => p.TemperatureK).Distinct().Count() >= 2)
            lf = ArrheniusFitter.Fit(low.Select(p => new ArrheniusPoint(p.TemperatureK, p.R1PerS, p.R1StdErrPerS)).ToList(), ArrheniusForm.Sigma);
        return new BppResult(sym, asym, chosen, hf, lf, points, warnings);
    }

    private static BppFit? FitOne(IReadOnlyList<RatePoint> pts, bool asym)
    {
        int m = pts.Count, k = asym ? 4 : 3;
        if (m <= k) return null;
        double kB = PhysicalConstants.BoltzmannEVPerK;
        bool weighted = pts.All(p => double.IsFinite(p.R1StdErrPerS) && p.R1StdErrPerS > 0);
        var w = pts.Select(p => weighted ? p.R1StdErrPerS / p.R1PerS : 1.0).ToArray();
        var ly = pts.Select(p => Math.Log(p.R1PerS)).ToArray();
        // Reference temperature: the observed maximum (the peak, or the end of the measured flank).
        var top = pts.OrderByDescending(p => p.R1PerS).First();
        double tRef = top.TemperatureK;
        double om = 2 * Math.PI * top.LarmorHz;
        double Model(ReadOnlySpan<double> x, in RatePoint p)
        {
            double tau = Math.Exp(x[1] + x[2] / kB * (1 / p.TemperatureK - 1 / tRef));
            return x[0] + Math.Log(BppModel.Spectral(tau, 2 * Math.PI * p.LarmorHz, asym ? x[3] : 2));
        }
        // Starting Ea from the steeper side's slope, then a few multiples.
        var hot = pts.Where(p => p.TemperatureK > tRef).ToList();
        double ea0 = 0.3;
        if (hot.Count >= 2)
        {
            var line = LinearFit.Fit(hot.Select(p => 1 / p.TemperatureK).ToArray(), hot.Select(p => Math.Log(p.R1PerS)).ToArray());
            if (line.Slope > 0) ea0 = line.Slope * kB;
        }
        else
        {
            var cold = pts.Where(p => p.TemperatureK < tRef).ToList();
            if (cold.Count >= 2)
            {
                var line = LinearFit.Fit(cold.Select(p => 1 / p.TemperatureK).ToArray(), cold.Select(p => Math.Log(p.R1PerS)).ToArray());
                if (line.Slope < 0) ea0 = -line.Slope * kB;
            }
        }
        LevenbergMarquardtResult? best = null;
        foreach (var eaStart in new[] { ea0, 0.5 * ea0, 2 * ea0 })
            foreach (var xStart in new[] { 0.62, 0.1, 5.0 })
                foreach (var aStart in asym ? new[] { 1.7, 1.3 } : new[] { 2.0 })
                {
                    double lt = Math.Log(xStart / om);
                    double lc = ly.Max() - Math.Log(BppModel.Spectral(Math.Exp(lt), om, aStart));
                    double[] x0 = asym ? [lc, lt, eaStart, aStart] : [lc, lt, eaStart];
                    double[]? lo = asym ? [double.NegativeInfinity, double.NegativeInfinity, 1e-4, 1.0 + 1e-6] : [double.NegativeInfinity, double.NegativeInfinity, 1e-4];
                    double[]? hi = asym ? [double.PositiveInfinity, double.PositiveInfinity, 5, 2.0] : [double.PositiveInfinity, double.PositiveInfinity, 5];
                    LevenbergMarquardtResult r;
                    try
                    {
                        r = LevenbergMarquardt.Minimize(m, x0, (x, res) =>
                        {
                            for (int i = 0; i < m; i++) res[i] = (ly[i] - Model(x, pts[i])) / w[i];
                        }, lo, hi);
                    }
                    catch (NitrolyteInputException) { continue; }
                    if (double.IsFinite(r.SumOfSquares) && (best is null || r.SumOfSquares < best.SumOfSquares - 1e-12)) best = r;
                }
        if (best is null) return null;
        var cov = best.Covariance;
        var se = best.StdErrors;
        double ea = best.X[2], alpha = asym ? best.X[3] : 2;
        double sEa = se[2], sAl = asym ? se[3] : 0;
        double eaLow = ea * (alpha - 1);
        double sLow = asym ? Math.Sqrt(Math.Max(0, Math.Pow(alpha - 1, 2) * cov[2, 2] + ea * ea * cov[3, 3] + 2 * ea * (alpha - 1) * cov[2, 3])) : sEa;
        // ln τ0 = ln τref − Ea/(kB Tref)
        double lnTau0 = best.X[1] - ea / (kB * tRef);
        double vTau0 = cov[1, 1] + cov[2, 2] / Math.Pow(kB * tRef, 2) - 2 * cov[1, 2] / (kB * tRef);
        double PeakT(double lnTauRef, double e, double a) => 1 / (1 / tRef + kB * (Math.Log(BppModel.OmegaTauAtPeak(a) / om) - lnTauRef) / e);
        double tp = PeakT(best.X[1], ea, alpha);
        // delta method for the peak temperature
        var g = new double[best.X.Length];
        double[] h = [1e-5, 1e-6 * Math.Max(ea, 1e-3), 1e-6];
        for (int j = 1; j < best.X.Length; j++)
        {
            var xp = (double[])best.X.Clone(); var xm = (double[])best.X.Clone();
            xp[j] += h[j - 1]; xm[j] -= h[j - 1];
            g[j] = (PeakT(xp[1], xp[2], asym ? xp[3] : 2) - PeakT(xm[1], xm[2], asym ? xm[3] : 2)) / (2 * h[j - 1]);
        }
        double vTp = 0;
        for (int i = 1; i < g.Length; i++) for (int j = 1; j < g.Length; j++) vTp += g[i] * g[j] * cov[i, j];
        double xPeak = BppModel.OmegaTauAtPeak(alpha);
        bool inside = tp >= pts.Min(p => p.TemperatureK) && tp <= pts.Max(p => p.TemperatureK);
        return new BppFit(asym, ea, sEa, eaLow, sLow, alpha, sAl,
            Math.Exp(lnTau0), Math.Sqrt(Math.Max(vTau0, 0)) / Math.Log(10),
            (best.X[0]) / Math.Log(10),
            tp, Math.Sqrt(Math.Max(vTp, 0)), xPeak, om / xPeak, top.LarmorHz,
            ModelSelection.Aicc(best.SumOfSquares, m, k), Math.Sqrt(best.SumOfSquares / Math.Max(1, m - k)), m, weighted, inside);
    }
}
