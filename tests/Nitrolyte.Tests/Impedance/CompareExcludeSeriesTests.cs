using System.Globalization;
using System.Numerics;
using System.Text;
using Nitrolyte.Impedance;
using Nitrolyte.Reports;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Impedance;

/// <summary>Issue 12 items 3 and 4: eis compare, point exclusion, --out/--html, range refusal, series warm vs fresh.</summary>
public class CompareExcludeSeriesTests
{
    private const string One = "p(R1,CPE1)-CPE2";
    private const string Two = "p(R1,CPE1)-p(R2,CPE2)-CPE3";
    private const string Three = "p(R1,CPE1)-p(R2,CPE2)-p(R3,CPE3)-CPE4";

    private static double Q(double r, double fApex, double n) => Math.Pow(1 / (2 * Math.PI * fApex), n) / r;

    private static ImpedanceSpectrum Make(string circuit, double[] p, int seed, double fMax = 1e7, double fMin = 1e-3, double noise = 0.003)
    {
        var f = HardSpectra.Frequencies(fMax, fMin, 8);
        var z = Circuit.Parse(circuit).Simulate(f, p);
        var rng = new Random(seed);
        for (int i = 0; i < z.Length; i++) { double sd = noise * z[i].Magnitude; z[i] += new Complex(sd * CnlsFitter.Gaussian(rng), sd * CnlsFitter.Gaussian(rng)); }
        return new ImpedanceSpectrum(f, z);
    }

    public static IEnumerable<object[]> Candidates()
    {
        yield return [One, new[] { 3e4, Q(3e4, 1e3, 0.85), 0.85, 1e-6, 0.8 }];
        yield return [Two, new[] { 3e3, Q(3e3, 1e5, 0.9), 0.9, 3e4, Q(3e4, 1e2, 0.8), 0.8, 1e-5, 0.75 }];
        yield return [Three, new[] { 3e3, Q(3e3, 3e5, 0.9), 0.9, 1e4, Q(1e4, 1e3, 0.8), 0.8, 2e4, Q(2e4, 3, 0.75), 0.75, 1e-4, 0.8 }];
    }

    [Theory]
    [MemberData(nameof(Candidates))]
    public void CompareChoosesTheCircuitTheSpectrumWasMadeFrom(string truth, double[] p)
    {
        var s = Make(truth, p, 7);
        var res = CircuitComparison.Compare(s, [Circuit.Parse(One), Circuit.Parse(Two), Circuit.Parse(Three)]);
        Assert.True(res.Preferred == truth, $"preferred {res.Preferred} for data from {truth}: {res.Reason}");
        Assert.Equal(3, res.Fits.Count);
        // the nested pairs (one ⊂ two ⊂ three) all get an F-test
        Assert.Equal(3, res.Tests.Count);
        var t = res.Fits.Single(f => f.Circuit == truth);
        Assert.Equal(t.Arcs, t.ArcsResolved);
    }

