using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Electrochemistry;

/// <summary>The electrochemistry evaluate steps on the bundled examples (generated data with known answers).</summary>
public class EvaluateStepsTests
{
    private static string Examples => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples");

    [Fact]
    public void Li9N2Cl3DcCcdAndFullCell()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, "li9n2cl3"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = r.Json()["analyses"]!.AsObject();
        Assert.Equal(1.7e-9, a["dc_polarisation"]!["electronic_conductivity_s_per_cm"]!.GetValue<double>(), 0.05e-9);
        Assert.Equal(10, a["symmetric_cycling"]!["ccd_ma_per_cm2"]!.GetValue<double>(), 1e-6);
        Assert.Equal("soft_short", a["symmetric_cycling"]!["events"]![0]!["type"]!.ToString());
        Assert.Equal(0.893, a["full_cell"]!["initial_coulombic_efficiency"]!.GetValue<double>(), 0.001);
        var html = File.ReadAllText(Path.Combine(tmp.Path, "report.html"));
        foreach (var title in new[] { "Current relaxation", "Voltage profile", "Current-density staircase", "Overpotential per half cycle", "Capacity and coulombic efficiency" })
            Assert.Contains(title, html);
        var score = r.Json()["scorecard"]!.AsArray();
        Assert.Contains(score, s => s!["target"]!.ToString() == "Critical current density" && s["status"]!.ToString() is "fail" or "Fail");
    }

    [Fact]
    public void Li2NhDcCvAndStripping()
    {
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(Examples, "li2nh"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = r.Json()["analyses"]!.AsObject();
        var dc = a["dc_polarisation"]!;
        Assert.Equal(1.2e-9, dc["electronic_conductivity_s_per_cm"]!.GetValue<double>(), 0.02e-9);
        Assert.Equal(0.998, dc["t_ion"]!.GetValue<double>(), 0.0005);
        Assert.Equal(4.48, dc["tau_s"]!.GetValue<double>(), 0.05);
        Assert.Equal(16, a["cv"]!["cycles"]!.AsArray().Count);
        Assert.True(a["cv"]!["stripping_growth"]!["two_regimes"]!.GetValue<bool>());
        Assert.Empty(a["symmetric_cycling"]!["events"]!.AsArray());
        Assert.True(a["symmetric_cycling"]!["ccd_is_lower_bound"]!.GetValue<bool>());
    }
}
