using BenchmarkDotNet.Running;

// Run all suites:   dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*'
// Run one suite:    dotnet run -c Release --project bench/Nitrolyte.Benchmarks -- --filter '*Arrhenius*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
