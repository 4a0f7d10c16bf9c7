using Nitrolyte.Formats.Structures;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Diffraction.Refinement;

public class XrdCliTests
{
    private static string Simulate(TempDir t, string structure, string name, params string[] extra)
    {
        var path = t.File(name);
        var r = CliHarness.Run(["xrd", "simulate", structure, "--output", path, .. extra]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    }

    [Fact]
    public void Refine_json_contract_cif_with_su_and_html()
    {
        using var t = new TempDir();
        var pat = Simulate(t, "Li9N2Cl3", "p.xye", "--wavelength", "CuKa", "--two-theta", "15,110,0.03", "--scale", "0.05", "--background", "300,-30", "--zero", "0.02", "--biso", "Li1=1.5,X1=0.8", "--seed", "4");
        Assert.StartsWith("# GENERATED", File.ReadAllText(pat));
        var r = CliHarness.Run("xrd", "refine", pat, "--structure", "Li9N2Cl3", "--wavelength", "CuKa", "--refine-occupancy", "Li1", "--background-terms", "3", "--cif", t.File("out.cif"), "--html", t.File("out.html"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.InRange(j["rwp"]!.GetValue<double>(), 0.01, 0.1);
        Assert.InRange(j["chi_square"]!.GetValue<double>(), 0.8, 1.3);
        Assert.Equal(0.02, j["zero_shift_deg"]!.GetValue<double>(), 2);
        var ph = j["phases"]![0]!;
        var lat = ph["lattice"]!;
        Assert.Equal(5.3506, lat["a_angstrom"]!.GetValue<double>(), 4);
        Assert.True(lat["a_stderr_angstrom"]!.GetValue<double>() > 0);
        Assert.Equal(lat["a_angstrom"]!.GetValue<double>(), lat["c_angstrom"]!.GetValue<double>(), 12);
        Assert.NotNull(lat["c_stderr_angstrom"]);
        Assert.Equal(1.0, ph["weight_fraction"]!.GetValue<double>(), 9);
        var li = ph["occupancies"]!.AsArray().Single(o => o!["site"]!.GetValue<string>() == "Li1")!;
        Assert.Equal(0.86, li["value"]!.GetValue<double>(), 1);
        Assert.True(Math.Abs(li["value"]!.GetValue<double>() - 0.86) < 4 * li["stderr"]!.GetValue<double>());
        // the refined CIF reads back, with the refined cell
        var cif = File.ReadAllText(t.File("out.cif"));
        Assert.Matches(@"_cell_length_a\s+5\.350\d+\(\d+\)", cif);
        var back = CifReader.Read(t.File("out.cif"));
        Assert.Equal(lat["a_angstrom"]!.GetValue<double>(), back.Lattice.A, 5);
        Assert.Contains("obs − calc", File.ReadAllText(t.File("out.html")));
    }

    [Fact]
    public void Refine_lebail_and_usage_errors()
    {
        using var t = new TempDir();
        var pat = Simulate(t, "Li2S", "p.xye", "--wavelength", "CuKa1", "--two-theta", "20,100,0.04", "--scale", "0.5", "--seed", "3");
        var r = CliHarness.Run("xrd", "refine", pat, "--structure", "Li2S", "--mode", "lebail", "--background-terms", "3", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal("lebail", r.Json()["mode"]!.GetValue<string>());
        Assert.Equal(5.719, r.Json()["phases"]![0]!["lattice"]!["a_angstrom"]!.GetValue<double>(), 4);
        // a file without a wavelength: usage error naming --wavelength
        File.WriteAllLines(t.File("bare.xy"), File.ReadAllLines(pat).Where(l => !l.StartsWith('#')));
        var e = CliHarness.Run("xrd", "refine", t.File("bare.xy"), "--structure", "Li2S");
        Assert.Equal(2, e.ExitCode);
        Assert.Contains("--wavelength", e.Stderr);
        Assert.Equal(2, CliHarness.Run("xrd", "refine", pat, "--structure", "Li2S", "--mode", "pawleyx").ExitCode);
        var bad = CliHarness.Run("xrd", "refine", pat, "--structure", "Li2S", "--refine-occupancy", "Q7");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("Q7", bad.Stderr);
    }

    [Fact]
    public void Identify_ranks_the_phases_of_a_mixture_and_reports_unexplained_peaks()
    {
        using var t = new TempDir();
        var a = Simulate(t, "Li2S", "a.xye", "--wavelength", "CuKa1", "--two-theta", "15,90,0.02", "--scale", "0.3", "--background", "100", "--seed", "1");
        var b = Simulate(t, "LiCl", "b.xye", "--wavelength", "CuKa1", "--two-theta", "15,90,0.02", "--scale", "0.2", "--background", "0.001", "--seed", "2");
        // mixture file: sum of the two simulated patterns
        var la = File.ReadAllLines(a).Where(l => !l.StartsWith('#')).ToArray();
        var lb = File.ReadAllLines(b).Where(l => !l.StartsWith('#')).ToArray();
        var mix = la.Zip(lb, (x, y) => { var p = x.Split(' '); var q = y.Split(' '); return $"{p[0]} {double.Parse(p[1]) + double.Parse(q[1])}"; });
        File.WriteAllLines(t.File("mix.xy"), ["# wavelength = 1.54056", .. mix]);
        var r = CliHarness.Run("xrd", "identify", t.File("mix.xy"), "--candidates", "Li2S", "LiCl", "Li2O", "alpha-Li3N", "beta-Li3N", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var m = r.Json()["matches"]!.AsArray();
        var top2 = m.Take(2).Select(x => x!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Li2S", "LiCl"], top2);
        Assert.True(m[0]!["accepted"]!.GetValue<bool>() && m[1]!["accepted"]!.GetValue<bool>());
        Assert.True(m[0]!["score"]!.GetValue<double>() >= m[2]!["score"]!.GetValue<double>());
        Assert.Empty(r.Json()["unexplained_peaks_deg"]!.AsArray());
        // without LiCl among the candidates its peaks are unexplained
        var r2 = CliHarness.Run("xrd", "identify", t.File("mix.xy"), "--candidates", "Li2S", "Li2O", "--json");
        Assert.Equal("Li2S", r2.Json()["matches"]![0]!["name"]!.GetValue<string>());
        var un = r2.Json()["unexplained_peaks_deg"]!.AsArray().Select(x => x!.GetValue<double>()).ToList();
        Assert.NotEmpty(un);
        // LiCl (200) at 2θ = 2 asin(λ / (2 · 5.1295/2)) = 34.95°
        Assert.Contains(un, x => Math.Abs(x - 34.95) < 0.1);
    }
}