    [Fact]
    public void CompareCliJsonFollowsContract()
    {
        var dir = Directory.CreateTempSubdirectory("nitrolyte-compare-").FullName;
        var path = Path.Combine(dir, "two.csv");
        var (_, p) = (Two, (double[])Candidates().ElementAt(1)[1]);
        WriteCsv(path, Make(Two, p, 3));
        var r = CliHarness.Run("eis", "compare", path, "--circuits", One, Two, "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        Assert.Equal(Two, j["preferred"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(j["reason"]!.GetValue<string>()));
        var fits = j["fits"]!.AsArray();
        Assert.Equal(2, fits.Count);
        foreach (var f in fits)
            foreach (var key in new[] { "circuit", "chi_square", "reduced_chi_square", "aic", "bic", "parameters" })
                Assert.NotNull(f![key]);
        Assert.Equal(2, CliHarness.Run("eis", "compare", path, "--circuits", One).ExitCode);
        var human = CliHarness.Run("eis", "compare", path, "--circuits", One, Two);
        Assert.Contains("preferred: " + Two, human.Stdout.Replace("\n", ""));
    }

    private static void WriteCsv(string path, ImpedanceSpectrum s)
    {
        var sb = new StringBuilder("f/Hz,Z'/Ohm,Z''/Ohm\n");
        for (int i = 0; i < s.Count; i++) sb.Append(string.Create(CultureInfo.InvariantCulture, $"{s.FrequenciesHz[i]:R},{s.Z[i].Real:R},{s.Z[i].Imaginary:R}\n"));
        File.WriteAllText(path, sb.ToString());
    }

    [Fact]
    public void ExcludedPointsAreLeftOutOfTheFitAndFlaggedInTheOutputs()
    {
        var p = (double[])Candidates().ElementAt(1)[1];
        var s = Make(Two, p, 11, 1e6, 1e-2);
        // corrupt points 3 and 17 (1-based) and the top decade
        var z = s.Z.ToArray();
        z[2] *= 1.5; z[16] *= 0.6;
        var bad = new ImpedanceSpectrum(s.FrequenciesHz, z);
        var dir = Directory.CreateTempSubdirectory("nitrolyte-exclude-").FullName;
        var path = Path.Combine(dir, "bad.csv");
        WriteCsv(path, bad);
        var outCsv = Path.Combine(dir, "fit.csv");
        var html = Path.Combine(dir, "fit.html");
        var r = CliHarness.Run("eis", "fit", path, "--circuit", Two, "--exclude-points", "3,17", "--exclude", "2e5:", "--out", outCsv, "--html", html, "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        var excluded = j["excluded"]!.AsArray().Select(x => x!["point"]!.GetValue<int>()).ToList();
        int top = s.FrequenciesHz.Count(f => f >= 2e5);
        Assert.Equal(top + (top >= 3 ? 1 : 2), excluded.Count);
        Assert.Contains(3, excluded); Assert.Contains(17, excluded);
        Assert.Equal(s.Count - excluded.Count, j["n_points"]!.GetValue<int>());
        Assert.True(j["quality"]!["converged_to_good_minimum"]!.GetValue<bool>());
        Assert.Equal(p[3], j["parameters"]![3]!["value"]!.GetValue<double>(), 0.02 * p[3]);
        var lines = File.ReadAllLines(outCsv).Where(l => !l.StartsWith('#')).ToList();
        Assert.Equal(ImpedanceFitExport.CsvHeader, lines[0]);
        Assert.Equal(s.Count, lines.Count - 1);
        Assert.Equal(excluded.Count, lines.Skip(1).Count(l => l.EndsWith(",1")));
        Assert.EndsWith(",1", lines[3]);
        Assert.Contains("Nyquist", File.ReadAllText(html));
        // the same points without the exclusion: the outliers pull the fit off the noise floor
        var all = CliHarness.Run("eis", "fit", path, "--circuit", Two, "--json");
        Assert.True(all.Json()["chi_square"]!.GetValue<double>() > 10 * j["chi_square"]!.GetValue<double>());
        // refusals (exit 2)
        Assert.Equal(2, CliHarness.Run("eis", "fit", path, "--circuit", Two, "--out", path).ExitCode);
        Assert.Equal(2, CliHarness.Run("eis", "fit", path, "--circuit", Two, "--exclude-points", "0").ExitCode);
        Assert.Equal(2, CliHarness.Run("eis", "kk", path, "--exclude", "abc").ExitCode);
        Assert.Equal(0, CliHarness.Run("eis", "kk", path, "--exclude-points", "3,17", "--json").ExitCode);
        Assert.Equal(0, CliHarness.Run("eis", "drt", path, "--exclude-points", "3,17", "--json").ExitCode);
    }

    [Fact]
    public void OutOfRangeValuesAreRefusedWithTheAllowedRange()
    {
        var dir = Directory.CreateTempSubdirectory("nitrolyte-range-").FullName;
        var path = Path.Combine(dir, "s.csv");
        WriteCsv(path, Make(One, (double[])Candidates().First()[1], 1, 1e6, 1e-2));
        var r = CliHarness.Run("eis", "fit", path, "--circuit", One, "--fixed", "CPE1_1=1.5");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("CPE1_1", r.Stderr);
        Assert.Contains("0 to 1", r.Stderr);
        var b = CliHarness.Run("eis", "fit", path, "--circuit", One, "--bounds", "CPE1_1=0.5:1.2");
        Assert.Equal(2, b.ExitCode);
        Assert.Contains("0 to 1", b.Stderr);
        var i = CliHarness.Run("eis", "fit", path, "--circuit", One, "--initial", "R1=-5");
        Assert.Equal(2, i.ExitCode);
        Assert.Contains("R1", i.Stderr);
    }

    [Fact]
    public void SeriesTriesAFreshFitWhenTheWarmStartIsBad()
    {
        // spectrum 1: one real arc (the second is a 3 Ohm sliver above 1 MHz, so its fit leaves R2 and Q2 anywhere);
        // spectrum 2 (after an "event"): two clear arcs. The warm start carries the collapsed second arc.
        var c = Circuit.Parse(Two);
        double[] p1 = [3e4, Q(3e4, 1e3, 0.85), 0.85, 3, Q(3, 3e6, 0.9), 0.9, 1e-6, 0.8];
        double[] p2 = [500, Q(500, 3e5, 0.9), 0.9, 5e4, Q(5e4, 30, 0.75), 0.75, 1e-6, 0.8];
        var s1 = Make(Two, p1, 1, 1e6, 1e-2) with { TimeS = 0 };
        var s2 = Make(Two, p2, 2, 1e6, 1e-2) with { TimeS = 100 };
        var res = SeriesFitter.Fit([s1, s2], c, new CircuitFitOptions());
        var second = res.Fits[1];
        double chiTrue = HardSpectra.ModulusChiSquare(s2, c.Simulate(s2.FrequenciesHz, p2));
        Assert.True(second.Fit.ChiSquare <= 1.05 * chiTrue, $"{second.Fit.ChiSquare} vs {chiTrue}");
        Assert.True(double.IsFinite(second.WarmChiSquare));
        Assert.True(second.WarmChiSquare > 1.05 * chiTrue, $"the warm start was expected to end in a wrong minimum here ({second.WarmChiSquare} vs {chiTrue})");
        Assert.Equal("fresh", second.Start);
        Assert.Equal("fresh", res.Fits[0].Start);
    }

    [Fact]
    public void SeriesKeepsTheWarmStartOnASmoothSeriesAndReportsAJump()
    {
        var c = Circuit.Parse(Two);
        var spectra = new List<ImpedanceSpectrum>();
        for (int k = 0; k < 6; k++)
        {
            double r2 = 2e4 * Math.Pow(10, -0.1 * k);
            double r1 = k < 4 ? 3e3 * Math.Pow(10, -0.05 * k) : 3e3 * 30; // the bulk arc jumps after spectrum 4
            double[] p = [r1, Q(r1, 1e5, 0.9), 0.9, r2, Q(r2, 1e2, 0.8), 0.8, 1e-5, 0.75];
            spectra.Add(Make(Two, p, 20 + k, 1e6, 1e-2) with { TimeS = 10 * k });
        }
        var res = SeriesFitter.Fit(spectra, c, new CircuitFitOptions());
        Assert.All(res.Fits.Skip(1).Take(3), f => Assert.Equal("warm", f.Start));
        Assert.Contains(res.Jumps, j => j.Parameter == "R1" && j.FitIndex == 4 && j.PreviousFitIndex == 3);
        Assert.DoesNotContain(res.Jumps, j => j.FitIndex is 1 or 2 or 3);
    }
}

public class ImpedanceManifestExcludeTests
{
    [Fact]
    public void ManifestExcludeOptionsReachTheStepAndAreReported()
    {
        var examples = Path.Combine(Nitrolyte.Core.RepositoryPaths.RepositoryRoot ?? "", "examples", "li2nh");
        using var tmp = new TempDir();
        foreach (var t in new[] { 30, 50 }) File.Copy(Path.Combine(examples, $"cold_pressed_{t}C.csv"), tmp.File($"cold_pressed_{t}C.csv"));
        File.WriteAllText(tmp.File("manifest.yaml"), """
            material: Li2NH
            sample: { diameter_mm: 10, thickness_mm: 1.5 }
            data:
              - technique: eis
                label: cold pressed
                files: [cold_pressed_30C.csv, cold_pressed_50C.csv]
                options: { circuit: "R0-p(R1,CPE1)-CPE2", cell: blocking, exclude: "1e6:", exclude_points: [40] }
            """);
        var outDir = tmp.File("out");
        var r = CliHarness.Run("evaluate", tmp.Path, "--out", outDir, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = r.Json()["analyses"]!.AsObject().First(kv => kv.Key.Contains("eis") || kv.Key.Contains("cold")).Value!;
        Assert.Contains("points 40", a["excluded"]!["rule"]!.GetValue<string>());
        var fits = a["fits"]!.AsArray();
        Assert.Equal(2, fits.Count);
        Assert.All(fits, f => Assert.Equal(64 - 8, f!["n_points"]!.GetValue<int>()));
        Assert.Equal("fresh", fits.Select(f => f!["start"]!.GetValue<string>()).First());
        Assert.True(fits[0]!["quality"]!["converged_to_good_minimum"]!.GetValue<bool>());
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("Excluded from the fits", html);
        // a malformed range is a one-line error naming the item
        File.WriteAllText(tmp.File("manifest.yaml"), File.ReadAllText(tmp.File("manifest.yaml")).Replace("\"1e6:\"", "\"abc\""));
        var bad = CliHarness.Run("evaluate", tmp.Path, "--out", tmp.File("out2"), "--json", "--strict"); // a failing item is reported and skipped; --strict makes it an error
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("exclude", bad.Stderr + bad.Stdout);
    }
}
