using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Electrochemistry;

public enum RelaxationModel { None, Single, Double }

public enum InitialCurrentMode
{
    /// <summary>I_t = the first current of the hold (what most papers do).</summary>
    FirstPoint,
    /// <summary>I_t = the fitted relaxation extrapolated to the start of the hold.</summary>
    Fit,
}

public sealed record DcPolarisationOptions
{
    public required double ThicknessCm { get; init; }
    public required double AreaCm2 { get; init; }
    /// <summary>Applied voltage; when null it is the mean measured voltage of the hold. With several holds, the hold
    /// closest to this voltage provides t_ion, I_initial, I_final and tau.</summary>
    public double? VoltageV { get; init; }
    /// <summary>I_final = mean |I| over this last part of the hold (seed 000: the last half hour).</summary>
    public double SteadyWindowS { get; init; } = 1800;
    public RelaxationModel Model { get; init; } = RelaxationModel.Single;
    public InitialCurrentMode Initial { get; init; } = InitialCurrentMode.FirstPoint;
    /// <summary>A new hold starts when the voltage moves more than this (or 2 % of the level) from the hold's level.</summary>
    public double VoltageStepToleranceV { get; init; } = 0.01;
}

/// <summary>Fit of the current relaxation of one hold: I(t) = I_inf + A exp(-t/tau) [+ A2 exp(-t/tau2)], t from the hold start.</summary>
public sealed record RelaxationFit(string Model, double IInfA, double AmplitudeA, double TauS, double TauStdErrS,
    double? Amplitude2A, double? Tau2S, double? Tau2StdErrS, double RSquared, int N, bool Converged)
{
    public double Evaluate(double t) => IInfA + AmplitudeA * Math.Exp(-t / TauS) + (Amplitude2A is { } a2 && Tau2S is { } t2 ? a2 * Math.Exp(-t / t2) : 0);
}

/// <summary>One potentiostatic hold: its level, currents, Hebb-Wagner numbers and relaxation fit.</summary>
public sealed record DcHold(int Index, double VoltageV, double StartS, double EndS, int FirstPoint, int Points,
    double IInitialA, double IFinalA, double IFinalStdErrA, double WindowS,
    double ElectronicConductivitySPerCm, double TElectronic, double TIon, RelaxationFit? Fit);

public sealed record DcPolarisationResult(
    double ElectronicConductivitySPerCm, double? ElectronicConductivityStdErrSPerCm, string ConductivitySource,
    double TIon, double TElectronic, double IInitialA, double IFinalA, double? TauS, double? TauStdErrS,
    IReadOnlyList<DcHold> Holds, LinearFitResult? IvFit, int SelectedHold, IReadOnlyList<string> Warnings, DcPolarisationOptions Options);

