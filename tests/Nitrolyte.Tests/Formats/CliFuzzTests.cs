using Nitrolyte.Core;
using Nitrolyte.Tests.Support;
using Xunit.Abstractions;

namespace Nitrolyte.Tests.Formats;

/// <summary>
/// Mutated files through the commands (issue 14, item "every internal error becomes a specific message"): every run
/// ends with exit 0, 1 or 2 and never prints "internal error". Bounded and seeded (NITROLYTE_CLI_FUZZ_CASES, default 60).
/// </summary>
public class CliFuzzTests(ITestOutputHelper output)
{
    private static readonly (string Seed, string[] Args)[] Commands =
    [
        ("examples/li9n2cl3/pellet_25C.csv", ["eis", "fit", "{f}", "--circuit", "R0-p(R1,CPE1)-CPE2", "--multistart", "2"]),
        ("examples/li9n2cl3/pellet_45C.csv", ["eis", "kk", "{f}"]),
        ("examples/li9n2cl3/pellet_65C.csv", ["eis", "drt", "{f}"]),
        ("examples/li9n2cl3/sigma_t.csv", ["arrhenius", "{f}"]),
        ("examples/li9n2cl3/ccd_staircase_generated.csv", ["cycle", "symmetric", "{f}", "--area-cm2", "0.785"]),
        ("examples/li9n2cl3/full_cell_ncm83_generated.csv", ["cycle", "full", "{f}", "--active-mass-mg", "3.5"]),
        ("examples/li2nh/dcpol_au_li2nh_au_0.5V_generated.csv", ["dcpol", "{f}", "--thickness-mm", "1.5", "--area-cm2", "0.785"]),
        ("examples/li9n2cl3/dcpol_iv_0.1-0.5V_generated.csv", ["convert", "{f}", "--out", "{out}"]),
        ("examples/li9n2cl3/Li9N2Cl3.cif", ["structure", "info", "{f}"]),
        ("examples/li2.5n0.5s0.5/Li2.5N0.5S0.5.cif", ["xrd", "{f}", "--two-theta", "10,40"]),
        ("examples/li9n2cl3/synthetic_entries.csv", ["stability", "hull", "{f}"]),
        ("examples/li9n2cl3/synthetic_entries.csv", ["stability", "window", "{f}", "--formula", "Li9N2Cl3"]),
    ];

    [Fact]
    public void MutatedInputsNeverGiveAnInternalError()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("NITROLYTE_CLI_FUZZ_CASES"), out var n) ? n : 60;
        var rng = new Random(int.TryParse(Environment.GetEnvironmentVariable("NITROLYTE_FUZZ_SEED"), out var sd) ? sd : 14);
        using var tmp = new TempDir();
        var failures = new List<string>();
        int[] exits = new int[3];
        for (int c = 0; c < cases; c++)
        {
            var (seed, args) = Commands[c % Commands.Length];
            var src = Path.Combine(RepositoryPaths.RepositoryRoot!, seed);
            var (bytes, what) = ReaderFuzzer.Mutate(File.ReadAllBytes(src), src, rng);
            var f = tmp.File(Path.GetFileName(src));
            File.WriteAllBytes(f, bytes);
            var a = args.Select(x => x.Replace("{f}", f).Replace("{out}", tmp.File("out.csv"))).ToArray();
            var r = CliHarness.Run(a);
            if (r.ExitCode is >= 0 and <= 2) exits[r.ExitCode]++;
            if (r.Stderr.Contains("internal error") || r.ExitCode is < 0 or > 2)
                failures.Add($"{string.Join(' ', args.Take(2))} on {Path.GetFileName(src)} ({what}): exit {r.ExitCode}: {r.Stderr.Trim().Split('\n')[0]}");
        }
        output.WriteLine($"{cases} command runs: exit 0 ×{exits[0]}, exit 1 ×{exits[1]}, exit 2 ×{exits[2]}, {failures.Count} internal errors");
        foreach (var x in failures) output.WriteLine(x);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
