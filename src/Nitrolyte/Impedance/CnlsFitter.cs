using System.Numerics;
using Nitrolyte.Core;
using Nitrolyte.Numerics;

namespace Nitrolyte.Impedance;

/// <summary>How residuals are weighted (ΔZ = Z_model − Z_data).</summary>
public enum Weighting
{
    /// <summary>r = ΔZ' and ΔZ'' (unweighted).</summary>
    Unit,
    /// <summary>r' = ΔZ'/|Z'_data|, r'' = ΔZ''/|Z''_data| (each component relative to itself).</summary>
    Proportional,
    /// <summary>r = ΔZ/|Z_data| (modulus weighting, impedance.py weight_by_modulus, EISFitpython "modulus").</summary>
    Modulus,
    /// <summary>r = ΔZ/|Z_model| (Boukamp 1995: weights 1/|Z|² from the model, not the noisy data).</summary>
    Boukamp,
}

public static class WeightingNames
{
    public static Weighting Parse(string s) => s.Trim().ToLowerInvariant() switch
    {
        "unit" or "none" or "unweighted" => Weighting.Unit,
        "proportional" or "prop" => Weighting.Proportional,
        "modulus" or "mod" => Weighting.Modulus,
        "boukamp" => Weighting.Boukamp,
        _ => throw new NitrolyteInputException($"unknown weighting '{s}' (use unit, proportional, modulus or boukamp)"),
    };
    public static string ToName(this Weighting w) => w.ToString().ToLowerInvariant();
}

public sealed record CircuitFitOptions
{
    public Weighting Weighting { get; init; } = Weighting.Modulus;
    /// <summary>Starting values by parameter name; the others are guessed from the spectrum.</summary>
    public IReadOnlyDictionary<string, double>? Initial { get; init; }
    /// <summary>Parameters held at a value.</summary>
    public IReadOnlyDictionary<string, double>? Fixed { get; init; }
    /// <summary>Bounds by parameter name (replace the defaults: positive, exponents in (0, 1]).</summary>
    public IReadOnlyDictionary<string, (double Lower, double Upper)>? Bounds { get; init; }
    /// <summary>Extra random starts around the automatic guess (0 = only the guess / given values).</summary>
    /// <summary>Cap on <see cref="MultiStart"/>: every start is a full Levenberg-Marquardt fit.</summary>
    public const int MaxMultiStart = 1000;
    public int MultiStart { get; init; } = 24;
    public int Seed { get; init; } = 1;
    public int MaxIterations { get; init; } = 300;
    /// <summary>A full parameter vector tried first (warm start from a neighbouring spectrum in a series).</summary>
    public double[]? WarmStart { get; init; }
    /// <summary>Retry from DRT-peak and split-arc starts when the solution is degenerate or χ² is far above the noise floor.</summary>
    public bool Rescue { get; init; } = true;

    /// <summary>Refuses fixed values, starting values and bounds outside each parameter's allowed range (R, C, Q, ... ≥ 0;
    /// CPE and La exponents in [0, 1]), naming the parameter and the range.</summary>
    public static void CheckRanges(Circuit circuit, CircuitFitOptions o)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string Range(CircuitParameter p) => p.Positive ? "≥ 0 (fitted > 0)" : $"{p.Lower.ToString(inv)} to {p.Upper.ToString(inv)}";
        // unknown names are reported by the fit itself (a data/model mismatch, not a range error)
        CircuitParameter? Par(string name) => circuit.IndexOf(name) is var k and >= 0 ? circuit.Parameters[k] : null;
        bool Inside(CircuitParameter p, double v) => double.IsFinite(v) && v >= p.Lower && v <= p.Upper;
        foreach (var (what, dict) in new[] { ("fixed", o.Fixed), ("initial", o.Initial) })
            if (dict is not null)
                foreach (var (name, v) in dict)
                {
                    if (Par(name) is not { } p) continue;
                    if (!Inside(p, v) || (what == "initial" && p.Positive && v <= 0))
                        throw new NitrolyteInputException($"{what}: {p.Name} = {v.ToString(inv)} is outside its allowed range {Range(p)}{(p.Unit.Length > 0 ? " (" + p.Unit + ")" : "")}");
                }
        if (o.Bounds is not null)
            foreach (var (name, (lo, hi)) in o.Bounds)
            {
                if (Par(name) is not { } p) continue;
                if (!(lo < hi)) throw new NitrolyteInputException($"bounds: {p.Name} = {lo.ToString(inv)}:{hi.ToString(inv)}, the lower bound is not below the upper");
                if (lo < p.Lower || hi > p.Upper || double.IsNaN(lo) || double.IsNaN(hi))
                    throw new NitrolyteInputException($"bounds: {p.Name} = {lo.ToString(inv)}:{hi.ToString(inv)} reaches outside its allowed range {Range(p)}");
            }
    }
}

