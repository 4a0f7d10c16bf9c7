using System.Text.Json.Nodes;
using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Reports;

/// <summary>
/// The JSON contracts the mappers in Reports/Json took over from serialisation attributes on domain records (issue 15):
/// the exact keys, in order, of `arrhenius --json`, the conductivity of `eis fit --json` and `md arrhenius --json`
/// (recorded from the CLI before the move), and `eis series`'s Arrhenius fits now in the one Arrhenius shape.
/// </summary>
public class JsonMapperContractTests
{
    private static string Example(string path) => Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", path);

    private static readonly string[] ArrheniusKeys =
        ["ea_ev", "ea_stderr_ev", "log10_prefactor", "log10_prefactor_stderr", "prefactor_unit", "sigma_25c_s_per_cm", "sigma_25c_ci95_s_per_cm",
         "sigma_25c_extrapolated", "r_squared", "n_points", "t_min_k", "t_max_k", "form"];

    private static List<string> Keys(JsonNode? n) => n!.AsObject().Select(kv => kv.Key).ToList();

    [Fact]
    public void ArrheniusKeepsItsKeysAndOrder()
    {
        var r = CliHarness.Run("arrhenius", Example("li2nh/hot_pressed_sigma_t.csv"), "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal([.. ArrheniusKeys, "columns", "assumptions"], Keys(r.Json()));
    }

    [Fact]
    public void EisFitConductivityKeepsItsKeysAndOrder()
    {
        var r = CliHarness.Run("eis", "fit", Example("li9n2cl3/pellet_25C.csv"), "--circuit", "R0-p(R1,CPE1)-CPE2", "--thickness-mm", "1", "--diameter-mm", "10", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var c = r.Json()["conductivity"];
        Assert.Equal(["total_s_per_cm", "total_stderr_s_per_cm", "bulk_s_per_cm", "bulk_stderr_s_per_cm", "grain_boundary_s_per_cm", "grain_boundary_stderr_s_per_cm",
            "r_bulk_ohm", "r_grain_boundary_ohm", "r_interface_ohm", "asr_ohm_cm2", "thickness_cm", "area_cm2", "relative_density", "cell", "arcs", "notes"], Keys(c));
        Assert.Equal(["block", "resistor", "r_ohm", "r_stderr_ohm", "c_eff_f", "f_apex_hz", "role"], Keys(c!["arcs"]![0]));
        Assert.Equal(0.1, (double)c["thickness_cm"]!, 12);
    }

    [Fact]
    public void EisSeriesArrheniusIsTheOneArrheniusShape()
    {
        var files = new[] { "25", "45", "65", "85" }.Select(t => Example($"li9n2cl3/pellet_{t}C.csv")).ToArray();
        var r = CliHarness.Run(["eis", "series", .. files, "--circuit", "R0-p(R1,CPE1)-CPE2", "--temperatures-from-names", "--thickness-mm", "1", "--diameter-mm", "10", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var total = r.Json()["arrhenius"]!["total"];
        Assert.Equal(ArrheniusKeys, Keys(total));
        Assert.False((bool)total!["sigma_25c_extrapolated"]!); // 25 °C is inside the measured 25-85 °C
        Assert.Equal(298.15, (double)total["t_min_k"]!, 6);
        Assert.Equal(358.15, (double)total["t_max_k"]!, 6);
    }

    [Fact]
    public void MdArrheniusKeepsItsKeysAndOrder()
    {
        var t = new[] { "600", "800", "1000" };
        var r = CliHarness.Run(["md", "arrhenius", .. t.Select(k => Example($"li2.5n0.5s0.5/md/XDATCAR_{k}K.gz")), "--temperatures-k", string.Join(',', t),
            "--species", "Li", "--timestep-fs", "2", "--stride", "50", "--json"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var j = r.Json();
        Assert.Equal(["ea_ev", "ea_stderr_ev", "sigma_300k_s_per_cm", "sigma_300k_ci95_s_per_cm", "d_300k_cm2_per_s", "d_300k_ci95_cm2_per_s", "log10_d0_cm2_per_s",
            "log10_d0_stderr", "fitted_quantity", "n_temperatures", "t_min_k", "t_max_k", "extrapolated", "simulated", "points"], Keys(j));
        Assert.Equal(["temperature_k", "d_cm2_per_s", "d_stderr_cm2_per_s", "sigma_s_per_cm", "sigma_stderr_s_per_cm", "ions", "volume_a3", "label"], Keys(j["points"]![0]));
        Assert.True((bool)j["extrapolated"]!); // 300 K lies below the simulated 600-1000 K
    }
}
