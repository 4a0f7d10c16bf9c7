using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Nitrolyte.Impedance;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// Issue 12's hard distribution (tests/Nitrolyte.Tests/Support/HardSpectra.cs): 200 spectra of
/// p(R1,CPE1)-p(R2,CPE2)-CPE3, no starting values, modulus weighting, fitted on all cores with Parallel.For.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
[MemoryDiagnoser]
public class HardImpedanceBenchmarks
{
    private List<HardSpectra.Case> _cases = [];
    private readonly Circuit _circuit = Circuit.Parse(HardSpectra.TwoArcCircuit);

    [GlobalSetup]
    public void Setup() => _cases = Enumerable.Range(0, 200).Select(i => HardSpectra.Make(2, i)).ToList();

    [Benchmark]
    public double AutomaticParallel200()
    {
        var chi = new double[_cases.Count];
        Parallel.For(0, _cases.Count, s => chi[s] = CnlsFitter.Fit(_cases[s].Spectrum, _circuit).ChiSquare);
        return chi.Sum();
    }
}

/// <summary>One timed pass over the hard distribution (no BenchmarkDotNet): success rate and ms per fit.
/// Usage: ... -- eis-hard [count] [arcs 2|3] [parallel|serial] [verbose]</summary>
public static class HardImpedanceQuality
{
    /// <summary>
    /// Writes the two-arc hard spectra of issue 12 with starting values within ±30 % of the truth (exponents capped at
    /// 1) for bench/scripts/impedance_scipy_bench.py --hard: ... -- eis-hard-export [count] [dir]
    /// </summary>
    public static void Export(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 200;
        string dir = args.Length > 1 ? args[1] : "/tmp/nitrolyte-bench-hard";
        Directory.CreateDirectory(dir);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var c = Circuit.Parse(HardSpectra.TwoArcCircuit);
        var rng = new Random(12345);
        var sb = new System.Text.StringBuilder("spectrum,frequency_hz,z_real_ohm,z_imag_ohm\n");
        var g = new System.Text.StringBuilder("spectrum,kind," + string.Join(",", c.Parameters.Select(p => p.Name)) + "\n");
        for (int s = 0; s < count; s++)
        {
            var k = HardSpectra.Make(2, s);
            for (int i = 0; i < k.Spectrum.Count; i++)
                sb.Append(string.Create(inv, $"{s},{k.Spectrum.FrequenciesHz[i]:R},{k.Spectrum.Z[i].Real:R},{k.Spectrum.Z[i].Imaginary:R}\n"));
            var guess = k.Truth.Select((v, j) =>
            {
                double x = v * (1 + 0.3 * (2 * rng.NextDouble() - 1));
                return c.Parameters[j].Name.EndsWith("_1") ? Math.Min(1, x) : x;
            });
            g.Append(string.Create(inv, $"{s},guess,{string.Join(",", guess.Select(v => v.ToString("R", inv)))}\n"));
            g.Append(string.Create(inv, $"{s},truth,{string.Join(",", k.Truth.Select(v => v.ToString("R", inv)))}\n"));
        }
        File.WriteAllText(Path.Combine(dir, "spectra.csv"), sb.ToString());
        File.WriteAllText(Path.Combine(dir, "parameters.csv"), g.ToString());
        Console.WriteLine($"wrote {count} spectra of {HardSpectra.TwoArcCircuit} to {dir}");
    }

    public static void Run(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0]) : 200;
        int arcs = args.Length > 1 ? int.Parse(args[1]) : 2;
        bool parallel = args.Length <= 2 || args[2] != "serial";
        bool verbose = args.Contains("verbose");
        int first = args.Length > 4 ? int.Parse(args[4]) : 0;
        int multi = args.Length > 5 ? int.Parse(args[5]) : new CircuitFitOptions().MultiStart;
        var opts = new CircuitFitOptions { MultiStart = multi };
        var c = Circuit.Parse(arcs == 2 ? HardSpectra.TwoArcCircuit : HardSpectra.ThreeArcCircuit);
        var cases = Enumerable.Range(first, count).Select(i => HardSpectra.Make(arcs, i)).ToList();
        var ratio = new double[count];
        var good = new bool[count];
        var fits = new CircuitFit[count];
        CnlsFitter.Fit(cases[0].Spectrum, c);
        var proc = Process.GetCurrentProcess();
        proc.Refresh();
        var cpu0 = proc.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var ms = new double[count];
        void One(int s)
        {
            var t0 = Stopwatch.GetTimestamp();
            var fit = CnlsFitter.Fit(cases[s].Spectrum, c, opts);
            ms[s] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            fits[s] = fit;
            ratio[s] = fit.ChiSquare / cases[s].ChiSquareTrue;
        }
        if (parallel) Parallel.For(0, count, One); else for (int s = 0; s < count; s++) One(s);
        sw.Stop();
        proc.Refresh();
        var cpu = proc.TotalProcessorTime - cpu0;
        int ok = ratio.Count(r => r <= 1.05);
        for (int s = 0; s < count; s++)
            if (ratio[s] > 1.05 || verbose)
                Console.WriteLine($"seed {first + s}: ratio {ratio[s]:G4} good={fits[s].Quality?.ConvergedToGoodMinimum} floor-ratio {fits[s].Quality?.ChiSquareOverNoiseFloor:G3} truth [{string.Join(", ", cases[s].Truth.Select(v => v.ToString("G3")))}] fit [{string.Join(", ", fits[s].Values.Select(v => v.ToString("G3")))}]");
        if (args.Contains("slow"))
            foreach (var s in Enumerable.Range(0, count).OrderByDescending(i => ms[i]).Take(12))
                Console.WriteLine($"slow: seed {first + s} {ms[s]:0.0} ms wall, starts {fits[s].Starts}, retried {fits[s].Retried}, rescued {fits[s].Rescued}, floor ratio {fits[s].Quality?.ChiSquareOverNoiseFloor:0.00}, warnings: {string.Join(" | ", fits[s].Warnings)}");
        double tailMs = Enumerable.Range(0, count).Where(i => fits[i].Starts > 2).Sum(i => ms[i]);
        Console.WriteLine($"time share of the {fits.Count(f => f.Starts > 2)} fits with more than two starts: {100 * tailMs / ms.Sum():0}% (per-fit wall times)");
        Console.WriteLine($"fits by starts: {string.Join(", ", fits.GroupBy(f => f.Starts).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"))}");
        int flaggedBad = fits.Count(f => f.Quality is { ConvergedToGoodMinimum: false });
        int missed = Enumerable.Range(0, count).Count(s => ratio[s] > 1.05 && fits[s].Quality is { ConvergedToGoodMinimum: true });
        Console.WriteLine($"multi-start {multi}, seeds {first}..{first + count - 1}, mean starts {fits.Average(f => f.Starts):0.0}, rescued {fits.Count(f => f.Rescued)}, retried {fits.Count(f => f.Retried)}, degenerate first {fits.Count(f => f.RescueReasons.Count > 0)}");
        Console.WriteLine($"{count} {arcs}-arc spectra ({(parallel ? $"Parallel.For, {Environment.ProcessorCount} cores" : "serial")}): wall {sw.Elapsed.TotalMilliseconds / count:0.00} ms per fit, CPU {cpu.TotalMilliseconds / count:0.00} ms per fit; "
            + $"{ok}/{count} reach chi2 <= 1.05 x chi2(true); flagged not good: {flaggedBad}; bad but not flagged: {missed}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }
}