public sealed record FittedParameter(string Name, double Value, double StdErr, string Unit, bool Fixed)
{
    public double RelativeStdErr => StdErr / Math.Abs(Value);
}

/// <summary>The result of a CNLS fit: parameters with standard errors, statistics, model and residuals.</summary>
public sealed class CircuitFit
{
    public required Circuit Circuit { get; init; }
    public required ImpedanceSpectrum Spectrum { get; init; }
    public required IReadOnlyList<FittedParameter> Parameters { get; init; }
    public required Weighting Weighting { get; init; }
    /// <summary>Σ r² over the stacked real and imaginary weighted residuals.</summary>
    public required double ChiSquare { get; init; }
    /// <summary>χ² / (2N − P_free).</summary>
    public required double ReducedChiSquare { get; init; }
    /// <summary>Akaike information criterion for least squares: 2N ln(χ²/2N) + 2 P_free.</summary>
    public required double Aic { get; init; }
    public required int NPoints { get; init; }
    public required int FreeParameters { get; init; }
    /// <summary>Correlation matrix of the free parameters (names in <see cref="FreeNames"/>).</summary>
    public required double[,] Correlation { get; init; }
    public required IReadOnlyList<string> FreeNames { get; init; }
    public required Complex[] ModelZ { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required int Starts { get; init; }
    public required int Seed { get; init; }
    public required bool Converged { get; init; }
    /// <summary>χ² against the spectrum's noise floor (null only for results built by hand).</summary>
    public FitQuality? Quality { get; init; }

    /// <summary>Why the first solution looked degenerate or too far above the noise floor (empty: no retry was needed).</summary>
    public IReadOnlyList<string> RescueReasons { get; init; } = [];
    /// <summary>True when a retry from the rescue starts (DRT peaks, split arcs) found a lower χ².</summary>
    public bool Rescued { get; init; }
    /// <summary>True when the rescue starts were tried (degenerate first solution, or χ² above 1.1 × the noise floor).</summary>
    public bool Retried { get; init; }

    public double[] Values => Parameters.Select(p => p.Value).ToArray();
    public double this[string name] => Parameters.First(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value;
    /// <summary>Sum of squared unweighted residuals |Z_model − Z_data|².</summary>
    public double UnweightedSumOfSquares => Enumerable.Range(0, NPoints).Sum(i => { var d = ModelZ[i] - Spectrum.Z[i]; return d.Real * d.Real + d.Imaginary * d.Imaginary; });
    /// <summary>Residuals relative to |Z_data|, in percent (real, imaginary).</summary>
    public (double[] Real, double[] Imag) RelativeResidualsPct()
    {
        var re = new double[NPoints]; var im = new double[NPoints];
        for (int i = 0; i < NPoints; i++)
        {
            var d = Spectrum.Z[i] - ModelZ[i];
            double m = Spectrum.Z[i].Magnitude;
            re[i] = 100 * d.Real / m; im[i] = 100 * d.Imaginary / m;
        }
        return (re, im);
    }
}

/// <summary>
/// Complex nonlinear least squares: stacked real/imaginary residuals, analytic Jacobian from the circuit tree,
/// Levenberg-Marquardt with positive parameters in log space and exponents on a logistic scale, automatic
/// starting values (<see cref="InitialGuess"/>) plus a seeded multi-start, so no user guess is needed.
/// </summary>
public static class CnlsFitter
{
    /// <summary>χ² above this multiple of the noise floor triggers the rescue starts.</summary>
    public const double RescueRatio = 1.1;
    /// <summary>A screened seed is kept without the multi-start when χ² is within this multiple of the noise floor.</summary>
    public const double AcceptRatio = 1.1;
    /// <summary>Seeds read from the spectrum that are fitted one by one before the multi-start (the first that reaches
    /// the noise floor without a degenerate parameter ends the search).</summary>
    public const int ScreenSeeds = 4;

    public static CircuitFit Fit(ImpedanceSpectrum spectrum, Circuit circuit, CircuitFitOptions? options = null)
    {
        options ??= new CircuitFitOptions();
        spectrum.RequireFittableMagnitudes("circuit fit");
        int np = circuit.ParameterCount;
        int n = spectrum.Count;
        var fixedMask = new bool[np];
        var values = new double[np];
        var lower = circuit.Parameters.Select(p => p.Lower).ToArray();
        var upper = circuit.Parameters.Select(p => p.Upper).ToArray();
        void CheckName(string name, string what)
        {
            if (circuit.IndexOf(name) < 0)
                throw new NitrolyteInputException($"{what}: circuit {circuit.Text} has no parameter '{name}' (it has {string.Join(", ", circuit.Parameters.Select(p => p.Name))})");
        }
        if (options.Bounds is not null)
            foreach (var (name, (bLo, bHi)) in options.Bounds)
            {
                CheckName(name, "bounds");
                if (!(bLo < bHi)) throw new NitrolyteInputException($"bounds for {name}: lower {bLo} is not below upper {bHi}");
                int k = circuit.IndexOf(name); lower[k] = bLo; upper[k] = bHi;
            }
        CircuitFitOptions.CheckRanges(circuit, options);
        if (options.Fixed is not null)
            foreach (var (name, v) in options.Fixed) { CheckName(name, "fixed"); int k = circuit.IndexOf(name); fixedMask[k] = true; values[k] = v; }
        if (options.Initial is not null)
            foreach (var (name, v) in options.Initial)
            {
                CheckName(name, "initial");
                int k = circuit.IndexOf(name);
                if (!double.IsFinite(v) || v < lower[k] || v > upper[k] || (circuit.Parameters[k].Positive && v <= 0))
                    throw new NitrolyteInputException($"initial: {circuit.Parameters[k].Name} = {v.ToString(System.Globalization.CultureInfo.InvariantCulture)} lies outside its allowed range ({(circuit.Parameters[k].Positive ? "> 0" : $"{lower[k]} to {upper[k]}")})");
            }
        if (options.MultiStart < 0) throw new NitrolyteInputException($"multi-start: {options.MultiStart} random starts (must be 0 or more)");
        if (options.MultiStart > CircuitFitOptions.MaxMultiStart)
            throw new NitrolyteInputException($"multi-start: {options.MultiStart} random starts is more than the cap of {CircuitFitOptions.MaxMultiStart} (each start is a full fit; 24 is the default)");
        int nFree = fixedMask.Count(b => !b);
        if (2 * n < nFree + 1)
            throw new NitrolyteInputException($"{spectrum.SourceFile ?? "spectrum"}: {nFree} free parameters but only {n} points ({2 * n} residuals): more parameters than the data can determine");

        var problem = new Problem(spectrum, circuit, options.Weighting, fixedMask, values);
        var freeIdx = problem.FreeIndex;
        var lo = freeIdx.Select(k => lower[k]).ToArray();
        var hi = freeIdx.Select(k => upper[k]).ToArray();

        // starting points
        var starts = new List<double[]>();
        var guesses = InitialGuess.Candidates(spectrum, circuit);
        var userGiven = options.Initial ?? new Dictionary<string, double>();
        foreach (var g in guesses)
        {
            var full = g.ToArray();
            foreach (var (name, v) in userGiven) full[circuit.IndexOf(name)] = v;
            starts.Add(freeIdx.Select(k => Clamp(full[k], lower[k], upper[k])).ToArray());
        }
        bool allGiven = circuit.Parameters.Where((p, k) => !fixedMask[k]).All(p => userGiven.Keys.Any(x => string.Equals(x, p.Name, StringComparison.OrdinalIgnoreCase)));
        if (allGiven) starts = [starts[0]];
        if (options.WarmStart is { } warm && warm.Length == np)
            starts.Insert(0, freeIdx.Select(k => Clamp(warm[k], lower[k], upper[k])).ToArray());
        var rng = new Random(options.Seed);
        int extra = allGiven ? 0 : options.MultiStart;
        var baseStarts = starts.ToList();
        for (int s = 0; s < extra; s++)
        {
            var b = baseStarts[s % baseStarts.Count];
            var x = new double[b.Length];
            for (int k = 0; k < b.Length; k++)
            {
                int pk = freeIdx[k];
                if (circuit.Parameters[pk].IsExponent) x[k] = Clamp(0.55 + 0.45 * rng.NextDouble(), lo[k], hi[k]);
                else if (b[k] > 0) x[k] = Clamp(b[k] * Math.Pow(10, 1.2 * Gaussian(rng)), lo[k], hi[k]);
                else x[k] = b[k];
            }
            starts.Add(x);
        }

        int m = 2 * n;
        var quick = new LevenbergMarquardtOptions { MaxIterations = Math.Min(80, options.MaxIterations), FunctionTolerance = 1e-7, SkipCovariance = true };
        var full2 = new LevenbergMarquardtOptions { MaxIterations = options.MaxIterations };
        var polish = new LevenbergMarquardtOptions { MaxIterations = options.MaxIterations, SkipCovariance = true };
        int run = 0;
        LevenbergMarquardtResult? Run(double[] x0, LevenbergMarquardtOptions o)
        {
            run++;
            try
            {
                var res = LevenbergMarquardt.Minimize(m, x0, problem.Evaluate, lo, hi, o);
                return double.IsFinite(res.SumOfSquares) ? res : null;
            }
            catch (NitrolyteInputException) { return null; }
        }
        // revive parameters that collapsed towards zero or ran off to infinity in log space (their gradient
        // vanishes there), and put interchangeable arcs in order of decreasing relaxation frequency, then polish again
        LevenbergMarquardtResult Refine(LevenbergMarquardtResult b)
        {
            for (int pass = 0; pass < 2; pass++)
            {
                var x1 = b.X.ToArray();
                bool changed = false;
                for (int k = 0; k < x1.Length; k++)
                {
                    if (lo[k] == 0 && double.IsPositiveInfinity(hi[k]) && (x1[k] < 1e-9 * Math.Abs(starts[0][k]) || x1[k] > 1e9 * Math.Abs(starts[0][k])))
                    { x1[k] = starts[0][k]; changed = true; }
                }
                if (!changed) break;
                var trial = LevenbergMarquardt.Minimize(m, x1, problem.Evaluate, lo, hi, polish);
                if (trial.SumOfSquares < b.SumOfSquares * (1 - 1e-9)) b = trial; else break;
            }
            var ordered = OrderArcs(circuit, problem.Full(b.X), fixedMask);
            if (ordered is not null)
            {
                var xo = freeIdx.Select(k => ordered[k]).ToArray();
                var trial = LevenbergMarquardt.Minimize(m, xo, problem.Evaluate, lo, hi, polish);
                if (trial.SumOfSquares <= b.SumOfSquares * (1 + 1e-6) + 1e-14 * m) b = trial;
            }
            return b;
        }
        double? varKk = null;
        FitQuality QualityOf(LevenbergMarquardtResult b)
        {
            varKk ??= FitQuality.LinKKVariance(spectrum, options.Weighting);
            var full = problem.Full(b.X);
            return FitQuality.Assess(spectrum, circuit.Simulate(spectrum.FrequenciesHz, full), options.Weighting, b.SumOfSquares, nFree, varKk);
        }

        // at the noise floor and not degenerate: the search can stop (an exponent at n = 1 counts as degenerate: on
        // hard spectra it often marks a small arc merged into its neighbour, which the rescue starts separate)
        bool AtFloorNonDegenerate(LevenbergMarquardtResult r)
        {
            if (QualityOf(r).ChiSquareOverNoiseFloor > AcceptRatio) return false;
            return FitRescue.Degeneracies(circuit, problem.Full(r.X), spectrum, fixedMask).Count == 0;
        }
        // a quick run that lands at the floor is polished and kept when it still is
        LevenbergMarquardtResult? Settle(LevenbergMarquardtResult r)
        {
            if (!AtFloorNonDegenerate(r)) return null;
            var pol = Refine(LevenbergMarquardt.Minimize(m, r.X, problem.Evaluate, lo, hi, polish));
            return AtFloorNonDegenerate(pol) ? pol : null;
        }

        // screening: the first few seeds (warm start, then the guesses read from the spectrum) polished fully, one at
        // a time; the first that is not degenerate and lies at the noise floor is the answer, and the multi-start and
        // the rescue starts are only run when none does
        var results = new List<LevenbergMarquardtResult>();
        LevenbergMarquardtResult? best = null;
        bool accepted = false;
        int screenedCount = 0;
        bool screening = !allGiven && options.Rescue && starts.Count > 1;
        if (screening)
        {
            // warm start, the phase-plateau seeds, then the main guess
            int fixedStarts = options.WarmStart is { Length: var wl } && wl == np ? 2 : 1;
            var seeds = starts.Take(fixedStarts - 1).ToList();
            foreach (var g in InitialGuess.PhaseSeeds(spectrum, circuit).Take(ScreenSeeds))
            {
                var full = g.ToArray();
                foreach (var (name, v) in userGiven) full[circuit.IndexOf(name)] = v;
                seeds.Add(freeIdx.Select(k => Clamp(full[k], lower[k], upper[k])).ToArray());
            }
            seeds.Add(starts[fixedStarts - 1]);
            screenedCount = fixedStarts;
            foreach (var x0 in seeds)
            {
                if (Run(x0, polish) is not { } res) continue;
                var refined = Refine(res);
                results.Add(refined);
                if (best is null || refined.SumOfSquares < best.SumOfSquares) best = refined;
                if (AtFloorNonDegenerate(refined)) { accepted = true; best = refined; break; }
            }
        }
        // a screened fit at the noise floor whose only fault is a degenerate parameter goes straight to the starts
        // built for the missing arc (the rescue below): random starts add nothing a χ² at the floor could gain
        bool degenerateAtFloor = screening && !accepted && best is not null && QualityOf(best).ChiSquareOverNoiseFloor <= AcceptRatio;
        if (!accepted && !degenerateAtFloor)
        {
            // the multi-start; after screening, it stops at the first start that settles at the noise floor
            for (int s = screenedCount; s < starts.Count && !accepted; s++)
            {
                if (Run(starts[s], starts.Count > 1 ? quick : full2) is not { } res) continue;
                results.Add(res);
                if (screening && Settle(res) is { } settled) { best = settled; accepted = true; }
            }
        }
        if (!accepted)
        {
            if (results.Count == 0) throw new NitrolyteInputException($"circuit {circuit.Text}: the model could not be evaluated from any starting point");
            best = results.MinBy(r => r.SumOfSquares)!;
            if (starts.Count > 1)
            {
                // polish the three most promising basins fully (a quick run may stop before its basin's minimum)
                best = results.OrderBy(r => r.SumOfSquares).Take(3)
                    .Select(r => LevenbergMarquardt.Minimize(m, r.X, problem.Evaluate, lo, hi, full2))
                    .MinBy(r => r.SumOfSquares)!;
            }
            best = Refine(best);
        }
        // degenerate or far above the noise floor: retry from starts built for the missing arc
        var rescueReasons = new List<string>();
        bool rescued = false, retried = false;
        if (!allGiven && options.Rescue && !accepted)
        {
            for (int round = 0; round < 2; round++)
            {
                var fullBest = problem.Full(best!.X);
                var reasons = FitRescue.Degeneracies(circuit, fullBest, spectrum, fixedMask);
                var q0 = QualityOf(best);
                if (reasons.Count == 0 && q0.ChiSquareOverNoiseFloor <= RescueRatio) break;
                // the sweep (second round) only for a fit still above the noise floor: a degenerate fit at the floor
                // that the seeds built for the missing arc did not improve cannot be improved beyond the noise
                if (round == 1 && q0.ChiSquareOverNoiseFloor <= RescueRatio) break;
                if (round == 0) rescueReasons = reasons;
                var extraStarts = (round == 0 ? FitRescue.Starts(spectrum, circuit, fullBest) : FitRescue.Sweep(spectrum, circuit, fullBest))
                    .Select(v => freeIdx.Select(k => Clamp(v[k], lower[k], upper[k])).ToArray()).ToList();
                if (extraStarts.Count == 0) break;
                retried = true;
                var extraResults = new List<LevenbergMarquardtResult>();
                LevenbergMarquardtResult? settledRescue = null;
                foreach (var x0 in extraStarts)
                {
                    if (Run(x0, quick) is not { } res) continue;
                    extraResults.Add(res);
                    if (res.SumOfSquares < best.SumOfSquares && Settle(res) is { } st) { settledRescue = st; break; }
                }
                if (settledRescue is not null && settledRescue.SumOfSquares < best.SumOfSquares * (1 - 1e-6)) { best = settledRescue; rescued = true; break; }
                if (extraResults.Count == 0) break;
                var cand = extraResults.OrderBy(r => r.SumOfSquares).Take(3)
                    .Select(r => LevenbergMarquardt.Minimize(m, r.X, problem.Evaluate, lo, hi, full2))
                    .MinBy(r => r.SumOfSquares)!;
                if (!(cand.SumOfSquares < best.SumOfSquares * (1 - 1e-6))) continue;
                best = cand;
                rescued = true;
                var ord = OrderArcs(circuit, problem.Full(best.X), fixedMask);
                if (ord is not null)
                {
                    var trial = LevenbergMarquardt.Minimize(m, freeIdx.Select(k => ord[k]).ToArray(), problem.Evaluate, lo, hi, polish);
                    if (trial.SumOfSquares <= best.SumOfSquares * (1 + 1e-6) + 1e-14 * m) best = trial;
                }
            }
        }
        if (best is null) throw new NitrolyteInputException($"circuit {circuit.Text}: the model could not be evaluated from any starting point");
        // final statistics (covariance) at the chosen solution
        bool converged = best.Converged;
        string stopReason = best.StopReason;
        best = LevenbergMarquardt.Minimize(m, best.X, problem.Evaluate, lo, hi, new LevenbergMarquardtOptions { MaxIterations = 0 });

        // assemble
        var final = problem.Full(best.X);
        var se = best.StdErrors;
        var pars = new List<FittedParameter>();
        for (int k = 0, f = 0; k < np; k++)
        {
            var p = circuit.Parameters[k];
            if (fixedMask[k]) pars.Add(new FittedParameter(p.Name, final[k], double.NaN, p.Unit, true));
            else pars.Add(new FittedParameter(p.Name, final[k], se[f++], p.Unit, false));
        }
        var model = circuit.Simulate(spectrum.FrequenciesHz, final);
        double chi2 = best.SumOfSquares;
        int dof = m - nFree;
        var corr = best.Correlation;
        var warnings = new List<string>();
        var freeNames = freeIdx.Select(k => circuit.Parameters[k].Name).ToList();
        for (int a = 0; a < nFree; a++)
        {
            var p = pars[freeIdx[a]];
            if (double.IsNaN(p.StdErr))
                warnings.Add($"{p.Name} is not identifiable from these data (singular Jacobian direction)");
            else if (p.RelativeStdErr > 1)
                warnings.Add($"{p.Name} is poorly determined (standard error {(p.RelativeStdErr > 10 ? "above 1000" : (100 * p.RelativeStdErr).ToString("0", System.Globalization.CultureInfo.InvariantCulture))}% of the value)");
            for (int b = 0; b < a; b++)
                if (Math.Abs(corr[a, b]) > 0.995)
                    warnings.Add($"{freeNames[a]} and {freeNames[b]} are strongly correlated (r = {corr[a, b]:0.000}): only a combination is determined");
            if (lower[freeIdx[a]] > double.NegativeInfinity && double.IsFinite(upper[freeIdx[a]]))
            {
                double span = upper[freeIdx[a]] - lower[freeIdx[a]];
                if (p.Value - lower[freeIdx[a]] < 1e-6 * span || upper[freeIdx[a]] - p.Value < 1e-6 * span)
                    warnings.Add($"{p.Name} = {p.Value:G4} sits at its bound");
            }
        }
        if (!converged) warnings.Add($"the fit did not converge ({stopReason})");
        var quality = FitQuality.Assess(spectrum, model, options.Weighting, chi2, nFree, varKk);
        var degenerate = FitRescue.Degeneracies(circuit, final, spectrum, fixedMask);
        foreach (var d in degenerate) warnings.Add("degenerate solution: " + d);
        if (!quality.ConvergedToGoodMinimum) warnings.Insert(0, quality.Describe());
        return new CircuitFit
        {
            Circuit = circuit, Spectrum = spectrum, Parameters = pars, Weighting = options.Weighting,
            ChiSquare = chi2, ReducedChiSquare = dof > 0 ? chi2 / dof : double.NaN,
            Aic = m * Math.Log(Math.Max(chi2, 1e-300) / m) + 2 * nFree,
            NPoints = n, FreeParameters = nFree, Correlation = corr, FreeNames = freeNames, ModelZ = model,
            Warnings = warnings, Starts = run, Seed = options.Seed, Converged = converged, Quality = quality,
            RescueReasons = rescueReasons, Rescued = rescued, Retried = retried,
        };
    }

    /// <summary>
    /// Top-level series blocks with the same structure (e.g. (R1|Q1)+(R2|Q2)) can swap values without changing Z.
    /// Returns the parameters with such blocks ordered by decreasing relaxation frequency (first block = highest
    /// frequency arc, the usual bulk-then-grain-boundary convention), or null when nothing moves.
    /// </summary>
    internal static double[]? OrderArcs(Circuit circuit, double[] p, bool[] fixedMask)
    {
        var items = circuit.Root is SeriesNode sn ? sn.Children : [circuit.Root];
        var groups = items.OfType<ParallelNode>().GroupBy(Signature).Where(g => g.Count() > 1);
        double[]? result = null;
        foreach (var g in groups)
        {
            var blocks = g.ToList();
            if (blocks.Any(b => Enumerable.Range(b.ParamStart, b.ParamCount).Any(k => fixedMask[k]))) continue;
            var taus = blocks.Select(b => RelaxationTime(b, p)).ToList();
            if (taus.Any(t => !double.IsFinite(t))) continue;
            var order = Enumerable.Range(0, blocks.Count).OrderBy(i => taus[i]).ToList();
            if (order.SequenceEqual(Enumerable.Range(0, blocks.Count))) continue;
            result ??= p.ToArray();
            for (int i = 0; i < blocks.Count; i++)
            {
                var src = blocks[order[i]];
                var dst = blocks[i];
                for (int k = 0; k < dst.ParamCount; k++) result[dst.ParamStart + k] = p[src.ParamStart + k];
            }
        }
        return result;
    }

    private static string Signature(CircuitNode n) => n switch
    {
        ElementNode e => e.Kind.ToString(),
        ParallelNode pn => "p(" + string.Join(",", pn.Children.Select(Signature)) + ")",
        _ => "s(" + string.Join(",", n.Children.Select(Signature)) + ")",
    };

    /// <summary>τ of an arc block: R·C, or (R·Q)^(1/n) for R||CPE; NaN when the block is not of that form.</summary>
    internal static double RelaxationTime(ParallelNode block, double[] p)
    {
        var els = block.Children.OfType<ElementNode>().ToList();
        var r = els.FirstOrDefault(e => e.Kind == ElementKind.R);
        var c = els.FirstOrDefault(e => e.Kind == ElementKind.C);
        var q = els.FirstOrDefault(e => e.Kind == ElementKind.Cpe);
        if (r is null) return double.NaN;
        if (c is not null) return p[r.ParamStart] * p[c.ParamStart];
        if (q is not null) return Math.Pow(p[r.ParamStart] * p[q.ParamStart], 1 / p[q.ParamStart + 1]);
        return double.NaN;
    }

    private static double Clamp(double v, double lo, double hi)
    {
        if (!double.IsFinite(v)) v = 1;
        if (double.IsFinite(lo) && double.IsFinite(hi))
        {
            double eps = 1e-6 * (hi - lo);
            return Math.Clamp(v, lo + eps, hi - eps);
        }
        if (double.IsFinite(lo) && v <= lo) return lo == 0 ? 1e-12 : lo + Math.Abs(lo) * 1e-6 + 1e-12;
        if (double.IsFinite(hi) && v >= hi) return hi - Math.Abs(hi) * 1e-6 - 1e-12;
        return v;
    }

    /// <summary>A standard normal deviate (<see cref="Numerics.GaussianSampler.Standard"/>).</summary>
    public static double Gaussian(Random rng) => Numerics.GaussianSampler.Standard(rng);

    /// <summary>The least-squares problem: residuals and Jacobian for the free parameters.</summary>
    internal sealed class Problem
    {
        private readonly Circuit _c;
        private readonly Weighting _w;
        private readonly double[] _omega;
        private readonly Complex[] _zd;
        private readonly double[] _wRe, _wIm;
        private readonly double[] _full;
        private readonly Complex[] _z, _jac;
        public int[] FreeIndex { get; }

        private readonly CircuitWorkspace _ws;

        public Problem(ImpedanceSpectrum s, Circuit c, Weighting w, bool[] fixedMask, double[] fixedValues)
        {
            _c = c; _w = w;
            _omega = s.AngularFrequencies;
            _zd = s.Z;
            int n = s.Count;
            _wRe = new double[n]; _wIm = new double[n];
            for (int i = 0; i < n; i++)
            {
                double mod = _zd[i].Magnitude;
                switch (w)
                {
                    case Weighting.Unit: _wRe[i] = _wIm[i] = 1; break;
                    case Weighting.Modulus: _wRe[i] = _wIm[i] = 1 / mod; break;
                    case Weighting.Proportional:
                        _wRe[i] = 1 / Math.Max(Math.Abs(_zd[i].Real), 1e-6 * mod);
                        _wIm[i] = 1 / Math.Max(Math.Abs(_zd[i].Imaginary), 1e-6 * mod);
                        break;
                    case Weighting.Boukamp: _wRe[i] = _wIm[i] = 1; break;
                }
            }
            _full = fixedValues.ToArray();
            FreeIndex = Enumerable.Range(0, c.ParameterCount).Where(k => !fixedMask[k]).ToArray();
            _z = new Complex[n];
            _jac = new Complex[n * c.ParameterCount];
            _ws = new CircuitWorkspace(c, _omega);
        }

        public double[] Full(ReadOnlySpan<double> free)
        {
            var x = _full.ToArray();
            for (int k = 0; k < FreeIndex.Length; k++) x[FreeIndex[k]] = free[k];
            return x;
        }

        /// <summary>Weighted residuals (interleaved re, im) and their Jacobian (row-major) at the free parameters; allocation-free.</summary>
        public void Evaluate(ReadOnlySpan<double> free, Span<double> r, Span<double> jac)
        {
            for (int k = 0; k < FreeIndex.Length; k++) _full[FreeIndex[k]] = free[k];
            _c.Evaluate(_ws, _full, _z, _jac);
            int nf = FreeIndex.Length, n = _omega.Length;
            for (int i = 0; i < n; i++)
            {
                var dz = _z[i] - _zd[i];
                int r0 = 2 * i, r1 = 2 * i + 1;
                if (_w == Weighting.Boukamp)
                {
                    double mod = _z[i].Magnitude;
                    double inv = 1 / mod;
                    r[r0] = dz.Real * inv; r[r1] = dz.Imaginary * inv;
                    for (int k = 0; k < nf; k++)
                    {
                        var g = _jac[FreeIndex[k] * n + i];
                        // d|Z|/dp = Re(conj(Z) dZ/dp)/|Z|
                        double dmod = (_z[i].Real * g.Real + _z[i].Imaginary * g.Imaginary) * inv;
                        jac[r0 * nf + k] = g.Real * inv - dz.Real * dmod * inv * inv;
                        jac[r1 * nf + k] = g.Imaginary * inv - dz.Imaginary * dmod * inv * inv;
                    }
                }
                else
                {
                    double a = _wRe[i], b = _wIm[i];
                    r[r0] = dz.Real * a; r[r1] = dz.Imaginary * b;
                    for (int k = 0; k < nf; k++)
                    {
                        var g = _jac[FreeIndex[k] * n + i];
                        jac[r0 * nf + k] = g.Real * a;
                        jac[r1 * nf + k] = g.Imaginary * b;
                    }
                }
            }
        }
    }
}
