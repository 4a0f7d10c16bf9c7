using System.Diagnostics;
using System.Globalization;
using Nitrolyte.Core;
using Nitrolyte.Diffraction;
using Nitrolyte.Formats.Diffraction;
using Nitrolyte.Tests.Support;
using static Nitrolyte.Tests.Formats.Diffraction.BrukerRawWriter;

namespace Nitrolyte.Tests.Formats.Diffraction;

/// <summary>
/// Bruker RAW1.01 (v3) and RAW4.00 (v4): files packed here byte by byte from the documented layout, refusals, a fuzz of
/// truncations and random bytes; and read-only checks against real vendor files (xylib and geddes samples, see
/// tests/Nitrolyte.Tests/Formats/Diffraction/README.md) when they are present.
/// </summary>
public class BrukerRawReaderTests
{
    private static float[] Counts(int n, int offset = 0) => Enumerable.Range(0, n).Select(i => (float)(100 + (i + offset) * (i + offset))).ToArray();

    private static MeasuredPattern ReadBytes(TempDir t, string name, byte[] bytes, int scan = 1)
    {
        File.WriteAllBytes(t.File(name), bytes);
        return PowderPatternReader.Read(t.File(name), new PatternReadOptions { Scan = scan });
    }

    [Fact]
    public void V3_single_range_start_step_counts_and_doublet_from_the_header()
    {
        using var t = new TempDir();
        var p = ReadBytes(t, "a.raw", V3([new RawRange(10, 0.02, Counts(500))]));
        Assert.Equal(PatternAxis.TwoThetaDeg, p.Axis);
        Assert.Equal(500, p.Count);
        Assert.Equal(10, p.X[0], 12);
        Assert.Equal(10 + 0.02 * 377, p.X[377], 9);
        Assert.Equal(100 + 377 * 377, p.Intensity[377], 6);
        Assert.Equal(Math.Sqrt(100 + 377 * 377), p.Esd[377], 6);
        Assert.Equal(1.5406, p.Wavelength1A!.Value, 12);
        Assert.Equal(1.54439, p.Wavelength2A!.Value, 12);
        Assert.Equal(0.5, p.Ka2RatioFromFile!.Value, 12);
        Assert.Equal("xray", p.Radiation);
        Assert.Equal("SRM test", p.Title);
        Assert.Contains(p.Provenance, s => s.Contains("RAW1.01", StringComparison.Ordinal));
        Assert.Contains(p.Provenance, s => s.Contains("from the file header", StringComparison.Ordinal));
        Assert.Contains(p.Provenance, s => s.Contains("anode Cu", StringComparison.Ordinal));
    }

