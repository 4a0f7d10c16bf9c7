using Nitrolyte.Core;
using Nitrolyte.Tests.Support;

namespace Nitrolyte.Tests.Nmr;

public class NmrEvaluateTests
{
    [Fact]
    public void DemoReportComparesEisAndNmrActivationEnergies()
    {
        // examples/li9n2cl3: 7Li R1(T) generated with a low-T flank Ea of 0.13 eV (seed 002) below the rate peak,
        // impedance spectra generated with Ea = 0.378 eV
        using var tmp = new TempDir();
        var r = CliHarness.Run("evaluate", Path.Combine(RepositoryPaths.RepositoryRoot!, "examples", "li9n2cl3"), "--out", tmp.Path, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = r.Json()["analyses"]!;
        Assert.Equal("low_t", a["nmr"]!["measured_flank"]!.ToString());
        double low = a["nmr"]!["ea_low_t_ev"]!.GetValue<double>(), se = a["nmr"]!["ea_low_t_stderr_ev"]!.GetValue<double>();
        Assert.InRange(0.13, low - 3 * se, low + 3 * se);
        var rows = a["ea-comparison"]!["rows"]!.AsArray();
        Assert.Contains(rows, x => x!["technique"]!.ToString() == "EIS" && Math.Abs(x["ea_ev"]!.GetValue<double>() - 0.378) < 0.03);
        Assert.Contains(rows, x => x!["technique"]!.ToString() == "NMR" && x["what"]!.ToString().Contains("low-T flank"));
        // the high-T flank is not measured (the peak lies above the data), so it is not put in the comparison
        Assert.DoesNotContain(rows, x => x!["what"]!.ToString().Contains("high-T flank ("));
        Assert.InRange(a["ea-comparison"]!["li_density_per_cm3"]!.GetValue<double>(), 4.4e22, 4.6e22); // 6.88 Li per 153.2 Å³
        Assert.Contains("Diffusivity from impedance, MD and NMR", File.ReadAllText(r.Json()["report_html"]!.ToString()));
    }
}
