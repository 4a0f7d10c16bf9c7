using BenchmarkDotNet.Running;

// Run all suites:   dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*'
// Run one suite:    dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*Arrhenius*'
if (args.Length > 0 && args[0] == "md-large") { Nitrolyte.Benchmarks.DynamicsLargeRun.Main(args[1..]); return; }
if (args.Length > 1 && args[0] == "md-parse") { Nitrolyte.Benchmarks.DynamicsLargeRun.Parse(args[1]); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
