namespace Nitrolyte.Dynamics;

/// <summary>The smoothing modes of pymatgen-analysis-diffusion's DiffusionAnalyzer.</summary>
public enum PymatgenSmoothing { Max, Constant, None }

/// <summary>
/// Numbers computed the way pymatgen-analysis-diffusion's <c>DiffusionAnalyzer</c> defines them, so results
/// can be compared with published pymatgen analyses (written from its documented algorithm, not ported):
/// <list type="bullet">
/// <item>"max": lags from 1 ps (int(1000 / (step_skip·time_step)) frames) to min(N_ions·N/min_obs, N), at most
/// ~200 evenly spaced, all time origins; unweighted fit as in the version whose test values we compare
/// (pymatgen-analysis-diffusion d613b5e); newer versions weight rows by t^−½ (<c>weightByInverseTime</c>).</item>
/// <item>"constant": every lag 0..N−avg_nsteps−1 over the first avg_nsteps origins, unweighted fit.</item>
/// <item>None: every lag, a single time origin (frame 0), unweighted fit.</item>
/// </list>
/// The standard deviation is pymatgen's formula sqrt(n·RSS / ((n Σt² − (Σt)²)(n−2))) with RSS of the (weighted)
/// fit: it treats the correlated MSD points as independent and is NOT a calibrated standard error — use
/// <see cref="DiffusivityFitter"/> for that. Drift: the plain average of framework displacements
/// (<see cref="DriftCorrection.FrameworkCentroid"/>). Per-direction D are 3 × the 1D-slope/6 (pymatgen's convention).
/// </summary>
public sealed record PymatgenDiffusionResult(
    PymatgenSmoothing Smoothing, int[] LagFrames, double[] TimeFs, double[] Msd, double[] Mscd, double[][] MsdComponents,
    double DCm2PerS, double DStdDevCm2PerS, double ChargeDCm2PerS, double ChargeDStdDevCm2PerS,
    double[] DComponentsCm2PerS, double ConductivityMSPerCm, double ConductivityStdDevMSPerCm,
    double ChargeConductivityMSPerCm, double[] ConductivityComponentsMSPerCm, double HavenRatio);