/// <summary>
/// DC polarisation with ion-blocking electrodes (Hebb-Wagner): sigma_e = (L/A)(I_f/V), t_e = I_f/I_t, t_i = 1 - t_e,
/// with I_t the initial current and I_f the steady current (mean over the last <see cref="DcPolarisationOptions.SteadyWindowS"/>).
/// The relaxation is fitted with one or two exponentials (tau and its standard error from the covariance);
/// several voltages give a linear I_f(V) fit whose slope G yields sigma_e = G L / A.
/// </summary>
public static class DcPolarisation
{
    public static DcPolarisationResult Analyse(TimeSeries ts, DcPolarisationOptions o)
    {
        ts.RequireCurrent("DC polarisation");
        if (!(o.ThicknessCm > 0)) throw new NitrolyteInputException("DC polarisation: the thickness must be positive");
        if (!(o.AreaCm2 > 0)) throw new NitrolyteInputException("DC polarisation: the electrode area must be positive");
        var warnings = new List<string>();
        var segments = FindHolds(ts, o.VoltageStepToleranceV);
        if (segments.Count == 0)
            throw new NitrolyteInputException($"{ts.Source}: no potentiostatic hold found (a voltage step of at least 1 mV held for 10 s or more)");
        var holds = new List<DcHold>();
        foreach (var (from, to) in segments)
        {
            holds.Add(AnalyseHold(ts, from, to, holds.Count + 1, o, warnings, useGivenVoltage: false));
        }
        int sel = 0;
        if (o.VoltageV is { } vSel)
        {
            sel = holds.Select((h, k) => (Math.Abs(Math.Abs(h.VoltageV) - Math.Abs(vSel)), k)).Min().k;
            var (f, t) = segments[sel];
            holds[sel] = AnalyseHold(ts, f, t, sel + 1, o, warnings, useGivenVoltage: true);
        }
        var h0 = holds[sel];
        LinearFitResult? iv = null;
        double sigma = h0.ElectronicConductivitySPerCm; double? sigmaSe = null; string source = $"hold {h0.Index} at {h0.VoltageV:0.###} V";
        var distinct = holds.Select(h => Math.Abs(h.VoltageV)).Distinct(new ToleranceComparer(Math.Max(o.VoltageStepToleranceV, 1e-3))).Count();
        if (distinct >= 2)
        {
            var vs = holds.Select(h => Math.Abs(h.VoltageV)).ToArray();
            var ifs = holds.Select(h => h.IFinalA).ToArray();
            iv = LinearFit.Fit(vs, ifs);
            sigma = iv.Slope * o.ThicknessCm / o.AreaCm2;
            sigmaSe = double.IsFinite(iv.SlopeStdErr) ? iv.SlopeStdErr * o.ThicknessCm / o.AreaCm2 : null;
            source = $"slope of I_f vs V over {holds.Count} holds ({vs.Min():0.###}-{vs.Max():0.###} V)";
            if (iv.Slope <= 0) warnings.Add("the steady current does not grow with voltage: the I-V slope is not positive");
        }
        return new DcPolarisationResult(sigma, sigmaSe, source, h0.TIon, h0.TElectronic, h0.IInitialA, h0.IFinalA,
            h0.Fit?.TauS, h0.Fit?.TauStdErrS, holds, iv, sel, warnings, o);
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double v) => 0;
    }

    /// <summary>Runs of points whose voltage stays within tolerance of the run's level, |V| >= 1 mV, lasting >= 10 s.</summary>
    public static List<(int From, int To)> FindHolds(TimeSeries ts, double tolV)
    {
        var result = new List<(int, int)>();
        int n = ts.Count;
        int start = 0;
        while (start < n)
        {
            double level = ts.VoltageV[start];
            int end = start + 1;
            // level = running median-free mean of the first points, robust to the first sample
            double sum = level; int cnt = 1;
            while (end < n)
            {
                double tol = Math.Max(tolV, 0.02 * Math.Abs(sum / cnt));
                if (Math.Abs(ts.VoltageV[end] - sum / cnt) > tol) break;
                if (cnt < 50) { sum += ts.VoltageV[end]; cnt++; }
                end++;
            }
            double lv = sum / cnt;
            if (Math.Abs(lv) >= 1e-3 && end - start >= 5 && ts.TimeS[end - 1] - ts.TimeS[start] >= 10) result.Add((start, end));
            start = end;
        }
        return result;
    }

    private static DcHold AnalyseHold(TimeSeries ts, int from, int to, int index, DcPolarisationOptions o, List<string> warnings, bool useGivenVoltage)
    {
        int n = to - from;
        double t0 = ts.TimeS[from];
        var t = new double[n]; var i = new double[n];
        double vMean = 0;
        for (int k = 0; k < n; k++) { t[k] = ts.TimeS[from + k] - t0; i[k] = ts.CurrentA[from + k]; vMean += ts.VoltageV[from + k]; }
        vMean /= n;
        double sign = vMean >= 0 ? 1 : -1;
        for (int k = 0; k < n; k++) i[k] *= sign; // currents follow the voltage sign; analyse magnitudes
        double duration = t[^1];
        double window = o.SteadyWindowS;
        if (duration < 2 * window)
        {
            double w2 = 0.2 * duration;
            warnings.Add($"hold {index} lasts {duration:0} s, less than twice the {window:0} s steady-state window: I_f is the mean of its last {w2:0} s");
            window = w2;
        }
        double sum = 0, sum2 = 0; int cnt = 0;
        for (int k = 0; k < n; k++) if (t[k] >= duration - window) { sum += i[k]; sum2 += i[k] * i[k]; cnt++; }
        double iFinal = sum / cnt;
        double iFinalSe = cnt > 1 ? Math.Sqrt(Math.Max(0, (sum2 / cnt - iFinal * iFinal)) / (cnt - 1)) : double.NaN;
        RelaxationFit? fit = o.Model == RelaxationModel.None ? null : FitRelaxation(t, i, iFinal, o.Model, warnings, index);
        double iInitial = o.Initial == InitialCurrentMode.Fit && fit is not null ? fit.Evaluate(0) : i[0];
        double v = useGivenVoltage && o.VoltageV is { } given ? Math.Abs(given) : Math.Abs(vMean);
        double sigma = o.ThicknessCm / o.AreaCm2 * iFinal / v;
        double te = iFinal / iInitial;
        if (iFinal <= 0) warnings.Add($"hold {index}: the steady current is not positive (noise level?)");
        return new DcHold(index, sign * v, ts.TimeS[from], ts.TimeS[to - 1], from, n, iInitial, iFinal, iFinalSe, window, sigma, te, 1 - te, fit);
    }

    /// <summary>Fits I(t) = I_inf + A e^(-t/tau) (+ A2 e^(-t/tau2)). Long tails are thinned to at most ~4000 points.</summary>
    public static RelaxationFit? FitRelaxation(double[] t, double[] i, double iFinal, RelaxationModel model, List<string>? warnings = null, int index = 1)
    {
        int n = t.Length;
        if (n < 6) return null;
        // thin: keep the first 2000 points, then evenly spaced ones
        var idx = new List<int>();
        int stride = Math.Max(1, (n - 2000) / 2000);
        for (int k = 0; k < n; k++) if (k < 2000 || (k - 2000) % stride == 0) idx.Add(k);
        var x = idx.Select(k => t[k]).ToArray();
        var y = idx.Select(k => i[k]).ToArray();
        double a0 = i[0] - iFinal;
        double target = iFinal + a0 / Math.E;
        double tau0 = t[^1] / 10;
        for (int k = 0; k < n; k++) if ((a0 > 0 && i[k] <= target) || (a0 < 0 && i[k] >= target)) { tau0 = Math.Max(t[k], 1e-6); break; }
        var single = CurveFit.LevenbergMarquardt((p, tt) => p[0] + p[1] * Math.Exp(-tt / p[2]), x, y, [iFinal, a0, tau0]);
        double r2(CurveFitResult f)
        {
            double m = y.Average(), tss = y.Sum(v => (v - m) * (v - m));
            return tss > 0 ? 1 - f.Rss / tss : double.NaN;
        }
        if (!(single.Parameters[2] > 0) || !double.IsFinite(single.Parameters[2]))
        {
            warnings?.Add($"hold {index}: the exponential relaxation fit failed");
            return null;
        }
        var s = new RelaxationFit("single", single.Parameters[0], single.Parameters[1], single.Parameters[2], single.StdErrors[2], null, null, null, r2(single), x.Length, single.Converged);
        if (model != RelaxationModel.Double) return s;
        double tau = single.Parameters[2], amp = single.Parameters[1];
        var dbl = CurveFit.LevenbergMarquardt((p, tt) => p[0] + p[1] * Math.Exp(-tt / p[2]) + p[3] * Math.Exp(-tt / p[4]), x, y,
            [single.Parameters[0], 0.7 * amp, 0.5 * tau, 0.3 * amp, 3 * tau]);
        var q = dbl.Parameters;
        if (!(q[2] > 0 && q[4] > 0) || !double.IsFinite(dbl.Rss))
        {
            warnings?.Add($"hold {index}: the double-exponential fit failed; the single-exponential fit is reported");
            return s;
        }
        // order: tau_s = the component with the larger amplitude
        bool firstMajor = Math.Abs(q[1]) >= Math.Abs(q[3]);
        return firstMajor
            ? new RelaxationFit("double", q[0], q[1], q[2], dbl.StdErrors[2], q[3], q[4], dbl.StdErrors[4], r2(dbl), x.Length, dbl.Converged)
            : new RelaxationFit("double", q[0], q[3], q[4], dbl.StdErrors[4], q[1], q[2], dbl.StdErrors[2], r2(dbl), x.Length, dbl.Converged);
    }
}
