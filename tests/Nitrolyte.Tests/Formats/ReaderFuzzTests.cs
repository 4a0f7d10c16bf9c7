using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Formats;

/// <summary>
/// The reader contract under mutation (issue 14): a bounded, seeded run of <see cref="ReaderFuzzer"/> in CI (300 cases;
/// NITROLYTE_FUZZ_CASES=N for a larger run, NITROLYTE_FUZZ_SEED to change the seed). Every case must end in a result or
/// a NitrolyteFormatException / NitrolyteInputException.
/// </summary>
public class ReaderFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void MutatedFilesNeverBreakTheReaderContract()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("NITROLYTE_FUZZ_CASES"), out var n) ? n : 300;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("NITROLYTE_FUZZ_SEED"), out var sd) ? sd : 14;
        using var tmp = new TempDir();
        var seeds = ReaderFuzzer.LoadSeeds(maxBytes: 1_500_000, tmp.Path);
        Assert.True(seeds.Count >= 10, $"only {seeds.Count} seed files found");
        // every reader is exercised by at least one seed
        Assert.All(ReaderFuzzer.Readers, r => Assert.Contains(seeds, s => s.Readers.Contains(r)));
        var summary = ReaderFuzzer.Run(seeds, cases, seed, tmp.Path, TimeSpan.FromSeconds(60));
        var report = ReaderFuzzer.Report(summary);
        output.WriteLine(report);
        Assert.True(summary.Breaks.Count == 0 && summary.Hangs.Count == 0, report);
    }
}