public static class PymatgenCompatibleDiffusion
{
    public static PymatgenDiffusionResult Compute(DisplacementSet set, int[] ions, double timeStepFs, int stepSkip, double temperatureK,
        double charge, PymatgenSmoothing smoothing = PymatgenSmoothing.Max, int minObs = 30, int avgNsteps = 1000, bool weightByInverseTime = false)
    {
        int n = set.FrameCount;
        int[] lags;
        Func<int, IEnumerable<int>> origins;
        MsdResult? all = null;
        switch (smoothing)
        {
            case PymatgenSmoothing.None:
                lags = Enumerable.Range(0, n).ToArray();
                origins = _ => [0];
                break;
            case PymatgenSmoothing.Constant:
                if (n <= avgNsteps) throw new Core.NitrolyteInputException($"pymatgen 'constant' smoothing needs more than avg_nsteps = {avgNsteps} frames (have {n})");
                lags = Enumerable.Range(0, n - avgNsteps).ToArray();
                origins = _ => Enumerable.Range(0, avgNsteps);
                break;
            default:
                int minDt = (int)(1000 / (stepSkip * timeStepFs));
                int maxDt = Math.Min(ions.Length * n / minObs, n);
                if (minDt >= maxDt) throw new Core.NitrolyteInputException("not enough data for pymatgen 'max' smoothing (the 1 ps start is beyond the last lag with min_obs observations)");
                int step = Math.Max((maxDt - minDt) / 200, 1);
                var l = new List<int>();
                for (int k = minDt; k < maxDt; k += step) l.Add(k);
                lags = l.ToArray();
                origins = m => Enumerable.Range(0, n - m);
                all = MsdCalculator.Compute(set, stepSkip * timeStepFs, ions);
                break;
        }
        var dt = lags.Select(k => (double)k * timeStepFs * stepSkip).ToArray();
        double[] msd, mscd; double[][] comp;
        if (all is not null)
        {
            msd = lags.Select(k => all.Total[k]).ToArray();
            mscd = lags.Select(k => all.Collective[k]).ToArray();
            comp = Enumerable.Range(0, 3).Select(d => lags.Select(k => all.Directional[d][k]).ToArray()).ToArray();
        }
        else
        {
            comp = new double[3][];
            for (int d = 0; d < 3; d++) comp[d] = new double[lags.Length];
            msd = new double[lags.Length]; mscd = new double[lags.Length];
            for (int li = 0; li < lags.Length; li++)
            {
                int m = lags[li]; int cnt = 0;
                double[] sumD = new double[3]; double sumC = 0;
                foreach (var t0 in origins(m))
                {
                    if (t0 + m >= n) continue;
                    cnt++;
                    for (int d = 0; d < 3; d++)
                    {
                        double col = 0;
                        foreach (var i in ions)
                        {
                            var x = set.Series[3 * i + d];
                            // single-origin mode measures from frame 0 of the stored set (pymatgen: from the reference structure)
                            double dx = smoothing == PymatgenSmoothing.None ? x[m] : x[t0 + m] - x[t0];
                            sumD[d] += dx * dx; col += dx;
                        }
                        sumC += col * col;
                    }
                }
                for (int d = 0; d < 3; d++) comp[d][li] = sumD[d] / cnt / ions.Length;
                msd[li] = comp[0][li] + comp[1][li] + comp[2][li];
                mscd[li] = sumC / cnt / ions.Length;
            }
        }
        var (dd, dsd) = Fit(msd, dt, weightByInverseTime && smoothing == PymatgenSmoothing.Max);
        var (cd, csd) = Fit(mscd, dt, weightByInverseTime && smoothing == PymatgenSmoothing.Max);
        var dcomp = comp.Select(c => 3 * Fit(c, dt, weightByInverseTime && smoothing == PymatgenSmoothing.Max).D).ToArray();
        double conv = 1000 * NernstEinstein.Factor(ions.Length, set.AverageLattice.VolumeA3, charge, temperatureK);
        return new PymatgenDiffusionResult(smoothing, lags, dt, msd, mscd, comp, dd, dsd, cd, csd, dcomp,
            dd * conv, dsd * conv, cd * conv, dcomp.Select(x => x * conv).ToArray(), dd / cd);
    }

    /// <summary>pymatgen's get_diffusivity_from_msd: (weighted) least squares slope/60 and its stated deviation.</summary>
    public static (double D, double StdDev) Fit(double[] msd, double[] dt, bool weightByInverseTime)
    {
        int n = dt.Length;
        // weighted least squares with weights 1/t ("max") or 1: minimise Σ w (y − m t − c)²
        double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weightByInverseTime ? 1.0 / dt[i] : 1.0;
            sw += w; swx += w * dt[i]; swy += w * msd[i]; swxx += w * dt[i] * dt[i]; swxy += w * dt[i] * msd[i];
        }
        double det = sw * swxx - swx * swx;
        double m = (sw * swxy - swx * swy) / det;
        double c = (swxx * swy - swx * swxy) / det;
        double res = 0;
        for (int i = 0; i < n; i++)
        {
            double w = weightByInverseTime ? 1.0 / dt[i] : 1.0;
            double r = msd[i] - m * dt[i] - c;
            res += w * r * r;
        }
        m = Math.Max(m, 1e-15);
        double st = 0, st2 = 0;
        for (int i = 0; i < n; i++) { st += dt[i] / 1000; st2 += (dt[i] / 1000) * (dt[i] / 1000); }
        double denom = (n * st2 - st * st) * (n - 2);
        return (m / 60, Math.Sqrt(n * res / denom) / 60 / 1000);
    }
}
