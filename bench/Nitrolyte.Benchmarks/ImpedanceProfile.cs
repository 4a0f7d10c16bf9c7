using System.Diagnostics;
using Nitrolyte.Impedance;
using Nitrolyte.Numerics;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Benchmarks;

/// <summary>Where the time of one automatic fit goes (single thread, CPU of this thread by Stopwatch on an idle core):
/// ... -- eis-profile [count]</summary>
public static class ImpedanceProfile
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 100;
        var c = Circuit.Parse(HardSpectra.TwoArcCircuit);
        var cases = Enumerable.Range(0, count).Select(i => HardSpectra.Make(2, i)).ToList();
        var omega = cases[0].Spectrum.AngularFrequencies;
        var z = new System.Numerics.Complex[omega.Length];
        var jac = new System.Numerics.Complex[omega.Length * c.ParameterCount];
        double T(Action a, int reps)
        {
            a();
            var proc = Process.GetCurrentProcess();
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            for (int r = 0; r < reps; r++) a();
            proc.Refresh();
            return (proc.TotalProcessorTime - c0).TotalMilliseconds * 1000 / reps;
        }
        Console.WriteLine($"circuit Evaluate (81 pts, with Jacobian): {T(() => c.Evaluate(omega, cases[0].Truth, z, jac), 20000):0.00} us");
        {
            var pb = new CnlsFitter.Problem(cases[0].Spectrum, c, Weighting.Modulus, new bool[c.ParameterCount], new double[c.ParameterCount]);
            var rr = new double[2 * omega.Length]; var jj = new double[2 * omega.Length * c.ParameterCount];
            Console.WriteLine($"Problem.Evaluate (residuals + Jacobian): {T(() => pb.Evaluate(cases[0].Truth, rr, jj), 20000):0.00} us");
            Console.WriteLine($"LM MaxIterations=0 (one eval + covariance): {T(() => LevenbergMarquardt.Minimize(rr.Length, cases[0].Truth, pb.Evaluate, null, null, new LevenbergMarquardtOptions { MaxIterations = 0 }), 2000):0.00} us");
            Console.WriteLine($"LM MaxIterations=0 no covariance: {T(() => LevenbergMarquardt.Minimize(rr.Length, cases[0].Truth, pb.Evaluate, null, null, new LevenbergMarquardtOptions { MaxIterations = 0, SkipCovariance = true }), 2000):0.00} us");
            Console.WriteLine($"LM MaxIterations=10 no covariance: {T(() => LevenbergMarquardt.Minimize(rr.Length, cases[0].Truth.Select(v => v * 1.1).ToArray(), pb.Evaluate, c.Parameters.Select(q => q.Lower).ToArray(), c.Parameters.Select(q => q.Upper).ToArray(), new LevenbergMarquardtOptions { MaxIterations = 10, SkipCovariance = true, FunctionTolerance = 0, StepTolerance = 0, GradientTolerance = 0 }), 2000):0.00} us");
        }
        {
            var one = cases.First(cs => CnlsFitter.Fit(cs.Spectrum, c).Starts == 1);
            Console.WriteLine($"Fit of a one-start spectrum: {T(() => CnlsFitter.Fit(one.Spectrum, c), 300):0.0} us");
            Console.WriteLine($"PhaseSeeds: {T(() => InitialGuess.PhaseSeeds(one.Spectrum, c), 2000):0.0} us");
            var fit = CnlsFitter.Fit(one.Spectrum, c);
            Console.WriteLine($"FitQuality.Assess (given KK): {T(() => FitQuality.Assess(one.Spectrum, fit.ModelZ, Weighting.Modulus, fit.ChiSquare, 8, 1e-5), 2000):0.0} us");
            Console.WriteLine($"Simulate: {T(() => c.Simulate(one.Spectrum.FrequenciesHz, fit.Values), 2000):0.0} us");
            var g = InitialGuess.PhaseSeeds(one.Spectrum, c)[0];
            var pb = new CnlsFitter.Problem(one.Spectrum, c, Weighting.Modulus, new bool[c.ParameterCount], new double[c.ParameterCount]);
            var lo = c.Parameters.Select(q => q.Lower).ToArray(); var hi = c.Parameters.Select(q => q.Upper).ToArray();
            LevenbergMarquardtResult? rr = null;
            Console.WriteLine($"LM from its phase seed: {T(() => rr = LevenbergMarquardt.Minimize(162, g, pb.Evaluate, lo, hi, new LevenbergMarquardtOptions { SkipCovariance = true }), 300):0.0} us, {rr!.Iterations} iterations");
            Console.WriteLine($"LM polish from its solution: {T(() => rr = LevenbergMarquardt.Minimize(162, fit.Values, pb.Evaluate, lo, hi, new LevenbergMarquardtOptions { SkipCovariance = true }), 300):0.0} us, {rr!.Iterations} iterations");
        }
        Console.WriteLine($"InitialGuess.Candidates: {T(() => InitialGuess.Candidates(cases[0].Spectrum, c), 2000):0.0} us");
        Console.WriteLine($"LinKKVariance: {T(() => FitQuality.LinKKVariance(cases[0].Spectrum, Weighting.Modulus), 200):0.0} us");
        Console.WriteLine($"Drt.Compute: {T(() => Drt.Compute(cases[0].Spectrum), 10):0.0} us");
        var fit0 = CnlsFitter.Fit(cases[0].Spectrum, c);
        Console.WriteLine($"Degeneracies: {T(() => FitRescue.Degeneracies(c, fit0.Values, cases[0].Spectrum), 2000):0.0} us");
        int iters = 0, evals = 0;
        double lmUs = T(() => { }, 1);
        var pr = Process.GetCurrentProcess(); pr.Refresh(); var cpu2 = pr.TotalProcessorTime;
        foreach (var cs in cases)
        {
            var g = InitialGuess.Candidates(cs.Spectrum, c)[0];
            var p = new CnlsFitter.Problem(cs.Spectrum, c, Weighting.Modulus, new bool[c.ParameterCount], new double[c.ParameterCount]);
            var r = LevenbergMarquardt.Minimize(2 * cs.Spectrum.Count, g, p.Evaluate, c.Parameters.Select(q => q.Lower).ToArray(), c.Parameters.Select(q => q.Upper).ToArray(), new LevenbergMarquardtOptions { SkipCovariance = true });
            iters += r.Iterations; evals += r.Evaluations;
        }
        pr.Refresh();
        Console.WriteLine($"one full LM from guess 0: {(pr.TotalProcessorTime - cpu2).TotalMilliseconds * 1000 / count:0.0} us CPU, {iters / (double)count:0.0} iterations, {evals / (double)count:0.0} evaluations");
        pr.Refresh(); var cpu3 = pr.TotalProcessorTime;
        foreach (var cs in cases) CnlsFitter.Fit(cs.Spectrum, c);
        pr.Refresh();
        foreach (var ftol in new[] { 1e-12, 1e-10, 1e-9, 1e-8 })
        {
            int it = 0; double worst = 0;
            foreach (var cs in cases)
            {
                var g = InitialGuess.PhaseSeeds(cs.Spectrum, c)[0];
                var p = new CnlsFitter.Problem(cs.Spectrum, c, Weighting.Modulus, new bool[c.ParameterCount], new double[c.ParameterCount]);
                var lo = c.Parameters.Select(q => q.Lower).ToArray(); var hi = c.Parameters.Select(q => q.Upper).ToArray();
                var r = LevenbergMarquardt.Minimize(2 * cs.Spectrum.Count, g, p.Evaluate, lo, hi, new LevenbergMarquardtOptions { SkipCovariance = true, FunctionTolerance = ftol });
                var r2 = LevenbergMarquardt.Minimize(2 * cs.Spectrum.Count, r.X, p.Evaluate, lo, hi, new LevenbergMarquardtOptions { SkipCovariance = true, FunctionTolerance = 1e-14, MaxIterations = 500 });
                it += r.Iterations;
                worst = Math.Max(worst, r.SumOfSquares / r2.SumOfSquares - 1);
            }
            Console.WriteLine($"ftol {ftol:G2}: {it / (double)count:0.0} iterations from phase seed 0, worst chi2 excess over a tight re-polish {worst:G3}");
        }
        Console.WriteLine($"full Fit: {(pr.TotalProcessorTime - cpu3).TotalMilliseconds / count:0.00} ms CPU");
    }
}

