using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Nitrolyte.Dynamics;
using Nitrolyte.Formats.Trajectories;
using Nitrolyte.Structures;

namespace Nitrolyte.Benchmarks;

/// <summary>
/// MD analysis speed: XDATCAR parsing throughput (a synthetic 416-atom file written at setup, the size of
/// kinisi's Li6PS5Cl example) and the FFT MSD of 10,000 frames × 200 ions. The 100,000-frame comparison with
/// NumPy runs outside BenchmarkDotNet (one long run, peak RSS): `dotnet run -c Release --project
/// bench/Nitrolyte.Benchmarks -- md-large` and `python3 bench/scripts/msd_fft_numpy.py`.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DynamicsBenchmarks
{
    private string _xdatcar = "";
    private DisplacementSet? _set;
    public long XdatcarBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _xdatcar = Path.Combine(Path.GetTempPath(), $"nitrolyte-bench-{Environment.ProcessId}.XDATCAR");
        var traj = LatticeWalkGenerator.Generate(new LatticeWalkOptions { Supercell = 3, Frames = 2000, VibrationA = 0.1, Seed = 1 });
        XdatcarWriter.Write(_xdatcar, traj, "bench", 8);
        XdatcarBytes = new FileInfo(_xdatcar).Length;
        Console.WriteLine($"// XDATCAR for parsing: {XdatcarBytes / 1e6:0.0} MB, {traj.Species.Count} atoms x 2000 frames");
        _set = DynamicsLargeRun.RandomWalkSet(10_000, 200, 1);
    }

    [GlobalCleanup]
    public void Cleanup() { try { File.Delete(_xdatcar); } catch (IOException) { } }

    [Benchmark]
    public int ParseXdatcar()
    {
        using var r = new XdatcarReader(_xdatcar);
        int n = 0;
        foreach (var f in r.Frames()) n += f.AtomCount;
        return n;
    }

    [Benchmark]
    public double Msd10kFrames200Ions() => MsdCalculator.Compute(_set!, 100).Total[5000];
}

/// <summary>The large MSD run: 100,000 frames × 200 ions generated in memory, FFT MSD timed, peak RSS reported.</summary>
public static class DynamicsLargeRun
{
    /// <summary>Gaussian random-walk displacement series (σ = 0.1 Å per frame and direction), seeded.</summary>
    public static DisplacementSet RandomWalkSet(int frames, int ions, int seed)
    {
        var rng = new Random(seed);
        var series = new double[3 * ions][];
        for (int s = 0; s < series.Length; s++)
        {
            var x = new double[frames];
            double acc = 0;
            for (int t = 1; t < frames; t++)
            {
                double z = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                acc += 0.1 * z; x[t] = acc;
            }
            series[s] = x;
        }
        return new DisplacementSet
        {
            Species = Enumerable.Repeat("Li", ions).ToArray(), AtomIndices = Enumerable.Range(0, ions).ToArray(),
            AtomSpecies = Enumerable.Repeat("Li", ions).ToArray(), Series = series, FrameCount = frames,
            InitialCartesian = new double[3 * ions], Drift = [new double[frames], new double[frames], new double[frames]],
            AverageLattice = Lattice.Cubic(30), VariableCell = false, TotalAtomCount = ions, DriftCorrection = DriftCorrection.None,
            MaxFrameStepA = 0, MeanCartesianAll = new double[3 * ions],
        };
    }

