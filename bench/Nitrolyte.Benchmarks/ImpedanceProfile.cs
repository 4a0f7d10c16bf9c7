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
            var sw = Stopwatch.StartNew();
            for (int r = 0; r < reps; r++) a();
            return sw.Elapsed.TotalMilliseconds * 1000 / reps;
        }
        Console.WriteLine($"circuit Evaluate (81 pts, with Jacobian): {T(() => c.Evaluate(omega, cases[0].Truth, z, jac), 20000):0.00} us");
        Console.WriteLine($"InitialGuess.Candidates: {T(() => InitialGuess.Candidates(cases[0].Spectrum, c), 2000):0.0} us");
        Console.WriteLine($"LinKKVariance: {T(() => FitQuality.LinKKVariance(cases[0].Spectrum, Weighting.Modulus), 200):0.0} us");
        Console.WriteLine($"Drt.Compute: {T(() => Drt.Compute(cases[0].Spectrum), 50):0.0} us");
        var fit0 = CnlsFitter.Fit(cases[0].Spectrum, c);
        Console.WriteLine($"Degeneracies: {T(() => FitRescue.Degeneracies(c, fit0.Values, cases[0].Spectrum), 2000):0.0} us");
        var sw2 = Stopwatch.StartNew();
        int iters = 0, evals = 0;
        foreach (var cs in cases)
        {
            var g = InitialGuess.Candidates(cs.Spectrum, c)[0];
            var p = new CnlsFitter.Problem(cs.Spectrum, c, Weighting.Modulus, new bool[c.ParameterCount], new double[c.ParameterCount]);
            var r = LevenbergMarquardt.Minimize(2 * cs.Spectrum.Count, g, p.Evaluate, c.Parameters.Select(q => q.Lower).ToArray(), c.Parameters.Select(q => q.Upper).ToArray(), new LevenbergMarquardtOptions { SkipCovariance = true });
            iters += r.Iterations; evals += r.Evaluations;
        }
        Console.WriteLine($"one full LM from guess 0: {sw2.Elapsed.TotalMilliseconds * 1000 / count:0.0} us, {iters / (double)count:0.0} iterations, {evals / (double)count:0.0} evaluations");
        var sw3 = Stopwatch.StartNew();
        foreach (var cs in cases) CnlsFitter.Fit(cs.Spectrum, c);
        Console.WriteLine($"full Fit: {sw3.Elapsed.TotalMilliseconds / count:0.00} ms");
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
                line.Add($"g{g}:{r.SumOfSquares / cs.ChiSquareTrue:0.000}/{q.ChiSquareOverNoiseFloor:0.00}{(d.Count > 0 ? "D" : "")}({r.Iterations})");
            }
            hist[firstOk < 0 ? 5 : Math.Min(firstOk, 4)]++;
            if (args.Contains("v") || firstOk != 0) Console.WriteLine($"seed {s}: " + string.Join(" ", line));
        }
        Console.WriteLine("first acceptable guess histogram (0,1,2,3,4+,none): " + string.Join(",", hist));
    }
}
