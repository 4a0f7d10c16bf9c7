using System.Globalization;
using System.Numerics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Nitrolyte.Impedance;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// CNLS fitting throughput: 1000 spectra × 60 points (1 MHz to 0.1 Hz) of R0-p(R1,CPE1)-p(R2,CPE2)-CPE3 with 0.5 %
/// noise, fitted with modulus weighting. "FromGuess" starts every fit from the same perturbed starting values that
/// bench/scripts/impedance_scipy_bench.py gives scipy.optimize.least_squares (the data and guesses are written to
/// $NITROLYTE_BENCH_DIR, default /tmp/nitrolyte-bench, so both tools fit identical numbers); "Automatic" uses no
/// starting values at all (spectrum analysis + 24-start multi-start), the way the CLI runs.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3, invocationCount: 1)]
[MemoryDiagnoser]
public class ImpedanceBenchmarks
{
    public const string CircuitText = "R0-p(R1,CPE1)-p(R2,CPE2)-CPE3";
    private List<ImpedanceSpectrum> _spectra = [];
    private List<double[]> _guesses = [];
    private readonly Circuit _circuit = Circuit.Parse(CircuitText);

    [GlobalSetup]
    public void Setup()
    {
        (_spectra, _guesses, var truth) = Generate(1000, 60, 42);
        var dir = Environment.GetEnvironmentVariable("NITROLYTE_BENCH_DIR") ?? "/tmp/nitrolyte-bench";
        Write(dir, _spectra, _guesses, truth);
    }

    public static (List<ImpedanceSpectrum>, List<double[]>, List<double[]>) Generate(int count, int points, int seed)
    {
        var c = Circuit.Parse(CircuitText);
        var rng = new Random(seed);
        double U(double a, double b) => a + (b - a) * rng.NextDouble();
        var f = Enumerable.Range(0, points).Select(i => Math.Pow(10, 6 - 7.0 * i / (points - 1))).ToArray();
        var spectra = new List<ImpedanceSpectrum>();
        var guesses = new List<double[]>();
        var truth = new List<double[]>();
        for (int s = 0; s < count; s++)
        {
            double[] p =
            [
                U(5, 50), Math.Pow(10, U(3, 4)), Math.Pow(10, U(-11, -10)), U(0.85, 0.95),
                Math.Pow(10, U(3.5, 4.5)), Math.Pow(10, U(-9, -8)), U(0.75, 0.9), Math.Pow(10, U(-6.5, -5.5)), U(0.7, 0.9),
            ];
            var z = c.Simulate(f, p);
            for (int i = 0; i < z.Length; i++)
            {
                double sd = 0.005 * z[i].Magnitude;
                z[i] += new Complex(sd * CnlsFitter.Gaussian(rng), sd * CnlsFitter.Gaussian(rng));
            }
            spectra.Add(new ImpedanceSpectrum(f, z));
            truth.Add(p);
            // starting values: each positive parameter off by a factor 2 (up or down), exponents 0.05 low
            guesses.Add(p.Select((v, k) => k is 3 or 6 or 8 ? v - 0.05 : v * (rng.NextDouble() < 0.5 ? 2 : 0.5)).ToArray());
        }
        return (spectra, guesses, truth);
    }

    private static void Write(string dir, List<ImpedanceSpectrum> spectra, List<double[]> guesses, List<double[]> truth)
    {
        Directory.CreateDirectory(dir);
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("spectrum,f_hz,z_real_ohm,z_imag_ohm\n");
        for (int s = 0; s < spectra.Count; s++)
            for (int i = 0; i < spectra[s].Count; i++)
                sb.Append(string.Create(inv, $"{s},{spectra[s].FrequenciesHz[i]:R},{spectra[s].Z[i].Real:R},{spectra[s].Z[i].Imaginary:R}\n"));
        File.WriteAllText(Path.Combine(dir, "spectra.csv"), sb.ToString());
        var g = new StringBuilder("spectrum,kind," + string.Join(",", Circuit.Parse(CircuitText).Parameters.Select(p => p.Name)) + "\n");
        for (int s = 0; s < spectra.Count; s++)
        {
            g.Append(string.Create(inv, $"{s},guess,{string.Join(",", guesses[s].Select(v => v.ToString("R", inv)))}\n"));
            g.Append(string.Create(inv, $"{s},truth,{string.Join(",", truth[s].Select(v => v.ToString("R", inv)))}\n"));
        }
        File.WriteAllText(Path.Combine(dir, "parameters.csv"), g.ToString());
    }

