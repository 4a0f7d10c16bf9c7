using BenchmarkDotNet.Attributes;
using Nitrolyte.Arrhenius;

namespace Nitrolyte.Benchmarks;

/// <summary>Arrhenius fits are called once per series; this keeps an eye on the two-regime search.</summary>
[MemoryDiagnoser]
public class ArrheniusBenchmarks
{
    private List<ArrheniusPoint> _points = [];

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _points = Enumerable.Range(0, 50).Select(i =>
        {
            double t = 300 + 4 * i;
            return new ArrheniusPoint(t, 1e-3 * 298.15 / t * Math.Exp(-0.4 / 8.617e-5 * (1 / t - 1 / 298.15)) * (1 + 0.02 * (rng.NextDouble() - 0.5)));
        }).ToList();
    }

    [Benchmark] public ArrheniusResult SingleFit() => ArrheniusFitter.Fit(_points);
    [Benchmark] public TwoRegimeArrheniusResult? TwoRegimeSearch() => ArrheniusFitter.FitTwoRegimes(_points);
}