public static class ImpedanceSeedProbe
{
    public static void Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 100;
        var c = Circuit.Parse(HardSpectra.TwoArcCircuit);
        int[] hist = new int[6];
        for (int s = 0; s < count; s++)
        {
            var cs = HardSpectra.Make(2, s);
            var pa = InitialGuess.PhaseArcs(cs.Spectrum);
            var guesses = InitialGuess.PhaseSeeds(cs.Spectrum, c).Concat(InitialGuess.Candidates(cs.Spectrum, c)).ToList();
            if (args.Contains("v")) Console.WriteLine($"seed {s} phase arcs: " + string.Join("; ", pa.Select(a => $"{a.ApexFrequencyHz:G3} Hz {a.ResistanceOhm:G3}")) + " truth " + string.Join(",", cs.Truth.Select(v => v.ToString("G3"))));
            var p = new CnlsFitter.Problem(cs.Spectrum, c, Weighting.Modulus, new bool[c.ParameterCount], new double[c.ParameterCount]);
            var kk = FitQuality.LinKKVariance(cs.Spectrum, Weighting.Modulus);
            var line = new List<string>();
            int firstOk = -1;
            for (int g = 0; g < guesses.Count; g++)
            {
                var r = LevenbergMarquardt.Minimize(2 * cs.Spectrum.Count, guesses[g], p.Evaluate, c.Parameters.Select(q => q.Lower).ToArray(), c.Parameters.Select(q => q.Upper).ToArray(), new LevenbergMarquardtOptions { SkipCovariance = true });
                var q = FitQuality.Assess(cs.Spectrum, c.Simulate(cs.Spectrum.FrequenciesHz, r.X), Weighting.Modulus, r.SumOfSquares, 8, kk);
                var d = FitRescue.Degeneracies(c, r.X, cs.Spectrum);
                bool ok = d.Count == 0 && q.ChiSquareOverNoiseFloor <= 1.1;
                if (ok && firstOk < 0) firstOk = g;
                if (d.Count > 0 && q.ChiSquareOverNoiseFloor <= 1.1 && args.Contains("d")) Console.WriteLine($"seed {s} g{g} at floor but: {string.Join("; ", d)}");
                line.Add($"g{g}:{r.SumOfSquares / cs.ChiSquareTrue:0.000}/{q.ChiSquareOverNoiseFloor:0.00}{(d.Count > 0 ? "D" : "")}({r.Iterations})");
            }
            hist[firstOk < 0 ? 5 : Math.Min(firstOk, 4)]++;
            if (args.Contains("v") || firstOk != 0) Console.WriteLine($"seed {s}: " + string.Join(" ", line));
        }
        Console.WriteLine("first acceptable guess histogram (0,1,2,3,4+,none): " + string.Join(",", hist));
    }
}