    /// <summary>One local LM fit per spectrum from the given starting values (the scipy comparison).</summary>
    [Benchmark]
    public double FromGuess1000()
    {
        double sum = 0;
        for (int s = 0; s < _spectra.Count; s++)
        {
            var init = new Dictionary<string, double>();
            for (int k = 0; k < _circuit.ParameterCount; k++) init[_circuit.Parameters[k].Name] = _guesses[s][k];
            sum += CnlsFitter.Fit(_spectra[s], _circuit, new CircuitFitOptions { Weighting = Weighting.Modulus, Initial = init, MultiStart = 0 }).ChiSquare;
        }
        return sum;
    }

    /// <summary>No starting values: automatic guesses + multi-start, as the CLI does.</summary>
    [Benchmark]
    public double Automatic1000()
    {
        double sum = 0;
        foreach (var s in _spectra)
            sum += CnlsFitter.Fit(s, _circuit, new CircuitFitOptions { Weighting = Weighting.Modulus }).ChiSquare;
        return sum;
    }

    /// <summary>Both at once on all cores (the batch/series use case).</summary>
    [Benchmark]
    public double AutomaticParallel1000()
    {
        var chi = new double[_spectra.Count];
        Parallel.For(0, _spectra.Count, s => chi[s] = CnlsFitter.Fit(_spectra[s], _circuit, new CircuitFitOptions { Weighting = Weighting.Modulus }).ChiSquare);
        return chi.Sum();
    }
}

/// <summary>Quality and a single wall-clock pass of the impedance benchmark (the same data as the BenchmarkDotNet suite).</summary>
public static class ImpedanceQuality
{
    public static void Run(bool automaticToo = true, bool guessToo = true)
    {
        var b = new ImpedanceBenchmarks();
        b.Setup();
        var (spectra, guesses, truth) = ImpedanceBenchmarks.Generate(1000, 60, 42);
        var c = Circuit.Parse(ImpedanceBenchmarks.CircuitText);
        foreach (var automatic in new[] { false, true }.Where(a => a ? automaticToo : guessToo))
        {
            int ok = 0;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var ratios = new List<double>();
            for (int s = 0; s < spectra.Count; s++)
            {
                var o = automatic ? new CircuitFitOptions { Weighting = Weighting.Modulus }
                    : new CircuitFitOptions { Weighting = Weighting.Modulus, MultiStart = 0, Initial = c.Parameters.Select((p, k) => (p.Name, guesses[s][k])).ToDictionary(x => x.Name, x => x.Item2) };
                var fit = CnlsFitter.Fit(spectra[s], c, o);
                var zt = c.Simulate(spectra[s].FrequenciesHz, truth[s]);
                double chiTrue = 0;
                for (int i = 0; i < zt.Length; i++) { var d = (zt[i] - spectra[s].Z[i]) / spectra[s].Z[i].Magnitude; chiTrue += d.Real * d.Real + d.Imaginary * d.Imaginary; }
                ratios.Add(fit.ChiSquare / chiTrue);
                if (fit.ChiSquare <= 1.05 * chiTrue) ok++;
            }
            sw.Stop();
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0;
            ratios.Sort();
            Console.WriteLine($"{(automatic ? "automatic (no guess, multi-start)" : "from the scipy starting values")}: {spectra.Count} fits in {sw.Elapsed.TotalSeconds:0.00} s " +
                              $"({sw.Elapsed.TotalMilliseconds / spectra.Count:0.000} ms per fit), CPU {cpu.TotalSeconds:0.00} s ({cpu.TotalMilliseconds / spectra.Count:0.000} ms per fit); {ok}/{spectra.Count} reach <= 1.05 x chi2(true); median ratio {ratios[ratios.Count / 2]:0.0000}");
        }
    }
}
