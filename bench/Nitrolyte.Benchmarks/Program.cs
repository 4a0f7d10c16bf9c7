using System.Diagnostics;
using BenchmarkDotNet.Running;
using Nitrolyte.Benchmarks;
using Nitrolyte.Formats;
using Nitrolyte.Formats.BioLogic;

// Run all suites:   dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*'
// Run one suite:    dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*Arrhenius*'
// Quick parsing throughput (no BenchmarkDotNet, best of 5): dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- quick-parse
if (args.Length > 0 && args[0] == "quick-parse")
{
    InstrumentParsingBenchmarks.EnsureFiles();
    void Time(string name, string path, Func<long> f)
    {
        f();
        double best = double.MaxValue, bestCpu = double.MaxValue;
        var proc = Process.GetCurrentProcess();
        for (int i = 0; i < 5; i++)
        {
            proc.Refresh();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            f();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            proc.Refresh();
            bestCpu = Math.Min(bestCpu, (proc.TotalProcessorTime - cpu0).TotalSeconds);
        }
        double mb = new FileInfo(path).Length / 1e6;
        Console.WriteLine($"{name,-22} wall {mb / best,7:0.0} MB/s (best {best * 1000:0} ms)   CPU {mb / bestCpu,7:0.0} MB/s (best {bestCpu * 1000:0} ms CPU)");
    }
    long Stream(ITableRowReader r) { using (r) { var row = new double[r.ColumnNames.Count]; long n = 0; while (r.ReadRow(row)) n++; return n; } }
    Time("mpt stream", InstrumentParsingBenchmarks.BigMpt, () => Stream(new MptRowReader(InstrumentParsingBenchmarks.BigMpt)));
    Time("mpt columns", InstrumentParsingBenchmarks.BigMpt, () => BioLogicReader.ReadMpt(InstrumentParsingBenchmarks.BigMpt).RowCount);
    Time("mpr stream", InstrumentParsingBenchmarks.BigMpr, () => Stream(new MprRowReader(InstrumentParsingBenchmarks.BigMpr)));
    Time("mpr columns", InstrumentParsingBenchmarks.BigMpr, () => BioLogicReader.ReadMpr(InstrumentParsingBenchmarks.BigMpr).RowCount);
    return;
}
if (args.Length > 0 && args[0] == "md-large") { Nitrolyte.Benchmarks.DynamicsLargeRun.Main(args[1..]); return; }
if (args.Length > 1 && args[0] == "md-parse") { Nitrolyte.Benchmarks.DynamicsLargeRun.Parse(args[1], args.Length > 2 ? int.Parse(args[2]) : null); return; }
if (args.Length > 1 && args[0] == "md-profile") { Nitrolyte.Benchmarks.DynamicsLargeRun.Profile(args[1], args.Length > 2 ? int.Parse(args[2]) : null); return; }
// Impedance fit quality and quick timing (no BenchmarkDotNet): ... -- eis-quality
if (args.Length > 0 && args[0] == "eis-quality") { Nitrolyte.Benchmarks.ImpedanceQuality.Run(args.Length < 2 || args[1] != "guess-only", args.Length < 2 || args[1] != "auto-only"); return; }
// Hard distribution of issue 12, one timed pass: ... -- eis-hard [count] [arcs] [parallel|serial]
if (args.Length > 0 && args[0] == "eis-hard-export") { Nitrolyte.Benchmarks.HardImpedanceQuality.Export(args[1..]); return; }
if (args.Length > 0 && args[0] == "eis-profile") { Nitrolyte.Benchmarks.ImpedanceProfile.Run(args[1..]); return; }
if (args.Length > 0 && args[0] == "eis-probe") { Nitrolyte.Benchmarks.ImpedanceSeedProbe.Run(args[1..]); return; }
if (args.Length > 0 && args[0] == "eis-kkcheck") { Nitrolyte.Benchmarks.LinKKVarianceCheck.Run(); return; }
if (args.Length > 0 && args[0] == "eis-aboveband") { Nitrolyte.Benchmarks.AboveBandProbe.Run(); return; }
if (args.Length > 0 && args[0] == "eis-hard") { Nitrolyte.Benchmarks.HardImpedanceQuality.Run(args[1..]); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
