using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Electrochemistry;

public enum RelaxationModel { None, Single, Double }

public enum InitialCurrentMode
{
    /// <summary>I_t = the current of the first row of the hold: the row at the step change (which carries the charging
    /// current) when the file shows it, else the first row at the hold voltage (what most papers do).</summary>
    FirstPoint,
    /// <summary>I_t = the relaxation fitted to the rows at the hold voltage, extrapolated back to the step start
    /// (CLI <c>--initial extrapolated</c>, alias <c>fit</c>); the fit used is stated in the result.</summary>
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
/// <param name="FirstPoint">First row of the hold: the step change (step marker, or the row leading to the hold voltage), else the first row at the hold voltage.</param>
/// <param name="AtVoltagePoint">First row at the hold voltage (= FirstPoint when the step change is not a separate row).</param>
/// <param name="InitialSource">How I_initial was obtained (row and time, or the fit and its extrapolation).</param>
/// <param name="StartReason">Why the hold starts at FirstPoint.</param>
public sealed record DcHold(int Index, double VoltageV, double StartS, double EndS, int FirstPoint, int Points,
    double IInitialA, double IFinalA, double IFinalStdErrA, double WindowS,
    double ElectronicConductivitySPerCm, double TElectronic, double TIon, RelaxationFit? Fit,
    int AtVoltagePoint = -1, string InitialSource = "", string StartReason = "");

public sealed record DcPolarisationResult(
    double ElectronicConductivitySPerCm, double? ElectronicConductivityStdErrSPerCm, string ConductivitySource,
    double TIon, double TElectronic, double IInitialA, double IFinalA, double? TauS, double? TauStdErrS,
    IReadOnlyList<DcHold> Holds, LinearFitResult? IvFit, int SelectedHold, IReadOnlyList<string> Warnings, DcPolarisationOptions Options)
{
    /// <summary>How I_initial of the selected hold was obtained (row, or fit and extrapolation).</summary>
    public string InitialCurrentSource { get; init; } = "";
}

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
        var starts = new List<(int First, string Reason)>();
        for (int k = 0; k < segments.Count; k++)
        {
            var st = HoldStart(ts, segments[k].From, k > 0 ? segments[k - 1].To : 0);
            starts.Add(st);
            holds.Add(AnalyseHold(ts, st.First, segments[k].From, segments[k].To, holds.Count + 1, o, warnings, useGivenVoltage: false, st.Reason));
        }
        int sel = 0;
        if (o.VoltageV is { } vSel)
        {
            sel = holds.Select((h, k) => (Math.Abs(Math.Abs(h.VoltageV) - Math.Abs(vSel)), k)).Min().k;
            var (f, t) = segments[sel];
            holds[sel] = AnalyseHold(ts, starts[sel].First, f, t, sel + 1, o, null, useGivenVoltage: true, starts[sel].Reason);
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
            h0.Fit?.TauS, h0.Fit?.TauStdErrS, holds, iv, sel, warnings, o) { InitialCurrentSource = h0.InitialSource };
    }

    private sealed class ToleranceComparer(double tol) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tol;
        public int GetHashCode(double v) => 0;
    }

    /// <summary>Runs of points whose voltage stays within tolerance of the run's level, |V| >= 1 mV, lasting >= 10 s
    /// (From = the first row at the hold voltage).</summary>
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

    /// <summary>
    /// The first row of a hold whose first row at the hold voltage is <paramref name="atVoltage"/>: the hold starts at
    /// the step change. With a step column, the first row of the same step (not before <paramref name="notBefore"/>);
    /// without one, the row just before when it is the step change itself: not part of an earlier hold, its voltage
    /// between the previous level and the hold level, and its current of the hold's sign and at least as large as the
    /// first current at the hold voltage (the cell charging towards the voltage). Returns the row and the reason.
    /// </summary>
    public static (int First, string Reason) HoldStart(TimeSeries ts, int atVoltage, int notBefore)
    {
        if (ts.Step is { } step)
        {
            // rows of the same step before the voltage is reached, as long as they are not rest and carry a charging
            // current (the hold's sign, at least the first current at the voltage): a constant step column over a whole
            // file must not pull in the open-circuit rows before the hold
            double holdSign = ts.VoltageV[atVoltage] >= 0 ? 1 : -1, i0 = Math.Abs(ts.CurrentA[atVoltage]);
            int f = atVoltage;
            while (f - 1 >= notBefore && step[f - 1] == step[atVoltage] && ts.Kind?[f - 1] != StepKind.Rest
                   && holdSign * ts.CurrentA[f - 1] > 0 && Math.Abs(ts.CurrentA[f - 1]) >= i0) f--;
            return f < atVoltage ? (f, $"the first row of step {step[atVoltage]} (the step change), {atVoltage - f} row(s) before the voltage reached the hold level")
                                 : (f, "the first row at the hold voltage (also the first row of its step)");
        }
        int k = atVoltage - 1;
        if (k >= notBefore && k >= 0)
        {
            double level = ts.VoltageV[atVoltage], vk = ts.VoltageV[k];
            double before = k > 0 ? ts.VoltageV[k - 1] : 0;
            double sign = level >= 0 ? 1 : -1;
            bool between = k == 0 || (vk - before) * (level - vk) >= 0; // on its way from the previous level to the hold level
            bool charging = sign * ts.CurrentA[k] > 0 && Math.Abs(ts.CurrentA[k]) >= Math.Abs(ts.CurrentA[atVoltage]);
            if (between && charging)
                return (k, $"the step-change row at {ts.TimeS[k]:0.###} s (V = {vk:0.####} V on its way to {level:0.####} V, I = {ts.CurrentA[k]:0.###e+0} A)");
        }
        return (atVoltage, "the first row at the hold voltage");
    }

    /// <param name="first">First row of the hold (the step change when known).</param>
    /// <param name="atVoltage">First row at the hold voltage.</param>
    private static DcHold AnalyseHold(TimeSeries ts, int first, int atVoltage, int to, int index, DcPolarisationOptions o, List<string>? warningsOrNull, bool useGivenVoltage, string startReason)
    {
        var warnings = warningsOrNull ?? [];
        int n = to - first;
        double t0 = ts.TimeS[first];
        var t = new double[n]; var i = new double[n];
        for (int k = 0; k < n; k++) { t[k] = ts.TimeS[first + k] - t0; i[k] = ts.CurrentA[first + k]; }
        // the level: mean voltage of the rows at the hold voltage (the step-change row is on its way there)
        double vMean = 0;
        for (int k = atVoltage; k < to; k++) vMean += ts.VoltageV[k];
        vMean /= to - atVoltage;
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
        // I_f: time-weighted mean over the window (trapezoid), transient samples standing for the next regular one
        int w0 = 0;
        while (w0 < n - 1 && t[w0] < duration - window) w0++;
        var tr = StepIntegration.Transients(t, w0, n - 1);
        var ie = StepIntegration.Effective(i, tr, w0, n - 1);
        double iFinal = StepIntegration.TimeWeightedMean(t, ie, w0, n - 1);
        double sum = 0, sum2 = 0; int cnt = 0;
        for (int k = w0; k < n; k++) if (!tr[k - w0]) { sum += i[k]; sum2 += i[k] * i[k]; cnt++; }
        double m = cnt > 0 ? sum / cnt : iFinal;
        double iFinalSe = cnt > 1 ? Math.Sqrt(Math.Max(0, (sum2 / cnt - m * m)) / (cnt - 1)) : double.NaN;
        // relaxation fit: the rows at the hold voltage, time from the step start
        int off = atVoltage - first;
        RelaxationFit? fit = o.Model == RelaxationModel.None || o.Initial == InitialCurrentMode.Fit && n - off < 6 ? null
            : FitRelaxation(t[off..], i[off..], iFinal, o.Model, warnings, index);
        double iInitial; string initialSource;
        if (o.Initial == InitialCurrentMode.Fit)
        {
            fit ??= o.Model == RelaxationModel.None ? FitRelaxation(t[off..], i[off..], iFinal, RelaxationModel.Single, warnings, index) : null;
            if (fit is null)
            {
                iInitial = i[0];
                initialSource = $"first row of the hold at {ts.TimeS[first]:0.###} s (the relaxation fit failed, so it could not be extrapolated)";
                warnings.Add($"hold {index}: --initial extrapolated needs a relaxation fit, which failed; I_t is the first row's current");
            }
            else
            {
                iInitial = fit.Evaluate(0);
                initialSource = $"{fit.Model}-exponential fit I(t) = I_inf + A exp(-t/tau){(fit.Tau2S is null ? "" : " + A2 exp(-t/tau2)")} over {fit.N} rows at the hold voltage " +
                                $"(t = {t[off]:0.###}-{t[^1]:0.###} s after the step start), extrapolated to t = 0 (the step start at {ts.TimeS[first]:0.###} s): " +
                                $"I_inf = {fit.IInfA:0.###e+0} A, A = {fit.AmplitudeA:0.###e+0} A, tau = {fit.TauS:0.###} s, R2 = {fit.RSquared:0.#####}";
                if (fit.TauS < t[Math.Min(off + 1, n - 1)] - t[off] && n - off > 1)
                    warnings.Add($"hold {index}: the fitted tau ({fit.TauS:0.###} s) is shorter than the sampling interval at the start of the hold ({t[off + 1] - t[off]:0.###} s): the extrapolated I_t is poorly determined");
            }
        }
        else
        {
            iInitial = i[0];
            initialSource = $"current of the first row of the hold, {startReason} (row {first}, t = {ts.TimeS[first]:0.###} s)";
        }
        double v = useGivenVoltage && o.VoltageV is { } given ? Math.Abs(given) : Math.Abs(vMean);
        double sigma = o.ThicknessCm / o.AreaCm2 * iFinal / v;
        double te = iFinal / iInitial;
        if (iFinal <= 0) warnings.Add($"hold {index}: the steady current is not positive (noise level?)");
        else if (te > 1) warnings.Add($"hold {index}: the steady current ({iFinal:0.###e+0} A) exceeds the initial current ({iInitial:0.###e+0} A), so t_e > 1 and t_ion < 0: the current does not relax as with ion-blocking electrodes");
        return new DcHold(index, sign * v, ts.TimeS[first], ts.TimeS[to - 1], first, n, iInitial, iFinal, iFinalSe, window, sigma, te, 1 - te, fit,
            atVoltage, initialSource, startReason);
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
        // least squares Σ (model(p, t) − i)² by the library's Levenberg-Marquardt (central-difference Jacobian)
        // in parameters scaled by the starting values (currents of 1e-6 A and times of 1e2 s are then both of order 1)
        (double[] X, double[] StdErrors, double SumOfSquares, bool Converged)? Fit(Func<double[], double, double> f, double[] start)
        {
            var scale = start.Select(v => v != 0 && double.IsFinite(v) ? Math.Abs(v) : 1).ToArray();
            var pbuf = new double[start.Length];
            try
            {
                var res = Numerics.LevenbergMarquardt.Minimize(x.Length, start.Select((v, k) => v / scale[k]).ToArray(), (u, r) =>
                {
                    for (int k = 0; k < pbuf.Length; k++) pbuf[k] = u[k] * scale[k];
                    for (int k = 0; k < x.Length; k++) r[k] = f(pbuf, x[k]) - y[k];
                }, options: new Numerics.LevenbergMarquardtOptions { MaxIterations = 200 });
                var se = res.StdErrors;
                return (res.X.Select((v, k) => v * scale[k]).ToArray(), se.Select((v, k) => v * scale[k]).ToArray(), res.SumOfSquares, res.Converged);
            }
            catch (Core.NitrolyteInputException) { return null; }
        }
        double r2((double[] X, double[] StdErrors, double SumOfSquares, bool Converged) f)
        {
            double m = y.Average(), tss = y.Sum(v => (v - m) * (v - m));
            return tss > 0 ? 1 - f.SumOfSquares / tss : double.NaN;
        }
        if (Fit((p, tt) => p[0] + p[1] * Math.Exp(-tt / p[2]), [iFinal, a0, tau0]) is not { } single1 || !(single1.X[2] > 0) || !double.IsFinite(single1.X[2]))
        {
            warnings?.Add($"hold {index}: the exponential relaxation fit failed");
            return null;
        }
        var single = single1;
        var s = new RelaxationFit("single", single.X[0], single.X[1], single.X[2], single.StdErrors[2], null, null, null, r2(single), x.Length, single.Converged);
        if (model != RelaxationModel.Double) return s;
        double tau = single.X[2], amp = single.X[1];
        var dbl = Fit((p, tt) => p[0] + p[1] * Math.Exp(-tt / p[2]) + p[3] * Math.Exp(-tt / p[4]),
            [single.X[0], 0.7 * amp, 0.5 * tau, 0.3 * amp, 3 * tau]);
        if (dbl is not { } dbl1 || !(dbl1.X[2] > 0 && dbl1.X[4] > 0) || !double.IsFinite(dbl1.SumOfSquares))
        {
            warnings?.Add($"hold {index}: the double-exponential fit failed; the single-exponential fit is reported");
            return s;
        }
        var d2 = dbl.Value;
        var q = d2.X;
        // order: tau_s = the component with the larger amplitude
        bool firstMajor = Math.Abs(q[1]) >= Math.Abs(q[3]);
        return firstMajor
            ? new RelaxationFit("double", q[0], q[1], q[2], d2.StdErrors[2], q[3], q[4], d2.StdErrors[4], r2(d2), x.Length, d2.Converged)
            : new RelaxationFit("double", q[0], q[3], q[4], d2.StdErrors[4], q[1], q[2], d2.StdErrors[2], r2(d2), x.Length, d2.Converged);
    }
}
