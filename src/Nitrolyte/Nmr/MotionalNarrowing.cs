using MathNet.Numerics.Distributions;
using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Nmr;

/// <summary>A static line width (Hz, full width at half maximum) at temperature T (K).</summary>
public readonly record struct LinewidthPoint(double TemperatureK, double WidthHz);

/// <summary>
/// Motional narrowing: the line width falls from the rigid-lattice value to the motionally narrowed one. Fitted
/// with a logistic step Δν(T) = Δν_n + (Δν_rl − Δν_n) / (1 + exp((T − T_m)/w)); the onset is where the tangent at
/// the inflection point meets the rigid-lattice plateau, T_onset = T_m − 2w (the usual graphical construction).
/// The Waugh–Fedin relation Ea ≈ 1.617 × 10⁻³ T_onset (eV, T in K) is an empirical ESTIMATE of the activation
/// energy (Waugh &amp; Fedin 1963), not a fit of a rate.
/// </summary>
public sealed record NarrowingResult(
    double RigidLatticeWidthHz, double NarrowedWidthHz,
    double MidpointK, double MidpointStdErrK, double WidthK,
    double OnsetK, double OnsetStdErrK, double OnsetCiLowK, double OnsetCiHighK,
    double WaughFedinEaEV, double WaughFedinEaStdErrEV, int NPoints, IReadOnlyList<string> Warnings)
{
    public const double WaughFedinEVPerK = 1.617e-3;
    public double WidthAt(double temperatureK) => NarrowedWidthHz + (RigidLatticeWidthHz - NarrowedWidthHz) / (1 + Math.Exp((temperatureK - MidpointK) / WidthK));
}

public static class MotionalNarrowing
{
    public static NarrowingResult Fit(IReadOnlyList<LinewidthPoint> points)
    {
        if (points.Count < 5) throw new NitrolyteInputException($"a motional-narrowing fit needs at least 5 temperatures (got {points.Count})");
        foreach (var p in points)
            if (!(p.TemperatureK > 0) || !(p.WidthHz > 0)) throw new NitrolyteInputException($"line width {p.WidthHz} Hz at {p.TemperatureK} K: temperature and width must be positive");
        var s = points.OrderBy(p => p.TemperatureK).ToList();
        double wMax = s.Take(2).Average(p => p.WidthHz), wMin = s.TakeLast(2).Average(p => p.WidthHz);
        if (!(wMax > wMin)) throw new NitrolyteInputException("the line does not narrow with temperature (the width at the highest temperatures is not below the lowest-temperature width)");
        double half = (wMax + wMin) / 2;
        int iMid = s.FindIndex(p => p.WidthHz < half);
        double tm0 = iMid > 0 ? (s[iMid - 1].TemperatureK + s[iMid].TemperatureK) / 2 : s[s.Count / 2].TemperatureK;
        double span = s[^1].TemperatureK - s[0].TemperatureK;
        double scale = wMax;
        LevenbergMarquardtResult? best = null;
        foreach (var w0 in new[] { span / 20, span / 8, span / 40 })
        {
            var r = LevenbergMarquardt.Minimize(s.Count, [wMax, wMin, tm0, w0], (x, res) =>
            {
                for (int i = 0; i < s.Count; i++)
                    res[i] = (s[i].WidthHz - (x[1] + (x[0] - x[1]) / (1 + Math.Exp((s[i].TemperatureK - x[2]) / x[3])))) / scale;
            }, [0, 0, double.NegativeInfinity, 1e-3], null);
            if (best is null || r.SumOfSquares < best.SumOfSquares) best = r;
        }
        var c = best!.Covariance;
        double tm = best.X[2], wd = best.X[3];
        double onset = tm - 2 * wd;
        double so = Math.Sqrt(Math.Max(0, c[2, 2] + 4 * c[3, 3] - 4 * c[2, 3]));
        double q = StudentT.InvCDF(0, 1, Math.Max(1, s.Count - 4), 0.975);
        var warnings = new List<string>();
        if (onset < s[0].TemperatureK) warnings.Add($"the onset ({onset:0} K) lies below the lowest measured temperature ({s[0].TemperatureK:0} K): the rigid-lattice plateau is not measured");
        if (tm + 2 * wd > s[^1].TemperatureK) warnings.Add("the narrowed plateau is not reached within the measured temperatures");
        return new NarrowingResult(best.X[0], best.X[1], tm, Math.Sqrt(c[2, 2]), wd, onset, so, onset - q * so, onset + q * so,
            NarrowingResult.WaughFedinEVPerK * onset, NarrowingResult.WaughFedinEVPerK * so, s.Count, warnings);
    }
}