    [Fact]
    public void V3_several_ranges_are_several_scans_and_the_supplementary_header_is_skipped()
    {
        using var t = new TempDir();
        var bytes = V3([new RawRange(10, 0.1, Counts(101)), new RawRange(30, 0.2, Counts(26, 7), SupplementaryBytes: 40), new RawRange(40, 0.05, Counts(51, 3))]);
        var r2 = ReadBytes(t, "m.raw", bytes, scan: 2);
        Assert.Equal(26, r2.Count);
        Assert.Equal(30 + 0.2 * 25, r2.X[^1], 9);
        Assert.Equal(100 + 7 * 7, r2.Intensity[0], 9);
        Assert.Contains(r2.Provenance, s => s.Contains("range 2 of 3", StringComparison.Ordinal));
        Assert.Contains(r2.Provenance, s => s.Contains("40-byte supplementary header", StringComparison.Ordinal));
        var r3 = PowderPatternReader.Read(t.File("m.raw"), new PatternReadOptions { Scan = 3 });
        Assert.Equal(100 + 3 * 3, r3.Intensity[0], 9);
        Assert.Equal(40 + 0.05 * 50, r3.X[^1], 9);
        var e = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("m.raw"), new PatternReadOptions { Scan = 4 }));
        Assert.Contains("--scan 1..3", e.Message);
    }

    [Fact]
    public void V4_four_and_eight_byte_records_wavelengths_and_refusals()
    {
        using var t = new TempDir();
        foreach (int rec in new[] { 4, 8 })
        {
            var p = ReadBytes(t, $"v4_{rec}.raw", V4([new RawRange(5, 0.01, Counts(300), RecordBytes: rec)]));
            Assert.Equal(300, p.Count);
            Assert.Equal(5 + 0.01 * 299, p.X[^1], 9);
            Assert.Equal(100 + 123 * 123, p.Intensity[123], 6);
            Assert.Equal(1.54439, p.Wavelength2A!.Value, 12);
            Assert.Equal("SRM test", p.Title);
            Assert.Contains(p.Provenance, s => s.Contains("written by DIFFRAC.Test", StringComparison.Ordinal));
        }
        // Kα2 stripped (EVA writes Kα2 = 0, ratio 0): a single line, said
        var single = ReadBytes(t, "k1.raw", V4([new RawRange(5, 0.01, Counts(300))], k2: 0, ratio: 0));
        Assert.Equal(1.5406, single.Wavelength1A!.Value, 12);
        Assert.Null(single.Wavelength2A);
        Assert.Contains(single.Provenance, s => s.Contains("single line", StringComparison.Ordinal));
        // no Kα1 in the instrument record: the range's wavelength
        var rangeOnly = ReadBytes(t, "rl.raw", V4([new RawRange(5, 0.01, Counts(300), RangeLambda: 0.7093)], k1: 0, k2: 0, ratio: 0));
        Assert.Equal(0.7093, rangeOnly.Wavelength1A!.Value, 12);
        // two ranges, the second a rocking curve: range 1 reads, range 2 is refused naming the scan type
        File.WriteAllBytes(t.File("two.raw"), V4([new RawRange(5, 0.01, Counts(300)), new RawRange(20, 0.01, Counts(50), ScanType: "Rocking Curve")]));
        Assert.Equal(300, PowderPatternReader.Read(t.File("two.raw")).Count);
        var e = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("two.raw"), new PatternReadOptions { Scan = 2 }));
        Assert.Contains("'Rocking Curve'", e.Message);
        File.WriteAllBytes(t.File("rec12.raw"), V4([new RawRange(5, 0.01, Counts(300), RecordBytes: 12)]));
        Assert.Contains("12-byte data records", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("rec12.raw"))).Message);
    }

    [Fact]
    public void Other_versions_and_varying_records_are_refused_in_one_line_naming_the_file_and_version()
    {
        using var t = new TempDir();
        foreach (var (magic, expect) in new[] { ("RAW ", "version 1"), ("RAW2", "version 2"), ("RAW3.00", "'RAW3.00'") })
        {
            var b = new byte[2000];
            System.Text.Encoding.ASCII.GetBytes(magic).CopyTo(b, 0);
            b[100] = 7;
            File.WriteAllBytes(t.File("old.raw"), b);
            var e = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("old.raw")));
            Assert.Contains(expect, e.Message);
            Assert.Contains("old.raw", e.Message);
            Assert.DoesNotContain('\n', e.Message);
        }
        File.WriteAllBytes(t.File("vary.raw"), V3([new RawRange(10, 0.02, Counts(50), RecordBytes: 12, VaryingMask: 1)]));
        Assert.Contains("varying", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("vary.raw"))).Message);
        // a GSAS text file named .raw still goes to the GSAS reader; a text title starting with RAW is not taken for binary
        File.WriteAllText(t.File("g.raw"), "RAW data of a test\nBANK 1 20 4 CONST 1000.00 20.00 0 0 ESD\n" +
            string.Concat(Enumerable.Range(0, 4).Select(_ => string.Concat(Enumerable.Repeat("   100.0  10.000", 5)) + "\n")));
        Assert.Equal(20, PowderPatternReader.Read(t.File("g.raw")).Count);
        File.WriteAllText(t.File("x.raw"), "10 1\n11 2\n");
        Assert.Contains("neither Bruker binary RAW", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("x.raw"))).Message);
    }

    [Fact]
    public void Sizes_read_from_the_file_are_checked_before_anything_is_allocated()
    {
        using var t = new TempDir();
        var b = V3([new RawRange(10, 0.02, Counts(50))]);
        BitConverter.GetBytes(uint.MaxValue).CopyTo(b, 712 + 4); // 4 billion steps
        File.WriteAllBytes(t.File("huge.raw"), b);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("huge.raw")));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "a claimed 4e9 steps must not allocate");
        Assert.Contains("truncated", e.Message);
        var c = V3([new RawRange(10, 0.02, Counts(50))]);
        BitConverter.GetBytes(1_000_000u).CopyTo(c, 12); // a million ranges
        File.WriteAllBytes(t.File("ranges.raw"), c);
        Assert.Contains("cannot fit", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("ranges.raw"))).Message);
        var d = V4([new RawRange(5, 0.01, Counts(50))]);
        BitConverter.GetBytes(0x7FFF_FFF0u).CopyTo(d, 61 + 4); // first segment claims 2 GB
        File.WriteAllBytes(t.File("seg.raw"), d);
        Assert.Contains("truncated", Assert.Throws<NitrolyteFormatException>(() => PowderPatternReader.Read(t.File("seg.raw"))).Message);
    }

    /// <summary>Every truncation of a v3 and a v4 file (in memory) and 2000 random mutations: a pattern or one clean NitrolyteFormatException, nothing else.</summary>
    [Fact]
    public void Fuzz_truncations_and_random_bytes_end_in_a_pattern_or_one_format_exception()
    {
        var seeds = new[]
        {
            V3([new RawRange(10, 0.1, Counts(40)), new RawRange(20, 0.1, Counts(30), SupplementaryBytes: 16)]),
            V4([new RawRange(5, 0.01, Counts(40), RecordBytes: 8), new RawRange(9, 0.01, Counts(30))]),
        };
        var rng = new Random(18);
        int ok = 0, refused = 0;
        void Run(byte[] bytes, string what)
        {
            for (int scan = 1; scan <= 2; scan++)
            {
                try
                {
                    var p = BrukerRawReader.Parse(bytes, "f.raw", scan);
                    Assert.True(p.X.All(double.IsFinite) && p.Intensity.All(double.IsFinite) && p.Esd.All(double.IsFinite), $"{what}: non-finite values");
                    ok++;
                }
                catch (NitrolyteFormatException e)
                {
                    Assert.False(string.IsNullOrWhiteSpace(e.Message));
                    Assert.DoesNotContain('\n', e.Message);
                    refused++;
                }
                catch (NitrolyteInputException) { refused++; }
                catch (Exception e) { Assert.Fail($"{what}, scan {scan}: {e.GetType().Name}: {e.Message}"); }
            }
        }
        foreach (var s in seeds)
        {
            for (int len = 0; len < s.Length; len += len < 1200 ? 1 : 7) Run(s[..len], $"truncated to {len}");
            for (int k = 0; k < 1000; k++)
            {
                var m = (byte[])s.Clone();
                int flips = 1 + rng.Next(8);
                for (int f = 0; f < flips; f++)
                {
                    int at = rng.Next(8, m.Length);
                    m[at] = rng.Next(4) == 0 ? (byte)0xFF : (byte)rng.Next(256);
                }
                Run(m, $"mutation {k}");
            }
        }
        var random = new byte[4096];
        rng.NextBytes(random);
        "RAW4.00\0"u8.CopyTo(random);
        Run(random, "random bytes after a RAW4.00 magic");
        "RAW1.01\0"u8.CopyTo(random);
        Run(random, "random bytes after a RAW1.01 magic");
        Assert.True(ok > 0 && refused > 0, $"ok {ok}, refused {refused}");
    }

    // ------------------------------------------------------------------ real vendor files (read-only, skipped when absent)

    /// <summary>Folder with the real diffraction samples (RAW files, the NIST SRM 660c pdCIF): $NITROLYTE_XRD_SAMPLES, else ../shared/testdata/xrd.</summary>
    public static string? SampleDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("NITROLYTE_XRD_SAMPLES");
            if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return env;
            var shared = SharedData.Directory is { } d ? Path.Combine(d, "testdata", "xrd") : null;
            return shared is not null && Directory.Exists(shared) ? shared : null;
        }
    }

    private static string? Sample(string name) => SampleDir is { } d && File.Exists(Path.Combine(d, name)) ? Path.Combine(d, name) : null;

    /// <summary>xylib's BT86.raw (RAW1.01, Bruker D8, 2374 steps) against Bruker's own UXD conversion of the same measurement (BT86_.UXD).</summary>
    [RawSampleFact("BT86.raw", "BT86_.UXD")]
    public void Real_v3_BT86_matches_the_vendors_uxd_export_point_by_point()
    {
        var p = PowderPatternReader.Read(Sample("BT86.raw")!);
        var uxd = File.ReadAllLines(Sample("BT86_.UXD")!).SkipWhile(l => !l.StartsWith("_2THETACOUNTS", StringComparison.Ordinal)).Skip(1)
            .Select(l => l.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries)).Where(f => f.Length == 2)
            .Select(f => (X: double.Parse(f[0], CultureInfo.InvariantCulture), Decimals: f[0].Length - f[0].IndexOf('.') - 1, Y: double.Parse(f[1], CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(2374, uxd.Count);
        Assert.Equal(uxd.Count, p.Count);
        for (int i = 0; i < p.Count; i++)
        {
            // the UXD prints five significant characters (3.016, 10.02): agreement to half its last digit
            Assert.True(Math.Abs(p.X[i] - uxd[i].X) <= 0.5 * Math.Pow(10, -uxd[i].Decimals) + 1e-9, $"2θ at step {i + 1}: {p.X[i]} vs UXD {uxd[i].X}");
            Assert.Equal(uxd[i].Y, p.Intensity[i]);
        }
        // the UXD header: _WL1=1.540600 _WL2=1.544390 _WLRATIO=0.5 _ANODE='Cu' _STEPSIZE=0.015592 _START=3
        Assert.Equal(1.5406, p.Wavelength1A!.Value, 9);
        Assert.Equal(1.54439, p.Wavelength2A!.Value, 9);
        Assert.Equal(0.5, p.Ka2RatioFromFile!.Value, 9);
        Assert.Equal(3.0, p.X[0], 9);
        Assert.Equal(0.015592, p.X[1] - p.X[0], 6);
    }

    /// <summary>xylib's format1.raw: RAW1.01 with three ranges (10-20° by 0.1, 30-35° by 0.2, 40-45° by 0.1).</summary>
    [RawSampleFact("format1.raw", "Cu3Au-1.raw")]
    public void Real_v3_three_ranges_and_cu3au()
    {
        var path = Sample("format1.raw")!;
        int[] n = [101, 26, 51];
        double[] start = [10, 30, 40], step = [0.1, 0.2, 0.1];
        for (int s = 1; s <= 3; s++)
        {
            var p = PowderPatternReader.Read(path, new PatternReadOptions { Scan = s });
            Assert.Equal(n[s - 1], p.Count);
            Assert.Equal(start[s - 1], p.X[0], 6);
            Assert.Equal(start[s - 1] + step[s - 1] * (n[s - 1] - 1), p.X[^1], 5);
            Assert.Contains(p.Provenance, x => x.Contains($"range {s} of 3", StringComparison.Ordinal));
        }
        Assert.Equal([10, 1, 3, 5, 9], PowderPatternReader.Read(path).Intensity.Take(5).ToArray());
        var cu3au = PowderPatternReader.Read(Sample("Cu3Au-1.raw")!);
        Assert.Equal(3901, cu3au.Count);
        Assert.Equal(22, cu3au.X[0], 9);
        Assert.Equal(22 + 0.02 * 3900, cu3au.X[^1], 6);
        Assert.Equal([48, 24, 38, 23, 39], cu3au.Intensity.Take(5).ToArray());
        // Cu3Au (L1₂, a ≈ 3.75 Å): the strongest line is (111) near 2θ = 41.7° for Cu Kα1
        int imax = Array.IndexOf(cu3au.Intensity, cu3au.Intensity.Max());
        Assert.InRange(cu3au.X[imax], 41.0, 42.5);
    }

    /// <summary>
    /// geddes' bruker4_v5converter.raw (RAW4.00 written by Bruker's V5Converter, 4-byte records) against geddes'
    /// independent reference CSV (tests/data/formats/references/bruker4_v5converter.csv): x₀ 37.0001, step
    /// 0.02045454498, first counts 7264, 7202, 7335, 7463, 7413; maximum 94855 at step 295 (2θ 43.0137).
    /// </summary>
    [RawSampleFact("bruker4_v5converter.raw", "bruker4_diffrac_eva.raw")]
    public void Real_v4_v5converter_and_eva_files()
    {
        var p = PowderPatternReader.Read(Sample("bruker4_v5converter.raw")!);
        Assert.Equal(4059, p.Count);
        Assert.Equal(37.0001, p.X[0], 9);
        Assert.Equal(43.013736224120002, p.X[294], 9);
        Assert.Equal([7264, 7202, 7335, 7463, 7413], p.Intensity.Take(5).ToArray());
        Assert.Equal(94855, p.Intensity.Max());
        Assert.Equal(294, Array.IndexOf(p.Intensity, 94855.0));
        Assert.Equal(1.5406, p.Wavelength1A!.Value, 9);
        Assert.Equal(1.54439, p.Wavelength2A!.Value, 9);
        Assert.Equal(0.5, p.Ka2RatioFromFile!.Value, 9);
        Assert.Equal("Cu-12%Ag_500C1700h_P5n5rpm1_RT", p.Title);
        // EVA file: 8-byte records (counts + flag), Kα2 stripped (Kα2 = 0, ratio 0 in the instrument record); its
        // intensities were scrambled upstream (negative values), so only the decoding is checked
        var eva = PowderPatternReader.Read(Sample("bruker4_diffrac_eva.raw")!);
        Assert.Equal(7134, eva.Count);
        Assert.Equal(10, eva.X[0], 9);
        Assert.Equal(10 + 0.010520299896597862 * 7133, eva.X[^1], 6);
        Assert.Equal(283.7691955566406, eva.Intensity[0], 9);
        Assert.Equal(-164.5344696044922, eva.Intensity[1], 9);
        Assert.Null(eva.Wavelength2A);
        Assert.Contains(eva.Provenance, s => s.Contains("negative intensities", StringComparison.Ordinal));
        Assert.Contains(eva.Provenance, s => s.Contains("written by DIFFRAC.EVA", StringComparison.Ordinal));
    }
}

/// <summary>Runs when the named real diffraction samples are in <see cref="BrukerRawReaderTests.SampleDir"/>, else skips saying where to put them.</summary>
public sealed class RawSampleFactAttribute : FactAttribute
{
    public RawSampleFactAttribute(params string[] files)
    {
        var dir = BrukerRawReaderTests.SampleDir;
        var missing = files.Where(f => dir is null || !File.Exists(Path.Combine(dir, f))).ToList();
        if (missing.Count > 0)
            Skip = $"real diffraction samples {string.Join(", ", missing)} not found: set NITROLYTE_XRD_SAMPLES to a folder holding them (see tests/Nitrolyte.Tests/Formats/Diffraction/README.md)";
    }
}
