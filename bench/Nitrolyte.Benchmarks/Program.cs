using BenchmarkDotNet.Running;

// Run all suites:   dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*'
// Run one suite:    dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*Arrhenius*'
// Impedance fit quality and quick timing (no BenchmarkDotNet): ... -- eis-quality
if (args.Length > 0 && args[0] == "eis-quality") { Nitrolyte.Benchmarks.ImpedanceQuality.Run(args.Length < 2 || args[1] != "guess-only", args.Length < 2 || args[1] != "auto-only"); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