public static class LinKKVarianceCheck
{
    public static void Run()
    {
        double worst = 0;
        for (int s = 0; s < 200; s++)
        {
            var cs = HardSpectra.Make(2, s);
            double fast = FitQuality.LinKKVariance(cs.Spectrum, Weighting.Modulus);
            // the SVD route: Unit weighting of a copy scaled by 1/|Z| is not the same thing, so recompute directly
            int m = Math.Max(1, cs.Spectrum.Count / 3);
            double best = double.NaN;
            foreach (bool cap in KramersKronig.HasLowFrequencySpike(cs.Spectrum) ? new[] { false, true } : [false])
            {
                var kk = KramersKronig.FitM(cs.Spectrum, m, 0.85, KkFitType.Complex, cap);
                double ss = 0;
                for (int i = 0; i < cs.Spectrum.Count; i++) { var d = (kk.ZFit[i] - cs.Spectrum.Z[i]) / cs.Spectrum.Z[i].Magnitude; ss += d.Real * d.Real + d.Imaginary * d.Imaginary; }
                int dof = 2 * cs.Spectrum.Count - (m + 2 + (cap ? 1 : 0));
                if (!(ss / dof >= best)) best = ss / dof;
            }
            worst = Math.Max(worst, Math.Abs(fast / best - 1));
        }
        Console.WriteLine($"Lin-KK variance, Householder vs SVD over 200 hard spectra: largest relative difference {worst:G3}");
    }
}

public static class AboveBandProbe
{
    public static void Run()
    {
        var c = Circuit.Parse("R0-p(R1,CPE1)-CPE2");
        var f = HardSpectra.Frequencies(1e7, 0.1, 8);
        foreach (var tc in new[] { 30, 50, 70, 90 })
        {
            double t = tc + 273.15;
            double r = 2000 * Math.Exp(0.5 / 8.617333262e-5 * (1 / t - 1 / 303.15));
            var truth = new[] { 1, r, 5e-12, 0.95, 1e-6, 0.85 };
            var z = c.Simulate(f, truth);
            var rng = new Random(3);
            for (int i = 0; i < z.Length; i++) z[i] += new System.Numerics.Complex(0.002 * z[i].Magnitude * CnlsFitter.Gaussian(rng), 0.002 * z[i].Magnitude * CnlsFitter.Gaussian(rng));
            var fit = CnlsFitter.Fit(new ImpedanceSpectrum(f, z), c);
            Console.WriteLine($"{tc} C: truth R1 {r:G4}; fit [{string.Join(", ", fit.Values.Select(v => v.ToString("G4")))}] chi2 {fit.ChiSquare:G4} starts {fit.Starts} retried {fit.Retried} floor {fit.Quality?.ChiSquareOverNoiseFloor:0.00}; {string.Join(" | ", fit.Warnings)}");
        }
    }
}
