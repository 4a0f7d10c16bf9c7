using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.CellDesign;

public class CellCliTests
{
    private static readonly string[] IssueStack =
    [
        "--areal-capacity-mah-cm2", "10", "--cathode", "NCM811", "--active-fraction", "0.7", "--np", "1",
        "--al-um", "8", "--cu-um", "4", "--cu-density-g-cm3", "8.9",
    ];

    [Fact]
    public void EnergyJsonContract()
    {
        var r = CliHarness.Run(["cell", "energy", .. IssueStack, "--layer", "Li3InCl6:100", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(355.0, Math.Round(j["gravimetric_wh_per_kg"]!.GetValue<double>(), 1));
        Assert.True(j["volumetric_wh_per_l"]!.GetValue<double>() > 0);
        Assert.Equal(25.9, j["mass_mg_per_cm2"]!["electrolyte_1"]!.GetValue<double>(), 9);
        Assert.Equal(2.16, j["mass_mg_per_cm2"]!["al_collector"]!.GetValue<double>(), 9);
        Assert.Equal(100, j["thickness_um"]!["electrolyte_1"]!.GetValue<double>(), 9);
        Assert.NotNull(j["thickness_um"]!["total"]);
    }

    [Fact]
    public void EnergyWithDensityAndTwoLayers()
    {
        var r = CliHarness.Run(["cell", "energy", .. IssueStack, "--layer", "2.59:50", "--layer", "Li3N:50", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var m = r.Json()["mass_mg_per_cm2"]!;
        Assert.Equal(12.95, m["electrolyte_1"]!.GetValue<double>(), 9);
        Assert.Equal(6.35, m["electrolyte_2"]!.GetValue<double>(), 9);
        var human = CliHarness.Run(["cell", "energy", .. IssueStack, "--layer", "Li3N:100"]);
        Assert.Contains("405.7 Wh/kg", human.Stdout);
    }

    [Fact]
    public void CriticalJsonContract()
    {
        var r = CliHarness.Run(["cell", "critical", "--target-wh-per-kg", "350", "--solve", "layer-thickness", .. IssueStack, "--layer", "Li3InCl6:100", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(105.8, Math.Round(j["value"]!.GetValue<double>(), 1));
        Assert.Equal("um", j["unit"]!.ToString());
        var li3n = CliHarness.Run(["cell", "critical", "--target-wh-per-kg", "350", "--solve", "layer-thickness", .. IssueStack, "--layer", "Li3N:100", "--json"]);
        Assert.Equal(215.8, Math.Round(li3n.Json()["value"]!.GetValue<double>(), 1));
        var q = CliHarness.Run(["cell", "critical", "--target-wh-per-kg", "350", "--solve", "areal-capacity", .. IssueStack, "--layer", "Li3N:100", "--json"]);
        Assert.Equal("mAh/cm2", q.Json()["unit"]!.ToString());
        var none = CliHarness.Run(["cell", "critical", "--target-wh-per-kg", "2000", "--solve", "layer-thickness", .. IssueStack, "--layer", "Li3N:100", "--json"]);
        Assert.Equal(0, none.ExitCode);
        Assert.Null(none.Json()["value"]);
        Assert.False(none.Json()["found"]!.GetValue<bool>());
    }

    [Fact]
    public void PolarisationJsonContract()
    {
        var r = CliHarness.Run("cell", "polarisation", "--layer", "4.3e-5:50:LNC", "--layer", "4.78e-4:450:LHC", "--layer", "4.3e-5:50:LNC",
            "--area-cm2", "0.785", "--current-density-ma-cm2", "10", "--areal-capacity-mah-cm2", "4", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.InRange(j["resistance_ohm"]!.GetValue<double>(), 400, 430);
        Assert.InRange(j["layers"]![0]!["resistance_ohm"]!.GetValue<double>(), 140, 160);
        Assert.Equal(j["asr_ohm_cm2"]!.GetValue<double>() * 0.010, j["overpotential_v"]!.GetValue<double>(), 12);
        Assert.NotNull(j["minimum_charge_time_min"]);
        Assert.NotNull(j["required_conductivity"]);
    }

    [Theory]
    [InlineData("cell", "energy", "--layer", "Li3N")]                  // no thickness
    [InlineData("cell", "energy", "--layer", "Unobtainium:50")]        // unknown material
    [InlineData("cell", "energy", "--layer", "Li3N:-5")]
    [InlineData("cell", "energy", "--active-fraction", "1.5", "--layer", "Li3N:50")]
    [InlineData("cell", "energy", "--cathode", "XYZ", "--layer", "Li3N:50")]
    [InlineData("cell", "critical", "--solve", "layer-thickness", "--layer", "Li3N:50")] // no target
    [InlineData("cell", "critical", "--solve", "banana", "--target-wh-per-kg", "350", "--layer", "Li3N:50")]
    [InlineData("cell", "polarisation", "--layer", "abc:50", "--current-density-ma-cm2", "1")]
    [InlineData("cell", "polarisation", "--layer", "1e-3:50")]        // no current
    public void UsageErrorsAreOneLineExit2(params string[] args)
    {
        var r = CliHarness.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void MaterialsAndSweep()
    {
        var m = CliHarness.Run("cell", "materials", "--json");
        Assert.True(m.ExitCode == 0, m.Stderr);
        Assert.Contains(m.Json()["electrolytes"]!.AsArray(), x => x!["name"]!.ToString() == "Li3N");
        var s = CliHarness.Run(["cell", "sweep", .. IssueStack, "--layer", "Li3N:100", "--vary", "layer-thickness", "--from", "0", "--to", "200", "--points", "5", "--json"]);
        Assert.True(s.ExitCode == 0, s.Stderr);
        var arr = s.Json()["gravimetric_wh_per_kg"]!.AsArray();
        Assert.Equal(5, arr.Count);
        Assert.Equal(405.7, Math.Round(arr[2]!.GetValue<double>(), 1));
    }
}
