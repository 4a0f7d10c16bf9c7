using Nitrolyte.Core;
using Nitrolyte.Dynamics;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Dynamics;

public class MdCliTests
{
    [SharedDataFact]
    public void MsdJson_HasContractKeys()
    {
        var r = CliHarness.Run("md", "msd", SharedData.TestData("aimd/kinisi/example_XDATCAR.gz"), "--species", "Li", "--timestep-fs", "2", "--stride", "50", "--temperature-k", "600", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        foreach (var k in new[] { "species", "n_ions", "n_frames", "diffusivity_cm2_per_s", "diffusivity_stderr_cm2_per_s", "fit_window_ps", "conductivity_s_per_cm", "haven_ratio", "msd" })
            Assert.NotNull(j[k]);
        Assert.Equal("Li", (string?)j["species"]);
        Assert.Equal(192, (int)j["n_ions"]!);
        Assert.Equal(140, (int)j["n_frames"]!);
        Assert.Equal(1.4, (double)j["fit_window_ps"]![0]!, 9);
        Assert.Equal(7.0, (double)j["fit_window_ps"]![1]!, 9);
        Assert.Equal(140, j["msd"]!["t_ps"]!.AsArray().Count);
        Assert.Equal(j["msd"]!["t_ps"]!.AsArray().Count, j["msd"]!["msd_a2"]!.AsArray().Count);
        double d = (double)j["diffusivity_cm2_per_s"]!;
        Assert.InRange(d, 1.2e-5, 1.8e-5); // MANIFEST 4b: ≈ 1.3e-5 cm²/s for orientation
        Assert.True((double)j["diffusivity_stderr_cm2_per_s"]! > 0);
    }

    [SharedDataFact]
    public void PymatgenModeOnLgpsJson_ReadsTimingFromFile()
    {
        var r = CliHarness.Run("md", "msd", SharedData.TestData("aimd/pymatgen-analysis-diffusion/DiffusionAnalyzer_LGPS_600K.json"), "--drift", "framework-centroid", "--pymatgen", "max", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        Assert.Equal(20, (int)j["n_ions"]!);
        Assert.Equal(1.16083658794e-06, (double)j["pymatgen"]!["diffusivity_cm2_per_s"]!, 1e-11);
    }

    [Fact]
    public void SimulateThenArrheniusVanHoveDensity()
    {
        using var tmp = new TempDir();
        var temps = new[] { 700, 900, 1100 };
        var files = new List<string>();
        foreach (var t in temps)
        {
            var f = tmp.File($"XDATCAR_{t}K");
            var s = CliHarness.Run("md", "simulate", "--out", f, "--temperature-k", $"{t}", "--frames", "300", "--frame-interval-fs", "1000", "--attempt-hz", "1e13", "--ea-ev", "0.3", "--seed", "5");
            Assert.Equal(0, s.ExitCode);
            files.Add(f);
        }
        var a = CliHarness.Run(["md", "arrhenius", .. files, "--temperatures-k", "700,900,1100", "--species", "Li", "--timestep-fs", "1000", "--json"]);
        Assert.Equal(0, a.ExitCode);
        var j = a.Json();
        foreach (var k in new[] { "ea_ev", "ea_stderr_ev", "sigma_300k_s_per_cm", "sigma_300k_ci95_s_per_cm" }) Assert.NotNull(j[k]);
        Assert.InRange((double)j["ea_ev"]!, 0.2, 0.4);
        var ci = j["sigma_300k_ci95_s_per_cm"]!.AsArray();
        Assert.True((double)ci[0]! < (double)j["sigma_300k_s_per_cm"]! && (double)j["sigma_300k_s_per_cm"]! < (double)ci[1]!);

        var v = CliHarness.Run("md", "vanhove", files[2], "--timestep-fs", "1000", "--origins", "10", "--lag-step", "50", "--json");
        Assert.Equal(0, v.ExitCode);
        var vj = v.Json();
        Assert.Equal(101, vj["r_a"]!.AsArray().Count);
        Assert.Equal(3.98942280401, (double)vj["self_part_per_a"]![0]![0]!, 1e-8); // every self displacement is exactly 0 at t = 0
        var cube = tmp.File("li.cube");
        var d = CliHarness.Run("md", "density", files[2], "--cube", cube, "--json");
        Assert.Equal(0, d.ExitCode);
        Assert.Equal(1.0, (double)d.Json()["integral"]!, 1e-9);
        Assert.StartsWith("Nitrolyte cube", File.ReadAllText(cube));
    }

    [Fact]
    public void BadInput_OneLineErrors()
    {
        using var tmp = new TempDir();
        var bad = tmp.File("XDATCAR");
        File.WriteAllText(bad, "x\n1.0\n2 0 0\n0 2 0\n0 0 2\nLi O\n1 1\nDirect configuration= 1\n0 0 0\n0.5 abc 0\n");
        var r = CliHarness.Run("md", "msd", bad, "--timestep-fs", "2");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(":10:", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        var missing = CliHarness.Run("md", "msd", tmp.File("nope"), "--timestep-fs", "2");
        Assert.Equal(1, missing.ExitCode);
        File.WriteAllText(bad, "x\n1.0\n2 0 0\n0 2 0\n0 0 2\nLi O\n1 1\nDirect configuration= 1\n0 0 0\n0.5 0.5 0\n");
        var noTs = CliHarness.Run("md", "msd", bad);
        Assert.Equal(2, noTs.ExitCode);
        var oneFrame = CliHarness.Run("md", "msd", bad, "--timestep-fs", "2");
        Assert.Equal(1, oneFrame.ExitCode);
        Assert.Contains("frame", oneFrame.Stderr);
        var noSpecies = CliHarness.Run("md", "msd", bad, "--timestep-fs", "2", "--species", "Na");
        Assert.Equal(1, noSpecies.ExitCode);
    }

    private static string SmallXdatcar(int frames)
    {
        var sb = new System.Text.StringBuilder("walk\n1.0\n4 0 0\n0 4 0\n0 0 4\nLi S\n2 1\n");
        for (int f = 0; f < frames; f++)
            sb.Append(System.FormattableString.Invariant($"Direct configuration= {f + 1}\n{0.01 * f:0.000} 0.1 0.1\n0.5 {0.02 * f:0.000} 0.5\n0.25 0.25 0.25\n"));
        return sb.ToString();
    }

    /// <summary>A truncated .gz used to end silently (GZipStream does not complain) and show a misleading number error.</summary>
    [Fact]
    public void TruncatedGzip_SaysTruncated()
    {
        using var tmp = new TempDir();
        var gz = tmp.File("XDATCAR.gz");
        using (var fs = File.Create(gz))
        using (var z = new System.IO.Compression.GZipStream(fs, System.IO.Compression.CompressionLevel.Fastest))
        using (var w = new StreamWriter(z)) w.Write(SmallXdatcar(2000));
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(bytes.Length * 2 / 3)]);
        var r = CliHarness.Run("md", "msd", gz, "--timestep-fs", "2", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var last = r.Stderr.Trim().Split('\n')[^1]; // after the progress line
        Assert.StartsWith("error: " + gz + ":", last);
        Assert.Contains("truncated", last);
        // a complete file, also two concatenated gzip members, is read without a false alarm
        File.WriteAllBytes(gz, [.. bytes, .. bytes]);
        Assert.Equal(0, CliHarness.Run("md", "msd", gz, "--timestep-fs", "2", "--json").ExitCode);
    }

    /// <summary>Ions that never move along z (frozen atoms, a 2D conductor) used to crash the GLS fit ("Matrix must be
    /// positive definite": the covariance floor underflowed to 0); now D_z = 0.</summary>
    [Fact]
    public void NoMotionAlongOneAxis_FitsWithoutCrash()
    {
        using var tmp = new TempDir();
        var f = tmp.File("XDATCAR");
        File.WriteAllText(f, SmallXdatcar(200));
        var r = CliHarness.Run("md", "msd", f, "--timestep-fs", "2", "--json");
        Assert.Equal(0, r.ExitCode);
        var j = r.Json();
        Assert.Equal(0.0, (double)j["directional"]!["z"]!["diffusivity_cm2_per_s"]!);
        Assert.True((double)j["directional"]!["x"]!["diffusivity_cm2_per_s"]! > 0);
    }

    /// <summary>An absent --reference-species used to give exit 0 and an all-null G_d.</summary>
    [Fact]
    public void VanHove_AbsentReferenceSpecies_Fails()
    {
        using var tmp = new TempDir();
        var f = tmp.File("XDATCAR");
        File.WriteAllText(f, SmallXdatcar(20));
        var r = CliHarness.Run("md", "vanhove", f, "--timestep-fs", "2", "--reference-species", "Xe", "--origins", "2", "--lag-step", "2", "--json");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("no atoms of Xe", r.Stderr);
        Assert.Contains(f, r.Stderr);
        // 10⁸ radial points used to end in an internal OutOfMemoryException; infinite T / zero charge were accepted
        var huge = CliHarness.Run("md", "vanhove", f, "--timestep-fs", "2", "--ngrid", "100000000", "--origins", "2", "--json");
        Assert.Equal(1, huge.ExitCode);
        Assert.Contains("too many", huge.Stderr);
        Assert.Equal(1, CliHarness.Run("md", "msd", f, "--timestep-fs", "2", "--temperature-k", "Infinity", "--json").ExitCode);
        Assert.Equal(1, CliHarness.Run("md", "msd", f, "--timestep-fs", "2", "--charge", "0", "--temperature-k", "600", "--json").ExitCode);
    }

    /// <summary>A JSON that is not a DiffusionAnalyzer used to surface .NET's "The given key was not present" text.</summary>
    [Fact]
    public void PymatgenJson_WrongShape_SaysWhatIsNeeded()
    {
        using var tmp = new TempDir();
        foreach (var text in new[] { "{}", "{\"structure\": {\"lattice\": {\"matrix\": [[1, 0]]}}}" })
        {
            var f = tmp.File("x.json");
            File.WriteAllText(f, text);
            var r = CliHarness.Run("md", "msd", f, "--json");
            Assert.Equal(1, r.ExitCode);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("it needs structure.lattice.matrix", r.Stderr);
        }
    }

    /// <summary>--skip-frames used to print "0 frames read" once per skipped frame and glue the error to it; analysis
    /// errors now name the file.</summary>
    [Fact]
    public void SkipAllFrames_OneLineNamingTheFile()
    {
        using var tmp = new TempDir();
        var f = tmp.File("XDATCAR");
        File.WriteAllText(f, SmallXdatcar(1500));
        var r = CliHarness.Run("md", "msd", f, "--timestep-fs", "2", "--skip-frames", "1499", "--json");
        Assert.Equal(1, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\r')[^1]).ToArray();
        Assert.DoesNotContain(" 0 frames read", r.Stderr);
        Assert.StartsWith("error: " + f + ": the trajectory has 1 usable frame", lines[^1]);
        Assert.True(lines.Length <= 2); // the progress line (1000 frames read) and the error
    }
}

public class MdArrheniusTests
{
    /// <summary>Known Ea across temperatures is recovered within the reported uncertainty (synthetic walks, p = ν Δt exp(−Ea/kBT)).</summary>
    [Fact]
    public void SyntheticWalks_RecoverEa()
    {
        const double ea = 0.30, nuDt = 10; // attempt frequency 1e13 Hz, frame interval 1 ps
        var points = new List<MdTemperaturePoint>();
        foreach (var t in new[] { 600.0, 800, 1000, 1200 })
        {
            var o = new LatticeWalkOptions { Frames = 500, Supercell = 2, FrameIntervalFs = 1000, Seed = (int)t,
                HopProbability = LatticeWalkOptions.ArrheniusHopProbability(1e13, ea, t, 1000) };
            var set = DisplacementCollector.Collect(LatticeWalkGenerator.Generate(o), ["Li"]);
            var r = MdAnalysis.Run(set, new MdOptions { TimestepFs = 1000, TemperatureK = t });
            Assert.InRange(r.Tracer.DCm2PerS, o.TrueDCm2PerS - 4 * r.Tracer.DStdErrCm2PerS, o.TrueDCm2PerS + 4 * r.Tracer.DStdErrCm2PerS);
            points.Add(MdArrhenius.Point(r, $"{t} K"));
        }
        var (s, fit) = MdArrhenius.Fit(points, 1);
        Assert.InRange(s.EaEV, ea - 3 * s.EaStdErrEV, ea + 3 * s.EaStdErrEV);
        Assert.True(s.EaStdErrEV < 0.05);
        double trueD300 = nuDt * Math.Exp(-ea / (PhysicalConstants.BoltzmannEVPerK * 300)) * Math.Pow(5.458 / 2, 2) / (6 * 1000) * 0.1;
        Assert.InRange(trueD300, s.D300KCi95Cm2PerS[0], s.D300KCi95Cm2PerS[1]);
        Assert.True(s.Extrapolated);
    }
}