    /// <summary>`md-parse file [jobs]`: best of 3 full parses of a trajectory (XDATCAR, extxyz, LAMMPS dump; gzip included), MB/s of uncompressed text, wall and CPU.</summary>
    public static void Parse(string path, int? jobs = null)
    {
        long bytes = 0;
        using (var s = path.EndsWith(".gz") ? (Stream)new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress) : File.OpenRead(path))
        {
            var buf = new byte[1 << 16]; int n;
            while ((n = s.Read(buf)) > 0) bytes += n;
        }
        double best = double.MaxValue, bestCpu = double.MaxValue; int frames = 0;
        string format = "";
        var proc = Process.GetCurrentProcess();
        for (int k = 0; k < 4; k++)
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            using var r = Nitrolyte.Formats.Trajectories.TrajectoryReader.Open(path, jobs: jobs);
            format = r.Format;
            frames = r.Frames().Count();
            proc.Refresh();
            if (k > 0) { best = Math.Min(best, sw.Elapsed.TotalSeconds); bestCpu = Math.Min(bestCpu, (proc.TotalProcessorTime - c0).TotalSeconds); }
        }
        Console.WriteLine($"Nitrolyte {format} reader (jobs {Nitrolyte.Core.Jobs.Resolve(jobs)}): {frames} frames, {bytes / 1e6:0.00} MB uncompressed, best wall {best:0.000} s = {bytes / 1e6 / best:0.0} MB/s, best CPU {bestCpu:0.000} s = {bytes / 1e6 / bestCpu:0.0} MB/s");
    }

    /// <summary>`md-profile file [jobs]`: the stages of `md msd` (read + unwrap, FFT MSD, GLS fits, block check), wall and
    /// CPU of each, best of 3 after a warm-up run.</summary>
    public static void Profile(string path, int? jobs = null)
    {
        var proc = Process.GetCurrentProcess();
        var best = new Dictionary<string, (double Wall, double Cpu)>();
        void Stage(string name, Action a)
        {
            proc.Refresh(); var c0 = proc.TotalProcessorTime; var sw = Stopwatch.StartNew();
            a();
            proc.Refresh();
            var v = (sw.Elapsed.TotalSeconds, (proc.TotalProcessorTime - c0).TotalSeconds);
            best[name] = best.TryGetValue(name, out var b) ? (Math.Min(b.Wall, v.Item1), Math.Min(b.Cpu, v.Item2)) : v;
        }
        for (int k = 0; k < 4; k++)
        {
            if (k == 1) best.Clear(); // the first run is the warm-up (JIT)
            var o = new MdOptions { TimestepFs = 100 };
            DisplacementSet set = null!;
            Stage("read + unwrap", () =>
            {
                using var r = Nitrolyte.Formats.Trajectories.TrajectoryReader.Open(path, jobs: jobs);
                set = DisplacementCollector.Collect(r, ["Li"]);
            });
            List<TrajectoryFrame> held = null!; IReadOnlyList<string> sp = null!;
            Stage("parse only (frames held in memory)", () =>
            {
                using var r = Nitrolyte.Formats.Trajectories.TrajectoryReader.Open(path, jobs: jobs);
                sp = r.Species; held = r.Frames().ToList();
            });
            Stage("unwrap only (frames from memory)", () => DisplacementCollector.Collect(new InMemoryTrajectory(path, sp, held), ["Li"]));
            held = null!;
            var ions = set.IonsOf("Li");
            MsdResult msd = null!;
            Stage("FFT MSD (tracer x/y/z + collective)", () => msd = MsdCalculator.Compute(set, 100, ions, jobs ?? -1));
            var w = DiffusivityFitter.Window(set.FrameCount, 100, null, null);
            Stage("GLS fits (tracer, 3 directions, collective)", () =>
            {
                DiffusivityFitter.Fit(msd.Total, 100, ions.Length, 3, w);
                for (int d = 0; d < 3; d++) DiffusivityFitter.Fit(msd.Directional[d], 100, ions.Length, 1, w);
                DiffusivityFitter.Fit(msd.Collective, 100, 1, 3, w);
            });
            Stage("block check (4 blocks)", () => BlockAverage.Compute(set, ions, 100, 4));
            Stage("whole MdAnalysis.Run", () =>
            {
                using var r = Nitrolyte.Formats.Trajectories.TrajectoryReader.Open(path, jobs: jobs);
                MdAnalysis.Run(r, o);
            });
        }
        foreach (var (name, v) in best) Console.WriteLine($"{name,-45} wall {v.Wall:0.000} s  CPU {v.Cpu:0.000} s");
    }

    public static void Main(string[] args)
    {
        int frames = args.Length > 0 ? int.Parse(args[0]) : 100_000;
        int ions = args.Length > 1 ? int.Parse(args[1]) : 200;
        int threads = args.Length > 2 ? int.Parse(args[2]) : -1;
        var sw = Stopwatch.StartNew();
        var set = RandomWalkSet(frames, ions, 1);
        Console.WriteLine($"generated {frames} frames x {ions} ions in {sw.Elapsed.TotalSeconds:0.00} s");
        // warm-up on a small set (JIT), then the timed runs
        MsdCalculator.Compute(RandomWalkSet(1000, 4, 2), 100);
        var times = new List<double>();
        var cpu = new List<double>();
        MsdResult? r = null;
        var proc = Process.GetCurrentProcess();
        for (int k = 0; k < 3; k++)
        {
            proc.Refresh();
            var c0 = proc.TotalProcessorTime;
            sw.Restart();
            r = MsdCalculator.Compute(set, 100, maxDegreeOfParallelism: threads);
            times.Add(sw.Elapsed.TotalSeconds);
            proc.Refresh();
            cpu.Add((proc.TotalProcessorTime - c0).TotalSeconds);
        }
        sw.Restart();
        var w = DiffusivityFitter.Window(frames, 100, null, null);
        var fit = DiffusivityFitter.Fit(r!.Total, 100, ions, 3, w);
        double fitS = sw.Elapsed.TotalSeconds;
        Console.WriteLine($"MSD (tracer x/y/z + collective, FFT, all origins): best {times.Min():0.000} s, runs [{string.Join(", ", times.Select(t => t.ToString("0.000")))}] s, threads {(threads <= 0 ? Environment.ProcessorCount : threads)}; CPU time best {cpu.Min():0.000} s");
        Console.WriteLine($"GLS fit ({fit.FitPoints} lags): {fitS:0.000} s; D = {fit.DCm2PerS:0.0000e+0} cm2/s (true {0.01 / 2 / 100 * 0.1:0.0000e+0})");
        Console.WriteLine($"MSD(1000 frames) = {r.Total[1000]:0.000} A^2 (expected {3 * 0.01 * 1000:0.000})");
        Console.WriteLine($"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MiB (displacement series {3.0 * ions * frames * 8 / 1048576:0} MiB)");
    }
}
